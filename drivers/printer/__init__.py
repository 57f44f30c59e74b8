"""Receipt printers: the device-neutral receipt, ESC/POS driver, decoder and emulator."""

import os
import tempfile
from pathlib import Path


def _load_escpos_capabilities() -> None:
    """python-escpos parses its 1 MB printer database (YAML) at import and pickles it into
    a new temporary folder each time (it calls `mkdtemp()` even when told a folder): a
    tenth of a second at every start, and one folder more in /tmp at every start of a
    terminal that runs for years. Import it once here with a cache folder that stays."""
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    folder = Path(os.environ.get("ESCPOS_CAPABILITIES_PICKLE_DIR")
                  or cache / "one-terminal-kiosk" / "escpos")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return  # python-escpos's own behaviour, then
    os.environ["ESCPOS_CAPABILITIES_PICKLE_DIR"] = str(folder)
    real_mkdtemp = tempfile.mkdtemp
    tempfile.mkdtemp = lambda *args, **kwargs: str(folder)
    try:
        import escpos.capabilities  # noqa: F401 - read at import, with the folder above
    finally:
        tempfile.mkdtemp = real_mkdtemp


_load_escpos_capabilities()

# The imports below load python-escpos, which reads the variable set above.

from drivers.printer.document import Block, Feed, Line, Pair, QrCode, ReceiptDocument, Rule  # noqa: E402
from drivers.printer.escpos_printer import EscposReceiptPrinter, render_receipt  # noqa: E402
from drivers.printer.profiles import PROFILES, PrinterProfile, get_profile  # noqa: E402
from drivers.printer.protocol import PrintResult, ReceiptPrinter  # noqa: E402

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
