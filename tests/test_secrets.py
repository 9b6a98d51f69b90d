"""The API key reaches the endpoint and nothing else: not output, logs, reports or cassettes."""

from __future__ import annotations

import logging
import re
import traceback
from pathlib import Path

import pytest

from summarizer import Summarizer
from summarizer.cli import main
from summarizer.errors import AuthenticationError

from .factories import ARTICLE
from .faultserver import running

ROOT = Path(__file__).resolve().parent
KEY = "sk-test-SECRETKEY-7f3a9c1e5b2d8h4j6k0m"
BEARER = re.compile(r"Bearer\s+(?!\*\*\*)[A-Za-z0-9._~+/=-]{6,}", re.IGNORECASE)


def leaks(text: str) -> list[str]:
    """Every trace of the key, its tail or a bearer token in ``text``."""
    found = [KEY] if KEY in text else []
    found += [KEY[-12:]] if KEY[-12:] in text else []
    return found + BEARER.findall(text)


def test_the_key_never_leaves_the_request(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    produced: dict[str, str] = {}
    with running() as server:
        summarizer = Summarizer(
            base_url=server.url, api_key=KEY, structured="grammar", transport_retries=0
        )
        produced["report"] = summarizer.summarize(ARTICLE).model_dump_json()
        produced["settings"] = repr(summarizer.settings)

        server.script("401")
        with pytest.raises(AuthenticationError) as failure:
            summarizer.summarize(ARTICLE)
        error = failure.value
        produced["error"] = f"{error} {error!r} {error.endpoint} {error.status_code}"
        produced["traceback"] = "".join(traceback.format_exception(failure.value))

        inputs = tmp_path / "in"
        inputs.mkdir()
        (inputs / "good.txt").write_text(ARTICLE, encoding="utf-8")
        (inputs / "refused.txt").write_text(f"{ARTICLE} REFUSE", encoding="utf-8")
        (inputs / "empty.txt").write_text("", encoding="utf-8")
        server.rules = [("REFUSE", "401")]
        out = tmp_path / "out"
        flags = ["--base-url", server.url, "--structured", "grammar", "--retries", "0", "-v"]
        assert main([str(inputs), "-o", str(out), "--api-key", KEY, *flags]) == 1
        monkeypatch.setenv("OPENAI_API_KEY", KEY)
        assert main([str(inputs / "refused.txt"), "--format", "markdown", *flags]) == 1
        seen = list(server.requests)

    captured = capsys.readouterr()
    produced["stdout"], produced["stderr"] = captured.out, captured.err
    produced["log"] = caplog.text + "\n".join(
        f"{r.getMessage()} {r.__dict__}" for r in caplog.records
    )
    files = [p for p in out.rglob("*") if p.is_file()]
    files += [p for p in (ROOT / "cassettes").rglob("*") if p.is_file()]
    for path in files:
        produced[str(path)] = path.read_text(encoding="utf-8", errors="replace")

    assert {p.name for p in out.iterdir()} == {
        "good.json",
        "failures.jsonl",
    }
    assert "AuthenticationError" in produced[str(out / "failures.jsonl")]
    assert "rejected the API key" in produced["stderr"]
    assert all(r.authorization == f"Bearer {KEY}" for r in seen) and len(seen) == 5
    assert caplog.records, "nothing was logged, so nothing was checked"
    assert {name: leaks(text) for name, text in produced.items() if leaks(text)} == {}


@pytest.mark.parametrize(
    ("text", "found"),
    [
        (f"key={KEY}", True),
        (f"masked sk-...{KEY[-12:]}", True),
        ("Authorization: Bearer sk-other-0123456789", True),
        ("authorization: bearer eyJhbGciOi.eyJzdWIi.sig", True),
        ("Authorization: Bearer ***", False),
        ("rejected the API key (HTTP 401); set OPENAI_API_KEY", False),
    ],
)
def test_the_leak_detector_sees_keys_and_bearer_tokens(text: str, found: bool) -> None:
    assert bool(leaks(text)) is found
