"""Any OpenAI-compatible endpoint, through the official ``openai`` client.

The SDK owns transport retries (429 honouring Retry-After, 408/409, 5xx, timeouts, resets:
``transport_retries`` of them with exponential backoff and jitter); 400/401/403/404 fail at once.
Every failure maps to a one-line error saying how to fix it, and the key is never part of one.
"""

from __future__ import annotations

import re
import weakref
from json import JSONDecodeError
from typing import Any

import httpx
import openai
from openai.types.chat import ChatCompletion

from ..config import ENV_API_KEY, ENV_BASE_URL, Settings
from ..errors import AuthenticationError, BackendError
from ..schema.report import Usage
from .base import TOP_LOGPROBS, Backend

_PLACEHOLDER_KEY = "not-needed"
# OpenAI's and llama.cpp's wording for a prompt longer than the context window.
_CONTEXT = re.compile(r"context (length|window)|maximum context|exceeds? .*context", re.I)
# llama-cpp-python's server validating response_format: it knows only its own two types.
_REFUSED_FORMAT = re.compile(r"Input should be 'text' or 'json_object'")


class RemoteBackend(Backend):
    """Chat completions over HTTP; the SDK retries transport failures with backoff."""

    kind = "openai-compatible"

    def __init__(self, settings: Settings, client: openai.OpenAI | None = None) -> None:
        super().__init__(settings)
        self.client = client or openai.OpenAI(
            base_url=settings.base_url,
            api_key=settings.api_key or _PLACEHOLDER_KEY,
            max_retries=settings.transport_retries,
            timeout=settings.timeout_s,
            http_client=openai.DefaultHttpxClient(event_hooks={"response": [_refusal_is_final]}),
        )
        # A client of our own is closed with the backend, not whenever the cyclic collector
        # gets to the SDK's internal cycles; a caller's client stays the caller's to close.
        self._closer = weakref.finalize(self, self.client.close if client is None else _keep)

    def close(self) -> None:
        """Close the HTTP connections of the client this backend opened."""
        self._closer()

    def _complete(self, **request: Any) -> ChatCompletion:
        if self.settings.structured == "grammar":
            # llama.cpp servers take sampling options the OpenAI schema lacks.
            request["extra_body"] = {"repeat_penalty": self.settings.repeat_penalty}
        try:
            completion: ChatCompletion | str = self.client.chat.completions.create(**request)
        except JSONDecodeError as err:
            # The SDK parses the body after its retries; a broken one would otherwise reach
            # instructor as a validation error and be re-asked, a second paid call.
            raise BackendError(
                f"{self.where} answered with a body that is not valid JSON "
                f"({err.msg}, character {err.pos}); check that {ENV_BASE_URL} is an "
                "OpenAI-compatible /v1 endpoint",
                endpoint=self.where,
            ) from err
        if not isinstance(completion, ChatCompletion):
            # The SDK hands back the raw text when the reply is not labelled JSON.
            raise BackendError(
                f"{self.where} answered with something other than JSON (an HTML page?); "
                f"check that {ENV_BASE_URL} is an OpenAI-compatible /v1 endpoint",
                endpoint=self.where,
            )
        return completion

    def _next_tokens(self, messages: list[dict[str, str]]) -> dict[str, float] | None:
        """The reply's first token with its top alternatives, where the endpoint returns
        logprobs (OpenAI does; a llama.cpp server started with ``--logprobs`` does)."""
        request: dict[str, Any] = {
            "model": self.model,
            "messages": messages,
            "max_tokens": 1,
            "temperature": 0.0,
            "seed": self.settings.seed,
            "logprobs": True,
            "top_logprobs": TOP_LOGPROBS,
        }
        try:
            completion = self._create(**request)
        except openai.OpenAIError as err:
            raise self._map_error(err) or BackendError(
                f"the model call failed: {type(err).__name__}: {err}", endpoint=self.where
            ) from err
        self.last_prompt_reuse = None
        if completion.usage is not None:
            self.last_usage = Usage(prompt_tokens=completion.usage.prompt_tokens)
        logprobs = completion.choices[0].logprobs
        if logprobs is None or not logprobs.content:
            return None
        first = logprobs.content[0]
        top = {alt.token: alt.logprob for alt in first.top_logprobs}
        top.setdefault(first.token, first.logprob)
        return top

    @property
    def where(self) -> str:
        """The base URL, or the OpenAI API when none is set."""
        return self.settings.base_url or "the OpenAI API"

    def _map_error(self, error: Exception) -> BackendError | None:
        explained = self._explain(error)
        if explained is None:
            return None
        message, retried = explained
        rejected = isinstance(error, openai.AuthenticationError | openai.PermissionDeniedError)
        return (AuthenticationError if rejected else BackendError)(
            message,
            endpoint=self.where,
            attempts=self.settings.transport_retries + 1 if retried else 1,
            status_code=error.status_code if isinstance(error, openai.APIStatusError) else None,
        )

    def _explain(self, error: Exception) -> tuple[str, bool] | None:
        """What failed and how to fix it, and whether the SDK retried it before giving up."""
        where = self.where
        retries = _count(self.settings.transport_retries, "retry", "retries")
        tries = _count(self.settings.transport_retries + 1, "try", "tries")
        if isinstance(error, openai.AuthenticationError | openai.PermissionDeniedError):
            fix = f"set {ENV_API_KEY} or pass --api-key"
            return f"{where} rejected the API key (HTTP {error.status_code}); {fix}", False
        if isinstance(error, openai.APIStatusError) and _refuses_json_schema(error):
            why = f"HTTP {error.status_code}: it is a llama.cpp server"
            fix = "pass --structured grammar"
            return f"{where} does not take the json_schema response format ({why}); {fix}", False
        if isinstance(error, openai.NotFoundError):
            fix = f"check --model and {ENV_BASE_URL}"
            missing = f"no model {self.settings.model!r} or no chat endpoint"
            return f"{where} has {missing} (HTTP 404); {fix}", False
        if isinstance(error, openai.BadRequestError) and _context_exceeded(error):
            why = f"the article does not fit the model's context ({_brief(error)})"
            fix = "split it with --chunk-chars (chunk_chars)"
            return f"{where} refused the request (HTTP 400): {why}; {fix}", False
        if isinstance(error, openai.BadRequestError):
            fix = "for llama.cpp servers try --structured grammar"
            return f"{where} refused the request (HTTP 400): {_brief(error)}; {fix}", False
        if isinstance(error, openai.RateLimitError):
            fix = "lower --concurrency or try again later"
            why = f"(HTTP 429) after {retries}: {_brief(error)}"
            return f"{where} is rate limiting {why}; {fix}", True
        if isinstance(error, openai.APIStatusError):
            why = f"HTTP {error.status_code} after {retries}: {_brief(error)}"
            return f"{where} failed with {why}", True
        if isinstance(error, openai.APITimeoutError):
            fix = "a slow model needs a longer --timeout"
            return f"{where} timed out after {self.settings.timeout_s:g} s ({tries}); {fix}", True
        if isinstance(error, openai.APIConnectionError):
            return f"cannot reach {where} ({tries}): {error.__cause__ or error}", True
        return None


