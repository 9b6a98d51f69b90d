"""Domain-aware similarity between report items, and the optimal pairing of two item lists.

Two reports never share ids, so cross-references (event actors, claimants, control-change
places and sides) are compared through the names they resolve to in each report's own lists.
Names are compared by :mod:`summarizer.names` as names of one article: every name and alias
of one item against every one of the other, spellings folded, known alias sets applied, a bare
generic word a likely match for the listed party whose name holds it. Statements (events,
control changes, claims, uncertainties) also match on evidence: quotes that cover the same
characters of the article are strong identity evidence, since paraphrases of one statement
share few words. A claimant's umbrella or a person's affiliation earns partial credit, and a
gold claim may name several claimants. Free text is compared by token-set F1 over content
words. Every section's similarity is in [0, 1]; a pair is a match only above the threshold, so
attributes (types, status) add partial credit but cannot make a match out of a weak identity
on their own.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from ..names import Kind
from ..schema.draft import (
    SECTION_NAMES,
    ActorDraft,
    ClaimDraft,
    ControlChangeDraft,
    EventDraft,
    PersonDraft,
    PlaceDraft,
    UncertaintyDraft,
)
from .index import ReportIndex, evidence_similarity, kind_of
from .similarity import (
    date_similarity,
    name_similarity,
    names_similarity,
    numbers_close,
    text_similarity,
)

THRESHOLD = 0.5
"""A pair matches only when its similarity is above this."""
SECTIONS = SECTION_NAMES
Similarity = Callable[[Any, Any, "ReportIndex", "ReportIndex"], float]

KIND_GROUPS: tuple[frozenset[str], ...] = (
    frozenset({"unverified", "single_source"}),
    frozenset({"disputed", "conflicting_figures"}),
)
"""Uncertainty kinds the gold itself cannot tell apart: a claim resting on one partisan source
is unverified; figures that disagree are disputed."""
UMBRELLA_CREDIT = 0.5
"""A claimant named by its umbrella (FSA for an FSA faction) or a person's affiliation."""


def ref_similarity(
    a: tuple[str, ...], b: tuple[str, ...], *, one_missing: float = 0.25, kind: Kind = "actor"
) -> float:
    """Two resolved references: both absent agree, one absent earns ``one_missing``."""
    if not a or not b:
        return 1.0 if not a and not b else one_missing
    return names_similarity(a, b, kind)


def _group_similarity(a: list[tuple[str, ...]], b: list[tuple[str, ...]]) -> float:
    """F1 of two lists of resolved references, each name counted once (greedy)."""
    if not a and not b:
        return 1.0
    left = list(b)
    found = 0
    for names in a:
        scores = [names_similarity(names, other) for other in left]
        if scores and max(scores) > THRESHOLD:
            left.pop(scores.index(max(scores)))
            found += 1
    return 2 * found / (len(a) + len(b))


def actor_similarity(a: ActorDraft, b: ActorDraft, ra: ReportIndex, rb: ReportIndex) -> float:
    """Best name-or-alias match, scaled down a fifth when the ACLED type differs."""
    return names_similarity((a.name, *a.aliases), (b.name, *b.aliases), "actor") * (
        0.8 + 0.2 * float(a.type == b.type)
    )


def person_similarity(a: PersonDraft, b: PersonDraft, ra: ReportIndex, rb: ReportIndex) -> float:
    """Name match, scaled down a little when the affiliations resolve to different actors."""
    affiliation = ref_similarity(ra(a.affiliation), rb(b.affiliation), one_missing=0.5)
    return name_similarity(a.name, b.name, "person") * (0.85 + 0.15 * affiliation)


def place_similarity(a: PlaceDraft, b: PlaceDraft, ra: ReportIndex, rb: ReportIndex) -> float:
    """Name match (a place headed by the other's name, or an alias, counts), scaled down a
    fifth when the kind of place differs."""
    return name_similarity(a.name, b.name, "place") * (0.8 + 0.2 * float(a.kind == b.kind))


def _fatality_similarity(a: EventDraft, b: EventDraft, ra: ReportIndex, rb: ReportIndex) -> float:
    """Death counts agreeing within tolerance, half credit each for the group and the number."""
    fa, fb = (
        [(r(f.who), next((n for n in (f.best, f.low, f.high) if n is not None), None))
         for f in e.fatalities]
        for e, r in ((a, ra), (b, rb))
    )  # fmt: skip
    if not fa or not fb:
        return 1.0 if not fa and not fb else 0.0
    total = 0.0
    for who, count in fa:
        total += max(
            0.5 * (names_similarity(who, w) > THRESHOLD) + 0.5 * numbers_close(count, c)
            for w, c in fb
        )
    return total / max(len(fa), len(fb))


def event_similarity(a: EventDraft, b: EventDraft, ra: ReportIndex, rb: ReportIndex) -> float:
    """Description first; type, actors, place, date and deaths count where either side has them.

    Fields both reports leave empty are left out of the average rather than counted as
    agreement, so two unrelated events cannot match on shared blanks; so is a date only one
    side gives.
    """
    weighted = [(0.3, float(a.type == b.type))]
    if a.actors or b.actors:
        actors = _group_similarity([ra(x) for x in a.actors], [rb(x) for x in b.actors])
        weighted.append((0.3, actors))
    if a.place or b.place:
        place = ref_similarity(ra(a.place), rb(b.place), one_missing=0.0, kind="place")
        weighted.append((0.2, place))
    if a.date and b.date:  # an omitted date is common and says nothing against the match
        weighted.append((0.1, date_similarity(a.date, b.date)))
    if a.fatalities or b.fatalities:
        weighted.append((0.1, _fatality_similarity(a, b, ra, rb)))
    attributes = sum(w * v for w, v in weighted) / sum(w for w, _ in weighted)
    return (
        0.6 * content_similarity(a.description, b.description, a.id, b.id, ra, rb)
        + 0.4 * attributes
    )


