"""What every device kind shares: one state enum, the errors, and a worker thread.

Each device does one thing at a time on its own worker thread; a second request while it
is busy is refused at once with DeviceBusy, so a double tap never queues two card reads.
"""

from __future__ import annotations

import enum
import logging
import queue
import threading
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import Any, TypeVar

log = logging.getLogger(__name__)

T = TypeVar("T")


class DeviceState(enum.Enum):
    """The one state vocabulary for every device, shown to technicians and the platform."""

    READY = "ready"
    BUSY = "busy"
    NO_DEVICE = "no_device"  # unplugged, port missing, no reader
    NO_CARD = "no_card"  # reader fine, nothing presented
    CARD_PRESENT = "card_present"
    PAPER_NEAR_END = "paper_near_end"  # still prints; technician should refill
    PAPER_OUT = "paper_out"
    COVER_OPEN = "cover_open"
    NEEDS_PIN = "needs_pin"  # card wants a PIN or a secure module
    UNSUPPORTED_CARD = "unsupported_card"
    HARDWARE_ERROR = "hardware_error"
    UNKNOWN = "unknown"  # no answer to a status request: never assume fine

    @property
    def can_serve(self) -> bool:
        """True when the device can do its job for a resident right now."""
        return self in {
            DeviceState.READY,
            DeviceState.NO_CARD,
            DeviceState.CARD_PRESENT,
            DeviceState.PAPER_NEAR_END,
        }


class DeviceError(Exception):
    """A device failed in a way the resident or technician should hear about.

    `state` says what the device is now; `message` is plain language for a technician
    and never holds personal data.
    """

    def __init__(self, state: DeviceState, message: str):
        super().__init__(message)
        self.state = state
        self.message = message


class DeviceBusy(DeviceError):
    def __init__(self, device: str):
        super().__init__(DeviceState.BUSY, f"{device} is busy with another request")


class DeviceTimeout(DeviceError):
    def __init__(self, device: str, what: str):
        super().__init__(DeviceState.UNKNOWN, f"{device} did not answer {what} in time")


@dataclass(frozen=True)
class DeviceHealth:
    """A snapshot for the UI, the CLI and the platform heartbeat."""

    kind: str  # "id_reader", "card_reader", "printer", "camera"
    name: str  # model or driver name
    state: DeviceState
    detail: str = ""  # plain language, no personal data
    extra: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "name": self.name,
            "state": self.state.value,
            "detail": self.detail,
            **self.extra,
        }


class DeviceWorker:
    """One thread per device; runs one request at a time and refuses the second."""

    def __init__(self, name: str):
        self.name = name
        self._jobs: queue.Queue[tuple[Callable[[], Any], Future] | None] = queue.Queue()
        self._busy = threading.Lock()
        self._thread = threading.Thread(target=self._run, name=f"device-{name}", daemon=True)
        self._thread.start()

    def submit(self, job: Callable[[], T]) -> Future[T]:
        """Queue `job` unless one is already running or waiting; raise DeviceBusy if so."""
        if not self._busy.acquire(blocking=False):
            raise DeviceBusy(self.name)
        future: Future[T] = Future()
        self._jobs.put((job, future))
        return future

    def call(self, job: Callable[[], T], timeout: float | None = None) -> T:
        """Run `job` on the device thread and wait for its result."""
        return self.submit(job).result(timeout)

    def stop(self) -> None:
        self._jobs.put(None)
        self._thread.join(timeout=5)

    def _run(self) -> None:
        while True:
            item = self._jobs.get()
            if item is None:
                return
            job, future = item
            running = future.set_running_or_notify_cancel()
            value: Any = None
            failure: BaseException | None = None
            try:
                if running:
                    value = job()
            except BaseException as exc:  # handed to the caller, never lost
                failure = exc
            finally:
                # Free before the caller hears: whoever it wakes may send the next job.
                self._busy.release()
            if running:
                if failure is not None:
                    future.set_exception(failure)
                else:
                    future.set_result(value)
