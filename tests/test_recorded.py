"""Real reports from the packaged model, recorded over HTTP and replayed.

``RECORDED`` pins what each cassette must produce, as exact-output tests do. Re-recording the
cassettes changes the model's answers: rewrite the table from the new reports, row by row.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from summarizer import SituationReport, summarize
from summarizer.cli import main
from summarizer.schema.draft import SECTION_NAMES, items_of
from summarizer.schema.report import Grounded

from .conftest import founding_articles
from .recording import RECORD_FLAGS, RECORD_OPTIONS, vcr_settings


@dataclass(frozen=True)
class Recorded:
    """What one recorded answer makes: items per section, names, grounding and model calls."""

    counts: dict[str, int]
    actors: list[str]
    people: list[str]
    places: list[str]
    ungrounded: list[str]
    calls: int
    chunks: int = 1


def counts(*numbers: int) -> dict[str, int]:
    """Items per section, in the report's order (actors, people, places, events, control
    changes, claims, uncertainties)."""
    return dict(zip(SECTION_NAMES, numbers, strict=True))


RECORDED: dict[str, Recorded] = {
    "000": Recorded(
        counts(2, 2, 3, 3, 2, 0, 0),
        actors=["Free Syrian Army (FSA)", "IS"],
        people=["Talas al Salameh", "Unknown"],
        places=["Osoud al Sharqiya", "Qalamoun mountains", "Bir Qassab"],
        ungrounded=["H2", "E2"],
        calls=2,
    ),
    "001": Recorded(
        counts(3, 2, 2, 1, 1, 0, 0),
        actors=["US-backed rebels", "Martyr Ahmad al-Abdo Brigade", "Jaish Usud a-Sharqia"],
        people=["Said Saif", "Ahmad al-Tamer"],
        places=["East Qalamoun mountains", "Damascus-Baghdad (M2) highway"],
        ungrounded=[],
        calls=1,
    ),
    "002": Recorded(
        counts(2, 1, 2, 1, 1, 0, 0),
        actors=["US-backed Syrian rebels", "Daesh militants"],
        people=["Reuters"],
        places=["Al Bukamal", "Hamadan air base"],
        ungrounded=[],
        calls=2,
    ),
    "003": Recorded(
        counts(2, 0, 8, 4, 1, 1, 0),
        actors=["Syrian government", "Allied militia"],
        people=[],
        places=[
            "Syria",
            "Lebanon",
            "Jordan",
            "Iraq",
            "Deir al-Zor",
            "Palmyra",
            "Homs province",
            "Khneifes",
        ],
        ungrounded=["E4"],
        calls=2,
    ),
    "004": Recorded(
        counts(4, 1, 4, 6, 1, 1, 1),
        actors=[
            "US-led coalition",
            "Islamic State (IS)",
            "Free Syrian Army (FSA)",
            "regime forces",
        ],
        people=["Syria Direct"],
        places=["Syria", "Jordan", "Iraq", "Palmyra"],
        ungrounded=[],
        calls=1,
    ),
    "long": Recorded(
        counts(5, 3, 8, 11, 3, 3, 0),
        actors=[
            "Free Syrian Army (FSA)",
            "IS",
            "Syrian regime",
            "US-led coalition",
            "Russian soldiers",
        ],
        people=["Talas al Salameh", "Ahmad al-Tamer", "Al-Baraa Fares"],
        places=[
            "Syria",
            "Iraq",
            "Jordan",
            "East Qalamoun mountains",
            "Palmyra",
            "Deir al-Zor",
            "Badia",
            "Qalamoun mountains",
        ],
        ungrounded=[],
        calls=3,
        chunks=3,
    ),
}

ARTICLES = founding_articles()
FIRST = ARTICLES[0]
FIRST_CASSETTE = f"test_founding_article[{FIRST.stem}].yaml"


@pytest.fixture(scope="module")
def vcr_config() -> dict[str, Any]:
    return vcr_settings()


def assert_recorded(report: SituationReport, expected: Recorded) -> None:
    """The report is exactly what the recorded answer makes, and its evidence is consistent."""
    assert {name: len(getattr(report, name)) for name in expected.counts} == expected.counts
    assert [a.name for a in report.actors] == expected.actors
    assert [p.name for p in report.people] == expected.people
    assert [p.name for p in report.places] == expected.places
    assert report.grounding.ungrounded_ids == expected.ungrounded
    assert report.provenance.attempts == expected.calls
    assert report.provenance.chunks == expected.chunks
    assert_grounded(report)


def assert_grounded(report: SituationReport) -> None:
    text = report.document.text
    items: list[Grounded] = [item for _, item in items_of(report)]
    assert items, "the model reported nothing"
    grounded = [i for i in items if i.grounded]
    assert report.grounding.items == len(items)
    assert report.grounding.grounded == len(grounded)
    assert sorted(report.grounding.ungrounded_ids) == sorted(i.id for i in items if not i.grounded)
    for item in items:
        for e in item.evidence:
            if e.status == "unresolved":
                assert e.start is None and e.text is None
            else:
                assert e.start is not None and e.end is not None
                assert text[e.start : e.end] == e.text
                if e.status == "exact":
                    assert e.text == e.quote.strip(" \"'.,;:…-\n\t“”‘’")


@pytest.mark.vcr
@pytest.mark.parametrize("article", ARTICLES, ids=[a.stem for a in ARTICLES])
def test_founding_article(article: Path) -> None:
    report = summarize(article, **RECORD_OPTIONS)
    assert_recorded(report, RECORDED[article.stem[:3]])
    p = report.provenance
    assert p.endpoint == "openai-compatible"
    assert p.prompt.startswith("report@v")
    assert p.usage.prompt_tokens > 0 and p.usage.completion_tokens > 0
    assert (
        report.document.sha256
        == __import__("hashlib").sha256(article.read_text(encoding="utf-8").encode()).hexdigest()
    )
    assert SituationReport.model_validate_json(report.model_dump_json()) == report


@pytest.mark.vcr(FIRST_CASSETTE)
def test_cli_writes_markdown_and_json_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    assert main([str(FIRST), "-o", str(out), "--format", "markdown", *RECORD_FLAGS]) == 0
    markdown = (out / f"{FIRST.stem}.md").read_text(encoding="utf-8")
    assert markdown.startswith("# ")
    for heading in ("## Actors", "## Events", "## Territorial control", "## Claims"):
        assert heading in markdown
    assert capsys.readouterr().out == ""
    assert [p.name for p in out.iterdir()] == [f"{FIRST.stem}.md"]


@pytest.mark.vcr(FIRST_CASSETTE)
def test_cli_reads_stdin_and_prints_json_when_piped(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import io
    import sys

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(FIRST.read_bytes())))
    assert main(["-", *RECORD_FLAGS]) == 0
    report = SituationReport.model_validate(json.loads(capsys.readouterr().out))
    assert report.document.name == "<stdin>"
    assert_recorded(report, RECORDED[FIRST.stem[:3]])


@pytest.mark.vcr(FIRST_CASSETTE)
def test_cli_exit_1_when_one_input_fails_and_the_other_is_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("   \n")
    out = tmp_path / "out"
    assert main([str(empty), str(FIRST), "-o", str(out), *RECORD_FLAGS]) == 1
    assert (out / f"{FIRST.stem}.json").is_file()
    err = capsys.readouterr().err
    assert f"summarize: error: {empty}: no article text" in err


def long_article() -> str:
    """Over 20,000 characters: the founding articles one after another, then the first again."""
    parts = [a.read_text(encoding="utf-8") for a in [*ARTICLES, ARTICLES[0]]]
    return "\n\n".join(parts)


@pytest.mark.vcr
def test_long_article_is_chunked_and_merged() -> None:
    text = long_article()
    assert len(text) >= 20_000
    report = summarize(text, chunk_chars=8_000, **RECORD_OPTIONS)
    assert report.document.characters == len(text)
    assert_recorded(report, RECORDED["long"])
    starts = [e.start for a in report.actors for e in a.evidence if e.start is not None]
    assert max(starts) > 8_000, "evidence from later chunks maps into the whole text"
    names = [a.name.casefold() for a in report.actors]
    assert len(names) == len(set(names)), "actors deduplicated across chunks"
    ids = {i.id for s in (report.actors, report.people) for i in s}
    assert all(c.claimant in ids for c in report.claims)
