"""Render a situation picture as Markdown: every line with the articles and offsets behind it."""

from __future__ import annotations

from collections.abc import Sequence

from ..picture.model import (
    ClaimGroup,
    Conflict,
    Entity,
    PictureActor,
    PicturePlace,
    PlaceControl,
    SituationPicture,
    SourceRef,
    TimelineEntry,
)
from ..picture.refs import short_name

MAX_REFS = 4
SECTIONS = (
    "Articles",
    "Conflicts and disagreements",
    "Timeline",
    "Territorial control",
    "Actors",
    "Places",
    "People",
    "Claims",
    "Resolution notes",
)


def render_picture(picture: SituationPicture) -> str:
    """The whole picture as Markdown, conflicts first: they are what an analyst must weigh."""
    names = {e.id: e.name for e in (*picture.actors, *picture.places, *picture.people)}
    out = [f"# Situation picture from {len(picture.articles)} articles", ""]
    out += _section(
        SECTIONS[0], [_article(a.name, a.outlet or a.author, a.published) for a in picture.articles]
    )
    out += _section(SECTIONS[1], [line for c in picture.conflicts for line in _conflict(c, names)])
    out += _section(SECTIONS[2], [_event(e, names) for e in picture.timeline])
    out += _section(SECTIONS[3], [line for p in picture.control for line in _control(p, names)])
    out += _section(SECTIONS[4], [_actor(a, names) for a in picture.actors])
    out += _section(SECTIONS[5], [_place(p) for p in picture.places])
    out += _section(SECTIONS[6], [_entity(p, "") for p in picture.people])
    out += _section(SECTIONS[7], [line for g in picture.claims for line in _claims(g)])
    notes = [
        f"- {e.id} {e.name}: {why}"
        for e in (*picture.actors, *picture.places, *picture.people)
        for why in e.why
    ]
    notes += [f"- kept apart: {' / '.join(r.names)}: {r.reason}" for r in picture.refused]
    notes += [
        f"- proposed ({p.by}, not merged): {' / '.join(p.names)} [{', '.join(p.ids)}]: {p.reason}"
        for p in picture.proposals
    ]
    out += _section(SECTIONS[8], notes)
    return "\n".join(out)


def cite(refs: Sequence[SourceRef]) -> str:
    """Compact citations: ``[003_x.txt T5 1426–1505]``, at most a few, then a count."""
    shown = [
        f"{short_name(r.article)} {r.item} "
        + (f"{r.start}–{r.end}" if r.start is not None else "unresolved")
        for r in refs[:MAX_REFS]
    ]
    more = f" +{len(refs) - MAX_REFS} more" if len(refs) > MAX_REFS else ""
    return f"[{'; '.join(shown)}{more}]"


def _section(title: str, lines: list[str]) -> list[str]:
    return [f"## {title}", "", *(lines or ["None."]), ""]


def _article(name: str, outlet: str | None, published: str | None) -> str:
    return f"- {short_name(name)}: {outlet or 'unknown outlet'}, {published or 'date not printed'}"


def _conflict(conflict: Conflict, names: dict[str, str]) -> list[str]:
    lines = [f"### {conflict.id} {conflict.about} ({conflict.kind})", "", f"_{conflict.why}_", ""]
    lines += ["| Who | Says | Figure | Where |", "| --- | --- | --- | --- |"]
    for p in conflict.positions:
        figure = p.figure.text if p.figure else ""
        lines.append(f"| {_cell(p.who)} | {_cell(p.says)} | {_cell(figure)} | {cite(p.sources)} |")
    return [*lines, ""]


def _event(entry: TimelineEntry, names: dict[str, str]) -> str:
    when = entry.when.date or "undated"
    place = names.get(entry.place, "place unknown") if entry.place else "place unknown"
    actors = ", ".join(names.get(a, a) for a in entry.actors)
    accounts = "; ".join(a.description for a in entry.accounts)
    refs = [r for a in entry.accounts for r in a.sources]
    return (
        f"- **{when}** ({entry.when.precision}; {entry.when.basis}) {entry.id} {entry.type} at "
        f"{place}: {accounts} Actors: {actors or 'none named'}. {cite(refs)}"
    )


def _control(control: PlaceControl, names: dict[str, str]) -> list[str]:
    lines = [f"- **{control.name}** ({control.place})"]
    for change in control.changes:
        before = ", ".join(names.get(b, b) for b in change.before) or "unknown"
        after = names.get(change.after, change.after) if change.after else "nobody named"
        reported = f" (reported {', '.join(change.as_of)})" if change.as_of else ""
        lines.append(
            f"  - {change.id} {change.when.date or 'undated'}{reported}: {before} → {after}, "
            f"**{change.status}**"
        )
        for a in change.accounts:
            area = f", area {a.area}" if a.area else ""
            lines.append(f"    - {a.status} by {a.who}{area} {cite(a.sources)}")
    return lines


def _entity(entity: Entity, extra: str) -> str:
    aliases = f" (also: {', '.join(entity.aliases)})" if entity.aliases else ""
    seen = ", ".join(short_name(a) for a in entity.articles)
    return f"- {entity.id} **{entity.name}**{aliases}{extra}; in {seen} {cite(entity.sources)}"


def _actor(actor: PictureActor, names: dict[str, str]) -> str:
    umbrella = ", ".join(names.get(m, m) for m in actor.member_of)
    extra = f", {actor.type}" + (f", part of {umbrella}" if umbrella else "")
    extra += f", backed by {', '.join(actor.backers)}" if actor.backers else ""
    return _entity(actor, extra)


def _place(place: PicturePlace) -> str:
    where = f", {'; '.join(place.relative)}" if place.relative else ""
    return _entity(place, f", {place.kind}{where}")


def _claims(group: ClaimGroup) -> list[str]:
    flag = f" — in conflict {', '.join(group.conflicts)}" if group.conflicts else ""
    lines = [f"- {group.id} **{group.about}**{flag}"]
    for c in group.claims:
        via = f" via {c.via}" if c.via else ""
        lines.append(
            f"  - {c.claimant_name}{via} ({c.modality}, {c.corroboration}): {c.text} "
            f"{cite(c.sources)}"
        )
    return lines


def _cell(text: str) -> str:
    return " ".join(text.replace("|", "\\|").split())
