"""Events and control changes as CSV rows under ACLED's column names, each with its evidence.

ACLED codes one row per event with fixed columns; the report's fields map onto those it has.
Actors are listed without sides, so ``actor1`` and ``actor2`` follow the report's order, and
further actors go to the associated-actor column of the side whose umbrella they share (else
side 1). A control change is a row whose ``actor1`` took the place and ``actor2`` held it.
Figures the report does not have stay empty: an unknown death toll is never written as 0, and a
place geocoding did not settle has no coordinates. ``geo_precision`` follows ACLED: 1 for the
place itself, 2 for a point near it (a relative place: its anchor moved by the offset).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence

from ..picture.model import Fatality, SituationPicture, SourceRef
from ..schema.draft import Fatalities
from ..schema.report import ControlChange, Event, Evidence, Geo, SituationReport
from .labels import death_range

REPORT_COLUMNS = (
    "item_id",
    "event_date",
    "time_precision",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "actor2",
    "assoc_actor_2",
    "country",
    "admin1",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "fatalities",
    "source",
    "notes",
    "evidence_start",
    "evidence_end",
    "evidence_text",
    "grounded",
    "confidence",
)
PICTURE_COLUMNS = (*REPORT_COLUMNS[:1], "article", "article_item", *REPORT_COLUMNS[1:])

# ACLED's event type and sub-event type for each of the report's event types.
ACLED_TYPES: dict[str, tuple[str, str]] = {
    "battle": ("Battles", "Armed clash"),
    "government_regains_territory": ("Battles", "Government regains territory"),
    "non_state_actor_overtakes_territory": ("Battles", "Non-state actor overtakes territory"),
    "air_strike": ("Explosions/Remote violence", "Air/drone strike"),
    "shelling": ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
    "suicide_bomb": ("Explosions/Remote violence", "Suicide bomb"),
    "ied": ("Explosions/Remote violence", "Remote explosive/landmine/IED"),
    "attack_on_civilians": ("Violence against civilians", "Attack"),
    "strategic_development": ("Strategic developments", ""),
    "other": ("", ""),
}
# ACLED's time precision codes: 1 the day is known, 2 the week, 3 the month.
TIME_PRECISION = {"day": "1", "week": "2", "month": "3"}

Row = dict[str, str]


def to_csv(report: SituationReport) -> str:
    """The report's events and control changes, one row each, with a header line."""
    return _write(REPORT_COLUMNS, report_rows(report))


def picture_to_csv(picture: SituationPicture) -> str:
    """A picture's timeline and control entries, one row per article's account."""
    return _write(PICTURE_COLUMNS, picture_rows(picture))


def report_rows(report: SituationReport) -> list[Row]:
    """Rows for one report, events first, in report order."""
    source = "; ".join(dict.fromkeys(s for s in (report.source.author, report.source.outlet) if s))
    rows = [_event_row(report, e, source) for e in report.events]
    return rows + [_control_row(report, c, source) for c in report.control_changes]


def _event_row(report: SituationReport, event: Event, source: str) -> Row:
    names = _names(report)
    umbrella = {a.id: a.member_of for a in report.actors}
    event_type, sub_type = ACLED_TYPES[event.type]
    sides = _sides(event.actors, umbrella)
    notes = event.description
    if event.fatalities:
        notes += " Fatalities: " + "; ".join(
            f"{names.get(f.who, f.who)} {death_range(f.low, f.best, f.high)}"
            for f in event.fatalities
        )
    return {
        "item_id": event.id,
        "event_date": event.date or "",
        "time_precision": TIME_PRECISION.get(event.date_precision, ""),
        "event_type": event_type,
        "sub_event_type": sub_type,
        **{column: "; ".join(names.get(a, a) for a in ids) for column, ids in sides.items()},
        **_place(report, event.place),
        "fatalities": _deaths(event.fatalities),
        "source": source,
        "notes": notes,
        **_evidence(event.evidence),
        "grounded": _yes(event.grounded),
        "confidence": _confidence(event.confidence),
    }


def _control_row(report: SituationReport, change: ControlChange, source: str) -> Row:
    names = _names(report)
    types = {a.id: a.type for a in report.actors}
    place = names.get(change.place, change.place)
    before = names.get(change.before or "", "unknown")
    after = names.get(change.after or "", "unknown")
    area = f", area {change.area}" if change.area else ""
    return {
        "item_id": change.id,
        "event_date": "",
        "time_precision": "",
        **_control_type(change.after, types),
        "actor1": names.get(change.after, "") if change.after else "",
        "assoc_actor_1": "",
        "actor2": names.get(change.before, "") if change.before else "",
        "assoc_actor_2": "",
        **_place(report, change.place),
        "fatalities": "",
        "source": source,
        "notes": f"Control of {place}: {before} to {after} ({change.status}{area}).",
        **_evidence(change.evidence),
        "grounded": _yes(change.grounded),
        "confidence": _confidence(change.confidence),
    }


def _control_type(after: str | None, types: Mapping[str, str]) -> Row:
    """ACLED's territory sub-types by who took the place; none when nobody is named."""
    kind = ("", "")
    if after is not None:
        state = types.get(after) == "state_forces"
        kind = ACLED_TYPES[
            "government_regains_territory" if state else "non_state_actor_overtakes_territory"
        ]
    return {"event_type": kind[0], "sub_event_type": kind[1]}


def _deaths(fatalities: Sequence[Fatalities] | Sequence[Fatality]) -> str:
    """The summed best (else low) estimate over the sides that have one; empty when none."""
    known = [f.best if f.best is not None else f.low for f in fatalities]
    counted = [n for n in known if n is not None]
    return str(sum(counted)) if counted else ""


