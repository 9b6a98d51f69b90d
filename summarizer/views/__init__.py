"""Every output format of a report or a picture, behind one dispatch the command line calls.

``to_markdown`` and ``render_picture`` write Markdown an analyst reads, every line with its
evidence or its articles' offsets. ``to_html`` and ``picture_to_html`` write one self-contained
page each (the article beside the report, every evidence span highlighted); ``to_csv`` and
``picture_to_csv`` write events and control changes as rows under ACLED's column names with
their evidence offsets.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from ..picture.model import SituationPicture
from ..schema.report import SituationReport
from .csv import picture_to_csv, to_csv
from .html import to_html
from .markdown import to_markdown
from .picture_html import picture_to_html
from .picture_markdown import render_picture

Format = Literal["json", "markdown", "html", "csv"]
FORMATS: tuple[Format, ...] = ("json", "markdown", "html", "csv")
SUFFIXES: dict[str, str] = {"json": "json", "markdown": "md", "html": "html", "csv": "csv"}
BY_SUFFIX: dict[str, str] = {f".{s}": f for f, s in SUFFIXES.items()} | {
    ".markdown": "markdown",
    ".htm": "html",
}


def render(report: SituationReport, fmt: str) -> str:
    """One report in ``fmt`` (one of ``FORMATS``); the caller ends it with a newline."""
    if fmt == "markdown":
        return to_markdown(report)
    if fmt == "html":
        return to_html(report)
    if fmt == "csv":
        return to_csv(report).removesuffix("\n")
    if fmt == "json":
        return report.model_dump_json(indent=2)
    raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")


def render_merged(
    picture: SituationPicture, fmt: str, *, reports: Sequence[SituationReport] = ()
) -> str:
    """A picture in ``fmt``; the HTML page embeds the articles of ``reports``."""
    if fmt == "markdown":
        return render_picture(picture)
    if fmt == "html":
        return picture_to_html(picture, reports=reports)
    if fmt == "csv":
        return picture_to_csv(picture).removesuffix("\n")
    if fmt == "json":
        return picture.model_dump_json(indent=2)
    raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")


__all__ = [
    "BY_SUFFIX",
    "FORMATS",
    "SUFFIXES",
    "Format",
    "picture_to_csv",
    "picture_to_html",
    "render",
    "render_merged",
    "render_picture",
    "to_csv",
    "to_html",
    "to_markdown",
]
