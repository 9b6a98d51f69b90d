"""What llama.cpp's extra buffer types cost or buy on this CPU, per llama-cpp-python build.

For each Python interpreter given (each with its own llama-cpp-python build, e.g. the default
native build and one built without AMX) and each setting of extra buffers (on, off), a child
process loads the packaged model and measures, with llama.cpp's own counters:

- prompt ingestion of a founding article's text (tokens/s);
- free generation of 96 tokens (tokens/s);
- generation constrained by a small JSON-schema grammar (tokens/s).

A child that dies (the AMX kernels on some virtual machines) is reported as crashed, with the
signal. Prints the CPU's AVX/AMX flags and a Markdown table; nothing is asserted.

    python benchmarks/bench_cpu.py [--python OTHER_VENV/bin/python ...]
"""

from __future__ import annotations

import argparse
import json
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = ROOT / "evals" / "founding" / "articles" / "000_8f4ebbc12f5d0d6b.txt"
GENERATE = 96
SCHEMA = {
    "type": "object",
    "properties": {
        "actors": {"type": "array", "items": {"type": "string"}, "maxItems": 12},
        "places": {"type": "array", "items": {"type": "string"}, "maxItems": 12},
    },
    "required": ["actors", "places"],
}


def child(mode: str) -> None:
    """Measure one setting in this process and print one JSON line."""
    import llama_cpp

    from summarizer.backends.cpuguard import library_fingerprint, load_llama
    from summarizer.backends.modelfile import ensure_model

    llm = load_llama(
        ensure_model(None, None), extra_buffers=mode == "on", n_ctx=4096, n_threads=2, verbose=False
    )
    text = ARTICLE.read_text(encoding="utf-8")
    llm.reset()  # type: ignore[no-untyped-call]
    llama_cpp.llama_perf_context_reset(llm.ctx)
    llm.create_completion(text, max_tokens=1, temperature=0.0)
    data = llama_cpp.llama_perf_context(llm.ctx)
    prompt = data.n_p_eval / (data.t_p_eval_ms / 1000)
    result = {"build": library_fingerprint(), "prompt_tps": prompt}
    for name, extra in (("free_tps", {}), ("grammar_tps", {"response_format": SCHEMA})):
        messages: list[Any] = [
            {"role": "user", "content": "List the armed groups and places in this text.\n" + text}
        ]
        llm.reset()  # type: ignore[no-untyped-call]
        llama_cpp.llama_perf_context_reset(llm.ctx)
        started = time.perf_counter()
        if extra:
            llm.create_chat_completion(
                messages,
                max_tokens=GENERATE,
                temperature=0.0,
                response_format={"type": "json_object", "schema": SCHEMA},
            )
        else:
            llm.create_chat_completion(messages, max_tokens=GENERATE, temperature=0.0)
        wall = time.perf_counter() - started
        data = llama_cpp.llama_perf_context(llm.ctx)
        generating = wall - data.t_p_eval_ms / 1000
        result[name] = data.n_eval / generating if generating > 0 else 0.0
    print(json.dumps(result), flush=True)


def measure(python: str, mode: str) -> dict[str, object]:
    """Run one child; its JSON line, or how it died."""
    done = subprocess.run(
        [python, __file__, "--child", mode], capture_output=True, text=True, check=False
    )
    if done.returncode < 0:
        return {"crashed": signal.Signals(-done.returncode).name}
    if done.returncode != 0:
        return {"crashed": f"exit {done.returncode}: {done.stderr.strip()[-160:]}"}
    parsed: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return parsed


def cpu_summary() -> str:
    from summarizer.backends.cpuguard import cpu_flags

    flags = sorted(f for f in cpu_flags() if f.startswith(("avx", "amx")))
    return " ".join(flags) or "no AVX/AMX flags listed"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--python", action="append", default=[], help="another interpreter")
    parser.add_argument("--child", choices=("on", "off"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child)
        return
    print(f"CPU flags: {cpu_summary()}\n")
    print("| interpreter | extra buffers | prompt tok/s | free gen tok/s | grammar gen tok/s |")
    print("|---|---|---:|---:|---:|")
    for python in [sys.executable, *args.python]:
        for mode in ("off", "on"):
            row = measure(python, mode)
            if "crashed" in row:
                print(f"| {python} | {mode} | crashed: {row['crashed']} | | |", flush=True)
                continue
            print(
                f"| {python} | {mode} | {row['prompt_tps']:.1f} | {row['free_tps']:.1f} "
                f"| {row['grammar_tps']:.1f} |",
                flush=True,
            )


if __name__ == "__main__":
    main()
