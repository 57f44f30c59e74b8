import QtQuick
import QtQuick.Layouts
import ".."

Overlay {
    ColumnLayout {
        x: Theme.margin
        y: Theme.margin
        width: parent.width - 2 * Theme.margin
        spacing: Theme.gap
        BodyText {
            Layout.fillWidth: true
            text: qsTr("您还在办理吗？")
            font.pixelSize: Theme.titleSize
            font.bold: true
        }
        BodyText {
            Layout.fillWidth: true
            text: qsTr("为保护您的信息，%1 秒后将清除填写的内容并回到首页。").arg(app.secondsLeft)
        }
        Words {
            objectName: "countdown"
            Layout.alignment: Qt.AlignHCenter
            text: app.secondsLeft
            font.pixelSize: Theme.hugeSize * 1.6
            font.bold: true
            color: Theme.primary
        }
        KButton {
            objectName: "more-time"
            Layout.fillWidth: true
            primary: true
            visible: app.canExtend
            text: qsTr("我还需要时间")
            onClicked: app.extendSession()
        }
    }
}
