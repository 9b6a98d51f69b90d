"""Screenshots of the report page and the picture page, for the README.

    python benchmarks/screenshots.py [--out docs/img]

Renders the hand-labelled founding reports (article 003, and the picture merged from all five),
geocoded when the ``geo`` extra is installed, opens each page in headless Chromium (the browser
tests' driver), selects one item so its marked evidence shows, and saves ``report.png`` and
``picture.png``; then clicks a place on each page's map and saves ``report-map.png`` and
``picture-map.png`` with the map in view. Prints each file's size.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from selenium.webdriver.common.by import By  # noqa: E402

from summarizer import to_html  # noqa: E402
from summarizer.evals.gold import gold_reports  # noqa: E402
from summarizer.geo import geocode  # noqa: E402
from summarizer.picture import build_picture  # noqa: E402
from summarizer.views import picture_to_html  # noqa: E402
from tests.test_views_browser import chrome  # noqa: E402

WIDTH, HEIGHT = 1400, 1050
# Scroll each column so the first marked passage and the selected item sit near their tops.
SHOW_SELECTION = """
window.scrollTo(0, 0);
for (const node of document.querySelectorAll('.seg.marked, .selected')) {
  const pane = node.closest('.pane');
  if (pane && !pane.dataset.shown) {
    pane.dataset.shown = '1';
    pane.scrollTop += node.getBoundingClientRect().top - pane.getBoundingClientRect().top - 90;
  }
}
"""

# The map's place for Palmyra, the place the founding articles fight over.
MAP_PLACE = (
    "//*[local-name()='g'][contains(@class, 'map-place')]"
    "[*[local-name()='text' and text()='Palmyra']]"
)
SHOW_MAP = "document.getElementById('map').scrollIntoView({block: 'start'});"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "img")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    os.chdir(ROOT)  # document names relative to the checkout, as a user would give them
    reports = [geocode(r) for r in gold_reports(Path("evals") / "founding")]
    report_page = to_html(reports[3])
    picture_page = picture_to_html(build_picture(reports), reports=reports)
    pages = {
        "report": (report_page, "item-T2"),
        "picture": (picture_page, "item-PX1"),
        "report-map": (report_page, MAP_PLACE),
        "picture-map": (picture_page, MAP_PLACE),
    }
    with tempfile.TemporaryDirectory() as tmp:
        driver = chrome(Path(tmp) / "profile", width=WIDTH, height=HEIGHT)
        try:
            for name, (html, item) in pages.items():
                page = Path(tmp) / f"{name}.html"
                page.write_text(html, encoding="utf-8")
                driver.get(page.as_uri())
                if item == MAP_PLACE:
                    driver.find_element(By.XPATH, item).find_element(
                        By.XPATH, "*[local-name()='circle']"
                    ).click()
                    driver.execute_script(SHOW_SELECTION)
                    driver.execute_script(SHOW_MAP)
                else:
                    target = driver.find_element(By.ID, item)
                    if name == "picture":
                        target = target.find_elements(By.CSS_SELECTOR, "a.cite")[1]
                    target.click()
                    driver.execute_script(SHOW_SELECTION)
                png = args.out / f"{name}.png"
                driver.save_screenshot(str(png))
                print(f"{png}: {png.stat().st_size / 1024:.0f} KB")
        finally:
            driver.quit()


if __name__ == "__main__":
    main()
