"""The pipeline's own time per article, without the model call.

A 5 KB article goes through ``summarize_article`` with a backend whose "call" parses a canned
ChatCompletion JSON (so no network and no model): instructor's parse and validation, quote
alignment and grounding, provenance, then ``to_markdown``. Each stage is also timed on its own.
Then the same article through the real ``RemoteBackend`` against an in-process fault server with
zero latency, which adds the openai SDK, httpx and the loopback round trip.

    python benchmarks/bench_overhead.py [--runs 200]

Prints a Markdown table of median and p95 milliseconds; nothing is asserted.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from openai.types.chat import ChatCompletion  # noqa: E402

from summarizer import Summarizer, resolve_settings, to_markdown  # noqa: E402
from summarizer.alignment import Aligner  # noqa: E402
from summarizer.articles import Article  # noqa: E402
from summarizer.backends.base import Backend  # noqa: E402
from summarizer.grounding import ground  # noqa: E402
from summarizer.pipeline import _outline, summarize_article  # noqa: E402
from summarizer.prompts import load_prompt  # noqa: E402
from summarizer.schema.draft import ReportDraft  # noqa: E402
from tests.factories import ARTICLE, draft_dict  # noqa: E402
from tests.faultserver import running  # noqa: E402

FILLER = (
    "Residents said the road south of the town stayed closed for a second day while aid "
    "convoys waited at the checkpoint, and local officials gave no figure for those displaced."
)


def article_5kb() -> Article:
    """About 5,000 characters: the factory article first, then plausible filler paragraphs."""
    paragraphs = [ARTICLE]
    number = 0
    while sum(len(p) + 2 for p in paragraphs) < 5000:
        number += 1
        paragraphs.append(f"{FILLER} Report {number}.")
    return Article(name="five-kb.txt", text="\n\n".join(paragraphs))


CANNED = json.dumps(
    {
        "id": "chatcmpl-canned",
        "object": "chat.completion",
        "created": 0,
        "model": "canned",
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": json.dumps(draft_dict())},
                "finish_reason": "stop",
            }
        ],
        "usage": {"prompt_tokens": 1500, "completion_tokens": 700, "total_tokens": 2200},
    }
)


class CannedBackend(Backend):
    """A backend whose call parses the same ChatCompletion JSON every time."""

    kind = "canned"

    def _complete(self, **request: Any) -> ChatCompletion:
        return ChatCompletion.model_validate_json(CANNED)


def timed(runs: int, step: Callable[[], object]) -> list[float]:
    for _ in range(10):
        step()
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        step()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def row(name: str, samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * len(ordered)) - 1)]
    return f"| {name} | {statistics.median(samples):.2f} | {p95:.2f} | {len(samples)} |"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=200)
    args = parser.parse_args()
    article = article_5kb()
    settings = resolve_settings(
        base_url="http://unused.invalid/v1", api_key="sk-bench", structured="grammar"
    )
    backend = CannedBackend(settings)
    messages = load_prompt(settings.prompt).render(
        schema=_outline(ReportDraft), article=article.text
    )
    draft = backend.extract(messages, ReportDraft).value
    report = summarize_article(article, backend, settings)

    print(f"## Pipeline overhead per article ({len(article.text)} characters), no model call\n")
    print("| stage | median ms | p95 ms | runs |")
    print("|---|---:|---:|---:|")
    print(
        row(
            "whole: summarize_article + to_markdown",
            timed(args.runs, lambda: to_markdown(summarize_article(article, backend, settings))),
        )
    )
    print(
        row(
            "prompt render",
            timed(
                args.runs,
                lambda: load_prompt(settings.prompt).render(
                    schema=_outline(ReportDraft), article=article.text
                ),
            ),
        )
    )
    print(
        row(
            "parse ChatCompletion + instructor validate",
            timed(args.runs, lambda: backend.extract(messages, ReportDraft)),
        )
    )
    print(
        row("align quotes + ground", timed(args.runs, lambda: ground(draft, Aligner(article.text))))
    )
    print(row("render markdown", timed(args.runs, lambda: to_markdown(report))))
    print(row("report JSON dump", timed(args.runs, lambda: report.model_dump_json(indent=2))))
    with running() as server:
        remote = Summarizer(
            base_url=server.url, api_key="sk-bench", structured="grammar", timeout_s=10.0
        )
        print(
            row(
                "whole, through openai SDK + loopback HTTP (0 ms server)",
                timed(args.runs, lambda: remote.summarize(article)),
            )
        )
    print()


if __name__ == "__main__":
    main()
