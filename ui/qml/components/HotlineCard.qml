import QtQuick
import QtQuick.Layouts
import ".."

// The hotline number, large, over the screen; one tap anywhere or on "关闭" closes it.
Rectangle {
    objectName: "hotline-card"
    readonly property bool overlay: true  // the keypad reaches only the card's controls
    color: Theme.scrim
    MouseArea { anchors.fill: parent; onClicked: app.hideHotline() }

    Rectangle {
        anchors.centerIn: parent
        width: parent.width - 2 * Theme.margin
        height: card.implicitHeight + 2 * Theme.margin
        color: Theme.background
        radius: Theme.radius
        MouseArea { anchors.fill: parent }  // a tap on the card itself does not close it
        ColumnLayout {
            id: card
            anchors.fill: parent
            anchors.margins: Theme.margin
            spacing: Theme.gap
            Words {
                Layout.fillWidth: true
                text: qsTr("服务热线")
                font.pixelSize: Theme.headingSize
                font.bold: true
                color: Theme.text
                horizontalAlignment: Text.AlignHCenter
                wrapMode: Text.Wrap
            }
            Words {
                objectName: "hotline-number"
                Layout.fillWidth: true
                text: app.hotline
                font.pixelSize: Theme.hugeSize * 2
                font.bold: true
                font.letterSpacing: Theme.mm
                color: Theme.primary
                horizontalAlignment: Text.AlignHCenter
            }
            Words {
                Layout.fillWidth: true
                text: qsTr("请用手机拨打。工作人员会告诉您怎么办理。")
                font.pixelSize: Theme.bodySize
                color: Theme.text
                horizontalAlignment: Text.AlignHCenter
                wrapMode: Text.Wrap
            }
            KButton {
                objectName: "hotline-close"
                Layout.fillWidth: true
                primary: true
                text: qsTr("关闭")
                onClicked: app.hideHotline()
            }
        }
    }
}
