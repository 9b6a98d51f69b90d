"""What every backend shares: instructor's validation loop over one raw chat-completion call.

Two retry layers, kept apart on purpose:

* transport (429 with Retry-After, 5xx, timeouts, resets) is the OpenAI SDK's own
  ``max_retries``, exponential backoff with jitter; instructor 1.17 re-raises API errors at once
  and never retries them;
* validation re-asks are instructor's ``max_retries``: the validation error goes back to the
  model, which answers again.

A backend only implements :meth:`Backend._complete`, one raw call; this class adapts the
structured-output request to the endpoint's dialect and maps failures onto the error tree. A
reply with no choices, or a body that is not a chat completion, is an endpoint failure raised
from the call itself, so instructor never spends a validation re-ask (a paid call) on it.
"""

from __future__ import annotations

import logging
import math
import weakref
from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass
from json import JSONDecodeError
from typing import Any, Generic, TypeVar

import instructor
from instructor.core.exceptions import IncompleteOutputException, InstructorRetryException
from instructor.core.hooks import Hooks
from openai.types.chat import ChatCompletion
from pydantic import BaseModel, ValidationError

from ..config import Settings
from ..errors import BackendError, OutputError, SummarizerError
from ..schema.report import Usage

log = logging.getLogger(__name__)
T = TypeVar("T", bound=BaseModel)


@dataclass(frozen=True)
class Extraction(Generic[T]):
    """A validated object and what it cost."""

    value: T
    usage: Usage
    attempts: int


