"""Uncertainties from structure the program can see, with no model call.

- hedge words ("reportedly", "could not be independently verified", "declined to comment")
  mark the items cited in that sentence as hedged, unverified or missing;
- claims resting on unnamed sources ("a source", "activists said") are single-source;
- two speakers giving different figures on one topic are conflicting figures side by side;
  a denial answering another speaker's claim on the topic is a dispute;
- events told only by relative time ("on Tuesday") are undated, unless the article prints its
  own date (with a year), against which a reader resolves them.
"""

from __future__ import annotations

import re
from itertools import pairwise

from ..schema.draft import (
    ClaimDraft,
    ControlChangeDraft,
    EventDraft,
    UncertaintyDraft,
    UncertaintyKind,
    item_id,
)
from .entities import Entities
from .evidence import TEXT_MAX, clip, numbers, quote
from .lexicon import Lexicon
from .text import Sentence

MAX_ABOUT = 4
_YEAR = re.compile(r"\b(19|20)\d\d\b")
FIGURE_TOPICS = ("casualties", "figures", "control")


def find_uncertainties(
    sentences: list[Sentence],
    entities: Entities,
    lexicon: Lexicon,
    *,
    events: list[EventDraft],
    changes: list[ControlChangeDraft],
    claims: list[ClaimDraft],
    dated: bool = False,
) -> list[UncertaintyDraft]:
    """Every uncertainty the rules find, one per (kind, sentence or pair); ``dated`` when the
    article prints its publication date."""
    cited = _cited_by_sentence(sentences, [*events, *changes, *claims])
    found: list[tuple[UncertaintyKind, list[str], list[str], str]] = []
    hedge_kinds: tuple[UncertaintyKind, ...] = ("unverified", "missing", "hedged")
    for sentence in sentences:
        for hedge in hedge_kinds:
            match = lexicon.hedges[hedge].search(sentence.text)
            if match is None:
                continue
            about = cited.get(sentence.number) or (
                entities.in_sentence(sentence.number, "actors")
                + entities.in_sentence(sentence.number, "places")
            )
            if about:
                text = f"{match.group(0).strip().capitalize()}: {sentence.text}"
                found.append((hedge, about, [quote(sentence, match.start())], text))
            break
    found += _single_sources(claims, changes, lexicon)
    for first, second in pairwise(claims):
        if first.claimant == second.claimant or first.topic != second.topic:
            continue
        if "denied" in (first.modality, second.modality):
            kind: UncertaintyKind = "disputed"
        elif first.topic in FIGURE_TOPICS and _different_figures(first, second):
            kind = "conflicting_figures"
        else:
            continue
        text = f"{first.text} / {second.text}"
        found.append((kind, [first.id, second.id], [first.quotes[0], second.quotes[0]], text))
    missing = None if dated else _undated(sentences, events, lexicon)
    if missing is not None:
        found.append(missing)
    uncertainties: list[UncertaintyDraft] = []
    seen: set[tuple[str, tuple[str, ...]]] = set()
    for kind, about, quotes, text in found:
        key = (kind, tuple(quotes))
        if key in seen:
            continue
        seen.add(key)
        uncertainties.append(
            UncertaintyDraft(
                id=item_id("uncertainties", len(uncertainties) + 1),
                quotes=list(dict.fromkeys(quotes))[:2],
                kind=kind,
                text=clip(text, TEXT_MAX),
                about=list(dict.fromkeys(about))[:MAX_ABOUT],
            )
        )
    return uncertainties


def _single_sources(
    claims: list[ClaimDraft], changes: list[ControlChangeDraft], lexicon: Lexicon
) -> list[tuple[UncertaintyKind, list[str], list[str], str]]:
    """Claims of control, losses or figures that rest on one party's word, per party."""
    found: list[tuple[UncertaintyKind, list[str], list[str], str]] = []
    by_claimant: dict[str, list[ClaimDraft]] = {}
    for claim in claims:
        if claim.topic in FIGURE_TOPICS or lexicon.unnamed_sources.search(claim.quotes[0]):
            by_claimant.setdefault(claim.claimant, []).append(claim)
    for claimant, own in by_claimant.items():
        others = {c.claimant for c in claims if c.topic == own[0].topic} - {claimant}
        if others and len(own) < 2:
            continue
        cited = [c.id for c in own]
        cited += [
            t.id
            for t in changes
            if t.status == "claimed" and t.quotes[0] in {q for c in own for q in c.quotes}
        ]
        text = "Rests on one party's word: " + "; ".join(c.text for c in own[:2])
        found.append(("single_source", cited, [own[0].quotes[0]], text))
    return found


def _undated(
    sentences: list[Sentence], events: list[EventDraft], lexicon: Lexicon
) -> tuple[UncertaintyKind, list[str], list[str], str] | None:
    """One note on what the article leaves out: events told only by relative time."""
    undated = [e for e in events if e.date is None or not _YEAR.search(e.date)]
    for event in undated:
        for sentence in sentences:
            if event.quotes[0] not in sentence.text:
                continue
            relative = lexicon.relative_time.search(sentence.text)
            if relative:
                about = [e.id for e in undated]
                text = f"No date is printed for these events ({relative.group(0)})."
                return ("missing", about, [quote(sentence, relative.start())], text)
    return None


def _cited_by_sentence(
    sentences: list[Sentence], items: list[EventDraft | ControlChangeDraft | ClaimDraft]
) -> dict[int, list[str]]:
    cited: dict[int, list[str]] = {}
    for item in items:
        for text in item.quotes:
            for sentence in sentences:
                if text in sentence.text:
                    cited.setdefault(sentence.number, []).append(item.id)
                    break
    return cited


def _different_figures(first: ClaimDraft, second: ClaimDraft) -> bool:
    a = {n for n in numbers(first.text) if n >= 10}
    b = {n for n in numbers(second.text) if n >= 10}
    return bool(a and b and a.isdisjoint(b))
