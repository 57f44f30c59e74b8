import QtQuick
import QtQuick.Controls.Basic

// A simulator button: a Chinese title over an English subtitle. `selected` marks the
// state the device is in (a picked card, the camera's scene); `warning` a fault that is
// switched on. `kioskControl` lets ui/driver.py's ScreenDriver find and press it.
Button {
    id: control
    property string title
    property string subtitle
    property bool selected: false
    property bool warning: false
    property bool kioskControl: true

    text: title + " " + subtitle  // the accessible name
    focusPolicy: Qt.NoFocus
    padding: 3
    implicitWidth: Math.max(64, labels.implicitWidth + 2 * padding)
    implicitHeight: labels.implicitHeight + 2 * padding + 6

    contentItem: Item {
        Column {
            id: labels
            anchors.centerIn: parent
            width: parent.width
            spacing: 0
            Text {
                width: parent.width
                text: control.title
                font.pixelSize: 14
                font.bold: control.selected || control.warning
                color: control.warning ? "#ffffff" : "#1d2733"
                horizontalAlignment: Text.AlignHCenter
                elide: Text.ElideRight
            }
            Text {
                width: parent.width
                text: control.subtitle
                font.pixelSize: 10
                color: control.warning ? "#fff4e8" : "#5b6673"
                horizontalAlignment: Text.AlignHCenter
                elide: Text.ElideRight
                visible: text !== ""
            }
        }
    }
    background: Rectangle {
        radius: 4
        color: control.warning ? (control.down ? "#b35400" : "#d9690a")
             : control.selected ? (control.down ? "#b9d3f5" : "#d8e7fb")
             : (control.down ? "#dde1e6" : "#ffffff")
        border.width: control.selected ? 2 : 1
        border.color: control.warning ? "#b35400" : (control.selected ? "#2f6fc4" : "#b7bec7")
        opacity: control.enabled ? 1 : 0.4
    }
}
