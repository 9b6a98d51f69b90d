"""Contradicted predictions: items that name the right thing but assert something wrong of it.

A prediction is judged against gold in three ways:

* **confirmed**: paired with a gold item by :func:`.matching.pair_items` and asserting nothing
  the gold contradicts (a true positive);
* **contradicted**: tied to a gold item by its *anchor* (what says which item it is) but wrong
  in what it asserts of it;
* **unlisted**: neither (a plain false positive, an invented item).

Anchors, each a similarity in [0, 1] that ties a pair when above the threshold:

* actors: name or alias; people and places: name;
* events: the quoted evidence or the wording (:func:`.matching.content_similarity`), and the
  place when both name one (one sentence may report strikes on two towns);
* control changes: the place, or the quoted evidence;
* claims and uncertainties: the quoted evidence or the wording.

What is judged (``contradictions``); a field either side leaves empty, and the catch-all
``unknown`` actor type, assert nothing and contradict nothing:

* actors: ``type``; the side, ``member_of``;
* people: ``affiliation``;
* places: nothing (a place is its name);
* events: ``type`` (a battle and its territorial outcome agree, :data:`EVENT_TYPE_GROUPS`);
  ``actors``, each predicted party must be one of the gold's;
* control changes: direction (reversed: the gold's new holder named as the previous one, or
  the other way round, and neither holder in its gold place), ``before`` and ``after``
  holders, ``status``;
* claims: ``claimant`` (no claimant of the gold, nor its umbrella or affiliation);
* uncertainties: ``kind`` (kinds in :data:`.matching.KIND_GROUPS` agree).

Two parties are the same when their names match, or when one is the other's umbrella (an FSA
faction and the FSA) or a person's affiliation. The matcher's pairs are judged first; the
predictions and gold items left over are then paired by anchor alone (optimal one-to-one
assignment over the pairs that are anchored *and* contradicted), so a reversed control change
or a claim with the wrong speaker, which the matcher rejects, still counts as contradicted.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from .index import ReportIndex, evidence_similarity
from .matching import (
    THRESHOLD,
    claimant_similarity,
    content_similarity,
    pair_items,
    ref_similarity,
    same_kind,
)
from .similarity import name_similarity, names_similarity

Anchor = Callable[[Any, Any, ReportIndex, ReportIndex], float]
Judge = Callable[[Any, Any, ReportIndex, ReportIndex], list[str]]
UNKNOWN_TYPE = "unknown"


def _first(refs: ReportIndex, ref: str | None) -> str:
    return (refs(ref) or ("none",))[0]


def same_party(a: str | None, b: str | None, ra: ReportIndex, rb: ReportIndex) -> bool:
    """Two references name one party: the names match, or one names the other's umbrella (or
    a person's affiliation). Two absent references are not a party."""
    x, y = ra(a), rb(b)

    def alike(p: tuple[str, ...], q: tuple[str, ...]) -> bool:
        return bool(p and q) and names_similarity(p, q) > THRESHOLD

    if not x or not y or a is None or b is None:
        return False
    return alike(x, y) or alike(x, rb.umbrella(b)) or alike(ra.umbrella(a), y)


def _differ(a: str | None, b: str | None, ra: ReportIndex, rb: ReportIndex) -> bool:
    """Both references given and naming different parties."""
    return bool(ra(a)) and bool(rb(b)) and not same_party(a, b, ra, rb)


# Anchors -----------------------------------------------------------------------------------


def actor_anchor(a: Any, b: Any, ra: ReportIndex, rb: ReportIndex) -> float:
    return names_similarity((a.name, *a.aliases), (b.name, *b.aliases), "actor")


def person_anchor(a: Any, b: Any, ra: ReportIndex, rb: ReportIndex) -> float:
    return name_similarity(a.name, b.name, "person")


def place_anchor(a: Any, b: Any, ra: ReportIndex, rb: ReportIndex) -> float:
    return name_similarity(a.name, b.name, "place")


