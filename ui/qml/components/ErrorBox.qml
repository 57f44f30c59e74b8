import QtQuick
import ".."
import "spoken.js" as Spoken

// An error is never colour alone: a box, an icon in words, and the sentence.
Rectangle {
    id: box
    objectName: "error-box"
    property string message: ""
    visible: message.length > 0
    implicitHeight: visible ? label.implicitHeight + 2 * Theme.gap : 0
    color: Theme.errorSurface
    border.color: Theme.error
    border.width: Theme.border
    radius: Theme.radius
    Words {
        id: label
        objectName: "error"
        accessibleRole: Accessible.AlertMessage
        // Said by a screen reader as it appears, whatever has the focus.
        onTextChanged: if (box.message.length > 0)
                           Accessible.announce(Spoken.spoken(label.text), Accessible.Assertive)
        anchors.fill: parent
        anchors.margins: Theme.gap
        text: "⚠ " + qsTr("请注意：") + box.message
        font.pixelSize: Theme.bodySize
        color: Theme.error
        wrapMode: Text.Wrap
        verticalAlignment: Text.AlignVCenter
    }
}
