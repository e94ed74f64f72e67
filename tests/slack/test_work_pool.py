"""The pool that runs listeners' work after the ack: work runs, failures reach the caller, and
shutting down finishes what was handed over."""

from __future__ import annotations

import threading
import time

import pytest

from bot.slack.work_pool import WorkPool


def test_work_runs_on_the_pools_threads_and_failures_reach_the_future() -> None:
    pool = WorkPool(2, thread_name_prefix="test-work")

    names = [pool.submit(lambda: threading.current_thread().name) for _ in range(4)]
    failed = pool.submit(lambda: 1 // 0)

    assert all(f.result(timeout=5).startswith("test-work-") for f in names)
    with pytest.raises(ZeroDivisionError):
        failed.result(timeout=5)
    pool.shutdown()


def test_shutdown_finishes_the_work_already_handed_over_and_refuses_more() -> None:
    pool = WorkPool(1)
    done: list[int] = []
    for n in range(3):
        pool.submit(lambda n=n: (time.sleep(0.05), done.append(n)))

    pool.shutdown(wait=True)

    assert done == [0, 1, 2]
    with pytest.raises(RuntimeError):
        pool.submit(print)


def test_busy_counts_work_queued_and_running_until_it_is_done() -> None:
    pool = WorkPool(1)
    started, release = threading.Event(), threading.Event()

    def hold() -> None:
        started.set()
        release.wait(5)

    first = pool.submit(hold)
    assert started.wait(5)
    second = pool.submit(lambda: None)
    assert pool.busy() == 2  # one running, one waiting behind it
    release.set()
    first.result(timeout=5)
    second.result(timeout=5)
    deadline = time.monotonic() + 5
    while pool.busy() and time.monotonic() < deadline:
        time.sleep(0.01)
    assert pool.busy() == 0
    pool.shutdown()
