"""Scoring a picture against the hand-labelled gold picture of the founding articles."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from summarizer.evals.gold import gold_reports
from summarizer.picture import build_picture, score_picture
from summarizer.schema.report import SituationReport

FOUNDING = Path(__file__).resolve().parent.parent / "evals" / "founding"
GOLD = FOUNDING / "picture_gold.json"


@pytest.fixture(scope="module")
def reports() -> list[SituationReport]:
    return gold_reports(FOUNDING)


def test_gold_picture_quotes_and_names_are_in_the_articles() -> None:
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    texts = {k: (FOUNDING / v).read_text(encoding="utf-8") for k, v in gold["articles"].items()}
    mentions = [
        m for kind in ("actors", "places", "people") for c in gold[kind] for m in c["mentions"]
    ]
    assert len(mentions) == len(set(mentions))
    for mention in mentions:
        article, name = mention.split(": ", 1)
        assert name in texts[article], mention
    quotes = [(e["article"], e["quote"]) for e in gold["timeline"]] + [
        (p["article"], p["quote"]) for c in gold["conflicts"] for p in c["positions"]
    ]
    for article, quote in quotes:
        assert texts[article].count(quote) == 1, quote


def test_the_picture_from_gold_reports_scores_against_the_gold_picture(
    reports: list[SituationReport],
) -> None:
    score = score_picture(build_picture(reports), GOLD)
    assert score.identity.wrong == 0
    assert score.identity.recall >= 0.9
    assert score.conflicts_found == score.conflicts_gold == 3
    assert score.conflicts_extra == 0
    assert score.events_found >= 6
    assert score.order_tau > 0.5
    assert 0 < score.pairs_kept <= score.ordered_pairs


@pytest.mark.parametrize(
    ("kept", "conflicts"),
    [
        (["000", "004"], 0),
        (["002", "004"], 1),
        (["001"], 1),
        (["003", "004"], 1),
    ],
)
def test_a_partial_picture_misses_pairs_and_conflicts(
    reports: list[SituationReport], kept: list[str], conflicts: int
) -> None:
    some = [r for r in reports if Path(r.document.name).name[:3] in kept]
    full = score_picture(build_picture(reports), GOLD)
    score = score_picture(build_picture(some), GOLD)
    assert score.identity.missed > full.identity.missed
    assert score.identity.wrong == 0
    assert score.conflicts_found == conflicts
    assert len(score.missed_conflicts) == 3 - conflicts
