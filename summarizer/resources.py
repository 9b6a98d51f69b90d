"""Locate the top-level data folders (``prompts/``, ``schemas/``, ``evals/``) of an install.

The wheel ships prompts and schemas as ``summarizer/_data/<kind>``; an editable install reads
the checkout's, which alone holds the eval datasets.
"""

from __future__ import annotations

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
