"""The human ceiling: second labellings load, ground exactly, and score against the first."""

from __future__ import annotations

import importlib.util
import sys
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from summarizer.alignment import Aligner
from summarizer.articles import from_path
from summarizer.evals.dataset import load_gold
from summarizer.evals.scores import ArticleScore, DatasetScore
from summarizer.schema.draft import SECTION_NAMES

from .conftest import ROOT

DEV = ROOT / "evals" / "dev"
SECOND = sorted((DEV / "second").glob("*.json"))
QUOTED = ("events", "control_changes", "claims", "uncertainties")


@cache
def ceiling() -> ModuleType:
    """``benchmarks/human_ceiling.py``, loaded from its file (benchmarks is no package)."""
    path = ROOT / "benchmarks" / "human_ceiling.py"
    spec = importlib.util.spec_from_file_location("human_ceiling", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses resolve annotations through sys.modules
    spec.loader.exec_module(module)
    return module


@cache
def dev_cases() -> tuple[Any, ...]:
    return tuple(ceiling().relabelled(DEV))


def test_the_dev_set_has_three_second_labellings_each_beside_a_first() -> None:
    assert [p.stem for p in SECOND] == ["001_bakhmut_claim", "004_pazigyi_airstrike", "008_togoga"]
    assert all((DEV / "gold" / p.name).is_file() for p in SECOND)
    assert DEV in ceiling().datasets(ROOT / "evals")


@pytest.mark.parametrize("path", SECOND, ids=lambda p: p.stem)
def test_every_second_quote_resolves_exactly_and_every_name_is_written(path: Path) -> None:
    second = load_gold(path)
    text = from_path(DEV / "articles" / f"{path.stem}.txt").text
    aligner = Aligner(text)
    quotes = [(i.id, q) for s in QUOTED for i in getattr(second, s) for q in i.quotes]
    assert quotes
    assert [(i, q) for i, q in quotes if aligner.align(q).status != "exact"] == []
    names = [n for a in second.actors for n in (a.name, *a.aliases)]
    names += [p.name for p in second.people] + [p.name for p in second.places]
    assert [n for n in names if n not in text] == []


@pytest.mark.parametrize("path", SECOND, ids=lambda p: p.stem)
def test_a_labelling_against_itself_scores_exactly_one_through_the_same_function(
    path: Path,
) -> None:
    case = next(c for c in dev_cases() if c.name == path.stem)
    for labelling in (case.first, case.second):
        score: ArticleScore = ceiling().score_labelling(labelling, labelling, case.article, "x")
        for section in SECTION_NAMES:
            s = score.sections[section]
            assert (s.tp, s.fp, s.fn) == (len(getattr(labelling, section)), 0, 0), section
        assert score.micro.f1 == score.macro.f1 == 1.0


def test_the_pooled_score_counts_both_labellings_and_lies_between_zero_and_one() -> None:
    cases = dev_cases()
    total: DatasetScore = ceiling().score_relabelled(list(cases))
    assert list(total.sections) == list(SECTION_NAMES)
    for section, s in total.sections.items():
        assert s.tp + s.fn == sum(len(getattr(c.first, section)) for c in cases), section
        assert s.tp + s.fp == sum(len(getattr(c.second, section)) for c in cases), section
    assert 0.0 < total.micro.f1 <= 1.0
    assert 0.0 < total.macro.f1 <= 1.0
    assert len(total.articles) == len(cases)


def test_an_item_dropped_from_a_labelling_is_missed_in_its_section_only() -> None:
    case = dev_cases()[0]
    dropped = case.first.model_copy(update={"uncertainties": case.first.uncertainties[1:]})
    score: ArticleScore = ceiling().score_labelling(dropped, case.first, case.article, "x")
    kept = score.sections.pop("uncertainties")
    assert (kept.fp, kept.fn) == (0, 1)
    assert kept.recall < 1.0 == kept.precision
    assert [s.f1 for s in score.sections.values()] == [1.0] * (len(SECTION_NAMES) - 1)
    assert score.micro.f1 < 1.0


def test_the_printed_table_has_the_seven_sections_then_micro_and_macro() -> None:
    printed: str = ceiling().report(ROOT / "evals")
    assert printed.startswith("dev (3 articles: 001_bakhmut_claim, 004_pazigyi_airstrike")
    rows = [line.split("|")[1].strip() for line in printed.splitlines() if line.startswith("| ")]
    assert rows[1:] == [*SECTION_NAMES, "**micro**", "**macro**"]
    micro = next(line for line in printed.splitlines() if line.startswith("| **micro**"))
    f1 = float(micro.split("|")[9])
    assert 0.0 < f1 <= 1.0