def event_anchor(a: Any, b: Any, ra: ReportIndex, rb: ReportIndex) -> float:
    """The evidence or wording; zero when both name places and the places differ."""
    places = (ra(a.place), rb(b.place))
    if all(places) and ref_similarity(*places, kind="place") <= THRESHOLD:
        return 0.0
    return content_similarity(a.description, b.description, a.id, b.id, ra, rb)


def control_anchor(a: Any, b: Any, ra: ReportIndex, rb: ReportIndex) -> float:
    return max(
        ref_similarity(ra(a.place), rb(b.place), one_missing=0.0, kind="place"),
        evidence_similarity(ra.evidence(a.id), rb.evidence(b.id)),
    )


def statement_anchor(a: Any, b: Any, ra: ReportIndex, rb: ReportIndex) -> float:
    return content_similarity(a.text, b.text, a.id, b.id, ra, rb)


ANCHOR: dict[str, Anchor] = {
    "actors": actor_anchor,
    "people": person_anchor,
    "places": place_anchor,
    "events": event_anchor,
    "control_changes": control_anchor,
    "claims": statement_anchor,
    "uncertainties": statement_anchor,
}


# What a prediction asserts wrongly ---------------------------------------------------------


def actor_contradictions(a: Any, b: Any, ra: ReportIndex, rb: ReportIndex) -> list[str]:
    wrong = []
    if UNKNOWN_TYPE not in (a.type, b.type) and a.type != b.type:
        wrong.append(f"type {a.type}, gold {b.type}")
    if _differ(a.member_of, b.member_of, ra, rb):
        wrong.append(f"member of {_first(ra, a.member_of)}, gold {_first(rb, b.member_of)}")
    return wrong


def person_contradictions(a: Any, b: Any, ra: ReportIndex, rb: ReportIndex) -> list[str]:
    if _differ(a.affiliation, b.affiliation, ra, rb):
        return [f"affiliation {_first(ra, a.affiliation)}, gold {_first(rb, b.affiliation)}"]
    return []


def place_contradictions(a: Any, b: Any, ra: ReportIndex, rb: ReportIndex) -> list[str]:
    return []


EVENT_TYPE_GROUPS: tuple[frozenset[str], ...] = (
    frozenset({"battle", "government_regains_territory"}),
    frozenset({"battle", "non_state_actor_overtakes_territory"}),
)
"""Event types that do not contradict each other: ACLED codes a change of territory as a kind
of battle, so a clash that took a town is both; the two outcomes (who took it) still differ."""


def same_event_type(a: str, b: str) -> bool:
    """Equal event types, or a battle and the territorial outcome of one."""
    return a == b or any(a in group and b in group for group in EVENT_TYPE_GROUPS)


def event_contradictions(a: Any, b: Any, ra: ReportIndex, rb: ReportIndex) -> list[str]:
    wrong = []
    if not same_event_type(a.type, b.type):
        wrong.append(f"type {a.type}, gold {b.type}")
    if b.actors:
        strangers = [x for x in a.actors if not any(same_party(x, y, ra, rb) for y in b.actors)]
        if strangers:
            gold = ", ".join(_first(rb, y) for y in b.actors)
            wrong.append(f"party {', '.join(_first(ra, x) for x in strangers)}, gold {gold}")
    return wrong


def control_contradictions(a: Any, b: Any, ra: ReportIndex, rb: ReportIndex) -> list[str]:
    def holders(item: Any, refs: ReportIndex) -> str:
        return f"{_first(refs, item.before)} → {_first(refs, item.after)}"

    wrong = []
    crossed = same_party(a.before, b.after, ra, rb) or same_party(a.after, b.before, ra, rb)
    kept = same_party(a.before, b.before, ra, rb) or same_party(a.after, b.after, ra, rb)
    if crossed and not kept:
        wrong.append(f"reversed: {holders(a, ra)}, gold {holders(b, rb)}")
    elif _differ(a.before, b.before, ra, rb) or _differ(a.after, b.after, ra, rb):
        wrong.append(f"holders {holders(a, ra)}, gold {holders(b, rb)}")
    if a.status != b.status:
        wrong.append(f"status {a.status}, gold {b.status}")
    return wrong


