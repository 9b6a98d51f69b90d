"""Batches that survive faults and interruption: nothing lost, no model call paid twice.

``summarize DIR -o OUT`` and ``Summarizer.summarize_many`` both run through :func:`collect`,
which drives an :class:`Engine`: :class:`Threads` (at most ``concurrency`` worker threads in this
process, the default) or ``summarizer.raypool.RayPool`` (actors on a Ray cluster). Either way
every result comes back to the calling thread, which alone writes files, each atomically. Every
report carries the key of the text and configuration that made it (a JSON report's document hash
and provenance are that key's inputs; a Markdown report ends with a ``summarizer-key`` comment),
so a rerun skips inputs whose report is current and redoes those whose text or settings changed.
Besides the reports, only ``OUT/failures.jsonl`` appears, when something failed: the run's
failures (input, error class, one-line message, UTC time), rewritten after each one.

The first SIGINT or SIGTERM drains the batch: no new input starts, the calls in flight finish
and are saved (they are paid for already), then ``KeyboardInterrupt`` is raised. A second one
abandons the calls still in flight. Either way a save in progress completes first, no partial
file is left, and what finished is kept.
"""

from __future__ import annotations

import hashlib
import json
import logging
import queue
import re
import signal
import threading
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from types import FrameType
from typing import Any, Protocol, TypeVar

from .articles import Article
from .config import Settings
from .errors import SummarizerError
from .output import write_atomic
from .results import Result, config_key, job_key, report_key
from .schema.report import SituationReport

log = logging.getLogger(__name__)
T = TypeVar("T")
T_contra = TypeVar("T_contra", contravariant=True)

FAILURES_NAME = "failures.jsonl"
_KEY_LINE = re.compile(r"<!-- summarizer-key: ([0-9a-f]{64}) -->\s*\Z")
_BEARER = re.compile(r"Bearer\s+\S+", re.IGNORECASE)


@dataclass(frozen=True)
class Job:
    """One input of a batch: its article, its report's file name and its cache key."""

    position: int
    article: Article
    output: str
    key: str


def plan(articles: Sequence[Article], settings: Settings, suffix: str) -> list[Job]:
    """A job per article, with distinct report file names ending in ``.suffix``."""
    config = config_key(settings)
    names = output_names(articles, suffix)
    return [
        Job(position, article, name, job_key(config, article))
        for position, (article, name) in enumerate(zip(articles, names, strict=True))
    ]


def output_names(articles: Sequence[Article], suffix: str) -> list[str]:
    """Report file names: the input's stem, its full name when stems clash, then a path hash."""
    stems = [_stem(a.name) for a in articles]
    stem_counts = Counter(stems)
    firsts = [
        stem if stem_counts[stem] == 1 else _base(article.name)
        for stem, article in zip(stems, articles, strict=True)
    ]
    first_counts = Counter(firsts)
    names = []
    for first, article in zip(firsts, articles, strict=True):
        if first_counts[first] > 1:
            first = f"{first}-{hashlib.sha256(article.name.encode()).hexdigest()[:8]}"
        names.append(f"{first}.{suffix}")
    return names


def _stem(name: str) -> str:
    return "stdin" if name == "<stdin>" else Path(name).stem or "input"


def _base(name: str) -> str:
    return "stdin" if name == "<stdin>" else Path(name).name or "input"


