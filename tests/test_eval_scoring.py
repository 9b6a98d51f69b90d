"""Scoring without a model: gold against itself, and gold perturbed in known ways."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from summarizer.alignment import Aligner
from summarizer.evals.dataset import GoldReport, load_gold
from summarizer.evals.matching import SECTIONS
from summarizer.evals.prices import estimate_cost, load_prices
from summarizer.evals.scores import ArticleScore
from summarizer.evals.scoring import failed_score, score_dataset, score_report
from summarizer.evals.similarity import (
    date_similarity,
    name_similarity,
    numbers_close,
    text_similarity,
)
from summarizer.grounding import ground
from summarizer.schema.report import Document, Provenance, SituationReport, Usage

from .conftest import ROOT

GOLD = ROOT / "evals" / "founding" / "gold"
ARTICLES = ROOT / "evals" / "founding" / "articles"
STEMS = sorted(p.stem for p in GOLD.glob("*.json"))


def gold(prefix: str) -> GoldReport:
    return load_gold(next(GOLD.glob(f"{prefix}_*.json")))


def article_text(prefix: str) -> str:
    return next(ARTICLES.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")


def perturbed(report: GoldReport, change: Callable[[dict[str, Any]], None]) -> GoldReport:
    data = report.model_dump()
    change(data)
    return GoldReport.model_validate(data)


def situation(draft: GoldReport, text: str, model: str = "m", endpoint: str = "local") -> Any:
    """A SituationReport as the pipeline would build it, from a draft and its article."""
    grounding = ground(draft, Aligner(text))
    return SituationReport(
        source=draft.source,
        summary=draft.summary,
        takeaways=draft.takeaways,
        **dict(grounding.sections),
        grounding=grounding.stats(0),
        provenance=Provenance(
            summarizer_version="0",
            prompt="report@v1",
            schema_hash="x",
            model=model,
            endpoint=endpoint,
            usage=Usage(prompt_tokens=2_000_000, completion_tokens=1_000_000),
        ),
        document=Document(
            name="a", media_type="text/plain", sha256="0", characters=len(text), text=text
        ),
    )


def assert_untouched(score: ArticleScore, reference: GoldReport, *, except_: str) -> None:
    for section in SECTIONS:
        if section != except_:
            s = score.sections[section]
            n = len(getattr(reference, section))
            assert (s.tp, s.fp, s.fn, s.f1) == (n, 0, 0, 1.0), section


@pytest.mark.parametrize("stem", STEMS)
def test_gold_against_itself_scores_one_everywhere(stem: str) -> None:
    report = load_gold(GOLD / f"{stem}.json")
    score = score_report(report, report, name=stem)
    for section in SECTIONS:
        s = score.sections[section]
        n = len(getattr(report, section))
        assert (s.tp, s.fp, s.fn) == (n, 0, 0), section
        assert (s.precision, s.recall, s.f1) == (1.0, 1.0, 1.0), section
        assert not s.missed and not s.invented
    assert score.micro.f1 == score.macro.f1 == 1.0
    assert all(line.endswith("found") or "none in gold" in line for line in score.feedback)
    assert ArticleScore.model_validate_json(score.model_dump_json()) == score


def drop_actor(actor_id: str) -> Callable[[dict[str, Any]], None]:
    """Remove an actor and scrub the references that would otherwise dangle."""

    def change(data: dict[str, Any]) -> None:
        data["actors"] = [a for a in data["actors"] if a["id"] != actor_id]
        for a in data["actors"]:
            a["member_of"] = None if a["member_of"] == actor_id else a["member_of"]
        for p in data["people"]:
            p["affiliation"] = None if p["affiliation"] == actor_id else p["affiliation"]
        for e in data["events"]:
            e["actors"] = [x for x in e["actors"] if x != actor_id]
            e["fatalities"] = [f for f in e["fatalities"] if f["who"] != actor_id]

    return change


@pytest.mark.parametrize(
    ("prefix", "actor_id", "name", "total"),
    [
        ("000", "A7", "US-led coalition", 8),
        ("001", "A5", "Southern Front", 8),
        ("002", "A7", "YPG", 8),
        ("003", "A7", "Hammurabi Justice News", 10),
        ("004", "A2", "foreign militias", 7),
    ],
)
def test_dropping_an_actor_costs_exactly_one_actor(
    prefix: str, actor_id: str, name: str, total: int
) -> None:
    reference = gold(prefix)
    score = score_report(perturbed(reference, drop_actor(actor_id)), reference)
    actors = score.sections["actors"]
    assert (actors.tp, actors.fp, actors.fn) == (total - 1, 0, 1)
    assert actors.precision == 1.0
    assert actors.recall == round((total - 1) / total, 4)
    assert actors.missed == [name]
    assert f"actors: missed {name} ({total - 1} of {total} found)" in score.feedback
    assert_untouched(score, reference, except_="actors")


def reverse(change_id: str) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        for t in data["control_changes"]:
            if t["id"] == change_id:
                t["before"], t["after"] = t["after"], t["before"]

    return change


@pytest.mark.parametrize(
    ("prefix", "change_id", "total"),
    [("000", "T1", 2), ("001", "T1", 1), ("002", "T2", 3), ("003", "T2", 5), ("004", "T1", 3)],
)
def test_a_reversed_control_change_is_contradicted(prefix: str, change_id: str, total: int) -> None:
    reference = gold(prefix)
    score = score_report(perturbed(reference, reverse(change_id)), reference)
    changes = score.sections["control_changes"]
    assert (changes.tp, changes.fp, changes.fn) == (total - 1, 1, 1)
    assert (changes.contradicted, changes.unlisted) == (1, 0)  # the place ties it to its gold
    assert changes.contradicted_pairs[0].wrong[0].startswith("reversed: ")
    assert_untouched(score, reference, except_="control_changes")


def requote(claim_id: str) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        for c in data["claims"]:
            if c["id"] == claim_id:
                c["quotes"] = ["words that appear nowhere in this article"] * len(c["quotes"])

    return change


@pytest.mark.parametrize(("prefix", "claim_id"), [("000", "C1"), ("003", "C5")])
def test_a_quote_is_evidence_not_content(prefix: str, claim_id: str) -> None:
    reference = gold(prefix)
    text = article_text(prefix)
    altered = perturbed(reference, requote(claim_id))
    quotes = len(next(c for c in altered.claims if c.id == claim_id).quotes)

    plain = score_report(altered, reference)
    assert plain.sections["claims"].f1 == 1.0 and plain.grounding is None
    assert_untouched(plain, reference, except_="")

    before = score_report(situation(reference, text), reference).grounding
    after = score_report(situation(altered, text), reference)
    assert after.sections["claims"].f1 == 1.0
    assert before is not None and after.grounding is not None
    assert after.grounding.unresolved_quotes == before.unresolved_quotes + quotes
    assert after.grounding.ungrounded == before.ungrounded + 1
    assert after.grounding.items == before.items
    assert sum(u.startswith(f"{claim_id}: words that") for u in after.grounding.unresolved) == (
        quotes
    )


def rename(section: str, item_id: str, name: str) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        for item in data[section]:
            if item["id"] == item_id:
                item["name"] = name
                if "aliases" in item:
                    item["aliases"] = []

    return change


@pytest.mark.parametrize(
    ("prefix", "section", "item_id", "spelling"),
    [
        ("002", "actors", "A1", "ISIS"),  # gold: Islamic State, alias Daesh
        ("004", "actors", "A3", "ISIL"),  # gold: Islamic State, aliases IS, Daesh, ISIS
        ("004", "actors", "A1", "Assad regime forces"),  # gold: Syrian government forces
        ("000", "actors", "A3", "Jaish Usud a-Sharqia"),  # gold: Osoud al Sharqiya
        ("002", "actors", "A3", "coalition"),  # gold: US-led coalition
        ("001", "places", "L5", "Bir Qassab"),  # gold: Bir al-Qasab
        ("002", "places", "L3", "Deir al-Zor"),  # gold: Deir Ezzor
        ("003", "people", "H1", "Muzahem Al Saloum"),  # gold: Mozahem al-Salloum
    ],
)
def test_another_spelling_still_matches(
    prefix: str, section: str, item_id: str, spelling: str
) -> None:
    reference = gold(prefix)
    score = score_report(perturbed(reference, rename(section, item_id, spelling)), reference)
    n = len(getattr(reference, section))
    s = score.sections[section]
    assert (s.tp, s.fp, s.fn, s.f1) == (n, 0, 0, 1.0)
    assert any(p.predicted == item_id and p.gold == item_id for p in s.pairs)
    assert_untouched(score, reference, except_=section)


def test_dataset_averages_over_sections_and_articles() -> None:
    reference = gold("000")
    perfect = score_report(reference, reference, name="perfect")
    short = score_report(perturbed(reference, drop_actor("A7")), reference, name="short")
    failed = failed_score("failed", reference, "the endpoint failed")
    total = score_dataset([perfect, short, failed])

    actors = total.sections["actors"]
    assert (actors.tp, actors.fp, actors.fn) == (15, 0, 9)
    assert actors.recall == round(15 / 24, 4) and actors.precision == 1.0
    assert actors.macro_f1 == round((1.0 + 14 / 15 + 0.0) / 3, 4)
    items = sum(len(getattr(reference, s)) for s in SECTIONS)
    assert (total.micro.precision, total.micro.recall) == (
        1.0,
        round((2 * items - 1) / (3 * items), 4),
    )
    assert total.errors == 1
    assert failed.schema_valid is False and failed.feedback[0] == "error: the endpoint failed"
    assert failed.sections["claims"].fn == len(reference.claims)
    assert total.article_macro.f1 == round((1.0 + short.micro.f1 + 0.0) / 3, 4)


def test_cost_from_the_price_table(tmp_path: Path) -> None:
    reference = gold("000")
    text = article_text("000")
    hosted = situation(reference, text, model="gpt-4o-mini", endpoint="openai-compatible")
    assert estimate_cost(hosted) == pytest.approx(2 * 0.15 + 1 * 0.60)
    assert estimate_cost(situation(reference, text, endpoint="local")) == 0.0
    unknown = situation(reference, text, model="mystery", endpoint="openai-compatible")
    assert estimate_cost(unknown) is None
    prices = tmp_path / "prices.json"
    prices.write_text(json.dumps({"mystery": [1.0, 2.0]}))
    assert estimate_cost(unknown, load_prices(prices)) == pytest.approx(2 * 1.0 + 1 * 2.0)


@pytest.mark.parametrize(
    ("a", "b", "matches"),
    [
        ("Daesh", "Islamic State", True),
        ("Islamic State (IS)", "ISIS", True),
        ("SDF", "Syrian Democratic Forces", True),
        ("New Syria Army", "New Syrian Army", True),
        ("Deir e-Zor", "Deir Ezzor", True),
        ("Free Syrian Army", "Syrian army", False),
        ("Syrian rebels", "Syrian Democratic Forces", False),
        ("southern Syria", "northern Syria", False),
        ("Homs", "Hama", False),
    ],
)
def test_name_similarity(a: str, b: str, matches: bool) -> None:
    assert (name_similarity(a, b) > 0.5) is matches
    assert name_similarity(a, b) == name_similarity(b, a)


@pytest.mark.parametrize(
    ("check", "expected"),
    [
        (lambda: numbers_close(40, 43), True),
        (lambda: numbers_close(7, 8), True),
        (lambda: numbers_close(40, 46), False),
        (lambda: date_similarity("2016-06", "2016-06-29"), 1.0),
        (lambda: date_similarity("2016-06-28", "2016-06-29"), 0.5),
        (lambda: date_similarity("2016-06", None), 0.0),
        (
            lambda: text_similarity("Rebels captured the town", "the town was captured by rebels"),
            1.0,
        ),
    ],
)
def test_numbers_dates_and_text(check: Callable[[], object], expected: object) -> None:
    assert check() == expected
