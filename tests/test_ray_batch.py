"""Batches on Ray: the same reports as one process, through killed workers and interrupts.

Every test here needs the ``ray`` extra and shares one local Ray (2 CPUs, no dashboard) started
once for the module; select them with ``-k ray``. Replies come from the fault server, which
Ray's worker processes reach over loopback like any endpoint.

Reports are compared byte for byte with ``provenance.latency_s`` fixed to 0: it is the wall
time of the call, the one field that differs between any two runs.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from summarizer import ConfigurationError, SituationReport, Summarizer
from summarizer.articles import Article, from_path
from summarizer.batch import FAILURES_NAME, Job, OutputDir, collect, plan, run
from summarizer.cli import main
from summarizer.config import resolve_settings
from summarizer.results import Result
from summarizer.views import render

from .conftest import ROOT, founding_articles
from .faultserver import FaultServer, running
from .test_batch import KEY, flags, load, reports, requested_items, write_inputs

pytestmark = [
    pytest.mark.skipif(
        importlib.util.find_spec("ray") is None and not os.environ.get("CI"),
        reason="needs the ray extra (pip install -e '.[ray]'); in CI a missing extra fails",
    ),
    # The user's cache, where the gazetteer index is built once: Ray's workers, started once
    # for the module, see that cache, and a fresh one per test would rebuild the index each time.
    pytest.mark.usefixtures("user_cache"),
]

_LATENCY = re.compile(r'"latency_s": [-+0-9.eE]+')


@pytest.fixture(scope="module")
def ray_local() -> Iterator[Any]:
    """One local Ray for the module; the batches find it initialised and reuse it."""
    import ray

    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    try:
        yield ray
    finally:
        ray.shutdown()


@pytest.fixture
def server() -> Iterator[FaultServer]:
    with running() as fake:
        yield fake


def normalised(text: str) -> str:
    """A report's text with its wall-clock latency fixed, the rest byte for byte."""
    return _LATENCY.sub('"latency_s": 0.0', text)


def folder(out: Path) -> dict[str, str]:
    """Every file of an output folder and its normalised text."""
    return {p.name: normalised(p.read_text(encoding="utf-8")) for p in sorted(out.iterdir())}


def settings_for(server: FaultServer) -> Any:
    """The settings ``flags(server)`` give the CLI."""
    return resolve_settings(
        base_url=server.url, api_key=KEY, structured="grammar", transport_retries=0
    )


def jobs_for(paths: list[Path], server: FaultServer) -> list[Job]:
    return plan([from_path(p) for p in paths], settings_for(server), "json")


class CountingDir(OutputDir):
    """An output folder that counts its writes per report."""

    def __init__(self, path: Path) -> None:
        super().__init__(path, secrets=[KEY])
        self.saves: Counter[str] = Counter()

    def save(self, job: Job, text: str) -> None:
        self.saves[job.output] += 1
        super().save(job, text)


def json_text(report: SituationReport) -> str:
    return render(report, "json") + "\n"


