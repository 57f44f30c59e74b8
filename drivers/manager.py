"""The terminal's devices: one worker thread each, health, and failures logged once.

The composition root hands in the devices it built (real or emulated, from config);
nothing here news up a device. Every request runs on that device's own thread, one at a
time; a failure is logged once when it starts and once when it clears, and each device's
state is what its last request or poll found, never a guess.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any, TypeVar

from drivers.base import DeviceBusy, DeviceError, DeviceHealth, DeviceState, DeviceWorker
from drivers.id_reader.protocol import CardCheckFailed, CardRefused

log = logging.getLogger(__name__)
T = TypeVar("T")

CARD_READERS = ("id_reader", "card_reader")


class DeviceManager:
    def __init__(self, devices: dict[str, Any], *, request_timeout_s: float = 30.0):
        self.devices = devices
        self._workers = {kind: DeviceWorker(kind) for kind in devices}
        # Set unless a health probe is running on that device's thread.
        self._probe_done = {kind: threading.Event() for kind in devices}
        for done in self._probe_done.values():
            done.set()
        self._failing: dict[str, str] = {}  # kind -> what failed, while it fails
        self._last_health: dict[str, DeviceHealth] = {}
        self._timeout = request_timeout_s

    def call(self, kind: str, request: Callable[[Any], T]) -> T:
        """Run `request(device)` on the device's thread; DeviceError passes through.

        A request that meets a health probe (the heartbeat's, on the sync thread) waits for
        it and goes: a resident's photo must not fail because the platform asked how the
        camera is. A request that meets another request is refused as busy."""
        device = self.devices[kind]
        try:
            try:
                result = self._workers[kind].call(lambda: request(device),
                                                  timeout=self._timeout)
            except DeviceBusy:
                if self._probe_done[kind].is_set():
                    raise
                self._probe_done[kind].wait(self._timeout)
                result = self._workers[kind].call(lambda: request(device),
                                                  timeout=self._timeout)
        except DeviceError as exc:
            if exc.state is not DeviceState.BUSY:
                self._failed(kind, exc.message)
            raise
        except TimeoutError:
            self._failed(kind, "no answer within the request timeout")
            raise DeviceError(DeviceState.UNKNOWN, f"{kind} did not answer in time") from None
        self._recovered(kind)
        return result

    def submit(self, kind: str, request: Callable[[Any], T]) -> Future[T]:
        """Start `request(device)` on the device's thread and return at once: the Future
        holds the result or the DeviceError. For work the UI thread must not wait on (a
        receipt on a printer that may take seconds to answer). Raises DeviceBusy when the
        device is already at work."""
        device = self.devices[kind]
        future = self._workers[kind].submit(lambda: request(device))

        def logged(done: Future) -> None:
            exc = done.exception()
            if exc is None:
                self._recovered(kind)
            elif isinstance(exc, DeviceError) and exc.state is not DeviceState.BUSY:
                self._failed(kind, exc.message)

        future.add_done_callback(logged)
        return future

    def poll_cards(self) -> list[tuple[str, Any]]:
        """One poll of each card reader: (reader kind, CardRead | CardRemoved) events.

        A reader that fails is reported through health(), and the others keep working.
        A card whose data failed its check on every read is a CardRefused event, so the
        screen can tell the resident.
        """
        events = []
        for kind in CARD_READERS:
            if kind not in self.devices:
                continue
            try:
                event = self.call(kind, lambda reader: reader.poll())
            except CardCheckFailed as exc:
                event = CardRefused(exc.problem)
            except DeviceError:
                continue
            if event is not None:
                events.append((kind, event))
        return events

    def health(self) -> list[DeviceHealth]:
        """Each device's health, asked on its own thread (a health check may talk to the
        hardware); a device busy with a resident's request reports its last known health."""
        snapshot = []
        for kind, device in self.devices.items():
            try:
                self._probe_done[kind].clear()
                try:
                    health = self._workers[kind].call(device.health, timeout=self._timeout)
                finally:
                    self._probe_done[kind].set()
            except DeviceBusy:
                health = self._last_health.get(kind) or DeviceHealth(
                    kind, type(device).__name__, DeviceState.BUSY, "busy with a request")
            except Exception as exc:  # noqa: BLE001 - a health probe must never take us down
                health = DeviceHealth(kind, type(device).__name__, DeviceState.HARDWARE_ERROR,
                                      f"health check failed: {type(exc).__name__}")
            if health.state.can_serve:
                self._recovered(kind)  # the probe talked to the device: it serves again
            self._last_health[kind] = health
            snapshot.append(health)
        return snapshot

    def last_health(self, kind: str) -> DeviceHealth | None:
        """The last health check's finding, without asking again (None: never checked)."""
        return self._last_health.get(kind)

    def last_state(self, kind: str) -> DeviceState | None:
        """The state the last health check found, without asking again (None: never
        checked): what a screen may read on its own thread."""
        health = self._last_health.get(kind)
        return health.state if health is not None else None

    def state(self, kind: str) -> DeviceState:
        return next(h.state for h in self.health() if h.kind == kind)

    def close(self) -> None:
        for kind, device in self.devices.items():
            self._workers[kind].stop()
            try:
                device.close()
            except Exception as exc:  # noqa: BLE001 - closing must reach every device
                log.warning("closing %s failed: %s", kind, type(exc).__name__)

    def _failed(self, kind: str, what: str) -> None:
        if kind not in self._failing:
            log.warning("%s failing: %s", kind, what)
        self._failing[kind] = what

    def _recovered(self, kind: str) -> None:
        if self._failing.pop(kind, None) is not None:
            log.info("%s recovered", kind)