class OutputDir:
    """The output folder: one report per input, each carrying its key, and this run's failures."""

    def __init__(self, path: Path, *, secrets: Sequence[str | None] = ()) -> None:
        self.path = path
        self.secrets = [s for s in secrets if s and len(s) >= 4]
        self.failures: list[dict[str, str]] = []

    def current(self, job: Job) -> bool:
        """True when ``job``'s report exists, complete, from the same text and configuration."""
        try:
            text = (self.path / job.output).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return False
        if job.output.endswith(".json"):
            try:
                return report_key(json.loads(text)) == job.key
            except (ValueError, KeyError, TypeError, AttributeError):
                return False
        found = _KEY_LINE.search(text)
        return found is not None and found.group(1) == job.key

    def save(self, job: Job, text: str) -> None:
        """Write one report atomically; Markdown and HTML get their key as a trailing comment.

        CSV has no comment syntax, so a CSV report carries no key and a rerun writes it again.
        """
        if job.output.endswith((".md", ".html")):
            text = f"{text.rstrip()}\n\n<!-- summarizer-key: {job.key} -->\n"
        write_atomic(self.path / job.output, text)

    def keep(self, job: Job, result: Result, render: Callable[[SituationReport], str]) -> None:
        """Save a finished job's report, or record why it failed."""
        if result.report is not None:
            self.save(job, render(result.report))
        elif result.error is not None:
            self.fail(job.article.name, result.error)

    def fail(self, source: str, error: BaseException) -> None:
        """Record one failed input and rewrite the failures file."""
        self.failures.append(
            {
                "input": source,
                "error": type(error).__name__,
                "message": self.redact(str(error)),
                "time": datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z"),
            }
        )
        self._write_failures()

    def finish(self) -> None:
        """Leave the failures file describing this run: rewritten, or removed when none failed."""
        if self.failures:
            self._write_failures()
        else:
            (self.path / FAILURES_NAME).unlink(missing_ok=True)

    def redact(self, message: str) -> str:
        """One line with the API key and any bearer token masked."""
        for secret in self.secrets:
            message = message.replace(secret, "***")
        return " ".join(_BEARER.sub("Bearer ***", message).split())

    def _write_failures(self) -> None:
        lines = "".join(json.dumps(f, ensure_ascii=False) + "\n" for f in self.failures)
        write_atomic(self.path / FAILURES_NAME, lines)


class Engine(Protocol[T_contra]):
    """Where a batch's calls run. :func:`collect` drives it from the calling thread.

    ``start`` gets the items and a flag that turns true on a first interrupt, after which no new
    item may start. ``poll`` waits up to ``timeout`` seconds and returns the items finished since
    the last poll, by index into the items; ``busy`` is true while any call is in flight or any
    result is still to be returned; ``in_flight`` counts the calls running; ``stop`` abandons
    them (results not yet returned are lost).
    """

    def start(self, items: Sequence[T_contra], draining: Callable[[], bool]) -> None: ...

    def poll(self, timeout: float) -> list[tuple[int, Result]]: ...

    def busy(self) -> bool: ...

    def in_flight(self) -> int: ...

    def stop(self) -> None: ...


def collect(
    engine: Engine[T],
    items: Sequence[T],
    *,
    on_result: Callable[[T, Result], None],
    on_drain: Callable[[int], None] | None = None,
    drain: bool = True,
) -> None:
    """Run ``items`` on ``engine``; every item's result reaches ``on_result`` once, here.

    The loop every engine shares: with ``drain``, a first SIGINT or SIGTERM starts nothing new,
    ``on_drain`` hears how many calls are in flight, and their results still reach
    ``on_result`` before ``KeyboardInterrupt`` is raised; a second signal (the first, without
    ``drain``) raises it at once, never inside ``on_result``, abandoning the calls in flight.
    Signals are watched only when called from the main thread.
    """
    with _Interrupts(drain=drain) as interrupts:
        delivered: set[int] = set()
        told = False
        try:
            engine.start(items, lambda: interrupts.draining)
            while len(delivered) < len(items):
                if interrupts.draining and not told:
                    told = True
                    if on_drain is not None:
                        on_drain(engine.in_flight())
                if interrupts.draining and not engine.busy():
                    break
                for index, result in engine.poll(0.1):
                    if index in delivered:  # an engine that retried; the first result stands
                        continue
                    delivered.add(index)
                    with interrupts.held():
                        on_result(items[index], result)
        finally:
            engine.stop()
        if interrupts.draining:
            raise KeyboardInterrupt


