"""Event dates: relative ones resolved against the printed publication date, none invented."""

from __future__ import annotations

import pytest

from summarizer.picture.dates import resolve_date
from summarizer.schema.draft import Source

THURSDAY = Source(
    outlet=None,
    headline=None,
    author=None,
    dateline=None,
    published="2016-06-30",
    date_precision="day",
)
UNDATED = THURSDAY.model_copy(update={"published": None, "date_precision": "unknown"})


@pytest.mark.parametrize(
    ("written", "date", "precision", "earliest", "latest"),
    [
        ("Tuesday", "2016-06-28", "day", "2016-06-28", "2016-06-28"),
        ("late Thursday", "2016-06-30", "day", "2016-06-30", "2016-06-30"),
        ("last Thursday", "2016-06-23", "day", "2016-06-23", "2016-06-23"),
        ("Wednesday night", "2016-06-29", "day", "2016-06-29", "2016-06-29"),
        ("yesterday", "2016-06-29", "day", "2016-06-29", "2016-06-29"),
        ("this week", "2016-06-27", "week", "2016-06-27", "2016-07-03"),
        ("last week", "2016-06-20", "week", "2016-06-20", "2016-06-26"),
        ("over the weekend", "2016-06-25", "week", "2016-06-25", "2016-06-26"),
        ("earlier this month", "2016-06", "month", "2016-06-01", "2016-06-30"),
        ("last month", "2016-05", "month", "2016-05-01", "2016-05-31"),
        ("in April", "2016-04", "month", "2016-04-01", "2016-04-30"),
        ("May 18", "2016-05-18", "day", "2016-05-18", "2016-05-18"),
        ("18 December", "2015-12-18", "day", "2015-12-18", "2015-12-18"),
        ("2016-06-28", "2016-06-28", "day", "2016-06-28", "2016-06-28"),
        ("2016-06", "2016-06", "month", "2016-06-01", "2016-06-30"),
        ("June 29, 2016", "2016-06-29", "day", "2016-06-29", "2016-06-29"),
    ],
)
def test_resolved_against_the_publication_date(
    written: str, date: str, precision: str, earliest: str, latest: str
) -> None:
    when = resolve_date(written, "day", THURSDAY, "text printed in 2016")
    assert (when.date, when.precision, when.earliest, when.latest) == (
        date,
        precision,
        earliest,
        latest,
    )


@pytest.mark.parametrize(
    ("written", "source", "basis"),
    [
        ("Tuesday", UNDATED, "relative or has no year"),
        ("May 18", UNDATED, "relative or has no year"),
        ("last week", UNDATED, "relative or has no year"),
        ("2017-05-18", THURSDAY, "the year 2017 is not printed in the article"),
        ("soon after the fall", THURSDAY, "not understood"),
        (None, THURSDAY, "no date given"),
    ],
)
def test_left_unknown_rather_than_invented(written: str | None, source: Source, basis: str) -> None:
    when = resolve_date(written, "day", source, "text printed in 2016")
    assert (when.date, when.precision, when.earliest) == (None, "unknown", None)
    assert basis in when.basis
