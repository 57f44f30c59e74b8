import QtQuick
import ".."

// The hotline, and which terminal this is and where. Held for 5 seconds it opens the
// technician's PIN screen (Python times the hold): a resident resting a finger on the
// small print that long is rare, and a PIN follows.
Item {
    id: footer
    objectName: "footer"
    property bool showHotline: true
    implicitHeight: lines.implicitHeight
    Column {
        id: lines
        width: parent.width
        spacing: Theme.gap / 4
        Text {
            width: parent.width
            visible: footer.showHotline
            text: qsTr("需要帮助请拨打 %1").arg(app.hotline)
            font.pixelSize: Theme.smallSize
            color: Theme.mutedText
            horizontalAlignment: Text.AlignHCenter
            wrapMode: Text.Wrap
        }
        Text {
            objectName: "terminal-id"
            width: parent.width
            text: qsTr("终端编号 %1 · %2").arg(app.terminalId).arg(app.terminalLocation)
            font.pixelSize: Theme.smallSize
            color: Theme.mutedText
            horizontalAlignment: Text.AlignHCenter
            wrapMode: Text.Wrap
        }
    }
    MouseArea {
        objectName: "footer-hold"
        anchors.fill: parent
        onPressed: app.holdFooter(true)
        onReleased: app.holdFooter(false)
        onCanceled: app.holdFooter(false)
    }
}
