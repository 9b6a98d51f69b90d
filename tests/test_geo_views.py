"""Coordinates in the CSV (ACLED's latitude, longitude, geo_precision) and the picture's JSON."""

from __future__ import annotations

import csv
import io

import pytest

from summarizer.geo import Gazetteer, geocode_report
from summarizer.picture import build_picture
from summarizer.views.csv import PICTURE_COLUMNS, REPORT_COLUMNS, picture_to_csv, to_csv

from .geo_support import report_with, shared_gazetteer

TEXT = (
    "Syrian rebels of the Free Syrian Army seized Bir Qassab, some 50 km southeast of Damascus, "
    "from Islamic State fighters, a rebel commander said. Daesh denied losing the town."
)


@pytest.fixture(scope="module")
def places() -> Gazetteer:
    return shared_gazetteer()


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_csv_has_acled_coordinate_columns() -> None:
    for columns in (REPORT_COLUMNS, PICTURE_COLUMNS):
        at = columns.index("location")
        assert columns[at + 1 : at + 4] == ("latitude", "longitude", "geo_precision")


def test_an_unplaced_location_has_empty_coordinates() -> None:
    report = report_with(TEXT, [{"name": "Bir Qassab"}])
    for row in rows(to_csv(report)):
        assert (row["latitude"], row["longitude"], row["geo_precision"]) == ("", "", "")


def test_a_relative_place_is_written_near_its_anchor_with_precision_2(places: Gazetteer) -> None:
    report = geocode_report(
        report_with(TEXT, [{"name": "Bir Qassab", "relative": "some 50 km southeast of Damascus"}]),
        places,
    )
    geo = report.places[0].geo
    assert geo is not None
    for row in rows(to_csv(report)):
        assert row["location"] == "Bir Qassab"
        assert (float(row["latitude"]), float(row["longitude"])) == pytest.approx(
            (geo.latitude, geo.longitude), abs=1e-5
        )
        assert row["geo_precision"] == "2"


def test_a_named_place_has_precision_1_and_the_picture_carries_its_point(
    places: Gazetteer,
) -> None:
    text = TEXT.replace("Bir Qassab, some 50 km southeast of Damascus,", "Palmyra")
    report = geocode_report(report_with(text, [{"name": "Palmyra", "kind": "city"}]), places)
    assert {r["geo_precision"] for r in rows(to_csv(report))} == {"1"}
    picture = build_picture([report])
    place = next(p for p in picture.places if p.name == "Palmyra")
    data = picture.model_dump(mode="json")
    shown = next(p for p in data["places"] if p["id"] == place.id)
    assert shown["geo"]["geonames_id"] == 163808
    assert shown["geo"]["latitude"] == pytest.approx(34.56, abs=0.05)
    assert {r["geo_precision"] for r in rows(picture_to_csv(picture))} == {"1"}
