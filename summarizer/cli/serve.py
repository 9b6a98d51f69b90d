"""``summarize serve`` and ``summarize schema``: the packaged model over HTTP, the report schema.

``serve`` replaces this process with llama-cpp-python's OpenAI-compatible server (the
``[server]`` extra) on the packaged model, loaded behind the CPU guard
(``backends/serve.py``); ``schema`` prints the report's JSON Schema.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from ..backends.modelfile import ensure_model
from ..config import DEFAULT_CONTEXT, ENV_EXTRA_BUFFERS, EXTRA_BUFFER_CHOICES
from ..extras import require
from ..schema_export import report_schema
from .console import ModelProgress, Parser, run, usage


def schema(argv: Sequence[str]) -> int:
    """Print the report's JSON Schema (``summarize schema``); the exit status."""
    if argv:
        return usage("summarize schema", f"takes no arguments, got {' '.join(argv)}")
    print(json.dumps(report_schema(), indent=2))
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The ``summarize serve`` arguments."""
    parser = Parser(
        prog="summarize serve",
        description="Serve the packaged model over llama-cpp-python's OpenAI-compatible API.",
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--model-path", help="a GGUF file instead of the packaged model")
    parser.add_argument("--context", type=int, default=DEFAULT_CONTEXT, help="context tokens")
    parser.add_argument(
        "--logprobs",
        action="store_true",
        help="keep every token's logits so replies can carry logprobs (item confidence over "
        "HTTP needs them); costs about 0.6 MB per context token",
    )
    parser.add_argument(
        "--extra-buffers",
        choices=EXTRA_BUFFER_CHOICES,
        default=os.environ.get(ENV_EXTRA_BUFFERS) or "auto",
        help="llama.cpp's repacked and AMX kernels; auto probes once per build and CPU",
    )
    return parser


def main(argv: Sequence[str]) -> int:
    """Run ``summarize serve``; returns the exit status (when the server could not start)."""
    return run(build_parser(), argv, _serve)


def _serve(args: argparse.Namespace) -> int:
    """Replace this process with llama-cpp-python's server on the packaged model."""
    require("server", "summarize serve")
    path = Path(args.model_path) if args.model_path else ensure_model(progress=ModelProgress())
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
        *(["--logprobs"] if args.logprobs else []),
    ]
    print(f"serving {path.stem} at http://{args.host}:{args.port}/v1", file=sys.stderr)
    os.execv(sys.executable, command)
    return 0  # pragma: no cover - execv does not return
