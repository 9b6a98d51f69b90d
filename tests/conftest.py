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


SHARED_CACHE = Path(USER_CACHE) if USER_CACHE else Path.home() / ".cache"


@pytest.fixture(autouse=True)
def clean_environ(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No test sees the caller's keys, endpoints or cache. The gazetteer's index is the one
    exception: it is derived from the pinned package alone, and built once for the whole run
    in the user's cache instead of once per test (about a minute each)."""
    for name in ENV_VARS:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("SUMMARIZER_GAZETTEER_DIR", str(SHARED_CACHE / "summarizer"))


def founding_articles() -> list[Path]:
    return sorted(EVAL_ARTICLES.glob("*.txt"))


@pytest.fixture
def user_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    """The user's real cache, for tests that need the 1 GB model file assembled only once."""
    if USER_CACHE is None:
        monkeypatch.delenv("XDG_CACHE_HOME")
    else:
        monkeypatch.setenv("XDG_CACHE_HOME", USER_CACHE)
