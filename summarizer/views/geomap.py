"""The map of geocoded places, drawn as inline SVG: nothing is fetched, nothing is tiled.

There are no country outlines (no small offline data package for them was found on PyPI);
instead a graticule of meridians and parallels, labelled in degrees, frames the places, and
each country is named beside its places. The projection is equirectangular around the places'
own middle latitude, so distances east-west look right at the scale of one campaign.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from ..schema.report import Geo

WIDTH, HEIGHT, MARGIN = 520.0, 340.0, 28.0
MIN_SPAN = 3.0
"""Degrees the map shows at least, so one place or a close cluster still has surroundings."""
STEPS = (0.5, 1.0, 2.0, 5.0, 10.0, 20.0, 30.0)


@dataclass(frozen=True)
class Marker:
    """One place on the map; ``item`` is the report or picture id clicks select."""

    item: str
    label: str
    geo: Geo
    css: str = ""
    title: str = ""


@dataclass(frozen=True)
class Dot:
    """A marker at its position in the drawing."""

    item: str
    label: str
    x: float
    y: float
    approximate: bool
    css: str
    title: str


@dataclass(frozen=True)
class Line:
    """A graticule line and its label."""

    d: str
    label: str
    x: float
    y: float


@dataclass(frozen=True)
class MapView:
    """Everything the template draws."""

    width: float
    height: float
    dots: tuple[Dot, ...]
    lines: tuple[Line, ...]
    countries: tuple[tuple[str, float, float], ...]


def map_view(markers: Sequence[Marker]) -> MapView | None:
    """The map of these markers, or None when there is nothing to place."""
    if not markers:
        return None
    lats = [m.geo.latitude for m in markers]
    lons = [m.geo.longitude for m in markers]
    middle = (min(lats) + max(lats)) / 2
    shrink = max(math.cos(math.radians(middle)), 0.2)
    lat_span = max(max(lats) - min(lats), MIN_SPAN) * 1.25
    lon_span = max(max(lons) - min(lons), MIN_SPAN) * 1.25
    centre_lon = (min(lons) + max(lons)) / 2
    scale = min((WIDTH - 2 * MARGIN) / (lon_span * shrink), (HEIGHT - 2 * MARGIN) / lat_span)

    def at(lat: float, lon: float) -> tuple[float, float]:
        x = WIDTH / 2 + (lon - centre_lon) * shrink * scale
        y = HEIGHT / 2 - (lat - middle) * scale
        return round(x, 1), round(y, 1)

    dots = tuple(
        Dot(m.item, m.label, *at(m.geo.latitude, m.geo.longitude), m.geo.approximate,
            m.css, m.title)
        for m in markers
    )  # fmt: skip
    west, north = _degrees(0.0, 0.0, scale * shrink, scale, centre_lon, middle)
    east, south = _degrees(WIDTH, HEIGHT, scale * shrink, scale, centre_lon, middle)
    step = next((s for s in STEPS if (east - west) / s <= 6), STEPS[-1])
    lines: list[Line] = []
    for lon in _ticks(west, east, step):
        x = at(middle, lon)[0]
        lines.append(Line(f"M{x} 0V{HEIGHT}", f"{_deg(lon, 'E', 'W')}", x + 2, HEIGHT - 4))
    for lat in _ticks(south, north, step):
        y = at(lat, centre_lon)[1]
        lines.append(Line(f"M0 {y}H{WIDTH}", f"{_deg(lat, 'N', 'S')}", 2, y - 2))
    return MapView(WIDTH, HEIGHT, dots, tuple(lines), _country_labels(markers, dots))


def _degrees(
    x: float, y: float, x_scale: float, y_scale: float, lon0: float, lat0: float
) -> tuple[float, float]:
    """The longitude and latitude under a point of the drawing (the inverse projection)."""
    return lon0 + (x - WIDTH / 2) / x_scale, lat0 + (HEIGHT / 2 - y) / y_scale


def _ticks(low: float, high: float, step: float) -> list[float]:
    first = math.ceil(low / step) * step
    return [round(first + i * step, 6) for i in range(int((high - first) / step) + 1)]


def _deg(value: float, plus: str, minus: str) -> str:
    number = f"{abs(value):g}"
    return f"{number}°{plus if value >= 0 else minus}"


def _country_labels(
    markers: Sequence[Marker], dots: Sequence[Dot]
) -> tuple[tuple[str, float, float], ...]:
    """Each country's code under the middle of its places."""
    spots: dict[str, list[Dot]] = {}
    for marker, dot in zip(markers, dots, strict=True):
        spots.setdefault(marker.geo.country, []).append(dot)
    return tuple(
        (code, round(sum(d.x for d in group) / len(group), 1),
         round(max(d.y for d in group) + 26, 1))
        for code, group in sorted(spots.items())
    )  # fmt: skip
