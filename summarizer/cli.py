"""The ``summarize`` command: a thin shell over the public API.

    summarize PATH... | -        a report per input (directories are expanded)
    summarize schema             the report's JSON Schema
    summarize serve [--port N]   serve the local model over llama-cpp-python's OpenAI API
    summarize eval ...           score a model against a gold dataset (see ``summarize eval -h``)
    summarize merge ...          one situation picture from many reports or articles

Exit status: 0 when every input succeeded, 1 when any failed (the others are still written),
2 for usage and configuration errors, 130 when interrupted (finished reports are kept; with
``-o DIR`` the same command resumes where it stopped). Errors are one line on stderr.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from . import __version__, batch
from .api import Summarizer, make_backend
from .cliargs import add_model_options, settings_from
from .config import DEFAULT_CONTEXT, ENV_EXTRA_BUFFERS, EXTRA_BUFFER_CHOICES
from .errors import ConfigurationError, InputError, SummarizerError
from .report import SituationReport
from .results import Result
from .schema_export import report_schema
from .sources import Article, expand_paths, from_bytes, from_path
from .views import FORMATS, SUFFIXES, render

SUBCOMMANDS = ("schema", "serve", "eval", "merge")


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point; returns the exit status."""
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        if args and args[0] == "schema":
            return _schema(args[1:])
        if args and args[0] == "serve":
            return _serve(args[1:])
        if args and args[0] == "eval":
            from .evals.cli import main as eval_main

            return eval_main(args[1:])
        if args and args[0] == "merge":
            from .picture.cli import main as merge_main

            return merge_main(args[1:])
        return _summarize(args)
    except KeyboardInterrupt:
        print("summarize: interrupted", file=sys.stderr)
        return 130


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="summarize",
        description="Typed, source-grounded situation reports on conflict articles. "
        "Other commands: 'summarize schema', 'summarize serve', 'summarize eval', "
        "'summarize merge'.",
    )
    parser.add_argument(
        "inputs", nargs="+", metavar="PATH", help="files, directories, or - for stdin"
    )
    parser.add_argument(
        "--format", choices=FORMATS, help="default: markdown on a terminal, else json"
    )
    parser.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar="DIR",
        help="write one file per input into DIR; a rerun skips reports already up to date "
        f"and DIR/{batch.FAILURES_NAME} lists the inputs that failed",
    )
    add_model_options(parser)
    parser.add_argument("--max-tokens", type=int, default=None, help="completion budget per call")
    parser.add_argument("--concurrency", type=int, default=1, help="inputs in flight at once")
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
    parser.add_argument("-v", "--verbose", action="store_true", help="log each step to stderr")
    parser.add_argument("--version", action="version", version=f"summarize {__version__}")
    return parser


def _schema(args: list[str]) -> int:
    if args:
        print(f"summarize schema: takes no arguments, got {' '.join(args)}", file=sys.stderr)
        return 2
    print(json.dumps(report_schema(), indent=2))
    return 0


