import QtQuick
import QtQuick.Layouts

// One device's group: its name in Chinese and English, what it is doing now, then the
// buttons (the children). `fault` shows the status in the warning colour.
Rectangle {
    id: section
    property string title
    property string subtitle
    property string status
    property bool fault: false
    default property alias content: body.data

    color: "#f8f9fb"
    radius: 6
    border.color: "#d3d8de"
    implicitHeight: body.implicitHeight + header.implicitHeight + 3 * 7

    RowLayout {
        id: header
        anchors { left: parent.left; right: parent.right; top: parent.top; margins: 7 }
        spacing: 6
        Text {
            text: section.title
            font.pixelSize: 15
            font.bold: true
            color: "#1d2733"
        }
        Text {
            text: section.subtitle
            font.pixelSize: 11
            color: "#5b6673"
            Layout.alignment: Qt.AlignBaseline
        }
        Text {
            objectName: "status"
            text: section.status
            textFormat: Text.PlainText  // what a device said
            font.pixelSize: 12
            font.bold: section.fault
            color: section.fault ? "#b35400" : "#1f7a3d"
            horizontalAlignment: Text.AlignRight
            elide: Text.ElideRight
            Layout.fillWidth: true
        }
    }
    ColumnLayout {
        id: body
        anchors {
            left: parent.left; right: parent.right; top: header.bottom; bottom: parent.bottom
            margins: 7
        }
        spacing: 5
    }
}
