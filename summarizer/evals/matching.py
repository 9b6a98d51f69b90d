"""Domain-aware similarity between report items, and the optimal pairing of two item lists.

Two reports never share ids, so cross-references (event actors, claimants, control-change
places and sides) are compared through the names they resolve to in each report's own lists.
Names are compared alias- and transliteration-aware: every name and alias of one item against
every one of the other, after normalising (case, diacritics, quotes and dashes), dropping
apostrophes and periods, stripping Arabic article prefixes (al-, a-, ad-, el-, ...) and "the",
collapsing doubled letters (Qassab = Qasab) and, for words of three letters or more, comparing
consonant skeletons (Usud = Osoud, Sharqiya = Sharqia). A small synonym table ties names that
share no words (Daesh = Islamic State; regime = Syrian government). Free text is compared by
token-set F1 over content words. Every section's similarity is in [0, 1]; a pair is a match
only above the threshold, so attributes (types, status) add partial credit but cannot
make a match out of a weak identity on their own.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..alignment import WORD, normalize
from ..models import (
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
from ..report import SituationReport

THRESHOLD = 0.5
"""A pair matches only when its similarity is above this."""
SECTIONS = SECTION_NAMES
Report = ReportDraft | SituationReport
Similarity = Callable[[Any, Any, "Refs", "Refs"], float]

_SYNONYMS: dict[str, tuple[str, ...]] = {
    "islamic_state": (
        "IS", "ISIS", "ISIL", "Islamic State", "Daesh", "Daish", "Islamic State group",
        "Islamic State of Iraq and Syria", "Islamic State in Iraq and Syria",
        "Islamic State of Iraq and the Levant",
    ),
    "syrian_government": (
        "regime", "Syrian regime", "Assad regime", "Syrian government", "government",
        "Syrian army", "Syrian Arab Army", "SAA", "Syrian", "pro-regime", "pro-government",
        "Assad government", "Damascus government",
    ),
    "us_coalition": (
        "coalition", "US-led coalition", "US coalition", "American-led coalition",
        "international coalition", "global coalition", "anti-ISIS coalition",
        "Operation Inherent Resolve", "CJTF-OIR",
    ),
}  # fmt: skip
_DOUBLED = re.compile(r"(.)\1+")


def _words(text: str) -> frozenset[str]:
    """A word list as tokens look after doubled letters collapse (troops -> trops)."""
    return frozenset(_DOUBLED.sub(r"\1", w) for w in text.split())


_GENERIC = _words("forces force troops fighters militants group units soldiers army")
_ARTICLES = frozenset({"al", "el", "the"})
_ARTICLE_PREFIX = re.compile(r"\b(?:[ae]l|[ae][dnrstz]|[ae]sh|[ae])-")
_GLUED_ARTICLE = re.compile(r"\b[ae]([dnrstz])\1")
_VOWELS = re.compile(r"[aeiouy]")
_WEAK_WORDS = (
    "syria syrian us american backed led rebel rebels opposition militia militias air base "
    "border crossing camp refugee military city town village province highway road mountain "
    "mountains desert region area news agency media"
)
_CONNECTIVES = _words("of and for in")
_STOPWORDS = _words(
    "a an and are as at be been but by for from had has have he her his in into is it its of on "
    "or our over said say says she that the their them there they this those to was we were "
    "which while who will with would"
)


def _tokens(text: str, *, name: bool = False) -> list[str]:
    """Normalised word tokens: ``IS`` kept apart from the verb, articles and apostrophes gone.

    In names a glued sun-letter article goes too: ``Ezzor`` is ``ez-Zor``.
    """
    text = re.sub(r"\bIS\b", "ISIS", text)
    norm = normalize(text)[0]
    norm = re.sub(r"'s\b", "", norm).replace("'", "").replace(".", "")
    norm = _ARTICLE_PREFIX.sub(" ", norm)
    if name:
        norm = _GLUED_ARTICLE.sub(r"\1", norm)
    return [_DOUBLED.sub(r"\1", t) for t in WORD.findall(norm) if t not in _ARTICLES]


def _skeleton(token: str) -> str:
    """A transliteration-tolerant key for words of three letters or more: the consonants,
    after a leading vowel kept as ``a`` (Usud = Osoud, but Iraq is not Raqqa)."""
    if len(token) < 3 or token.isdigit():
        return token
    head = "a" if token[0] in "aeiou" else token[0]
    key = head + _VOWELS.sub("", token[1:])
    return key if len(key) >= 2 else token


_WEAK = frozenset(_skeleton(w) for w in _words(_WEAK_WORDS))


def _specific(tokens: tuple[str, ...]) -> tuple[str, ...]:
    """Tokens without generic words (forces, troops), unless nothing else is left."""
    return tuple(t for t in tokens if t not in _GENERIC) or tokens


_GROUPS = {
    " ".join(_specific(tuple(_tokens(v, name=True)))): group
    for group, vs in _SYNONYMS.items()
    for v in vs
}


@dataclass(frozen=True)
class _NameKey:
    """What name comparison needs, computed once per distinct name."""

    group: str | None
    raw: tuple[str, ...]
    keys: frozenset[str]


@lru_cache(maxsize=8192)
def _name_key(name: str) -> _NameKey:
    """A name's synonym group, its tokens and its transliteration-tolerant keys."""
    raw = tuple(_tokens(name, name=True))
    specific = _specific(raw)
    group = _GROUPS.get(" ".join(specific))
    return _NameKey(group, raw, frozenset(_skeleton(t) for t in specific))


