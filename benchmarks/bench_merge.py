"""Benchmark ``build_picture`` on 100 to 1,000 synthetic reports.

Each synthetic report is one of the five founding gold reports (grounded by the program) under a
new document name, with its actor, place and person names perturbed the way transliterations
differ (al-/Al-/no article, doubled or single letters, e/a and o/u vowels, case) and, for one
name in ten, made into a new party ("Free Syrian Army 17") so the number of entities grows too.

    python benchmarks/bench_merge.py [SIZE...]

Prints a Markdown table: seconds per size (best of three), milliseconds per report, and the
growth factor of time against the growth of size (1.0 is linear). Nothing is asserted.
"""

from __future__ import annotations

import argparse
import random
import time
from pathlib import Path
from typing import Any

from summarizer.evals.gold import gold_reports
from summarizer.picture import build_picture
from summarizer.schema.report import SituationReport

ROOT = Path(__file__).resolve().parent.parent
SIZES = (100, 200, 500, 1000)
SWAPS = (("e", "a"), ("a", "e"), ("o", "u"), ("ou", "u"), ("u", "ou"), ("i", "ee"))


def perturb(name: str, rng: random.Random, serial: int) -> str:
    """A spelling of ``name`` another article might use, or now and then another party."""
    words = name.split()
    if words and words[0].lower() in {"al", "al-", "a-"}:
        words = words[1:] or words
    elif rng.random() < 0.3 and len(words) > 1:
        words[-1] = rng.choice(("al-", "Al ", "a-")) + words[-1]
    text = " ".join(words)
    old, new = rng.choice(SWAPS)
    if old in text[1:]:
        text = text[0] + text[1:].replace(old, new, 1)
    if rng.random() < 0.3:
        at = rng.randrange(1, max(2, len(text)))
        if text[at - 1].isalpha():
            text = text[:at] + text[at - 1] + text[at:]
    if rng.random() < 0.2:
        text = text.lower()
    if rng.random() < 0.1:
        text = f"{text} {serial}"
    return text


def variant(report: SituationReport, serial: int, rng: random.Random) -> SituationReport:
    """A copy of ``report`` under a new name with perturbed entity names."""
    update: dict[str, Any] = {}
    for section in ("actors", "places", "people"):
        items = []
        for item in getattr(report, section):
            changes: dict[str, Any] = {"name": perturb(item.name, rng, serial)[:60]}
            if hasattr(item, "aliases"):
                changes["aliases"] = [perturb(a, rng, serial)[:60] for a in item.aliases]
            items.append(item.model_copy(update=changes))
        update[section] = items
    stem = Path(report.document.name).stem
    document = report.document.model_copy(update={"name": f"synthetic/{serial:04d}_{stem}.txt"})
    return report.model_copy(update={**update, "document": document})


def synthetic(base: list[SituationReport], size: int, seed: int = 7) -> list[SituationReport]:
    """``size`` perturbed copies of the base reports, reproducibly."""
    rng = random.Random(seed)
    return [variant(base[n % len(base)], n, rng) for n in range(size)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=list(SIZES))
    args = parser.parse_args()
    base = gold_reports(ROOT / "evals" / "founding")
    print("| reports | seconds | ms/report | growth (time/size) | actors | places | conflicts |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    previous: tuple[int, float] | None = None
    for size in args.sizes:
        reports = synthetic(base, size)
        best = float("inf")
        for _ in range(3):
            started = time.perf_counter()
            picture = build_picture(reports)
            best = min(best, time.perf_counter() - started)
        growth = "" if previous is None else f"{(best / previous[1]) / (size / previous[0]):.2f}"
        print(
            f"| {size} | {best:.2f} | {1000 * best / size:.2f} | {growth} | "
            f"{len(picture.actors)} | {len(picture.places)} | {len(picture.conflicts)} |"
        )
        previous = (size, best)


if __name__ == "__main__":
    main()
