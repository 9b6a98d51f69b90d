"""Relative places ("35 km northeast of Palmyra"): the anchor, the distance and the bearing.

The point of such a place is its anchor moved by the offset on a sphere; it is only as good as
the article's round figure, so it is always marked approximate.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

EARTH_KM = 6371.0
BEARINGS = {
    "north": 0.0,
    "northeast": 45.0,
    "east": 90.0,
    "southeast": 135.0,
    "south": 180.0,
    "southwest": 225.0,
    "west": 270.0,
    "northwest": 315.0,
}
_UNITS = {"km": 1.0, "kilometres": 1.0, "kilometers": 1.0, "miles": 1.609344, "mi": 1.609344}
_OFFSET = re.compile(
    r"(?P<km>\d+(?:\.\d+)?)\s*(?P<unit>km|kilometres|kilometers|miles|mi)\b[\s(]*"
    r"(?:\(\s*\d+\s*miles?\s*\)\s*)?"
    r"(?P<bearing>(?:north|south|east|west)(?:[\s-]?(?:east|west))?)\s+of\s+"
    r"(?:the\s+)?(?:(?:city|town|village)\s+of\s+)?(?P<anchor>[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Offset:
    """A place given as distance and direction from a named anchor."""

    anchor: str
    km: float
    bearing: str


def parse_offset(text: str) -> Offset | None:
    """The first "N km <direction> of <Place>" in ``text``, if any."""
    found = _OFFSET.search(text)
    if found is None:
        return None
    bearing = re.sub(r"[\s-]", "", found["bearing"].lower())
    if bearing not in BEARINGS:
        return None
    km = float(found["km"]) * _UNITS[found["unit"].lower()]
    return Offset(anchor=found["anchor"].strip(), km=round(km, 1), bearing=bearing)


def moved(latitude: float, longitude: float, offset: Offset) -> tuple[float, float]:
    """The point ``offset.km`` from the given one along the offset's bearing (great circle)."""
    lat, lon = math.radians(latitude), math.radians(longitude)
    angle, theta = offset.km / EARTH_KM, math.radians(BEARINGS[offset.bearing])
    lat2 = math.asin(
        math.sin(lat) * math.cos(angle) + math.cos(lat) * math.sin(angle) * math.cos(theta)
    )
    lon2 = lon + math.atan2(
        math.sin(theta) * math.sin(angle) * math.cos(lat),
        math.cos(angle) - math.sin(lat) * math.sin(lat2),
    )
    return round(math.degrees(lat2), 5), round((math.degrees(lon2) + 540) % 360 - 180, 5)
