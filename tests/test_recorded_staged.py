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
        counts(7, 2, 7, 8, 3, 6, 1),
        [
            "IS",
            "Raqqa",
            "USbacked",
            "FSA",
            "Syrian Democratic Forces",
            "rebels",
            "US-led coalition",
        ],
        10,
    ),
    "001": (
        counts(13, 3, 9, 15, 2, 7, 3),
        [
            "Islamic State",
            "Syria Direct",
            "Martyr Ahmad al-Abdo Brigade",
            "Jaish Usud a-Sharqia",
            "Free Syrian Army",
            "Forces",
            "Southern Front",
            "Daraa",
            "Syrian Air Force",
            "Sputnik International",
            "US-backed rebels",
            "US-backed military",
            "Jordanian soldiers",
        ],
        12,
    ),
    "002": (
        counts(8, 2, 7, 10, 4, 12, 4),
        [
            "Daesh",
            "Reuters",
            "Syria Army",
            "US",
            "Muzahem Al Saloum",
            "Kurdish YPG",
            "US-backed Syrian rebels",
            "government rebels",
        ],
        13,
    ),
    "003": (
        counts(7, 1, 11, 16, 4, 6, 2),
        [
            "Syrian Central Military",
            "ISIS",
            "U.S",
            "Syrian Observatory for Human Rights",
            "Hammurabi Justice News",
            "allied troops",
            "militants",
        ],
        15,
    ),
    "004": (
        counts(10, 2, 4, 9, 2, 10, 4),
        [
            "Islamic State",
            "Syria Direct",
            "Coalition",
            "Assad",
            "Free Syrian Army",
            "MAT",
            "US CENTCOM",
            "US-backed rebels",
            "regime",
            "foreign militias",
        ],
        7,
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
