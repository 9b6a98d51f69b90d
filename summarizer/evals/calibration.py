"""How well predicted items' confidences match how often the gold confirms them, and the drop
threshold a dev set argues for.

An item's ``confidence`` is the model's probability that the item is right as stated; ``None``
(or no such field) means it was not verified, and such an item is left out of calibration. An
item with a confidence is *confirmed* (1) when it is matched to a gold item and not
contradicted (:mod:`.contradiction`), else 0 (contradicted or unlisted).

Definitions, over N items with confidences c_i in [0, 1] and outcomes y_i in {0, 1}:

* bins: ``BINS`` equal-width bins over [0, 1]; bin k holds k/B <= c < (k+1)/B, the last bin
  also holds 1.0. Per bin: its items n_k, mean confidence conf_k, share confirmed acc_k.
* expected calibration error: ECE = sum over non-empty bins of (n_k / N) * |acc_k - conf_k|.
* Brier score: (1/N) * sum (c_i - y_i)^2.

The drop threshold (:func:`choose_threshold`) keeps an item when its confidence is at least the
threshold, and always keeps items without one. By default it maximises micro F1 over the
report; with ``max_recall_loss`` it maximises precision among thresholds whose recall is at
most that much below the recall of keeping everything. Each item's outcome is taken from the
full report: dropping an item is assumed to free its gold item without another prediction
taking its place.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Sequence
from fractions import Fraction
from typing import Any, Literal

from pydantic import BaseModel, Field

BINS = 10
Outcome = Literal["confirmed", "contradicted", "unlisted"]


def confidence_of(item: Any) -> float | None:
    """An item's confidence, when it has a finite one."""
    value = getattr(item, "confidence", None)
    if value is None or isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if math.isfinite(value) else None


class Judged(BaseModel):
    """A predicted item with a confidence, and what the gold says of it."""

    id: str
    confidence: float
    outcome: Outcome

    @property
    def confirmed(self) -> bool:
        return self.outcome == "confirmed"


class Bin(BaseModel):
    """One confidence bin of a reliability table: ``low <= confidence < high``."""

    low: float
    high: float
    items: int
    mean_confidence: float | None = None
    share_confirmed: float | None = None


class Reliability(BaseModel):
    """A reliability table and the errors it gives; the rates are ``None`` with no items."""

    items: int = 0
    confirmed: int = 0
    mean_confidence: float | None = None
    share_confirmed: float | None = None
    ece: float | None = Field(default=None, description="sum over bins of n_k/N * |acc_k - conf_k|")
    brier: float | None = Field(default=None, description="mean of (confidence - confirmed)^2")
    bins: list[Bin] = Field(default_factory=list)


class ThresholdChoice(BaseModel):
    """The drop threshold that scores best on a set, and the scores with and without it."""

    threshold: float = Field(description="keep items whose confidence is at least this")
    objective: Literal["f1", "precision"]
    max_recall_loss: float | None = None
    scored: int = Field(description="items with a confidence")
    dropped: int = Field(description="items with a confidence below the threshold")
    precision: float
    recall: float
    f1: float
    precision_all: float = Field(description="keeping every item")
    recall_all: float
    f1_all: float


class Calibration(BaseModel):
    """Calibration over a dataset, overall and per section, and the chosen drop threshold."""

    bins: int = BINS
    overall: Reliability = Field(default_factory=Reliability)
    sections: dict[str, Reliability] = Field(default_factory=dict)
    threshold: ThresholdChoice | None = None


def bin_index(confidence: float, bins: int = BINS) -> int:
    """The bin a confidence falls in; values outside [0, 1] go to the end bins."""
    # The small nudge keeps a boundary value such as 0.7 in the bin it opens despite rounding.
    return min(max(math.floor(confidence * bins + 1e-9), 0), bins - 1)


def _round(value: float) -> float:
    return round(value, 4)


