"""python-escpos, loaded once a process with its printer database cached in a folder
that stays. Every module of this package that imports python-escpos imports this first."""

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
