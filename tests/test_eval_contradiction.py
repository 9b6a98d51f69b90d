"""Contradicted predictions: the right item, something wrong said of it; counted apart from
unlisted ones, against precision and recall both."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from summarizer.evals.dataset import GoldReport, load_gold
from summarizer.evals.matching import SECTIONS
from summarizer.evals.scores import Counted, SectionScore
from summarizer.evals.scoring import score_dataset, score_report

from .conftest import ROOT
from .factories import draft_dict
from .test_eval_matching import situation

FOUNDING = ROOT / "evals" / "founding"
Change = Callable[[dict[str, Any]], None]
STRANGER: dict[str, Any] = {"id": "A4", "name": "Syrian army", "aliases": [],
                             "type": "state_forces", "member_of": None, "backers": []}  # fmt: skip


def with_stranger() -> dict[str, Any]:
    """The factory draft with a fourth actor, unrelated to the others, to name wrongly."""
    data = draft_dict()
    data["actors"].append(dict(STRANGER))
    return data


GOLD = GoldReport.model_validate(with_stranger())


def scored(change: Change, section: str, *, as_situation: bool = True) -> SectionScore:
    """One section of the gold with ``change`` applied, scored against the gold."""
    data = with_stranger()
    change(data)
    predicted = situation(data) if as_situation else GoldReport.model_validate(data)
    return score_report(predicted, GOLD).sections[section]


def edit(section: str, **fields: Any) -> Change:
    def change(data: dict[str, Any]) -> None:
        data[section][0] |= fields

    return change


def counts(s: Counted) -> tuple[int, int, int, int, int]:
    return s.tp, s.contradicted, s.unlisted, s.fp, s.fn


def test_swapped_holders_of_a_control_change_are_contradicted_not_unlisted() -> None:
    s = scored(edit("control_changes", before="A1", after="A2"), "control_changes")
    assert counts(s) == (0, 1, 0, 1, 1)
    assert s.contradicted_share == 1.0
    assert s.precision == s.recall == 0.0
    (pair,) = s.contradicted_pairs
    assert (pair.predicted, pair.gold) == ("T1", "T1")
    assert pair.wrong == [
        "reversed: Free Syrian Army → Islamic State, gold Islamic State → Free Syrian Army"
    ]
    assert not s.invented and not s.missed and not s.pairs


def test_a_claim_with_the_right_sentence_and_the_wrong_claimant_is_contradicted() -> None:
    s = scored(edit("claims", claimant="A4"), "claims")
    assert counts(s) == (0, 1, 0, 1, 1)
    assert s.contradicted_pairs[0].wrong == ["claimant Syrian army, gold Islamic State"]


def test_an_actor_with_the_right_name_and_the_wrong_type_is_contradicted() -> None:
    s = scored(edit("actors", type="state_forces"), "actors")  # gold: rebel_group
    assert counts(s) == (3, 1, 0, 1, 1)  # of four actors
    assert s.contradicted_pairs[0].label == "Free Syrian Army"
    assert s.contradicted_pairs[0].wrong == ["type state_forces, gold rebel_group"]
    assert s.contradicted_share == 0.25
    assert s.precision == s.recall == 0.75


@pytest.mark.parametrize(
    ("section", "change", "wrong"),
    [
        ("people", edit("people", affiliation="A2"), "affiliation Islamic State, gold Osoud"),
        ("events", edit("events", type="air_strike"), "type air_strike, gold non_state_actor"),
        ("events", edit("events", type="government_regains_territory"), "type government_re"),
        ("events", edit("events", actors=["A1", "A4"]), "party Syrian army, gold Free Syrian"),
        ("control_changes", edit("control_changes", after="A4"), "holders Islamic State → Syr"),
        ("control_changes", edit("control_changes", before="A1", after=None), "reversed: Free"),
        ("control_changes", edit("control_changes", status="assessed"), "status assessed, gold"),
        ("claims", edit("claims", claimant="H1"), "claimant Talas al Salameh, gold Islamic"),
        ("uncertainties", edit("uncertainties", kind="hedged"), "kind hedged, gold single_source"),
    ],
)
def test_each_asserted_field_can_contradict(section: str, change: Change, wrong: str) -> None:
    s = scored(change, section)
    assert (s.tp, s.contradicted, s.unlisted) == (len(getattr(GOLD, section)) - 1, 1, 0), s
    assert s.contradicted_pairs[0].wrong[0].startswith(wrong), s.contradicted_pairs


def test_an_actor_under_the_wrong_umbrella_is_on_the_wrong_side() -> None:
    data = with_stranger()
    data["actors"][2]["member_of"] = "A4"  # Osoud al Sharqiya under the Syrian army
    s = score_report(situation(data), GOLD).sections["actors"]
    assert counts(s) == (3, 1, 0, 1, 1)
    assert s.contradicted_pairs[0].wrong == ["member of Syrian army, gold Free Syrian Army"]


@pytest.mark.parametrize(
    ("section", "change"),
    [
        ("actors", edit("actors", type="unknown")),  # asserts no type
        ("actors", edit("actors", member_of="A4")),  # the gold gives the FSA no umbrella
        ("people", edit("people", affiliation=None)),  # an omission, not a contradiction
        ("people", edit("people", affiliation="A1")),  # the umbrella of the gold's Osoud
        ("events", edit("events", actors=["A1"])),  # fewer parties, none wrong
        ("events", edit("events", actors=["A3", "A2"])),  # a faction of the gold's FSA
        ("control_changes", edit("control_changes", before=None)),
        ("control_changes", edit("control_changes", after="A3")),  # a faction of the FSA
        ("uncertainties", edit("uncertainties", kind="unverified")),  # the gold cannot tell
        ("events", edit("events", type="battle")),  # the clash that took the town
    ],
)
def test_omissions_umbrellas_and_kinds_the_gold_cannot_tell_apart_agree(
    section: str, change: Change
) -> None:
    s = scored(change, section)
    assert counts(s) == (len(getattr(GOLD, section)), 0, 0, 0, 0), s


def test_a_prediction_anchored_to_nothing_stays_unlisted() -> None:
    far = edit("claims", claimant="A4", text="Tanks crossed the river at dawn",
               quotes=["Talas al Salameh, commander of Osoud al Sharqiya"])  # fmt: skip
    s = scored(far, "claims")
    assert counts(s) == (0, 0, 1, 1, 1)
    assert s.invented and s.missed == ["Islamic State: IS did not lose the town"]


def test_contradictions_need_no_article_text_for_named_items() -> None:
    s = scored(edit("actors", type="coalition"), "actors", as_situation=False)
    assert (s.tp, s.contradicted) == (3, 1)


def test_a_match_on_wording_alone_is_judged_too() -> None:
    """A draft without evidence: the claim ties by its wording, not its quotes."""
    s = scored(edit("claims", claimant="A1"), "claims", as_situation=False)
    assert counts(s) == (0, 1, 0, 1, 1)


def test_totals_count_contradicted_per_section_and_overall_and_the_feedback_names_them() -> None:
    def wrong(data: dict[str, Any]) -> None:
        data["actors"][1]["type"] = "state_forces"
        data["control_changes"][0] |= {"before": "A1", "after": "A2"}

    data = with_stranger()
    wrong(data)
    first = score_report(situation(data), GOLD)
    second = score_report(situation(with_stranger()), GOLD)
    assert first.contradicted == 2 and second.contradicted == 0
    total = score_dataset([first, second])
    actors, changes = total.sections["actors"], total.sections["control_changes"]
    assert counts(actors) == (7, 1, 0, 1, 1)
    assert actors.contradicted_share == round(1 / 8, 4)
    assert (changes.tp, changes.contradicted, changes.contradicted_share) == (1, 1, 0.5)
    assert total.sections["places"].contradicted_share == 0.0
    assert total.contradicted == 2 and total.unlisted == 0
    tied = sum(s.tp for s in total.sections.values()) + 2
    assert total.contradicted_share == round(2 / tied, 4)
    line = next(f for f in first.feedback if f.startswith("actors:"))
    assert line == (
        "actors: contradicted Islamic State (type state_forces, gold political_militia) "
        "(3 of 4 found)"
    )


def test_an_empty_section_has_no_contradicted_share() -> None:
    s = score_report(GOLD, GOLD.model_copy(update={"people": []})).sections["people"]
    assert (s.tp, s.contradicted, s.unlisted, s.contradicted_share) == (0, 0, 1, None)


@pytest.mark.parametrize("path", sorted((FOUNDING / "gold").glob("*.json")), ids=lambda p: p.stem)
def test_gold_contradicts_nothing_of_itself(path: Any) -> None:
    gold = load_gold(path)
    text = (FOUNDING / "articles" / f"{path.stem}.txt").read_text(encoding="utf-8")
    score = score_report(situation(gold.model_dump(), text), gold)
    assert score.contradicted == 0
    assert all(score.sections[s].contradicted_share in (0.0, None) for s in SECTIONS)
