"""Time per stage and prefix-cache hits of the staged pipeline on the embedded model, and wall
time per article against the one-call path on the same loaded model.

For each article: the staged pipeline's stages (calls, prompt tokens, how many of them the
key/value cache served, generated tokens, seconds), then, with ``--compare``, the one-call
path's wall time. Prints Markdown tables and the medians; nothing is asserted.

    python benchmarks/bench_staged.py [--compare] [ARTICLE ...]
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from summarizer import resolve_settings
from summarizer.articles import from_path
from summarizer.backends.local import LocalBackend
from summarizer.pipeline import summarize_article
from summarizer.staged import extract_staged

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = sorted((ROOT / "evals" / "founding" / "articles").glob("*.txt"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("articles", nargs="*", type=Path, default=ARTICLES)
    parser.add_argument("--compare", action="store_true", help="also time the one-call path")
    args = parser.parse_args()
    staged_settings = resolve_settings(strategy="staged", env={})
    backend = LocalBackend(staged_settings)
    print(f"extra buffers: {backend.verdict.extra_buffers} ({backend.verdict.reason})\n")
    print("| article | stage | calls | prompt tokens | from cache | generated | seconds |")
    print("|---|---|---:|---:|---:|---:|---:|")
    staged_times: list[float] = []
    for path in args.articles:
        text = from_path(path).text
        started = time.perf_counter()
        result = extract_staged(text, backend)
        staged_times.append(time.perf_counter() - started)
        for stage in result.stages:
            cached = "?" if stage.reused_tokens is None else str(stage.reused_tokens)
            print(
                f"| {path.stem[:3]} | {stage.stage} | {stage.calls} | {stage.prompt_tokens} "
                f"| {cached} | {stage.completion_tokens} | {stage.seconds:.1f} |",
                flush=True,
            )
        print(f"| {path.stem[:3]} | **all** | | | | | {staged_times[-1]:.1f} |", flush=True)
    print(f"\nstaged: median {statistics.median(staged_times):.1f} s per article")
    if not args.compare:
        return
    single = resolve_settings(strategy="single", env={})
    backend.settings = single
    single_times = []
    for path in args.articles:
        started = time.perf_counter()
        summarize_article(from_path(path), backend, single)
        single_times.append(time.perf_counter() - started)
        print(f"single {path.stem[:3]}: {single_times[-1]:.1f} s", flush=True)
    print(f"single: median {statistics.median(single_times):.1f} s per article")


if __name__ == "__main__":
    main()
