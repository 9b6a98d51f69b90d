"""The one exception tree of summarizer.

SummarizerError
├── ConfigurationError        settings that cannot work (bad flag, missing model file or extra)
│   └── ModelUnavailableError the local model's parts are not installed or fail verification
├── InputError                an input that cannot be read or holds no article text
├── PromptError               a prompt template is missing or a variable is unset
└── ExtractionError           the model could not produce a valid report
    │                         .endpoint (where the model runs), .attempts (calls made)
    ├── BackendError          the endpoint failed (network, HTTP status, timeouts)
    │   │                     .status_code (the HTTP status, when there was one)
    │   └── AuthenticationError  rejected credentials; names the variable to set
    └── OutputError           output was truncated or never validated

Every error renders as one line fit for a terminal; context travels in the typed attributes
above (``None`` when unknown) and the cause is chained with ``raise ... from``.
"""

from __future__ import annotations

__all__ = [
    "AuthenticationError",
    "BackendError",
    "ConfigurationError",
    "ExtractionError",
    "InputError",
    "ModelUnavailableError",
    "OutputError",
    "PromptError",
    "SummarizerError",
]


class SummarizerError(Exception):
    """Root of every error the package raises on purpose."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return " ".join(self.message.split())


class ConfigurationError(SummarizerError):
    """Settings that cannot work."""


class ModelUnavailableError(ConfigurationError):
    """The packaged local model is missing or corrupt."""


class InputError(SummarizerError):
    """An input that cannot be read or holds no article text."""


class PromptError(SummarizerError):
    """A prompt template is missing, or rendering it left a variable unset."""


class ExtractionError(SummarizerError):
    """The model could not produce a valid report."""

    def __init__(
        self, message: str, *, endpoint: str | None = None, attempts: int | None = None
    ) -> None:
        super().__init__(message)
        self.endpoint = endpoint
        self.attempts = attempts


class BackendError(ExtractionError):
    """The endpoint failed: network, HTTP status or timeout."""

    def __init__(
        self,
        message: str,
        *,
        endpoint: str | None = None,
        attempts: int | None = None,
        status_code: int | None = None,
    ) -> None:
        super().__init__(message, endpoint=endpoint, attempts=attempts)
        self.status_code = status_code


class AuthenticationError(BackendError):
    """The endpoint rejected the credentials."""


class OutputError(ExtractionError):
    """The model's output was truncated or never validated."""
