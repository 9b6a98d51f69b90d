"""One stage's question to the model, after the shared article prefix.

Every stage sends the same system prompt and the same numbered article first, then its own
question; llama.cpp keeps the longest common prefix of the previous prompt in its key/value
cache, so the article is evaluated once per article, not once per stage. Each answer is a
small JSON object whose keys and allowed values the program fixes (an enum per key), so the
grammar stays tiny and every value maps back to something the program already grounded.
"""

from __future__ import annotations

import json
import logging
import time
from dataclasses import dataclass, field
from functools import cache
from string import Template
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, create_model

from ..backends.base import Backend
from ..errors import OutputError, PromptError
from ..prompts import load_prompt
from ..report import Usage
from ..resources import data_dir
from .text import Sentence

log = logging.getLogger(__name__)
PROMPT = "staged"
TASKS_VERSION = "v1"


@dataclass(frozen=True)
class StageLog:
    """What one stage cost: tokens, the share of the prompt served from the cache, seconds."""

    stage: str
    prompt_tokens: int
    reused_tokens: int | None
    completion_tokens: int
    seconds: float
    answered: bool


@dataclass
class Asker:
    """Asks the stages' questions about one article through one backend."""

    backend: Backend
    sentences: list[Sentence]
    prompt_version: str | None = None
    usage: Usage = field(default_factory=Usage)
    attempts: int = 0
    logs: list[StageLog] = field(default_factory=list)

    @property
    def prompt_ident(self) -> str:
        """``staged@v1``, recorded in provenance."""
        return load_prompt(PROMPT, self.prompt_version).ident

    def article(self) -> str:
        """The article as every stage shows it: one ``[Sn]`` sentence per line."""
        lines = (f"[{s.label}] {' '.join(s.text.split())}" for s in self.sentences)
        return "\n".join(lines).replace("</article", "<\\/article")

    def ask(self, stage: str, items: str, fields: dict[str, Any]) -> dict[str, Any] | None:
        """The model's answer for ``fields`` (name -> type), or ``None`` when none validated."""
        if not fields:
            return None
        task = Template(stage_tasks()[stage]).substitute(items=items)
        messages = load_prompt(PROMPT, self.prompt_version).render(
            article=self.article(), task=task
        )
        model = answer_model(stage, fields)
        started = time.perf_counter()
        try:
            extraction = self.backend.extract(messages, model)
        except OutputError as err:
            log.warning("stage %s gave nothing usable: %s", stage, err)
            self._log(stage, Usage(), time.perf_counter() - started, answered=False)
            return None
        self.usage = self.usage + extraction.usage
        self.attempts += extraction.attempts
        self._log(stage, extraction.usage, time.perf_counter() - started, answered=True)
        return extraction.value.model_dump()

    def _log(self, stage: str, usage: Usage, seconds: float, *, answered: bool) -> None:
        reuse = self.backend.last_prompt_reuse
        reused = reuse[0] if reuse else None
        entry = StageLog(
            stage, usage.prompt_tokens, reused, usage.completion_tokens, seconds, answered
        )
        self.logs.append(entry)
        log.info(
            "stage %s: %d prompt tokens (%s from cache), %d generated, %.1f s",
            stage,
            entry.prompt_tokens,
            "?" if reused is None else reused,
            entry.completion_tokens,
            seconds,
        )


def choice(values: list[str]) -> Any:
    """A type that accepts exactly ``values`` (a JSON-schema enum)."""
    return Literal[tuple(dict.fromkeys(values))]


def answer_model(stage: str, fields: dict[str, Any]) -> type[BaseModel]:
    """A closed object with one required key per field, in order."""
    config = ConfigDict(extra="forbid")
    definitions: dict[str, Any] = {name: (kind, ...) for name, kind in fields.items()}
    return create_model(f"{stage.title()}Answer", __config__=config, **definitions)


@cache
def stage_tasks() -> dict[str, str]:
    """The stages' questions, from ``prompts/stage_tasks.<version>.json``."""
    path = data_dir("prompts") / f"stage_tasks.{TASKS_VERSION}.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise PromptError(f"{path}: cannot read the stage questions ({err})") from err
    return {k: v for k, v in data.items() if k not in ("version", "about")}
