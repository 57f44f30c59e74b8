"""An A4 proof from the resident's tap to the paper: the platform issues it (with a
verification code it will answer for), the kiosk draws it as a PDF, the A4 printer
prints it, and the resident hears how it went in words.

One proof per look-up: the journey keeps the id it asked with, so a second tap after a
paper jam asks for the same proof again and gets the same code back from the platform;
the paper that came out half-printed and the one that came out whole can be checked
alike.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from pathlib import Path

from drivers.base import DeviceError
from kiosk.document_printing import resident_line
from kiosk.i18n import QT_TRANSLATE_NOOP, Message
from kiosk.proofs.document import ProofDocument, local_time_text
from kiosk.proofs.pdf import render_proof
from kiosk.sync.records import IssuedProof, RecordUnavailable

log = logging.getLogger(__name__)

# How long the resident waits for the paper before being told to ask a technician.
PRINT_WAIT_S = 25.0

PROOF_PRINTED = QT_TRANSLATE_NOOP(
    "kiosk", "证明已打印，请在A4出纸口取走。证明上有核验码，办事单位扫码就能核对真假。")
PROOF_NOT_ISSUED = QT_TRANSLATE_NOOP("kiosk", "现在开不了证明。{why}")
PROOF_NOT_PRINTED = QT_TRANSLATE_NOOP(
    "kiosk", "证明已开好（核验码 {code}），但没有打印出来。{why}"
             "打印机好了以后再点一次“打印证明”，核验码不变。")
PRINTER_UNUSABLE = QT_TRANSLATE_NOOP("kiosk", "A4打印机暂时不能用。")
PRINTER_FAILED = QT_TRANSLATE_NOOP("kiosk", "A4打印机出了故障。")
PROOF_SLOW = QT_TRANSLATE_NOOP(
    "kiosk", "A4打印机很久没有打出来。请看看出纸口；没有的话请找工作人员，核验码是 {code}。")
PROOF_FAILED = QT_TRANSLATE_NOOP(
    "kiosk", "证明没有打印出来，已通知维护人员。请到人工窗口打印，或拨打12345。")
# The paper is an official record: in Chinese whatever language the screens speak.
FOOTER_NOTE = ("核验方法：扫描二维码，或在政务服务平台输入核验码，"
               "核对证明的种类、开具时间和主要数据。本证明由政务服务自助终端打印。")
CITY_HEADER = "政务服务自助终端 · 证明打印"


@dataclass(frozen=True)
class ProofOutcome:
    printed: bool
    message: Message
    code: str = ""  # the verification code, once the platform issued one


def document_for(issued: IssuedProof) -> ProofDocument:
    """The printed page for the platform's proof (masked as the platform sent it)."""
    return ProofDocument(
        city=CITY_HEADER,
        title=issued.title,
        code=issued.code,
        verify_url=issued.verify_url,
        issued_at=local_time_text(issued.issued_at),
        holder_name_masked=issued.holder_name_masked,
        id_number_masked=issued.id_number_masked,
        as_of=local_time_text(issued.as_of) if issued.as_of else "",
        summary=issued.summary,
        columns=issued.columns,
        rows=issued.rows,
        footer_note=FOOTER_NOTE,
    )


def print_proof(issue, devices, font_cache_dir: Path | None,
                unavailable_words) -> ProofOutcome:
    """Issue, draw and print one proof, waiting (call it off the UI thread).

    `issue()` returns the platform's IssuedProof or raises RecordUnavailable, whose
    reason `unavailable_words(reason)` turns into the resident's words."""
    try:
        issued = issue()
    except RecordUnavailable as exc:
        return ProofOutcome(False, PROOF_NOT_ISSUED.format(why=unavailable_words(exc.reason)))
    started = time.monotonic()
    pdf = render_proof(document_for(issued), font_cache_dir)
    log.info("proof %s drawn in %.0f ms (%d bytes)", issued.kind,
             (time.monotonic() - started) * 1000, len(pdf))
    try:
        job = devices.call("document_printer", lambda printer: printer.print_pdf(
            pdf, f"proof-{issued.kind}"))
        outcome = devices.call("document_printer",
                               lambda printer: printer.wait_for_job(job, PRINT_WAIT_S))
    except DeviceError as exc:
        log.warning("proof not printed: %s", exc)
        status = _status(devices)
        why = resident_line(status) if status is not None else None
        return ProofOutcome(False, PROOF_NOT_PRINTED.format(
            why=why or PRINTER_UNUSABLE, code=issued.code), issued.code)
    if outcome.completed:
        return ProofOutcome(True, PROOF_PRINTED, issued.code)
    # Held for paper or a jam, or still going: off the printer, or it would come out
    # later for whoever stands there then (the resident prints again, same code).
    _cancel(devices, job)
    if outcome.state == "timeout":
        return ProofOutcome(False, PROOF_SLOW.format(code=issued.code), issued.code)
    why = resident_line(outcome.printer) if outcome.printer is not None else None
    log.warning("proof job ended %s (%s)", outcome.state, ", ".join(outcome.reasons))
    return ProofOutcome(False, PROOF_NOT_PRINTED.format(
        why=why or PRINTER_FAILED, code=issued.code), issued.code)


def _cancel(devices, job: int) -> None:
    try:
        devices.call("document_printer", lambda printer: printer.cancel(job))
    except DeviceError as exc:
        log.warning("the A4 job that did not print could not be cancelled: %s", exc)


def _status(devices):
    try:
        return devices.call("document_printer", lambda printer: printer.status())
    except DeviceError:
        return None
