"""A4 document printers: IPP Everywhere (directly, or on USB through ipp-usb), a CUPS
queue, or the in-process emulator. Each has the same API:

    status() -> DocumentPrinterStatus       printer-state and reasons, suffixes stripped
    print_pdf(data, title) -> job id        one PDF, one job
    wait_for_job(job_id, timeout_s) -> JobOutcome
    cancel(job_id)                          a job that did not print: off the printer
    health() -> DeviceHealth; close()
"""

from drivers.document_printer.status import DocumentPrinterStatus, JobOutcome

__all__ = ["DocumentPrinterStatus", "JobOutcome"]
