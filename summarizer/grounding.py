"""Tie a draft's items to the text: resolve quotes and names, collect what failed, apply re-asks."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, Field, ValidationError

from .alignment import Aligner
from .schema.draft import AnyItemId, CachedSchema, Quote, ReportDraft
from .schema.ids import SECTION_BY_NAME, SECTION_NAMES
from .schema.report import GROUNDED, Evidence, Grounded, GroundingStats, ReportSections

SECTIONS = SECTION_NAMES
"""The section names in report order; the table they come from is ``schema.draft.SECTIONS``."""


class QuoteFix(BaseModel):
    """A replacement quote for one item."""

    id: AnyItemId
    quote: Quote


class QuoteFixes(CachedSchema):
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

    sections: ReportSections
    unresolved: list[Problem] = field(default_factory=list)

    def items(self) -> list[Grounded]:
        """Every item, section by section."""
        return [item for items in self.sections.lists().values() for item in items]

    def stats(self, reasks: int) -> GroundingStats:
        items = self.items()
        statuses = Counter(e.status for item in items for e in item.evidence)
        ungrounded = [str(item.id) for item in items if not item.grounded]
        return GroundingStats(
            items=len(items),
            grounded=len(items) - len(ungrounded),
            ungrounded=len(ungrounded),
            ungrounded_ids=ungrounded,
            quotes=sum(statuses.values()),
            by_status=dict(sorted(statuses.items())),
            reasks=reasks,
        )


MAX_NAME_EVIDENCE = 2


def ground(draft: ReportDraft, aligner: Aligner) -> Grounding:
    """Resolve every item's evidence: quotes for statements, names for named items."""
    sections: dict[str, list[Grounded]] = {}
    problems: list[Problem] = []
    for section in SECTION_BY_NAME.values():
        cls = GROUNDED[section.name]
        grounded_items: list[Grounded] = []
        for item in getattr(draft, section.name):
            if section.named:
                evidence = _name_evidence(item, aligner)
                if not evidence:
                    problems.append(Problem(item.id, item.name, "is a name not in the article"))
            else:
                evidence = resolve_quotes(item.quotes, aligner)
                problems += [
                    Problem(item.id, e.quote, "is not in the article")
                    for e in evidence
                    if e.status == "unresolved"
                ]
            grounded = any(e.status != "unresolved" for e in evidence)
            grounded_items.append(
                cls.model_validate(
                    {**item.model_dump(), "evidence": evidence, "grounded": grounded}
                )
            )
        sections[section.name] = grounded_items
    return Grounding(ReportSections.model_validate(sections), problems)


def with_confidence(grounding: Grounding, confidence: dict[str, float]) -> Grounding:
    """``grounding`` with each item's confidence set from ``confidence`` (id -> value)."""
    if not confidence:
        return grounding
    sections = {
        name: [item.model_copy(update={"confidence": confidence.get(item.id)}) for item in items]
        for name, items in grounding.sections.lists().items()
    }
    return Grounding(ReportSections.model_validate(sections), grounding.unresolved)


def _name_evidence(item: object, aligner: Aligner) -> list[Evidence]:
    """Where the item's name and aliases first occur; names not in the text are left out."""
    names = [getattr(item, "name", ""), *getattr(item, "aliases", [])]
    found = [e for e in resolve_quotes(names, aligner, independent=True) if e.text is not None]
    return found[:MAX_NAME_EVIDENCE]


def resolve_quotes(
    quotes: list[str], aligner: Aligner, *, independent: bool = False
) -> list[Evidence]:
    """Evidence for each quote; unless ``independent``, later quotes prefer later positions."""
    evidence: list[Evidence] = []
    cursor = 0
    for quote in quotes:
        found = aligner.align(quote, prefer_after=cursor)
        text = None
        if found.start is not None and found.end is not None:
            text = aligner.text[found.start : found.end]
            cursor = cursor if independent else found.end
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
    """Swap each failed quote for the re-asked one; for a named item it becomes an alias.

    Fixes for items that had no problem, and fixes that would break the schema (a sentence
    offered as a name), are ignored.
    """
    bad = {(p.item_id, p.quote) for p in problems}
    wanted = {p.item_id for p in problems}
    for fix in fixes.fixes:
        if fix.id not in wanted:
            continue
        data = draft.model_dump()
        for section in SECTION_BY_NAME.values():
            for item in data[section.name]:
                if item["id"] == fix.id:
                    _apply(section.name, item, fix.quote, bad)
        try:
            draft = ReportDraft.model_validate(data)
        except ValidationError:
            continue
    return draft


def _apply(section: str, item: dict[str, Any], new: str, bad: set[tuple[str, str]]) -> None:
    if not SECTION_BY_NAME[section].named:
        kept = [q for q in item["quotes"] if (item["id"], q) not in bad]
        item["quotes"] = [*kept, new][:2]
    elif "aliases" in item:
        item["aliases"] = [*item["aliases"], new][-4:]
    else:
        item["name"] = new
