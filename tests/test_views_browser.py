"""The HTML views in a real browser: Debian's headless Chromium driven through chromedriver.

Nothing is downloaded: selenium is given the system chromedriver. Without Chromium these tests
skip with a reason saying what to install, unless ``SUMMARIZER_REQUIRE_BROWSER=1`` (set by
``.ci/run``, which installs Chromium) makes a missing browser a failure; ``-m 'not browser'``
deselects them.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, Literal, cast

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.remote.webelement import WebElement

from summarizer import SituationReport, to_html
from summarizer.evals.gold import gold_reports
from summarizer.picture import build_picture
from summarizer.views import picture_to_html

from .conftest import ROOT
from .test_views import PAYLOADS, factory_report, hostile_report, recorded_report

pytestmark = pytest.mark.browser

REQUIRE_BROWSER = "SUMMARIZER_REQUIRE_BROWSER"
CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)
# Chromium's own pages (its new-tab page asks chrome-untrusted:// for parts of itself): requests
# that no page of ours made and that never leave the browser.
BROWSER_OWN = ("chrome:", "chrome-untrusted:", "chrome-extension:", "devtools:")
# Each highlighted segment's offset in the article as the browser lays the text out.
DOM_SEGMENTS = """
const box = document.getElementById(arguments[0]);
return Array.from(box.querySelectorAll('.seg')).map(seg => {
  const range = document.createRange();
  range.setStart(box, 0);
  range.setEndBefore(seg);
  const start = range.toString().length;
  return [seg.dataset.items.split(' '), start, start + seg.textContent.length,
          Number(seg.dataset.start), Number(seg.dataset.end)];
});
"""


def without_browser(
    missing: Sequence[str], environ: Mapping[str, str]
) -> tuple[Literal["skip", "fail"], str] | None:
    """What a browser test does when Chromium or its driver is missing: skip, or fail where the
    environment requires the browser (CI); ``None`` when nothing is missing."""
    if not missing:
        return None
    reason = (
        f"browser tests need {' and '.join(missing)}: apt-get install chromium chromium-driver "
        "(or deselect them with -m 'not browser')"
    )
    required = environ.get(REQUIRE_BROWSER, "").strip().lower() in {"1", "true", "yes"}
    return ("fail" if required else "skip"), reason


def chrome(profile: Path, *, width: int = 1400, height: int = 1000) -> WebDriver:
    """Headless Chromium through the system chromedriver, with a fresh profile in ``profile``."""
    missing = [str(p) for p in (CHROMIUM, CHROMEDRIVER) if not p.exists()]
    verdict = without_browser(missing, os.environ)
    if verdict is not None:
        outcome, reason = verdict
        if outcome == "fail":
            pytest.fail(reason, pytrace=False)
        pytest.skip(reason)
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in (*FLAGS, f"--user-data-dir={profile}", f"--window-size={width},{height}"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
    return webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[WebDriver]:
    driver = chrome(tmp_path / "profile")
    try:
        yield driver
    finally:
        driver.quit()


def open_page(driver: WebDriver, folder: Path, name: str, html: str) -> None:
    page = folder / name
    page.write_text(html, encoding="utf-8")
    driver.get(page.as_uri())


def chrome_log(driver: WebDriver, kind: str) -> list[dict[str, Any]]:
    """Chromium's log of ``kind``; selenium types it on the Chrome driver class only."""
    entries: list[dict[str, Any]] = cast(Any, driver).get_log(kind)
    return entries


def attribute(element: WebElement, name: str) -> str:
    """An attribute the page always sets; a missing one fails the test here."""
    value = element.get_attribute(name)
    assert value is not None, f"no {name} on {element.tag_name}"
    return value


def local(url: str) -> bool:
    return url.startswith(("file:", "data:"))