def _keep() -> None:
    """Nothing to close: the caller owns the client."""


def _count(number: int, one: str, many: str) -> str:
    return f"{number} {one if number == 1 else many}"


def _refusal_is_final(response: httpx.Response) -> None:
    """A server that refuses the response format refuses every retry too: tell the SDK so.

    llama.cpp servers answer OpenAI's ``json_schema`` form with HTTP 500, which the SDK would
    otherwise retry as an outage, with backoff, before the error could say which flag to use.
    """
    if response.status_code >= 500 and response.request.method == "POST":
        response.read()
        if _REFUSED_FORMAT.search(response.text):
            response.headers["x-should-retry"] = "false"


def _refuses_json_schema(error: openai.APIStatusError) -> bool:
    """True when a llama.cpp server rejected the ``json_schema`` response format."""
    return bool(_REFUSED_FORMAT.search(_brief(error)) or _REFUSED_FORMAT.search(str(error.body)))


def _context_exceeded(error: openai.BadRequestError) -> bool:
    """True when the endpoint says the prompt is longer than the model's context."""
    return error.code == "context_length_exceeded" or bool(_CONTEXT.search(_brief(error)))


def _brief(error: openai.APIStatusError) -> str:
    body = error.body
    if isinstance(body, dict):
        message = body.get("message") or (body.get("error") or {}).get("message")
        if message:
            return " ".join(str(message).split())[:200]
    return " ".join(str(error.message).split())[:200]