def claim_contradictions(a: Any, b: Any, ra: ReportIndex, rb: ReportIndex) -> list[str]:
    if claimant_similarity(a, b, ra, rb) == 0.0:
        return [f"claimant {_first(ra, a.claimant)}, gold {_first(rb, b.claimant)}"]
    return []


def uncertainty_contradictions(a: Any, b: Any, ra: ReportIndex, rb: ReportIndex) -> list[str]:
    return [] if same_kind(a.kind, b.kind) else [f"kind {a.kind}, gold {b.kind}"]


CONTRADICTIONS: dict[str, Judge] = {
    "actors": actor_contradictions,
    "people": person_contradictions,
    "places": place_contradictions,
    "events": event_contradictions,
    "control_changes": control_contradictions,
    "claims": claim_contradictions,
    "uncertainties": uncertainty_contradictions,
}


@dataclass(frozen=True)
class Contradicted:
    """A prediction tied to a gold item but wrong in what it says of it, and what is wrong."""

    predicted: int
    gold: int
    score: float
    wrong: tuple[str, ...]


@dataclass(frozen=True)
class Judgement:
    """One section's predictions and gold items, each judged once."""

    confirmed: list[tuple[int, int, float]]
    contradicted: list[Contradicted]
    unlisted: list[int]
    missed: list[int]


def judge_items(
    section: str,
    predicted: Sequence[Any],
    gold: Sequence[Any],
    predicted_refs: ReportIndex,
    gold_refs: ReportIndex,
    threshold: float = THRESHOLD,
) -> Judgement:
    """Confirmed, contradicted and unlisted predictions, and the gold items nothing named.

    The matcher's pairs come first: a pair is confirmed unless the prediction contradicts its
    gold item. Then the predictions and gold items left over are paired by anchor, maximising
    the total anchor similarity over pairs that are anchored above ``threshold`` and
    contradicted; those pairs are contradicted, everything else unlisted or missed.
    """
    judge = CONTRADICTIONS[section]
    pr, gr = predicted_refs, gold_refs
    pairing = pair_items(section, predicted, gold, pr, gr, threshold)
    confirmed: list[tuple[int, int, float]] = []
    contradicted: list[Contradicted] = []
    for p, g, score in pairing.pairs:
        wrong = judge(predicted[p], gold[g], pr, gr)
        if wrong:
            contradicted.append(Contradicted(p, g, score, tuple(wrong)))
        else:
            confirmed.append((p, g, score))
    left_p, left_g = pairing.unmatched_predicted, pairing.unmatched_gold
    if left_p and left_g:
        # The [eval] extra, as in pair_items.
        import numpy as np
        from scipy.optimize import linear_sum_assignment

        anchor = ANCHOR[section]
        matrix = np.zeros((len(left_p), len(left_g)))
        found: dict[tuple[int, int], list[str]] = {}
        for i, p in enumerate(left_p):
            for j, g in enumerate(left_g):
                score = anchor(predicted[p], gold[g], pr, gr)
                if score > threshold and (wrong := judge(predicted[p], gold[g], pr, gr)):
                    matrix[i, j], found[i, j] = score, wrong
        rows, cols = linear_sum_assignment(matrix, maximize=True)
        for i, j in zip(rows, cols, strict=True):
            if (int(i), int(j)) in found:
                wrong = found[int(i), int(j)]
                score = round(float(matrix[i, j]), 4)
                contradicted.append(Contradicted(left_p[i], left_g[j], score, tuple(wrong)))
    used_p = {c.predicted for c in contradicted} | {p for p, _, _ in confirmed}
    used_g = {c.gold for c in contradicted} | {g for _, g, _ in confirmed}
    contradicted.sort(key=lambda c: c.predicted)
    return Judgement(
        confirmed,
        contradicted,
        [i for i in range(len(predicted)) if i not in used_p],
        [i for i in range(len(gold)) if i not in used_g],
    )
