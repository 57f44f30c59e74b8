"""Several worker processes serving one listening socket (the pre-fork model).

The parent binds the socket and does the first-start work, then forks the workers; each
opens its own database connections and accepts on the shared socket (the kernel hands
each new connection to one of them). The parent only supervises: it says the server is
listening once every worker is, passes SIGTERM or SIGINT on to the workers, and waits.

A worker that ends on its own (a crash, the out-of-memory killer) is not restarted: the
parent logs which one and how it ended, stops the others and exits 1, so the service
manager (systemd's Restart=on-failure) restarts the whole server from a clean start. A
restart in place would fork from a parent that runs threads (the attachment collector)
and would hide a worker that dies again at once.
"""

from __future__ import annotations

import logging
import os
import select
import signal
import time
from collections.abc import Callable

log = logging.getLogger("central.prefork")

# How often the parent looks for ended workers when no signal wakes it.
POLL_SECONDS = 0.2
# A worker still running this long after SIGTERM is killed.
STOP_LIMIT_SECONDS = 15.0
# A safety net against a worker that never says it is ready; not a performance threshold.
READY_LIMIT_SECONDS = 120.0


class WorkerFailed(Exception):
    """A worker ended before the server was told to stop."""


def run(
    count: int,
    work: Callable[[Callable[[], None]], int],
    *,
    on_ready: Callable[[], None],
    on_started: Callable[[], None] = lambda: None,
) -> int:
    """Fork `count` workers running `work(ready)` (which calls `ready()` once it accepts
    connections and returns its exit code), call `on_ready()` when all have, and
    `on_started()` in the parent right after forking. Returns the server's exit code."""
    ready_read, ready_write = os.pipe()
    workers: dict[int, int] = {}  # pid -> worker number
    for number in range(count):
        pid = os.fork()
        if pid == 0:
            os.close(ready_read)
            _worker(work, ready_write)  # never returns
        workers[pid] = number
    os.close(ready_write)
    stopping = False

    def stop(signum, _frame):
        nonlocal stopping
        stopping = True

    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        on_started()
        _wait_until_ready(ready_read, count, workers, lambda: stopping)
        if not stopping:
            on_ready()
        while not stopping:
            _raise_if_a_worker_ended(workers)
            time.sleep(POLL_SECONDS)
        return 0
    except WorkerFailed as failure:
        log.error("%s; stopping the server", failure)
        return 1
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        os.close(ready_read)
        _stop(workers)


def _worker(work: Callable[[Callable[[], None]], int], ready_write: int) -> None:
    code = 1
    try:
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, signal.SIG_DFL)

        def ready() -> None:
            os.write(ready_write, b"r")

        code = work(ready)
    except BaseException:
        log.exception("worker %d failed", os.getpid())
    finally:
        os._exit(code)  # never run the parent's cleanup in a child


def _wait_until_ready(ready_read: int, count: int, workers: dict[int, int], stopping) -> None:
    deadline = time.monotonic() + READY_LIMIT_SECONDS
    seen = 0
    while seen < count and not stopping():
        readable, _, _ = select.select([ready_read], [], [], POLL_SECONDS)
        if readable:
            got = os.read(ready_read, count)
            seen += len(got)
        _raise_if_a_worker_ended(workers)
        if time.monotonic() > deadline:
            raise WorkerFailed(f"{count - seen} worker(s) not ready after "
                               f"{READY_LIMIT_SECONDS:.0f} s")


def _raise_if_a_worker_ended(workers: dict[int, int]) -> None:
    try:
        pid, status = os.waitpid(-1, os.WNOHANG)
    except ChildProcessError:
        return
    if pid == 0 or pid not in workers:
        return
    number = workers.pop(pid)
    raise WorkerFailed(f"worker {number} (pid {pid}) {_how_it_ended(status)}")


def _how_it_ended(status: int) -> str:
    if os.WIFSIGNALED(status):
        signum = os.WTERMSIG(status)
        return f"was killed by signal {signum} ({signal.Signals(signum).name})"
    return f"exited with code {os.waitstatus_to_exitcode(status)}"


def _stop(workers: dict[int, int]) -> None:
    """SIGTERM to every worker still running (uvicorn finishes what it is answering),
    SIGKILL to any still there after STOP_LIMIT_SECONDS."""
    for pid in workers:
        _signal(pid, signal.SIGTERM)
    deadline = time.monotonic() + STOP_LIMIT_SECONDS
    while workers:
        try:
            pid, _status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            break
        if pid in workers:
            del workers[pid]
            continue
        if time.monotonic() > deadline:
            for pid in workers:
                _signal(pid, signal.SIGKILL)
            for pid in list(workers):
                os.waitpid(pid, 0)
            workers.clear()
            break
        time.sleep(0.05)


def _signal(pid: int, signum: int) -> None:
    try:
        os.kill(pid, signum)
    except ProcessLookupError:
        pass
