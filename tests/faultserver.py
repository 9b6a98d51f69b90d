"""A fake OpenAI chat-completions endpoint that fails on demand, for fault and load tests.

Each request takes the first matching ``rules`` fault (a substring of the request body picks
it, so one article can fail whatever the concurrency), else the next fault of a script
(``server.script("429", "ok")``), else a random one with probability ``fault_rate`` from a
seeded RNG, else a valid reply whose message content is the JSON of a report draft. A prompt
longer than ``context_chars`` gets OpenAI's context-length 400. With ``grammar_only`` it
behaves as a llama.cpp server does: a ``json_schema`` response format gets HTTP 500 naming the
two types it accepts (recorded as the ``refused_format`` fault). It only ever serves: every wait
is bounded and ``stop()`` ends them. A test double for transport faults, so the bodies are
hand-built, never model output.

    python -m tests.faultserver --latency 0.3 --fault-rate 0.1   # prints its URL, serves
    GET /stats                                                    # {"requests": N, "faults": {}}
"""

from __future__ import annotations

import argparse
import json
import random
import socket
import struct
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from .factories import draft_dict

Reply = Callable[[dict[str, Any]], str]
"""The message content for a request body: the JSON text the "model" answers with."""

FAULTS = (
    "ok",
    "429",
    "400",
    "401",
    "403",
    "404",
    "500",
    "503",
    "reset",
    "slow",
    "malformed",
    "html",
    "truncated",
    "invalid",
    "empty_choices",
)
TRANSIENT = ("429", "500", "503", "reset")
_STATUS_TEXT = {
    "400": "Invalid value for 'response_format'",
    "401": "Incorrect API key provided",
    "403": "This key may not use this model",
    "404": "The model 'nope' does not exist",
    "429": "Rate limit reached for requests",
    "500": "The server had an error while processing your request",
    "503": "The engine is currently overloaded",
}


def draft_reply(body: dict[str, Any]) -> str:
    """A valid answer to either schema the pipeline asks for: a report draft or quote fixes."""
    if _schema_title(body) == "QuoteFixes":
        return json.dumps({"fixes": [{"id": "E1", "quote": "seized Bir Qassab"}]})
    return json.dumps(draft_dict())


def invalid_reply() -> str:
    """A draft that parses but fails validation: an event points at a place never listed."""
    data = draft_dict()
    data["events"][0]["place"] = "L9"
    return json.dumps(data)


def _format_type(body: dict[str, Any]) -> str | None:
    form = body.get("response_format") or {}
    kind = form.get("type")
    return kind if isinstance(kind, str) else None


def _schema_title(body: dict[str, Any]) -> str | None:
    form = body.get("response_format") or {}
    schema = form.get("schema") or (form.get("json_schema") or {}).get("schema") or {}
    title = schema.get("title")
    return title if isinstance(title, str) else None


@dataclass
class Seen:
    """One request as the server received it."""

    path: str
    headers: dict[str, str]
    body: dict[str, Any] | None
    fault: str
    at: float = field(default_factory=time.monotonic)

    @property
    def authorization(self) -> str:
        """The Authorization header as sent."""
        return self.headers.get("authorization", "")


