import QtQuick
import ".."

// A calm line of information: a panel and plain words, nothing to press, nothing red.
Rectangle {
    id: line
    property alias text: label.text
    implicitHeight: label.implicitHeight + Theme.gap
    color: Theme.surface
    radius: Theme.radius
    Words {
        id: label
        objectName: "info"
        x: Theme.gap
        width: parent.width - 2 * Theme.gap
        anchors.verticalCenter: parent.verticalCenter
        font.pixelSize: Theme.smallSize
        color: Theme.text
        wrapMode: Text.Wrap
    }
}
