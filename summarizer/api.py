"""The public Python API: one article, one article asynchronously, or many with a bound.

``Summarizer`` holds settings and a loaded backend, so a local model is loaded once and its
prompt cache reused across articles; the module-level functions build one per call.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, Literal

import openai

from . import batch
from .articles import Article, from_path, from_text
from .backends.base import Backend
from .config import Settings, resolve_settings
from .errors import ConfigurationError
from .geo import geocode
from .pipeline import summarize_article
from .results import Result
from .schema.report import SituationReport

ArticleInput = str | Path | Article
"""A ``Path`` is read from disk, a ``str`` is the article's text, an ``Article`` is used as is."""
Engine = Literal["threads", "ray"]
"""Where a batch's calls run: threads in this process, or actors on a Ray cluster."""


def input_name(source: ArticleInput) -> str:
    """How a batch's results name an input: the article's name, else the text's first 80 chars."""
    return source.name if isinstance(source, Article) else str(source)[:80]


def to_article(source: ArticleInput) -> Article:
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

    def summarize(self, source: ArticleInput) -> SituationReport:
        """A situation report on one article, its places geocoded when the ``geo`` extra is in."""
        return geocode(summarize_article(to_article(source), self.backend, self.settings))

    async def asummarize(self, source: ArticleInput) -> SituationReport:
        """:meth:`summarize` without blocking the event loop."""
        return await asyncio.to_thread(self.summarize, source)

    def summarize_many(
        self,
        sources: Iterable[ArticleInput],
        *,
        concurrency: int = 4,
        on_result: Callable[[Result], None] | None = None,
        engine: Engine = "threads",
        ray_address: str | None = None,
        ray_workers: int | None = None,
        ray_threads: int | None = None,
    ) -> list[Result]:
        """Every source's result, in input order; one failure never stops the others.

        ``on_result`` hears each result as it finishes, in this thread. ``engine="threads"``
        runs ``concurrency`` calls at once in this process. ``engine="ray"`` runs them on Ray
        actors, each building its own summarizer from these settings (so no ``client`` or
        ``backend`` object): a local Ray started here when ``ray_address`` is ``None`` (or the
        one already initialised), else the cluster at that address; ``ray_workers`` and
        ``ray_threads`` (CPUs per worker) default to what the cluster's CPUs fit.
        """
        if concurrency < 1:
            raise ValueError("concurrency must be at least 1")
        if engine not in ("threads", "ray"):
            raise ConfigurationError(f"engine {engine!r}: use 'threads' or 'ray'")
        items = list(enumerate(sources))
        results: list[Result] = [Result(input_name(source)) for _, source in items]

        def finished(item: tuple[int, ArticleInput], result: Result) -> None:
            results[item[0]] = result
            if on_result is not None:
                on_result(result)

        if engine == "ray":
            if self._client is not None or self._backend is not None:
                raise ConfigurationError(
                    "engine='ray' builds a summarizer on every worker from the settings; "
                    "pass settings or options, not a client or backend"
                )
            if items:
                from .raypool import RayPool

                with RayPool[tuple[int, ArticleInput]](
                    self.settings,
                    make=Summarizer,
                    article=lambda item: to_article(item[1]),
                    name=lambda item: input_name(item[1]),
                    address=ray_address,
                    workers=ray_workers,
                    threads=ray_threads,
                ) as pool:
                    batch.collect(pool, items, on_result=finished, drain=False)
            return results
        if items:
            self.backend  # noqa: B018 - load once, before the workers race to do it
        batch.run(
            items,
            lambda item: self.summarize(item[1]),
            concurrency=concurrency,
            name=lambda item: input_name(item[1]),
            on_result=finished,
            drain=False,
        )
        return results

    async def asummarize_many(
        self,
        sources: Iterable[ArticleInput],
        *,
        concurrency: int = 4,
        on_result: Callable[[Result], None] | None = None,
    ) -> list[Result]:
        """:meth:`summarize_many` without blocking the event loop (``on_result`` off the loop)."""
        return await asyncio.to_thread(
            self.summarize_many, list(sources), concurrency=concurrency, on_result=on_result
        )


def summarize(
    source: ArticleInput,
    *,
    client: openai.OpenAI | None = None,
    settings: Settings | None = None,
    **options: Any,
) -> SituationReport:
    """A situation report on one article; ``options`` are :func:`resolve_settings`'s."""
    return Summarizer(settings, client=client, **options).summarize(source)


async def asummarize(
    source: ArticleInput,
    *,
    client: openai.OpenAI | None = None,
    settings: Settings | None = None,
    **options: Any,
) -> SituationReport:
    """:func:`summarize` without blocking the event loop."""
    return await Summarizer(settings, client=client, **options).asummarize(source)


def summarize_many(
    sources: Iterable[ArticleInput],
    *,
    concurrency: int = 4,
    client: openai.OpenAI | None = None,
    settings: Settings | None = None,
    engine: Engine = "threads",
    ray_address: str | None = None,
    **options: Any,
) -> list[Result]:
    """A result or an error per source, at most ``concurrency`` at a time (or on Ray)."""
    return Summarizer(settings, client=client, **options).summarize_many(
        sources, concurrency=concurrency, engine=engine, ray_address=ray_address
    )
