"""The fingerprint of the rules that shape a report: code, word lists, questions, alias sets.

A prompt's version names its template, but a report is also shaped by the program's rules:
the staged pipeline's modules, its lexicon, stage questions and verification data, name folding
and its alias sets, geocoding and its vocabulary, grounding and chunk merging. ``rules_hash``
hashes the bytes of every one of those files, so editing any of them changes every report key
(``results``) and every eval cache key: a cached report or eval score can only describe the
rules that exist.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from .config import STAGED_PROMPT, Settings, Strategy
from .prompts import load_prompt
from .resources import data_dir

PACKAGE = Path(__file__).resolve().parent

# Modules and folders of the package whose code decides what a report says, per strategy.
SHARED_CODE = ("names", "geo", "grounding.py", "alignment.py", "chunking.py")
STRATEGY_CODE: dict[Strategy, tuple[str, ...]] = {
    "staged": ("staged",),
    "single": ("pipeline.py",),
}
# Data files in ``prompts/`` beside the prompt template itself.
SHARED_DATA = ("aliases.v1.json", "geo.v1.json", "quote_fix.v1.txt")
STAGED_DATA = ("lexicon", "stage_tasks", "verify")
"""The staged pipeline's own data: ``<name>.<version>.json``, at the staged prompt's version."""


def rule_files(
    strategy: Strategy,
    prompt_name: str,
    prompt_version: str | None = None,
    *,
    package: Path = PACKAGE,
    prompts: Path | None = None,
) -> list[Path]:
    """Every file whose bytes shape a report made by ``strategy`` with that prompt, sorted."""
    prompts = prompts or data_dir("prompts")
    version = load_prompt(prompt_name, prompt_version).version
    code = [*SHARED_CODE, *STRATEGY_CODE[strategy]]
    files = [f for part in code for f in _python(package / part)]
    data = [prompts / f"{prompt_name}.{version}.txt", *(prompts / n for n in SHARED_DATA)]
    if strategy == "staged":
        staged = load_prompt(STAGED_PROMPT, prompt_version).version
        data += [prompts / f"{name}.{staged}.json" for name in STAGED_DATA]
    return sorted(files) + data


def fingerprint(files: Iterable[Path]) -> str:
    """A short hash of the files' names (with their folder's) and bytes, in the order given."""
    digest = hashlib.sha256()
    for path in files:
        name = "/".join(path.parts[-2:])
        digest.update(name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


@cache
def rules_hash(strategy: Strategy, prompt_name: str, prompt_version: str | None = None) -> str:
    """The fingerprint of the installed rules for one strategy and prompt (computed once)."""
    return fingerprint(rule_files(strategy, prompt_name, prompt_version))


def _python(path: Path) -> list[Path]:
    return sorted(path.rglob("*.py")) if path.is_dir() else [path]


def settings_rules(settings: Settings) -> str:
    """The rules' fingerprint for a run with ``settings``."""
    return rules_hash(settings.strategy, settings.prompt_name, settings.prompt_version)
