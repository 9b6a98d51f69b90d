"""The local model's default thread count: physical cores this process may use."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from summarizer.backends.local import default_threads


def _cpuinfo(cores: list[tuple[int, int]]) -> str:
    """One block per logical CPU, as Linux writes it: (physical id, core id) per processor."""
    return "\n\n".join(
        f"processor\t: {n}\nmodel name\t: test\nphysical id\t: {package}\ncore id\t\t: {core}"
        for n, (package, core) in enumerate(cores)
    )


@pytest.mark.parametrize(
    ("cores", "usable", "expected"),
    [
        ([(0, 0), (0, 1), (0, 0), (0, 1)], {0, 1, 2, 3}, 2),  # two cores, hyper-threaded
        ([(0, 0), (0, 1), (0, 0), (0, 1)], {0, 2}, 1),  # pinned to both threads of one core
        ([(0, 0), (0, 1), (1, 0), (1, 1)], {0, 1, 2, 3}, 4),  # two sockets, same core ids
        ([(0, n) for n in range(12)], set(range(12)), 8),  # capped
    ],
)
def test_threads_count_physical_cores_of_the_affinity(
    cores: list[tuple[int, int]],
    usable: set[int],
    expected: int,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    cpuinfo = tmp_path / "cpuinfo"
    cpuinfo.write_text(_cpuinfo(cores) + "\n", encoding="utf-8")
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: usable, raising=False)
    assert default_threads(cpuinfo) == expected


def test_without_cpuinfo_the_usable_cpus_count(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1, 2}, raising=False)
    assert default_threads(tmp_path / "absent") == 3
