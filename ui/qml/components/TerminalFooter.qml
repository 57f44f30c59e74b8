import QtQuick
import ".."

// The hotline (a button that shows the number large), and which terminal this is and
// where. The terminal's line held for 5 seconds opens the technician's PIN screen (Python
// times the hold): a resident resting a finger on the small print that long is rare, and
// a PIN follows.
Item {
    id: footer
    objectName: "footer"
    property bool showHotline: true
    implicitHeight: lines.implicitHeight
    Column {
        id: lines
        width: parent.width
        spacing: Theme.gap / 2
        HotlineButton {
            width: parent.width
            visible: footer.showHotline
        }
        Text {
            objectName: "terminal-id"
            width: parent.width
            text: qsTr("终端编号 %1 · %2").arg(app.terminalId).arg(app.terminalLocation)
            font.pixelSize: Theme.smallSize
            color: Theme.mutedText
            horizontalAlignment: Text.AlignHCenter
            wrapMode: Text.Wrap
            MouseArea {
                objectName: "footer-hold"
                anchors.fill: parent
                onPressed: app.holdFooter(true)
                onReleased: app.holdFooter(false)
                onCanceled: app.holdFooter(false)
            }
        }
    }
}
