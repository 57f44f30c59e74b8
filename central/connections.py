"""Deadlines and caps on connections, enforced in the HTTP protocol, below the app.

uvicorn's only timer is keep-alive, and any byte from the client cancels it: a client that
sends half a request head and then one byte now and then holds its connection (and a
file descriptor) for ever, and enough of them make the server hit its open-file limit,
stop accepting and log a traceback for every failed accept. `DeadlineProtocol` is
uvicorn's h11 protocol with what it lacks, in the manner of nginx:

- a **head deadline**: a request's line and headers must be complete within
  `head_timeout` seconds of the connection opening (or of the previous answer, on a
  kept-alive connection), however many bytes trickle in meanwhile;
- a **body deadline**: while a body is being read, no more than `body_timeout` seconds may
  pass without a byte of it (time the app is busy and not reading does not count);
- a **cap on connections**, `max_total` open at once (the server keeps it well under its
  open-file limit) and `max_per_address` from one client address. When the total is
  reached, a newcomer from an address with fewer connections takes the place of the
  oldest connection still waiting for its request head from the address with the most,
  so a few addresses holding many idle connections cannot lock the others out.

A connection over a cap or past a deadline is closed without an answer; each is logged,
and the log's repeat filter (central/logthrottle.py) turns a flood into a count.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

log = logging.getLogger("central.connections")

DEFAULT_HEAD_TIMEOUT = 10.0
DEFAULT_BODY_TIMEOUT = 30.0
DEFAULT_MAX_CONNECTIONS = 1000
DEFAULT_MAX_PER_ADDRESS = 64


@dataclass(frozen=True)
class ConnectionLimits:
    head_timeout: float = DEFAULT_HEAD_TIMEOUT
    body_timeout: float = DEFAULT_BODY_TIMEOUT
    max_total: int = DEFAULT_MAX_CONNECTIONS
    max_per_address: int = DEFAULT_MAX_PER_ADDRESS


class ConnectionGate:
    """Who holds the open connections, by client address, oldest first."""

    def __init__(self, max_total: int, max_per_address: int):
        self.max_total = max_total
        self.max_per_address = max_per_address
        self._by_address: dict[str, dict[DeadlineProtocol, None]] = {}
        self.total = 0

    def admit(self, connection: DeadlineProtocol) -> bool:
        address = connection.address
        mine = len(self._by_address.get(address, ()))
        if mine >= self.max_per_address:
            log.warning("refused a connection from %s: %d already open from that address",
                        address, mine)
            return False
        if self.total >= self.max_total:
            victim = self._victim(mine)
            if victim is None:
                log.warning("refused a connection from %s: %d connections open (the limit)",
                            address, self.total)
                return False
            log.warning("closed a waiting connection from %s to admit one from %s",
                        victim.address, address)
            victim.drop()
        self._by_address.setdefault(address, {})[connection] = None
        self.total += 1
        return True

    def release(self, connection: DeadlineProtocol) -> None:
        held = self._by_address.get(connection.address)
        if held is None or connection not in held:
            return
        del held[connection]
        self.total -= 1
        if not held:
            del self._by_address[connection.address]

    def _victim(self, newcomer_count: int) -> DeadlineProtocol | None:
        """The oldest connection awaiting its head, from the address holding the most
        connections, if that address holds more than the newcomer's would."""
        if not self._by_address:
            return None
        address, held = max(self._by_address.items(), key=lambda item: len(item[1]))
        if len(held) <= newcomer_count + 1:
            return None
        return next((c for c in held if c.awaiting_head), None)


class DeadlineProtocol(H11Protocol):
    """uvicorn's h11 protocol with head and body deadlines and the connection caps.

    Made for one server by `protocol_class(limits)`, which gives the class its limits and
    its gate (uvicorn's `http=` takes a protocol class)."""

    limits: ConnectionLimits = ConnectionLimits()
    gate: ConnectionGate = ConnectionGate(DEFAULT_MAX_CONNECTIONS, DEFAULT_MAX_PER_ADDRESS)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.address = "unknown"
        self._head_timer: asyncio.TimerHandle | None = None
        self._body_timer: asyncio.TimerHandle | None = None

    @property
    def awaiting_head(self) -> bool:
        return self._head_timer is not None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self.address = self.client[0] if self.client else "unknown"
        if not self.gate.admit(self):
            transport.abort()
            return
        self._watch()

    def data_received(self, data: bytes) -> None:
        reading_body = self.conn.their_state is h11.SEND_BODY
        super().data_received(data)
        if reading_body:
            self._cancel_body_timer()  # the body moved: its deadline starts again
        self._watch()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        self._watch()

    def connection_lost(self, exc: Exception | None) -> None:
        self.gate.release(self)
        self._cancel_head_timer()
        self._cancel_body_timer()
        super().connection_lost(exc)

    def drop(self) -> None:
        """Close at once, giving up the connection's place."""
        self.gate.release(self)
        self._cancel_head_timer()
        self._cancel_body_timer()
        self.transport.abort()

    # -- the deadlines --------------------------------------------------------------------

    def _watch(self) -> None:
        if self.transport is None or self.transport.is_closing():
            self._cancel_head_timer()
            self._cancel_body_timer()
            return
        state = self.conn.their_state
        if state is h11.IDLE:
            self._cancel_body_timer()
            if self._head_timer is None:
                self._head_timer = self.loop.call_later(self.limits.head_timeout, self._head_late)
        elif state is h11.SEND_BODY:
            self._cancel_head_timer()
            if self._body_timer is None:
                self._body_timer = self.loop.call_later(self.limits.body_timeout, self._body_late)
        else:
            self._cancel_head_timer()
            self._cancel_body_timer()

    def _head_late(self) -> None:
        self._head_timer = None
        if self.conn.their_state is not h11.IDLE:
            return
        log.warning("closed a connection from %s: no complete request head within %g s",
                    self.address, self.limits.head_timeout)
        self.drop()

    def _body_late(self) -> None:
        self._body_timer = None
        if self.conn.their_state is not h11.SEND_BODY:
            return
        if self.flow.read_paused:
            # The app has not taken what came; the client is not the one waiting.
            self._watch()
            return
        log.warning("closed a connection from %s: its request body stalled for %g s",
                    self.address, self.limits.body_timeout)
        self.drop()

    def _cancel_head_timer(self) -> None:
        if self._head_timer is not None:
            self._head_timer.cancel()
            self._head_timer = None

    def _cancel_body_timer(self) -> None:
        if self._body_timer is not None:
            self._body_timer.cancel()
            self._body_timer = None


def protocol_class(limits: ConnectionLimits) -> type[DeadlineProtocol]:
    """A protocol class for one server: these limits and a gate of its own."""
    gate = ConnectionGate(limits.max_total, limits.max_per_address)
    return type("ServerDeadlineProtocol", (DeadlineProtocol,), {"limits": limits, "gate": gate})
