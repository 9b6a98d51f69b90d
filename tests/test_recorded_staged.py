"""The staged pipeline on the packaged model, recorded over HTTP from llama-cpp-python's server
and replayed: every stage's request body must match the recording byte for byte, so a change
to the stage prompts, word lists or candidate rules shows here first.

``RECORDED`` pins what each cassette must produce. Re-recording changes the model's answers:
rewrite the table from the new reports (the README says how to re-record).

``RIGHT`` and ``DEFECTS`` say what is true of the reports, read against the articles: a right
item must be there (or a wrong one absent), and each known defect is a strict expected failure
with its reason, so the day a rule fixes it the test fails and the expectation moves to
``RIGHT``. The snapshot catches any change; these tell a fix from a regression.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import vcr

from summarizer import SituationReport, summarize
from summarizer.schema.draft import SECTION_NAMES

from .conftest import EVAL_ARTICLES, ROOT, founding_articles
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
        counts(5, 2, 7, 6, 3, 6, 0),
        ["IS", "USbacked", "FSA", "Osoud al Sharqiya", "rebels"],
        43,
    ),
    "001": (
        counts(10, 2, 8, 11, 2, 7, 2),
        [
            "Islamic State",
            "Syria Direct",
            "Martyr Ahmad al-Abdo Brigade",
            "Jaish Usud a-Sharqia",
            "Free Syrian Army",
            "Daraa",
            "Sputnik International",
            "US-backed rebels",
            "military",
            "Jordanian soldiers",
        ],
        58,
    ),
    "002": (
        counts(6, 2, 7, 9, 3, 11, 1),
        [
            "Daesh",
            "Syria Army",
            "US",
            "Kurdish YPG",
            "US-backed Syrian rebels",
            "government rebels",
        ],
        52,
    ),
    "003": (
        counts(7, 1, 10, 14, 2, 6, 1),
        [
            "Syrian Central Military",
            "ISIS",
            "U.S",
            "Syrian Observatory for Human Rights",
            "Hammurabi Justice News",
            "allied troops",
            "militants",
        ],
        52,
    ),
    "004": (
        counts(9, 2, 4, 8, 2, 9, 3),
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
        44,
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


CASSETTES = ROOT / "tests" / "cassettes" / "test_recorded_staged"


@cache
def replayed(stem: str) -> SituationReport:
    """The staged report on founding article ``stem`` (its first three characters), replayed."""
    article = next(p for p in ARTICLES if p.stem.startswith(stem))
    recorder = vcr.VCR(**vcr_settings(), record_mode="none")
    with recorder.use_cassette(
        str(CASSETTES / f"test_founding_article_staged[{article.stem}].yaml")
    ):
        return summarize(EVAL_ARTICLES / article.name, **RECORD_OPTIONS, strategy="staged")


def actor_names(report: SituationReport) -> set[str]:
    return {n for a in report.actors for n in (a.name, *a.aliases)}


Check = Callable[[SituationReport], bool]


def has_actor(name: str) -> Check:
    return lambda report: name in actor_names(report)


def no_actor(name: str) -> Check:
    return lambda report: name not in actor_names(report)


def every_item_has_a_confidence(report: SituationReport) -> bool:
    return all(
        item.confidence is not None and 0.0 <= item.confidence <= 1.0
        for items in report.lists().values()
        for item in items
    )


# (article, what is true of its report, check)
RIGHT: list[tuple[str, str, Check]] = [
    ("000", "the Free Syrian Army is an actor", has_actor("FSA")),
    ("000", "Osoud al Sharqiya is an actor", has_actor("Osoud al Sharqiya")),
    ("001", "Islamic State is an actor", has_actor("Islamic State")),
    ("002", "Daesh is an actor", has_actor("Daesh")),
    ("003", "ISIS is an actor", has_actor("ISIS")),
    ("004", "the Free Syrian Army is an actor", has_actor("Free Syrian Army")),
    *[
        (a.stem[:3], "every item carries a confidence", every_item_has_a_confidence)
        for a in ARTICLES
    ],
]
# (article, what should be true, check, why it is not yet)
DEFECTS: list[tuple[str, str, Check, str]] = [
    (
        "000",
        "no actor is the adjective 'USbacked'",
        no_actor("USbacked"),
        "a hyphen-less 'USbacked' is read as a name",
    ),
    (
        "002",
        "the New Syria Army is named whole, never 'Syria Army'",
        no_actor("Syria Army"),
        "'Syria Army' is cut out of 'New Syria Army'",
    ),
    (
        "002",
        "'government rebels' is no actor",
        no_actor("government rebels"),
        "'anti-government rebels' in a photo caption is cut at the hyphen, and the caption's "
        "credit '(AP photo)' is not recognised",
    ),
    (
        "001",
        "the province Daraa is not an actor",
        no_actor("Daraa"),
        "a place name in an actor's slot is typed as an actor",
    ),
]


@pytest.mark.parametrize(
    ("article", "truth", "check"), RIGHT, ids=[f"{a}: {t}" for a, t, _ in RIGHT]
)
def test_recorded_staged_report_is_right(article: str, truth: str, check: Check) -> None:
    assert check(replayed(article)), truth


@pytest.mark.parametrize(
    ("article", "truth", "check"),
    [
        pytest.param(a, t, c, marks=pytest.mark.xfail(strict=True, reason=why))
        for a, t, c, why in DEFECTS
    ],
    ids=[f"{a}: {t}" for a, t, _, _ in DEFECTS],
)
def test_recorded_staged_report_known_defect(article: str, truth: str, check: Check) -> None:
    assert check(replayed(article)), truth
