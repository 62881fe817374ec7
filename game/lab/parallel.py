"""The lab on every core, and on more than one machine: independent tasks run by Dask.

`simulate`, `balance` and `sweep` cut their work into tasks (chunks of runs, or a whole
scenario-and-policy report) whose results do not depend on where or in what order they run:
the engine's randomness is counter-based, so run i of a chunk starting at ``first_run`` is the
game with index first_run + i wherever it is played. This module only decides *where*:

- one worker (or one task): in this process, no Dask at all (nothing to start);
- more workers: a local Dask cluster of processes, started here and stopped afterwards;
- ``--scheduler tcp://HOST:PORT``: an existing Dask scheduler and its workers (docs/lab.md).

Dask is imported only here and only when a cluster is used, so the game's start-up and the
one-core commands never pay for it.
"""

from __future__ import annotations

import atexit
import os
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

# Each local worker is one process with one thread: the engine is numpy over big arrays and
# holds the GIL between calls, so threads would share one core.
THREADS_PER_WORKER = 1


class ClusterError(Exception):
    """The Dask scheduler could not be reached or Dask is missing: one line for the user."""


@dataclass(frozen=True)
class Where:
    """Where the tasks run: ``workers`` local processes, or the scheduler at ``scheduler``."""

    workers: int = 1
    scheduler: str | None = None

    @property
    def local(self) -> bool:
        """True when everything runs in this process (one worker, no scheduler)."""
        return self.scheduler is None and self.workers <= 1


def cores() -> int:
    """The cores this process may use (the default number of local workers)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def run_tasks(
    where: Where,
    fn: Callable[..., Any],
    tasks: Sequence[tuple],
    shared: Any = None,
) -> list[Any]:
    """``[fn(shared, *task) for task in tasks]``, in the tasks' order, wherever ``where`` says.

    ``shared`` (the model, typically) is sent to each worker once rather than with every
    task. With one task or one local worker nothing is started (and a cluster started
    early by ``start_early`` is stopped unused).
    """
    early = _early.pop(where, None)
    if where.local or (where.scheduler is None and len(tasks) <= 1):
        if early is not None:
            early.close()
        return [fn(shared, *task) for task in tasks]
    ctx = early.ctx if early is not None else _client(where, len(tasks))
    client = early.wait() if early is not None else ctx.__enter__()
    try:
        ref = client.scatter(shared, broadcast=True) if shared is not None else None
        # Submitted in order: Dask starts earlier tasks first (balance puts its heaviest first).
        futures = [client.submit(fn, ref, *task, pure=False) for task in tasks]
        return client.gather(futures)
    finally:
        ctx.__exit__(None, None, None)


def start_early(where: Where) -> None:
    """Start ``where``'s local cluster in the background; the next ``run_tasks`` uses it.

    Workers take a second or two to start: meanwhile the caller loads the model and its
    inputs, instead of doing one after the other. Nothing happens for one local worker or
    a scheduler address (already running).
    """
    if where.local or where.scheduler is not None or where in _early:
        return
    _early[where] = _Early(where)


class _Early:
    """A local cluster being started on a thread of its own."""

    def __init__(self, where: Where) -> None:
        self.ctx = _client(where, where.workers)
        self.client: Any = None
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._start, daemon=True)
        self.thread.start()

    def _start(self) -> None:
        try:
            self.client = self.ctx.__enter__()
        except BaseException as exc:  # handed to the caller by wait()
            self.error = exc

    def wait(self) -> Any:
        """The client, once the cluster is up; its start's error, raised here."""
        self.thread.join()
        if self.error is not None:
            raise self.error
        return self.client

    def close(self) -> None:
        self.thread.join()
        self.ctx.__exit__(None, None, None)


_early: dict[Where, _Early] = {}


def stop_early(where: Where) -> None:
    """Stop a cluster ``start_early`` started that no ``run_tasks`` used (the caller failed)."""
    early = _early.pop(where, None)
    if early is not None:
        early.close()


@atexit.register
def _close_early() -> None:
    """A cluster started early but never used (the command stopped before) is stopped."""
    while _early:
        _early.popitem()[1].close()


def _method(configured: str) -> str:
    """forkserver where Dask's default (spawn) is configured and the platform has it."""
    import multiprocessing

    if configured == "spawn" and "forkserver" in multiprocessing.get_all_start_methods():
        return "forkserver"
    return configured


class _client:
    """A Dask client on a fresh local cluster or on an existing scheduler, closed on exit."""

    def __init__(self, where: Where, tasks: int) -> None:
        self.where = where
        self.tasks = tasks
        self.cluster: Any = None
        self.client: Any = None

    def __enter__(self) -> Any:
        try:
            from distributed import Client, LocalCluster
        except ImportError as exc:  # pragma: no cover - dask is a dependency
            raise ClusterError(f"Dask is not installed ({exc})") from None
        if self.where.scheduler is not None:
            try:
                self.client = Client(self.where.scheduler, timeout="10s")
            except (OSError, TimeoutError, ValueError) as exc:
                raise ClusterError(f"{self.where.scheduler}: {exc}") from None
            return self.client
        import dask

        # Workers started by forkserver skip re-importing Python and numpy from scratch
        # (measured: 0.7 s less CPU than the default spawn); a method set by the user wins.
        method = dask.config.get("distributed.worker.multiprocessing-method", "spawn")
        with dask.config.set({"distributed.worker.multiprocessing-method": _method(method)}):
            self.cluster = self._local(LocalCluster)
        self.client = Client(self.cluster)
        return self.client

    def _local(self, local_cluster: Any) -> Any:
        import logging

        return local_cluster(
            n_workers=min(self.where.workers, self.tasks),
            threads_per_worker=THREADS_PER_WORKER,
            processes=True,
            # Dask's HTTP server always starts; on a free local port it never clashes with
            # another cluster's 8787 nor listens beyond this machine.
            dashboard_address="127.0.0.1:0",
            silence_logs=logging.ERROR,
        )

    def __exit__(self, *exc: object) -> None:
        if self.client is not None:
            self.client.close()
        if self.cluster is not None:
            self.cluster.close()
