"""Settings, resolved once at the edge: explicit argument, then environment, then default."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from .errors import ConfigurationError

Structured = Literal["json_schema", "grammar"]
ExtraBuffers = Literal["auto", "on", "off"]
EXTRA_BUFFER_CHOICES: tuple[ExtraBuffers, ...] = ("auto", "on", "off")
Strategy = Literal["single", "staged"]
STRATEGY_CHOICES: tuple[Strategy, ...] = ("single", "staged")

DEFAULT_REMOTE_MODEL = "gpt-4o-mini"
DEFAULT_PROMPT = "report"
STAGED_PROMPT = "staged"
DEFAULT_MAX_TOKENS = 3000
DEFAULT_CONTEXT = 8192
DEFAULT_TIMEOUT_S = 600.0
ENV_MODEL = "SUMMARIZER_MODEL"
ENV_MODEL_PATH = "SUMMARIZER_MODEL_PATH"
ENV_BASE_URL = "OPENAI_BASE_URL"
ENV_API_KEY = "OPENAI_API_KEY"
ENV_STRUCTURED = "SUMMARIZER_STRUCTURED"
ENV_EXTRA_BUFFERS = "SUMMARIZER_EXTRA_BUFFERS"
ENV_STRATEGY = "SUMMARIZER_STRATEGY"
# Chosen per endpoint by measurement (README, "Quality"): the staged pipeline on the embedded
# model; one call elsewhere, where no measurement here says the stages are better.
DEFAULT_STRATEGY: dict[bool, Strategy] = {True: "staged", False: "single"}
# The staged pipeline's answers repeat names and enum values by design: no repeat penalty.
DEFAULT_REPEAT_PENALTY: dict[Strategy, float] = {"single": 1.1, "staged": 1.0}


@dataclass(frozen=True)
class Settings:
    """Everything a run needs; build it with :func:`resolve_settings`.

    ``structured`` picks how the schema reaches the endpoint: ``json_schema`` is OpenAI's
    structured-output form; ``grammar`` is llama.cpp's ``json_object`` with a ``schema``, which
    llama-cpp-python (in-process or its server) compiles to a grammar.
    """

    model: str
    base_url: str | None = None
    api_key: str | None = field(default=None, repr=False)
    model_path: Path | None = None
    structured: Structured = "json_schema"
    prompt: str = DEFAULT_PROMPT
    prompt_version: str | None = None
    temperature: float = 0.0
    repeat_penalty: float = 1.1
    seed: int = 0
    max_tokens: int = DEFAULT_MAX_TOKENS
    max_retries: int = 1
    max_reasks: int = 1
    transport_retries: int = 4
    timeout_s: float = DEFAULT_TIMEOUT_S
    context_tokens: int = DEFAULT_CONTEXT
    threads: int | None = None
    chunk_chars: int | None = None
    cache_dir: Path | None = None
    # Local model only: llama.cpp's extra buffer types (repacked and AMX kernels); "auto" probes
    # once per build and CPU (see backends/cpuguard.py).
    extra_buffers: ExtraBuffers = "auto"
    # "staged": several small model decisions and rules (summarizer/staged/); "single": one call.
    strategy: Strategy = "single"

    @property
    def prompt_name(self) -> str:
        """The prompt the strategy sends: the staged pipeline's shared prefix, or ``prompt``."""
        return STAGED_PROMPT if self.strategy == "staged" else self.prompt

    @property
    def local(self) -> bool:
        """True when the report is made by the in-process model."""
        return self.base_url is None and self.api_key is None

    @property
    def endpoint(self) -> str:
        """``local`` or ``openai-compatible``, as recorded in provenance."""
        return "local" if self.local else "openai-compatible"

    def parameters(self) -> dict[str, Any]:
        """The generation parameters recorded in provenance and in cache keys."""
        return {
            "temperature": self.temperature,
            "repeat_penalty": self.repeat_penalty,
            "seed": self.seed,
            "max_tokens": self.max_tokens,
            "structured": self.structured,
            "strategy": self.strategy,
            "context_tokens": self.context_tokens,
            "max_retries": self.max_retries,
            "max_reasks": self.max_reasks,
            "chunk_chars": self.chunk_chars,
        }


def resolve_settings(
    *,
    model: str | None = None,
    base_url: str | None = None,
    api_key: str | None = None,
    model_path: str | Path | None = None,
    structured: str | None = None,
    extra_buffers: str | None = None,
    strategy: str | None = None,
    env: Mapping[str, str] | None = None,
    **options: Any,
) -> Settings:
    """Settings from arguments, then the environment, then defaults."""
    env = os.environ if env is None else env
    base_url = base_url or env.get(ENV_BASE_URL) or None
    api_key = api_key or env.get(ENV_API_KEY) or None
    path_text = model_path or env.get(ENV_MODEL_PATH) or None
    path = Path(path_text).expanduser() if path_text else None
    if path is not None and not path.is_file():
        raise ConfigurationError(f"--model-path {path}: no such file")
    local = base_url is None and api_key is None
    if local and path is not None:
        default_model = path.stem
    elif local:
        from .backends.modelfile import MODEL_NAME

        default_model = MODEL_NAME
    else:
        default_model = DEFAULT_REMOTE_MODEL
    chosen = structured or env.get(ENV_STRUCTURED) or ("grammar" if local else "json_schema")
    if chosen not in ("json_schema", "grammar"):
        raise ConfigurationError(f"--structured {chosen}: use json_schema or grammar")
    buffers = extra_buffers or env.get(ENV_EXTRA_BUFFERS) or "auto"
    if buffers not in EXTRA_BUFFER_CHOICES:
        raise ConfigurationError(f"--extra-buffers {buffers}: use auto, on or off")
    plan = strategy or env.get(ENV_STRATEGY) or DEFAULT_STRATEGY[local]
    if plan not in STRATEGY_CHOICES:
        raise ConfigurationError(f"--strategy {plan}: use single or staged")
    options.setdefault("repeat_penalty", DEFAULT_REPEAT_PENALTY[plan])
    if options.get("max_tokens", 1) < 1 or options.get("context_tokens", DEFAULT_CONTEXT) < 512:
        raise ConfigurationError("--max-tokens must be positive and the context at least 512")
    return Settings(
        model=model or env.get(ENV_MODEL) or default_model,
        base_url=base_url,
        api_key=api_key,
        model_path=path,
        structured=chosen,  # type: ignore[arg-type]
        extra_buffers=buffers,
        strategy=plan,
        **options,
    )
