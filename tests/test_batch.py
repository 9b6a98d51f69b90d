"""Batches that survive interruption: atomic reports, resumable runs, failures on record."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from summarizer import SituationReport
from summarizer.articles import Article
from summarizer.batch import (
    FAILURES_NAME,
    Job,
    OutputDir,
    _Interrupts,
    output_names,
    plan,
    run,
)
from summarizer.cli import main
from summarizer.config import resolve_settings
from summarizer.errors import BackendError
from summarizer.results import Result, report_key

from .conftest import ROOT
from .factories import ARTICLE
from .faultserver import FaultServer, running

KEY = "sk-test-batch-0123456789"
_ITEM = re.compile(r"Item (\d+)\.")


@pytest.fixture
def server() -> Iterator[FaultServer]:
    with running() as fake:
        yield fake


def write_inputs(folder: Path, count: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = [folder / f"article{i:02d}.txt" for i in range(count)]
    for i, path in enumerate(paths):
        path.write_text(f"{ARTICLE} Item {i}.", encoding="utf-8")
    return paths


def flags(server: FaultServer) -> list[str]:
    return ["--base-url", server.url, "--api-key", KEY, "--structured", "grammar", "--retries", "0"]


def reports(out: Path) -> list[str]:
    return sorted(p.name for p in out.glob("article*.json")) if out.is_dir() else []


def requested_items(server: FaultServer) -> list[int]:
    """Which ``Item N`` article each request was for."""
    found = []
    for request in server.requests:
        match = _ITEM.search(json.dumps((request.body or {}).get("messages")))
        assert match is not None
        found.append(int(match.group(1)))
    return sorted(found)


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        (["a/x.txt", "a/y.md"], ["x.json", "y.json"]),
        (["a/x.txt", "a/x.md"], ["x.txt.json", "x.md.json"]),
        (["<stdin>", "b/stdin.txt"], ["stdin.json", "stdin.txt.json"]),
    ],
)
def test_output_names_are_distinct(names: list[str], expected: list[str]) -> None:
    articles = [Article(name=n, text="t") for n in names]
    assert output_names(articles, "json") == expected


def test_same_file_names_in_two_folders_get_a_path_hash() -> None:
    articles = [Article(name=n, text="t") for n in ("a/x.txt", "b/x.txt")]
    first, second = output_names(articles, "md")
    assert first != second
    assert re.fullmatch(r"x\.txt-[0-9a-f]{8}\.md", first)


def test_a_rerun_skips_current_reports_and_redoes_changed_ones(
    server: FaultServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    paths = write_inputs(tmp_path / "in", 4)
    out = tmp_path / "out"
    command = [str(tmp_path / "in"), "-o", str(out), "--concurrency", "4", *flags(server)]
    assert main(command) == 0
    assert server.count == 4
    assert sorted(p.name for p in out.iterdir()) == reports(out)  # nothing but reports
    assert {load(out / name).document.name for name in reports(out)} == {str(p) for p in paths}

    server.reset()
    assert main(command) == 0
    assert server.count == 0
    assert "4 of 4 reports" in capsys.readouterr().err

    paths[1].write_text(f"{ARTICLE} Item 1. An update.", encoding="utf-8")
    (out / "article02.json").write_text("{}", encoding="utf-8")  # not a report any more
    (out / "article03.json").unlink()
    assert main(command) == 0
    assert requested_items(server) == [1, 2, 3]
    assert "An update" in load(out / "article01.json").document.text

    server.reset()
    assert main([*command, "--max-tokens", "2000"]) == 0  # another configuration
    assert requested_items(server) == [0, 1, 2, 3]
    assert all(load(out / n).provenance.parameters["max_tokens"] == 2000 for n in reports(out))


def test_markdown_reports_carry_their_key_and_resume_too(
    server: FaultServer, tmp_path: Path
) -> None:
    write_inputs(tmp_path / "in", 3)
    out = tmp_path / "out"
    command = [str(tmp_path / "in"), "-o", str(out), "--format", "markdown", *flags(server)]
    assert main(command) == 0
    text = (out / "article00.md").read_text(encoding="utf-8")
    assert text.startswith("# ") and re.search(r"<!-- summarizer-key: [0-9a-f]{64} -->\n\Z", text)
    server.reset()
    assert main(command) == 0
    assert server.count == 0
    (out / "article01.md").write_text(text.split("<!--")[0], encoding="utf-8")  # key lost
    assert main([*command, "--concurrency", "2"]) == 0
    assert requested_items(server) == [1]


def test_a_json_report_key_is_its_job_key(server: FaultServer, tmp_path: Path) -> None:
    [path] = write_inputs(tmp_path / "in", 1)
    settings = resolve_settings(base_url=server.url, api_key=KEY, structured="grammar")
    [job] = plan([Article(name=str(path), text=path.read_text())], settings, "json")
    out = tmp_path / "out"
    assert main([str(path), "-o", str(out), *flags(server)]) == 0
    assert report_key(json.loads((out / job.output).read_text())) == job.key


def load(path: Path) -> SituationReport:
    return SituationReport.model_validate_json(path.read_text(encoding="utf-8"))


def test_failures_are_recorded_then_cleared_by_a_good_rerun(
    server: FaultServer, tmp_path: Path
) -> None:
    write_inputs(tmp_path / "in", 3)
    out = tmp_path / "out"
    command = [str(tmp_path / "in"), "-o", str(out), *flags(server)]
    server.rules = [("Item 1.", "401")]
    assert main(command) == 1
    [record] = [json.loads(line) for line in (out / FAILURES_NAME).read_text().splitlines()]
    assert record["input"] == str(tmp_path / "in" / "article01.txt")
    assert record["error"] == "AuthenticationError"
    assert "rejected the API key (HTTP 401)" in record["message"]
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", record["time"])
    assert KEY not in (out / FAILURES_NAME).read_text()
    assert reports(out) == ["article00.json", "article02.json"]

    server.rules = []
    server.reset()
    assert main(command) == 0
    assert requested_items(server) == [1]
    assert not (out / FAILURES_NAME).exists()


def test_stdout_keeps_input_order_whatever_finishes_first(
    server: FaultServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    server.slow_s = 0.5
    server.rules = [("Item 0.", "slow")]
    paths = write_inputs(tmp_path / "in", 3)
    assert main([*map(str, paths), "--concurrency", "3", "--format", "json", *flags(server)]) == 0
    out = capsys.readouterr().out
    decoder = json.JSONDecoder()
    names, position = [], 0
    while out[position:].strip():
        position += len(out[position:]) - len(out[position:].lstrip())
        data, position = decoder.raw_decode(out, position)
        names.append(data["document"]["name"])
    assert names == [str(p) for p in paths]
    assert sorted(r.fault for r in server.requests) == ["ok", "ok", "slow"]


def articles(count: int) -> list[Article]:
    return [Article(name=f"a{i}", text=f"{ARTICLE} Item {i}.") for i in range(count)]


def test_run_holds_the_bound_and_loses_nothing_to_unexpected_errors() -> None:
    bound = 3
    jobs = plan(articles(9), resolve_settings(base_url="http://unused/v1"), "json")
    meet = threading.Barrier(bound, timeout=10)
    lock = threading.Lock()
    active = peak = 0

    def fake(article: Article) -> SituationReport:
        nonlocal active, peak
        with lock:
            active += 1
            peak = max(peak, active)
        try:
            if article.name in {"a0", "a1", "a2"}:
                meet.wait()  # passes only with all three first jobs in flight at once
            if article.name == "a4":
                raise RuntimeError("boom")
            if article.name == "a5":
                raise BackendError("endpoint down")
            return SituationReport.model_construct()
        finally:
            with lock:
                active -= 1

    results: list[tuple[Job, Result]] = []
    run(
        jobs,
        lambda job: fake(job.article),
        concurrency=bound,
        name=lambda job: job.article.name,
        on_result=lambda job, r: results.append((job, r)),
    )
    assert peak == bound
    assert sorted(job.position for job, _ in results) == list(range(9))
    errors = {r.source: str(r.error) for _, r in results if not r.ok}
    assert errors == {"a4": "internal error: RuntimeError: boom", "a5": "endpoint down"}


def test_an_interrupt_while_saving_waits_for_the_save_to_finish() -> None:
    before = signal.getsignal(signal.SIGINT)
    finished = False
    with (
        _Interrupts(drain=False) as interrupts,
        pytest.raises(KeyboardInterrupt),
        interrupts.held(),
    ):
        os.kill(os.getpid(), signal.SIGINT)
        finished = True
    assert finished
    assert signal.getsignal(signal.SIGINT) is before


def test_output_dir_redacts_keys_and_bearer_tokens(tmp_path: Path) -> None:
    out = OutputDir(tmp_path, secrets=[KEY, None, ""])
    out.fail("x.txt", BackendError(f"echoed {KEY} and Authorization: Bearer abc.def-123\nmore"))
    text = (tmp_path / FAILURES_NAME).read_text()
    assert KEY not in text and "abc.def-123" not in text
    assert json.loads(text)["message"] == "echoed *** and Authorization: Bearer *** more"


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_a_killed_batch_resumes_without_repeating_a_call(tmp_path: Path, signum: int) -> None:
    count = 16
    write_inputs(tmp_path / "in", count)
    out = tmp_path / "out"
    with running(latency_s=0.3) as server:
        command = [sys.executable, "-m", "summarizer", str(tmp_path / "in"), "-o", str(out)]
        command += ["--concurrency", "2", *flags(server)]
        process = subprocess.Popen(
            command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        try:
            deadline = time.monotonic() + 60  # a bound on the loop, not a speed check
            while len(reports(out)) < 2 and process.poll() is None:
                assert time.monotonic() < deadline, "the batch never wrote a report"
                time.sleep(0.02)
            process.send_signal(signum)
            _, err = process.communicate(timeout=60)
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()
        assert process.returncode == 130, err
        assert "interrupted; saving" in err and err.rstrip().endswith("summarize: interrupted")
        kept = reports(out)
        assert 2 <= len(kept) < count
        assert server.count == len(kept)  # the calls in flight were saved, none wasted
        assert sorted(p.name for p in out.iterdir()) == kept  # no *.tmp, nothing partial
        kept_items = {load(out / name).document.text for name in kept}

        server.reset()
        finish = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120)
        assert finish.returncode == 0, finish.stderr
        assert server.count == count - len(kept)
        redone = {f"{ARTICLE} Item {i}." for i in requested_items(server)}
        assert redone.isdisjoint(kept_items)

    assert reports(out) == [f"article{i:02d}.json" for i in range(count)]
    texts = sorted(load(out / name).document.text for name in reports(out))
    assert texts == sorted(f"{ARTICLE} Item {i}." for i in range(count))
    assert sorted(p.name for p in out.iterdir()) == reports(out)


def test_a_second_interrupt_abandons_the_calls_in_flight(tmp_path: Path) -> None:
    count = 8
    write_inputs(tmp_path / "in", count)
    out = tmp_path / "out"
    with running() as server:
        server.rules = [(f"Item {i}.", "slow") for i in range(2, count)]
        server.slow_s = 30.0
        command = [sys.executable, "-m", "summarizer", str(tmp_path / "in"), "-o", str(out)]
        command += ["--concurrency", "2", "--timeout", "60", *flags(server)]
        process = subprocess.Popen(
            command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        assert process.stderr is not None
        try:
            deadline = time.monotonic() + 60  # a bound on the loop, not a speed check
            while server.count < 4 and process.poll() is None:
                assert time.monotonic() < deadline, "the batch never reached the slow inputs"
                time.sleep(0.02)
            process.send_signal(signal.SIGINT)
            seen = ""
            while "saving 2 report(s) in flight" not in seen:
                line = process.stderr.readline()  # "" at end of output, so this is bounded
                assert line, seen
                seen += line
            process.send_signal(signal.SIGINT)
            _, err = process.communicate(timeout=60)
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()
    assert process.returncode == 130, err
    assert err.rstrip().endswith("summarize: interrupted")
    assert sorted(p.name for p in out.iterdir()) == ["article00.json", "article01.json"]
    assert all(load(out / name).document.text for name in reports(out))
