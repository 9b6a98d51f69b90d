"""Benchmark the embedded default against bare llama-cpp-python on the founding articles.

For each article: the summarizer's local path (wall time, prompt and generated tokens, generation
speed, re-asks included), then the same first prompt and grammar sent straight to
``Llama.create_chat_completion`` on the same loaded model, and the ratio of generation speeds.
Peak RSS is the process's high-water mark after each article.

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
from summarizer.backends.local import LocalBackend
from summarizer.models import ReportDraft
from summarizer.pipeline import _outline
from summarizer.prompts import load_prompt
from summarizer.sources import from_path

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Timing:
    prompt_tokens: int = 0
    prompt_s: float = 0.0
    generated: int = 0
    generate_s: float = 0.0

    @property
    def speed(self) -> float:
        return self.generated / self.generate_s if self.generate_s else 0.0


def perf(llm: llama_cpp.Llama) -> Timing:
    """llama.cpp's own counters since the last reset."""
    data = llama_cpp.llama_perf_context(llm.ctx)
    return Timing(data.n_p_eval, data.t_p_eval_ms / 1000, data.n_eval, data.t_eval_ms / 1000)


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
    rows = []
    for path in articles:
        article = from_path(path)
        reset(llm)
        started = time.perf_counter()
        report = summarizer.summarize(article)
        wall = time.perf_counter() - started
        ours = perf(llm)

        messages = load_prompt(settings.prompt).render(
            schema=_outline(ReportDraft), article=article.text
        )
        schema = ReportDraft.model_json_schema()
        llm.reset()  # drop the prompt cache so the bare call pays for its prompt too
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
        bare = perf(llm)
        g = report.grounding
        rows.append(
            f"| {path.stem[:3]} | {wall:.1f} | {ours.prompt_tokens} | {ours.generated} | "
            f"{ours.speed:.1f} | {report.provenance.attempts} | {g.grounded}/{g.items} | "
            f"{bare_wall:.1f} | {bare.generated} | {bare.speed:.1f} | "
            f"{ours.speed / bare.speed if bare.speed else 0:.2f} | {peak_rss_gb():.2f} |"
        )
        print(rows[-1], file=sys.stderr)
    print(
        "| article | wall s | prompt tok | generated tok | gen tok/s | calls | grounded | "
        "bare wall s | bare generated | bare gen tok/s | speed ratio | peak RSS GB |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    print("\n".join(rows))


if __name__ == "__main__":
    main()