def test_ray_cli_reports_match_the_thread_engine(
    ray_local: Any, server: FaultServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    count = 6
    write_inputs(tmp_path / "in", count)
    threads, on_ray = tmp_path / "threads", tmp_path / "ray"
    base = [str(tmp_path / "in"), *flags(server), "-v"]
    assert main([*base, "-o", str(threads)]) == 0
    server.reset()
    assert main([*base, "-o", str(on_ray), "--ray", "--ray-workers", "2"]) == 0
    assert server.count == count
    assert reports(on_ray) == [f"article{i:02d}.json" for i in range(count)]
    assert folder(on_ray) == folder(threads)
    err = capsys.readouterr().err
    assert "Ray: 2 worker(s) × 1 thread(s) on 1 node(s)" in err
    assert re.search(r"\[6/6\] .*: ok, .* \| 6 done, 0 failed, 0 in flight, [0-9.]+/min; ", err)

    server.reset()
    assert main([*base, "-o", str(on_ray), "--ray"]) == 0  # all current: Ray is not needed
    assert server.count == 0


def test_ray_worker_killed_mid_batch_loses_and_repeats_nothing(
    ray_local: Any, tmp_path: Path
) -> None:
    from summarizer.raypool import RayPool

    count = 10
    paths = write_inputs(tmp_path / "in", count)
    with running(latency_s=0.3) as server:
        jobs = jobs_for(paths, server)
        one = CountingDir(tmp_path / "threads")
        one.path.mkdir()
        summarizer = Summarizer(settings_for(server))
        run(
            jobs,
            lambda job: summarizer.summarize(job.article),
            concurrency=1,
            name=lambda job: job.article.name,
            on_result=lambda job, result: one.keep(job, result, json_text),
        )

        out = CountingDir(tmp_path / "ray")
        out.path.mkdir()
        killed: list[int] = []
        with RayPool[Job](
            settings_for(server), make=Summarizer, article=lambda job: job.article, workers=2
        ) as pool:
            victim = pool.workers[0]

            def handle(job: Job, result: Result) -> None:
                out.keep(job, result, json_text)
                if not killed and victim.in_flight:  # its call is under way: kill it now
                    killed.append(victim.pid)
                    os.kill(victim.pid, signal.SIGKILL)

            collect(pool, jobs, on_result=handle)
            assert killed
            assert victim.lost >= 1 and pool.resubmitted >= 1
            assert pool.failed == 0

    assert out.saves == Counter({job.output: 1 for job in jobs})  # each written exactly once
    assert sorted(p.name for p in out.path.iterdir()) == reports(out.path)  # no *.tmp
    assert len(reports(out.path)) == count
    for name in reports(out.path):
        load(out.path / name)  # complete, valid reports
    assert folder(out.path) == folder(one.path)


def test_ray_interrupted_batch_keeps_its_work_and_resumes(ray_local: Any, tmp_path: Path) -> None:
    count = 12
    write_inputs(tmp_path / "in", count)
    out = tmp_path / "out"
    with running(latency_s=0.4) as server:
        command = [sys.executable, "-m", "summarizer", str(tmp_path / "in"), "-o", str(out)]
        command += [*flags(server), "--ray", "--ray-workers", "2"]
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,  # its own process group, as a terminal's job would be
        )
        try:
            deadline = time.monotonic() + 90  # a bound on the loop, not a speed check
            while len(reports(out)) < 2 and process.poll() is None:
                assert time.monotonic() < deadline, "the batch never wrote a report"
                time.sleep(0.02)
            os.killpg(process.pid, signal.SIGINT)  # Ctrl-C: the whole group hears it
            _, err = process.communicate(timeout=60)
        finally:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        assert process.returncode == 130, err
        assert "interrupted; saving" in err and err.rstrip().endswith("summarize: interrupted")
        kept = reports(out)
        assert 2 <= len(kept) < count
        assert sorted(p.name for p in out.iterdir()) == kept  # no *.tmp, nothing partial
        kept_texts = {load(out / name).document.text for name in kept}

        server.reset()
        assert main([str(tmp_path / "in"), "-o", str(out), *flags(server), "--ray"]) == 0
        assert server.count == count - len(kept)
        redone = {load(out / f"article{i:02d}.json").document.text for i in requested_items(server)}
        assert redone.isdisjoint(kept_texts)
    assert reports(out) == [f"article{i:02d}.json" for i in range(count)]
    assert sorted(p.name for p in out.iterdir()) == reports(out)


@pytest.mark.parametrize(
    ("address", "message"),
    [
        ("127.0.0.1:1", "no Ray cluster answers at 127.0.0.1:1"),
        ("somewhere", "--ray somewhere: give the cluster's address as HOST:PORT"),
    ],
    ids=["refused", "no-port"],
)
def test_ray_bad_address_is_one_line_quickly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], address: str, message: str
) -> None:
    write_inputs(tmp_path / "in", 1)
    started = time.monotonic()
    endpoint = ["--base-url", "http://127.0.0.1:1/v1", "--api-key", KEY]
    status = main([str(tmp_path / "in"), "-o", str(tmp_path / "out"), *endpoint, "--ray", address])
    elapsed = time.monotonic() - started
    assert status == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("summarize: error: ") and message in err
    assert elapsed < 5  # a refused connection, not ray.init's long wait


