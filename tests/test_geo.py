"""Geocoding: a place is settled only when one gazetteer candidate is clearly right."""

from __future__ import annotations

import importlib
import itertools
import time
from pathlib import Path
from typing import Any

import pytest

from summarizer.geo import Gazetteer, geocode_report
from summarizer.geo.relative import Offset, moved, parse_offset

from .geo_support import report_with, shared_gazetteer

SYRIA = "Syrian troops backed by Russian jets advanced in Syria's eastern desert on Saturday. "
TADMUR, TURKEY_SOLHAN, SEBBA, WAD_MEDANI, DEIR_EZ_ZOR = 163808, 300377, 2355803, 364103, 170794


@pytest.fixture(scope="module")
def places() -> Gazetteer:
    return shared_gazetteer()


def placed(places: Gazetteer, text: str, *given: dict[str, Any]) -> list[int | None]:
    report = geocode_report(report_with(text, list(given)), places)
    return [p.geo.geonames_id if p.geo else None for p in report.places]


def test_palmyra_is_the_syrian_city_not_the_australian_town(places: Gazetteer) -> None:
    text = SYRIA + "The army retook Palmyra from Islamic State fighters."
    assert placed(places, text, {"name": "Palmyra", "kind": "city"}) == [TADMUR]


def test_palmyra_is_left_alone_when_the_article_names_no_country_that_has_it(
    places: Gazetteer,
) -> None:
    text = "Rain fell on Palmyra for the third day, the weather service said."
    assert placed(places, text, {"name": "Palmyra", "kind": "town"}) == [None]


def test_solhan_is_never_the_turkish_town_in_a_burkina_faso_article(places: Gazetteer) -> None:
    text = (
        "Gunmen killed at least 100 people in Solhan, a village in Burkina Faso's Yagha "
        "province near Sebba, the Burkinabe government said."
    )
    found = placed(places, text, {"name": "Solhan", "kind": "village"}, {"name": "Sebba"})
    assert TURKEY_SOLHAN not in found
    assert found == [None, SEBBA]


def test_solhan_in_a_turkish_article_is_the_turkish_town(places: Gazetteer) -> None:
    text = "Turkish police detained two men in Solhan, in Turkey's Bingol province."
    assert placed(places, text, {"name": "Solhan"}) == [TURKEY_SOLHAN]


def test_a_capital_the_article_never_locates_is_not_a_namesake_elsewhere(
    places: Gazetteer,
) -> None:
    text = (
        "BAMAKO, Mali - The army entered Kidal on Tuesday. The rebels signed the 2015 peace "
        "deal in Algiers; the United States and France urged restraint, officials in Mali said."
    )
    assert placed(places, text, {"name": "Algiers"}) == [None], "not a hamlet in the US"


@pytest.mark.parametrize("name", ["Tadmur", "Tadmor", "Palmyra"])
def test_transliterations_of_palmyra_are_one_place(places: Gazetteer, name: str) -> None:
    assert placed(places, SYRIA + f"Fighting reached {name}.", {"name": name}) == [TADMUR]


@pytest.mark.parametrize("name", ["Deir ez-Zor", "Deir al-Zour", "Deir Az-zor", "Deir Ezzor"])
def test_transliterations_of_deir_ez_zor_are_one_city(places: Gazetteer, name: str) -> None:
    text = SYRIA + f"Shells fell on {name} overnight."
    assert placed(places, text, {"name": name, "kind": "city"}) == [DEIR_EZ_ZOR]


@pytest.mark.parametrize("name", ["Wad Madani", "Wad Medani"])
def test_transliterations_of_wad_madani_are_one_city(places: Gazetteer, name: str) -> None:
    text = f"The Rapid Support Forces entered {name}, the Sudanese army said."
    assert placed(places, text, {"name": name, "kind": "city"}) == [WAD_MEDANI]


def test_a_name_the_article_uses_for_a_province_is_not_given_its_city(
    places: Gazetteer,
) -> None:
    text = SYRIA + "Fighters were sent to Raqqa and Deir al Zor province to the east."
    found = placed(places, text, {"name": "Deir al Zor", "kind": "city"}, {"name": "Raqqa"})
    assert found[0] is None and found[1] is not None


def test_a_relative_place_keeps_its_anchor_and_an_approximate_point(places: Gazetteer) -> None:
    text = SYRIA + "Rebels took Bir Qassab, some 50 km southeast of Damascus."
    report = geocode_report(
        report_with(text, [{"name": "Bir Qassab", "relative": "some 50 km southeast of Damascus"}]),
        places,
    )
    geo = report.places[0].geo
    assert geo is not None and geo.approximate and geo.match == "relative"
    assert (geo.anchor, geo.offset_km, geo.bearing) == ("Damascus", 50.0, "southeast")
    assert geo.latitude < 33.51 and geo.longitude > 36.3  # south and east of Damascus


def test_regions_and_generic_names_stay_unresolved(places: Gazetteer) -> None:
    text = SYRIA + "Clashes spread across the Badia and the Old City."
    found = placed(
        places, text, {"name": "Badia", "kind": "region"}, {"name": "Old City", "kind": "other"}
    )
    assert found == [None, None]


def test_geocoding_a_report_is_fast(places: Gazetteer) -> None:
    report = report_with(
        SYRIA + "Palmyra, Raqqa and Deir ez-Zor.",
        [{"name": n} for n in ("Palmyra", "Raqqa", "Deir ez-Zor", "Damascus", "Homs")],
    )
    geocode_report(report, places)
    started = time.perf_counter()
    geocode_report(report, places)
    assert time.perf_counter() - started < 0.2


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("35 km northeast of Palmyra", Offset("Palmyra", 35.0, "northeast")),
        ("roughly 75km east of Damascus", Offset("Damascus", 75.0, "east")),
        ("10 miles south of the city of Mosul", Offset("Mosul", 16.1, "south")),
        ("near the border with Jordan", None),
    ],
)
def test_offsets_are_read_from_the_relative_description(text: str, expected: Offset | None) -> None:
    assert parse_offset(text) == expected


def test_an_offset_moves_the_point_by_about_its_distance() -> None:
    lat, lon = moved(34.0, 38.0, Offset("X", 111.2, "north"))
    assert abs(lat - 35.0) < 0.01 and abs(lon - 38.0) < 1e-6


def test_threads_that_open_a_fresh_cache_at_once_build_one_index(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A batch's worker threads geocode their first reports together: the index is built once,
    by one of them, and every thread gets it."""
    from concurrent.futures import ThreadPoolExecutor

    module = importlib.import_module("summarizer.geo.gazetteer")

    builds: list[Path] = []
    real_build = module.build_index

    def counted(path: Path) -> None:
        builds.append(path)
        real_build(path)

    small = [e for e in itertools.islice(module._cities(), 2000)]
    monkeypatch.setattr(module, "_cities", lambda: iter(small))
    monkeypatch.setattr(module, "build_index", counted)
    with ThreadPoolExecutor(max_workers=4) as pool:
        opened = list(pool.map(lambda _: module.gazetteer(tmp_path), range(8)))
    assert len(builds) == 1
    assert len({id(g) for g in opened}) == 1
    assert opened[0].lookup(small[0][0].name)
