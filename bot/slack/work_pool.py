"""The threads that run listeners' work after the ack (Bolt's lazy listeners).

Bolt hands every lazy listener to an `Executor` from the request thread, before the ack goes
back to Slack. The standard `ThreadPoolExecutor.submit` holds a process-wide lock while it
builds the work item and may start a thread; on two busy cores the thread holding that lock
waits for the interpreter behind the work already running, and every other request queues
behind it (profiled with cProfile: 97% of a concurrent `setup` ack was spent in `submit`). This
pool starts its threads once and hands work over through a lock-free queue, so an ack waits
for nobody."""

from __future__ import annotations

import queue
import threading
import weakref
from collections.abc import Callable
from concurrent.futures import Executor, Future
from typing import Any, TypeVar

T = TypeVar("T")

_Work = tuple[Future[Any], Callable[..., Any], tuple[Any, ...], dict[str, Any]]


class WorkPool(Executor):
    """A fixed number of worker threads, started at once; `submit` only enqueues."""

    def __init__(self, max_workers: int, thread_name_prefix: str = "work") -> None:
        self._queue: queue.SimpleQueue[_Work | None] = queue.SimpleQueue()
        self._closed = False
        # Names of the work running now, one entry per worker busy (list append and remove are
        # atomic under the GIL, so `submit` still takes no lock).
        self._running: list[int] = []
        self._threads = [
            threading.Thread(
                target=_work,
                args=(self._queue, self._running),
                name=f"{thread_name_prefix}-{n}",
                daemon=True,
            )
            for n in range(max_workers)
        ]
        for thread in self._threads:
            thread.start()
        # The workers stop when the pool is shut down, dropped, or the interpreter exits; work
        # already handed over finishes first (as with ThreadPoolExecutor).
        self._stop = weakref.finalize(self, _stop, self._queue, self._threads)

    def submit(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> Future[T]:
        """Queue `fn(*args, **kwargs)`; raises RuntimeError after `shutdown`."""
        if self._closed:
            raise RuntimeError("cannot schedule new work after shutdown")
        future: Future[T] = Future()
        self._queue.put((future, fn, args, kwargs))
        return future

    def busy(self) -> int:
        """How many pieces of work are queued or running now (a moment's reading)."""
        return self._queue.qsize() + len(self._running)

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        """Take no more work; the workers finish what is queued, then stop."""
        if self._closed:
            return
        self._closed = True
        if cancel_futures:
            while True:
                try:
                    queued = self._queue.get_nowait()
                except queue.Empty:
                    break
                if queued is not None:
                    queued[0].cancel()
        if wait:
            self._stop()
            return
        self._stop.detach()
        for _ in self._threads:
            self._queue.put(None)


def _work(work: queue.SimpleQueue[_Work | None], running: list[int]) -> None:
    """One worker: run what is queued until told to stop (None)."""
    marker = threading.get_ident()
    while (queued := work.get()) is not None:
        future, fn, args, kwargs = queued
        if not future.set_running_or_notify_cancel():
            continue
        running.append(marker)
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as error:  # noqa: BLE001 - handed to whoever waits on the future
            future.set_exception(error)
        finally:
            running.remove(marker)


def _stop(work: queue.SimpleQueue[_Work | None], threads: list[threading.Thread]) -> None:
    """Tell every worker to stop once the queue is drained, and wait for them."""
    for _ in threads:
        work.put(None)
    for thread in threads:
        if thread is not threading.current_thread():
            thread.join()
