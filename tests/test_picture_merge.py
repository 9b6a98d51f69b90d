"""One picture from the five founding articles' gold reports, grounded by the program."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest

from summarizer.evals.gold import gold_reports
from summarizer.picture import MergeCandidate, build_picture
from summarizer.picture.model import MergeProposal, SituationPicture
from summarizer.schema.draft import Fatalities
from summarizer.schema.report import SituationReport
from summarizer.views.picture_markdown import SECTIONS, render_picture

FOUNDING = Path(__file__).resolve().parent.parent / "evals" / "founding"
IS_NAMES = {"IS", "ISIS", "Daesh", "Islamic State"}


@pytest.fixture(scope="module")
def reports() -> list[SituationReport]:
    return gold_reports(FOUNDING)


@pytest.fixture(scope="module")
def picture(reports: list[SituationReport]) -> SituationPicture:
    return build_picture(reports)


def _stem(article: str) -> str:
    return Path(article).name[:3]


def _refs(node: Any) -> Iterator[dict[str, Any]]:
    """Every source reference anywhere in a dumped picture."""
    if isinstance(node, dict):
        if {"article", "sha256", "item", "start", "end", "text", "status"} <= set(node):
            yield node
        for value in node.values():
            yield from _refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _refs(value)


def test_one_islamic_state_with_aliases_and_sources_from_several_articles(
    picture: SituationPicture,
) -> None:
    holders = [a for a in picture.actors if IS_NAMES & {a.name, *a.aliases}]
    assert len(holders) == 1
    state = holders[0]
    assert {state.name, *state.aliases} >= IS_NAMES
    assert {_stem(m.article) for m in state.mentions} == {"000", "001", "002", "003", "004"}
    assert len({_stem(s.article) for s in state.sources}) >= 4
    assert any("known alias set: IS/ISIS/Daesh/Islamic State" in w for w in state.why)


@pytest.mark.parametrize(
    ("kind", "names"),
    [
        ("places", {"Bir Qassab", "Bir al-Qasab"}),
        ("places", {"Deir al Zor", "Deir Ezzor", "Deir al-Zor", "Deir e-Zor province"}),
        ("places", {"Al Bukamal", "al-Bukamel"}),
        ("places", {"Al Tanf", "a-Tanf border crossing"}),
        ("actors", {"Osoud al Sharqiya", "Jaish Usud a-Sharqia"}),
        ("people", {"Muzahem Al Saloum", "Mozahem al-Salloum"}),
    ],
)
def test_spellings_across_articles_are_one_entity(
    picture: SituationPicture, kind: str, names: set[str]
) -> None:
    holders = [e for e in getattr(picture, kind) if names & {e.name, *e.aliases}]
    assert len(holders) == 1
    assert names <= {holders[0].name, *holders[0].aliases}
    assert holders[0].why


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Free Syrian Army", "Syrian government forces"),
        ("Free Syrian Army", "New Syria Army"),
        ("US-led coalition", "US army"),
        ("Free Syrian Army", "Osoud al Sharqiya"),
    ],
)
def test_different_parties_stay_apart(picture: SituationPicture, first: str, second: str) -> None:
    ids = {a.id for a in picture.actors if {first, second} & {a.name, *a.aliases}}
    assert len(ids) == 2


def test_factions_keep_their_umbrella_by_unified_id(picture: SituationPicture) -> None:
    by_name = {a.name: a for a in picture.actors}
    fsa = by_name["Free Syrian Army"].id
    for faction in ("Osoud al Sharqiya", "Turkey-backed FSA groups", "Maghawir a-Thawra"):
        assert by_name[faction].member_of == [fsa]
    assert by_name["Free Syrian Army"].member_of == []


def test_area_figures_for_the_offensive_are_one_conflict_side_by_side(
    picture: SituationPicture,
) -> None:
    figured = [c for c in picture.conflicts if any(p.figure for p in c.positions)]
    assert len(figured) == 1
    conflict = figured[0]
    assert conflict.kind == "figures"
    assert [(p.figure.value, p.figure.unit) for p in conflict.positions if p.figure] == [
        (5000.0, "km"),
        (6000.0, "km"),
        (100.0, "sq km"),
    ]
    assert [_stem(p.article) for p in conflict.positions] == ["003", "003", "004"]
    assert [p.who for p in conflict.positions] == [
        "Syrian Central Military media",
        "Syrian Observatory for Human Rights",
        "Syria Direct (the article)",
    ]


def test_contradicting_claims_are_shown_with_who_says_what(picture: SituationPicture) -> None:
    about = {c.about: c for c in picture.conflicts}
    plane = about["responsibility: Bir Qassab"]
    assert [(p.who, p.says.endswith("(denied)")) for p in plane.positions] == [
        ("Islamic State", False),
        ("Sputnik International", True),
    ]
    deir_ezzor = about["control: southern desert of Al Bukamal"]
    assert {p.who for p in deir_ezzor.positions} == {
        "Muzahem Al Saloum via Reuters",
        "Syrian Observatory for Human Rights via Reuters",
    }


def _with_event_date(
    report: SituationReport, written: str, published: str | None
) -> SituationReport:
    source = report.source.model_copy(
        update={"published": published, "date_precision": "day" if published else "unknown"}
    )
    events = [report.events[0].model_copy(update={"date": written, "date_precision": "day"})]
    return report.model_copy(update={"source": source, "events": events + report.events[1:]})


@pytest.mark.parametrize(
    ("written", "published", "date", "precision"),
    [
        ("Tuesday", "2016-06-30", "2016-06-28", "day"),
        ("on Tuesday", "2016-06-30", "2016-06-28", "day"),
        ("last week", "2016-06-30", "2016-06-20", "week"),
        ("in April", "2016-06-30", "2016-04", "month"),
        ("Tuesday", None, None, "unknown"),
        ("May 18", None, None, "unknown"),
        ("2017-05-18", "2016-06-30", None, "unknown"),
    ],
)
def test_relative_dates_resolve_against_the_printed_publication_date(
    reports: list[SituationReport],
    written: str,
    published: str | None,
    date: str | None,
    precision: str,
) -> None:
    changed = _with_event_date(reports[2], written, published)
    picture = build_picture([changed])
    entry = next(e for e in picture.timeline if e.accounts[0].item == changed.events[0].id)
    assert (entry.when.date, entry.when.precision) == (date, precision)
    assert written in entry.when.basis or entry.when.basis == "as given in the report"


def test_undated_events_follow_the_dated_ones_in_order(picture: SituationPicture) -> None:
    starts = [e.when.earliest for e in picture.timeline]
    dated = [s for s in starts if s is not None]
    assert dated == sorted(dated)
    assert starts == dated + [None] * (len(starts) - len(dated))
    assert all(e.when.precision == "unknown" for e in picture.timeline[len(dated) :])


def test_every_source_slices_its_article_to_the_evidence_text(
    picture: SituationPicture, reports: list[SituationReport]
) -> None:
    texts = {r.document.name: r.document.text for r in reports}
    refs = list(_refs(picture.model_dump()))
    assert len(refs) > 200
    for ref in refs:
        assert ref["article"] in texts and ref["item"]
        assert ref["start"] is not None, ref
        assert texts[ref["article"]][ref["start"] : ref["end"]] == ref["text"]


def test_control_per_place_keeps_every_account(picture: SituationPicture) -> None:
    badia = next(p for p in picture.control if p.name == "Badia")
    [change] = badia.changes
    assert [(_stem(a.article), a.item, a.status) for a in change.accounts] == [
        ("003", "T1", "claimed"),
        ("003", "T5", "claimed"),
        ("004", "T1", "assessed"),
    ]
    bukamal = next(p for p in picture.control if p.name == "Al Bukamal")
    assert [c.when.date for c in bukamal.changes] == ["2014", None]


def test_claims_are_grouped_with_every_source(picture: SituationPicture) -> None:
    claims = [c for g in picture.claims for c in g.claims]
    assert len(claims) == 8 + 8 + 14 + 11 + 12
    assert all(c.sources for c in claims)
    in_conflict = [g for g in picture.claims if g.conflicts]
    assert {g.about for g in in_conflict} >= {
        "responsibility: Bir Qassab",
        "control: southern desert of Al Bukamal",
    }


def test_markdown_has_every_section(picture: SituationPicture) -> None:
    text = render_picture(picture)
    for title in SECTIONS:
        assert f"\n## {title}\n" in text
    assert "| Syria Direct (the article) |" in text
    assert "known alias set: IS/ISIS/Daesh/Islamic State" in text


def test_the_same_reports_give_the_same_picture(reports: list[SituationReport]) -> None:
    assert build_picture(reports).model_dump_json() == build_picture(reports).model_dump_json()


def test_a_proposer_only_adds_proposals(
    reports: list[SituationReport], picture: SituationPicture
) -> None:
    seen: list[MergeCandidate] = []

    def gazetteer(candidates: Sequence[MergeCandidate]) -> list[MergeProposal]:
        seen.extend(candidates)
        ids = [picture.places[0].id, picture.places[1].id]
        return [
            MergeProposal(kind="place", ids=ids, names=[], reason="looks alike", by="x"),
            MergeProposal(kind="place", ids=["PL999", ids[0]], names=[], reason="bad", by="x"),
        ]

    proposed = build_picture(reports, propose=gazetteer)
    assert [p.by for p in proposed.proposals] == ["rule", "rule", "gazetteer"]
    assert proposed.places == picture.places and proposed.actors == picture.actors
    assert seen


def _copy(report: SituationReport, name: str, deaths: int) -> SituationReport:
    event = report.events[1]
    fatalities = [Fatalities(who="A2", low=None, best=deaths, high=None)]
    events = [*report.events[:1], event.model_copy(update={"fatalities": fatalities})]
    document = report.document.model_copy(update={"name": name})
    return report.model_copy(update={"events": events + report.events[2:], "document": document})


def test_different_death_tolls_for_one_event_are_a_conflict(
    reports: list[SituationReport],
) -> None:
    wire = reports[2]
    picture = build_picture([_copy(wire, "a/wire.txt", 40), _copy(wire, "b/local.txt", 25)])
    [entry] = [e for e in picture.timeline if e.when.date == "2016-06-29"]
    assert [a.article for a in entry.accounts] == ["a/wire.txt", "b/local.txt"]
    [conflict] = [c for c in picture.conflicts if c.kind == "casualties"]
    assert [(p.who, p.says.split(" ")[0]) for p in conflict.positions] == [
        ("wire.txt (the article)", "40"),
        ("local.txt (the article)", "25"),
    ]


def test_the_same_tolls_are_no_conflict(reports: list[SituationReport]) -> None:
    wire = reports[2]
    picture = build_picture([_copy(wire, "a/wire.txt", 40), _copy(wire, "b/local.txt", 40)])
    assert not [c for c in picture.conflicts if c.kind == "casualties"]
