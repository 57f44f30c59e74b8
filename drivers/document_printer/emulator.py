"""An A4 printer inside the process, for the demo, the tour and tests with no printer.

It keeps the jobs it was sent (the last KEPT_JOBS, in memory) so a test or the tour can
read them back, and it can be told a fault: any IPP reason ("media-empty", "toner-low",
"door-open", "media-jam"...) or offline. A job sent while a blocking fault is set waits
as "processing-stopped", as a real printer holds it, and completes once the fault is
cleared.
"""

from __future__ import annotations

import threading
from collections import deque
from dataclasses import dataclass

from drivers.base import DeviceError, DeviceHealth, DeviceState
from drivers.document_printer.status import DocumentPrinterStatus, JobOutcome, clean_reasons

KEPT_JOBS = 20
WHERE = "emulated A4 printer"


@dataclass
class EmulatedJob:
    job_id: int
    title: str
    data: bytes
    state: str = "processing-stopped"


class EmulatedDocumentPrinter:
    def __init__(self, *, reasons: tuple[str, ...] = (), offline: bool = False):
        self._lock = threading.Lock()
        self.reasons: tuple[str, ...] = clean_reasons(reasons)
        self.offline = offline
        self.jobs: deque[EmulatedJob] = deque(maxlen=KEPT_JOBS)
        self._next_id = 1

    # -- switches (the demo's simulator, tests) -------------------------------------

    def set_fault(self, *reasons: str, offline: bool = False) -> None:
        """Report these reasons from now on (none: all clear); `offline`: unreachable."""
        with self._lock:
            self.reasons, self.offline = clean_reasons(reasons), offline

    def printed(self) -> list[EmulatedJob]:
        """The jobs that came out, oldest first."""
        self._advance()
        with self._lock:
            return [job for job in self.jobs if job.state == "completed"]

    # -- the driver API ---------------------------------------------------------------

    def status(self) -> DocumentPrinterStatus:
        with self._lock:
            if self.offline:
                return DocumentPrinterStatus.offline(WHERE, "switched off (emulated)")
            held = any(job.state not in ("completed", "canceled") for job in self.jobs)
            reading = DocumentPrinterStatus("idle", self.reasons, where=WHERE)
            if reading.blocking:
                return DocumentPrinterStatus("processing" if held else "idle",
                                             self.reasons, where=WHERE)
            return reading

    def print_pdf(self, data: bytes, title: str) -> int:
        if not data.startswith(b"%PDF-"):
            raise DeviceError(DeviceState.HARDWARE_ERROR,
                              "the A4 printer refused the job: not a PDF document")
        with self._lock:
            if self.offline:
                raise DeviceError(DeviceState.NO_DEVICE,
                                  f"the {WHERE} cannot be reached (switched off)")
            job = EmulatedJob(self._next_id, title, bytes(data))
            self._next_id += 1
            self.jobs.append(job)
        self._advance()
        return job.job_id

    def wait_for_job(self, job_id: int, timeout_s: float) -> JobOutcome:
        self._advance()
        status = self.status()
        with self._lock:
            job = next((job for job in self.jobs if job.job_id == job_id), None)
        if job is None:
            return JobOutcome(job_id, "unknown", (), status)
        reasons = ("job-completed-successfully",) if job.state == "completed" else status.blocking
        return JobOutcome(job_id, job.state, reasons, status)

    def cancel(self, job_id: int) -> None:
        with self._lock:
            for job in self.jobs:
                if job.job_id == job_id and job.state != "completed":
                    job.state = "canceled"

    def health(self) -> DeviceHealth:
        return self.status().health("emulated A4 printer")

    def close(self) -> None:
        pass

    def _advance(self) -> None:
        """Jobs held by a fault come out once it is cleared."""
        if self.status().can_print:
            with self._lock:
                for job in self.jobs:
                    if job.state != "canceled":
                        job.state = "completed"
