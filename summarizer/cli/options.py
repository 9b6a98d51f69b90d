"""Command-line options the commands share: the model options and the settings they make,
and the inputs, format and output of the report and merge commands."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from ..config import (
    ENV_API_KEY,
    ENV_BASE_URL,
    ENV_EXTRA_BUFFERS,
    ENV_MODEL,
    ENV_MODEL_PATH,
    ENV_STRATEGY,
    EXTRA_BUFFER_CHOICES,
    STRATEGY_CHOICES,
    Settings,
    resolve_settings,
)
from ..views import FORMATS


def add_model_options(parser: argparse.ArgumentParser) -> None:
    """``--model --base-url --api-key --model-path --structured``, with their environment names."""
    parser.add_argument("--model", help=f"model name (env {ENV_MODEL})")
    parser.add_argument("--base-url", help=f"OpenAI-compatible endpoint (env {ENV_BASE_URL})")
    parser.add_argument("--api-key", help=f"API key (env {ENV_API_KEY})")
    parser.add_argument(
        "--model-path", help=f"a GGUF file for the local model (env {ENV_MODEL_PATH})"
    )
    parser.add_argument(
        "--structured",
        choices=("json_schema", "grammar"),
        help="how the schema reaches the endpoint (grammar for llama.cpp servers)",
    )
    parser.add_argument(
        "--strategy",
        choices=STRATEGY_CHOICES,
        help=f"staged (small decisions; local default) or single (one call) (env {ENV_STRATEGY})",
    )
    parser.add_argument(
        "--extra-buffers",
        choices=EXTRA_BUFFER_CHOICES,
        help=f"local model: llama.cpp's repacked and AMX kernels (env {ENV_EXTRA_BUFFERS})",
    )


def model_options(args: argparse.Namespace) -> dict[str, Any]:
    """The parsed model options as :func:`resolve_settings` keywords."""
    return {
        "model": args.model,
        "base_url": args.base_url,
        "api_key": args.api_key,
        "model_path": args.model_path,
        "structured": args.structured,
        "extra_buffers": args.extra_buffers,
        "strategy": args.strategy,
    }


def settings_from(args: argparse.Namespace, **options: Any) -> Settings:
    """Settings from the parsed model options plus any others."""
    return resolve_settings(**model_options(args), **options)


def add_io_options(
    parser: argparse.ArgumentParser,
    *,
    inputs: tuple[str, str],
    output: tuple[str, str],
    format_help: str,
) -> None:
    """The inputs, ``--format`` (any view's format) and ``-o``, each as (metavar, help)."""
    parser.add_argument("inputs", nargs="+", metavar=inputs[0], help=inputs[1])
    parser.add_argument("--format", choices=FORMATS, help=format_help)
    parser.add_argument("-o", "--output", type=Path, metavar=output[0], help=output[1])
    parser.add_argument("-v", "--verbose", action="store_true", help="log each step to stderr")
