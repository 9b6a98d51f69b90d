"""Locate the top-level ``prompts/`` and ``schemas/`` folders, in a checkout or an installed wheel.

The wheel ships them as ``summarizer/_data/<kind>``; an editable install reads the checkout's.
"""

from __future__ import annotations

from pathlib import Path

from .errors import ConfigurationError

_PACKAGE = Path(__file__).resolve().parent


def data_dir(kind: str) -> Path:
    """The folder holding ``kind`` (``prompts`` or ``schemas``)."""
    for candidate in (_PACKAGE / "_data" / kind, _PACKAGE.parent / kind):
        if candidate.is_dir():
            return candidate
    raise ConfigurationError(f"the package's {kind}/ folder is missing; reinstall summarizer")
