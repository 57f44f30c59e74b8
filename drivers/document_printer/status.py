"""What an A4 printer says about itself, in the terms of IPP (RFC 8011, PWG 5100.x).

`printer-state` is idle, processing or stopped; `printer-state-reasons` are keywords
that may carry a severity suffix (`media-empty-report`, `toner-low-warning`,
`door-open-error`). The reasons are kept without the suffix, because printers disagree
on which suffix a condition gets (ippeveprinter reports an empty tray as
`media-empty-report`, some printers as `media-empty-error`): what a reason means for a
resident's proof is decided here, from the reason itself. "offline" is added by the
driver when the printer cannot be reached at all.

The words for residents and technicians live in the core (kiosk/document_printing.py),
translated there; this module gives the technician's English detail for logs and
`kiosk devices check`.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from drivers.base import DeviceHealth, DeviceState

SUFFIXES = ("-report", "-warning", "-error")
OFFLINE = "offline"  # the driver's own reason: no answer, connection refused, no queue

# Reasons that stop a proof from printing, most urgent first, with the DeviceState a
# technician's list shows for them.
BLOCKING: dict[str, DeviceState] = {
    OFFLINE: DeviceState.NO_DEVICE,
    "shutdown": DeviceState.NO_DEVICE,
    "door-open": DeviceState.COVER_OPEN,
    "cover-open": DeviceState.COVER_OPEN,
    "interlock-open": DeviceState.COVER_OPEN,
    "media-jam": DeviceState.HARDWARE_ERROR,
    "media-empty": DeviceState.PAPER_OUT,
    "media-needed": DeviceState.PAPER_OUT,
    "input-tray-missing": DeviceState.PAPER_OUT,
    "toner-empty": DeviceState.HARDWARE_ERROR,
    "marker-supply-empty": DeviceState.HARDWARE_ERROR,
    "marker-waste-full": DeviceState.HARDWARE_ERROR,
    "output-area-full": DeviceState.HARDWARE_ERROR,
    "paused": DeviceState.HARDWARE_ERROR,
    "spool-area-full": DeviceState.HARDWARE_ERROR,
}
# Reasons that say "soon": the proof still prints; a technician should act.
WARNINGS = ("toner-low", "media-low", "marker-supply-low", "marker-waste-almost-full",
            "output-area-almost-full", "developer-low")

TECHNICIAN_DETAIL = {
    OFFLINE: "the A4 printer does not answer (switched off, cable or network, wrong uri)",
    "shutdown": "the A4 printer is shutting down or switched off",
    "door-open": "a door of the A4 printer is open",
    "cover-open": "a cover of the A4 printer is open",
    "interlock-open": "an interlock of the A4 printer is open (a door or cover)",
    "media-jam": "paper is jammed in the A4 printer",
    "media-empty": "the A4 printer's paper tray is empty",
    "media-needed": "the A4 printer asks for paper",
    "input-tray-missing": "a paper tray of the A4 printer is missing",
    "toner-empty": "the A4 printer's toner is empty",
    "marker-supply-empty": "the A4 printer's ink or toner is empty",
    "marker-waste-full": "the A4 printer's waste toner tank is full",
    "output-area-full": "the A4 printer's output tray is full",
    "paused": "the A4 printer (or its queue) is paused",
    "spool-area-full": "the A4 printer's spool is full",
    "toner-low": "the A4 printer's toner is low: replace it soon",
    "media-low": "the A4 printer's paper is low: refill it soon",
    "marker-supply-low": "the A4 printer's ink or toner is low: replace it soon",
    "marker-waste-almost-full": "the A4 printer's waste toner tank is almost full",
    "output-area-almost-full": "the A4 printer's output tray is almost full",
    "developer-low": "the A4 printer's developer is low",
}


def strip_suffix(reason: str) -> str:
    for suffix in SUFFIXES:
        if reason.endswith(suffix):
            return reason[: -len(suffix)]
    return reason


def clean_reasons(raw: list[str] | tuple[str, ...] | str | None) -> tuple[str, ...]:
    """printer-state-reasons without suffixes, "none" and repeats, in the printer's order."""
    if raw is None:
        return ()
    if isinstance(raw, str):
        raw = [raw]
    seen: list[str] = []
    for reason in raw:
        keyword = strip_suffix(str(reason))
        if keyword and keyword != "none" and keyword not in seen:
            seen.append(keyword)
    return tuple(seen)