def content_similarity(
    a: str, b: str, id_a: str, id_b: str, ra: ReportIndex, rb: ReportIndex
) -> float:
    """What two statements say: their wording, or the article text their quotes share."""
    quoted = evidence_similarity(ra.evidence(id_a), rb.evidence(id_b))
    return max(text_similarity(a, b), quoted)


def control_similarity(
    a: ControlChangeDraft, b: ControlChangeDraft, ra: ReportIndex, rb: ReportIndex
) -> float:
    """Same place (or the same quoted words), then direction: before and after sides weigh
    most, so a reversal scores low."""
    place = max(
        ref_similarity(ra(a.place), rb(b.place), one_missing=0.0, kind="place"),
        evidence_similarity(ra.evidence(a.id), rb.evidence(b.id)),
    )
    direction = 0.35 * ref_similarity(ra(a.before), rb(b.before)) + 0.35 * ref_similarity(
        ra(a.after), rb(b.after)
    )
    area = 0.5 if (a.area is None) != (b.area is None) else text_similarity(a.area, b.area)
    return place * (direction + 0.2 * float(a.status == b.status) + 0.1 * area)


def _claimants(claim: ClaimDraft) -> tuple[str, ...]:
    """The claimant and, on a gold claim, the further claimants it allows."""
    also: Sequence[str] = getattr(claim, "also_claimants", ())
    return (claim.claimant, *also)


def claimant_similarity(a: ClaimDraft, b: ClaimDraft, ra: ReportIndex, rb: ReportIndex) -> float:
    """1.0 when any claimant of one is a claimant of the other; ``UMBRELLA_CREDIT`` when one
    names the other's umbrella or affiliation (the FSA for its faction); else 0."""
    pairs = [(x, y) for x in _claimants(a) for y in _claimants(b)]

    def alike(x: tuple[str, ...], y: tuple[str, ...], kind: Kind) -> bool:
        return bool(x and y) and names_similarity(x, y, kind) > THRESHOLD

    def kind(x: str, y: str) -> Kind:
        return "person" if kind_of(x) == kind_of(y) == "person" else "actor"

    if any(alike(ra(x), rb(y), kind(x, y)) for x, y in pairs):
        return 1.0
    if any(
        alike(ra(x), rb.umbrella(y), "actor") or alike(ra.umbrella(x), rb(y), "actor")
        for x, y in pairs
    ):
        return UMBRELLA_CREDIT
    return 0.0


def claim_similarity(a: ClaimDraft, b: ClaimDraft, ra: ReportIndex, rb: ReportIndex) -> float:
    """Zero unless the claimants match (or one is the other's umbrella, for less); then mostly
    what is claimed, by wording or shared quotes, plus topic and modality."""
    claimant = claimant_similarity(a, b, ra, rb)
    if not claimant:
        return 0.0
    kinds = 0.5 * float(a.topic == b.topic) + 0.5 * float(a.modality == b.modality)
    content = content_similarity(a.text, b.text, a.id, b.id, ra, rb)
    return (0.75 * content + 0.25 * kinds) * (0.7 + 0.3 * claimant)


def same_kind(a: str, b: str) -> bool:
    """Equal uncertainty kinds, or kinds the gold cannot tell apart (``KIND_GROUPS``)."""
    return a == b or any(a in group and b in group for group in KIND_GROUPS)


def uncertainty_similarity(
    a: UncertaintyDraft, b: UncertaintyDraft, ra: ReportIndex, rb: ReportIndex
) -> float:
    """Mostly what is uncertain, by wording or shared quotes, plus its kind."""
    content = content_similarity(a.text, b.text, a.id, b.id, ra, rb)
    return 0.75 * content + 0.25 * float(same_kind(a.kind, b.kind))


SIMILARITY: dict[str, Similarity] = {
    "actors": actor_similarity,
    "people": person_similarity,
    "places": place_similarity,
    "events": event_similarity,
    "control_changes": control_similarity,
    "claims": claim_similarity,
    "uncertainties": uncertainty_similarity,
}


@dataclass(frozen=True)
class Pairing:
    """The optimal one-to-one pairing of one section: matches, and what was left over."""

    pairs: list[tuple[int, int, float]]
    unmatched_predicted: list[int]
    unmatched_gold: list[int]


def pair_items(
    section: str,
    predicted: Sequence[Any],
    gold: Sequence[Any],
    predicted_refs: ReportIndex,
    gold_refs: ReportIndex,
    threshold: float = THRESHOLD,
) -> Pairing:
    """Pair items to maximise total similarity; pairs not above ``threshold`` are no matches."""
    pairs: list[tuple[int, int, float]] = []
    if predicted and gold:
        # The [eval] extra; imported here so that the package works without it.
        import numpy as np
        from scipy.optimize import linear_sum_assignment

        similarity = SIMILARITY[section]
        matrix = np.array(
            [[similarity(p, g, predicted_refs, gold_refs) for g in gold] for p in predicted]
        )
        rows, cols = linear_sum_assignment(matrix, maximize=True)
        pairs = [
            (int(r), int(c), round(float(matrix[r, c]), 4))
            for r, c in zip(rows, cols, strict=True)
            if matrix[r, c] > threshold
        ]
    used_p = {p for p, _, _ in pairs}
    used_g = {g for _, g, _ in pairs}
    return Pairing(
        pairs,
        [i for i in range(len(predicted)) if i not in used_p],
        [i for i in range(len(gold)) if i not in used_g],
    )
