"""``summarize merge``: one situation picture from many reports or articles.

    summarize merge [--format json|markdown] [-o FILE] INPUT...

INPUT is a report file (``.json``, as ``summarize -o DIR`` writes), a directory of them, or an
article (``.txt``, ``.md``, ``.html``) summarized first with the same model options as the main
command. Exit status: 0 when every input merged, 1 when any failed (the others are still
merged), 2 for usage and configuration errors. Errors are one line on stderr.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from ..cliargs import add_model_options, model_options
from ..errors import ConfigurationError
from ..output import write_atomic
from ..views import BY_SUFFIX, FORMATS, render_merged
from .build import build_picture
from .inputs import collect_reports

PROG = "summarize merge"


class _UsageError(Exception):
    """A bad command line, reported as one line with exit status 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise _UsageError(message)


def build_parser() -> argparse.ArgumentParser:
    """The ``summarize merge`` argument parser."""
    parser = _Parser(
        prog=PROG,
        description="One situation picture from many situation reports or articles: unified "
        "actors and places, a timeline, control over time, claims and the conflicts between "
        "sources, every item tied to its article's offsets.",
    )
    parser.add_argument(
        "inputs", nargs="+", metavar="INPUT", help=".json reports, directories, or articles"
    )
    parser.add_argument(
        "--format",
        choices=FORMATS,
        help="default: from -o's suffix (.md, .html, .csv), else markdown on a terminal, else json",
    )
    parser.add_argument("-o", "--output", type=Path, metavar="FILE", help="write the picture here")
    add_model_options(parser)
    parser.add_argument("-v", "--verbose", action="store_true", help="log each step to stderr")
    return parser


def main(argv: Sequence[str]) -> int:
    """Entry point for ``summarize merge``; returns the exit status."""
    try:
        args = build_parser().parse_args(list(argv))
    except _UsageError as err:
        return _usage(str(err))
    except SystemExit as done:
        return done.code if isinstance(done.code, int) else 0
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    try:
        collected = collect_reports(args.inputs, options=model_options(args), on_error=_error)
    except ConfigurationError as err:
        return _usage(str(err))
    if not collected.reports:
        _error("nothing to merge: no input gave a report")
        return 1
    picture = build_picture(collected.reports)
    fmt = args.format or _default_format(args.output)
    text = render_merged(picture, fmt, reports=collected.reports)
    try:
        _emit(text, args.output)
    except OSError as err:
        _error(f"{args.output}: cannot write ({err.strerror})")
        return 1
    return 1 if collected.errors else 0


def _default_format(output: Path | None) -> str:
    if output is not None:
        return BY_SUFFIX.get(output.suffix.lower(), "json")
    return "markdown" if sys.stdout.isatty() else "json"


def _emit(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text + "\n")
        sys.stdout.flush()
        return
    write_atomic(output, text + "\n")


def _usage(message: str) -> int:
    _error(message)
    return 2


def _error(message: str) -> None:
    print(f"{PROG}: error: {' '.join(message.split())}", file=sys.stderr)
