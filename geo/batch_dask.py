"""The Dask layer of ``python -m geo batch``: a client, warm workers, ordered streaming.

Imported only when a batch runs (Dask takes a second or two to import).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any
from uuid import uuid4

__all__ = ["client_for", "map_ordered", "warm"]


@contextmanager
def client_for(scheduler: str | None, workers: int | None = None) -> Iterator[Any]:
    """A ``distributed.Client``: connected to ``scheduler``, or over a new local cluster.

    The local cluster has ``workers`` processes (default: CPU count) of one
    thread each, listens on loopback only, has no dashboard, and is closed on exit.
    """
    from distributed import Client, LocalCluster

    if scheduler:
        with Client(scheduler) as client:
            yield client
        return
    n = workers or os.cpu_count() or 1
    with (
        LocalCluster(
            n_workers=n, threads_per_worker=1, processes=True, dashboard_address=None, host="127.0.0.1"
        ) as cluster,
        Client(cluster) as client,
    ):
        yield client


def warm(client: Any, db: str) -> None:
    """Open the gazetteer on every worker now (in parallel), so a bad path fails early."""
    from geo.batch import warm_worker

    client.run(warm_worker, db)


def map_ordered(
    client: Any, fn: Callable[..., Any], args: Iterable[tuple[Any, ...]], *, window: int
) -> Iterator[Any]:
    """``fn(*a)`` for each ``a`` in ``args`` on the cluster, yielded in input order.

    ``args`` is consumed lazily: at most ``window`` calls are running or
    finished but waiting for an earlier one, so memory is bounded however
    long the input. Pending work is cancelled if the consumer stops early.
    """
    from distributed import as_completed

    if window < 1:
        raise ValueError(f"window must be at least 1, got {window}")
    token = uuid4().hex[:12]
    pending = iter(enumerate(args))
    done = as_completed()
    index: dict[str, int] = {}
    ready: dict[int, Any] = {}
    submitted = written = 0

    def fill() -> None:
        nonlocal submitted
        while submitted - written < window and (nxt := next(pending, None)) is not None:
            i, a = nxt
            fut = client.submit(fn, *a, key=f"{getattr(fn, '__name__', 'task')}-{token}-{i}", pure=False)
            index[fut.key] = i
            done.add(fut)
            submitted += 1

    try:
        fill()
        for fut in done:
            ready[index.pop(fut.key)] = fut.result()
            fut.release()
            while written in ready:
                yield ready.pop(written)
                written += 1
            fill()
    finally:
        left = list(done.futures)
        done.clear()
        if left:
            client.cancel(left)
