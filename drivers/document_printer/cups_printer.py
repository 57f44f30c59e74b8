"""An A4 printer behind a CUPS queue (pycups, the `printer-cups` extra).

The queue's own `printer-state` and `printer-state-reasons` are read as an IPP
printer's are (CUPS passes on what its backend learns from the printer). Each PDF is one
job, streamed to CUPS without a temporary file. CUPS keeps a printed job's document in
its spool for a day by default (PreserveJobFiles): a proof with a resident's record in
it must not stay there, so once a job has ended it is purged, document and all.
"""

from __future__ import annotations

import logging

from drivers.base import DeviceError, DeviceHealth, DeviceState
from drivers.document_printer.ipp import JOB_STATES, PRINTER_STATES
from drivers.document_printer.status import (
    FINAL_JOB_STATES,
    DocumentPrinterStatus,
    JobOutcome,
    clean_reasons,
    follow_job,
)

try:
    import cups
except ImportError:  # the printer-cups extra is not installed
    cups = None

log = logging.getLogger(__name__)

PDF = "application/pdf"


class CupsDocumentPrinter:
    def __init__(self, queue: str):
        self.queue = queue
        self.where = f"CUPS queue {queue!r}"

    def _connection(self):
        if cups is None:
            raise ConnectionError("CUPS printing needs pycups: install the kiosk with its "
                                  "'printer-cups' extra (it builds against libcups2-dev)")
        try:
            return cups.Connection()
        except RuntimeError as exc:
            raise ConnectionError(f"cannot reach the CUPS server: {exc}") from None

    def status(self) -> DocumentPrinterStatus:
        try:
            attributes = self._connection().getPrinterAttributes(
                self.queue, requested_attributes=[
                    "printer-state", "printer-state-reasons", "printer-state-message",
                    "printer-is-accepting-jobs"])
        except ConnectionError as exc:
            return DocumentPrinterStatus.offline(self.where, str(exc))
        except cups.IPPError as exc:
            return DocumentPrinterStatus.offline(self.where, f"CUPS has no such queue ({exc})")
        return DocumentPrinterStatus(
            state=PRINTER_STATES.get(attributes.get("printer-state"), "stopped"),
            reasons=clean_reasons(attributes.get("printer-state-reasons")),
            message=attributes.get("printer-state-message", ""),
            accepting_jobs=bool(attributes.get("printer-is-accepting-jobs", True)),
            where=self.where)

    def print_pdf(self, data: bytes, title: str) -> int:
        """One job of one PDF; its job id. DeviceError when CUPS refuses it."""
        try:
            server = self._connection()
            job_id = server.createJob(self.queue, title, {})
            server.startDocument(self.queue, job_id, title, PDF, 1)
            server.writeRequestData(data, len(data))
            server.finishDocument(self.queue)
        except ConnectionError as exc:
            raise DeviceError(DeviceState.NO_DEVICE, str(exc)) from None
        except cups.IPPError as exc:
            raise DeviceError(DeviceState.NO_DEVICE,
                              f"{self.where} refused the job: {_reason(exc)}") from None
        log.info("A4 job %s sent to %s (%d bytes)", job_id, self.where, len(data))
        return job_id

    def wait_for_job(self, job_id: int, timeout_s: float) -> JobOutcome:
        """As `follow_job`; a job that ended has its document purged from the spool."""
        outcome = follow_job(job_id, timeout_s, self.job_state, self.status)
        if outcome.state in FINAL_JOB_STATES:
            self.purge(job_id)
        return outcome

    def job_state(self, job_id: int) -> tuple[str, tuple[str, ...]]:
        try:
            attributes = self._connection().getJobAttributes(
                job_id, requested_attributes=["job-state", "job-state-reasons"])
        except (ConnectionError, cups.IPPError):
            return "unknown", ()
        return (JOB_STATES.get(attributes.get("job-state"), "unknown"),
                clean_reasons(attributes.get("job-state-reasons")))

    def cancel(self, job_id: int) -> None:
        """A job that did not print: off the queue and out of the spool (see purge)."""
        self.purge(job_id)

    def purge(self, job_id: int) -> None:
        """Remove the job and its document from the CUPS spool (cancel with purge-job)."""
        try:
            self._connection().cancelJob(job_id, purge_job=True)
        except (ConnectionError, cups.IPPError) as exc:
            log.warning("could not remove A4 job %s from the CUPS spool: %s", job_id,
                        _reason(exc))

    def health(self) -> DeviceHealth:
        return self.status().health(f"CUPS {self.queue}")

    def close(self) -> None:
        pass


def _reason(exc: BaseException) -> str:
    args = getattr(exc, "args", ())
    return str(args[1]) if len(args) > 1 else str(exc)
