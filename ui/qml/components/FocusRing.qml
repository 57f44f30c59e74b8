import QtQuick
import ".."

// Where the keypad's focus is: a ring around the control, clear of its edge. Shown for
// keypad focus only (visualFocus), never for a touch.
Rectangle {
    property Item control: parent
    // A control's visualFocus; a text field has none, and says when it was the keypad.
    property bool shown: control.visualFocus === true
    readonly property real thickness: Theme.focusWidth
    readonly property color ink: Theme.text
    visible: shown
    anchors.fill: control
    anchors.margins: -(Theme.focusGap + Theme.focusWidth)
    radius: Theme.radius + Theme.focusGap + Theme.focusWidth
    color: "transparent"
    border.width: thickness
    border.color: ink
    z: 10
}
