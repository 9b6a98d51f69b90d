"""Tie a draft's items to the text: resolve quotes, collect what failed, apply re-asked quotes."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Annotated

from pydantic import BaseModel, Field, StringConstraints

from .alignment import WORD, Aligner, normalize
from .models import Quote, ReportDraft
from .report import (
    Actor,
    Claim,
    ControlChange,
    Event,
    Evidence,
    Grounded,
    GroundingStats,
    Person,
    Place,
    Uncertainty,
)

SECTIONS: dict[str, type[Grounded]] = {
    "actors": Actor,
    "people": Person,
    "places": Place,
    "events": Event,
    "control_changes": ControlChange,
    "claims": Claim,
    "uncertainties": Uncertainty,
}


class QuoteFix(BaseModel):
    """A replacement quote for one item."""

    id: Annotated[str, StringConstraints(pattern=r"^[AHLETCU][0-9]{1,2}$")]
    quote: Quote


class QuoteFixes(BaseModel):
    """Replacement quotes, copied word for word from the article."""

    fixes: list[QuoteFix] = Field(min_length=1, max_length=12)


@dataclass(frozen=True)
class Problem:
    """A quote that failed: not in the text, or not about the item that cites it."""

    item_id: str
    quote: str
    reason: str


@dataclass
class Grounding:
    """A draft's items with evidence, and the quotes that failed."""

    sections: dict[str, list[Grounded]]
    unresolved: list[Problem] = field(default_factory=list)

    def stats(self, reasks: int) -> GroundingStats:
        items = [item for section in self.sections.values() for item in section]
        statuses = Counter(e.status for item in items for e in item.evidence)
        ungrounded = [str(getattr(item, "id")) for item in items if not item.grounded]
        return GroundingStats(
            items=len(items),
            grounded=len(items) - len(ungrounded),
            ungrounded=len(ungrounded),
            ungrounded_ids=ungrounded,
            quotes=sum(statuses.values()),
            by_status=dict(sorted(statuses.items())),
            reasks=reasks,
        )


def ground(draft: ReportDraft, aligner: Aligner) -> Grounding:
    """Resolve every quote of every item in ``draft``."""
    sections: dict[str, list[Grounded]] = {}
    problems: list[Problem] = []
    for name, cls in SECTIONS.items():
        grounded_items: list[Grounded] = []
        for item in getattr(draft, name):
            evidence = resolve_quotes(item.quotes, aligner)
            labels = _labels(item) if name in NAMED_SECTIONS else None
            good = []
            for e in evidence:
                if e.text is None:
                    problems.append(Problem(item.id, e.quote, "is not in the article"))
                elif labels is not None and not mentions(e.text, labels):
                    problems.append(Problem(item.id, e.quote, f"does not name {item.name}"))
                else:
                    good.append(e)
            grounded_items.append(
                cls.model_validate({**item.model_dump(), "evidence": evidence, "grounded": bool(good)})
            )
        sections[name] = grounded_items
    return Grounding(sections, problems)


NAMED_SECTIONS = ("actors", "people", "places")
_STOP = {"al", "el", "the", "of", "a", "an", "and"}


def _labels(item: object) -> list[set[str]]:
    names = [getattr(item, "name", ""), *getattr(item, "aliases", [])]
    labels = [set(WORD.findall(normalize(n)[0])) - _STOP for n in names]
    return [label for label in labels if label]


def mentions(text: str, labels: list[set[str]]) -> bool:
    """Whether ``text`` names the item: every significant word of one of its names occurs."""
    words = set(WORD.findall(normalize(text)[0]))
    return any(label <= words for label in labels)


def resolve_quotes(quotes: list[str], aligner: Aligner) -> list[Evidence]:
    """Evidence for each quote; later quotes prefer positions after earlier ones."""
    evidence: list[Evidence] = []
    cursor = 0
    for quote in quotes:
        found = aligner.align(quote, prefer_after=cursor)
        text = None
        if found.start is not None and found.end is not None:
            text = aligner.text[found.start : found.end]
            cursor = found.end
        evidence.append(
            Evidence(
                quote=quote,
                status=found.status,
                start=found.start,
                end=found.end,
                text=text,
                score=found.score,
            )
        )
    return evidence


def apply_fixes(draft: ReportDraft, fixes: QuoteFixes, problems: list[Problem]) -> ReportDraft:
    """Swap each failed quote for the re-asked one of the same item."""
    bad = {(p.item_id, p.quote) for p in problems}
    replacement = {fix.id: fix.quote for fix in fixes.fixes}
    data = draft.model_dump()
    for name in SECTIONS:
        for item in data[name]:
            if item["id"] not in replacement:
                continue
            kept = [q for q in item["quotes"] if (item["id"], q) not in bad]
            item["quotes"] = [*kept, replacement[item["id"]]][:2]
    return ReportDraft.model_validate(data)
