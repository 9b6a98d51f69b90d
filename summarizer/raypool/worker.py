"""The Ray actor: one summarizer built once from the driver's settings, and the driver's view
of each actor."""

from __future__ import annotations

import os
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from ..articles import Article
from ..batch import attempt
from ..config import Settings
from ..errors import SummarizerError
from ..results import Result
from ..schema.report import SituationReport
from ..version import installed_version


class Summarizes(Protocol):
    """What a worker holds: something built from settings that summarizes an article."""

    @property
    def backend(self) -> object: ...

    def summarize(self, source: Article) -> SituationReport: ...


Factory = Callable[[Settings], Summarizes]
"""Builds a worker's summarizer, e.g. :class:`summarizer.Summarizer` itself."""


def rss_bytes() -> int:
    """This process's resident memory, from /proc (0 where there is none)."""
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


class Worker:
    """The actor: one summarizer built once from the driver's settings, many articles."""

    def __init__(self, make: Factory, settings: Settings) -> None:
        started = time.perf_counter()
        self.error: SummarizerError | None = None
        try:
            self.summarizer: Summarizes | None = make(settings)
            self.summarizer.backend  # noqa: B018 - load the model now, once, not on the first call
        except SummarizerError as err:
            self.summarizer, self.error = None, err
        except Exception as err:
            self.summarizer = None
            self.error = SummarizerError(f"internal error: {type(err).__name__}: {err}")
        self.startup_s = time.perf_counter() - started

    def hello(self) -> dict[str, Any]:
        """Who this worker is: pid, node, version, start-up time, memory, any start-up error."""
        return {
            "pid": os.getpid(),
            "node": socket.gethostname(),
            "version": installed_version(),
            "startup_s": self.startup_s,
            "rss": rss_bytes(),
            "error": self.error,
        }

    def summarize(self, article: Article) -> Result:
        """One article's result; a failure of the summarizer is the result, never raised."""
        if self.summarizer is None:
            return Result(article.name, error=self.error or SummarizerError("worker not ready"))
        return attempt(article, self.summarizer.summarize, article.name)


@dataclass
class WorkerState:
    """The driver's view of one actor."""

    number: int
    handle: Any
    pid: int = 0
    node: str = ""
    startup_s: float = 0.0
    rss: int = 0
    in_flight: int = 0
    done: int = 0
    failed: int = 0
    lost: int = 0
