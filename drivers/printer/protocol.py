"""What the core may ask of a receipt printer, whatever its model or connection."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from drivers.base import DeviceHealth, DeviceState
from drivers.printer.document import ReceiptDocument


@dataclass(frozen=True)
class PrintResult:
    """How a print job went, as far as the printer would tell.

    `state_after` is the status read after the job: PAPER_OUT here means the roll ran
    out during the job and the end of the receipt is probably missing. `unknown_status`
    is True when the printer did not answer a status request before or after the job, so
    nobody can say the receipt came out whole.
    """

    state_after: DeviceState
    bytes_sent: int
    unknown_status: bool

    @property
    def surely_printed(self) -> bool:
        """True only when the printer confirmed it could print before and after."""
        return not self.unknown_status and self.state_after.can_serve


@runtime_checkable
class ReceiptPrinter(Protocol):
    def status(self) -> DeviceState:
        """READY, PAPER_NEAR_END, PAPER_OUT, COVER_OPEN, NO_DEVICE or UNKNOWN."""
        ...

    def print_receipt(self, doc: ReceiptDocument) -> PrintResult:
        """Print `doc`; raise DeviceError (nothing printed) if the printer cannot print."""
        ...

    def health(self) -> DeviceHealth: ...

    def close(self) -> None: ...