def _sides(actors: Sequence[str], umbrella: Mapping[str, str | None]) -> dict[str, list[str]]:
    """actor1, actor2 and each side's associated actors, in the report's order."""
    sides: dict[str, list[str]] = {
        "actor1": list(actors[:1]),
        "assoc_actor_1": [],
        "actor2": list(actors[1:2]),
        "assoc_actor_2": [],
    }
    for actor in actors[2:]:
        kin = {actor, umbrella.get(actor)}
        second = bool(sides["actor2"]) and bool(kin & {sides["actor2"][0], umbrella.get(actors[1])})
        sides["assoc_actor_2" if second else "assoc_actor_1"].append(actor)
    return sides


def _place(report: SituationReport, ref: str | None) -> Row:
    place = next((p for p in report.places if p.id == ref), None)
    if place is None:
        return {"country": "", "admin1": "", "location": "", **point(None)}
    return {
        "country": place.country or "",
        "admin1": place.admin_area or "",
        "location": place.name,
        **point(place.geo),
    }


def point(geo: Geo | None) -> Row:
    """ACLED's coordinates and geo precision: 1 the place itself, 2 near it (an offset)."""
    if geo is None:
        return {"latitude": "", "longitude": "", "geo_precision": ""}
    return {
        "latitude": f"{geo.latitude:.5f}",
        "longitude": f"{geo.longitude:.5f}",
        "geo_precision": "2" if geo.approximate else "1",
    }


def _evidence(evidence: Sequence[Evidence]) -> Row:
    """The first resolved quote's offsets and text: where an analyst checks the row."""
    found = next((e for e in evidence if e.start is not None), None)
    if found is None:
        return {"evidence_start": "", "evidence_end": "", "evidence_text": ""}
    return {
        "evidence_start": str(found.start),
        "evidence_end": str(found.end),
        "evidence_text": found.text or "",
    }


def _names(report: SituationReport) -> dict[str, str]:
    found = {a.id: a.name for a in report.actors}
    found |= {p.id: p.name for p in report.places}
    return found | {"civilians": "civilians", "unknown": "unknown"}


def picture_rows(picture: SituationPicture) -> list[Row]:
    """Rows for a picture: a timeline account or a control account each, timeline first."""
    names = {e.id: e.name for e in (*picture.actors, *picture.places, *picture.people)}
    places = {p.id: p for p in picture.places}
    types = {a.id: a.type for a in picture.actors}
    outlets = {
        a.name: "; ".join(dict.fromkeys(s for s in (a.author, a.outlet) if s))
        for a in picture.articles
    }

    def where(ref: str | None) -> Row:
        place = places.get(ref or "")
        if place is None:
            return {"country": "", "admin1": "", "location": "", **point(None)}
        return {
            "country": "; ".join(place.countries),
            "admin1": "; ".join(place.admin_areas),
            "location": place.name,
            **point(place.geo),
        }

    rows: list[Row] = []
    for entry in picture.timeline:
        event_type, sub_type = ACLED_TYPES[entry.type]
        for account in entry.accounts:
            rows.append(
                {
                    "item_id": entry.id,
                    "article": account.article,
                    "article_item": account.item,
                    "event_date": entry.when.date or "",
                    "time_precision": TIME_PRECISION.get(entry.when.precision, ""),
                    "event_type": event_type,
                    "sub_event_type": sub_type,
                    "actor1": names.get(entry.actors[0], "") if entry.actors else "",
                    "assoc_actor_1": "",
                    "actor2": names.get(entry.actors[1], "") if len(entry.actors) > 1 else "",
                    "assoc_actor_2": "; ".join(names.get(a, a) for a in entry.actors[2:]),
                    **where(entry.place),
                    "fatalities": _deaths(account.fatalities),
                    "source": outlets.get(account.article, ""),
                    "notes": account.description,
                    **_ref_evidence(account.sources),
                }
            )
    for control in picture.control:
        for change in control.changes:
            after = names.get(change.after or "", "")
            before = ", ".join(names.get(b, b) for b in change.before)
            for c in change.accounts:
                area = f", area {c.area}" if c.area else ""
                rows.append(
                    {
                        "item_id": change.id,
                        "article": c.article,
                        "article_item": c.item,
                        "event_date": change.when.date or "",
                        "time_precision": TIME_PRECISION.get(change.when.precision, ""),
                        **_control_type(change.after, types),
                        "actor1": after,
                        "assoc_actor_1": "",
                        "actor2": before,
                        "assoc_actor_2": "",
                        **where(control.place),
                        "fatalities": "",
                        "source": outlets.get(c.article, ""),
                        "notes": f"Control of {control.name}: {before or 'unknown'} to "
                        f"{after or 'unknown'} ({c.status} by {c.who}{area}).",
                        **_ref_evidence(c.sources),
                    }
                )
    return rows


def _ref_evidence(refs: Sequence[SourceRef]) -> Row:
    found = next((r for r in refs if r.start is not None), None)
    if found is None:
        return {"evidence_start": "", "evidence_end": "", "evidence_text": "", "grounded": "no"}
    return {
        "evidence_start": str(found.start),
        "evidence_end": str(found.end),
        "evidence_text": found.text or "",
        "grounded": "yes",
    }


def _confidence(value: float | None) -> str:
    """The item's calibrated confidence with two decimals, or empty where none was measured."""
    return "" if value is None else f"{value:.2f}"


def _yes(flag: bool) -> str:
    return "yes" if flag else "no"


def _write(columns: Sequence[str], rows: Iterable[Row]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()
