"""From the `[devices.printer]` configuration to a working receipt printer driver.

The composition root calls `open_escpos_printer(config)` once at start. It never raises
because the printer is unplugged, switched off or still booting: the driver then reports
"no device" with the reason in its health, and connects at the next status poll or job.
It raises only for a configuration no printer could satisfy (an unknown profile or
connection kind), which the core's configuration has already refused at load.
"""

from __future__ import annotations

import dataclasses
import logging
from typing import Protocol

import drivers.printer.escpos_loader  # noqa: F401 - before python-escpos

# isort: split
from escpos.escpos import Escpos

from drivers.printer.escpos_printer import EscposReceiptPrinter
from drivers.printer.profiles import PrinterProfile, escpos_capabilities, get_profile
from drivers.printer.transports import FileTransport, NetworkTransport, SerialTransport
from drivers.printer.transports_usb_cups import CupsTransport, UsbTransport


class PrinterSettings(Protocol):
    """What this module reads of a receipt printer's configuration (the core's
    `[devices.printer]` section is one; drivers/ sits below the core and names none of
    its classes)."""

    connection: str  # "network", "serial", "usb", "file" or "cups"
    host: str
    port: int
    device: str
    baudrate: int
    vendor_id: int
    product_id: int
    cups_printer: str
    profile: str
    paper_mm: int  # 0 keeps the profile's
    encoding: str  # "" keeps the profile's
    timeout_s: float

log = logging.getLogger(__name__)


def printer_profile(config: PrinterSettings) -> PrinterProfile:
    """The configured model, with `paper_mm` and `encoding` overriding its own if set."""
    profile = get_profile(config.profile)
    changes: dict[str, object] = {}
    if config.paper_mm and config.paper_mm != profile.paper_mm:
        # Font A columns follow the paper: 32 on 58 mm, 48 on 80 mm.
        changes.update(paper_mm=config.paper_mm, columns={58: 32, 80: 48}[config.paper_mm])
    if config.encoding and config.encoding != profile.encoding:
        changes["encoding"] = config.encoding
    if not changes:
        return profile
    name = profile.name + "".join(
        f"+{key}={changes[key]}" for key in ("paper_mm", "encoding") if key in changes
    )
    return dataclasses.replace(profile, name=name, **changes)


def escpos_connection(config: PrinterSettings, profile: PrinterProfile) -> Escpos:
    """The python-escpos connection for `config.connection`, not opened yet."""
    capabilities = escpos_capabilities(profile)
    kind, timeout = config.connection, config.timeout_s
    if kind == "network":
        return NetworkTransport(config.host, config.port, timeout, profile=capabilities)
    if kind == "serial":
        return SerialTransport(config.device, config.baudrate, timeout, profile=capabilities)
    if kind == "file":
        return FileTransport(config.device, timeout, profile=capabilities)
    if kind == "usb":
        return UsbTransport(config.vendor_id, config.product_id, timeout, profile=capabilities)
    if kind == "cups":
        return CupsTransport(config.cups_printer, profile=capabilities)
    raise ValueError(f"unknown printer connection {kind!r}")


def open_escpos_printer(config: PrinterSettings) -> EscposReceiptPrinter:
    """The receipt printer the configuration describes, connected if it can be."""
    profile = printer_profile(config)
    printer = EscposReceiptPrinter(escpos_connection(config, profile), profile)
    state = printer.connect()
    log.info("receipt printer %s over %s: %s", profile.name, config.connection, state.value)
    return printer
