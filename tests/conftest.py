"""Shared fixtures: an isolated environment for every test, and the founding articles."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EVAL_ARTICLES = ROOT / "evals" / "founding" / "articles"
ENV_VARS = (
    "OPENAI_API_KEY",
    "OPENAI_BASE_URL",
    "SUMMARIZER_MODEL",
    "SUMMARIZER_MODEL_PATH",
    "SUMMARIZER_STRUCTURED",
)


@pytest.fixture(autouse=True)
def clean_environ(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No test sees the caller's keys, endpoints or cache."""
    for name in ENV_VARS:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))


def founding_articles() -> list[Path]:
    return sorted(EVAL_ARTICLES.glob("*.txt"))
