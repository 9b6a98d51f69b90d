"""How the cassettes were recorded: llama-cpp-python's server on the packaged model.

Re-record (see the README): ``summarize serve --port 8765`` in one shell, then
``pytest tests/test_recorded.py tests/test_recorded_staged.py --record-mode=rewrite``.
"""

from __future__ import annotations

from typing import Any

from summarizer.backends.modelfile import MODEL_NAME

RECORD_BASE_URL = "http://127.0.0.1:8765/v1"
RECORD_OPTIONS: dict[str, Any] = {
    "base_url": RECORD_BASE_URL,
    "model": MODEL_NAME,
    "structured": "grammar",
}
RECORD_FLAGS = ["--base-url", RECORD_BASE_URL, "--model", MODEL_NAME, "--structured", "grammar"]
SECRET_HEADERS = ["authorization", "api-key", "x-api-key", "openai-organization", "cookie"]


def vcr_settings() -> dict[str, Any]:
    """Replay only what was recorded for the same request body; never keep credentials."""
    return {
        "filter_headers": SECRET_HEADERS,
        "match_on": ["method", "scheme", "host", "port", "path", "query", "body"],
        "decode_compressed_response": True,
    }
