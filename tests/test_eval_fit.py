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
