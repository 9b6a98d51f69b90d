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
from ..config import STAGED_PROMPT
from ..errors import OutputError, PromptError
from ..prompts import as_data, load_prompt
from ..resources import data_dir
from ..schema.report import Usage
from .lexicon import pipeline_version
from .text import Sentence

log = logging.getLogger(__name__)


@dataclass
class StageLog:
    """What one stage cost over its calls: tokens, the prompt share served from the cache."""

    stage: str
    calls: int = 0
    answered: int = 0
    prompt_tokens: int = 0
    reused_tokens: int | None = None
    completion_tokens: int = 0
    seconds: float = 0.0

    def add(self, usage: Usage, reused: int | None, seconds: float, *, answered: bool) -> None:
        self.calls += 1
        self.answered += int(answered)
        self.prompt_tokens += usage.prompt_tokens
        self.completion_tokens += usage.completion_tokens
        self.seconds += seconds
        if reused is not None:
            self.reused_tokens = (self.reused_tokens or 0) + reused


@dataclass
class Asker:
    """Asks the stages' questions about one article through one backend.

    Each question is one small call: the shared article prefix, then the stage's fixed
    instructions, then the one item. Consecutive calls of a stage therefore share everything
    but the item, and the answer is a single choice: no long list for a small model to
    lose its place in.
    """

    backend: Backend
    sentences: list[Sentence]
    prompt_version: str | None = None
    usage: Usage = field(default_factory=Usage)
    attempts: int = 0
    logs: dict[str, StageLog] = field(default_factory=dict)

    def article(self) -> str:
        """The article as every stage shows it: one ``[Sn]`` sentence per line."""
        lines = (f"[{s.label}] {' '.join(s.text.split())}" for s in self.sentences)
        return as_data("\n".join(lines))

    def ask(self, stage: str, item: str, fields: dict[str, Any]) -> dict[str, Any] | None:
        """The model's answer about ``item`` (``fields``: name -> type), or ``None``."""
        task = Template(stage_tasks(self.prompt_version)[stage]).substitute(item=item)
        messages = load_prompt(STAGED_PROMPT, self.prompt_version).render(
            article=self.article(), task=task
        )
        model = answer_model(stage, fields)
        started = time.perf_counter()
        entry = self.logs.setdefault(stage, StageLog(stage))
        try:
            extraction = self.backend.extract(messages, model)
        except OutputError as err:
            log.warning("stage %s gave nothing usable for %s: %s", stage, item[:60], err)
            entry.add(Usage(), None, time.perf_counter() - started, answered=False)
            return None
        self.usage = self.usage + extraction.usage
        self.attempts += extraction.attempts
        reuse = self.backend.last_prompt_reuse
        entry.add(
            extraction.usage,
            reuse[0] if reuse else None,
            time.perf_counter() - started,
            answered=True,
        )
        answer: dict[str, Any] = extraction.value.model_dump()
        log.debug("stage %s: %s -> %s", stage, item[:80], answer)
        return answer

    def probability(
        self, stage: str, question: str, item: str, options: tuple[str, str]
    ) -> float | None:
        """How likely the model answers ``options[0]`` (not ``options[1]``) to ``question``
        about ``item``, read from its first reply token; ``None`` without logprobs."""
        task = Template(question).substitute(item=item)
        messages = load_prompt(STAGED_PROMPT, self.prompt_version).render(
            article=self.article(), task=task
        )
        started = time.perf_counter()
        entry = self.logs.setdefault(stage, StageLog(stage))
        shares = self.backend.option_probabilities(messages, options)
        reuse = self.backend.last_prompt_reuse
        usage = self.backend.last_usage or Usage()
        self.usage = self.usage + usage
        entry.add(
            usage,
            reuse[0] if reuse else None,
            time.perf_counter() - started,
            answered=shares is not None,
        )
        self.attempts += 1
        if shares is None:
            log.debug("stage %s: no probabilities for %s", stage, item[:60])
            return None
        return shares[options[0]]

    def choose(self, stage: str, item: str, options: list[str]) -> str | None:
        """One choice among ``options`` about ``item``, or ``None``."""
        answer = self.ask(stage, item, {"answer": choice(options)})
        return None if answer is None else str(answer["answer"])

    def report(self) -> None:
        """Log each stage's totals: calls, tokens, cache reuse, seconds."""
        for entry in self.logs.values():
            log.info(
                "stage %s: %d calls, %d prompt tokens (%s from cache), %d generated, %.1f s",
                entry.stage,
                entry.calls,
                entry.prompt_tokens,
                "?" if entry.reused_tokens is None else entry.reused_tokens,
                entry.completion_tokens,
                entry.seconds,
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
def stage_tasks(version: str | None = None) -> dict[str, str]:
    """The stages' questions, from ``prompts/stage_tasks.<version>.json`` (the staged
    prompt's version; default its newest)."""
    path = data_dir("prompts") / f"stage_tasks.{pipeline_version(version)}.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise PromptError(f"{path}: cannot read the stage questions ({err})") from err
    return {k: v for k, v in data.items() if k not in ("version", "about")}
