"""Disagreements between sources, gathered from every stage and merged into one list.

Each stage proposes :class:`ConflictDraft` s (control, figures, claims, casualties). Drafts that
share an item (a claim attached to a control change it overlaps in the article) are one
disagreement: the later draft adds only the positions the earlier one lacks.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from .model import Conflict, ConflictKind, Position
from .refs import RECENT

ItemKey = tuple[int, str]


@dataclass
class ConflictDraft:
    """A disagreement before ids; ``items`` are the (report, item id) pairs it rests on."""

    kind: ConflictKind
    about: str
    places: list[str]
    actors: list[str]
    positions: list[tuple[frozenset[ItemKey], Position]]
    why: str
    items: set[ItemKey] = field(default_factory=set)

    def __post_init__(self) -> None:
        for keys, _ in self.positions:
            self.items |= keys


def compatible(first: tuple[date, date] | None, second: tuple[date, date] | None) -> bool:
    """Whether two time spans may be the same time; an unknown span is compatible with any."""
    if first is None or second is None:
        return True
    return first[0] <= second[1] and second[0] <= first[1]


def published_span(published: date | None) -> tuple[date, date] | None:
    """The month before a publication date: when something it reports as news may have been."""
    return None if published is None else (published - RECENT, published)


def merge_drafts(drafts: list[ConflictDraft]) -> tuple[list[Conflict], dict[ItemKey, list[str]]]:
    """Conflicts with ids, drafts sharing an item merged; and the conflict ids of every item."""
    merged: list[ConflictDraft] = []
    owner: dict[ItemKey, int] = {}
    for draft in drafts:
        target = next((owner[k] for k in sorted(draft.items) if k in owner), None)
        if target is None:
            merged.append(draft)
            index = len(merged) - 1
        else:
            index = target
            into = merged[index]
            for keys, position in draft.positions:
                if not keys <= into.items:
                    into.positions.append((keys, position))
                    into.items |= keys
            into.places += [p for p in draft.places if p not in into.places]
            into.actors += [a for a in draft.actors if a not in into.actors]
            into.why = f"{into.why}; {draft.why}" if draft.why not in into.why else into.why
        for key in draft.items:
            owner.setdefault(key, index)
    conflicts: list[Conflict] = []
    by_item: dict[ItemKey, list[str]] = {}
    for n, draft in enumerate(merged, start=1):
        conflict_id = f"PX{n}"
        conflicts.append(
            Conflict(
                id=conflict_id,
                kind=draft.kind,
                about=draft.about,
                places=draft.places,
                actors=draft.actors,
                positions=[p for _, p in draft.positions],
                why=draft.why,
            )
        )
        for key in draft.items:
            by_item.setdefault(key, []).append(conflict_id)
    return conflicts, by_item