class Backend(ABC):
    """Turns chat messages into a validated Pydantic object."""

    kind: str = "backend"
    last_prompt_reuse: tuple[int, int] | None = None
    """(prompt tokens served from the key/value cache, prompt tokens) of the last call, where
    the backend can tell (the local model); ``None`` elsewhere."""
    last_usage: Usage | None = None
    """Tokens of the last probability call (``option_probabilities``), where known."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        # instructor keeps the create function; a bound method would make backend -> instructor
        # -> backend a cycle, leaving the client and its open sockets to the cyclic collector.
        backend = weakref.ref(self)

        def create(**request: Any) -> ChatCompletion:
            alive = backend()
            if alive is None:
                raise ReferenceError("the backend was closed")
            return alive._create(**request)

        self._instructor = instructor.Instructor(
            client=None,
            create=instructor.patch(create=create, mode=instructor.Mode.JSON_SCHEMA),
            mode=instructor.Mode.JSON_SCHEMA,
        )

    @property
    def model(self) -> str:
        return self.settings.model

    @property
    def where(self) -> str:
        """The endpoint as error messages name it."""
        return f"the {self.kind} model"

    @abstractmethod
    def _complete(self, **request: Any) -> ChatCompletion:
        """One raw chat-completion call."""

    def _next_tokens(self, messages: list[dict[str, str]]) -> dict[str, float] | None:
        """The most likely first tokens of the reply (text -> log-probability), from one
        forward pass with nothing sampled; ``None`` where the endpoint gives no logprobs."""
        return None

    def option_probabilities(
        self, messages: list[dict[str, str]], options: Sequence[str]
    ) -> dict[str, float] | None:
        """How likely the reply starts with each of ``options`` (their probabilities summed over
        casings and leading spaces, then renormalised over the options), or ``None`` where the
        endpoint gives no logprobs or the options together take almost none of the mass."""
        self.last_usage = None
        top = self._next_tokens(messages)
        if top is None:
            return None
        return option_mass(top, options)

    def _map_error(self, error: Exception) -> BackendError | None:
        """A backend-specific error for a failed call, or ``None`` to use the generic one."""
        return None

    def _create(self, **request: Any) -> ChatCompletion:
        response_format = request.get("response_format") or {}
        if self.settings.structured == "grammar" and response_format.get("type") == "json_schema":
            schema = response_format["json_schema"]["schema"]
            request["response_format"] = {"type": "json_object", "schema": schema}
        completion = self._complete(**request)
        if not completion.choices:
            raise BackendError(
                f"{self.where} returned a completion with no choices; "
                "the endpoint dropped or filtered the answer",
                endpoint=self.where,
            )
        return completion

    def _truncated(self, attempts: int) -> OutputError:
        """Truncation is never re-asked: the same budget would cut the same answer again."""
        return OutputError(
            f"the model's output was cut off at max_tokens={self.settings.max_tokens}; "
            "raise --max-tokens",
            endpoint=self.where,
            attempts=attempts,
        )

    def extract(self, messages: list[dict[str, str]], response_model: type[T]) -> Extraction[T]:
        """Ask until ``response_model`` validates or the re-ask budget is spent."""
        calls: list[ChatCompletion] = []
        hooks = Hooks()
        hooks.on("completion:response", calls.append)
        try:
            value, _ = self._instructor.create_with_completion(
                response_model=response_model,
                messages=messages,  # type: ignore[arg-type]
                max_retries=self.settings.max_retries,
                hooks=hooks,
                model=self.model,
                temperature=self.settings.temperature,
                seed=self.settings.seed,
                max_tokens=self.settings.max_tokens,
            )
        except IncompleteOutputException as err:
            raise self._truncated(len(calls)) from err
        except InstructorRetryException as err:
            cause = err.__cause__
            if isinstance(cause, SummarizerError):
                raise cause from cause.__cause__
            if isinstance(cause, IncompleteOutputException):
                raise self._truncated(len(calls)) from err
            if isinstance(cause, Exception) and not _is_validation(cause):
                mapped = self._map_error(cause) or BackendError(
                    f"the model call failed: {type(cause).__name__}: {cause}",
                    endpoint=self.where,
                )
                raise mapped from err
            raise OutputError(
                f"no valid {response_model.__name__} after {err.n_attempts} attempts: "
                f"{_why_invalid(cause or err)}",
                endpoint=self.where,
                attempts=err.n_attempts,
            ) from err
        return Extraction(value=value, usage=_usage(calls), attempts=max(1, len(calls)))


TOP_LOGPROBS = 20
"""How many of the likeliest first tokens a probability call reads (OpenAI's maximum)."""
MIN_OPTION_MASS = 0.05
"""Below this share of the probability the options are not what the model meant to say."""


def option_mass(top: dict[str, float], options: Sequence[str]) -> dict[str, float] | None:
    """Each option's share of the probability of ``top`` (token text -> log-probability): a
    token counts for an option when, stripped and lower-cased, it begins the option."""
    keys = [o.strip().lower() for o in options]
    if len(set(k[:1] for k in keys)) != len(keys) or not all(keys):
        raise ValueError(f"options must differ in their first letter: {list(options)}")
    mass = dict.fromkeys(options, 0.0)
    for token, logprob in top.items():
        word = token.strip().lower()
        for option, key in zip(options, keys, strict=True):
            if word and key.startswith(word):
                mass[option] += math.exp(logprob)
                break
    total = sum(mass.values())
    if total < MIN_OPTION_MASS:
        return None
    return {option: value / total for option, value in mass.items()}


def _is_validation(error: BaseException) -> bool:
    return isinstance(error, (ValidationError, JSONDecodeError))


def _why_invalid(error: BaseException) -> str:
    """The validation failure in one short line, without pydantic's echo of the input."""
    if isinstance(error, ValidationError):
        parts = []
        for detail in error.errors()[:3]:
            where = ".".join(str(p) for p in detail["loc"])
            message = detail["msg"].removeprefix("Value error, ")
            parts.append(f"{where}: {message}" if where else message)
        more = error.error_count() - len(parts)
        text = "; ".join(parts) + (f" (and {more} more)" if more > 0 else "")
    elif isinstance(error, JSONDecodeError):
        text = f"the reply is not JSON ({error.msg}, character {error.pos})"
    else:
        text = " ".join(str(error).split())
    return " ".join(text.split())[:300]


def _usage(calls: list[ChatCompletion]) -> Usage:
    total = Usage()
    for call in calls:
        if call.usage is not None:
            total = total + Usage(
                prompt_tokens=call.usage.prompt_tokens,
                completion_tokens=call.usage.completion_tokens,
            )
    return total
