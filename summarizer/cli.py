"""The ``summarize`` command: a thin shell over the public API.

    summarize PATH... | -        a report per input (directories are expanded)
    summarize schema             the report's JSON Schema
    summarize serve [--port N]   serve the local model over llama-cpp-python's OpenAI API
    summarize eval ...           score a model against a gold dataset (see ``summarize eval -h``)
    summarize merge ...          one situation picture from many reports or articles

Exit status: 0 when every input succeeded, 1 when any failed (the others are still written),
2 for usage and configuration errors. Errors are one line on stderr.
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

from . import __version__
from .api import Result, Summarizer, make_backend
from .config import (
    DEFAULT_CONTEXT,
    ENV_API_KEY,
    ENV_BASE_URL,
    ENV_MODEL,
    ENV_MODEL_PATH,
    resolve_settings,
)
from .errors import ConfigurationError, SummarizerError
from .output import write_atomic
from .render import to_markdown
from .report import SituationReport
from .schema_export import report_schema
from .sources import Article, expand_paths, from_bytes, from_path

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
        "Other commands: 'summarize schema', 'summarize serve', 'summarize eval', 'summarize merge'.",
    )
    parser.add_argument(
        "inputs", nargs="+", metavar="PATH", help="files, directories, or - for stdin"
    )
    parser.add_argument(
        "--format", choices=("json", "markdown"), help="default: markdown on a terminal, else json"
    )
    parser.add_argument(
        "-o", "--output", type=Path, metavar="DIR", help="write one file per input into DIR"
    )
    parser.add_argument("--model", help=f"model name (env {ENV_MODEL})")
    parser.add_argument("--base-url", help=f"OpenAI-compatible endpoint (env {ENV_BASE_URL})")
    parser.add_argument("--api-key", help=f"API key (env {ENV_API_KEY})")
    parser.add_argument(
        "--model-path", help=f"a GGUF file for the local model (env {ENV_MODEL_PATH})"
    )
    parser.add_argument(
        "--structured",
        choices=("json_schema", "grammar"),
        help="how the schema reaches the endpoint",
    )
    parser.add_argument("--max-tokens", type=int, default=None, help="completion budget per call")
    parser.add_argument("--concurrency", type=int, default=1, help="inputs in flight at once")
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
    args = parser.parse_args(argv)
    try:
        from .backends.modelfile import ensure_model

        path = Path(args.model_path) if args.model_path else ensure_model(progress=_ModelProgress())
    except ConfigurationError as err:
        return _usage(str(err))
    command = [
        sys.executable,
        "-m",
        "llama_cpp.server",
        "--model",
        str(path),
        "--host",
        args.host,
        "--port",
        str(args.port),
        "--n_ctx",
        str(args.context),
        "--model_alias",
        path.stem,
    ]
    print(f"serving {path.stem} at http://{args.host}:{args.port}/v1", file=sys.stderr)
    os.execv(sys.executable, command)
    return 0  # pragma: no cover - execv does not return


def _summarize(argv: list[str]) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    if args.concurrency < 1:
        return _usage("--concurrency must be at least 1")
    fmt = args.format or ("markdown" if sys.stdout.isatty() and not args.output else "json")
    options = {"max_tokens": args.max_tokens} if args.max_tokens else {}
    try:
        settings = resolve_settings(
            model=args.model,
            base_url=args.base_url,
            api_key=args.api_key,
            model_path=args.model_path,
            structured=args.structured,
            **options,
        )
    except ConfigurationError as err:
        return _usage(str(err))

    articles, failures = _read_inputs(args.inputs)
    if articles:
        try:
            backend = make_backend(settings, progress=_ModelProgress())
        except ConfigurationError as err:
            return _usage(str(err))
        summarizer = Summarizer(settings, backend=backend)
        progress = _Progress(len(articles), quiet=len(articles) == 1 and not args.verbose)
        results = summarizer.summarize_many(
            articles, concurrency=args.concurrency, on_result=progress
        )
        for result in results:
            if result.report is None:
                failures += 1
            else:
                _emit(result.report, fmt, args.output)
    return 1 if failures else 0


def _read_inputs(inputs: list[str]) -> tuple[list[Article], int]:
    """Every readable input; unreadable ones are reported and counted, never fatal."""
    articles: list[Article] = []
    failures = 0
    for raw in inputs:
        try:
            if raw == "-":
                articles.append(from_bytes(sys.stdin.buffer.read(), name="<stdin>"))
                continue
            path = Path(raw)
            if not path.exists():
                raise SummarizerError(f"{raw}: no such file or directory")
            files = expand_paths([path])
            if path.is_dir() and not files:
                raise SummarizerError(f"{raw}: directory holds no .txt, .md or .html files")
            for file in files:
                try:
                    articles.append(from_path(file))
                except SummarizerError as err:
                    failures += 1
                    _error(str(err))
        except SummarizerError as err:
            failures += 1
            _error(str(err))
    return articles, failures


def _emit(report: SituationReport, fmt: str, out_dir: Path | None) -> None:
    text = to_markdown(report) if fmt == "markdown" else report.model_dump_json(indent=2)
    if out_dir is None:
        sys.stdout.write(text + "\n")
        sys.stdout.flush()
        return
    name = Path(report.document.name).stem if report.document.name != "<stdin>" else "stdin"
    write_atomic(out_dir / f"{name}.{'md' if fmt == 'markdown' else 'json'}", text + "\n")


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
            _error(str(result.error))
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
