"""Without Chromium a browser test skips with its reason, except where CI requires the browser."""

from __future__ import annotations

import pytest

from .test_views_browser import REQUIRE_BROWSER, without_browser


def test_nothing_missing_runs_the_test() -> None:
    assert without_browser([], {REQUIRE_BROWSER: "1"}) is None
    assert without_browser([], {}) is None


def test_a_missing_browser_skips_with_what_to_install() -> None:
    verdict = without_browser(["/usr/bin/chromium"], {})
    assert verdict is not None
    outcome, reason = verdict
    assert outcome == "skip"
    assert "/usr/bin/chromium" in reason
    assert "apt-get install chromium chromium-driver" in reason


@pytest.mark.parametrize("value", ["1", "true", "YES", " 1 "])
def test_a_required_browser_that_is_missing_fails(value: str) -> None:
    verdict = without_browser(
        ["/usr/bin/chromium", "/usr/bin/chromedriver"], {REQUIRE_BROWSER: value}
    )
    assert verdict is not None
    assert verdict[0] == "fail"
    assert "/usr/bin/chromium and /usr/bin/chromedriver" in verdict[1]


@pytest.mark.parametrize("value", ["", "0", "no"])
def test_a_requirement_switched_off_still_skips(value: str) -> None:
    verdict = without_browser(["/usr/bin/chromedriver"], {REQUIRE_BROWSER: value})
    assert verdict is not None and verdict[0] == "skip"


def test_ci_requires_the_browser() -> None:
    from .conftest import ROOT

    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    export = f"export {REQUIRE_BROWSER}=1"
    assert export in script
    assert script.index(export) < script.index('echo "== README test command')
