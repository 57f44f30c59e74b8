import QtQuick
import ".."

// The hotline, and which terminal this is and where.
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
}
