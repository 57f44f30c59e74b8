"""An IPP Everywhere printer, spoken to directly: on the network, or on USB through
ipp-usb (which serves the printer at ipp://localhost:60000/ipp/print).

Each request is one HTTP POST of an IPP message (ipp.py) with a short timeout; nothing
is kept open between them, so a printer switched off and on again is simply found at
the next request. A printer that cannot be reached reads as "offline".
"""

from __future__ import annotations

import http.client
import itertools
import logging
import ssl
import urllib.parse

from drivers.base import DeviceError, DeviceHealth, DeviceState
from drivers.document_printer import ipp
from drivers.document_printer.status import (
    DocumentPrinterStatus,
    JobOutcome,
    clean_reasons,
    follow_job,
)

log = logging.getLogger(__name__)

PDF = "application/pdf"
A4 = "iso_a4_210x297mm"
USER = "kiosk"
STATUS_ATTRIBUTES = ("printer-state", "printer-state-reasons", "printer-state-message",
                     "printer-is-accepting-jobs", "printer-make-and-model")


class IppUnreachable(Exception):
    """No IPP answer: refused, timed out, not an IPP server."""


class IppDocumentPrinter:
    def __init__(self, uri: str, *, timeout_s: float = 5.0):
        parts = urllib.parse.urlsplit(uri)
        if parts.scheme not in ("ipp", "ipps") or not parts.hostname:
            raise ValueError(f"not an IPP printer address: {uri!r}")
        self.uri = uri
        self._https = parts.scheme == "ipps"
        self._host = parts.hostname
        self._port = parts.port or 631
        self._path = parts.path or "/ipp/print"
        self._timeout = timeout_s
        self._ids = itertools.count(1)
        self.model = ""

    # -- what the core asks --------------------------------------------------------

    def status(self) -> DocumentPrinterStatus:
        try:
            answer = self._request(ipp.GET_PRINTER_ATTRIBUTES, [
                ipp.attr("requested-attributes", ipp.KEYWORD, *STATUS_ATTRIBUTES)])
        except IppUnreachable as exc:
            return DocumentPrinterStatus.offline(self.uri, str(exc))
        if not answer.ok:
            return DocumentPrinterStatus.offline(
                self.uri, f"a status request was refused (IPP status 0x{answer.status:04x})")
        printer = answer.group(ipp.PRINTER)
        self.model = _first(printer, "printer-make-and-model", self.model)
        return DocumentPrinterStatus(
            state=ipp.PRINTER_STATES.get(_first(printer, "printer-state", 0), "stopped"),
            reasons=clean_reasons(printer.get("printer-state-reasons")),
            message=_first(printer, "printer-state-message", ""),
            accepting_jobs=_first(printer, "printer-is-accepting-jobs", True),
            where=self.uri)

    def print_pdf(self, data: bytes, title: str) -> int:
        """Send one PDF as one job; its job id. `title` becomes the job's name on the
        printer's panel and logs: never a resident's name or number in it. Raises
        DeviceError when the printer cannot be reached or refuses the job (nothing was
        printed)."""
        try:
            answer = self._request(ipp.PRINT_JOB, [
                ipp.attr("job-name", ipp.NAME, title),
                ipp.attr("document-format", ipp.MIME_TYPE, PDF),
            ], job=[ipp.attr("media", ipp.KEYWORD, A4)], document=data)
        except IppUnreachable as exc:
            raise DeviceError(DeviceState.NO_DEVICE,
                              f"the A4 printer at {self.uri} cannot be reached: {exc}") from None
        job_id = _first(answer.group(ipp.JOB), "job-id", None)
        if not answer.ok or job_id is None:
            message = _first(answer.group(ipp.OPERATION), "status-message", "")
            raise DeviceError(DeviceState.HARDWARE_ERROR,
                              f"the A4 printer refused the job (IPP status "
                              f"0x{answer.status:04x}{': ' + message if message else ''})")
        log.info("A4 job %s sent to %s (%d bytes)", job_id, self.uri, len(data))
        return job_id

    def wait_for_job(self, job_id: int, timeout_s: float) -> JobOutcome:
        """Until the job ends, the printer holds it (out of paper, a jam), or
        `timeout_s` passes: see `follow_job`."""
        return follow_job(job_id, timeout_s, self.job_state, self.status)

    def job_state(self, job_id: int) -> tuple[str, tuple[str, ...]]:
        try:
            answer = self._request(ipp.GET_JOB_ATTRIBUTES, [
                ipp.attr("job-id", ipp.INTEGER, job_id),
                ipp.attr("requested-attributes", ipp.KEYWORD, "job-state", "job-state-reasons")])
        except IppUnreachable:
            return "unknown", ()
        job = answer.group(ipp.JOB)
        if not answer.ok:
            return "unknown", ()
        return (ipp.JOB_STATES.get(_first(job, "job-state", 0), "unknown"),
                clean_reasons(job.get("job-state-reasons")))

    def cancel(self, job_id: int) -> None:
        """Take a job that did not print off the printer (Cancel-Job): held for paper or
        a jam, it would otherwise come out later, for whoever stands there then."""
        try:
            answer = self._request(ipp.CANCEL_JOB, [ipp.attr("job-id", ipp.INTEGER, job_id)])
        except IppUnreachable:
            log.warning("could not cancel A4 job %s: the printer does not answer", job_id)
            return
        if not answer.ok:
            log.warning("the A4 printer would not cancel job %s (IPP status 0x%04x)", job_id,
                        answer.status)

    def health(self) -> DeviceHealth:
        return self.status().health(self.model or "IPP Everywhere printer")

    def close(self) -> None:
        pass  # no connection is kept

    # -- the exchange ----------------------------------------------------------------

    def _request(self, operation: int, operation_attributes: list[ipp.Attribute], *,
                 job: list[ipp.Attribute] | None = None,
                 document: bytes = b"") -> ipp.IppResponse:
        groups = [(ipp.OPERATION, [
            ipp.attr("attributes-charset", ipp.CHARSET, "utf-8"),
            ipp.attr("attributes-natural-language", ipp.LANGUAGE, "zh-cn"),
            ipp.attr("printer-uri", ipp.URI, self.uri),
            ipp.attr("requesting-user-name", ipp.NAME, USER),
            *operation_attributes])]
        if job:
            groups.append((ipp.JOB, job))
        body = ipp.encode_request(operation, next(self._ids), groups) + document
        data = self.post(body)
        try:
            return ipp.decode_response(data)
        except ipp.IppDecodeError as exc:
            raise IppUnreachable(f"not an IPP answer: {exc}") from None

    def post(self, body: bytes) -> bytes:
        """One IPP message over HTTP; IppUnreachable when no IPP answer comes."""
        if self._https:
            connection = http.client.HTTPSConnection(
                self._host, self._port, timeout=self._timeout,
                context=ssl._create_unverified_context())  # noqa: S323 - printers self-sign
        else:
            connection = http.client.HTTPConnection(self._host, self._port,
                                                    timeout=self._timeout)
        try:
            connection.request("POST", self._path, body, {"Content-Type": "application/ipp"})
            response = connection.getresponse()
            data = response.read()
        except (OSError, http.client.HTTPException) as exc:
            raise IppUnreachable(_why(exc)) from None
        finally:
            connection.close()
        if response.status != 200:
            raise IppUnreachable(f"HTTP {response.status} {response.reason} from {self.uri}")
        return data


def _first(group: dict, name: str, default):
    values = group.get(name)
    return values[0] if values else default


def _why(exc: BaseException) -> str:
    if isinstance(exc, ConnectionRefusedError):
        return "connection refused (switched off, or nothing listens at that port)"
    if isinstance(exc, TimeoutError):
        return "no answer in time"
    return f"{type(exc).__name__}: {exc}".rstrip(": ")
