"""The accessibility numbers, measured on every screen the tour reaches.

- Text: cap height (font pixel size x 0.733 / pixels per mm) at least 4.8 mm (ADA
  707.7.2), 6.1 mm in elder mode (EN 301 549 5.1.4), for every text on screen, the
  on-screen keyboard's keys and the words it offers included.
- Controls: at least 12 mm square, 16 mm in elder mode: the keyboard's keys and each
  word it offers too.
- Contrast: at least 7:1 (WCAG AAA) for body and button text, from Theme's colours and
  for each text as drawn over whatever is behind it (the label of a disabled button
  excepted, as WCAG 1.4.3 does).
- The keyboard draws its words in the font the screens use, and leaves the field being
  typed in above it.

Sizes are read from the rendered items; pixels per millimetre and colours from Theme.qml
as the running screens see it.
"""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor
from PySide6.QtQml import QQmlExpression
from PySide6.QtQuick import QQuickItem

from tests.ui.fixtures import CAP_RATIO, TEXT_CLASSES, Terminal, descendants, tour
from ui.scene import is_within

MIN_CAP_MM = {False: 4.8, True: 6.1}
BODY_CAP_MM = {False: 5.0, True: 7.5}
MIN_TARGET_MM = {False: 12.0, True: 16.0}
MIN_CONTRAST = 7.0
SLACK_PX = 0.5  # layout rounding


def luminance(color: QColor) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    return (0.2126 * channel(color.redF()) + 0.7152 * channel(color.greenF())
            + 0.0722 * channel(color.blueF()))


def contrast(a: QColor, b: QColor) -> float:
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def over(top: QColor, bottom: QColor) -> QColor:
    """`top` drawn with its alpha over the opaque `bottom`."""
    a = top.alphaF()
    return QColor.fromRgbF(top.redF() * a + bottom.redF() * (1 - a),
                           top.greenF() * a + bottom.greenF() * (1 - a),
                           top.blueF() * a + bottom.blueF() * (1 - a))


def fill_of(item: QQuickItem) -> QColor | None:
    """The colour an item paints under its children, if it paints one."""
    if item.inherits("QQuickRectangle"):
        color = QColor(item.property("color"))
        return QColor(color.red(), color.green(), color.blue(),
                      round(color.alpha() * item.opacity()))
    return None


def backdrop(item: QQuickItem, window_color: QColor) -> QColor:
    """What is drawn behind `item`: its ancestors' fills (a control's background item
    counts), composed from the window's colour up."""
    layers: list[QColor] = []
    node = item.parentItem()
    while node is not None:
        background = node.property("background")
        if isinstance(background, QQuickItem) and background.isVisible():
            fill = fill_of(background)
            if fill is not None:
                layers.append(fill)
        fill = fill_of(node)
        if fill is not None:
            layers.append(fill)
        node = node.parentItem()
    color = window_color
    for layer in reversed(layers):
        color = over(layer, color)
    return color


def pixel_size(t: Terminal, text: QQuickItem) -> int:
    """The smallest size the text can be drawn at (fitted text may shrink to its minimum)."""
    size = text.property("font").pixelSize()
    if text.inherits("QQuickText"):
        fits, _ = QQmlExpression(t.screens.engine.rootContext(), text, "fontSizeMode").evaluate()
        if fits:  # not Text.FixedSize
            size = min(size, text.property("minimumPixelSize"))
    return size


