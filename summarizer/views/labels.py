"""Words the views share: section titles, readable vocabulary, names behind ids, death ranges."""

from __future__ import annotations

from ..schema.ids import SECTIONS
from ..schema.report import SituationReport

SECTION_TITLES = {section.name: section.title for section in SECTIONS}
SECTION_SINGULAR = {
    "actors": "actor",
    "people": "person",
    "places": "place",
    "events": "event",
    "control_changes": "control change",
    "claims": "claim",
    "uncertainties": "uncertainty",
}


def words(value: str) -> str:
    """A vocabulary value as words: ``air_strike`` is ``air strike``."""
    return value.replace("_", " ")


def report_names(report: SituationReport) -> dict[str, str]:
    """The name (or description) behind every id in the report."""
    found: dict[str, str] = {}
    for named in (report.actors, report.people, report.places):
        for item in named:
            found[item.id] = item.name
    for event in report.events:
        found[event.id] = event.description
    for change in report.control_changes:
        found[change.id] = f"control of {found.get(change.place, change.place)}"
    for claim in report.claims:
        found[claim.id] = claim.text
    for uncertainty in report.uncertainties:
        found[uncertainty.id] = uncertainty.text
    return found


def death_range(low: int | None, best: int | None, high: int | None) -> str:
    """``12``, ``10–15`` or ``best 12 (10–15)``; ``unknown`` when no figure is given."""
    ends = [v for v in (low, high) if v is not None]
    span = "–".join(str(v) for v in dict.fromkeys(ends))
    if best is None:
        return span or "unknown"
    if not span or span == str(best):
        return str(best)
    return f"best {best} ({span})"
