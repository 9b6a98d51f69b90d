"""How far two careful labellings of one article agree: the ceiling a model's scores can reach.

Every ``evals/<dataset>/second/NAME.json`` is a second, independent gold labelling of
``articles/NAME``. It is scored against the first (``gold/NAME.json``) exactly as the eval
scores a model: the second labelling is grounded in the article like a prediction, paired with
the first by the eval's matcher, and pooled over the files by the eval's scorer. Prints one
Markdown table per dataset; nothing is asserted.

    python benchmarks/human_ceiling.py [--evals DIR]
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from pathlib import Path

from summarizer.articles import Article, from_path
from summarizer.evals.dataset import GoldReport, load_gold
from summarizer.evals.gold import report_from_gold
from summarizer.evals.matching import SECTIONS
from summarizer.evals.scores import ArticleScore, DatasetScore
from summarizer.evals.scoring import score_dataset, score_report

ROOT = Path(__file__).resolve().parent.parent
EVALS = ROOT / "evals"
SECOND = "second"
ARTICLE_SUFFIXES = (".txt", ".md", ".html", ".htm")


@dataclass(frozen=True)
class Relabelled:
    """One article with its first and second labelling."""

    name: str
    article: Article
    first: GoldReport
    second: GoldReport


def _article_path(dataset: Path, name: str) -> Path:
    """The article a labelling belongs to, whatever its suffix."""
    for suffix in ARTICLE_SUFFIXES:
        path = dataset / "articles" / f"{name}{suffix}"
        if path.is_file():
            return path
    raise FileNotFoundError(f"{dataset / 'articles'}: no article named {name}")


def relabelled(dataset: Path) -> list[Relabelled]:
    """Every article of ``dataset`` that has a second labelling, in name order."""
    return [
        Relabelled(
            name=path.stem,
            article=from_path(_article_path(dataset, path.stem)),
            first=load_gold(dataset / "gold" / path.name),
            second=load_gold(path),
        )
        for path in sorted((dataset / SECOND).glob("*.json"))
    ]


def datasets(evals: Path = EVALS) -> list[Path]:
    """Every dataset under ``evals`` that holds a ``second/`` folder with a labelling in it."""
    return [d for d in sorted(evals.iterdir()) if any((d / SECOND).glob("*.json"))]


def score_labelling(
    predicted: GoldReport, gold: GoldReport, article: Article, name: str
) -> ArticleScore:
    """One labelling scored against another as the eval scores a model's report: grounded in
    the article first, then matched and counted."""
    return score_report(report_from_gold(predicted, article), gold, name=name)


def score_relabelled(cases: list[Relabelled]) -> DatasetScore:
    """The second labellings against the first, pooled over the files like an eval run."""
    return score_dataset([score_labelling(c.second, c.first, c.article, c.name) for c in cases])


def render_table(total: DatasetScore) -> str:
    """A Markdown table: each section's pooled counts and rates, then micro and macro rows."""
    lines = [
        "| section | first | second | tp | fp | fn | P | R | F1 | macro F1 |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for section in SECTIONS:
        s = total.sections[section]
        lines.append(
            f"| {section} | {s.tp + s.fn} | {s.tp + s.fp} | {s.tp} | {s.fp} | {s.fn} "
            f"| {s.precision:.2f} | {s.recall:.2f} | {s.f1:.2f} | {s.macro_f1:.2f} |"
        )
    for label, rates in (("micro", total.micro), ("macro", total.macro)):
        lines.append(
            f"| **{label}** | | | | | | {rates.precision:.2f} | {rates.recall:.2f} "
            f"| {rates.f1:.2f} | |"
        )
    return "\n".join(lines)


def report(evals: Path = EVALS) -> str:
    """The table of every dataset with second labellings, each headed by its name and files."""
    parts = []
    for dataset in datasets(evals):
        cases = relabelled(dataset)
        names = ", ".join(c.name for c in cases)
        parts.append(f"{dataset.name} ({len(cases)} articles: {names})\n\n")
        parts[-1] += render_table(score_relabelled(cases))
    return "\n\n".join(parts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--evals", type=Path, default=EVALS, help="folder of eval datasets")
    args = parser.parse_args()
    print(report(args.evals))


if __name__ == "__main__":
    main()