def test_ray_per_input_error_goes_to_failures_and_is_not_retried(
    ray_local: Any, server: FaultServer, tmp_path: Path
) -> None:
    write_inputs(tmp_path / "in", 4)
    out = tmp_path / "out"
    server.rules = [("Item 2.", "401")]
    command = [str(tmp_path / "in"), "-o", str(out), *flags(server), "--ray"]
    assert main(command) == 1
    [record] = [json.loads(line) for line in (out / FAILURES_NAME).read_text().splitlines()]
    assert record["input"] == str(tmp_path / "in" / "article02.txt")
    assert record["error"] == "AuthenticationError"
    assert "rejected the API key (HTTP 401)" in record["message"]
    assert KEY not in (out / FAILURES_NAME).read_text()
    assert reports(out) == ["article00.json", "article01.json", "article03.json"]
    assert Counter(requested_items(server))[2] == 1  # the summarizer's own error: no resubmit


def test_ray_summarize_many_keeps_input_order(
    ray_local: Any, server: FaultServer, tmp_path: Path
) -> None:
    paths = write_inputs(tmp_path / "in", 3)
    server.rules = [("Item 1.", "401")]
    summarizer = Summarizer(settings_for(server))
    heard: list[Result] = []
    sources: list[str | Path | Article] = [*paths, "   "]
    results = summarizer.summarize_many(
        sources, engine="ray", ray_workers=1, ray_threads=2, on_result=heard.append
    )
    assert [r.source for r in results] == [*map(str, paths), "   "]
    assert [r.ok for r in results] == [True, False, True, False]
    assert "no article text" in str(results[3].error)
    assert len(heard) == 4
    with pytest.raises(ConfigurationError, match="not a client or backend"):
        Summarizer(settings_for(server), backend=summarizer.backend).summarize_many(
            paths, engine="ray"
        )
    with pytest.raises(ConfigurationError, match="do not fit the cluster"):
        Summarizer(settings_for(server)).summarize_many(paths, engine="ray", ray_workers=3)


def test_ray_worker_without_the_package_is_one_line(ray_local: Any) -> None:
    from summarizer.raypool import RayPool, WorkerState

    @ray_local.remote
    def missing() -> None:
        raise ModuleNotFoundError("No module named 'summarizer'")

    pool = RayPool[Job](resolve_settings(base_url="http://unused/v1"), make=Summarizer, article=id)
    pool._ray = ray_local
    with pytest.raises(ConfigurationError) as caught:
        pool._greet(WorkerState(0, None), missing.remote())
    message = str(caught.value)
    assert "\n" not in message
    assert "summarizer must be installed on every Ray node" in message


def test_ray_missing_extra_names_it(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setitem(sys.modules, "ray", None)  # import ray now raises ImportError
    write_inputs(tmp_path / "in", 1)
    with pytest.raises(ConfigurationError, match=re.escape("pip install 'summarizer[ray]'")):
        Summarizer(base_url="http://unused/v1").summarize_many(["text"], engine="ray")


def test_the_shared_loop_still_drains_the_thread_engine() -> None:
    """A first interrupt keeps the calls in flight and starts nothing new; no Ray needed."""
    jobs = plan(
        [Article(name=f"a{i}", text=f"t {i}") for i in range(6)],
        resolve_settings(base_url="http://unused/v1"),
        "json",
    )
    gate = threading.Event()
    seen: list[str] = []

    def slow(job: Job) -> SituationReport:
        gate.wait(5)
        return SituationReport.model_construct()

    def handle(job: Job, result: Result) -> None:
        seen.append(job.article.name)

    interrupt = threading.Timer(0.2, os.kill, (os.getpid(), signal.SIGINT))
    release = threading.Timer(0.6, gate.set)
    interrupt.start()
    release.start()
    drained: list[int] = []
    with pytest.raises(KeyboardInterrupt):
        run(
            jobs,
            slow,
            concurrency=2,
            name=lambda job: job.article.name,
            on_result=handle,
            on_drain=drained.append,
        )
    release.join()
    assert drained == [2] and len(seen) == 2  # the two in flight were kept, nothing new began


@pytest.mark.e2e
@pytest.mark.skipif(
    importlib.util.find_spec("llama_cpp") is None and not os.environ.get("CI"),
    reason="needs the local extra (pip install -e '.[local]'); in CI a missing extra fails",
)
@pytest.mark.usefixtures("user_cache")
def test_ray_embedded_model_on_one_worker(ray_local: Any) -> None:
    [result] = Summarizer().summarize_many(
        founding_articles()[:1], engine="ray", ray_workers=1, ray_threads=2
    )
    assert result.report is not None, result.error
    assert result.report.provenance.endpoint == "local"
    assert result.report.grounding.grounded >= 3
