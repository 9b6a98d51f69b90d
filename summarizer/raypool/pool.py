"""The driver's side of a Ray batch: a fixed list of actors fed through ``ray.wait``."""

from __future__ import annotations

import dataclasses
import logging
import time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from ..articles import Article
from ..batch import Engine
from ..config import Settings
from ..errors import ConfigurationError, SummarizerError
from ..results import Result
from ..version import installed_version
from .cluster import EVERY_NODE, first_line, join, load_ray
from .worker import Factory, Worker, WorkerState

log = logging.getLogger(__name__)
T = TypeVar("T")

DEFAULT_RETRIES = 3


@dataclass
class _Call:
    index: int
    tries: int = 0
    avoid: set[int] = field(default_factory=set)


class RayPool(Engine[T], Generic[T]):
    """A fixed list of Ray actors; use it as a context manager around :func:`batch.collect`.

    ``address`` ``None`` starts a local Ray in this process (or uses the one already started);
    otherwise it is an existing cluster's ``HOST:PORT`` (or ``auto``). ``threads`` is the CPUs
    each worker reserves: the local model's threads (one article at a time, the model is one),
    or calls in flight per worker on an endpoint. ``workers`` defaults to what the cluster's
    nodes fit, each node's CPUs // ``threads``. ``article`` gives an item's article on the
    driver (which reads the inputs) and ``name`` its result's name (default: the article's);
    ``make`` builds each worker's summarizer from ``settings``.
    """

    def __init__(
        self,
        settings: Settings,
        *,
        make: Factory,
        article: Callable[[T], Article],
        name: Callable[[T], str] | None = None,
        address: str | None = None,
        workers: int | None = None,
        threads: int | None = None,
        retries: int = DEFAULT_RETRIES,
        runtime_env: dict[str, Any] | None = None,
    ) -> None:
        if workers is not None and workers < 1:
            raise ConfigurationError("--ray-workers must be at least 1")
        if threads is not None and threads < 1:
            raise ConfigurationError("--ray-threads must be at least 1")
        self.settings = settings
        self.make = make
        self.article = article
        self.name = name
        self.address = address
        self.threads = threads or 1
        self.requested = workers
        self.retries = retries
        self.runtime_env = runtime_env
        self.workers: list[WorkerState] = []
        self.nodes = 0
        self.ready_s = 0.0
        self.failed = 0
        self.resubmitted = 0
        self._ray: Any = None
        self._started_ray = False
        self._items: Sequence[T] = ()
        self._draining: Callable[[], bool] = lambda: False
        self._queue: deque[_Call] = deque()
        self._refs: dict[Any, tuple[_Call, WorkerState]] = {}
        self._began = 0.0
        self._finished = 0

    # Set-up and tear-down -------------------------------------------------------------------

    def __enter__(self) -> RayPool[T]:
        began = time.perf_counter()
        ray = self._ray = load_ray()
        self._started_ray = join(ray, self.address)
        try:
            self._start_workers()
        except BaseException:
            self.__exit__()
            raise
        self.ready_s = time.perf_counter() - began
        return self

    def __exit__(self, *exc: object) -> None:
        ray = self._ray
        if ray is None:
            return
        for worker in self.workers:
            try:
                ray.kill(worker.handle, no_restart=True)
            except Exception:  # already gone; nothing to release
                log.debug("worker %d was gone at exit", worker.number)
        self.workers = []
        self._refs.clear()
        if self._started_ray:
            ray.shutdown()
            self._started_ray = False

    def _start_workers(self) -> None:
        ray = self._ray
        per_node = [
            int(node["Resources"].get("CPU", 0))
            for node in ray.nodes()
            if node.get("Alive") and node.get("Resources", {}).get("CPU", 0) >= 1
        ]
        self.nodes = len(per_node)
        fits = sum(cpus // self.threads for cpus in per_node)
        count = self.requested or fits
        if count < 1 or count > fits:
            raise ConfigurationError(
                f"{count or 1} Ray worker(s) of {self.threads} CPU(s) each do not fit the cluster "
                f"({sum(per_node)} CPUs on {len(per_node)} node(s) hold {fits}); lower "
                "--ray-workers or --ray-threads"
            )
        settings = self.settings
        if settings.local and settings.threads is None:
            settings = dataclasses.replace(settings, threads=self.threads)
        env = {"OMP_NUM_THREADS": str(self.threads)}
        runtime_env = {**(self.runtime_env or {})}
        runtime_env["env_vars"] = {**env, **runtime_env.get("env_vars", {})}
        actor = ray.remote(Worker).options(
            num_cpus=self.threads,
            # One model per worker serves one call at a time; an endpoint serves many.
            max_concurrency=1 if settings.local else self.threads,
            max_restarts=-1,
            max_task_retries=0,  # the driver resubmits, counting, to any worker
            scheduling_strategy="SPREAD",
            runtime_env=runtime_env,
        )
        self.workers = [
            WorkerState(number, actor.remote(self.make, settings)) for number in range(count)
        ]
        hellos = {w.handle.hello.remote(): w for w in self.workers}
        while hellos:  # short waits, so an interrupt is heard during a long model load
            ready, _ = ray.wait(list(hellos), num_returns=1, timeout=0.2)
            for ref in ready:
                self._greet(hellos.pop(ref), ref)

    def _greet(self, worker: WorkerState, ref: Any) -> None:
        try:
            hello = self._ray.get(ref)
        except self._ray.exceptions.RayError as err:
            text = str(err)
            if "No module named 'summarizer" in text or 'No module named "summarizer' in text:
                raise ConfigurationError(
                    f"a Ray worker cannot import summarizer: {EVERY_NODE}"
                ) from None
            raise ConfigurationError(
                f"Ray worker {worker.number} did not start: {first_line(text)}"
            ) from err
        if hello["error"] is not None:
            error = hello["error"]
            if isinstance(error, ConfigurationError):
                raise error
            raise ConfigurationError(f"Ray worker {worker.number} did not start: {error}")
        if hello["version"] != installed_version():
            raise ConfigurationError(
                f"node {hello['node']} runs summarizer {hello['version']}, the driver "
                f"{installed_version()}: {EVERY_NODE}"
            )
        worker.pid, worker.node = hello["pid"], hello["node"]
        worker.startup_s, worker.rss = hello["startup_s"], hello["rss"]

    # The engine -----------------------------------------------------------------------------

    def start(self, items: Sequence[T], draining: Callable[[], bool]) -> None:
        if not self.workers:
            raise RuntimeError("start the pool first: with RayPool(...) as pool")
        self._items = items
        self._draining = draining
        self._queue = deque(_Call(index) for index in range(len(items)))
        self._began = time.perf_counter()

    def poll(self, timeout: float) -> list[tuple[int, Result]]:
        finished = self._submit()
        if not self._refs:
            if not finished:
                time.sleep(timeout)
            return finished
        ray = self._ray
        ready, _ = ray.wait(list(self._refs), num_returns=1, timeout=timeout)
        if ready:
            ready, _ = ray.wait(list(self._refs), num_returns=len(self._refs), timeout=0)
        for ref in ready:
            call, worker = self._refs.pop(ref)
            worker.in_flight -= 1
            outcome = self._outcome(call, worker, ref)
            if outcome is not None:
                finished.append((call.index, outcome))
        finished += self._submit()
        self._finished += len(finished)
        return finished

    def busy(self) -> bool:
        return bool(self._refs)

    def in_flight(self) -> int:
        return len(self._refs)

    def stop(self) -> None:
        ray = self._ray
        for ref in list(self._refs):
            try:
                ray.cancel(ref)
            except Exception:  # an actor call that cannot be cancelled ends with its worker
                log.debug("could not cancel a call", exc_info=True)
        self._refs.clear()
        self._queue.clear()

    def _outcome(self, call: _Call, worker: WorkerState, ref: Any) -> Result | None:
        """The call's result, or ``None`` when its worker was lost and it goes round again."""
        ray = self._ray
        item = self._items[call.index]
        try:
            result: Result = ray.get(ref)
        except (
            ray.exceptions.RayActorError,
            ray.exceptions.WorkerCrashedError,
            ray.exceptions.ObjectLostError,
            ray.exceptions.NodeDiedError,
        ) as err:
            worker.lost += 1
            call.tries += 1
            call.avoid.add(worker.number)
            name = self._source(item)
            if self._draining():
                log.warning("%s: its Ray worker was lost while draining; a rerun does it", name)
                return None
            if call.tries > self.retries:
                self._count(worker, ok=False)
                return Result(
                    name,
                    error=SummarizerError(
                        f"lost {call.tries} Ray workers while summarizing it; last: "
                        f"{type(err).__name__}"
                    ),
                )
            log.warning(
                "%s: Ray worker %d (pid %d) was lost; resubmitting (retry %d of %d)",
                name,
                worker.number,
                worker.pid,
                call.tries,
                self.retries,
            )
            self.resubmitted += 1
            self._queue.appendleft(call)
            return None
        except ray.exceptions.RayError as err:
            self._count(worker, ok=False)
            message = f"internal error on Ray worker {worker.number}: {first_line(str(err))}"
            return Result(self._source(item), error=SummarizerError(message))
        self._count(worker, ok=result.ok)
        if self.name is not None:
            result = dataclasses.replace(result, source=self.name(item))
        return result

    def _source(self, item: T) -> str:
        return self.name(item) if self.name is not None else self.article(item).name

    def _count(self, worker: WorkerState, *, ok: bool) -> None:
        if ok:
            worker.done += 1
        else:
            worker.failed += 1
            self.failed += 1

    def _submit(self) -> list[tuple[int, Result]]:
        """Fill every worker's free slots from the queue; inputs unreadable here fail at once."""
        failed: list[tuple[int, Result]] = []
        capacity = 1 if self.settings.local else self.threads
        while self._queue and not self._draining():
            free = [w for w in self.workers if w.in_flight < capacity]
            if not free:
                break
            call = self._queue.popleft()
            preferred = [w for w in free if w.number not in call.avoid] or free
            worker = min(preferred, key=lambda w: (w.in_flight, w.done + w.failed))
            item = self._items[call.index]
            try:
                article = self.article(item)
            except SummarizerError as err:
                name = self.name(item) if self.name is not None else str(err)
                failed.append((call.index, Result(name, error=err)))
                self.failed += 1
                continue
            worker.in_flight += 1
            self._refs[worker.handle.summarize.remote(article)] = (call, worker)
        return failed

    # Progress -------------------------------------------------------------------------------

    def describe(self) -> str:
        """One line on the pool once it is up."""
        startup = max((w.startup_s for w in self.workers), default=0.0)
        memory = max((w.rss for w in self.workers), default=0) / 1e6
        return (
            f"Ray: {len(self.workers)} worker(s) × {self.threads} thread(s) on "
            f"{self.nodes} node(s), ready in {self.ready_s:.1f} s (summarizer start-up "
            f"{startup:.1f} s, {memory:.0f} MB per worker)"
        )

    def status(self) -> str:
        """Done, failed and in flight, the rate so far, and what each worker has done."""
        done = sum(w.done for w in self.workers)
        minutes = max(time.perf_counter() - self._began, 1e-9) / 60
        rate = self._finished / minutes if self._finished else 0.0
        per_worker = " ".join(
            f"w{w.number}={w.done}" + (f"/{w.failed}!" if w.failed else "") for w in self.workers
        )
        return (
            f"{done} done, {self.failed} failed, {self.in_flight()} in flight, "
            f"{rate:.1f}/min; {per_worker}"
        )
