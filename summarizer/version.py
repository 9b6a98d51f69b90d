"""The running package's version, read from its installed metadata.

Modules that record the version (provenance) read it here rather than from the package root,
which imports the public API and so would close an import cycle. The number itself is written
once, in ``summarizer/__init__.py``, where the build reads it; a test checks the two agree.
"""

from __future__ import annotations

from functools import cache
from importlib.metadata import PackageNotFoundError, version


@cache
def installed_version() -> str:
    """The version pip installed; ``unknown`` when run from a tree that was never installed."""
    try:
        return version("summarizer")
    except PackageNotFoundError:
        return "unknown"
