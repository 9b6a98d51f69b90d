"""What an eval run records in ``scores.json``: the run, its regression gate and its scores.

Shared by the harness, which fills them, and the renderers, which read them.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

from ..picture import PictureScore
from .geoscore import GeoScores
from .scores import ArticleScore, DatasetScore


class RunInfo(BaseModel):
    """What was run: enough to tell two runs apart and to reproduce one."""

    created: str
    dataset: str
    model: str
    endpoint: str
    prompt: str
    rules: str = ""
    """The fingerprint of the rules that made the predictions (``summarizer.rules``)."""
    schema_hash: str
    parameters: dict[str, Any]
    rescored_from: str | None = None


class Regression(BaseModel):
    """A section whose F1 fell more than the margin below the baseline's."""

    section: str
    baseline: float
    current: float


class Gate(BaseModel):
    """The regression gate: failed when any section regressed or any article failed."""

    status: Literal["ok", "failed"]
    margin: float
    baseline: str | None = None
    baseline_f1: dict[str, float] = Field(default_factory=dict)
    regressions: list[Regression] = Field(default_factory=list)
    failed_articles: list[str] = Field(default_factory=list)


class RunScores(BaseModel):
    """The contents of ``scores.json``."""

    run: RunInfo
    gate: Gate
    total: DatasetScore
    articles: list[ArticleScore]
    picture: PictureScore | None = Field(
        default=None, description="the merged picture against the dataset's picture_gold.json"
    )
    geo: GeoScores | None = Field(
        default=None, description="geocoding against the dataset's geo.json, with the geo extra"
    )
