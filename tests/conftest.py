"""Shared fixtures: an isolated environment for every test, and the founding articles."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EVAL_ARTICLES = ROOT / "evals" / "founding" / "articles"
USER_CACHE = os.environ.get("XDG_CACHE_HOME")
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


@pytest.fixture
def user_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    """The user's real cache, for tests that need the 1 GB model file assembled only once."""
    if USER_CACHE is None:
        monkeypatch.delenv("XDG_CACHE_HOME")
    else:
        monkeypatch.setenv("XDG_CACHE_HOME", USER_CACHE)
