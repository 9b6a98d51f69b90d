"""``summarize PATH...``: a situation report per input, resumable into an output folder.

Exit status: 0 when every input succeeded, 1 when any failed (the others are still written),
2 for usage and configuration errors, 130 when interrupted (finished reports are kept; with
``-o DIR`` the same command resumes where it stopped). Errors are one line on stderr.
With ``--ray`` the calls run on Ray workers (``summarizer.raypool``); planning, resuming,
writing and interrupts are the same as in one process.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from .. import __version__, batch
from ..api import Summarizer, make_backend
from ..articles import Article, expand_paths, from_bytes, from_path
from ..config import Settings
from ..errors import InputError, SummarizerError
from ..results import Result
from ..schema.report import SituationReport
from ..views import SUFFIXES, render
from .console import ModelProgress, Parser, error, run, usage
from .options import add_io_options, add_model_options, settings_from

PROG = "summarize"


def main(argv: Sequence[str]) -> int:
    """Run ``summarize PATH...``; returns the exit status."""
    return run(build_parser(), argv, _summarize)


def build_parser() -> argparse.ArgumentParser:
    """The ``summarize PATH...`` arguments."""
    parser = Parser(
        prog=PROG,
        description="Typed, source-grounded situation reports on conflict articles. "
        "Other commands: 'summarize schema', 'summarize serve', 'summarize eval', "
        "'summarize merge'.",
    )
    add_io_options(
        parser,
        inputs=("PATH", "files, directories, or - for stdin"),
        output=(
            "DIR",
            "write one file per input into DIR; a rerun skips reports already up to date "
            f"and DIR/{batch.FAILURES_NAME} lists the inputs that failed",
        ),
        format_help="default: markdown on a terminal, else json",
    )
    add_model_options(parser)
    parser.add_argument("--max-tokens", type=int, default=None, help="completion budget per call")
    parser.add_argument(
        "--concurrency", type=int, default=1, help="inputs in flight at once (without --ray)"
    )
    parser.add_argument(
        "--ray",
        nargs="?",
        const="",
        default=None,
        metavar="ADDRESS",
        help="run the calls on Ray workers: a local Ray started here, or the cluster at "
        "ADDRESS (HOST:PORT, or auto); needs the ray extra. Put it after the inputs",
    )
    parser.add_argument(
        "--ray-workers",
        type=int,
        default=None,
        metavar="N",
        help="Ray workers, each with its own summarizer (default: what the nodes' CPUs fit)",
    )
    parser.add_argument(
        "--ray-threads",
        type=int,
        default=None,
        metavar="N",
        help="CPUs per Ray worker: the local model's threads, or calls in flight on an "
        "endpoint (default 1)",
    )
    parser.add_argument(
        "--timeout", type=float, default=None, metavar="SECONDS", help="per model call"
    )
    parser.add_argument(
        "--retries",
        type=int,
        default=None,
        metavar="N",
        help="transport retries per call on 429, 5xx, timeouts and resets (default 4)",
    )
    parser.add_argument(
        "--chunk-chars",
        type=int,
        default=None,
        metavar="N",
        help="split articles longer than N characters (for models with a small context)",
    )
    parser.add_argument("--version", action="version", version=f"summarize {__version__}")
    return parser


def _summarize(args: argparse.Namespace) -> int:
    """Summarize every input, resuming into ``-o DIR`` when given; the exit status."""
    if args.concurrency < 1:
        return usage(PROG, "--concurrency must be at least 1")
    if args.timeout is not None and args.timeout <= 0:
        return usage(PROG, "--timeout must be positive")
    if args.retries is not None and args.retries < 0:
        return usage(PROG, "--retries must be 0 or more")
    if args.chunk_chars is not None and args.chunk_chars < 1000:
        return usage(PROG, "--chunk-chars must be at least 1000")
    if args.ray is None and (args.ray_workers is not None or args.ray_threads is not None):
        return usage(PROG, "--ray-workers and --ray-threads need --ray")
    if args.ray and Path(args.ray).exists():
        return usage(PROG, f"--ray takes a Ray address, not {args.ray}; put --ray after the inputs")
    for flag, value in (("--ray-workers", args.ray_workers), ("--ray-threads", args.ray_threads)):
        if value is not None and value < 1:
            return usage(PROG, f"{flag} must be at least 1")
    fmt = args.format or ("markdown" if sys.stdout.isatty() and not args.output else "json")
    options: dict[str, Any] = {"max_tokens": args.max_tokens} if args.max_tokens else {}
    if args.timeout is not None:
        options["timeout_s"] = args.timeout
    if args.chunk_chars is not None:
        options["chunk_chars"] = args.chunk_chars
    if args.retries is not None:
        options["transport_retries"] = args.retries
    settings = settings_from(args, **options)

    articles, unreadable = _read_inputs(args.inputs)
    out = batch.OutputDir(args.output, secrets=[settings.api_key]) if args.output else None
    for source, failure in unreadable:
        if out is not None:
            out.fail(source, failure)
    jobs = batch.plan(articles, settings, SUFFIXES[fmt])
    todo = [job for job in jobs if out is None or not out.current(job)]
    if out is not None and len(todo) < len(jobs):
        print(
            f"summarize: {len(jobs) - len(todo)} of {len(jobs)} reports in {out.path} are up to "
            "date; skipping them",
            file=sys.stderr,
        )
    failed = len(unreadable)
    try:
        if todo:
            if sys.stderr.isatty() or args.verbose:
                pace = " (about a minute or two per article on the CPU)" if settings.local else ""
                print(
                    f"summarizing {len(todo)} input(s) with {settings.model}{pace}…",
                    file=sys.stderr,
                )
            progress = _Progress(len(todo), quiet=len(jobs) == 1 and not args.verbose)
            in_order = _InOrder(fmt, [job.position for job in todo])

            def handle(job: batch.Job, result: Result) -> None:
                nonlocal failed
                progress(result)
                if result.report is None:
                    failed += 1
                if out is not None:
                    out.keep(job, result, lambda report: _render(report, fmt))
                else:
                    in_order.add(job.position, result.report)

            if args.ray is not None:
                _on_ray(args, settings, todo, progress, handle)
            else:
                backend = make_backend(settings, progress=ModelProgress())
                summarizer = Summarizer(settings, backend=backend)
                batch.run(
                    todo,
                    lambda job: summarizer.summarize(job.article),
                    concurrency=args.concurrency,
                    name=lambda job: job.article.name,
                    on_result=handle,
                    on_drain=_draining,
                )
    finally:
        if out is not None:
            out.finish()
    return 1 if failed else 0


def _on_ray(
    args: argparse.Namespace,
    settings: Settings,
    todo: list[batch.Job],
    progress: _Progress,
    handle: Callable[[batch.Job, Result], None],
) -> None:
    """The batch on Ray workers; the same handling of each result as in one process."""
    from ..raypool import RayPool

    with RayPool[batch.Job](
        settings,
        make=Summarizer,
        article=lambda job: job.article,
        address=args.ray or None,
        workers=args.ray_workers,
        threads=args.ray_threads,
    ) as pool:
        if not progress.quiet:
            print(f"summarize: {pool.describe()}", file=sys.stderr)
        progress.status = pool.status
        batch.collect(pool, todo, on_result=handle, on_drain=_draining)


def _draining(in_flight: int) -> None:
    """Tell the user a first interrupt is finishing the calls already paid for."""
    print(
        f"summarize: interrupted; saving {in_flight} report(s) in flight "
        "(interrupt again to abandon them)",
        file=sys.stderr,
    )


def _read_inputs(inputs: list[str]) -> tuple[list[Article], list[tuple[str, SummarizerError]]]:
    """Every readable input once; unreadable ones are reported and returned, never fatal."""
    articles: list[Article] = []
    failures: list[tuple[str, SummarizerError]] = []
    seen: set[Path] = set()
    for raw in inputs:
        try:
            if raw == "-":
                articles.append(from_bytes(sys.stdin.buffer.read(), name="<stdin>"))
                continue
            path = Path(raw)
            if not path.exists():
                raise InputError(f"{raw}: no such file or directory")
            files = expand_paths([path])
            if path.is_dir() and not files:
                raise InputError(f"{raw}: directory holds no .txt, .md or .html files")
            for file in files:
                if file.resolve() in seen:
                    continue
                seen.add(file.resolve())
                try:
                    articles.append(from_path(file))
                except SummarizerError as err:
                    failures.append((str(file), err))
                    error(PROG, str(err))
        except SummarizerError as err:
            failures.append((raw, err))
            error(PROG, str(err))
    return articles, failures


def _render(report: SituationReport, fmt: str) -> str:
    """One report as the text of its output file or stdout block."""
    return render(report, fmt) + "\n"


def _emit(report: SituationReport, fmt: str) -> None:
    """Print one report on stdout at once, so a pipe sees each as it is done."""
    sys.stdout.write(_render(report, fmt))
    sys.stdout.flush()


class _InOrder:
    """Prints reports on stdout in input order, each as soon as those before it are done."""

    def __init__(self, fmt: str, positions: list[int]) -> None:
        self.fmt = fmt
        self.order = sorted(positions)
        self.next = 0
        self.ready: dict[int, SituationReport | None] = {}

    def add(self, position: int, report: SituationReport | None) -> None:
        self.ready[position] = report
        while self.next < len(self.order) and self.order[self.next] in self.ready:
            finished = self.ready.pop(self.order[self.next])
            self.next += 1
            if finished is not None:
                _emit(finished, self.fmt)


class _Progress:
    """One line per finished input on stderr: ``[2/5] name: ok, 14/16 items grounded, 61 s``."""

    def __init__(self, total: int, *, quiet: bool) -> None:
        self.total = total
        self.done = 0
        self.quiet = quiet
        self.started = time.perf_counter()
        self.status: Callable[[], str] | None = None  # the engine's own line, appended

    def __call__(self, result: Result) -> None:
        self.done += 1
        if result.report is None:
            message = str(result.error)
            error(
                PROG,
                message if message.startswith(result.source) else f"{result.source}: {message}",
            )
            return
        if self.quiet:
            return
        g = result.report.grounding
        line = (
            f"[{self.done}/{self.total}] {result.source}: ok, {g.grounded}/{g.items} items "
            f"grounded, {result.report.provenance.latency_s:.0f} s"
        )
        if self.status is not None:
            line += f" | {self.status()}"
        print(line, file=sys.stderr)
