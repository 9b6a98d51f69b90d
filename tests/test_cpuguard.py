"""The CPU guard: the local model never runs kernels this CPU cannot run.

The decision logic is tested with a stand-in probe on any machine; the loading tests use the
real packaged model, so "loaded with the parameters the probe chose" is checked on the object
llama-cpp-python built, not on a mock.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from summarizer.backends import cpuguard
from summarizer.backends.cpuguard import ProbeOutcome, Verdict, cpu_flags, decide, risky_flags
from summarizer.config import resolve_settings
from summarizer.errors import ConfigurationError, ModelUnavailableError

AMX_CPU = frozenset({"sse4_2", "avx2", "avx512f", "amx_tile", "amx_int8", "amx_bf16"})
AVX2_CPU = frozenset({"sse4_2", "avx", "avx2", "fma"})
needs_llama = pytest.mark.skipif(
    importlib.util.find_spec("llama_cpp") is None,
    reason="needs the local extra: pip install -e '.[local]'",
)


class Probe:
    """A stand-in probe child: answers from a table and records what it was asked."""

    def __init__(self, *, on: bool, off: bool = True) -> None:
        self.answers = {True: on, False: off}
        self.calls: list[bool] = []

    def __call__(self, model_path: Path, extra_buffers: bool, threads: int) -> ProbeOutcome:
        self.calls.append(extra_buffers)
        ok = self.answers[extra_buffers]
        return ProbeOutcome(ok, "ok" if ok else "killed by SIGILL")


def run_decide(tmp_path: Path, probe: Probe, flags: frozenset[str], build: str = "b1") -> Verdict:
    return decide(
        "auto",
        model_path=tmp_path / "model.gguf",
        cache_dir=tmp_path / "cache",
        threads=2,
        flags=flags,
        fingerprint=lambda: build,
        run_probe=probe,
    )


def test_cpu_flags_are_read_from_cpuinfo(tmp_path: Path) -> None:
    info = tmp_path / "cpuinfo"
    info.write_text("processor\t: 0\nflags\t\t: fpu avx2 amx_tile amx_int8\n\nprocessor\t: 1\n")
    assert cpu_flags(info) == {"fpu", "avx2", "amx_tile", "amx_int8"}
    assert risky_flags(cpu_flags(info)) == ["amx_int8", "amx_tile"]
    assert cpu_flags(tmp_path / "missing") == frozenset()


def test_a_cpu_without_amx_keeps_extra_buffers_and_never_probes(tmp_path: Path) -> None:
    probe = Probe(on=False)
    verdict = run_decide(tmp_path, probe, AVX2_CPU)
    assert verdict.extra_buffers is True
    assert probe.calls == []


def test_an_amx_cpu_whose_probe_crashes_loads_without_extra_buffers(tmp_path: Path) -> None:
    probe = Probe(on=False)
    verdict = run_decide(tmp_path, probe, AMX_CPU)
    assert verdict == Verdict(False, "extra-buffer kernels crashed a probe (killed by SIGILL)")
    assert probe.calls == [True, False], "the safe path is checked too"


def test_an_amx_cpu_whose_probe_runs_keeps_extra_buffers(tmp_path: Path) -> None:
    probe = Probe(on=True)
    assert run_decide(tmp_path, probe, AMX_CPU).extra_buffers is True
    assert probe.calls == [True]


def test_the_verdict_is_cached_per_build_and_cpu(tmp_path: Path) -> None:
    probe = Probe(on=False)
    run_decide(tmp_path, probe, AMX_CPU)
    again = run_decide(tmp_path, probe, AMX_CPU)
    assert again.extra_buffers is False and again.reason.endswith("(cached)")
    assert probe.calls == [True, False], "no second probe for the same build and CPU"
    run_decide(tmp_path, probe, AMX_CPU, build="rebuilt")
    run_decide(tmp_path, probe, AMX_CPU | {"amx_fp16"})
    assert probe.calls == [True, False] * 3, "a rebuild or another CPU probes again"


def test_a_cpu_that_cannot_run_the_model_at_all_says_so_in_one_line(tmp_path: Path) -> None:
    with pytest.raises(ModelUnavailableError) as caught:
        run_decide(tmp_path, Probe(on=False, off=False), AMX_CPU)
    message = str(caught.value)
    assert "cannot run on this CPU" in message and "--base-url" in message
    assert "\n" not in message


@pytest.mark.parametrize(("setting", "expected"), [("on", True), ("off", False)])
def test_the_setting_forces_either_way_without_probing(
    tmp_path: Path, setting: str, expected: bool
) -> None:
    probe = Probe(on=not expected, off=expected)
    settings = resolve_settings(extra_buffers=setting, env={})
    verdict = decide(
        settings.extra_buffers,
        model_path=tmp_path / "m.gguf",
        cache_dir=tmp_path,
        threads=2,
        flags=AMX_CPU,
        fingerprint=lambda: "b",
        run_probe=probe,
    )
    assert verdict.extra_buffers is expected
    assert probe.calls == []


def test_the_setting_comes_from_the_environment_and_is_checked() -> None:
    assert resolve_settings(env={"SUMMARIZER_EXTRA_BUFFERS": "off"}).extra_buffers == "off"
    assert resolve_settings(env={}).extra_buffers == "auto"
    with pytest.raises(ConfigurationError, match="--extra-buffers fast"):
        resolve_settings(extra_buffers="fast", env={})


@needs_llama
@pytest.mark.usefixtures("user_cache")
@pytest.mark.parametrize("extra_buffers", [True, False])
def test_the_model_is_loaded_with_the_chosen_parameter(extra_buffers: bool) -> None:
    from summarizer.backends.modelfile import ensure_model

    llm = cpuguard.load_llama(
        ensure_model(None, None), extra_buffers=extra_buffers, vocab_only=True, verbose=False
    )
    assert bool(llm.model_params.use_extra_bufts) is extra_buffers


@needs_llama
@pytest.mark.usefixtures("user_cache")
def test_the_backend_avoids_the_amx_path_whenever_the_cpu_advertises_it(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """On any machine: an AMX CPU whose probe crashes gets a model without extra buffers."""
    from summarizer.backends.local import LocalBackend
    from summarizer.backends.modelfile import ensure_model

    model = ensure_model(None, None)
    probe = Probe(on=False)
    monkeypatch.setattr(cpuguard, "cpu_flags", lambda: AMX_CPU)
    monkeypatch.setattr(cpuguard, "run_probe_child", probe)
    settings = resolve_settings(model_path=model, env={}, cache_dir=tmp_path, context_tokens=512)
    backend = LocalBackend(settings)
    assert probe.calls == [True, False]
    assert backend.verdict.extra_buffers is False
    assert bool(backend.llm.model_params.use_extra_bufts) is False


@needs_llama
@pytest.mark.usefixtures("user_cache")
def test_the_probe_child_runs_the_model_on_the_safe_path() -> None:
    from summarizer.backends.modelfile import ensure_model

    outcome = cpuguard.run_probe_child(ensure_model(None, None), False, 2)
    assert outcome == ProbeOutcome(True, "ok")
