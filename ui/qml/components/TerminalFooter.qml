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
    // Landscape: one row, the hotline beside the terminal's line (the screen is short).
    readonly property bool wide: app.orientation === "landscape"
    Grid {
        id: lines
        width: parent.width
        columns: footer.wide ? 2 : 1
        spacing: Theme.gap / 2
        verticalItemAlignment: Grid.AlignVCenter
        HotlineButton {
            width: footer.wide ? (parent.width - parent.spacing) / 2 : parent.width
            visible: footer.showHotline
        }
        Words {
            objectName: "terminal-id"
            width: footer.wide && footer.showHotline ? (parent.width - parent.spacing) / 2 : parent.width
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
