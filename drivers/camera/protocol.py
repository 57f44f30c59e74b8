"""What the core may ask of a camera: frames, and an honest state."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol, runtime_checkable

from drivers.base import DeviceHealth, DeviceState

if TYPE_CHECKING:
    import numpy as np


@runtime_checkable
class Camera(Protocol):
    def open(self) -> None:
        """Start the camera. Never raises for a missing camera: state() says NO_DEVICE."""
        ...

    def read_frame(self) -> np.ndarray | None:
        """The latest frame (BGR, height x width x 3), or None if none could be read."""
        ...

    def state(self) -> DeviceState:
        """READY, NO_DEVICE (unplugged or failing) or UNKNOWN (not opened yet)."""
        ...

    def health(self) -> DeviceHealth: ...

    def close(self) -> None: ...
