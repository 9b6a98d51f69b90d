"""Fit the staged pipeline's verification calibration on a dev run's scores.

A dev run made with the identity calibration (``a=1, b=0``) and no threshold scores every item's
raw confidence against the gold (``judged``: confirmed or not). For each section this fits
Platt scaling, ``P(confirmed) = sigmoid(a * logit(raw) + b)``, by Newton's method on the
log-likelihood with a small ridge that pulls towards the identity (few items per section), then
picks the drop threshold on the calibrated confidences that maximises the section's F1
(``calibration.choose_threshold``). The result is the ``calibration`` table of
``prompts/verify.<version>.json``.

    summarize eval --dataset evals/dev --rescore RUN --fit-calibration
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

from pydantic import BaseModel

from .calibration import choose_threshold
from .scores import DatasetScore

RIDGE = 1.0
"""Pull towards ``a=1, b=0``, in units of items: a section with a handful of items moves little."""
MIN_ITEMS = 8
"""A section judged on fewer items keeps the identity and no threshold."""


class SectionFit(BaseModel):
    """One section's fitted calibration, and what it was fitted on."""

    a: float
    b: float
    threshold: float
    items: int
    confirmed: int


def _logit(p: float) -> float:
    clipped = min(max(p, 1e-6), 1 - 1e-6)
    return math.log(clipped / (1 - clipped))


def _sigmoid(x: float) -> float:
    return 1 / (1 + math.exp(-x)) if x >= 0 else math.exp(x) / (1 + math.exp(x))


def fit_platt(pairs: Sequence[tuple[float, bool]], ridge: float = RIDGE) -> tuple[float, float]:
    """``(a, b)`` maximising the likelihood of ``pairs`` (raw confidence, confirmed) under
    ``sigmoid(a * logit(raw) + b)``, minus ``ridge/2 * ((a - 1)^2 + b^2)``."""
    a, b = 1.0, 0.0
    xs = [_logit(p) for p, _ in pairs]
    ys = [1.0 if y else 0.0 for _, y in pairs]
    for _ in range(50):
        ga, gb = -ridge * (a - 1), -ridge * b
        haa, hab, hbb = ridge, 0.0, ridge
        for x, y in zip(xs, ys, strict=True):
            p = _sigmoid(a * x + b)
            ga += (y - p) * x
            gb += y - p
            w = p * (1 - p)
            haa += w * x * x
            hab += w * x
            hbb += w
        det = haa * hbb - hab * hab
        if det <= 1e-12:
            break
        da = (hbb * ga - hab * gb) / det
        db = (haa * gb - hab * ga) / det
        a, b = a + da, b + db
        if abs(da) < 1e-9 and abs(db) < 1e-9:
            break
    return round(a, 4), round(b, 4)


MAX_RECALL_LOSS = 0.02
"""How much of a section's recall on the dev set a threshold may give up for precision: kept
small because a threshold fitted on one set drops more on another whose items it fits less."""


def fit_sections(
    scores: DatasetScore, sections: Iterable[str], max_recall_loss: float = MAX_RECALL_LOSS
) -> dict[str, SectionFit]:
    """Each section's calibration, and the threshold with the best precision that costs at
    most ``max_recall_loss`` of its recall on the run's judged items."""
    fitted: dict[str, SectionFit] = {}
    for name in sections:
        raw: list[tuple[float, bool]] = []
        gold = unscored_tp = unscored_fp = 0
        for article in scores.articles:
            section = article.sections.get(name)
            if section is None:
                continue
            gold += section.tp + section.fn
            judged = {j.id for j in section.judged}
            raw += [(j.confidence, j.outcome == "confirmed") for j in section.judged]
            confirmed_unjudged = len({p.predicted for p in section.pairs} - judged)
            unjudged = section.tp + section.fp - len(judged)
            unscored_tp += confirmed_unjudged
            unscored_fp += max(0, unjudged - confirmed_unjudged)
        items, hits = len(raw), sum(y for _, y in raw)
        if items < MIN_ITEMS:
            fitted[name] = SectionFit(a=1.0, b=0.0, threshold=0.0, items=items, confirmed=hits)
            continue
        a, b = fit_platt(raw)
        calibrated = [(_sigmoid(a * _logit(p) + b), y) for p, y in raw]
        choice = choose_threshold(
            calibrated,
            gold,
            kept_tp=unscored_tp,
            kept_fp=unscored_fp,
            max_recall_loss=max_recall_loss,
        )
        cut = round(choice.threshold, 4) if choice is not None else 0.0
        fitted[name] = SectionFit(a=a, b=b, threshold=cut, items=items, confirmed=hits)
    return fitted
