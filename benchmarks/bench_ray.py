"""What Ray costs and buys: per-article overhead, start-up, memory, and model throughput.

Part one, always: small articles from ``tests.factories.ARTICLE`` go to the fault server (its own
process, zero latency, so the "model" takes no time and what is left is the engines' own cost)
through the one-process engine (``batch.run``, threads) and through ``RayPool`` (local Ray, 2
CPUs), at 1 and 2 in flight. The overhead per article is the difference of the two wall times
over the articles. Ray's start (``ray.init``), the workers' start and their resident memory are
timed separately, outside the batch.

Part two, with ``--model``: the embedded local model on the first ``--model-articles`` founding
articles, 1 worker × 2 threads against 2 workers × 1 thread, with each worker's start-up
(model load) and memory after the batch. Minutes on 2 cores.

    python benchmarks/bench_ray.py [--articles 40] [--model] [--model-articles 2] [--layout 2x1]

Prints Markdown tables; numbers are measured, nothing is asserted.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.bench_throughput import fault_server  # noqa: E402
from summarizer import Summarizer, resolve_settings  # noqa: E402
from summarizer.articles import Article, from_path  # noqa: E402
from summarizer.batch import Job, collect, plan, run  # noqa: E402
from summarizer.config import Settings  # noqa: E402
from summarizer.raypool import RayPool  # noqa: E402
from summarizer.results import Result  # noqa: E402
from tests.factories import ARTICLE  # noqa: E402

FOUNDING = ROOT / "evals" / "founding" / "articles"


def articles(count: int, tag: str) -> list[Article]:
    """Distinct articles (a tag per run, so no run can reuse another's anything)."""
    return [Article(name=f"{tag}{i:03d}", text=f"{ARTICLE} Item {tag} {i}.") for i in range(count)]


def counter() -> tuple[list[int], Callable[[Job, Result], None]]:
    ok = [0]

    def count(job: Job, result: Result) -> None:
        ok[0] += result.ok

    return ok, count


def threads_batch(settings: Settings, items: list[Article], concurrency: int) -> tuple[float, int]:
    summarizer = Summarizer(settings)
    summarizer.summarize(Article(name="warm", text=ARTICLE))  # imports, caches, connection pool
    ok, count = counter()
    jobs = plan(items, settings, "json")
    started = time.perf_counter()
    run(
        jobs,
        lambda job: summarizer.summarize(job.article),
        concurrency=concurrency,
        name=lambda job: job.article.name,
        on_result=count,
    )
    return time.perf_counter() - started, ok[0]


def ray_batch(
    settings: Settings, items: list[Article], workers: int, threads: int
) -> tuple[float, int, float, list[dict[str, Any]]]:
    """Wall time of the batch alone, successes, the pool's ready time, each worker's hello
    after the batch (its start-up time, and its memory then)."""
    import ray

    ok, count = counter()
    jobs = plan(items, settings, "json")
    with RayPool[Job](
        settings, make=Summarizer, article=lambda job: job.article, workers=workers, threads=threads
    ) as pool:
        if not settings.local:  # warm every worker's client as the threads engine is warmed
            warm = plan(articles(workers * threads, "warm"), settings, "json")
            collect(pool, warm, on_result=lambda job, result: None, drain=False)
        started = time.perf_counter()
        collect(pool, jobs, on_result=count, drain=False)
        elapsed = time.perf_counter() - started
        after = ray.get([w.handle.hello.remote() for w in pool.workers])
        ready = pool.ready_s
    return elapsed, ok[0], ready, after


def overhead(count: int) -> None:
    import ray

    began = time.perf_counter()
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    init_s = time.perf_counter() - began
    try:
        with fault_server(latency=0) as url:
            settings = resolve_settings(
                base_url=url, api_key="sk-bench", structured="grammar", timeout_s=10.0
            )
            print(f"## Ray against one process, {count} articles, fault server at 0 ms\n")
            print("| engine | in flight | wall s | ms per article | Ray overhead ms/article |")
            print("|---|---:|---:|---:|---:|")
            readies: list[tuple[int, float]] = []
            hellos: list[dict[str, Any]] = []
            for workers in (1, 2):
                alone, ok_threads = threads_batch(settings, articles(count, f"t{workers}"), workers)
                on_ray, ok_ray, ready, after = ray_batch(
                    settings, articles(count, f"r{workers}"), workers, 1
                )
                assert ok_threads == ok_ray == count, (ok_threads, ok_ray)
                readies.append((workers, ready))
                hellos += after
                print(
                    f"| threads | {workers} | {alone:.2f} | {alone / count * 1000:.1f} | |\n"
                    f"| Ray, {workers} worker(s) × 1 | {workers} | {on_ray:.2f} | "
                    f"{on_ray / count * 1000:.1f} | {(on_ray - alone) / count * 1000:+.1f} |"
                )
            print()
            print("| start-up | seconds |")
            print("|---|---:|")
            print(f"| ray.init(num_cpus=2), in-process local Ray | {init_s:.2f} |")
            for workers, ready in readies:
                print(f"| {workers} worker(s) started and ready (summarizer built) | {ready:.2f} |")
            startup = max(h["startup_s"] for h in hellos)
            print(f"| summarizer start-up inside a worker (endpoint client), max | {startup:.2f} |")
            print()
            driver = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            worker = max(h["rss"] for h in hellos) / 1e6
            print(
                f"Memory: a worker on an endpoint {worker:.0f} MB resident after its batch; "
                f"the driver's peak {driver:.0f} MB.\n"
            )
    finally:
        ray.shutdown()


def model(count: int, layouts: list[tuple[int, int]]) -> None:
    import ray

    paths = sorted(FOUNDING.glob("*.txt"))[:count]
    items = [from_path(p) for p in paths]
    settings = resolve_settings()
    print(f"## The embedded model on Ray, {count} founding article(s), 2 CPUs\n")
    print("| layout | batch s | articles/min | model load s per worker | RSS MB per worker |")
    print("|---|---:|---:|---:|---:|")
    for workers, threads in layouts:
        ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
        try:
            elapsed, ok, _, after = ray_batch(settings, items, workers, threads)
        finally:
            ray.shutdown()
        load = max(h["startup_s"] for h in after)
        rss = max(h["rss"] for h in after) / 1e6
        print(
            f"| {workers} worker(s) × {threads} thread(s) | {elapsed:.0f} | "
            f"{ok / elapsed * 60:.2f} | {load:.1f} | {rss:.0f} |"
        )
    print()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=40, help="articles per fault-server run")
    parser.add_argument("--model", action="store_true", help="also run the embedded model part")
    parser.add_argument("--model-articles", type=int, default=2)
    parser.add_argument(
        "--layout",
        action="append",
        metavar="WxT",
        help="a model layout, workers x threads (repeatable; default 1x2 and 2x1)",
    )
    parser.add_argument("--no-overhead", action="store_true", help="skip the fault-server part")
    args = parser.parse_args()
    layouts = [tuple(map(int, text.lower().split("x"))) for text in args.layout or ["1x2", "2x1"]]
    if not args.no_overhead:
        overhead(args.articles)
    if args.model:
        model(args.model_articles, [(w, t) for w, t in layouts])


if __name__ == "__main__":
    main()
