"""The font the terminal draws its words in, named rather than left to fontconfig.

Screens and receipt pictures use Noto Sans CJK SC (Debian's fonts-noto-cjk, which
scripts/setup.sh installs): Simplified Chinese glyph shapes, and the sizes in
ui/qml/Theme.qml are measured on it. Left to fontconfig's fallback, Chinese text takes
whichever CJK font the machine prefers (WenQuanYi Micro Hei where it is installed, the
Japanese forms of Noto Sans CJK where it is not), and the layouts move with it.
"""

from __future__ import annotations

import functools
import shutil
import subprocess
from dataclasses import dataclass

FAMILY = "Noto Sans CJK SC"
PACKAGE = "fonts-noto-cjk"  # the Debian package that has it
MISSING = (f"the font '{FAMILY}' is not installed (Debian: {PACKAGE}; scripts/setup.sh "
           "installs it): Chinese is drawn in whatever font fontconfig falls back to, and "
           "the screens' layouts may not be the ones tested")


@dataclass(frozen=True)
class FontFace:
    path: str
    index: int  # the face within a font collection (.ttc)
    style: str


@functools.cache
def faces(family: str = FAMILY) -> tuple[FontFace, ...]:
    """The faces of `family` fontconfig has (regular, bold, ...), or () when it has none.

    fc-list, not fc-match: fc-match answers every request with some font, the fallback
    when the family is missing; fc-list lists only fonts of the family named."""
    if shutil.which("fc-list") is None:
        return ()
    try:
        listed = subprocess.run(
            ["fc-list", "--format", "%{file}\t%{index}\t%{family}\t%{style}\n",
             f":family={family}"],
            capture_output=True, text=True, timeout=10, check=True,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return ()
    found = []
    for line in listed.splitlines():
        path, index, families, styles = (line.split("\t") + ["", "", "", ""])[:4]
        if family in families.split(","):
            found.append(FontFace(path, int(index or 0), styles.split(",")[0]))
    return tuple(sorted(set(found), key=lambda face: (face.style != "Regular", face.path)))


def regular_face(family: str = FAMILY) -> FontFace | None:
    """The upright, normal-weight face of `family`, or None when it is not installed."""
    found = faces(family)
    return next((face for face in found if face.style == "Regular"), None)
