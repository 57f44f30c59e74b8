"""The same screens on every machine, whatever other Chinese fonts it has.

The terminal names its font (Noto Sans CJK SC, drivers/fonts.py). Here the screens are
drawn twice, each time in a process of its own (fontconfig reads its configuration once
a process), under two fontconfig set-ups the test writes: one with only the Noto CJK
fonts, and one that also has WenQuanYi Micro Hei (fonts-wqy-microhei, which
scripts/setup.sh installs for this test) and puts it first for every font asked for by
anything but its exact name, as a machine with another favourite Chinese font does.
Every screen of the UI tests' tour must have the same items in the same places, and
every text on it must be drawn in the named font.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QFont, QFontInfo, QFontMetricsF

from drivers.fonts import FAMILY, MISSING, faces

ROOT = Path(__file__).resolve().parents[2]
OTHER_FAMILY = "WenQuanYi Micro Hei"

CONFIG = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<fontconfig>
{dirs}
  <cachedir>{cache}</cachedir>
{rules}
</fontconfig>
"""
# Whatever is asked for, this font is offered first (a name Qt finds in its own font
# database is not asked for: that is the point of naming it).
PREFER = """  <match target="pattern">
    <edit name="family" mode="prepend_first" binding="strong"><string>{family}</string></edit>
  </match>"""


def font_dirs(family: str) -> list[str]:
    found = sorted({str(Path(face.path).parent) for face in faces(family)})
    assert found, (MISSING if family == FAMILY else
                   f"'{family}' is not installed (scripts/setup.sh installs it)")
    return found


def write_config(path: Path, families: list[str], *, prefer: str | None = None) -> Path:
    dirs = sorted({d for family in families for d in font_dirs(family)})
    path.write_text(CONFIG.format(
        dirs="\n".join(f"  <dir>{d}</dir>" for d in dirs), cache=path.with_suffix(".cache"),
        rules=PREFER.format(family=prefer) if prefer else ""), encoding="utf-8")
    return path


def same_place(a: list, b: list) -> bool:
    """One item drawn in the same place: the same kind and name, positions and sizes equal
    to within a pixel (a keyboard's height is a product of fractions, rounded either way)."""
    return len(a) == len(b) and all(
        abs(x - y) <= 1.0 if isinstance(x, float | int) and isinstance(y, float | int) else x == y
        for x, y in zip(a, b, strict=True))


def probe(config: Path) -> dict:
    """Every screen drawn under `config`, as tests/ui/layout_probe.py writes it down."""
    out = config.with_suffix(".json")
    env = {**os.environ, "FONTCONFIG_FILE": str(config), "QT_QPA_PLATFORM": "offscreen",
           "QT_QUICK_BACKEND": "software"}
    result = subprocess.run([sys.executable, "-m", "tests.ui.layout_probe", str(out)],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=280)
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(out.read_text(encoding="utf-8"))


def test_the_theme_names_the_font_its_text_sizes_are_measured_on(terminal):
    """Theme.qml sizes text by cap height with capRatio, measured on Noto Sans CJK: the
    screens are drawn in that font, and a capital H in it is that tall."""
    theme = terminal.theme()
    assert theme["fontFamily"] == FAMILY
    font = QFont(FAMILY)
    font.setPixelSize(1000)
    assert QFontInfo(font).family() == FAMILY, MISSING
    assert QFontMetricsF(font).capHeight() / 1000 == pytest.approx(theme["capRatio"], abs=5e-4)
    heading = terminal.item("heading") or next(
        i for i in terminal.visible_items() if i.inherits("QQuickText") and i.property("text"))
    assert QFontInfo(heading.property("font")).family() == FAMILY


@pytest.mark.slow
def test_the_screens_are_the_same_whichever_other_chinese_font_the_machine_has(tmp_path):
    plain = probe(write_config(tmp_path / "noto-only.conf", [FAMILY]))
    other = probe(write_config(tmp_path / "another-preferred.conf", [FAMILY, OTHER_FAMILY],
                               prefer=OTHER_FAMILY))

    # The set-up bites: a font not named comes out differently under the two.
    assert OTHER_FAMILY not in plain["unnamed_font"]
    assert other["unnamed_font"] == [OTHER_FAMILY]

    for run in (plain, other):
        not_named = {label: screen["fonts"] for label, screen in run["screens"].items()
                     if screen["fonts"] != [FAMILY]}
        assert not_named == {}, "texts drawn in a font other than the named one"
        assert run["receipt_font"] == Path(faces(FAMILY)[0].path).name

    assert list(other["screens"]) == list(plain["screens"])
    moved = {}
    for label, screen in plain["screens"].items():
        there, here = screen["items"], other["screens"][label]["items"]
        if len(there) != len(here) or not all(map(same_place, there, here)):
            moved[label] = [(a, b) for a, b in zip(there, here, strict=False)
                            if not same_place(a, b)][:3] \
                or f"{len(there)} items, then {len(here)}"
    assert moved == {}, "items laid out differently with another Chinese font preferred"


@pytest.mark.slow
def test_a_terminal_without_its_font_says_so_at_start_and_runs(tmp_path):
    """A machine set up by hand without fonts-noto-cjk: the kiosk starts, and its log
    says which font is missing and which package has it."""
    config = write_config(tmp_path / "no-cjk.conf", ["DejaVu Sans"])
    env = {**os.environ, "FONTCONFIG_FILE": str(config), "QT_QPA_PLATFORM": "offscreen",
           "QT_QUICK_BACKEND": "software"}
    result = subprocess.run(
        [sys.executable, "-m", "kiosk", "--demo", "--exit-after-first-frame",
         "--data-dir", str(tmp_path / "data")],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=280)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "first frame after" in result.stdout
    errors = [line.split(" ERROR ", 1)[1] for line in result.stderr.splitlines()
              if " ERROR " in line]
    assert errors == [f"ui.fonts: {MISSING}"], result.stderr[-3000:]
