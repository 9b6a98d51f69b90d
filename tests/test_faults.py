"""Transport and output faults against a real HTTP endpoint: retried, bounded, explained."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openai
import pytest

from summarizer import Summarizer, resolve_settings, summarize
from summarizer.articles import Article
from summarizer.backends.remote import RemoteBackend
from summarizer.cli import main
from summarizer.errors import (
    AuthenticationError,
    BackendError,
    ExtractionError,
    OutputError,
    SummarizerError,
)
from summarizer.schema.report import SituationReport

from .factories import ARTICLE
from .faultserver import FaultServer, running

KEY = "sk-test-faults-0123456789"


@pytest.fixture
def server() -> Iterator[FaultServer]:
    with running(retry_after_s=1.0, slow_s=3.0) as fake:
        yield fake


def run(server: FaultServer, source: str | Article = ARTICLE, **options: Any) -> SituationReport:
    """One summary through the fault server, with fast transport retries."""
    options.setdefault("transport_retries", 3)
    options.setdefault("timeout_s", 5.0)
    return summarize(source, base_url=server.url, api_key=KEY, structured="grammar", **options)


def fail(server: FaultServer, **options: Any) -> SummarizerError:
    with pytest.raises(SummarizerError) as info:
        run(server, **options)
    message = str(info.value)
    assert "\n" not in message and "Traceback" not in message
    assert KEY not in message
    return info.value


def test_a_clean_call_is_one_request(server: FaultServer) -> None:
    report = run(server)
    assert server.count == 1
    assert report.provenance.attempts == 1
    assert report.grounding.grounded == report.grounding.items
    assert server.requests[0].authorization == f"Bearer {KEY}"


def test_429_waits_at_least_retry_after(server: FaultServer) -> None:
    server.script("429", "ok")
    started = time.monotonic()
    report = run(server)
    assert time.monotonic() - started >= 1.0
    assert server.count == 2
    assert server.requests[1].at - server.requests[0].at >= 1.0
    assert report.provenance.attempts == 1


def test_backoff_grows_exponentially(server: FaultServer) -> None:
    server.script("500", "500", "ok")
    run(server)
    first, second, third = (r.at for r in server.requests)
    # openai 2.x: 0.5 s * 2**n, times a jitter of 0.75 to 1.
    assert second - first >= 0.375
    assert third - second >= 0.75


@pytest.mark.parametrize(
    "faults",
    [("500",), ("503",), ("reset",), ("500", "503", "reset"), ("429", "reset")],
)
def test_transient_faults_are_retried_then_succeed(
    server: FaultServer, faults: tuple[str, ...]
) -> None:
    server.retry_after_s = 0.1
    server.script(*faults)
    report = run(server, transport_retries=3)
    assert server.count == len(faults) + 1
    assert report.provenance.attempts == 1  # no validation re-ask was spent on them


@pytest.mark.parametrize(
    ("fault", "message"),
    [
        ("500", "failed with HTTP 500 after 2 retries"),
        ("503", "failed with HTTP 503 after 2 retries"),
        ("429", "rate limiting (HTTP 429) after 2 retries"),
        ("reset", "cannot reach"),
    ],
)
def test_retries_are_bounded(server: FaultServer, fault: str, message: str) -> None:
    server.retry_after_s = 0.1
    server.script(*[fault] * 5)
    error = fail(server, transport_retries=2)
    assert isinstance(error, BackendError)
    assert message in str(error) and server.url in str(error)
    assert server.count == 3


@pytest.mark.parametrize(
    ("fault", "kind", "fix"),
    [
        ("400", BackendError, "--structured grammar"),
        ("401", AuthenticationError, "set OPENAI_API_KEY or pass --api-key"),
        ("403", AuthenticationError, "set OPENAI_API_KEY or pass --api-key"),
        ("404", BackendError, "check --model and OPENAI_BASE_URL"),
    ],
)
def test_client_errors_are_not_retried_and_say_how_to_fix(
    server: FaultServer, fault: str, kind: type[SummarizerError], fix: str
) -> None:
    server.script(fault, fault, fault)
    error = fail(server, transport_retries=4)
    assert type(error) is kind
    assert f"HTTP {fault}" in str(error) and fix in str(error)
    assert server.count == 1


def test_context_overflow_names_chunk_chars(server: FaultServer) -> None:
    server.context_chars = 2000
    error = fail(server, source=ARTICLE * 20)
    assert "does not fit the model's context" in str(error)
    assert "--chunk-chars" in str(error)
    assert server.count == 1


def test_truncation_fails_after_one_request_naming_max_tokens(server: FaultServer) -> None:
    server.script("truncated", "truncated")
    error = fail(server, max_retries=3, max_tokens=500)
    assert isinstance(error, OutputError)
    assert "cut off at max_tokens=500" in str(error) and "--max-tokens" in str(error)
    assert server.count == 1


def test_an_invalid_reply_is_reasked_once(server: FaultServer) -> None:
    server.script("invalid")
    report = run(server, max_retries=1)
    assert server.count == 2
    assert report.provenance.attempts == 2
    reask = server.requests[1].body or {}
    assert "E1.place is L9" in str(reask.get("messages"))


def test_a_reply_that_keeps_failing_validation_is_a_clear_output_error(
    server: FaultServer,
) -> None:
    server.script("invalid", "invalid", "invalid")
    error = fail(server, max_retries=1)
    assert isinstance(error, OutputError)
    assert str(error) == (
        "no valid ReportDraft after 2 attempts: E1.place is L9, which is not a listed place"
    )
    assert server.count == 2


@pytest.mark.parametrize(
    ("fault", "message"),
    [
        ("malformed", "answered with a body that is not valid JSON"),
        ("html", "answered with something other than JSON"),
        ("empty_choices", "returned a completion with no choices"),
    ],
)
def test_broken_bodies_are_one_line_backend_errors_without_reasks(
    server: FaultServer, fault: str, message: str
) -> None:
    server.script(fault, fault, fault)
    error = fail(server, max_retries=2)
    assert isinstance(error, BackendError)
    assert str(error).startswith(server.url) and message in str(error)
    assert server.count == 1


def test_a_slow_reply_times_out_naming_the_endpoint(server: FaultServer) -> None:
    server.script("slow", "slow")
    error = fail(server, timeout_s=0.3, transport_retries=1)
    assert isinstance(error, BackendError)
    assert str(error).startswith(f"{server.url} timed out after 0.3 s (2 tries)")
    assert "--timeout" in str(error)
    assert server.count == 2


def test_a_slow_reply_then_a_fast_one_succeeds(server: FaultServer) -> None:
    server.script("slow")
    run(server, timeout_s=0.3, transport_retries=1)
    assert server.count == 2


def articles() -> list[Article]:
    return [
        Article(name="first", text=ARTICLE + " First."),
        Article(name="poisoned", text=ARTICLE + " POISON."),
        Article(name="third", text=ARTICLE + " Third."),
    ]


def test_one_failing_input_of_a_batch_is_named_and_the_others_succeed(
    server: FaultServer,
) -> None:
    server.rules = [("POISON", "500")]
    summarizer = Summarizer(
        base_url=server.url,
        api_key=KEY,
        structured="grammar",
        transport_retries=1,
        timeout_s=5.0,
    )
    results = summarizer.summarize_many(articles(), concurrency=3)
    assert [r.source for r in results] == ["first", "poisoned", "third"]
    assert [r.ok for r in results] == [True, False, True]
    assert isinstance(results[1].error, BackendError)
    assert "HTTP 500 after 1 retry" in str(results[1].error)
    assert server.count == 2 + 2


def test_one_failing_input_of_a_cli_batch_is_named_and_the_others_written(
    server: FaultServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    server.rules = [("POISON", "503")]
    inputs = tmp_path / "in"
    inputs.mkdir()
    for article in articles():
        (inputs / f"{article.name}.txt").write_text(article.text, encoding="utf-8")
    out = tmp_path / "out"
    flags = ["--base-url", server.url, "--api-key", KEY, "--structured", "grammar"]
    code = main([str(inputs), "-o", str(out), "--concurrency", "3", *flags, "--retries", "1"])
    assert code == 1
    errors = [
        line for line in capsys.readouterr().err.splitlines() if line.startswith("summarize:")
    ]
    assert errors == [
        f"summarize: error: {inputs / 'poisoned.txt'}: {server.url} failed with HTTP 503 "
        "after 1 retry: The engine is currently overloaded"
    ]
    assert sorted(p.name for p in out.iterdir()) == [
        "failures.jsonl",
        "first.json",
        "third.json",
    ]


def test_a_backend_closes_the_client_it_opened_and_never_a_callers(server: FaultServer) -> None:
    settings = resolve_settings(base_url=server.url, api_key=KEY, structured="grammar")
    own = RemoteBackend(settings)
    opened = own.client
    del own  # freed at once: no reference cycle keeps it, or its sockets, alive
    assert opened.is_closed()
    theirs = openai.OpenAI(base_url=server.url, api_key=KEY)
    borrowed = RemoteBackend(settings, theirs)
    borrowed.close()
    del borrowed
    assert not theirs.is_closed()
    theirs.close()


def test_a_llama_cpp_server_refusing_json_schema_is_one_request_naming_the_flag() -> None:
    with running(grammar_only=True) as llama_cpp:
        started = time.monotonic()
        with pytest.raises(BackendError) as info:
            summarize(ARTICLE, base_url=llama_cpp.url, api_key=KEY, transport_retries=4)
        assert time.monotonic() - started < 5.0
        assert llama_cpp.stats() == {"requests": 1, "faults": {"refused_format": 1}}
        message = str(info.value)
        assert "cannot reach" not in message and "tries" not in message
        assert message.endswith("pass --structured grammar")
        report = summarize(ARTICLE, base_url=llama_cpp.url, api_key=KEY, structured="grammar")
        assert report.provenance.parameters["structured"] == "grammar"


@pytest.mark.parametrize(
    ("faults", "kind", "status", "attempts"),
    [
        (["500"] * 3, BackendError, 500, 3),
        (["429"] * 3, BackendError, 429, 3),
        (["reset"] * 3, BackendError, None, 3),
        (["401"], AuthenticationError, 401, 1),
        (["404"], BackendError, 404, 1),
        (["invalid"] * 2, OutputError, None, 2),
    ],
)
def test_errors_carry_status_endpoint_and_attempts(
    server: FaultServer,
    faults: list[str],
    kind: type[ExtractionError],
    status: int | None,
    attempts: int,
) -> None:
    server.retry_after_s = 0.1
    server.script(*faults)
    error = fail(server, transport_retries=2, max_retries=1)
    assert type(error) is kind and isinstance(error, ExtractionError)
    assert (error.endpoint, error.attempts) == (server.url, attempts)
    assert getattr(error, "status_code", None) == status
