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

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from ..alignment import WORD, Aligner, normalize
from ..names import Kind, best_identity, identify
from ..schema.draft import (
    SECTION_NAMES,
    ActorDraft,
    ClaimDraft,
    ControlChangeDraft,
    EventDraft,
    PersonDraft,
    PlaceDraft,
    ReportDraft,
    UncertaintyDraft,
)
from ..schema.report import SituationReport

THRESHOLD = 0.5
"""A pair matches only when its similarity is above this."""
SECTIONS = SECTION_NAMES
STATEMENTS = ("events", "control_changes", "claims", "uncertainties")
"""Sections whose items cite quotes."""
Report = ReportDraft | SituationReport
Similarity = Callable[[Any, Any, "ReportIndex", "ReportIndex"], float]
Span = tuple[int, int]

_DOUBLED = re.compile(r"(.)\1+")
_ARTICLE_PREFIX = re.compile(r"\b(?:[ae]l|[ae][dnrstz]|[ae]sh|[ae])-")
_KINDS: dict[str, Kind] = {"A": "actor", "H": "person", "L": "place"}
MIN_OVERLAP = 10
"""Characters two quotes must share before their overlap counts as evidence."""
KIND_GROUPS: tuple[frozenset[str], ...] = (
    frozenset({"unverified", "single_source"}),
    frozenset({"disputed", "conflicting_figures"}),
)
"""Uncertainty kinds the gold itself cannot tell apart: a claim resting on one partisan source
is unverified; figures that disagree are disputed."""
UMBRELLA_CREDIT = 0.5
"""A claimant named by its umbrella (FSA for an FSA faction) or a person's affiliation."""


def _words(text: str) -> frozenset[str]:
    """A word list as tokens look after doubled letters collapse (troops -> trops)."""
    return frozenset(_DOUBLED.sub(r"\1", w) for w in text.split())


_STOPWORDS = _words(
    "a an and are as at be been but by for from had has have he her his in into is it its of on "
    "or our over said say says she that the their them there they this those to was we were "
    "which while who will with would"
)


def _tokens(text: str) -> list[str]:
    """Free-text word tokens: ``IS`` kept apart from the verb, articles and apostrophes gone."""
    text = re.sub(r"\bIS\b", "ISIS", text)
    norm = normalize(text)[0]
    norm = re.sub(r"'s\b", "", norm).replace("'", "").replace(".", "")
    norm = _ARTICLE_PREFIX.sub(" ", norm)
    return [_DOUBLED.sub(r"\1", t) for t in WORD.findall(norm) if t not in {"al", "el", "the"}]


def _dice(a: frozenset[str], b: frozenset[str]) -> float:
    """Token-set F1."""
    return 2 * len(a & b) / (len(a) + len(b)) if a and b else 0.0


def name_similarity(a: str, b: str, kind: Kind = "actor") -> float:
    """How alike two names of one article are, 1.0 for the same party under another name."""
    return identify(a, b, kind, one_article=True).score


def names_similarity(a: Sequence[str], b: Sequence[str], kind: Kind = "actor") -> float:
    """The best similarity between any name of one item and any name of the other."""
    return best_identity(a, b, kind, one_article=True).score


@lru_cache(maxsize=8192)
def _content_tokens(text: str) -> frozenset[str]:
    """Content words, crudely stemmed so ``captured``, ``captures`` and ``capture`` agree."""
    words = (t for t in _tokens(text) if t not in _STOPWORDS)
    return frozenset(re.sub(r"(ing|ed|es|s|e)$", "", t) if len(t) > 4 else t for t in words)


def text_similarity(a: str | None, b: str | None) -> float:
    """Token-set F1 over content words; 1.0 when both are absent."""
    if not a and not b:
        return 1.0
    return _dice(_content_tokens(a or ""), _content_tokens(b or ""))


def numbers_close(a: int | None, b: int | None) -> bool:
    """Equal within 10% or plus or minus one; two absent numbers agree."""
    if a is None or b is None:
        return a is b
    return abs(a - b) <= max(1.0, 0.1 * max(a, b))


def date_similarity(a: str | None, b: str | None) -> float:
    """1.0 when one date is a prefix of the other (2016-06 covers 2016-06-29), 0.5 same month."""
    if a is None or b is None:
        return 1.0 if a is b else 0.0
    x, y = a.strip().casefold(), b.strip().casefold()
    if x.startswith(y) or y.startswith(x):
        return 1.0
    return 0.5 if len(x) >= 7 and x[:7] == y[:7] else 0.0


