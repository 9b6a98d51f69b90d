"""Dates of events: as given, or relative ones resolved against the article's publication date.

"on Tuesday" in an article printed Thursday 2016-06-30 is 2016-06-28 (the latest such day on or
before publication); "last week" is the week before publication's week (weeks start on Monday);
"May 18" is the latest May 18 on or before publication. Without a printed publication date a
relative date stays unknown, and a date whose year the article never prints is not trusted:
nothing is invented. Every result says how it was obtained.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from ..schema.draft import DatePrecision, Source
from .model import When

WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}
MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name} | {
    name.lower(): i for i, name in enumerate(calendar.month_abbr) if name
}
_LEAD = re.compile(r"^(?:on|in|at|late|early|earlier|during)\s+")
_TAIL = re.compile(r"\s+(?:night|morning|evening|afternoon)$")
_ISO = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_MONTH_DAY = re.compile(r"^([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(\d{4}))?$")
_DAY_MONTH = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]+)\.?(?:,?\s+(\d{4}))?$")
_MONTH_YEAR = re.compile(r"^([a-z]+)(?:,?\s+(\d{4}))?$")
UNKNOWN = When(date=None, precision="unknown", basis="no date given")


@dataclass(frozen=True)
class _Span:
    start: date
    end: date
    precision: DatePrecision
    label: str


def published_date(source: Source) -> date | None:
    """The publication date when printed to the day, else ``None``."""
    if not source.published or source.date_precision in ("week", "month", "year"):
        return None
    try:
        return date.fromisoformat(source.published.strip()[:10])
    except ValueError:
        return None


def resolve_date(written: str | None, precision: DatePrecision, source: Source, text: str) -> When:
    """The event date ``written`` in a report, resolved and explained; ``text`` is the article."""
    if not written or not written.strip():
        return UNKNOWN
    published = published_date(source)
    phrase = _TAIL.sub("", _LEAD.sub("", written.strip().lower().rstrip(".")))
    absolute = _absolute(phrase, precision)
    if absolute is not None:
        year = str(absolute.start.year)
        if year not in text and not (published and published.year == absolute.start.year):
            return When(
                date=None,
                precision="unknown",
                basis=f"'{written}': the year {year} is not printed in the article; left unknown",
            )
        return _when(absolute, "as given in the report")
    relative = _relative(phrase, published) if published else None
    if relative is not None:
        return _when(relative, f"'{written}' resolved against publication date {published}")
    if published is None and _is_relative(phrase):
        return When(
            date=None,
            precision="unknown",
            basis=f"'{written}' is relative or has no year, and the article prints no "
            "publication date; left unknown",
        )
    return When(date=None, precision="unknown", basis=f"'{written}' not understood; left unknown")


def _when(span: _Span, basis: str) -> When:
    return When(
        date=span.label,
        precision=span.precision,
        earliest=span.start.isoformat(),
        latest=span.end.isoformat(),
        basis=basis,
    )


def _absolute(phrase: str, precision: DatePrecision) -> _Span | None:
    iso = _ISO.match(phrase)
    if iso:
        year, month, day = (int(g) if g else None for g in iso.groups())
        assert year is not None
        if month is None:
            return _year(year)
        if day is None:
            return _month(year, month)
        start = _safe_date(year, month, day)
        if start is None:
            return None
        if precision == "week":
            return _Span(start, start + timedelta(days=6), "week", start.isoformat())
        if precision == "month":
            return _month(year, month)
        return _Span(start, start, "day", start.isoformat())
    for pattern, order in ((_MONTH_DAY, "md"), (_DAY_MONTH, "dm")):
        found = pattern.match(phrase)
        if found and found.group(3):
            name, number = (found[1], found[2]) if order == "md" else (found[2], found[1])
            start = _safe_date(int(found[3]), MONTHS.get(name, 0), int(number))
            return _Span(start, start, "day", start.isoformat()) if start else None
    month_year = _MONTH_YEAR.match(phrase)
    if month_year and month_year.group(2) and month_year[1] in MONTHS:
        return _month(int(month_year[2]), MONTHS[month_year[1]])
    return None


def _relative(phrase: str, published: date) -> _Span | None:
    day = _relative_day(phrase, published)
    if day is not None:
        return _Span(day, day, "day", day.isoformat())
    monday = published - timedelta(days=published.weekday())
    weeks = {"this week": monday, "last week": monday - timedelta(days=7)}
    if phrase in weeks:
        start = weeks[phrase]
        return _Span(start, start + timedelta(days=6), "week", start.isoformat())
    if phrase in {"weekend", "the weekend", "over the weekend", "this weekend", "last weekend"}:
        saturday = published - timedelta(days=(published.weekday() - 5) % 7)
        return _Span(saturday, saturday + timedelta(days=1), "week", saturday.isoformat())
    if phrase == "this month":
        return _month(published.year, published.month)
    if phrase == "last month":
        previous = published.replace(day=1) - timedelta(days=1)
        return _month(previous.year, previous.month)
    return _month_or_day_without_year(phrase, published)


def _relative_day(phrase: str, published: date) -> date | None:
    if phrase == "today":
        return published
    if phrase in {"yesterday", "overnight", "last night"}:
        return published - timedelta(days=1)
    words = phrase.split()
    if words and words[-1] in WEEKDAYS and len(words) <= 2:
        back = (published.weekday() - WEEKDAYS[words[-1]]) % 7
        if words[0] == "last" and back == 0:
            back = 7
        return published - timedelta(days=back)
    return None


def _month_or_day_without_year(phrase: str, published: date) -> _Span | None:
    for pattern, order in ((_MONTH_DAY, "md"), (_DAY_MONTH, "dm")):
        found = pattern.match(phrase)
        if found and not found.group(3):
            name, day = (found[1], found[2]) if order == "md" else (found[2], found[1])
            month = MONTHS.get(name)
            if month is None:
                return None
            start = _safe_date(published.year, month, int(day))
            if start is not None and start > published:
                start = _safe_date(published.year - 1, month, int(day))
            return _Span(start, start, "day", start.isoformat()) if start else None
    if phrase in MONTHS:
        year = published.year if MONTHS[phrase] <= published.month else published.year - 1
        return _month(year, MONTHS[phrase])
    return None


def _is_relative(phrase: str) -> bool:
    words = set(phrase.split())
    return bool(
        words & (set(WEEKDAYS) | set(MONTHS))
        or words & {"today", "yesterday", "overnight", "week", "weekend", "month", "last", "this"}
    )


def _month(year: int, month: int) -> _Span | None:
    if not 1 <= month <= 12:
        return None
    last = calendar.monthrange(year, month)[1]
    return _Span(date(year, month, 1), date(year, month, last), "month", f"{year}-{month:02d}")


def _year(year: int) -> _Span:
    return _Span(date(year, 1, 1), date(year, 12, 31), "year", str(year))


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None
