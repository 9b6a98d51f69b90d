"""What a report's tokens cost: a default price table per model and a user's JSON table."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

from ..backends.modelfile import MODEL_NAME
from ..errors import InputError
from ..schema.report import SituationReport

Prices = Mapping[str, tuple[float, float]]
"""Model name to (USD per million prompt tokens, USD per million completion tokens)."""

DEFAULT_PRICES: dict[str, tuple[float, float]] = {
    MODEL_NAME: (0.0, 0.0),
    "gpt-4o-mini": (0.15, 0.60),
    "gpt-4o": (2.50, 10.00),
    "gpt-4.1-mini": (0.40, 1.60),
    "gpt-4.1": (2.00, 8.00),
}


def estimate_cost(report: SituationReport, prices: Prices | None = None) -> float | None:
    """USD for the report's tokens; 0 for the local model, ``None`` for an unpriced model."""
    provenance = report.provenance
    if provenance.endpoint == "local":
        return 0.0
    table = {**DEFAULT_PRICES, **(prices or {})}
    price = table.get(provenance.model) or table.get(provenance.model.rsplit("/", 1)[-1])
    if price is None:
        return None
    usage = provenance.usage
    return round((usage.prompt_tokens * price[0] + usage.completion_tokens * price[1]) / 1e6, 6)


def load_prices(path: Path) -> dict[str, tuple[float, float]]:
    """A JSON price table: ``{"model": [prompt, completion]}`` in USD per million tokens."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        table: dict[str, tuple[float, float]] = {}
        for model, price in data.items():
            if isinstance(price, dict):
                price = [price["prompt"], price["completion"]]
            table[str(model)] = (float(price[0]), float(price[1]))
        return table
    except (OSError, ValueError, TypeError, KeyError, IndexError, AttributeError) as err:
        raise InputError(
            f'--prices {path}: expected JSON like {{"model": [prompt_usd, completion_usd]}} '
            f"per million tokens ({err})"
        ) from err
