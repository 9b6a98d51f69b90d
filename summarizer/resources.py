"""Locate the folders the package reads and writes: its data folders and the user's cache.

The top-level data folders (``prompts/``, ``schemas/``, ``evals/``): the wheel ships prompts
and schemas as ``summarizer/_data/<kind>``; an editable install reads the checkout's, which
alone holds the eval datasets. The cache holds the assembled local model and eval predictions.
"""

from __future__ import annotations

import os
from pathlib import Path

from .errors import ConfigurationError

_PACKAGE = Path(__file__).resolve().parent


def find_data(kind: str) -> Path | None:
    """The folder holding ``kind`` in the installed package or the checkout, if there is one."""
    for candidate in (_PACKAGE / "_data" / kind, _PACKAGE.parent / kind):
        if candidate.is_dir():
            return candidate
    return None


def data_dir(kind: str) -> Path:
    """The folder holding ``kind`` (``prompts`` or ``schemas``), which every install ships."""
    found = find_data(kind)
    if found is not None:
        return found
    raise ConfigurationError(f"the package's {kind}/ folder is missing; reinstall summarizer")


def default_cache_dir() -> Path:
    """``$XDG_CACHE_HOME/summarizer`` or ``~/.cache/summarizer``, read at call time."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "summarizer"