def requests(driver: WebDriver) -> list[tuple[str, str]]:
    """Every request since the last call, with the document that made it, from Chromium's log."""
    found = []
    for entry in chrome_log(driver, "performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            params = message["params"]
            found.append((params["request"]["url"], params.get("documentURL", "")))
    return found


def segment_items(driver: WebDriver) -> list[list[str]]:
    return [s.get_attribute("data-items").split() for s in marked(driver)]


def marked(driver: WebDriver) -> list[Any]:
    return driver.find_elements(By.CSS_SELECTOR, ".seg.marked")


@pytest.mark.parametrize("source", ["gold", "recorded"])
def test_every_grounded_span_is_highlighted(
    browser: WebDriver, tmp_path: Path, source: str
) -> None:
    report: SituationReport = (
        gold_reports(ROOT / "evals" / "founding")[3] if source == "gold" else recorded_report()
    )
    open_page(browser, tmp_path, "report.html", to_html(report))
    text = browser.execute_script("return document.getElementById('article-text').textContent")
    assert text == report.document.text
    segs = browser.execute_script(DOM_SEGMENTS, "article-text")
    assert segs
    for _, start, end, data_start, data_end in segs:
        assert (start, end) == (data_start, data_end)
    checked = 0
    for section in ("actors", "people", "places", "events", "control_changes", "claims"):
        for item in getattr(report, section):
            for e in item.evidence:
                if e.start is None:
                    continue
                covered = sorted((s, t) for ids, s, t, _, _ in segs if item.id in ids)
                inside = [(s, t) for s, t in covered if e.start <= s and t <= e.end]
                assert inside and inside[0][0] == e.start and inside[-1][1] == e.end
                assert sum(t - s for s, t in inside) == e.end - e.start
                checked += 1
    assert checked >= 10


def test_clicking_an_item_marks_its_spans(browser: WebDriver, tmp_path: Path) -> None:
    report = gold_reports(ROOT / "evals" / "founding")[3]
    open_page(browser, tmp_path, "report.html", to_html(report))
    assert marked(browser) == []
    change = report.control_changes[1]
    browser.find_element(By.ID, f"item-{change.id}").click()
    hits = segment_items(browser)
    assert hits and all(change.id in items for items in hits)
    every = browser.find_elements(By.CSS_SELECTOR, ".seg")
    citing = [s for s in every if change.id in attribute(s, "data-items").split()]
    assert len(hits) == len(citing)
    card = browser.find_element(By.ID, f"item-{change.id}")
    assert "selected" in attribute(card, "class")
    shown = "".join(s.text for s in marked(browser))
    assert shown == "".join(
        report.document.text[e.start : e.end] for e in change.evidence if e.start is not None
    )
    assert change.id in browser.find_element(By.ID, "status").text
    # A reference inside another card selects the item it names.
    uncertainty = next(u for u in report.uncertainties if u.about)
    link = browser.find_element(
        By.CSS_SELECTOR, f"#item-{uncertainty.id} a.ref[data-ref='{uncertainty.about[0]}']"
    )
    link.click()
    assert "selected" in attribute(
        browser.find_element(By.ID, f"item-{uncertainty.about[0]}"), "class"
    )
    assert all(uncertainty.about[0] in items for items in segment_items(browser))


def test_hovering_a_span_lists_the_items_citing_it(browser: WebDriver, tmp_path: Path) -> None:
    open_page(browser, tmp_path, "report.html", to_html(factory_report()))
    tip = browser.find_element(By.ID, "tip")
    assert not tip.is_displayed()
    shared = next(
        s
        for s in browser.find_elements(By.CSS_SELECTOR, ".seg")
        if s.get_attribute("data-items") == "L1 E1 T1"
    )
    ActionChains(browser).move_to_element(shared).perform()
    assert tip.is_displayed()
    lines = tip.find_elements(By.TAG_NAME, "div")
    assert [line.text.split(":")[0] for line in lines] == [
        "L1 place",
        "E1 event",
        "T1 control change",
    ]
    assert lines[1].text == "E1 event: Rebels take the town"


def test_ungrounded_items_are_marked_and_mark_nothing(browser: WebDriver, tmp_path: Path) -> None:
    open_page(browser, tmp_path, "report.html", to_html(recorded_report()))
    card = browser.find_element(By.ID, "item-E4")
    assert "ungrounded" in attribute(card, "class")
    assert card.find_element(By.CSS_SELECTOR, ".badge-ungrounded").is_displayed()
    card.click()
    assert marked(browser) == []
    assert "ungrounded" in browser.find_element(By.ID, "status").text


def test_hostile_article_runs_no_script(browser: WebDriver, tmp_path: Path) -> None:
    report = hostile_report()
    open_page(browser, tmp_path, "hostile.html", to_html(report))
    assert browser.execute_script("return typeof window.pwned") == "undefined"
    assert browser.title == "</title><script>window.pwned=6</script>"
    assert browser.find_elements(By.CSS_SELECTOR, "img, svg, textarea, iframe") == []
    assert browser.find_elements(By.CSS_SELECTOR, "a[href^='javascript']") == []
    assert len(browser.find_elements(By.TAG_NAME, "script")) == 2
    assert browser.find_element(By.TAG_NAME, "body").is_displayed()
    text = browser.execute_script("return document.getElementById('article-text').textContent")
    assert text == report.document.text
    # The page's own script still works on the hostile page.
    browser.find_element(By.ID, "item-C1").click()
    assert PAYLOADS[2] in [s.text for s in marked(browser)]
    assert browser.execute_script("return typeof window.pwned") == "undefined"
    assert [u for u, _ in requests(browser) if u.startswith(("http", "ws", "ftp"))] == []


def test_pages_make_no_network_request(browser: WebDriver, tmp_path: Path) -> None:
    reports = gold_reports(ROOT / "evals" / "founding")
    picture = picture_to_html(build_picture(reports), reports=reports)
    requests(browser)  # what the browser fetched for its own start page
    open_page(browser, tmp_path, "report.html", to_html(reports[0]))
    open_page(browser, tmp_path, "picture.html", picture)
    pages = [(tmp_path / name).as_uri() for name in ("report.html", "picture.html")]
    found = requests(browser)
    assert [url for url, document in found if document in pages] == pages
    assert [url for url, document in found if document in pages and not local(url)] == []
    assert [url for url, _ in found if not local(url) and not url.startswith(BROWSER_OWN)] == []
    resources = browser.execute_script("return performance.getEntriesByType('resource').length")
    assert resources == 0
    errors = [e for e in chrome_log(browser, "browser") if e["level"] == "SEVERE"]
    assert errors == []


def test_picture_links_open_the_sentence_in_its_article(browser: WebDriver, tmp_path: Path) -> None:
    reports = gold_reports(ROOT / "evals" / "founding")
    picture = build_picture(reports)
    open_page(browser, tmp_path, "picture.html", picture_to_html(picture, reports=reports))
    conflict = picture.conflicts[0]
    position = conflict.positions[1]
    ref = next(r for r in position.sources if r.start is not None)
    number = [a.name for a in picture.articles].index(ref.article) + 1
    link = browser.find_element(
        By.CSS_SELECTOR,
        f"#item-{conflict.id} a.cite[data-article='a{number}'][data-start='{ref.start}']",
    )
    link.click()
    assert "".join(s.text for s in marked(browser)) == ref.text
    sentence = browser.find_element(By.CSS_SELECTOR, ".sentence.marked")
    assert sentence.get_attribute("id") == attribute(link, "href").split("#")[1]
    assert ref.text is not None and ref.text in sentence.text
    assert sentence.is_displayed()
    # Clicking an actor marks every span that names it, in every article.
    actor = max(picture.actors, key=lambda a: len(a.articles))
    browser.find_element(By.ID, f"item-{actor.id}").click()
    boxes = {
        s.find_element(By.XPATH, "ancestor::section[@class='embedded']").get_attribute("id")
        for s in marked(browser)
    }
    assert len(boxes) == len(actor.articles) > 1
    for number, report in enumerate(reports, start=1):
        shown = browser.execute_script(
            f"return document.querySelector('#a{number} .text').textContent"
        )
        assert shown == report.document.text


def test_missing_chromium_fails_with_what_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys.modules[__name__], "CHROMIUM", tmp_path / "chromium")
    with pytest.raises(pytest.fail.Exception, match="apt-get install chromium chromium-driver"):
        chrome(tmp_path / "profile")