@lru_cache(maxsize=8192)
def _variants(name: str) -> tuple[str, ...]:
    """A name and its parts: ``Islamic State (IS)`` is also ``Islamic State`` and ``IS``."""
    inner = re.findall(r"\(([^)]*)\)", name)
    outer = re.sub(r"\([^)]*\)", " ", name)
    parts = [p for piece in (outer, *inner) for p in piece.split("/")]
    return tuple(p.strip() for p in parts if p.strip()) or (name,)


def _is_acronym(short: tuple[str, ...], long: tuple[str, ...]) -> bool:
    """``sdf`` for ``syrian democratic forces``: one token made of the other's initials."""
    words = [t for t in long if t not in _CONNECTIVES]
    return len(short) == 1 and len(words) >= 2 and short[0] == "".join(w[0] for w in words)


def _dice(a: frozenset[str], b: frozenset[str], weak: frozenset[str] = frozenset()) -> float:
    """Token-set F1; ``weak`` tokens (Syrian, rebels, camp) count half, being common in names."""

    def weight(keys: frozenset[str]) -> float:
        return sum(0.5 if k in weak else 1.0 for k in keys)

    return 2 * weight(a & b) / (weight(a) + weight(b)) if a and b else 0.0


def _pair_similarity(a: str, b: str) -> float:
    """Synonym groups decide when either name is in one; else acronym, else weighted Dice."""
    ka, kb = _name_key(a), _name_key(b)
    if ka.group or kb.group:
        return 1.0 if ka.group == kb.group else 0.0
    if _is_acronym(ka.raw, kb.raw) or _is_acronym(kb.raw, ka.raw):
        return 1.0
    return _dice(ka.keys, kb.keys, _WEAK)


def name_similarity(a: str, b: str) -> float:
    """How alike two names are, 1.0 for the same party under another spelling or alias."""
    return max(_pair_similarity(x, y) for x in _variants(a) for y in _variants(b))


def names_similarity(a: Sequence[str], b: Sequence[str]) -> float:
    """The best similarity between any name of one item and any name of the other."""
    return max((name_similarity(x, y) for x in a for y in b), default=0.0)


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
class Refs:
    """One report's ids resolved to names, so references compare across reports."""

    names: Mapping[str, tuple[str, ...]]

    @classmethod
    def of(cls, report: Report) -> Refs:
        """Actors resolve to their name and aliases, people and places to their name."""
        names: dict[str, tuple[str, ...]] = {"civilians": ("civilians",), "unknown": ("unknown",)}
        names |= {a.id: (a.name, *a.aliases) for a in report.actors}
        names |= {p.id: (p.name,) for p in report.people}
        names |= {p.id: (p.name,) for p in report.places}
        return cls(names)

    def __call__(self, ref: str | None) -> tuple[str, ...]:
        """The names behind ``ref``; an id that resolves to nothing has no names."""
        return self.names.get(ref, ()) if ref else ()


