"""Never run llama.cpp kernels this CPU cannot run.

llama-cpp-python compiles llama.cpp for the CPU it was built on. Where the CPU advertises AMX
(``amx_tile`` in /proc/cpuinfo), the AMX kernels are compiled in and llama.cpp uses them for the
weights' "extra buffer types"; on some virtual machines the first tile instruction on a worker
thread kills the whole process (SIGILL or a general protection fault), which no Python code can
catch. Loading with ``use_extra_bufts = False`` avoids those kernels, at a cost: it also turns
off the repacked AVX2/AVX-512 kernels (see the README's measured table).

The decision, made once per machine and build:

- ``on`` / ``off`` (setting ``extra_buffers``, env ``SUMMARIZER_EXTRA_BUFFERS``, flag
  ``--extra-buffers``) force it;
- ``auto``: a CPU that lists no AMX flag keeps extra buffers on; otherwise a child process loads
  the model with extra buffers on and runs a short prompt. A crash there is survivable: the
  verdict is then "off", tried the same way. The verdict is cached in the user's cache, keyed by
  the llama.cpp library file and the CPU flags, so a rebuild or another CPU probes again.
"""

from __future__ import annotations

import hashlib
import json
import logging
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from threading import Lock
from typing import TYPE_CHECKING, Any

from ..config import ExtraBuffers
from ..errors import ModelUnavailableError
from ..output import write_atomic

if TYPE_CHECKING:
    from llama_cpp import Llama

log = logging.getLogger(__name__)

RISKY_FLAG_PREFIX = "amx"
VERDICT_FILE = "cpu-verdicts.json"
PROBE_TIMEOUT_S = 300.0
_LOAD_LOCK = Lock()

ProbeRunner = Callable[[Path, bool, int], "ProbeOutcome"]


@dataclass(frozen=True)
class ProbeOutcome:
    """How one probe child ended."""

    ok: bool
    detail: str


@dataclass(frozen=True)
class Verdict:
    """Whether to load with extra buffer types, and the one-line reason."""

    extra_buffers: bool
    reason: str


def cpu_flags(cpuinfo: Path = Path("/proc/cpuinfo")) -> frozenset[str]:
    """The first processor's feature flags; empty where /proc/cpuinfo has none (not Linux x86)."""
    try:
        text = cpuinfo.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return frozenset()
    for line in text.splitlines():
        key, _, value = line.partition(":")
        if key.strip() in ("flags", "Features"):
            return frozenset(value.split())
    return frozenset()


def risky_flags(flags: frozenset[str]) -> list[str]:
    """The advertised flags whose kernels have killed processes on some machines."""
    return sorted(flag for flag in flags if flag.startswith(RISKY_FLAG_PREFIX))


def library_fingerprint() -> str:
    """Identifies the llama.cpp build: package version plus the CPU library's size and mtime."""
    import llama_cpp

    lib_dir = Path(llama_cpp.__file__).parent / "lib"
    parts = [str(getattr(llama_cpp, "__version__", "?"))]
    for lib in sorted(lib_dir.glob("libggml-cpu*")) + sorted(lib_dir.glob("libllama*")):
        stat = lib.stat()
        parts.append(f"{lib.name}:{stat.st_size}:{stat.st_mtime_ns}")
    return "|".join(parts)


def verdict_key(fingerprint: str, flags: frozenset[str]) -> str:
    """The cache key of a verdict: the build and the CPU."""
    text = fingerprint + "\n" + " ".join(sorted(flags))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:24]


def decide(
    setting: ExtraBuffers,
    *,
    model_path: Path,
    cache_dir: Path,
    threads: int,
    flags: frozenset[str] | None = None,
    fingerprint: Callable[[], str] = library_fingerprint,
    run_probe: ProbeRunner | None = None,
) -> Verdict:
    """Whether the local model may use extra buffer types here; probes at most once per build."""
    if setting == "on":
        return Verdict(True, "extra buffers forced on")
    if setting == "off":
        return Verdict(False, "extra buffers forced off")
    flags = cpu_flags() if flags is None else flags
    risky = risky_flags(flags)
    if not risky:
        return Verdict(True, "the CPU lists no AMX flag")
    key = verdict_key(fingerprint(), flags)
    store = cache_dir / VERDICT_FILE
    cached = _read_verdicts(store).get(key)
    if cached is not None:
        return Verdict(bool(cached["extra_buffers"]), str(cached["reason"]) + " (cached)")
    probe = run_probe or run_probe_child
    log.warning(
        "this CPU lists %s: checking once, in a child process, that the model's fast kernels "
        "run here",
        ", ".join(risky),
    )
    first = probe(model_path, True, threads)
    if first.ok:
        verdict = Verdict(True, f"a probe ran the extra-buffer kernels ({', '.join(risky)})")
    else:
        second = probe(model_path, False, threads)
        if not second.ok:
            raise ModelUnavailableError(
                f"the local model cannot run on this CPU ({second.detail}); use --base-url with "
                "a remote or llama.cpp server endpoint"
            )
        verdict = Verdict(False, f"extra-buffer kernels crashed a probe ({first.detail})")
    log.warning("local model: %s", verdict.reason)
    _write_verdict(store, key, verdict)
    return verdict


def run_probe_child(model_path: Path, extra_buffers: bool, threads: int) -> ProbeOutcome:
    """Load the model in a child process and run a short prompt; report how the child ended."""
    command = [
        sys.executable,
        "-m",
        "summarizer.backends.probe",
        str(model_path),
        "on" if extra_buffers else "off",
        str(threads),
    ]
    try:
        done = subprocess.run(
            command, capture_output=True, text=True, timeout=PROBE_TIMEOUT_S, check=False
        )
    except subprocess.TimeoutExpired:
        return ProbeOutcome(False, f"no answer in {PROBE_TIMEOUT_S:.0f} s")
    if done.returncode == 0 and done.stdout.strip().endswith("ok"):
        return ProbeOutcome(True, "ok")
    if done.returncode < 0:
        name = signal.Signals(-done.returncode).name
        return ProbeOutcome(False, f"killed by {name}")
    last = (done.stderr.strip().splitlines() or ["no output"])[-1]
    return ProbeOutcome(False, f"exit {done.returncode}: {last[:200]}")


@contextmanager
def extra_buffer_params(extra_buffers: bool) -> Iterator[None]:
    """llama-cpp-python builds its model parameters inside ``Llama()``; set the one it lacks."""
    from llama_cpp import llama_cpp as lib

    original = lib.llama_model_default_params

    def params() -> Any:
        value = original()
        value.use_extra_bufts = extra_buffers
        return value

    with _LOAD_LOCK:
        lib.llama_model_default_params = params
        try:
            yield
        finally:
            lib.llama_model_default_params = original


def load_llama(model_path: Path, *, extra_buffers: bool, **options: Any) -> Llama:
    """A ``Llama`` whose model parameters say whether to use extra buffer types."""
    from llama_cpp import Llama

    with extra_buffer_params(extra_buffers):
        llm = Llama(model_path=str(model_path), **options)
    if bool(llm.model_params.use_extra_bufts) != extra_buffers:
        raise ModelUnavailableError("llama-cpp-python ignored the extra buffer types setting")
    return llm


def _read_verdicts(store: Path) -> dict[str, dict[str, Any]]:
    try:
        data = json.loads(store.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _write_verdict(store: Path, key: str, verdict: Verdict) -> None:
    verdicts = _read_verdicts(store)
    verdicts[key] = {"extra_buffers": verdict.extra_buffers, "reason": verdict.reason}
    write_atomic(store, json.dumps(verdicts, indent=2, sort_keys=True))
