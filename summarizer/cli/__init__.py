"""The ``summarize`` command: a thin shell over the public API.

    summarize PATH... | -        a report per input (directories are expanded)   cli.summarize
    summarize schema             the report's JSON Schema                         cli.serve
    summarize serve [--port N]   the local model over an OpenAI-compatible API    cli.serve
    summarize eval ...           score a model against a gold dataset             cli.eval
    summarize merge ...          one situation picture from many reports          cli.merge

Every command shares the model options (``cli.options``) and one console policy
(``cli.console``): usage and configuration errors are one line with exit status 2, ``--help``
exits 0, an interrupt 130, and a missing extra names the pip command instead of a traceback.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``summarize``: dispatch to the command; returns the exit status."""
    args = list(sys.argv[1:] if argv is None else argv)
    command, rest = (args[0], args[1:]) if args else ("", args)
    if command == "schema":
        from .serve import schema

        return schema(rest)
    if command == "serve":
        from .serve import main as serve

        return serve(rest)
    if command == "eval":
        from .eval import main as evaluate

        return evaluate(rest)
    if command == "merge":
        from .merge import main as merge

        return merge(rest)
    from .summarize import main as summarize

    return summarize(args)


__all__ = ["main"]
