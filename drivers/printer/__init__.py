"""Receipt printers: the device-neutral receipt, ESC/POS driver, decoder and emulator."""

from drivers.printer.document import Block, Feed, Line, Pair, QrCode, ReceiptDocument, Rule
from drivers.printer.escpos_printer import EscposReceiptPrinter, render_receipt
from drivers.printer.profiles import PROFILES, PrinterProfile, get_profile
from drivers.printer.protocol import PrintResult, ReceiptPrinter

__all__ = [
    "PROFILES",
    "Block",
    "EscposReceiptPrinter",
    "Feed",
    "Line",
    "Pair",
    "PrintResult",
    "PrinterProfile",
    "QrCode",
    "ReceiptDocument",
    "ReceiptPrinter",
    "Rule",
    "get_profile",
    "render_receipt",
]
