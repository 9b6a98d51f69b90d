"""Assembling the local model from its parts, on small stand-in parts."""

from __future__ import annotations

import hashlib
import importlib.util
from pathlib import Path

import pytest

from summarizer.backends import modelfile
from summarizer.errors import ModelUnavailableError


@pytest.fixture
def fake_parts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[bytes]:
    chunks = [bytes([i]) * (3 * 1024 + i) for i in range(1, 4)]
    paths = []
    for i, chunk in enumerate(chunks, 1):
        path = tmp_path / "parts" / f"part{i:02d}.bin"
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(chunk)
        paths.append(path)
    whole = b"".join(chunks)
    monkeypatch.setattr(modelfile, "part_paths", lambda: paths)
    monkeypatch.setattr(modelfile, "MODEL_BYTES", len(whole))
    monkeypatch.setattr(modelfile, "MODEL_SHA256", hashlib.sha256(whole).hexdigest())
    monkeypatch.setattr(modelfile, "_CHUNK", 1000)
    return chunks


def test_parts_are_streamed_in_order_verified_and_renamed(
    tmp_path: Path, fake_parts: list[bytes]
) -> None:
    seen: list[tuple[int, int]] = []
    path = modelfile.ensure_model(tmp_path / "cache", progress=lambda d, t: seen.append((d, t)))
    assert path.read_bytes() == b"".join(fake_parts)
    assert [p.name for p in path.parent.iterdir()] == [path.name]
    assert seen[-1] == (len(b"".join(fake_parts)),) * 2
    assert len(seen) > len(fake_parts), "progress is reported while streaming"


def test_second_call_reuses_the_file(tmp_path: Path, fake_parts: list[bytes]) -> None:
    first = modelfile.ensure_model(tmp_path)
    stamp = first.stat().st_mtime_ns
    assert modelfile.ensure_model(tmp_path).stat().st_mtime_ns == stamp


def test_corrupt_parts_leave_no_model_file(
    tmp_path: Path, fake_parts: list[bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(modelfile, "MODEL_SHA256", "0" * 64)
    with pytest.raises(ModelUnavailableError, match="fails verification"):
        modelfile.ensure_model(tmp_path / "cache")
    assert list((tmp_path / "cache").iterdir()) == []


def test_interrupted_assembly_leaves_no_model_file(tmp_path: Path, fake_parts: list[bytes]) -> None:
    def interrupt(done: int, total: int) -> None:
        if done > total // 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        modelfile.ensure_model(tmp_path / "cache", progress=interrupt)
    assert list((tmp_path / "cache").iterdir()) == []


def test_missing_parts_say_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None)
    with pytest.raises(ModelUnavailableError, match=r"22 of 22 missing.*pip install"):
        modelfile.part_paths()
