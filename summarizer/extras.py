"""Optional extras (``[eval]``, ``[local]``, ``[server]``): check one is installed before use.

A missing extra is a one-line :class:`ConfigurationError` naming the pip command, raised before
any model time is spent, never an ``ImportError`` traceback from deep inside a run.
"""

from __future__ import annotations

import importlib

from .errors import ConfigurationError

EXTRAS: dict[str, tuple[str, ...]] = {
    "eval": ("numpy", "scipy.optimize", "matplotlib"),
    "local": ("llama_cpp",),
    "server": ("llama_cpp.server",),
}


def require(extra: str, purpose: str) -> None:
    """Raise a one-line error naming ``extra`` when any module it installs cannot be imported."""
    for module in EXTRAS[extra]:
        try:
            importlib.import_module(module)
        except ImportError as err:
            missing = err.name or module
            raise ConfigurationError(
                f"{purpose} needs the {extra} extra ({missing} is not installed): "
                f"pip install 'summarizer[{extra}]'"
            ) from err
