"""The screens' words in the terminal's named font (drivers/fonts.py), not fontconfig's pick.

The font becomes the application's font, which every Text and control inherits
(Theme.fontFamily names it for QML that sets a family of its own). Qt's font database
already holds every font fontconfig lists, so an installed family is there by its name:
loading its files again (QFontDatabase.addApplicationFont) would add about a third of a
second to the start for nothing, and a bundled copy would put 40 MB of font into the
repository. What the name protects against is the fallback: with the family unnamed,
Chinese came from whichever CJK font fontconfig preferred.
"""

from __future__ import annotations

import logging

from PySide6.QtGui import QFontDatabase, QGuiApplication

from drivers.fonts import FAMILY, MISSING

log = logging.getLogger(__name__)

_checked = False


def use_named_font(app: QGuiApplication) -> bool:
    """Make the terminal's font the application's font; False (said in the log, once
    a process) when it is not installed and Qt will fall back for every character."""
    global _checked
    installed = FAMILY in QFontDatabase.families()
    if not installed and not _checked:
        log.error("%s", MISSING)
    _checked = True
    font = app.font()
    if font.family() != FAMILY:
        font.setFamily(FAMILY)
        app.setFont(font)
    return installed
