"""The picture page's map: every geocoded place, coloured by who holds it in the latest account.

A place's control over time is the row of its changes in date order beside the map, each a chip
coloured by the holder after it, outlined by its ISW status (assessed, claimed, contested);
clicking a chip or a place marks the sentences that state it, as clicking an item does.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..picture.model import ControlEntry, SituationPicture
from .geomap import MapView, Marker, map_view

HOLDER_COLOURS = 5
"""Distinct holder colours the stylesheet defines (``holder-0`` …); later holders share the last."""


@dataclass(frozen=True)
class Step:
    """One control change of a place, as a chip of the place's row."""

    item: str
    when: str
    holder: str
    css: str
    status: str


@dataclass(frozen=True)
class PlaceRow:
    """A place's control over time."""

    place: str
    name: str
    located: bool
    steps: tuple[Step, ...]


@dataclass(frozen=True)
class ControlMap:
    """The map, its rows of control over time, and the holder legend."""

    view: MapView | None
    rows: tuple[PlaceRow, ...]
    holders: tuple[tuple[str, str], ...]


def control_map(picture: SituationPicture, names: dict[str, str]) -> ControlMap:
    """The map and the rows of the picture's control entries."""
    holders: dict[str, str] = {}

    def colour(holder: str | None) -> str:
        if holder is None:
            return "holder-none"
        index = holders.setdefault(holder, f"holder-{min(len(holders), HOLDER_COLOURS - 1)}")
        return index

    places = {p.id: p for p in picture.places}
    rows, latest = [], {}
    for control in picture.control:
        changes = sorted(control.changes, key=lambda c: c.when.date or "")
        steps = tuple(_step(c, names, colour(c.after)) for c in changes)
        place = places.get(control.place)
        rows.append(PlaceRow(control.place, control.name, bool(place and place.geo), steps))
        if steps:
            latest[control.place] = steps[-1]
    markers = []
    for place in picture.places:
        if place.geo is None:
            continue
        step = latest.get(place.id)
        css = f"{step.css} status-{step.status}" if step else ""
        title = f"{place.name}: {step.holder} ({step.status})" if step else place.name
        markers.append(Marker(step.item if step else place.id, place.name, place.geo, css, title))
    legend = tuple((names.get(h, h), css) for h, css in holders.items())
    return ControlMap(map_view(markers), tuple(rows), legend)


def _step(change: ControlEntry, names: dict[str, str], css: str) -> Step:
    holder = names.get(change.after or "", "nobody named")
    return Step(change.id, change.when.date or "undated", holder, css, change.status)
