"""The maps in headless Chromium: every geocoded place is drawn, and clicking it marks its words."""

from __future__ import annotations

from pathlib import Path

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver

from summarizer import to_html
from summarizer.evals.gold import gold_reports
from summarizer.geo import geocode_report
from summarizer.picture import build_picture
from summarizer.schema.report import SituationReport
from summarizer.views import picture_to_html

from .conftest import ROOT
from .geo_support import shared_gazetteer
from .test_views_browser import attribute, browser, open_page, requests, segment_items

pytestmark = pytest.mark.browser
__all__ = ["browser"]  # the fixture, imported so pytest finds it here


@pytest.fixture(scope="module")
def founding() -> list[SituationReport]:
    places = shared_gazetteer()
    return [geocode_report(r, places) for r in gold_reports(ROOT / "evals" / "founding")]


def test_every_geocoded_place_is_on_the_report_map(
    browser: WebDriver, tmp_path: Path, founding: list[SituationReport]
) -> None:
    report = founding[3]
    open_page(browser, tmp_path, "report.html", to_html(report))
    drawn = {
        attribute(g, "data-item") for g in browser.find_elements(By.CSS_SELECTOR, "#map .map-place")
    }
    geocoded = {p.id for p in report.places if p.geo is not None}
    assert geocoded and drawn == geocoded
    page = (tmp_path / "report.html").as_uri()
    assert [url for url, document in requests(browser) if document == page] == [page]
    assert browser.execute_script("return performance.getEntriesByType('resource').length") == 0


def test_clicking_a_place_on_the_map_marks_its_words(
    browser: WebDriver, tmp_path: Path, founding: list[SituationReport]
) -> None:
    report = founding[3]
    open_page(browser, tmp_path, "report.html", to_html(report))
    palmyra = next(p for p in report.places if p.name == "Palmyra")
    dot = browser.find_element(By.CSS_SELECTOR, f"#map .map-place[data-item='{palmyra.id}']")
    dot.find_element(By.TAG_NAME, "circle").click()
    hits = segment_items(browser)
    assert hits and all(palmyra.id in items for items in hits)
    assert "selected" in attribute(dot, "class")
    assert "selected" in attribute(browser.find_element(By.ID, f"item-{palmyra.id}"), "class")


def test_the_picture_map_colours_places_by_holder_and_marks_the_change(
    browser: WebDriver, tmp_path: Path, founding: list[SituationReport]
) -> None:
    picture = build_picture(founding)
    open_page(browser, tmp_path, "picture.html", picture_to_html(picture, reports=founding))
    located = {p.id for p in picture.places if p.geo is not None}
    dots = browser.find_elements(By.CSS_SELECTOR, "#map .map-place")
    assert len(dots) == len(located)
    held = [d for d in dots if "holder-" in attribute(d, "class")]
    assert held and all("status-" in attribute(d, "class") for d in held)
    change = attribute(held[0], "data-item")
    held[0].find_element(By.TAG_NAME, "circle").click()
    hits = segment_items(browser)
    assert hits and all(change in items for items in hits)
    assert browser.find_elements(By.CSS_SELECTOR, f".control-rows .step[data-item='{change}']")
    assert browser.execute_script("return performance.getEntriesByType('resource').length") == 0
