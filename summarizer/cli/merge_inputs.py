"""Reports to merge, from report files, directories of them, or articles summarized first.

A ``.json`` file is a report as ``summarize -o DIR`` writes it. A directory holding ``.json``
files is a folder of reports; any other directory is expanded to its articles. ``.txt``, ``.md``
and ``.html`` files are articles, summarized through the public API with the caller's options
(model, endpoint, key, model file, structured mode). One unreadable input never stops the others.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..articles import TEXT_SUFFIXES, Article, expand_paths, from_path
from ..errors import ConfigurationError, InputError, SummarizerError
from ..schema.report import SituationReport

log = logging.getLogger(__name__)


@dataclass
class Collected:
    """The reports read or made, and one line per input that failed."""

    reports: list[SituationReport] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def load_report(path: Path) -> SituationReport:
    """A report file, validated; errors name the file and the first problem."""
    try:
        return SituationReport.model_validate_json(path.read_bytes())
    except OSError as err:
        raise InputError(f"{path}: cannot read ({err.strerror})") from err
    except ValidationError as err:
        first = err.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "document"
        raise InputError(f"{path}: not a situation report ({where}: {first['msg']})") from err


def split_inputs(inputs: Sequence[str | Path]) -> tuple[list[Path], list[Path], list[str]]:
    """Report files, article files, and a message per input that is neither."""
    reports: list[Path] = []
    articles: list[Path] = []
    errors: list[str] = []
    for raw in inputs:
        path = Path(raw)
        if not path.exists():
            errors.append(f"{raw}: no such file or directory")
        elif path.is_dir():
            found = sorted(
                p
                for p in path.rglob("*.json")
                if p.is_file()
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
            texts = [] if found else expand_paths([path])
            if not found and not texts:
                errors.append(f"{raw}: directory holds no .json reports or .txt/.md/.html articles")
            reports += found
            articles += texts
        elif path.suffix.lower() == ".json":
            reports.append(path)
        elif path.suffix.lower() in TEXT_SUFFIXES:
            articles.append(path)
        else:
            errors.append(f"{raw}: not a .json report or a .txt, .md or .html article")
    return reports, articles, errors


def collect_reports(
    inputs: Sequence[str | Path],
    *,
    options: Mapping[str, Any] | None = None,
    on_error: Callable[[str], None] | None = None,
) -> Collected:
    """Every report the inputs give; articles are summarized with ``options`` (those of
    :func:`summarizer.resolve_settings`). A bad setting raises ``ConfigurationError``."""
    collected = Collected()

    def fail(message: str) -> None:
        collected.errors.append(message)
        if on_error is not None:
            on_error(message)

    report_paths, article_paths, errors = split_inputs(inputs)
    for message in errors:
        fail(message)
    for path in report_paths:
        try:
            collected.reports.append(load_report(path))
        except InputError as err:
            fail(str(err))
    if article_paths:
        collected.reports += summarize_articles(article_paths, options or {}, fail)
    return collected


def summarize_articles(
    paths: Sequence[Path], options: Mapping[str, Any], fail: Callable[[str], None]
) -> list[SituationReport]:
    """Reports on article files through the public API, one failure never stopping the rest."""
    from ..api import Summarizer
    from ..config import resolve_settings

    settings = resolve_settings(**options)
    articles: list[Article] = []
    for path in paths:
        try:
            articles.append(from_path(path))
        except SummarizerError as err:
            fail(str(err))
    if not articles:
        return []
    log.info("summarizing %d articles before merging", len(articles))
    summarizer = Summarizer(settings)
    try:
        summarizer.backend  # noqa: B018 - load once, so a bad model is one clean error
    except SummarizerError:
        raise
    except Exception as err:
        raise ConfigurationError(f"cannot load the model: {err}") from err
    results = summarizer.summarize_many(articles, concurrency=1)
    for result in results:
        if result.error is not None:
            fail(f"{result.source}: {result.error}")
    return [result.report for result in results if result.report is not None]
