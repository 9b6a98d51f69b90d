"""The dev eval set: loads, spans several conflicts, and its gold is grounded in its articles."""

from __future__ import annotations

import json
from functools import cache
from typing import Any

import pytest

from summarizer.alignment import Aligner
from summarizer.evals.dataset import Example, GoldReport, load_dataset
from summarizer.evals.gold import gold_reports
from summarizer.evals.matching import SECTIONS
from summarizer.evals.scoring import score_report

from .conftest import ROOT

DEV = ROOT / "evals" / "dev"
INDEX_FIELDS = {"id", "conflict", "event", "date", "reported_by"}
QUOTED = ("events", "control_changes", "claims", "uncertainties")


def index() -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = json.loads((DEV / "index.json").read_text(encoding="utf-8"))
    return entries


def stems() -> list[str]:
    return sorted(p.stem for p in (DEV / "gold").glob("*.json"))


@cache
def dataset() -> tuple[Example, ...]:
    return tuple(load_dataset(DEV))


def example(stem: str) -> Example:
    return next(e for e in dataset() if e.name == stem)


def names(gold: GoldReport) -> list[str]:
    """Every actor, alias, person and place name the gold says is written in the article."""
    actors = [n for a in gold.actors for n in (a.name, *a.aliases)]
    return [*actors, *(p.name for p in gold.people), *(p.name for p in gold.places)]


def test_the_dataset_loads_at_least_ten_examples() -> None:
    examples = load_dataset(DEV)
    assert len(examples) >= 10
    assert [e.name for e in examples] == stems()


def test_the_index_lists_every_example_once_with_its_source() -> None:
    entries = index()
    assert sorted(e["id"] for e in entries) == stems()
    for entry in entries:
        assert set(entry) == INDEX_FIELDS, entry["id"]
        assert entry["reported_by"] and all(isinstance(r, str) for r in entry["reported_by"])
        assert len(entry["date"]) == 10 and entry["date"][4] == "-", entry["id"]


def test_the_examples_cover_at_least_four_conflicts() -> None:
    conflicts = {e["conflict"] for e in index()}
    assert len(conflicts) >= 4
    assert not any("syria" in c.casefold() for c in conflicts)


@pytest.mark.parametrize("stem", stems())
def test_every_gold_quote_resolves_exactly(stem: str) -> None:
    case = example(stem)
    aligner = Aligner(case.article.text)
    for section in QUOTED:
        for item in getattr(case.gold, section):
            for quote in item.quotes:
                assert aligner.align(quote).status == "exact", f"{item.id}: {quote}"


@pytest.mark.parametrize("stem", stems())
def test_every_gold_name_is_written_in_the_article(stem: str) -> None:
    case = example(stem)
    missing = [n for n in names(case.gold) if n not in case.article.text]
    assert missing == []


@pytest.mark.parametrize("stem", stems())
def test_gold_against_itself_scores_one(stem: str) -> None:
    gold = example(stem).gold
    score = score_report(gold, gold, name=stem)
    for section in SECTIONS:
        s = score.sections[section]
        assert (s.tp, s.fp, s.fn) == (len(getattr(gold, section)), 0, 0), section
    assert score.micro.f1 == score.macro.f1 == 1.0


def test_every_gold_grounds_fully_through_the_program() -> None:
    for report in gold_reports(DEV):
        grounding = report.grounding
        assert grounding.ungrounded_ids == [], report.document.name
        assert grounding.grounded == grounding.items > 0
        assert set(grounding.by_status) == {"exact"}, report.document.name


def test_the_readme_counts_match_the_gold() -> None:
    readme = (DEV / "README.md").read_text(encoding="utf-8")
    table = readme.split("## Gold items", 1)[1].split("\n## ", 1)[0]
    for case in dataset():
        counts = " / ".join(str(len(getattr(case.gold, s))) for s in SECTIONS)
        row = next(line for line in table.splitlines() if line.startswith(f"| {case.name[:3]} |"))
        assert row.rstrip(" |").endswith(counts), row


def test_the_index_dates_are_event_dates_not_publication_dates() -> None:
    published = {e.name: e.gold.source.published for e in dataset()}
    for entry in index():
        assert published[entry["id"]] is not None
        assert entry["date"] <= str(published[entry["id"]]), entry["id"]
