import QtQuick
import QtQuick.Controls.Basic
import ".."

// The one button: large, labelled in words, primary (filled) or secondary (outlined).
// `kioskControl` lets the tour and burn-in find every control a finger can press.
Button {
    id: control
    property bool primary: false
    property bool danger: false
    property bool kioskControl: true
    property real lineSpacing: 1.1  // of its words' lines
    // Taller when the words take two lines (rating levels, long labels in elder mode).
    implicitHeight: Math.max(Theme.buttonHeight, contentItem.implicitHeight + 2 * Theme.gap)
    implicitWidth: Math.max(Theme.buttonHeight * 2.2, contentItem.implicitWidth + 2 * Theme.margin)
    font.pixelSize: Theme.bodySize
    font.bold: primary
    focusPolicy: Qt.NoFocus

    contentItem: Text {
        text: control.text
        font: control.font
        color: control.primary ? Theme.textOnPrimary : (control.danger ? Theme.error : Theme.text)
        horizontalAlignment: Text.AlignHCenter
        verticalAlignment: Text.AlignVCenter
        wrapMode: Text.Wrap
        lineHeight: control.lineSpacing
    }
    background: Rectangle {
        radius: Theme.radius
        color: control.primary ? (control.down ? Qt.darker(Theme.primary, 1.3) : Theme.primary)
                               : (control.down ? Theme.surface : Theme.background)
        border.width: Theme.border
        border.color: control.primary ? Theme.primary : (control.danger ? Theme.error : Theme.outline)
        opacity: control.enabled ? 1 : 0.45
    }
}
