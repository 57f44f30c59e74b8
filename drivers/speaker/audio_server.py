"""What the terminal's audio server (PulseAudio, or PipeWire's pulse service) says: is it
there at all, and is a headset plugged into the jack.

A thread keeps the answer fresh so reading it costs nothing: it reads the sinks with
`pactl --format=json list sinks` at start, whenever `pactl subscribe` reports a sink or
card change (a jack plugged or pulled), and every few seconds in any case (so a server
that comes back, or goes, is noticed). A sink port of type Headphones or Headset whose
availability is "available" means a headset is plugged.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import threading
from typing import Any

HEADSET_PORT_TYPES = {"headphones", "headset"}
RECHECK_S = 5.0
PACTL_TIMEOUT_S = 3.0


def headset_plugged(sinks: list[dict[str, Any]]) -> bool:
    """True when a sink has a headphone or headset port that is available (plugged).

    `sinks` is what `pactl --format=json list sinks` prints. Ports of older servers carry
    no "type": their name says it (analog-output-headphones)."""
    for sink in sinks:
        for port in sink.get("ports") or []:
            kind = str(port.get("type", "")).lower()
            name = str(port.get("name", "")).lower()
            is_headset = kind in HEADSET_PORT_TYPES or (
                kind in ("", "unknown") and ("headphone" in name or "headset" in name))
            if is_headset and port.get("availability") == "available":
                return True
    return False


def read_sinks(pactl: str) -> list[dict[str, Any]] | None:
    """The server's sinks, or None when no audio server answers."""
    try:
        done = subprocess.run([pactl, "--format=json", "list", "sinks"], capture_output=True,
                              text=True, timeout=PACTL_TIMEOUT_S, check=False)
    except (subprocess.TimeoutExpired, OSError):
        return None
    if done.returncode != 0:
        return None
    try:
        sinks = json.loads(done.stdout or "[]")
    except json.JSONDecodeError:
        return None
    return sinks if isinstance(sinks, list) else None


class AudioServerWatch:
    """The audio server's state, kept fresh by a thread; every read is a cached value."""

    def __init__(self) -> None:
        self.pactl = shutil.which("pactl")
        self.reachable: bool | None = None  # None: not known (no pactl, or not looked yet)
        self.headset = False
        self._changed = threading.Event()
        self._closing = threading.Event()
        self._subscriber: subprocess.Popen | None = None
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        if self.pactl is not None:
            self._thread = threading.Thread(target=self._watch, name="audio-server-watch",
                                            daemon=True)
            self._thread.start()

    def refresh(self) -> None:
        """Read the sinks now (on the caller's thread)."""
        if self.pactl is None:
            return
        sinks = read_sinks(self.pactl)
        self.reachable = sinks is not None
        self.headset = headset_plugged(sinks or [])

    def close(self) -> None:
        self._closing.set()
        self._changed.set()
        self._end_subscriber()
        if self._thread is not None:
            self._thread.join(timeout=PACTL_TIMEOUT_S + 2)

    def _watch(self) -> None:
        while not self._closing.is_set():
            self.refresh()
            if self.reachable and (self._subscriber is None or self._subscriber.poll() is not None):
                self._subscribe()
            self._changed.wait(RECHECK_S)
            self._changed.clear()

    def _subscribe(self) -> None:
        with self._lock:
            if self._closing.is_set():
                return
            try:
                self._subscriber = subprocess.Popen(
                    [self.pactl, "subscribe"], stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                    stderr=subprocess.DEVNULL, text=True)
            except OSError:
                self._subscriber = None
                return
        threading.Thread(target=self._read_events, args=(self._subscriber,),
                         name="audio-server-events", daemon=True).start()

    def _read_events(self, subscriber: subprocess.Popen) -> None:
        for line in subscriber.stdout:  # "Event 'change' on sink #0" ...
            if " on sink " in line or " on card " in line or " on server" in line:
                self._changed.set()
        subscriber.stdout.close()
        subscriber.wait()
        self._changed.set()  # the server went away: look again now

    def _end_subscriber(self) -> None:
        with self._lock:
            subscriber, self._subscriber = self._subscriber, None
        if subscriber is not None and subscriber.poll() is None:
            subscriber.terminate()
            try:
                subscriber.wait(timeout=2)
            except subprocess.TimeoutExpired:
                subscriber.kill()
                subscriber.wait()
