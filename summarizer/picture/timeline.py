"""The timeline: events ordered by date with their precision, undated ones after, none invented.

Accounts of one event from several articles are merged only when type, place and the resolved
date (with its precision) all agree; undated events are never merged, since nothing shows
they are the same.
"""

from __future__ import annotations

from ..schema.report import Event
from .conflicts import ConflictDraft, ItemKey
from .dates import resolve_date
from .entities import Unified
from .model import EventAccount, Fatality, Position, TimelineEntry, When
from .refs import Refs, short_name


def when_of(refs: Refs, r: int, event: Event) -> When:
    """The event's date as resolved against its article."""
    report = refs.reports[r]
    return resolve_date(event.date, event.date_precision, report.source, report.document.text)


def build_timeline(refs: Refs, unified: Unified) -> tuple[list[TimelineEntry], list[ConflictDraft]]:
    """Every event of every report, merged where they are plainly one, in date order; and the
    death tolls that differ between accounts of one event."""
    entries: list[TimelineEntry] = []
    keys: dict[int, list[ItemKey]] = {}
    by_key: dict[tuple[str, str, str, str], TimelineEntry] = {}
    for r, report in enumerate(refs.reports):
        for event in report.events:
            when = when_of(refs, r, event)
            place = unified.get(r, event.place)
            account = EventAccount(
                article=refs.article(r),
                item=event.id,
                description=event.description,
                date_as_written=event.date,
                fatalities=[
                    Fatality(
                        who=unified.get(r, f.who) or f.who, low=f.low, best=f.best, high=f.high
                    )
                    for f in event.fatalities
                ],
                sources=refs.of(r, event),
            )
            actors = [a for a in (unified.get(r, ref) for ref in event.actors) if a is not None]
            key = (event.type, place or "", when.date or "", when.precision)
            existing = by_key.get(key) if place and when.date else None
            if existing is not None:
                keys[id(existing)].append((r, event.id))
                existing.accounts.append(account)
                existing.actors += [a for a in actors if a not in existing.actors]
                continue
            entry = TimelineEntry(
                id="",
                type=event.type,
                when=when,
                place=place,
                actors=list(dict.fromkeys(actors)),
                accounts=[account],
            )
            entries.append(entry)
            keys[id(entry)] = [(r, event.id)]
            if place and when.date:
                by_key[key] = entry
    order = sorted(
        range(len(entries)),
        key=lambda i: (
            entries[i].when.earliest is None,
            entries[i].when.earliest or "",
            entries[i].when.latest or "",
            i,
        ),
    )
    ordered = [entries[i] for i in order]
    for n, entry in enumerate(ordered, start=1):
        entry.id = f"PE{n}"
    drafts = [d for e in ordered if len(e.accounts) > 1 for d in _tolls(e, keys[id(e)], unified)]
    return ordered, drafts


def _tolls(entry: TimelineEntry, keys: list[ItemKey], unified: Unified) -> list[ConflictDraft]:
    """One conflict per side whose best death toll differs between accounts."""
    drafts: list[ConflictDraft] = []
    sides = dict.fromkeys(f.who for a in entry.accounts for f in a.fatalities)
    for side in sides:
        counted = [
            (key, account, f)
            for key, account in zip(keys, entry.accounts, strict=True)
            for f in account.fatalities
            if f.who == side and f.best is not None
        ]
        if len({f.best for _, _, f in counted}) < 2:
            continue
        victims = unified.name(side) if side.startswith("PA") else side
        drafts.append(
            ConflictDraft(
                kind="casualties",
                about=f"deaths among {victims} in {entry.id}",
                places=[entry.place] if entry.place else [],
                actors=list(entry.actors),
                positions=[
                    (
                        frozenset({key}),
                        Position(
                            who=f"{short_name(account.article)} (the article)",
                            says=f"{f.best} dead (range {f.low}-{f.high})",
                            article=account.article,
                            items=[account.item],
                            sources=account.sources,
                        ),
                    )
                    for key, account, f in counted
                ],
                why="accounts of one event give different death tolls",
            )
        )
    return drafts
