"""The Python API: a caller's client, batches that keep every result, model-assembly progress."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path
from typing import Any, cast

import openai
import pytest

from summarizer import Settings, Summarizer, SummarizerError, resolve_settings, summarize
from summarizer.articles import Article, from_text
from summarizer.backends import local
from summarizer.backends.base import Backend
from summarizer.results import config_key, job_key, report_key
from summarizer.schema.report import SituationReport

from .factories import ARTICLE
from .faultserver import FaultServer, running


@pytest.fixture
def server() -> Iterator[FaultServer]:
    with running() as fake:
        yield fake


def test_a_callers_client_is_a_remote_endpoint(server: FaultServer) -> None:
    client = openai.OpenAI(base_url=server.url, api_key="sk-test-client", max_retries=0)
    try:
        report = summarize(ARTICLE, client=client)
    finally:
        client.close()
    body = server.requests[0].body
    assert body is not None
    assert body["model"] == "gpt-4o-mini"
    assert body["response_format"]["type"] == "json_schema"
    assert "repeat_penalty" not in body
    made = report.provenance
    assert (made.endpoint, made.base_url) == ("openai-compatible", server.url)
    assert made.parameters["structured"] == "json_schema"
    settings = resolve_settings(base_url=server.url)
    assert report_key(report.model_dump(mode="json")) == job_key(
        config_key(settings), from_text(ARTICLE)
    )


def test_a_client_with_local_settings_is_refused() -> None:
    client = openai.OpenAI(base_url="http://127.0.0.1:9/v1", api_key="sk-test-client")
    try:
        with pytest.raises(SummarizerError, match="remote endpoint"):
            Summarizer(Settings(model="m"), client=client)
    finally:
        client.close()


class _Flaky(Summarizer):
    """Fails one input with an exception that is not the package's own."""

    def summarize(self, source: Any) -> SituationReport:
        if source == "boom":
            raise RuntimeError("disk on fire")
        return cast(SituationReport, source)


def test_an_unexpected_error_costs_one_result_not_the_batch() -> None:
    flaky = _Flaky(Settings(model="m", base_url="http://127.0.0.1:9/v1"))
    flaky._backend = cast(Backend, object())
    results = asyncio.run(flaky.asummarize_many(["a", "boom", "b"], concurrency=2))
    assert [r.ok for r in results] == [True, False, True]
    assert isinstance(results[1].error, SummarizerError)
    assert "RuntimeError: disk on fire" in str(results[1].error)


def test_the_api_passes_model_assembly_progress_on(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    heard: list[tuple[int, int]] = []

    class Assembling:
        def __init__(self, settings: Settings, progress: Any = None) -> None:
            progress(5, 10)
            progress(10, 10)

    monkeypatch.setattr(local, "LocalBackend", Assembling)
    made = Summarizer(Settings(model="m"), progress=lambda done, total: heard.append((done, total)))
    assert isinstance(made.backend, Assembling)
    assert heard == [(5, 10), (10, 10)]


def test_article_sources_keep_their_names(server: FaultServer) -> None:
    article = Article(name="named.txt", text=ARTICLE, media_type="text/plain")
    results = Summarizer(base_url=server.url, structured="grammar").summarize_many([article])
    assert [(r.source, r.ok) for r in results] == [("named.txt", True)]
