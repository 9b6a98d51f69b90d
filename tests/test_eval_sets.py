"""The dev, dev2 and holdout eval sets: each loads, spans several conflicts, and its gold is
grounded in its articles; the holdout shares no conflict with any other set."""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from summarizer.alignment import Aligner
from summarizer.evals.dataset import Example, GoldReport, load_dataset
from summarizer.evals.gold import gold_reports
from summarizer.evals.matching import SECTIONS
from summarizer.evals.scoring import score_report

from .conftest import ROOT

SETS = ("dev", "dev2", "holdout")
HOLDOUT = "holdout"
INDEX_FIELDS = {"id", "conflict", "event", "date", "reported_by"}
QUOTED = ("events", "control_changes", "claims", "uncertainties")


def folder(name: str) -> Path:
    return ROOT / "evals" / name


def index(name: str) -> list[dict[str, Any]]:
    text = (folder(name) / "index.json").read_text(encoding="utf-8")
    entries: list[dict[str, Any]] = json.loads(text)
    return entries


def stems(name: str) -> list[str]:
    return sorted(p.stem for p in (folder(name) / "gold").glob("*.json"))


def cases() -> list[tuple[str, str]]:
    return [(name, stem) for name in SETS for stem in stems(name)]


@cache
def dataset(name: str) -> tuple[Example, ...]:
    return tuple(load_dataset(folder(name)))


def example(name: str, stem: str) -> Example:
    return next(e for e in dataset(name) if e.name == stem)


def names(gold: GoldReport) -> list[str]:
    """Every actor, alias, person and place name the gold says is written in the article."""
    actors = [n for a in gold.actors for n in (a.name, *a.aliases)]
    return [*actors, *(p.name for p in gold.people), *(p.name for p in gold.places)]


@pytest.mark.parametrize(("name", "least"), [("dev", 10), ("dev2", 6), ("holdout", 6)])
def test_the_dataset_loads_its_examples(name: str, least: int) -> None:
    examples = load_dataset(folder(name))
    assert len(examples) >= least
    assert [e.name for e in examples] == stems(name)


@pytest.mark.parametrize("name", SETS)
def test_the_index_lists_every_example_once_with_its_source(name: str) -> None:
    entries = index(name)
    assert sorted(e["id"] for e in entries) == stems(name)
    for entry in entries:
        assert set(entry) == INDEX_FIELDS, entry["id"]
        assert entry["reported_by"] and all(isinstance(r, str) for r in entry["reported_by"])
        assert len(entry["date"]) == 10 and entry["date"][4] == "-", entry["id"]


@pytest.mark.parametrize("name", SETS)
def test_the_examples_cover_at_least_four_conflicts_none_of_them_syria(name: str) -> None:
    conflicts = {e["conflict"] for e in index(name)}
    assert len(conflicts) >= 4
    assert not any("syria" in c.casefold() for c in conflicts)


def test_no_conflict_is_in_the_holdout_and_another_set() -> None:
    """The founding set is all Syria; the dev sets list their conflicts in their indexes."""
    held = {e["conflict"] for e in index(HOLDOUT)}
    for name in SETS:
        if name != HOLDOUT:
            assert held.isdisjoint({e["conflict"] for e in index(name)}), name
    assert not any("syria" in c.casefold() for c in held)


GENERIC = {"war", "civil", "insurgency", "conflict", "crisis", "battle", "second", "offensive"}
GENERIC |= {"jihadist", "the", "of", "in", "against", "and"}


def words(conflict: str) -> set[str]:
    """The distinctive words of a conflict's label: places, peoples, parties."""
    tokens = re.findall(r"[a-z][a-z0-9]*", conflict.casefold())
    return {t for t in tokens if t not in GENERIC}


def test_no_holdout_conflict_shares_a_name_with_another_set() -> None:
    """Labels differ in wording, so the check is on distinctive words too (Syria: founding)."""
    taken = {"syria", "syrian"}
    for name in SETS:
        if name != HOLDOUT:
            taken |= {w for e in index(name) for w in words(e["conflict"])}
    for entry in index(HOLDOUT):
        assert words(entry["conflict"]).isdisjoint(taken), entry["id"]


