import QtQuick
import ".."

// Where the keypad's focus is: a ring around the control, clear of its edge. Shown for
// keypad focus only (visualFocus), never for a touch.
Rectangle {
    property Item control: parent
    readonly property real thickness: Theme.focusWidth
    readonly property color ink: Theme.text
    visible: control.visualFocus
    anchors.fill: control
    anchors.margins: -(Theme.focusGap + Theme.focusWidth)
    radius: Theme.radius + Theme.focusGap + Theme.focusWidth
    color: "transparent"
    border.width: thickness
    border.color: ink
    z: 10
}