def ref_similarity(a: tuple[str, ...], b: tuple[str, ...], *, one_missing: float = 0.25) -> float:
    """Two resolved references: both absent agree, one absent earns ``one_missing``."""
    if not a or not b:
        return 1.0 if not a and not b else one_missing
    return names_similarity(a, b)


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


def actor_similarity(a: ActorDraft, b: ActorDraft, ra: Refs, rb: Refs) -> float:
    """Best name-or-alias match, scaled down a fifth when the ACLED type differs."""
    return names_similarity((a.name, *a.aliases), (b.name, *b.aliases)) * (
        0.8 + 0.2 * float(a.type == b.type)
    )


def person_similarity(a: PersonDraft, b: PersonDraft, ra: Refs, rb: Refs) -> float:
    """Name match, scaled down a little when the affiliations resolve to different actors."""
    affiliation = ref_similarity(ra(a.affiliation), rb(b.affiliation), one_missing=0.5)
    return name_similarity(a.name, b.name) * (0.85 + 0.15 * affiliation)


def place_similarity(a: PlaceDraft, b: PlaceDraft, ra: Refs, rb: Refs) -> float:
    """Name match, scaled down a fifth when the kind of place differs."""
    return name_similarity(a.name, b.name) * (0.8 + 0.2 * float(a.kind == b.kind))


def _fatality_similarity(a: EventDraft, b: EventDraft, ra: Refs, rb: Refs) -> float:
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


def event_similarity(a: EventDraft, b: EventDraft, ra: Refs, rb: Refs) -> float:
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
        weighted.append((0.2, ref_similarity(ra(a.place), rb(b.place), one_missing=0.0)))
    if a.date and b.date:  # an omitted date is common and says nothing against the match
        weighted.append((0.1, date_similarity(a.date, b.date)))
    if a.fatalities or b.fatalities:
        weighted.append((0.1, _fatality_similarity(a, b, ra, rb)))
    attributes = sum(w * v for w, v in weighted) / sum(w for w, _ in weighted)
    return 0.6 * text_similarity(a.description, b.description) + 0.4 * attributes


def control_similarity(a: ControlChangeDraft, b: ControlChangeDraft, ra: Refs, rb: Refs) -> float:
    """Same place, then direction: before and after sides weigh most, so a reversal scores low."""
    place = ref_similarity(ra(a.place), rb(b.place), one_missing=0.0)
    direction = 0.35 * ref_similarity(ra(a.before), rb(b.before)) + 0.35 * ref_similarity(
        ra(a.after), rb(b.after)
    )
    area = 0.5 if (a.area is None) != (b.area is None) else text_similarity(a.area, b.area)
    return place * (direction + 0.2 * float(a.status == b.status) + 0.1 * area)


def claim_similarity(a: ClaimDraft, b: ClaimDraft, ra: Refs, rb: Refs) -> float:
    """Zero unless the claimants' names match; then mostly what is claimed, plus topic, modality."""
    if names_similarity(ra(a.claimant), rb(b.claimant)) <= THRESHOLD:
        return 0.0
    kinds = 0.5 * float(a.topic == b.topic) + 0.5 * float(a.modality == b.modality)
    return 0.75 * text_similarity(a.text, b.text) + 0.25 * kinds


def uncertainty_similarity(a: UncertaintyDraft, b: UncertaintyDraft, ra: Refs, rb: Refs) -> float:
    """Mostly the wording of what is uncertain, plus its kind."""
    return 0.75 * text_similarity(a.text, b.text) + 0.25 * float(a.kind == b.kind)


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
    predicted_refs: Refs,
    gold_refs: Refs,
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
