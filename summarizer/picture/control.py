"""Control of each place over time, every change with the articles that state or claim it.

Changes from several articles are one entry when place and new holder agree and their times may
overlap. A change has no date field, so its time comes from an event of the same report at the
same place resting on the same words, else from a year printed in its quote ("capture in 2014"),
else it is only known to be news on the publication date. Holders that differ at overlapping
times, and areas that differ for one entry, become conflicts; who says each is the claimant of a
claim resting on the same words, or the article itself when it states the change as fact.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from ..schema.report import Claim, ControlChange
from .conflicts import ConflictDraft, ItemKey, compatible, published_span
from .entities import Unified
from .figures import first_figure
from .model import ControlAccount, ControlEntry, PlaceControl, Position, When
from .refs import Refs, overlaps
from .timeline import when_of

_YEAR = re.compile(r"\b(19[5-9]\d|20\d\d)\b")


@dataclass
class _Group:
    place: str
    after: str | None
    span: tuple[date, date] | None
    entry: ControlEntry
    keys: list[frozenset[ItemKey]] = field(default_factory=list)


def build_control(refs: Refs, unified: Unified) -> tuple[list[PlaceControl], list[ConflictDraft]]:
    """Control per place, and the disagreements about holders and areas."""
    groups: dict[tuple[str, str | None], list[_Group]] = {}
    order: list[_Group] = []
    for r, report in enumerate(refs.reports):
        for change in report.control_changes:
            place = unified.get(r, change.place)
            if place is None:
                continue
            after = unified.get(r, change.after)
            when, span = _time(refs, r, change)
            attached = [c for c in report.claims if overlaps(c, change)]
            account = ControlAccount(
                article=refs.article(r),
                item=change.id,
                status=change.status,
                who=_who(refs, unified, r, change, attached),
                area=change.area,
                figure=first_figure(change.area, measured=True),
                sources=refs.of(r, change),
            )
            keys = frozenset({(r, change.id), *((r, c.id) for c in attached)})
            bucket = groups.setdefault((place, after), [])
            group = next((g for g in bucket if compatible(g.span, span)), None)
            if group is None:
                entry = ControlEntry(
                    id="", after=after, status=change.status, when=when, accounts=[]
                )
                group = _Group(place, after, span, entry)
                bucket.append(group)
                order.append(group)
            _add(group, account, keys, unified.get(r, change.before), when, refs, r)
    return _places(order, unified), _conflicts(order, unified)


def _add(
    group: _Group,
    account: ControlAccount,
    keys: frozenset[ItemKey],
    before: str | None,
    when: When,
    refs: Refs,
    r: int,
) -> None:
    entry = group.entry
    entry.accounts.append(account)
    group.keys.append(keys)
    if before is not None and before not in entry.before:
        entry.before.append(before)
    statuses = {a.status for a in entry.accounts}
    entry.status = next(s for s in ("contested", "assessed", "claimed") if s in statuses)
    if entry.when.date is None and when.date is not None:
        entry.when = when
    published = refs.reports[r].source.published
    if published and published not in entry.as_of:
        entry.as_of.append(published)


def _time(refs: Refs, r: int, change: ControlChange) -> tuple[When, tuple[date, date] | None]:
    report = refs.reports[r]
    for event in report.events:
        if event.place == change.place and overlaps(event, change):
            when = when_of(refs, r, event)
            if when.earliest and when.latest:
                return when, (date.fromisoformat(when.earliest), date.fromisoformat(when.latest))
    published = refs.published(r)
    quoted = " ".join(e.text or e.quote for e in change.evidence)
    years = [int(y) for y in _YEAR.findall(quoted) if not published or int(y) != published.year]
    if years:
        year = years[0]
        when = When(
            date=str(year),
            precision="year",
            earliest=f"{year}-01-01",
            latest=f"{year}-12-31",
            basis=f"year {year} printed in the quote",
        )
        return when, (date(year, 1, 1), date(year, 12, 31))
    basis = f"no date; reported {published}" if published else "no date and no publication date"
    return When(date=None, precision="unknown", basis=basis), published_span(published)


def _who(refs: Refs, unified: Unified, r: int, change: ControlChange, attached: list[Claim]) -> str:
    if attached:
        names = []
        for claim in attached:
            name = unified.name(unified.get(r, claim.claimant))
            names.append(f"{name} via {claim.via}" if claim.via else name)
        return "; ".join(dict.fromkeys(names))
    if change.status == "assessed":
        return refs.voice(r)
    return f"unattributed ({change.status}) in {refs.short(r)}"


def _places(order: list[_Group], unified: Unified) -> list[PlaceControl]:
    by_place: dict[str, list[ControlEntry]] = {}
    for group in order:
        by_place.setdefault(group.place, []).append(group.entry)
    out: list[PlaceControl] = []
    number = 0
    for place, entries in by_place.items():
        entries.sort(key=lambda e: (e.when.earliest is None, e.when.earliest or ""))
        for entry in entries:
            number += 1
            entry.id = f"PT{number}"
        out.append(PlaceControl(place=place, name=unified.name(place), changes=entries))
    return out


def _conflicts(order: list[_Group], unified: Unified) -> list[ConflictDraft]:
    drafts: list[ConflictDraft] = []
    by_place: dict[str, list[_Group]] = {}
    for group in order:
        by_place.setdefault(group.place, []).append(group)
        figured = [
            (k, a) for k, a in zip(group.keys, group.entry.accounts, strict=True) if a.figure
        ]
        distinct = {(a.figure.value, a.figure.unit) for _, a in figured if a.figure}
        if len(distinct) > 1:
            place, holder = unified.name(group.place), unified.name(group.after)
            shown = ", ".join(a.figure.text for _, a in figured if a.figure)
            drafts.append(
                ConflictDraft(
                    kind="figures",
                    about=f"area taken by {holder} at {place}",
                    places=[group.place],
                    actors=[a for a in (group.after,) if a],
                    positions=[(k, _position(a, place, holder)) for k, a in figured],
                    why=f"figures differ for one place, holder and time: {shown}",
                )
            )
    for place, groups in by_place.items():
        clashing = [
            g
            for g in groups
            if g.after
            and any(h.after and h.after != g.after and compatible(g.span, h.span) for h in groups)
        ]
        if len(clashing) < 2:
            continue
        name = unified.name(place)
        holders = ", ".join(dict.fromkeys(unified.name(g.after) for g in clashing))
        drafts.append(
            ConflictDraft(
                kind="control",
                about=f"who holds {name}",
                places=[place],
                actors=list(dict.fromkeys(g.after for g in clashing if g.after)),
                positions=[
                    (k, _position(a, name, unified.name(g.after)))
                    for g in clashing
                    for k, a in zip(g.keys, g.entry.accounts, strict=True)
                ],
                why=f"different holders of {name} at times that may overlap: {holders}",
            )
        )
    return drafts


def _position(account: ControlAccount, place: str, holder: str) -> Position:
    says = f"{holder} took {place}" + (f", {account.area}" if account.area else "")
    return Position(
        who=account.who,
        says=f"{says} ({account.status})",
        figure=account.figure,
        article=account.article,
        items=[account.item],
        sources=account.sources,
    )