def _serve(argv: list[str]) -> int:
    """Replace this process with llama-cpp-python's server on the packaged model."""
    parser = argparse.ArgumentParser(prog="summarize serve", description=_serve.__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--model-path", help="a GGUF file instead of the packaged model")
    parser.add_argument("--context", type=int, default=DEFAULT_CONTEXT, help="context tokens")
    parser.add_argument(
        "--extra-buffers",
        choices=EXTRA_BUFFER_CHOICES,
        default=os.environ.get(ENV_EXTRA_BUFFERS) or "auto",
        help="llama.cpp's repacked and AMX kernels; auto probes once per build and CPU",
    )
    args = parser.parse_args(argv)
    try:
        from .backends.modelfile import ensure_model

        path = Path(args.model_path) if args.model_path else ensure_model(progress=_ModelProgress())
    except ConfigurationError as err:
        return _usage(str(err))
    command = [
        sys.executable,
        "-m",
        "summarizer.backends.serve",
        str(path),
        "--host",
        args.host,
        "--port",
        str(args.port),
        "--context",
        str(args.context),
        "--alias",
        path.stem,
        "--extra-buffers",
        args.extra_buffers,
    ]
    print(f"serving {path.stem} at http://{args.host}:{args.port}/v1", file=sys.stderr)
    os.execv(sys.executable, command)
    return 0  # pragma: no cover - execv does not return


def _summarize(argv: list[str]) -> int:
    """Summarize every input, resuming into ``-o DIR`` when given; the exit status."""
    args = build_parser().parse_args(argv)
    _configure_logging(args.verbose)
    if args.concurrency < 1:
        return _usage("--concurrency must be at least 1")
    if args.timeout is not None and args.timeout <= 0:
        return _usage("--timeout must be positive")
    if args.retries is not None and args.retries < 0:
        return _usage("--retries must be 0 or more")
    if args.chunk_chars is not None and args.chunk_chars < 1000:
        return _usage("--chunk-chars must be at least 1000")
    fmt = args.format or ("markdown" if sys.stdout.isatty() and not args.output else "json")
    options: dict[str, Any] = {"max_tokens": args.max_tokens} if args.max_tokens else {}
    if args.timeout is not None:
        options["timeout_s"] = args.timeout
    if args.chunk_chars is not None:
        options["chunk_chars"] = args.chunk_chars
    if args.retries is not None:
        options["transport_retries"] = args.retries
    try:
        settings = settings_from(args, **options)
    except ConfigurationError as err:
        return _usage(str(err))

    articles, unreadable = _read_inputs(args.inputs)
    out = batch.OutputDir(args.output, secrets=[settings.api_key]) if args.output else None
    for source, error in unreadable:
        if out is not None:
            out.fail(source, error)
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
            try:
                backend = make_backend(settings, progress=_ModelProgress())
            except ConfigurationError as err:
                return _usage(str(err))
            summarizer = Summarizer(settings, backend=backend)
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
                    if out is not None and result.error is not None:
                        out.fail(job.article.name, result.error)
                elif out is not None:
                    out.save(job, _render(result.report, fmt))
                if out is None:
                    in_order.add(job.position, result.report)

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


def _draining(in_flight: int) -> None:
    """Tell the user a first interrupt is finishing the calls already paid for."""
    print(
        f"summarize: interrupted; saving {in_flight} report(s) in flight "
        "(interrupt again to abandon them)",
        file=sys.stderr,
    )


def _configure_logging(verbose: bool) -> None:
    """Warnings (or every step with -v) on stderr; instructor's retry chatter only with -v."""
    had_handlers = bool(logging.root.handlers)
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    if not had_handlers and not verbose:
        # instructor logs every failed call at ERROR; the CLI reports each failure once itself.
        for handler in logging.root.handlers:
            handler.addFilter(lambda record: not record.name.startswith("instructor"))


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
                    _error(str(err))
        except SummarizerError as err:
            failures.append((raw, err))
            _error(str(err))
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


def _usage(message: str) -> int:
    _error(message)
    return 2


def _error(message: str) -> None:
    print(f"summarize: error: {' '.join(message.split())}", file=sys.stderr)


class _Progress:
    """One line per finished input on stderr: ``[2/5] name: ok, 14/16 items grounded, 61 s``."""

    def __init__(self, total: int, *, quiet: bool) -> None:
        self.total = total
        self.done = 0
        self.quiet = quiet
        self.started = time.perf_counter()

    def __call__(self, result: Result) -> None:
        self.done += 1
        if result.report is None:
            message = str(result.error)
            _error(message if message.startswith(result.source) else f"{result.source}: {message}")
            return
        if self.quiet:
            return
        g = result.report.grounding
        print(
            f"[{self.done}/{self.total}] {result.source}: ok, {g.grounded}/{g.items} items "
            f"grounded, {result.report.provenance.latency_s:.0f} s",
            file=sys.stderr,
        )


class _ModelProgress:
    """Shows the one-time assembly of the local model file, every tenth."""

    def __init__(self) -> None:
        self.shown = -1

    def __call__(self, done: int, total: int) -> None:
        tenth = done * 10 // total
        if tenth != self.shown:
            self.shown = tenth
            print(
                f"preparing the local model (first run only): {tenth * 10}% of "
                f"{total / 1e9:.1f} GB",
                file=sys.stderr,
            )


if __name__ == "__main__":
    sys.exit(main())

__all__ = ["build_parser", "main"]
