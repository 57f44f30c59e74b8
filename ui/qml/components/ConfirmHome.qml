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
            text: qsTr("回到首页吗？")
            font.pixelSize: Theme.titleSize
            font.bold: true
        }
        BodyText {
            Layout.fillWidth: true
            text: qsTr("您刚才填写的内容还没有提交，回到首页后会被清除。")
        }
        KButton {
            objectName: "stay"
            Layout.fillWidth: true
            primary: true
            text: qsTr("继续办理")
            onClicked: app.cancelHome()
        }
        KButton {
            objectName: "leave"
            Layout.fillWidth: true
            danger: true
            text: qsTr("清除内容，回到首页")
            onClicked: app.confirmHome()
        }
    }
}
