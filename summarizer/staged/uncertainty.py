"""Uncertainties from structure the program can see, with no model call.

- hedge words ("reportedly", "could not be independently verified", "declined to comment")
  mark the items cited in that sentence as hedged, unverified or missing;
- claims resting on unnamed sources ("a source", "activists said") are single-source;
- two speakers giving different figures on one topic are conflicting figures side by side;
  a denial answering another speaker's claim on the topic is a dispute.
"""

from __future__ import annotations

from itertools import combinations

from ..models import (
    ClaimDraft,
    ControlChangeDraft,
    EventDraft,
    UncertaintyDraft,
    UncertaintyKind,
)
from .entities import Entities
from .evidence import TEXT_MAX, clip, numbers, quote
from .lexicon import Lexicon
from .text import Sentence

MAX_ABOUT = 4
FIGURE_TOPICS = ("casualties", "figures", "control")


def find_uncertainties(
    sentences: list[Sentence],
    entities: Entities,
    lexicon: Lexicon,
    *,
    events: list[EventDraft],
    changes: list[ControlChangeDraft],
    claims: list[ClaimDraft],
) -> list[UncertaintyDraft]:
    """Every uncertainty the rules find, one per (kind, sentence or pair)."""
    cited = _cited_by_sentence(sentences, [*events, *changes, *claims])
    found: list[tuple[UncertaintyKind, list[str], list[str], str]] = []
    hedge_kinds: tuple[UncertaintyKind, ...] = ("unverified", "missing", "hedged")
    for sentence in sentences:
        for hedge in hedge_kinds:
            match = lexicon.hedges[hedge].search(sentence.text)
            if match is None:
                continue
            about = cited.get(sentence.number) or (
                entities.in_sentence(sentence.number, "A")
                + entities.in_sentence(sentence.number, "L")
            )
            if about:
                text = f"{match.group(0).strip().capitalize()}: {sentence.text}"
                found.append((hedge, about, [quote(sentence, match.start())], text))
            break
    unnamed = [c for c in claims if any(lexicon.unnamed_sources.search(q) for q in c.quotes)]
    if unnamed:
        quotes = [c.quotes[0] for c in unnamed[:2]]
        text = "Rests on unnamed sources: " + "; ".join(c.text for c in unnamed[:2])
        found.append(("single_source", [c.id for c in unnamed], quotes, text))
    for first, second in combinations(claims, 2):
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
    uncertainties: list[UncertaintyDraft] = []
    seen: set[tuple[str, tuple[str, ...]]] = set()
    for kind, about, quotes, text in found:
        key = (kind, tuple(quotes))
        if key in seen:
            continue
        seen.add(key)
        uncertainties.append(
            UncertaintyDraft(
                id=f"U{len(uncertainties) + 1}",
                quotes=list(dict.fromkeys(quotes))[:2],
                kind=kind,
                text=clip(text, TEXT_MAX),
                about=list(dict.fromkeys(about))[:MAX_ABOUT],
            )
        )
    return uncertainties


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