@dataclass
class FaultServer:
    """A chat-completions endpoint on 127.0.0.1 with scripted and random faults."""

    latency_s: float = 0.0
    fault_rate: float = 0.0
    seed: int = 0
    random_faults: tuple[str, ...] = TRANSIENT
    retry_after_s: float = 1.0
    slow_s: float = 3.0
    context_chars: int | None = None
    grammar_only: bool = False
    rules: list[tuple[str, str]] = field(default_factory=list)
    reply: Reply = draft_reply
    requests: list[Seen] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._script: list[str] = []
        self._rng = random.Random(self.seed)
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        """The base URL to give the client, ``http://127.0.0.1:PORT/v1``."""
        if self._httpd is None:
            raise RuntimeError("the fault server is not running")
        return f"http://127.0.0.1:{self._httpd.server_address[1]}/v1"

    @property
    def count(self) -> int:
        """Requests received so far, faults included."""
        with self._lock:
            return len(self.requests)

    def script(self, *faults: str) -> None:
        """Fail the next requests in this order; afterwards answer normally (or randomly)."""
        unknown = set(faults) - set(FAULTS)
        if unknown:
            raise ValueError(f"unknown faults {sorted(unknown)}; use {FAULTS}")
        with self._lock:
            self._script.extend(faults)

    def reset(self) -> None:
        """Forget the requests seen and any script left."""
        with self._lock:
            self.requests.clear()
            self._script.clear()

    def start(self) -> FaultServer:
        """Listen on a free port, serving from a background thread."""
        handler = type("Handler", (_Handler,), {"fake": self})
        httpd = _Server(("127.0.0.1", 0), handler)
        self._httpd = httpd
        self._thread = threading.Thread(target=httpd.serve_forever, name="fault-server")
        self._thread.daemon = True
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and end every pending wait."""
        self._stopping.set()
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=10)

    def stats(self) -> dict[str, Any]:
        """Requests seen and how many of each fault they got."""
        with self._lock:
            faults = Counter(r.fault for r in self.requests)
            return {"requests": len(self.requests), "faults": dict(sorted(faults.items()))}

    def _next(self, seen: Seen, raw: bytes) -> str:
        text = raw.decode("utf-8", "replace")
        with self._lock:
            rule = next((fault for marker, fault in self.rules if marker in text), None)
            if rule is not None:
                fault = rule
            elif self._script:
                fault = self._script.pop(0)
            elif self.fault_rate and self._rng.random() < self.fault_rate:
                fault = self._rng.choice(self.random_faults)
            else:
                fault = "ok"
            seen.fault = fault
            self.requests.append(seen)
        return fault

    def _sleep(self, seconds: float) -> None:
        if seconds > 0:
            self._stopping.wait(seconds)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    # The default backlog of 5 drops connections when 64 clients open theirs at once.
    request_queue_size = 256

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Clients that time out and hang up are expected here; stay quiet."""


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Headers and body go out in two writes; with Nagle on, the body waits for the client's
    # delayed ACK (40 ms on Linux), which would swamp every latency the tests set.
    disable_nagle_algorithm = True
    fake: FaultServer

    def log_message(self, format: str, *args: Any) -> None:
        """No access log on stderr."""

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        try:
            body = json.loads(raw) if raw else None
        except ValueError:
            body = None
        seen = Seen(self.path, {k.lower(): v for k, v in self.headers.items()}, body, "")
        if not self.path.rstrip("/").endswith("/chat/completions"):
            self._send_json(404, {"error": {"message": f"no route {self.path}"}})
            return
        request = body if isinstance(body, dict) else {}
        if self.fake.grammar_only and _format_type(request) == "json_schema":
            self._refuse_format(seen)
            return
        fault = self.fake._next(seen, raw)
        self.fake._sleep(self.fake.latency_s)
        prompt_chars = sum(len(str(m.get("content", ""))) for m in request.get("messages", []))
        limit = self.fake.context_chars
        if fault == "ok" and limit is not None and prompt_chars > limit:
            message = (
                f"This model's maximum context length is {limit // 4} tokens. However, your "
                f"messages resulted in {prompt_chars // 4} tokens. Please reduce the length."
            )
            error = {"message": message, "type": "invalid_request_error"}
            self._send_json(400, {"error": {**error, "code": "context_length_exceeded"}})
        elif fault == "reset":
            self._reset()
        elif fault in _STATUS_TEXT:
            headers = {}
            if fault == "429":
                headers["Retry-After"] = f"{self.fake.retry_after_s:g}"
            error = {"message": _STATUS_TEXT[fault], "type": "fault", "code": fault}
            self._send_json(int(fault), {"error": error}, headers)
        elif fault == "slow":
            self.fake._sleep(self.fake.slow_s)
            self._send_completion(request, self.fake.reply(request))
        elif fault == "malformed":
            self._send_raw(200, b'{"id": "chatcmpl-fault", "choices": [{"index": 0, "mess')
        elif fault == "html":
            page = b"<html><body><h1>502 Bad Gateway</h1></body></html>"
            self._send_raw(200, page, content_type="text/html")
        elif fault == "truncated":
            content = self.fake.reply(request)
            self._send_completion(request, content[: len(content) // 2], finish="length")
        elif fault == "invalid":
            self._send_completion(request, invalid_reply())
        elif fault == "empty_choices":
            self._send_json(200, _completion(request, None, "stop"))
        else:
            self._send_completion(request, self.fake.reply(request))

    def _refuse_format(self, seen: Seen) -> None:
        """llama-cpp-python's server: its request validation fails, reported as HTTP 500."""
        with self.fake._lock:
            seen.fault = "refused_format"
            self.fake.requests.append(seen)
        detail = (
            "[{'type': 'literal_error', 'loc': ('body', 'response_format', 'type'), "
            "'msg': \"Input should be 'text' or 'json_object'\", 'input': 'json_schema'}]"
        )
        self._send_json(500, {"error": {"message": detail, "type": "internal_server_error"}})

    def _reset(self) -> None:
        """Drop the connection with a TCP reset and no response."""
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.close_connection = True
        self.connection.close()

    def _send_completion(self, request: dict[str, Any], content: str, finish: str = "stop") -> None:
        self._send_json(200, _completion(request, content, finish))

    def _send_json(
        self, status: int, payload: dict[str, Any], headers: dict[str, str] | None = None
    ) -> None:
        self._send_raw(status, json.dumps(payload).encode(), headers)

    def do_GET(self) -> None:
        if self.path.rstrip("/") == "/stats":
            self._send_json(200, self.fake.stats())
        else:
            self._send_json(404, {"error": {"message": f"no route {self.path}"}})

    def _send_raw(
        self,
        status: int,
        data: bytes,
        headers: dict[str, str] | None = None,
        content_type: str = "application/json",
    ) -> None:
        try:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)
        except OSError:
            self.close_connection = True  # the client gave up (timeout) and hung up


def _completion(request: dict[str, Any], content: str | None, finish: str) -> dict[str, Any]:
    prompt_chars = sum(len(str(m.get("content", ""))) for m in request.get("messages", []))
    choices = []
    if content is not None:
        message = {"role": "assistant", "content": content}
        choices.append({"index": 0, "message": message, "finish_reason": finish})
    return {
        "id": f"chatcmpl-fault-{time.monotonic_ns()}",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": str(request.get("model", "fake-model")),
        "choices": choices,
        "usage": {
            "prompt_tokens": max(1, prompt_chars // 4),
            "completion_tokens": max(1, len(content or "") // 4),
            "total_tokens": max(1, prompt_chars // 4) + max(1, len(content or "") // 4),
        },
    }


@contextmanager
def running(**options: Any) -> Iterator[FaultServer]:
    """A started fault server, stopped on exit."""
    server = FaultServer(**options).start()
    try:
        yield server
    finally:
        server.stop()


def main() -> None:
    """Serve from a process of its own (benchmarks) until stdin closes; print the URL first."""
    parser = argparse.ArgumentParser(prog="python -m tests.faultserver")
    parser.add_argument("--latency", type=float, default=0.0, help="seconds before each reply")
    parser.add_argument("--fault-rate", type=float, default=0.0, help="share of random faults")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--retry-after", type=float, default=1.0, help="429 Retry-After, s")
    args = parser.parse_args()
    with running(
        latency_s=args.latency,
        fault_rate=args.fault_rate,
        seed=args.seed,
        retry_after_s=args.retry_after,
    ) as server:
        print(server.url, flush=True)
        sys.stdin.read()


if __name__ == "__main__":
    main()
