"""Batches on Ray: a fixed set of actors, each holding one summarizer, fed by the driver.

:class:`RayPool` is a :class:`summarizer.batch.Engine`, so a Ray batch keeps everything the
thread engine guarantees: the same plan, resume keys, atomic writes by the driver alone,
``failures.jsonl`` and the drain on a first interrupt. Only the calls move: each worker is a
Ray actor that builds its summarizer once (a local model is loaded once per worker) and serves
many articles, ``threads`` at a time. The driver keeps a map from every pending ``ObjectRef``
to its job and waits on them with ``ray.wait``, so each result or failure is tied to its
article. A worker process that dies is restarted by Ray (``max_restarts=-1``) and the driver
resubmits its calls, to another worker when one has room, at most ``retries`` times per
article; an error from the summarizer itself is that article's failure and is not retried.

Ray is imported only by ``cluster`` and only when a pool starts: ``pip install 'summarizer[ray]'``.

``cluster`` imports Ray and starts or joins a cluster, ``worker`` is the actor, ``pool`` the
driver's engine.
"""

from __future__ import annotations

from .cluster import INSTALL, check_address
from .pool import DEFAULT_RETRIES, RayPool
from .worker import Factory, Summarizes, Worker, WorkerState

__all__ = [
    "DEFAULT_RETRIES",
    "INSTALL",
    "Factory",
    "RayPool",
    "Summarizes",
    "Worker",
    "WorkerState",
    "check_address",
]
