"""Gold files: the gold-only ``also_claimants`` field and its reference check."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from summarizer.articles import from_path
from summarizer.errors import InputError
from summarizer.evals.dataset import GoldReport, load_gold
from summarizer.evals.gold import report_from_gold

from .conftest import ROOT

FOUNDING = ROOT / "evals" / "founding"
STEM = "002_bbe8737eb0ab19e3"


def gold_data() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((FOUNDING / "gold" / f"{STEM}.json").read_text())
    return data


def test_also_claimants_defaults_to_none() -> None:
    report = GoldReport.model_validate(gold_data())
    assert all(claim.also_claimants == [] for claim in report.claims)
    assert report.claims[0].claimants == (report.claims[0].claimant,)


def test_also_claimants_lists_further_speakers_once() -> None:
    data = gold_data()
    data["claims"][0]["also_claimants"] = ["A5", "H1", "A5"]
    claim = GoldReport.model_validate(data).claims[0]
    assert claim.claimants == (claim.claimant, "A5", "H1")


@pytest.mark.parametrize(
    ("refs", "message"),
    [
        (["A99"], "C1.also_claimants is A99, which is not a listed actor or person"),
        (["L1"], "String should match pattern"),
    ],
)
def test_also_claimants_must_name_a_listed_speaker(
    refs: list[str], message: str, tmp_path: Path
) -> None:
    data = gold_data()
    data["claims"][0]["also_claimants"] = refs
    path = tmp_path / "gold.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(InputError, match="not a valid gold report"):
        load_gold(path)
    with pytest.raises(ValueError, match=message):
        GoldReport.model_validate(data)


def test_a_gold_with_also_claimants_still_grounds_into_a_report() -> None:
    data = gold_data()
    data["claims"][0]["also_claimants"] = ["A5"]
    report = report_from_gold(
        GoldReport.model_validate(data), from_path(FOUNDING / "articles" / f"{STEM}.txt")
    )
    assert report.claims[0].claimant == "A2"
    assert "also_claimants" not in report.claims[0].model_dump()
