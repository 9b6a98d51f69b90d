"""Render a report as Markdown an analyst can read at a glance, evidence beside every line."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from ..schema.draft import items_of
from ..schema.ids import SECTIONS
from ..schema.report import Evidence, Grounded, SituationReport


def to_markdown(report: SituationReport) -> str:
    """The whole report as Markdown."""
    names = _names(report)
    src = report.source
    head = src.headline or report.document.name
    meta = [
        f"**Outlet:** {src.outlet or 'unknown'}",
        f"**Author/wire:** {src.author or 'unknown'}",
        f"**Dateline:** {src.dateline or 'unknown'}",
        f"**Published:** {src.published or 'not printed'} ({src.date_precision})",
    ]
    out = [f"# {head}", "", " · ".join(meta), "", "## Summary", "", report.summary, ""]
    out += ["## Key takeaways", "", *[f"- {t}" for t in report.takeaways], ""]
    for section in SECTIONS:
        out += _section(section.title, getattr(report, section.name), _LINES[section.name], names)
    g, p = report.grounding, report.provenance
    out += [
        "## Grounding and provenance",
        "",
        f"- {g.grounded} of {g.items} items grounded; ungrounded: "
        f"{', '.join(g.ungrounded_ids) or 'none'}; quotes by status: "
        + ", ".join(f"{k} {v}" for k, v in g.by_status.items()),
        f"- model {p.model} ({p.endpoint}), prompt {p.prompt}, schema {p.schema_hash}",
        f"- {p.attempts} model calls, {g.reasks} quote re-asks, {p.chunks} chunk(s), "
        f"{p.usage.prompt_tokens} prompt + {p.usage.completion_tokens} completion tokens, "
        f"{p.latency_s:.1f} s",
        "",
    ]
    return "\n".join(out)


def _names(report: SituationReport) -> dict[str, str]:
    """What a reference shows beside its id: a name, or an unnamed item's own words."""
    found: dict[str, str] = {}
    for section, item in items_of(report):
        label = str(getattr(item, section.label))
        # A control change is named by its place, which is listed (and named) before it.
        found[item.id] = f"control of {found[label]}" if label in found else _short(label)
    return found


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _ref(ref: str | None, names: dict[str, str]) -> str:
    if ref is None:
        return "unknown"
    return f"{names[ref]} [{ref}]" if ref in names else f"[{ref}]"


def _section(
    title: str,
    items: Sequence[Any],
    line: Callable[[Any, dict[str, str]], str],
    names: dict[str, str],
) -> list[str]:
    if not items:
        return [f"## {title}", "", "_None reported._", ""]
    return [f"## {title}", "", *[f"- {line(i, names)}{_evidence(i)}" for i in items], ""]


def _evidence(item: Grounded) -> str:
    parts = [_quote(e) for e in item.evidence]
    flag = "" if item.grounded else " **(ungrounded)**"
    if item.confidence is not None:
        flag += f" _(confidence {item.confidence:.2f})_"
    return f"{flag}\n  > " + " … ".join(parts) if parts else flag


def _quote(e: Evidence) -> str:
    """One line per quote: a span across paragraphs would break the Markdown quote block."""
    if e.start is None:
        return f"“{_one_line(e.quote)}” (not found in the text)"
    where = f"{e.start}:{e.end}{'' if e.status == 'exact' else ', ' + e.status}"
    return f"“{_one_line(e.text or '')}” [{where}]"


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _actor(a: Any, names: dict[str, str]) -> str:
    extra = [a.type.replace("_", " ")]
    if a.member_of:
        extra.append(f"part of {_ref(a.member_of, names)}")
    if a.backers:
        extra.append("backed by " + ", ".join(a.backers))
    aka = f" (also {', '.join(a.aliases)})" if a.aliases else ""
    return f"**{a.name}** [{a.id}]{aka}: {'; '.join(extra)}"


def _person(p: Any, names: dict[str, str]) -> str:
    role = f", {p.role}" if p.role else ""
    aff = f", {_ref(p.affiliation, names)}" if p.affiliation else ""
    return f"**{p.name}** [{p.id}]{role}{aff}"


def _place(p: Any, names: dict[str, str]) -> str:
    where = ", ".join(x for x in (p.relative, p.admin_area, p.country) if x)
    return f"**{p.name}** [{p.id}]: {p.kind.replace('_', ' ')}{'; ' + where if where else ''}"


def _event(e: Any, names: dict[str, str]) -> str:
    when = f"{e.date or 'date unknown'} ({e.date_precision})"
    who = ", ".join(_ref(a, names) for a in e.actors) or "unknown actors"
    deaths = "; ".join(
        f"{_ref(f.who, names) if f.who.startswith('A') else f.who}: "
        f"{'–'.join(str(v) for v in (f.low, f.best, f.high) if v is not None) or 'unknown'} killed"
        for f in e.fatalities
    )
    where = f" at {_ref(e.place, names)}" if e.place else ""
    tail = f"; {deaths}" if deaths else ""
    return f"**{e.type.replace('_', ' ')}** [{e.id}], {when}{where}: {e.description} ({who}){tail}"


def _control(c: Any, names: dict[str, str]) -> str:
    area = f", area {c.area}" if c.area else ""
    return (
        f"**{_ref(c.place, names)}**: {_ref(c.before, names)} → {_ref(c.after, names)} "
        f"(*{c.status}*{area}) [{c.id}]"
    )


def _claim(c: Any, names: dict[str, str]) -> str:
    via = f" via {c.via}" if c.via else ""
    return (
        f"{_ref(c.claimant, names)}{via} *{c.modality}* ({c.topic}; corroboration: "
        f"{c.corroboration}): {c.text} [{c.id}]"
    )


def _uncertainty(u: Any, names: dict[str, str]) -> str:
    about = ", ".join(_ref(ref, names) for ref in u.about)
    return f"*{u.kind.replace('_', ' ')}*: {u.text} (about {about}) [{u.id}]"


_LINES: dict[str, Callable[[Any, dict[str, str]], str]] = {
    "actors": _actor,
    "people": _person,
    "places": _place,
    "events": _event,
    "control_changes": _control,
    "claims": _claim,
    "uncertainties": _uncertainty,
}
