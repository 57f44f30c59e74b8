import QtQuick
import QtQuick.Layouts
import ".."
import "../components"

// The end: take the card and the receipt; then everything is wiped for the next person.
ScreenFrame {
    readonly property var journey: app.journey
    heading: qsTr("办理结束")
    showBack: false
    centred: true
    primaryText: qsTr("完成")
    onPrimaryClicked: app.finish()

    ColumnLayout {
        width: parent.width
        spacing: Theme.gap
        Repeater {
            model: journey.reminders
            BodyText {
                objectName: "reminder-" + index
                Layout.fillWidth: true
                text: "⚠ " + modelData
                font.pixelSize: Theme.titleSize
                font.bold: true
                color: Theme.primary
            }
        }
        BodyText {
            Layout.fillWidth: true
            text: qsTr("感谢使用。点“完成”后，本次填写的信息会全部清除。")
        }
    }
}
