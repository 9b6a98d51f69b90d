"""The public Python API: one article, one article asynchronously, or many with a bound.

``Summarizer`` holds settings and a loaded backend, so a local model is loaded once and its
prompt cache reused across articles; the module-level functions build one per call.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openai

from .backends.base import Backend
from .config import Settings, resolve_settings
from .errors import ConfigurationError, SummarizerError
from .pipeline import summarize_article
from .report import SituationReport
from .sources import Article, from_path, from_text

log = logging.getLogger(__name__)

Source = str | Path | Article
"""A ``Path`` is read from disk, a ``str`` is the article's text, an ``Article`` is used as is."""


@dataclass(frozen=True)
class Result:
    """The outcome for one input of a batch: a report or the error that stopped it."""

    source: str
    report: SituationReport | None = None
    error: SummarizerError | None = None

    @property
    def ok(self) -> bool:
        return self.report is not None


def to_article(source: Source) -> Article:
    """The article behind any accepted source."""
    if isinstance(source, Article):
        return source
    if isinstance(source, Path):
        return from_path(source)
    return from_text(source)


def make_backend(
    settings: Settings,
    client: openai.OpenAI | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Backend:
    """The backend ``settings`` ask for: an endpoint when configured, else the local model."""
    if client is not None or not settings.local:
        from .backends.remote import RemoteBackend

        return RemoteBackend(settings, client)
    from .backends.local import LocalBackend

    return LocalBackend(settings, progress)


def settings_for(
    settings: Settings | None, client: openai.OpenAI | None, options: dict[str, Any]
) -> Settings:
    """The settings a call runs with; a caller's client always means a remote endpoint.

    With a client and no base URL, the client's own base URL is recorded, so the remote
    defaults (model, ``json_schema``) apply and provenance and cache keys name that endpoint.
    """
    if settings is None:
        if client is not None and not options.get("base_url"):
            options = {**options, "base_url": str(client.base_url).rstrip("/")}
        return resolve_settings(**options)
    if client is not None and settings.local:
        raise ConfigurationError(
            "a client is a remote endpoint, but the settings are for the local model; "
            "resolve them with base_url (or pass no settings)"
        )
    return settings


class Summarizer:
    """Summarizes articles with one backend, reused across calls."""

    def __init__(
        self,
        settings: Settings | None = None,
        *,
        client: openai.OpenAI | None = None,
        backend: Backend | None = None,
        progress: Callable[[int, int], None] | None = None,
        **options: Any,
    ) -> None:
        self.settings = settings_for(settings, client, options)
        self._client = client
        self._backend = backend
        self._progress = progress

    @property
    def backend(self) -> Backend:
        """The backend, created on first use (assembling and loading a local model takes a while).

        ``progress`` hears the one-time assembly of the local model file as (bytes done, total).
        """
        if self._backend is None:
            self._backend = make_backend(self.settings, self._client, self._progress)
        return self._backend

    def summarize(self, source: Source) -> SituationReport:
        """A situation report on one article."""
        return summarize_article(to_article(source), self.backend, self.settings)

    async def asummarize(self, source: Source) -> SituationReport:
        """:meth:`summarize` without blocking the event loop."""
        return await asyncio.to_thread(self.summarize, source)

    def summarize_many(
        self,
        sources: Iterable[Source],
        *,
        concurrency: int = 4,
        on_result: Callable[[Result], None] | None = None,
    ) -> list[Result]:
        """Every source's result, in input order; one failure never stops the others."""
        return asyncio.run(
            self.asummarize_many(sources, concurrency=concurrency, on_result=on_result)
        )

    async def asummarize_many(
        self,
        sources: Iterable[Source],
        *,
        concurrency: int = 4,
        on_result: Callable[[Result], None] | None = None,
    ) -> list[Result]:
        """:meth:`summarize_many` for callers already inside an event loop."""
        if concurrency < 1:
            raise ValueError("concurrency must be at least 1")
        gate = asyncio.Semaphore(concurrency)
        items = list(sources)
        if items:
            self.backend  # noqa: B018 - load once, before the workers race to do it
        loop = asyncio.get_running_loop()

        async def one(source: Source, pool: ThreadPoolExecutor) -> Result:
            name = source.name if isinstance(source, Article) else str(source)[:80]
            async with gate:
                try:
                    report = await loop.run_in_executor(pool, self.summarize, source)
                    result = Result(name, report=report)
                except SummarizerError as err:
                    log.warning("%s: %s", name, err)
                    result = Result(name, error=err)
                except Exception as err:
                    log.exception("%s: unexpected failure", name)
                    failure = f"internal error: {type(err).__name__}: {err}"
                    result = Result(name, error=SummarizerError(failure))
            if on_result is not None:
                on_result(result)
            return result

        # A pool of its own: asyncio's default one has only min(32, cores + 4) threads.
        with ThreadPoolExecutor(max_workers=concurrency, thread_name_prefix="summarize") as pool:
            return list(await asyncio.gather(*(one(s, pool) for s in items)))


def summarize(
    source: Source,
    *,
    client: openai.OpenAI | None = None,
    settings: Settings | None = None,
    **options: Any,
) -> SituationReport:
    """A situation report on one article; ``options`` are :func:`resolve_settings`'s."""
    return Summarizer(settings, client=client, **options).summarize(source)


async def asummarize(
    source: Source,
    *,
    client: openai.OpenAI | None = None,
    settings: Settings | None = None,
    **options: Any,
) -> SituationReport:
    """:func:`summarize` without blocking the event loop."""
    return await Summarizer(settings, client=client, **options).asummarize(source)


def summarize_many(
    sources: Iterable[Source],
    *,
    concurrency: int = 4,
    client: openai.OpenAI | None = None,
    settings: Settings | None = None,
    **options: Any,
) -> list[Result]:
    """A result or an error per source, at most ``concurrency`` at a time."""
    return Summarizer(settings, client=client, **options).summarize_many(
        sources, concurrency=concurrency
    )