def reliability(pairs: Iterable[tuple[float, bool]], bins: int = BINS) -> Reliability:
    """The reliability table, ECE and Brier score of (confidence, confirmed) pairs."""
    items = list(pairs)
    if not items:
        return Reliability(bins=[Bin(low=k / bins, high=(k + 1) / bins, items=0)
                                 for k in range(bins)])  # fmt: skip
    grouped: list[list[tuple[float, bool]]] = [[] for _ in range(bins)]
    for confidence, outcome in items:
        grouped[bin_index(confidence, bins)].append((confidence, outcome))
    table, ece = [], 0.0
    for k, members in enumerate(grouped):
        if not members:
            table.append(Bin(low=k / bins, high=(k + 1) / bins, items=0))
            continue
        mean = sum(c for c, _ in members) / len(members)
        share = sum(y for _, y in members) / len(members)
        ece += len(members) / len(items) * abs(share - mean)
        table.append(
            Bin(
                low=k / bins,
                high=(k + 1) / bins,
                items=len(members),
                mean_confidence=_round(mean),
                share_confirmed=_round(share),
            )
        )
    confirmed = sum(1 for _, y in items if y)
    return Reliability(
        items=len(items),
        confirmed=confirmed,
        mean_confidence=_round(sum(c for c, _ in items) / len(items)),
        share_confirmed=_round(confirmed / len(items)),
        ece=_round(ece),
        brier=_round(sum((c - y) ** 2 for c, y in items) / len(items)),
        bins=table,
    )


def expected_calibration_error(
    pairs: Iterable[tuple[float, bool]], bins: int = BINS
) -> float | None:
    """ECE of (confidence, confirmed) pairs; ``None`` without any."""
    return reliability(pairs, bins).ece


def _candidates(confidences: Sequence[float]) -> list[float]:
    """0 (keep all), the midpoints between neighbouring distinct confidences, and halfway
    from the highest to 1 (drop every scored item) unless the highest is 1."""
    values = sorted(set(confidences))
    cuts = [0.0] + [(x + y) / 2 for x, y in itertools.pairwise(values)]
    if values and values[-1] < 1.0:
        cuts.append((values[-1] + 1.0) / 2)
    return cuts


def choose_threshold(
    pairs: Iterable[tuple[float, bool]],
    gold: int,
    *,
    kept_tp: int = 0,
    kept_fp: int = 0,
    max_recall_loss: float | None = None,
) -> ThresholdChoice | None:
    """The drop threshold that scores best on a dev set; ``None`` without scored items.

    ``pairs`` are (confidence, confirmed) of the predictions with a confidence, ``gold`` the
    number of gold items they are scored against, ``kept_tp`` and ``kept_fp`` the confirmed and
    unconfirmed predictions without a confidence (never dropped). At threshold t the kept
    items are those with confidence >= t, and with tp(t) confirmed and fp(t) not:

        precision = tp / (tp + fp),  recall = tp / gold,  F1 = 2 tp / (tp + fp + gold)

    By default the threshold maximises F1; with ``max_recall_loss`` it maximises precision
    subject to recall(t) >= recall(0) - max_recall_loss (then higher recall breaks ties). Ties
    go to the lowest threshold, which drops least. Candidates are the midpoints between the
    distinct confidences seen (see ``_candidates``), so the choice does not sit on a value.
    """
    items = list(pairs)
    if not items:
        return None
    if gold < kept_tp + sum(1 for _, y in items if y):
        raise ValueError("more confirmed predictions than gold items")

    def counts(cut: float) -> tuple[int, int]:
        kept = [y for c, y in items if c >= cut]
        tp = kept_tp + sum(kept)
        return tp, kept_fp + len(kept) - sum(kept)

    def rates(tp: int, fp: int) -> tuple[Fraction, Fraction, Fraction]:
        precision = Fraction(tp, tp + fp) if tp + fp else Fraction(0)
        recall = Fraction(tp, gold) if gold else Fraction(0)
        f1 = Fraction(2 * tp, tp + fp + gold) if tp + fp + gold else Fraction(0)
        return precision, recall, f1

    base = rates(*counts(0.0))
    best: tuple[tuple[Fraction, ...], float] | None = None
    for cut in _candidates([c for c, _ in items]):
        precision, recall, f1 = rates(*counts(cut))
        if max_recall_loss is None:
            key: tuple[Fraction, ...] = (f1,)
        elif recall >= base[1] - Fraction(max_recall_loss).limit_denominator(10**6):
            key = (precision, recall)
        else:
            continue
        if best is None or key > best[0]:
            best = (key, cut)
    cut = best[1] if best is not None else 0.0
    precision, recall, f1 = rates(*counts(cut))
    return ThresholdChoice(
        threshold=cut,
        objective="f1" if max_recall_loss is None else "precision",
        max_recall_loss=max_recall_loss,
        scored=len(items),
        dropped=sum(1 for c, _ in items if c < cut),
        precision=_round(float(precision)),
        recall=_round(float(recall)),
        f1=_round(float(f1)),
        precision_all=_round(float(base[0])),
        recall_all=_round(float(base[1])),
        f1_all=_round(float(base[2])),
    )
