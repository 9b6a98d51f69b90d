from __future__ import annotations

import copy

import pytest
from pydantic import BaseModel, ValidationError

from summarizer.schema.draft import (
    ActorDraft,
    ClaimDraft,
    ControlChangeDraft,
    EventDraft,
    PersonDraft,
    ReportDraft,
    UncertaintyDraft,
)
from summarizer.schema.ids import SECTION_NAMES, SECTIONS, references
from summarizer.schema.report import GROUNDED, SituationReport

from .factories import draft, draft_dict


def test_valid_draft_passes() -> None:
    assert draft().claims[0].claimant == "A2"


def _broken(path: list[str | int], value: object) -> dict[str, object]:
    data = copy.deepcopy(draft_dict())
    node = data
    for key in path[:-1]:
        node = node[key]  # type: ignore[index]
    node[path[-1]] = value  # type: ignore[index]
    return data


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        (
            ["claims", 0, "claimant"],
            "H7",
            "C1.claimant is H7, which is not a listed actor or person",
        ),
        (["events", 0, "actors"], ["A1", "A9"], "E1.actors is A9, which is not a listed actor"),
        (["events", 0, "place"], "L4", "E1.place is L4, which is not a listed place"),
        (["control_changes", 0, "after"], "A5", "T1.after is A5, which is not a listed actor"),
        (["actors", 2, "member_of"], "A8", "A3.member_of is A8"),
        (["people", 0, "affiliation"], "A6", "H1.affiliation is A6"),
        (["uncertainties", 0, "about"], ["E9"], "U1.about is E9, which is not a listed item"),
        (["actors", 1, "id"], "A1", "id A1 is used twice"),
    ],
)
def test_dangling_and_duplicate_ids_are_rejected(
    path: list[str | int], value: object, message: str
) -> None:
    with pytest.raises(ValidationError, match=message):
        ReportDraft.model_validate(_broken(path, value))


def test_claimant_may_be_a_person() -> None:
    data = _broken(["claims", 0, "claimant"], "H1")
    assert ReportDraft.model_validate(data).claims[0].claimant == "H1"


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (["actors", 0, "type"], "terrorists"),
        (["control_changes", 0, "status"], "likely"),
        (["claims", 0, "modality"], "maybe"),
        (["actors", 0, "id"], "X1"),
        (["actors", 0, "quotes"], []),
        (["events", 0, "fatalities"], [{"who": "A1", "low": -1, "best": None, "high": None}]),
    ],
)
def test_vocabularies_and_bounds(path: list[str | int], value: object) -> None:
    with pytest.raises(ValidationError):
        ReportDraft.model_validate(_broken(path, value))


def test_one_table_of_sections_agrees_with_every_schema() -> None:
    items = [name for name, f in SituationReport.model_fields.items() if name in SECTION_NAMES]
    assert tuple(items) == SECTION_NAMES
    assert tuple(GROUNDED) == SECTION_NAMES
    drafts = [n for n, f in ReportDraft.model_fields.items() if f.annotation is not None]
    assert [n for n in drafts if n in SECTION_NAMES] == list(SECTION_NAMES)
    assert "".join(s.prefix for s in SECTIONS) == "AHLETCU"


@pytest.mark.parametrize(
    ("model", "expected"),
    [
        (ActorDraft, ["member_of"]),
        (PersonDraft, ["affiliation"]),
        (EventDraft, ["actors", "place", "fatalities.who"]),
        (ControlChangeDraft, ["place", "before", "after"]),
        (ClaimDraft, ["claimant"]),
        (UncertaintyDraft, ["about"]),
    ],
)
def test_references_are_found_from_the_id_types(
    model: type[BaseModel], expected: list[str]
) -> None:
    assert [".".join(r.path) for r in references(model)] == expected