def measure(t: Terminal, label: str, theme: dict) -> list[str]:
    """Every problem on the screen as it is now."""
    elder = theme["elder"]
    mm = theme["mm"]
    problems = []
    keyboard = t.keyboard()
    window_color = QColor(theme["background"])
    fonts: dict[bool, set[str]] = {False: set(), True: set()}  # by inside the keyboard

    for item in descendants(t.window.contentItem()):
        if not item.isVisible() or not any(item.inherits(c) for c in TEXT_CLASSES):
            continue
        words = item.property("text") or (item.property("placeholderText") or "")
        if not words.strip():
            continue
        inside_keyboard = is_within(item, keyboard)
        if inside_keyboard and not t.in_view(item):
            continue  # a word the keyboard offers, scrolled out of its row
        fonts[inside_keyboard].add(item.property("font").family())
        if not item.isEnabled():
            continue  # an inactive control's label (WCAG 1.4.3 exempts it)
        name = item.objectName() or words[:16]
        size = pixel_size(t, item)
        cap = size * CAP_RATIO / mm
        if size <= 0 or cap < MIN_CAP_MM[elder] - 1e-9:
            problems.append(f"{label}: text '{name}' cap height {cap:.2f} mm")
        color = QColor(item.property("color"))
        opacity = 1.0
        node = item
        while node is not None:
            opacity *= node.opacity()
            node = node.parentItem()
        behind = backdrop(item, window_color)
        color.setAlphaF(color.alphaF() * opacity)
        ratio = contrast(over(color, behind), behind)
        if ratio < MIN_CONTRAST:
            problems.append(f"{label}: text '{name}' contrast {ratio:.1f}:1 "
                            f"({color.name()} on {behind.name()})")

    if fonts[True] - fonts[False]:
        problems.append(f"{label}: the keyboard writes in {sorted(fonts[True])}, "
                        f"the screen in {sorted(fonts[False])}")

    targets = list(t.driver.controls())
    if t.keyboard_shown():
        targets += t.keyboard_keys() + t.keyboard_candidates()
    for control in targets:
        width, height = control.width() / mm, control.height() / mm
        least = MIN_TARGET_MM[elder] - SLACK_PX / mm
        if width < least or height < least:
            name = control.objectName() or control.property("text") or (
                "keyboard key" if control.property("key") is not None else "offered word")
            problems.append(f"{label}: control '{name}' is {width:.1f} x {height:.1f} mm")

    field = t.window.property("activeFocusItem")
    if t.keyboard_shown() and field is not None and field.inherits("QQuickTextInput"):
        field_bottom = field.mapRectToScene(field.boundingRect()).bottom()
        keyboard_top = keyboard.mapRectToScene(keyboard.boundingRect()).top()
        if field_bottom > keyboard_top + SLACK_PX:
            problems.append(f"{label}: the field being typed in ('{field.objectName()}') "
                            "lies under the keyboard")
    return problems


def test_theme_text_sizes_and_colour_pairs(terminal):
    """Theme's own numbers: both modes, and the colour pairs used for text."""
    t = terminal
    theme = t.theme()
    assert theme["mm"] == pytest.approx(t.vm.pxPerMm)
    assert theme["capRatio"] == pytest.approx(CAP_RATIO)
    for elder in (False, True):
        if theme["elder"] != elder:
            t.tap("elder-mode")
            theme = t.theme()
        for size in ("bodySize", "smallSize", "headingSize", "titleSize", "hugeSize"):
            cap = theme[size] * CAP_RATIO / theme["mm"]
            assert cap >= MIN_CAP_MM[elder] - 1e-9, (elder, size, cap)
        # Body text: 5.0 mm, and half as large again for elders (7.5 mm).
        assert theme["bodySize"] * CAP_RATIO / theme["mm"] >= BODY_CAP_MM[elder] - 1e-9
        assert theme["minTarget"] / theme["mm"] >= MIN_TARGET_MM[elder]

    pairs = {
        "body text": ("text", "background"),
        "body text on a panel": ("text", "surface"),
        "secondary text": ("mutedText", "background"),
        "secondary text on a panel": ("mutedText", "surface"),
        "primary button text": ("textOnPrimary", "primary"),
        "error text": ("error", "errorSurface"),
        "danger button text": ("error", "background"),
        "tracking number": ("primary", "background"),
        "confirmation text": ("success", "background"),
    }
    for level in ("verySatisfied", "satisfied", "fairlySatisfied", "dissatisfied",
                  "veryDissatisfied"):  # words on white, and white words on the level
        pairs[f"rating level {level}"] = (level, "background")
        pairs[f"chosen rating level {level}"] = ("textOnPrimary", level)
    low = {what: round(contrast(QColor(theme[fg]), QColor(theme[bg])), 2)
           for what, (fg, bg) in pairs.items()
           if contrast(QColor(theme[fg]), QColor(theme[bg])) < MIN_CONTRAST}
    assert low == {}


@pytest.mark.parametrize("orientation", ["portrait", "landscape"])
@pytest.mark.parametrize("elder", [False, True], ids=["standard", "elder"])
def test_every_text_and_control_on_every_screen(make_terminal, orientation, elder):
    t = make_terminal(orientation=orientation, fake_clock=True)
    problems: list[str] = []
    visited: list[str] = []

    def visit(label: str) -> None:
        theme = t.theme()
        assert theme["elder"] == t.vm.elderMode  # the Theme follows the resident's choice
        visited.append(label)
        problems.extend(measure(t, label, theme))

    tour(t, visit, elder=elder)
    assert len(visited) > 25
    assert not problems, "\n".join(problems)
