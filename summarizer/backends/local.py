"""The embedded default: llama-cpp-python in-process, output constrained by the schema's grammar.

The model stays loaded for the backend's life, so llama.cpp reuses the key/value cache of the
prompt prefix (instructions and schema outline) from one article to the next.
"""

from __future__ import annotations

import logging
import math
import os
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from openai.types.chat import ChatCompletion

from ..config import Settings
from ..errors import BackendError, ConfigurationError
from ..schema.report import Usage
from .base import TOP_LOGPROBS, Backend
from .cpuguard import Verdict, decide, load_llama
from .modelfile import Progress, default_cache_dir, ensure_model

if TYPE_CHECKING:
    from llama_cpp import Llama

log = logging.getLogger(__name__)


def default_threads(cpuinfo: Path = Path("/proc/cpuinfo")) -> int:
    """Physical cores this process may run on, at most 8: hyper-threads do not speed llama.cpp.

    The CPUs are those of ``os.sched_getaffinity`` (a container's or taskset's share, not the
    host's); two of them are one core when ``cpuinfo`` gives both the same ``physical id`` and
    ``core id``. Without ``/proc/cpuinfo`` (not Linux) the usable logical CPUs are counted.
    """
    usable = os.sched_getaffinity(0) if hasattr(os, "sched_getaffinity") else set()
    usable = usable or set(range(os.cpu_count() or 1))
    cores: set[tuple[str, str]] = set()
    try:
        blocks = cpuinfo.read_text(encoding="utf-8", errors="replace").split("\n\n")
    except OSError:
        blocks = []
    for block in blocks:
        pairs = (line.partition(":") for line in block.splitlines())
        fields = {key.strip(): value.strip() for key, _, value in pairs}
        processor = fields.get("processor", "")
        if processor.isdigit() and int(processor) in usable and "core id" in fields:
            cores.add((fields.get("physical id", "0"), fields["core id"]))
    return max(1, min(8, len(cores) or len(usable)))


class LocalBackend(Backend):
    """A GGUF model run in this process."""

    kind = "local"

    def __init__(self, settings: Settings, progress: Progress | None = None) -> None:
        super().__init__(settings)
        try:
            import llama_cpp
        except ImportError as err:
            raise ConfigurationError(
                "the local model needs llama-cpp-python: pip install 'summarizer[local]', "
                "or pass --base-url for a remote endpoint"
            ) from err
        self._lib = llama_cpp
        self.model_path: Path = settings.model_path or ensure_model(settings.cache_dir, progress)
        threads = settings.threads or default_threads()
        self.verdict: Verdict = decide(
            settings.extra_buffers,
            model_path=self.model_path,
            cache_dir=settings.cache_dir or default_cache_dir(),
            threads=threads,
        )
        log.info("loading %s (%s)", self.model_path, self.verdict.reason)
        self.llm: Llama = load_llama(
            self.model_path,
            extra_buffers=self.verdict.extra_buffers,
            n_ctx=settings.context_tokens,
            n_threads=threads,
            seed=settings.seed,
            verbose=False,
        )
        self._lock = threading.Lock()

    def count_tokens(self, text: str) -> int:
        """Tokens of ``text`` under this model's tokenizer."""
        return len(self.llm.tokenize(text.encode("utf-8"), add_bos=False, special=True))

    def _complete(self, **request: Any) -> ChatCompletion:
        request.pop("model", None)
        with self._lock:
            self._lib.llama_perf_context_reset(self.llm.ctx)
            completion: ChatCompletion = self.llm.create_chat_completion_openai_v1(
                repeat_penalty=self.settings.repeat_penalty, **request
            )
            evaluated = int(self._lib.llama_perf_context(self.llm.ctx).n_p_eval)
        if completion.usage is not None:
            prompt = completion.usage.prompt_tokens
            self.last_prompt_reuse = (max(0, prompt - evaluated), prompt)
            log.debug("prompt: %d tokens, %d from cache", prompt, prompt - evaluated)
        return completion

    def _next_tokens(self, messages: list[dict[str, str]]) -> dict[str, float] | None:
        """One forward pass after the prompt: the logits the sampler sees for the first reply
        token (the prompt's prefix still comes from the key/value cache)."""
        import numpy as np
        from llama_cpp import LogitsProcessorList

        seen: list[Any] = []

        def capture(_ids: Any, logits: Any) -> Any:
            if not seen:
                seen.append(np.array(logits, dtype=np.float64))
            return logits

        with self._lock:
            self._lib.llama_perf_context_reset(self.llm.ctx)
            reply: Any = self.llm.create_chat_completion(
                messages=messages,  # type: ignore[arg-type]
                max_tokens=1,
                temperature=0.0,
                seed=self.settings.seed,
                logits_processor=LogitsProcessorList([capture]),
            )
            evaluated = int(self._lib.llama_perf_context(self.llm.ctx).n_p_eval)
        prompt = int(reply["usage"]["prompt_tokens"])
        self.last_prompt_reuse = (max(0, prompt - evaluated), prompt)
        self.last_usage = Usage(prompt_tokens=prompt, completion_tokens=0)
        if not seen or len(seen[0]) != self.llm.n_vocab():
            raise BackendError("the local model gave no logits for its reply", endpoint=self.where)
        logits = seen[0]
        top = np.argpartition(logits, -TOP_LOGPROBS)[-TOP_LOGPROBS:]
        peak = float(logits.max())
        norm = peak + math.log(float(np.exp(logits - peak).sum()))
        return {
            self.llm.detokenize([int(i)]).decode("utf-8", errors="replace"): float(logits[i]) - norm
            for i in sorted(top, key=lambda i: -logits[i])
        }