class Threads(Engine[T]):
    """The one-process engine: ``concurrency`` threads share one ``summarize``."""

    def __init__(
        self,
        summarize: Callable[[T], SituationReport],
        *,
        concurrency: int,
        name: Callable[[T], str],
    ) -> None:
        if concurrency < 1:
            raise ValueError("concurrency must be at least 1")
        self.summarize = summarize
        self.concurrency = concurrency
        self.name = name
        self._done: queue.SimpleQueue[tuple[int, Result]] = queue.SimpleQueue()
        self._stop = threading.Event()
        self._workers: list[threading.Thread] = []

    def start(self, items: Sequence[T], draining: Callable[[], bool]) -> None:
        pending: queue.SimpleQueue[int] = queue.SimpleQueue()
        for index in range(len(items)):
            pending.put(index)

        def work() -> None:
            while not (self._stop.is_set() or draining()):
                try:
                    index = pending.get_nowait()
                except queue.Empty:
                    return
                item = items[index]
                self._done.put((index, attempt(item, self.summarize, self.name(item))))

        self._workers = [
            threading.Thread(target=work, name=f"summarize-{number}", daemon=True)
            for number in range(min(self.concurrency, len(items)))
        ]
        for worker in self._workers:
            worker.start()

    def poll(self, timeout: float) -> list[tuple[int, Result]]:
        try:
            finished = [self._done.get(timeout=timeout)]
        except queue.Empty:
            return []
        while True:
            try:
                finished.append(self._done.get_nowait())
            except queue.Empty:
                return finished

    def busy(self) -> bool:
        return self.in_flight() > 0 or not self._done.empty()

    def in_flight(self) -> int:
        return sum(w.is_alive() for w in self._workers)

    def stop(self) -> None:
        self._stop.set()


def run(
    items: Sequence[T],
    summarize: Callable[[T], SituationReport],
    *,
    concurrency: int,
    name: Callable[[T], str],
    on_result: Callable[[T, Result], None],
    on_drain: Callable[[int], None] | None = None,
    drain: bool = True,
) -> None:
    """Summarize every item, ``concurrency`` at a time in threads; ``on_result`` runs here.

    ``name`` names an item in its :class:`Result`. Any failure becomes that item's result, so
    one input never costs the others. Interrupts are handled as :func:`collect` says.
    """
    engine = Threads(summarize, concurrency=concurrency, name=name)
    collect(engine, items, on_result=on_result, on_drain=on_drain, drain=drain)


def attempt(item: T, summarize: Callable[[T], SituationReport], name: str) -> Result:
    """One item's result; no exception escapes, so no input is ever lost."""
    try:
        return Result(name, report=summarize(item))
    except SummarizerError as err:
        log.info("%s: %s", name, err)
        return Result(name, error=err)
    except Exception as err:
        log.exception("%s: unexpected failure", name)
        return Result(name, error=SummarizerError(f"internal error: {type(err).__name__}: {err}"))


class _Interrupts:
    """A first SIGINT or SIGTERM asks to drain; a second is ``KeyboardInterrupt``, held back
    while a result is being saved. The handler only sets flags; the batch loop acts on them."""

    def __init__(self, *, drain: bool = True) -> None:
        self.drain = drain
        self.draining = False
        self.holding = False
        self.pending = False
        self.previous: dict[int, Any] = {}

    def __enter__(self) -> _Interrupts:
        if threading.current_thread() is threading.main_thread():
            for signum in (signal.SIGINT, signal.SIGTERM):
                self.previous[signum] = signal.signal(signum, self._handle)
        return self

    def __exit__(self, *exc: object) -> None:
        for signum, handler in self.previous.items():
            if handler is not None:
                signal.signal(signum, handler)

    def _handle(self, signum: int, frame: FrameType | None) -> None:
        if self.drain and not self.draining:
            self.draining = True
            return
        if self.holding:
            self.pending = True
            return
        raise KeyboardInterrupt

    @contextmanager
    def held(self) -> Iterator[None]:
        """Defer an interrupt that arrives inside the block to its end."""
        self.holding = True
        try:
            yield
        finally:
            self.holding = False
        if self.pending:
            self.pending = False
            raise KeyboardInterrupt