def test_no_conflict_is_in_both_dev_sets() -> None:
    assert {e["conflict"] for e in index("dev")}.isdisjoint({e["conflict"] for e in index("dev2")})


@pytest.mark.parametrize(("name", "stem"), cases())
def test_every_gold_quote_resolves_exactly(name: str, stem: str) -> None:
    case = example(name, stem)
    aligner = Aligner(case.article.text)
    for section in QUOTED:
        for item in getattr(case.gold, section):
            for quote in item.quotes:
                assert aligner.align(quote).status == "exact", f"{item.id}: {quote}"


@pytest.mark.parametrize(("name", "stem"), cases())
def test_every_gold_name_is_written_in_the_article(name: str, stem: str) -> None:
    case = example(name, stem)
    missing = [n for n in names(case.gold) if n not in case.article.text]
    assert missing == []


@pytest.mark.parametrize(("name", "stem"), cases())
def test_gold_against_itself_scores_one(name: str, stem: str) -> None:
    gold = example(name, stem).gold
    score = score_report(gold, gold, name=stem)
    for section in SECTIONS:
        s = score.sections[section]
        assert (s.tp, s.fp, s.fn) == (len(getattr(gold, section)), 0, 0), section
    assert score.micro.f1 == score.macro.f1 == 1.0


@pytest.mark.parametrize("name", SETS)
def test_every_gold_grounds_fully_through_the_program(name: str) -> None:
    for report in gold_reports(folder(name)):
        grounding = report.grounding
        assert grounding.ungrounded_ids == [], report.document.name
        assert grounding.grounded == grounding.items > 0
        assert set(grounding.by_status) == {"exact"}, report.document.name


@pytest.mark.parametrize("name", SETS)
def test_the_readme_counts_match_the_gold(name: str) -> None:
    readme = (folder(name) / "README.md").read_text(encoding="utf-8")
    table = readme.split("## Gold items", 1)[1].split("\n## ", 1)[0]
    for case in dataset(name):
        counts = " / ".join(str(len(getattr(case.gold, s))) for s in SECTIONS)
        row = next(line for line in table.splitlines() if line.startswith(f"| {case.name[:3]} |"))
        assert row.rstrip(" |").endswith(counts), row


@pytest.mark.parametrize("name", SETS)
def test_the_index_dates_are_event_dates_not_publication_dates(name: str) -> None:
    published = {e.name: e.gold.source.published for e in dataset(name)}
    for entry in index(name):
        assert published[entry["id"]] is not None
        assert entry["date"] <= str(published[entry["id"]]), entry["id"]


HOLDOUT_RUN = ROOT / "evals" / "baselines" / "qwen2.5-coder-1.5b-local-holdout"
FIRST_SCORED = re.compile(r"Rules hash at first\s+scoring: `([0-9a-f]{16})`")


def recorded_holdout_rules() -> str:
    match = FIRST_SCORED.search((folder(HOLDOUT) / "README.md").read_text(encoding="utf-8"))
    assert match, "evals/holdout/README.md records the rules hash of its first scoring"
    return match.group(1)


def test_the_holdout_scores_were_made_by_the_recorded_rules() -> None:
    """The committed holdout run is the first one, by the rules whose hash the set records:
    a rerun with other rules (tuned after reading its errors) fails here."""
    recorded = recorded_holdout_rules()
    scores = json.loads((HOLDOUT_RUN / "scores.json").read_text(encoding="utf-8"))
    assert scores["run"]["rules"] == recorded
    predictions = sorted((HOLDOUT_RUN / "predictions").glob("*.json"))
    assert [p.stem for p in predictions] == stems(HOLDOUT)
    for path in predictions:
        report = json.loads(path.read_text(encoding="utf-8"))
        assert report["provenance"]["rules"] == recorded, path.name