@dataclass(frozen=True)
class DocumentPrinterStatus:
    """One reading of the printer: `state` is idle, processing, stopped or offline."""

    state: str
    reasons: tuple[str, ...] = ()
    message: str = ""  # printer-state-message, as the printer wrote it
    accepting_jobs: bool = True
    where: str = ""  # the uri or queue, for the technician

    @classmethod
    def offline(cls, where: str, why: str) -> DocumentPrinterStatus:
        return cls("offline", (OFFLINE,), why, False, where)

    @property
    def blocking(self) -> tuple[str, ...]:
        """The reasons that stop a proof from printing, most urgent first."""
        found = [reason for reason in BLOCKING if reason in self.reasons]
        if not found and self.state == "stopped":
            found = [reason for reason in self.reasons if reason not in WARNINGS]
        return tuple(found)

    @property
    def warnings(self) -> tuple[str, ...]:
        return tuple(reason for reason in self.reasons if reason in WARNINGS)

    @property
    def can_print(self) -> bool:
        """True when a proof sent now should come out (warnings or not)."""
        return (self.state in ("idle", "processing") and self.accepting_jobs
                and not self.blocking)

    @property
    def device_state(self) -> DeviceState:
        """The state in the terminal's one vocabulary (technician list, heartbeat)."""
        blocking = self.blocking
        if blocking:
            return BLOCKING.get(blocking[0], DeviceState.HARDWARE_ERROR)
        if not self.can_print:  # stopped with no reason given, or refusing jobs
            return DeviceState.HARDWARE_ERROR
        if self.warnings:
            return DeviceState.PAPER_NEAR_END  # "still prints; the technician should act"
        return DeviceState.READY

    @property
    def technician_detail(self) -> str:
        """English, for logs and `kiosk devices check`: the state and every reason."""
        parts = [TECHNICIAN_DETAIL.get(reason, f"the A4 printer reports {reason}")
                 for reason in (*self.blocking, *self.warnings)]
        others = [r for r in self.reasons if r not in self.blocking and r not in self.warnings]
        if others:
            parts.append("also reported: " + ", ".join(others))
        if not self.accepting_jobs and self.state != "offline":
            parts.append("it does not accept jobs")
        if not parts:
            parts.append(f"{self.state}, ready to print")
        text = "; ".join(parts)
        if self.message and self.state == "offline":
            text += f" ({self.message})"
        return f"{text} [{self.where}]" if self.where else text

    @classmethod
    def from_health(cls, health: DeviceHealth) -> DocumentPrinterStatus | None:
        """The reading a health check carried (see `health`), or None when it carries
        none (the check itself failed, or the printer was busy and never checked)."""
        extra = health.extra or {}
        if "printer_state" not in extra:
            return None
        return cls(extra["printer_state"], tuple(extra.get("reasons", ())))

    def health(self, name: str) -> DeviceHealth:
        return DeviceHealth("document_printer", name, self.device_state,
                            self.technician_detail,
                            {"printer_state": self.state, "reasons": list(self.reasons)})


@dataclass(frozen=True)
class JobOutcome:
    """How a print job ended, as far as the printer would tell.

    `state` is an IPP job-state (completed, aborted, canceled, processing-stopped...) or
    "timeout" when it was still going when the caller stopped waiting, or "unknown"
    when the printer could no longer be asked. `printer` is the status read at the end:
    for a job that stopped, its reasons say why (media-empty, media-jam).
    """

    job_id: int
    state: str
    reasons: tuple[str, ...] = ()
    printer: DocumentPrinterStatus | None = None

    @property
    def completed(self) -> bool:
        return self.state == "completed"


FINAL_JOB_STATES = ("completed", "aborted", "canceled")
JOB_POLL_S = 0.5


def follow_job(job_id: int, timeout_s: float,
               job_state: Callable[[int], tuple[str, tuple[str, ...]]],
               status: Callable[[], DocumentPrinterStatus]) -> JobOutcome:
    """Ask after a job until it ends (completed, aborted, canceled), the printer holds it
    (a blocking reason such as media-empty or a jam: "processing-stopped", so the
    resident hears it now, not after a timeout), or `timeout_s` passes ("timeout")."""
    deadline = time.monotonic() + timeout_s
    while True:
        state, reasons = job_state(job_id)
        printer = status()
        if state in FINAL_JOB_STATES or state == "processing-stopped":
            break
        if printer.blocking:
            state = "processing-stopped"
            break
        if time.monotonic() >= deadline:
            state = "timeout" if state != "unknown" else state
            break
        time.sleep(JOB_POLL_S)
    return JobOutcome(job_id, state, reasons, printer)
