"""Benchmark the embedded default against bare llama-cpp-python on the founding articles.

For each article: the summarizer's local path (wall time, calls and tokens with re-asks
included, and the report call's own prompt evaluation and generation speed), then the same report
prompt and grammar sent straight to ``Llama.create_chat_completion`` on the same loaded model with
its prompt cache dropped, and the ratio of the two generation speeds. The summarizer's prompt
cost is lower from the second article on, because its instruction prefix stays cached. Peak RSS
is the process's high-water mark.

    python benchmarks/bench_local.py [ARTICLE...]

Prints a Markdown table; numbers are measured, nothing is asserted.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import llama_cpp

from summarizer import Summarizer, resolve_settings
from summarizer.articles import from_path
from summarizer.backends.local import LocalBackend
from summarizer.pipeline import _outline
from summarizer.prompts import load_prompt
from summarizer.schema.draft import ReportDraft

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Timing:
    """Prompt and generation, split by llama.cpp's own prompt counters.

    Generation time is wall time minus prompt-evaluation time, so it includes sampling under
    the grammar and everything the wrapper does between tokens: the cost a user pays.
    """

    wall_s: float
    prompt_tokens: int
    prompt_s: float
    generated: int

    @property
    def speed(self) -> float:
        generating = self.wall_s - self.prompt_s
        return self.generated / generating if generating > 0 else 0.0


def perf(llm: llama_cpp.Llama, wall_s: float) -> Timing:
    """llama.cpp's counters since the last reset, with the wall time they took."""
    data = llama_cpp.llama_perf_context(llm.ctx)
    return Timing(wall_s, data.n_p_eval, data.t_p_eval_ms / 1000, data.n_eval)


def reset(llm: llama_cpp.Llama) -> None:
    llama_cpp.llama_perf_context_reset(llm.ctx)


def peak_rss_gb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("articles", nargs="*", type=Path)
    args = parser.parse_args()
    articles = args.articles or sorted((ROOT / "evals" / "founding" / "articles").glob("*.txt"))
    settings = resolve_settings()
    started = time.perf_counter()
    backend = LocalBackend(settings)
    print(f"model loaded in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    summarizer = Summarizer(settings, backend=backend)
    llm = backend.llm
    calls: list[Timing] = []
    complete = backend._complete

    def timed(**request: object) -> object:
        reset(llm)
        began = time.perf_counter()
        try:
            return complete(**request)
        finally:
            calls.append(perf(llm, time.perf_counter() - began))

    backend._complete = timed  # type: ignore[method-assign,assignment]
    rows = []
    for path in articles:
        article = from_path(path)
        calls.clear()
        started = time.perf_counter()
        report = summarizer.summarize(article)
        wall = time.perf_counter() - started
        ours = calls[0]  # the report call; quote re-asks use a smaller grammar

        messages = load_prompt(settings.prompt).render(
            schema=_outline(ReportDraft), article=article.text
        )
        schema = ReportDraft.model_json_schema()
        llm.reset()  # type: ignore[no-untyped-call]  # the bare call pays for its prompt too
        reset(llm)
        started = time.perf_counter()
        llm.create_chat_completion(
            messages=messages,  # type: ignore[arg-type]
            response_format={"type": "json_object", "schema": schema},
            temperature=settings.temperature,
            seed=settings.seed,
            max_tokens=settings.max_tokens,
            repeat_penalty=settings.repeat_penalty,
        )
        bare_wall = time.perf_counter() - started
        bare = perf(llm, bare_wall)
        g = report.grounding
        usage = report.provenance.usage
        rows.append(
            f"| {path.stem[:3]} | {wall:.1f} | {report.provenance.attempts} | "
            f"{usage.prompt_tokens} | {usage.completion_tokens} | {g.grounded}/{g.items} | "
            f"{ours.prompt_tokens} | {ours.generated} | {ours.speed:.1f} | "
            f"{bare.prompt_tokens} | {bare.generated} | {bare.speed:.1f} | "
            f"{ours.speed / bare.speed if bare.speed else 0:.2f} | {peak_rss_gb():.2f} |"
        )
        print(rows[-1], file=sys.stderr)
    print(
        "| article | wall s | calls | prompt tok | completion tok | grounded | "
        "report call: prompt tok evaluated | generated | gen tok/s | "
        "bare: prompt tok evaluated | generated | gen tok/s | speed ratio | peak RSS GB |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    print("\n".join(rows))


if __name__ == "__main__":
    main()
