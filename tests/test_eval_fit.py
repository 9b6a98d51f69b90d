"""Fitting the verification calibration: Platt scaling towards the identity, and a threshold."""

from __future__ import annotations

import math

from summarizer.evals.fit import fit_platt


def sigmoid(x: float) -> float:
    return 1 / (1 + math.exp(-x))


def logit(p: float) -> float:
    return math.log(p / (1 - p))


def sample(raw: list[float], a: float, b: float, n: int = 200) -> list[tuple[float, bool]]:
    """Deterministic outcomes whose share at each raw value is sigmoid(a*logit(raw)+b)."""
    pairs = []
    for p in raw:
        share = sigmoid(a * logit(p) + b)
        hits = round(share * n)
        pairs += [(p, True)] * hits + [(p, False)] * (n - hits)
    return pairs


def test_a_calibrated_model_keeps_the_identity() -> None:
    a, b = fit_platt(sample([0.1, 0.3, 0.5, 0.7, 0.9], 1.0, 0.0))
    assert abs(a - 1) < 0.05 and abs(b) < 0.05


def test_an_overconfident_model_is_flattened_and_shifted() -> None:
    a, b = fit_platt(sample([0.05, 0.2, 0.5, 0.8, 0.95], 0.5, -0.5))
    assert abs(a - 0.5) < 0.05 and abs(b + 0.5) < 0.05


def test_the_ridge_keeps_a_tiny_sample_monotone_and_near_the_identity() -> None:
    contrary = [(0.9, False), (0.8, True)]
    a, b = fit_platt(contrary)
    assert 0 < a < 1 and abs(b) < 0.5, "still increasing in the raw confidence"
    loose_a, _ = fit_platt(contrary, ridge=0.01)
    assert loose_a < 0, "without the ridge two items would reverse the scale"


def test_a_threshold_buys_precision_with_little_recall() -> None:
    from summarizer.evals.calibration import Judged
    from summarizer.evals.fit import fit_sections
    from summarizer.evals.scores import ArticleScore, Averages, DatasetScore, SectionScore

    # 20 confirmed items at high raw confidence, 10 unlisted ones at low confidence, and one
    # confirmed item among the low ones; 25 gold items in all.
    judged = [Judged(id=f"L{i}", confidence=0.8, outcome="confirmed") for i in range(20)]
    judged += [Judged(id=f"L{20 + i}", confidence=0.3, outcome="unlisted") for i in range(10)]
    judged += [Judged(id="L99", confidence=0.3, outcome="confirmed")]
    section = SectionScore(
        tp=21, fp=10, fn=4, precision=21 / 31, recall=21 / 25, f1=0.0, judged=judged
    )
    average = Averages(precision=0.0, recall=0.0, f1=0.0)
    article = ArticleScore(name="a", sections={"places": section}, micro=average, macro=average)
    scores = DatasetScore.model_construct(articles=[article])
    fitted = fit_sections(scores, ["places"], max_recall_loss=0.05)["places"]
    assert fitted.items == 31 and fitted.confirmed == 21
    assert fitted.a > 0, "more raw confidence still means more likely right"
    assert 0.0 < fitted.threshold < 1.0, "the low items go: one true one costs 0.04 recall"
    strict = fit_sections(scores, ["places"], max_recall_loss=0.0)["places"]
    assert strict.threshold == 0.0, "losing no recall at all keeps every item"
