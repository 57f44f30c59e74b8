"""Receipt printers: the device-neutral receipt, ESC/POS driver, decoder and emulator.

The names below load on first use: the receipt's own types (document.py) are needed at
start, python-escpos (a tenth of a second) only when a printer is opened."""

from drivers.lazy import lazy_names

_WHERE = {
    "Block": "document", "Feed": "document", "Line": "document", "Pair": "document",
    "QrCode": "document", "ReceiptDocument": "document", "Rule": "document",
    "EscposReceiptPrinter": "escpos_printer", "render_receipt": "escpos_printer",
    "PROFILES": "profiles", "PrinterProfile": "profiles", "get_profile": "profiles",
    "PrintResult": "protocol", "ReceiptPrinter": "protocol",
}

__all__ = sorted(_WHERE)

__getattr__ = lazy_names(__name__, _WHERE)
