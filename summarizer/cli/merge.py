"""``summarize merge``: one situation picture from many reports or articles.

    summarize merge [--format json|markdown|html|csv] [-o FILE] INPUT...

INPUT is a report file (``.json``, as ``summarize -o DIR`` writes), a directory of them, or an
article (``.txt``, ``.md``, ``.html``) summarized first with the same model options as the main
command. Exit status: 0 when every input merged, 1 when any failed (the others are still
merged), 2 for usage and configuration errors. Errors are one line on stderr.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from ..output import write_atomic
from ..picture.build import build_picture
from ..views import BY_SUFFIX, render_merged
from .console import Parser, error, run
from .merge_inputs import collect_reports
from .options import add_io_options, add_model_options, model_options

PROG = "summarize merge"


def build_parser() -> argparse.ArgumentParser:
    """The ``summarize merge`` argument parser."""
    parser = Parser(
        prog=PROG,
        description="One situation picture from many situation reports or articles: unified "
        "actors and places, a timeline, control over time, claims and the conflicts between "
        "sources, every item tied to its article's offsets.",
    )
    add_io_options(
        parser,
        inputs=("INPUT", ".json reports, directories, or articles"),
        output=("FILE", "write the picture here"),
        format_help="default: from -o's suffix (.md, .html, .csv), else markdown on a terminal, "
        "else json",
    )
    add_model_options(parser)
    return parser


def main(argv: Sequence[str]) -> int:
    """Run ``summarize merge``; returns the exit status."""
    return run(build_parser(), argv, _merge)


def _merge(args: argparse.Namespace) -> int:
    """Merge every input's report into one picture and write it."""
    collected = collect_reports(args.inputs, options=model_options(args), on_error=_error)
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


def _error(message: str) -> None:
    error(PROG, message)
