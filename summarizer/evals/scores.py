"""The scores an eval writes: counts and rates per section, per article and per dataset, as
Pydantic models so they serialise to JSON and load back for regression gates.

A prediction is confirmed (a true positive), contradicted (tied to a gold item by its anchor
but wrong in what it asserts, see :mod:`.contradiction`) or unlisted (matching nothing). A
contradicted prediction is wrong, so it counts against precision *and* its gold item against
recall: ``fp = unlisted + contradicted`` and ``fn = missed + contradicted``, as strict
slot-filling scores count a right entity with a wrong attribute. ``contradicted_share`` is
``contradicted / (tp + contradicted)``: of the predictions tied to a gold item, the share
that assert something wrong of it (``None`` when none is tied).
"""

from __future__ import annotations

from collections.abc import Sequence
from statistics import fmean

from pydantic import BaseModel, Field

from .calibration import Calibration, Judged


class Pair(BaseModel):
    """A predicted item matched to a gold item."""

    predicted: str
    gold: str
    score: float
    label: str = Field(description="the gold item in a few words")
    wrong: list[str] = Field(
        default_factory=list, description="what a contradicted prediction asserts wrongly"
    )


class Counted(BaseModel):
    """True and false positives, false negatives, and the rates they give; ``fp`` and ``fn``
    include the contradicted predictions and their gold items."""

    tp: int
    fp: int
    fn: int
    precision: float
    recall: float
    f1: float
    contradicted: int = Field(0, description="predictions tied to a gold item, wrong about it")
    unlisted: int = Field(0, description="predictions tied to no gold item: fp - contradicted")
    contradicted_share: float | None = Field(
        default=None, description="contradicted / (tp + contradicted); None when both are 0"
    )


class SectionScore(Counted):
    """One section of one article: counts, rates, pairs, and what was missed or invented."""

    reachable: int = Field(0, description="gold items a report can hold: min(gold, schema cap)")
    capped_recall: float = Field(0.0, description="true positives over reachable gold items")
    pairs: list[Pair] = Field(default_factory=list, description="confirmed predictions")
    contradicted_pairs: list[Pair] = Field(
        default_factory=list, description="contradicted predictions and their gold items"
    )
    missed: list[str] = Field(default_factory=list, description="gold items no prediction names")
    invented: list[str] = Field(default_factory=list, description="predictions matching no gold")
    judged: list[Judged] = Field(
        default_factory=list, description="predictions with a confidence, and their outcome"
    )


class Averages(BaseModel):
    """Precision, recall and F1, pooled (micro) or averaged (macro)."""

    precision: float
    recall: float
    f1: float


class GroundingScore(BaseModel):
    """How much of a predicted report is tied to the article text."""

    items: int
    grounded: int
    ungrounded: int
    share_grounded: float
    quotes: int
    unresolved_quotes: int
    unresolved: list[str] = Field(default_factory=list, description="'ID: quote' not in the text")


class ArticleScore(BaseModel):
    """Everything measured on one article."""

    name: str
    schema_valid: bool = True
    error: str | None = None
    cached: bool = False
    sections: dict[str, SectionScore]
    micro: Averages
    macro: Averages
    contradicted: int = 0
    grounding: GroundingScore | None = None
    model: str | None = None
    attempts: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    latency_s: float = 0.0
    cost_usd: float | None = None
    feedback: list[str] = Field(default_factory=list)


class SectionTotal(Counted):
    """One section over the dataset: pooled counts and rates, and F1 averaged over articles."""

    macro_f1: float
    reachable: int = Field(0, description="gold items the schema's caps allow, summed")
    capped_recall: float = Field(0.0, description="true positives over reachable gold items")


class DatasetScore(BaseModel):
    """A dataset's scores: per article, per section, and the averages over both."""

    articles: list[ArticleScore] = Field(default_factory=list)
    sections: dict[str, SectionTotal]
    micro: Averages = Field(description="pooled over every section and article")
    macro: Averages = Field(description="mean of the sections' pooled scores")
    article_macro: Averages = Field(description="mean of the articles' micro scores")
    contradicted: int = Field(0, description="contradicted predictions over every section")
    unlisted: int = Field(0, description="unlisted predictions over every section")
    contradicted_share: float | None = Field(
        default=None, description="contradicted / (tp + contradicted) over every section"
    )
    calibration: Calibration = Field(default_factory=Calibration)
    errors: int
    prompt_tokens: int
    completion_tokens: int
    latency_s: float
    cost_usd: float | None
    share_grounded: float | None
    unresolved_quotes: int


def rates(tp: int, fp: int, fn: int) -> Averages:
    """Precision, recall and F1; a section empty on both sides scores 1.0, one-sided 0.0."""
    if tp + fp + fn == 0:
        return Averages(precision=1.0, recall=1.0, f1=1.0)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * tp / (2 * tp + fp + fn)
    return Averages(precision=round(precision, 4), recall=round(recall, 4), f1=round(f1, 4))


def contradicted_share(tp: int, contradicted: int) -> float | None:
    """``contradicted / (tp + contradicted)``, the share of tied predictions that are wrong."""
    return round(contradicted / (tp + contradicted), 4) if tp + contradicted else None


def mean_rates(values: Sequence[Averages]) -> Averages:
    """The unweighted mean of several rates (macro averages)."""
    if not values:
        return Averages(precision=0.0, recall=0.0, f1=0.0)
    return Averages(
        precision=round(fmean(v.precision for v in values), 4),
        recall=round(fmean(v.recall for v in values), 4),
        f1=round(fmean(v.f1 for v in values), 4),
    )
