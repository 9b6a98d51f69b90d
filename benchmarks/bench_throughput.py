"""Batch throughput against a fake endpoint with a fixed latency, and the cost of faults.

200 small articles built from ``tests.factories.ARTICLE`` go to the fault server (its own
process, so its work does not share this process's GIL) with 300 ms latency per call, at
concurrency 1, 4, 16 and 64, through the CLI's batch runner (``summarizer.batch.run``) and
through ``Summarizer.summarize_many``. Ideal is concurrency / latency; "waves" is the best
possible with 200 articles in ceil(200 / concurrency) rounds. Then the same 200 with 10% of calls
failing transiently (429/500/503/reset, seeded): did every article complete, and how many extra
calls did the retries cost.

    python benchmarks/bench_throughput.py [--articles 200] [--latency 0.3]

Prints Markdown tables; numbers are measured, nothing is asserted.
"""

from __future__ import annotations

import argparse
import json
import math
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from summarizer import Summarizer, resolve_settings  # noqa: E402
from summarizer.articles import Article  # noqa: E402
from summarizer.batch import Job, plan, run  # noqa: E402
from summarizer.results import Result  # noqa: E402
from tests.factories import ARTICLE  # noqa: E402

Runner = Callable[[Summarizer, list[Article], int], int]


@contextmanager
def fault_server(latency: float, fault_rate: float = 0.0, seed: int = 0) -> Iterator[str]:
    """A fault server in a child process; yields its base URL."""
    command = [sys.executable, "-m", "tests.faultserver", "--latency", str(latency)]
    command += ["--fault-rate", str(fault_rate), "--seed", str(seed), "--retry-after", "0.5"]
    child = subprocess.Popen(
        command, cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert child.stdout is not None
        yield child.stdout.readline().strip()
    finally:
        if child.stdin is not None:
            child.stdin.close()
        child.wait(timeout=30)


def stats(url: str) -> dict[str, object]:
    with urllib.request.urlopen(url.removesuffix("/v1") + "/stats") as response:
        data: dict[str, object] = json.load(response)
        return data


def articles(count: int) -> list[Article]:
    return [Article(name=f"a{i:03d}", text=f"{ARTICLE} Item {i}.") for i in range(count)]


def via_batch(summarizer: Summarizer, items: list[Article], concurrency: int) -> int:
    """The CLI's path: batch.run with its own worker threads; returns how many succeeded."""
    ok = 0

    def count(job: Job, result: Result) -> None:
        nonlocal ok
        ok += result.ok

    jobs = plan(items, summarizer.settings, "json")
    run(
        jobs,
        lambda job: summarizer.summarize(job.article),
        concurrency=concurrency,
        name=lambda job: job.article.name,
        on_result=count,
    )
    return ok


def via_api(summarizer: Summarizer, items: list[Article], concurrency: int) -> int:
    """The public API's path: the same engine, results collected in input order."""
    return sum(r.ok for r in summarizer.summarize_many(items, concurrency=concurrency))


def summarizer_for(url: str) -> Summarizer:
    settings = resolve_settings(
        base_url=url, api_key="sk-bench", structured="grammar", timeout_s=10.0
    )
    summarizer = Summarizer(settings)
    summarizer.summarize(Article(name="warm", text=ARTICLE))  # imports, schema caches, pool
    return summarizer


def throughput(count: int, latency: float) -> None:
    items = articles(count)
    print(f"## Throughput: {count} articles, {latency * 1000:.0f} ms per call, no faults\n")
    print("| path | concurrency | seconds | articles/s | ideal/s | ratio | waves/s | ok |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    runners: list[tuple[str, Runner]] = [
        ("batch.run (CLI)", via_batch),
        ("summarize_many (API)", via_api),
    ]
    for name, runner in runners:
        for concurrency in (1, 4, 16, 64):
            with fault_server(latency) as url:
                summarizer = summarizer_for(url)
                started = time.perf_counter()
                ok = runner(summarizer, items, concurrency)
                seconds = time.perf_counter() - started
            rate = count / seconds
            ideal = concurrency / latency
            waves = count / (math.ceil(count / concurrency) * latency)
            print(
                f"| {name} | {concurrency} | {seconds:.2f} | {rate:.1f} | {ideal:.1f} "
                f"| {rate / ideal:.2f} | {waves:.1f} | {ok}/{count} |",
                flush=True,
            )
    print()


def with_faults(count: int, latency: float, concurrency: int = 16) -> None:
    items = articles(count)
    print(
        f"## Faults: {count} articles, {latency * 1000:.0f} ms, 10% transient faults "
        f"(429/500/503/reset, seed 7), concurrency {concurrency}, transport_retries 4\n"
    )
    print("| path | seconds | completed | calls | extra calls | faults served |")
    print("|---|---:|---:|---:|---:|---|")
    for name, runner in (("batch.run (CLI)", via_batch), ("summarize_many (API)", via_api)):
        with fault_server(latency, fault_rate=0.1, seed=7) as url:
            summarizer = summarizer_for(url)
            before = stats(url)["requests"]
            assert isinstance(before, int)
            started = time.perf_counter()
            ok = runner(summarizer, items, concurrency)
            seconds = time.perf_counter() - started
            after = stats(url)
        calls = int(str(after["requests"])) - before
        faults = {k: v for k, v in dict(after["faults"]).items() if k != "ok"}  # type: ignore[call-overload]
        print(
            f"| {name} | {seconds:.2f} | {ok}/{count} | {calls} | {calls - count} "
            f"| {json.dumps(faults)} |",
            flush=True,
        )
    print()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--latency", type=float, default=0.3)
    args = parser.parse_args()
    throughput(args.articles, args.latency)
    with_faults(args.articles, args.latency)


if __name__ == "__main__":
    main()