@dataclass(frozen=True)
class ReportIndex:
    """One report's ids resolved to names, umbrellas and quoted spans, so items compare across
    reports that share no ids."""

    names: Mapping[str, tuple[str, ...]]
    up: Mapping[str, str] = field(default_factory=dict)
    spans: Mapping[str, tuple[Span, ...]] = field(default_factory=dict)

    @classmethod
    def of(cls, report: Report, text: str | None = None) -> ReportIndex:
        """Actors resolve to their name and aliases, people and places to their name; an actor
        goes up to its umbrella, a person to their affiliation. Statements' quotes become
        character spans: a report's own evidence, else the quotes found in ``text``."""
        names: dict[str, tuple[str, ...]] = {"civilians": ("civilians",), "unknown": ("unknown",)}
        names |= {a.id: (a.name, *a.aliases) for a in report.actors}
        names |= {p.id: (p.name,) for p in report.people}
        names |= {p.id: (p.name,) for p in report.places}
        up = {a.id: a.member_of for a in report.actors if a.member_of}
        up |= {p.id: p.affiliation for p in report.people if p.affiliation}
        return cls(names, up, _spans(report, text))

    def __call__(self, ref: str | None) -> tuple[str, ...]:
        """The names behind ``ref``; an id that resolves to nothing has no names."""
        return self.names.get(ref, ()) if ref else ()

    def umbrella(self, ref: str) -> tuple[str, ...]:
        """The names of the actor ``ref`` belongs to (its umbrella, or a person's affiliation)."""
        return self(self.up.get(ref))

    def evidence(self, item_id: str) -> tuple[Span, ...]:
        """Where the item's quotes are in the article; none when they were not found."""
        return self.spans.get(item_id, ())


def _spans(report: Report, text: str | None) -> dict[str, tuple[Span, ...]]:
    """Each statement's quoted character spans."""
    spans: dict[str, tuple[Span, ...]] = {}
    aligner: Aligner | None = None
    for section in STATEMENTS:
        for item in getattr(report, section):
            evidence = getattr(item, "evidence", None)
            if evidence is not None:
                found = [(e.start, e.end) for e in evidence if e.start is not None]
            elif text is not None:
                aligner = aligner or Aligner(text)
                found = [(a.start, a.end) for a in map(aligner.align, item.quotes)]
            else:
                continue
            spans[item.id] = tuple((x, y) for x, y in found if x is not None and y is not None)
    return spans


def evidence_similarity(a: Sequence[Span], b: Sequence[Span]) -> float:
    """The share of the shorter quote that the other covers, best pair of quotes; overlaps
    under ``MIN_OVERLAP`` characters (a shared name) count nothing."""
    best = 0.0
    for start_a, end_a in a:
        for start_b, end_b in b:
            overlap = min(end_a, end_b) - max(start_a, start_b)
            if overlap >= MIN_OVERLAP:
                best = max(best, overlap / min(end_a - start_a, end_b - start_b))
    return best


def kind_of(ref: str | None) -> Kind:
    """What an id names: ``H`` a person, ``L`` a place, anything else an actor."""
    return _KINDS.get((ref or "A")[:1], "actor")


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
    return 0.6 * _content(a.description, b.description, a.id, b.id, ra, rb) + 0.4 * attributes


def _content(a: str, b: str, id_a: str, id_b: str, ra: ReportIndex, rb: ReportIndex) -> float:
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
    content = _content(a.text, b.text, a.id, b.id, ra, rb)
    return (0.75 * content + 0.25 * kinds) * (0.7 + 0.3 * claimant)


def same_kind(a: str, b: str) -> bool:
    """Equal uncertainty kinds, or kinds the gold cannot tell apart (``KIND_GROUPS``)."""
    return a == b or any(a in group and b in group for group in KIND_GROUPS)


def uncertainty_similarity(
    a: UncertaintyDraft, b: UncertaintyDraft, ra: ReportIndex, rb: ReportIndex
) -> float:
    """Mostly what is uncertain, by wording or shared quotes, plus its kind."""
    content = _content(a.text, b.text, a.id, b.id, ra, rb)
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
