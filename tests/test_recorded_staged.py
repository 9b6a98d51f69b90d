"""The staged pipeline on the packaged model, recorded over HTTP from llama-cpp-python's server
and replayed: every stage's request body must match the recording byte for byte, so a change
to the stage prompts, word lists or candidate rules shows here first.

``RECORDED`` pins what each cassette must produce. Re-recording changes the model's answers:
rewrite the table from the new reports (the README says how to re-record).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from summarizer import SituationReport, summarize
from summarizer.schema.draft import SECTION_NAMES

from .conftest import founding_articles
from .recording import RECORD_OPTIONS, vcr_settings
from .test_recorded import assert_grounded

ARTICLES = founding_articles()


def counts(*numbers: int) -> dict[str, int]:
    """Items per section: actors, people, places, events, control changes, claims,
    uncertainties."""
    return dict(zip(SECTION_NAMES, numbers, strict=True))


# article: (items per section, actor names, model calls)
RECORDED: dict[str, tuple[dict[str, int], list[str], int]] = {
    "000": (
        counts(7, 2, 7, 8, 4, 6, 1),
        [
            "IS",
            "USbacked",
            "FSA",
            "Osoud al Sharqiya",
            "Syrian Democratic Forces",
            "rebels",
            "US-led coalition",
        ],
        11,
    ),
    "001": (
        counts(12, 2, 8, 12, 2, 7, 2),
        [
            "Islamic State",
            "Syria Direct",
            "Martyr Ahmad al-Abdo Brigade",
            "Jaish Usud a-Sharqia",
            "Free Syrian Army",
            "M2",
            "Daraa",
            "Syrian Air Force",
            "Sputnik International",
            "US-backed rebels",
            "military",
            "Jordanian soldiers",
        ],
        13,
    ),
    "002": (
        counts(7, 2, 7, 10, 4, 11, 4),
        [
            "Daesh",
            "Reuters",
            "Syrian Army",
            "Syria Army",
            "US",
            "Kurdish YPG",
            "US-backed Syrian rebels",
        ],
        11,
    ),
    "003": (
        counts(7, 1, 10, 15, 2, 6, 1),
        [
            "Syrian Central Military",
            "ISIS",
            "U.S",
            "Syrian Observatory for Human Rights",
            "Hammurabi Justice News",
            "allied troops",
            "militants",
        ],
        10,
    ),
    "004": (
        counts(9, 2, 4, 9, 2, 9, 4),
        [
            "Islamic State",
            "Syria Direct",
            "Coalition",
            "Assad",
            "Free Syrian Army",
            "MAT",
            "US CENTCOM",
            "US-backed rebels",
            "foreign militias",
        ],
        5,
    ),
}


@pytest.fixture(scope="module")
def vcr_config() -> dict[str, Any]:
    return vcr_settings()


@pytest.mark.vcr
@pytest.mark.parametrize("article", ARTICLES, ids=[a.stem for a in ARTICLES])
def test_founding_article_staged(article: Path) -> None:
    report = summarize(article, **RECORD_OPTIONS, strategy="staged")
    sections, actors, calls = RECORDED[article.stem[:3]]
    assert {name: len(getattr(report, name)) for name in sections} == sections
    assert [a.name for a in report.actors] == actors
    assert report.provenance.attempts == calls
    assert report.provenance.prompt.startswith("staged@v")
    assert report.provenance.parameters["strategy"] == "staged"
    assert report.grounding.ungrounded_ids == [], "staged evidence is cut from the article"
    assert report.grounding.by_status == {"exact": report.grounding.quotes}
    assert_grounded(report)
    assert SituationReport.model_validate_json(report.model_dump_json()) == report
