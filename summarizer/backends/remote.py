"""Any OpenAI-compatible endpoint, through the official ``openai`` client."""

from __future__ import annotations

from typing import Any

import openai
from openai.types.chat import ChatCompletion

from ..config import ENV_API_KEY, ENV_BASE_URL, Settings
from ..errors import AuthenticationError, BackendError
from .base import Backend

_PLACEHOLDER_KEY = "not-needed"


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
        )

    def _complete(self, **request: Any) -> ChatCompletion:
        if self.settings.structured == "grammar":
            # llama.cpp servers take sampling options the OpenAI schema lacks.
            request["extra_body"] = {"repeat_penalty": self.settings.repeat_penalty}
        completion: ChatCompletion = self.client.chat.completions.create(**request)
        return completion

    def _map_error(self, error: Exception) -> BackendError | None:
        where = self.settings.base_url or "the OpenAI API"
        if isinstance(error, openai.AuthenticationError | openai.PermissionDeniedError):
            return AuthenticationError(
                f"{where} rejected the API key (HTTP {error.status_code}); "
                f"set {ENV_API_KEY} or pass --api-key"
            )
        if isinstance(error, openai.NotFoundError):
            return BackendError(
                f"{where} has no model {self.settings.model!r} or no chat endpoint (HTTP 404); "
                f"check --model and {ENV_BASE_URL}"
            )
        if isinstance(error, openai.BadRequestError):
            return BackendError(
                f"{where} refused the request (HTTP 400): {_brief(error)}; "
                "for llama.cpp servers try --structured grammar"
            )
        if isinstance(error, openai.APIStatusError):
            return BackendError(
                f"{where} failed with HTTP {error.status_code} after "
                f"{self.settings.transport_retries} retries: {_brief(error)}"
            )
        if isinstance(error, openai.APITimeoutError):
            return BackendError(f"{where} timed out after {self.settings.timeout_s:g} s")
        if isinstance(error, openai.APIConnectionError):
            return BackendError(f"cannot reach {where}: {error.__cause__ or error}")
        return None


def _brief(error: openai.APIStatusError) -> str:
    body = error.body
    if isinstance(body, dict):
        message = body.get("message") or (body.get("error") or {}).get("message")
        if message:
            return " ".join(str(message).split())[:200]
    return " ".join(str(error.message).split())[:200]
