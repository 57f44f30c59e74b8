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
            objectName: "notice"
            Layout.fillWidth: true
            text: app.notice
        }
        KButton {
            objectName: "notice-ok"
            Layout.fillWidth: true
            primary: true
            text: qsTr("知道了")
            onClicked: app.dismissNotice()
        }
    }
}
