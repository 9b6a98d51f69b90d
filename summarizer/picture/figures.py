"""Numbers read from statements (areas, distances, counts) so disagreeing figures can be shown.

Only the first figure of a statement is its figure; a conversion in brackets right after it
("over 5,000 kilometers (3,100 miles)") is the same figure and is skipped. Years are not figures.
Units are kept as written, only spelled one way: "kilometers" stays km even where the writer
meant square kilometres, so the picture shows what each source says, not a correction.
"""

from __future__ import annotations

import re

from .model import Figure

_UNITS = (
    (re.compile(r"sq\.?\s?km|square\s+kilomet(?:er|re)s?|km2|km²", re.I), "sq km"),
    (re.compile(r"sq\.?\s?mi(?:les?)?|square\s+miles?", re.I), "sq mi"),
    (re.compile(r"hectares?", re.I), "ha"),
    (re.compile(r"kilomet(?:er|re)s?|km", re.I), "km"),
    (re.compile(r"miles?", re.I), "mi"),
)
_FIGURE = re.compile(
    r"(?P<qual>\b(?:over|more than|nearly|almost|about|around|roughly|at least|some|up to|"
    r"less than|fewer than|approximately)\s+)?"
    r"(?<![\w.,])(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?![\w,]*\d)"
    r"\s*(?P<unit>sq\.?\s?km|square\s+kilomet(?:er|re)s?|km2|km²|sq\.?\s?mi(?:les?)?|"
    r"square\s+miles?|hectares?|kilomet(?:er|re)s?|km|miles?)?(?!\w)",
    re.I,
)


def figures(text: str) -> list[Figure]:
    """Every figure in ``text`` in order, bracketed conversions and years left out."""
    found: list[Figure] = []
    for match in _FIGURE.finditer(text):
        number = float(match["num"].replace(",", ""))
        unit = _unit(match["unit"])
        if unit == "count" and 1900 <= number <= 2100 and "," not in match["num"]:
            continue
        if found and text[: match.start()].rstrip().endswith("("):
            continue
        qualifier = match["qual"].strip().lower() if match["qual"] else None
        found.append(
            Figure(value=number, unit=unit, qualifier=qualifier, text=match.group().strip())
        )
    return found


def first_figure(text: str | None, *, measured: bool = False) -> Figure | None:
    """The statement's figure; with ``measured``, the first one that has a unit."""
    for figure in figures(text or ""):
        if not measured or figure.unit != "count":
            return figure
    return None


def same(first: Figure, second: Figure) -> bool:
    """Whether two figures say the same number in the same unit."""
    return first.value == second.value and first.unit == second.unit


def _unit(raw: str | None) -> str:
    if not raw:
        return "count"
    for pattern, unit in _UNITS:
        if pattern.fullmatch(raw.strip()):
            return unit
    return "count"
