pragma Singleton
import QtQuick

// Every size and colour of the resident's screens. Sizes are millimetres on the real
// panel (mm is pixels per millimetre, set from the panel's physical size); text sizes
// are chosen by cap height, the measure the accessibility rules use.
QtObject {
    property real mm: 4.0
    property bool elder: false

    // Every word is drawn in Noto Sans CJK SC, the application's font (ui/fonts.py);
    // QML that sets a family of its own (a keyboard style) names this one.
    readonly property string fontFamily: Qt.application.font.family
    // Noto Sans CJK: a capital H is 0.733 of the font's pixel size.
    readonly property real capRatio: 0.733
    // Rounded up: rounding to nearest could land a size just under its minimum.
    function capped(capMm) { return Math.ceil(capMm * mm / capRatio) }

    // Text: nothing under a cap height of 4.8 mm (ADA 707.7.2), body 5.0 mm; elder mode
    // body 7.5 mm (1.5x) and nothing under 6.1 mm (EN 301 549 5.1.4's large text).
    readonly property int bodySize: capped(elder ? 7.5 : 5.0)
    readonly property int smallSize: capped(elder ? 6.1 : 4.8)
    readonly property int headingSize: capped(elder ? 9.5 : 7.0)
    readonly property int titleSize: capped(elder ? 11.5 : 9.0)
    readonly property int hugeSize: capped(elder ? 14.0 : 11.0)
    readonly property real lineSpacing: 1.35

    // Touch targets: at least 12 mm square, elder mode 16 mm; ours are larger still.
    readonly property real minTarget: (elder ? 16 : 12) * mm
    readonly property real buttonHeight: (elder ? 24 : 18) * mm
    readonly property real tileHeight: (elder ? 40 : 30) * mm
    readonly property real rowHeight: (elder ? 26 : 20) * mm
    readonly property real gap: (elder ? 5 : 4) * mm
    readonly property real margin: (elder ? 8 : 6) * mm
    readonly property real labelWidth: (elder ? 54 : 42) * mm  // a label beside its value
    readonly property real radius: 2 * mm
    // The on-screen keyboard: a row of keys, and the row of words pinyin offers (the
    // key or word as drawn is a border narrower: still at least minTarget).
    readonly property real keyHeight: (elder ? 18.5 : 16) * mm
    readonly property real candidateHeight: (elder ? 17.5 : 14) * mm
    // A character the handwriting pad offers: larger than body text, one line in its cell.
    readonly property int candidateSize: capped(elder ? 8.5 : 6.5)
    // The handwriting pad's square to write in, where the screen has room for it.
    readonly property real writingSide: (elder ? 110 : 100) * mm
    // The handwriting pad's ink: thick enough to see what one wrote, at arm's length.
    readonly property real inkWidth: (elder ? 2.5 : 2.0) * mm
    // Pictures: an icon beside a button's words, above them on a home tile; the
    // illustrations that show where a card or a paper goes.
    readonly property real iconSize: (elder ? 13 : 11) * mm
    readonly property real tileIconSize: (elder ? 24 : 20) * mm
    readonly property real pictureHeight: (elder ? 56 : 48) * mm
    readonly property real border: 0.6 * mm
    // The keypad's focus (WCAG 2.4.13): a ring 1 mm wide in the text colour, 0.5 mm clear of
    // the control; on the background it is 17:1 against what it replaces.
    readonly property real focusWidth: 1.0 * mm
    readonly property real focusGap: 0.5 * mm

    // Colours: body text on background 17:1, button text on primary 8.6:1 (WCAG AAA 7:1).
    readonly property color background: "#ffffff"
    readonly property color surface: "#f1f4f8"
    readonly property color text: "#1a1a1a"
    readonly property color mutedText: "#3d3d3d"
    readonly property color primary: "#0b4f9c"
    readonly property color textOnPrimary: "#ffffff"
    readonly property color outline: "#1a1a1a"
    readonly property color guideLine: "#b8c2ce"  // the cross on the handwriting pad (no text)
    readonly property color error: "#a3000f"
    readonly property color errorSurface: "#fdecee"
    readonly property color success: "#0b5e1f"
    readonly property color scrim: "#cc000000"
    readonly property color dim: "#f2000000"
    readonly property color blank: "#000000"  // the screen blanked for a headset's privacy
    readonly property color blankText: "#9e9e9e"  // 7.4:1 on it

    // The five rating levels (好差评), greens to reds: each at least 7:1 on the background
    // and under white text on its own fill. Always with a face and the level's words.
    readonly property color verySatisfied: "#0b5e1f"
    readonly property color satisfied: "#3b5f00"
    readonly property color fairlySatisfied: "#6a4f00"
    readonly property color dissatisfied: "#8f3300"
    readonly property color veryDissatisfied: "#a3000f"
    function ratingColor(level) {
        return [veryDissatisfied, dissatisfied, fairlySatisfied, satisfied, verySatisfied][level - 1]
    }
}
