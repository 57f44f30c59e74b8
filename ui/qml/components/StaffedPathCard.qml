import QtQuick
import QtQuick.Layouts
import ".."

// A question needs typing: where staff do this service instead, the service's hotline,
// the checklist to take there, and the way out of this visit (or back to the keyboard).
Overlay {
    objectName: "staffed-path-card"
    readonly property var journey: app.journey
    ColumnLayout {
        x: Theme.margin
        y: Theme.margin
        width: parent.width - 2 * Theme.margin
        spacing: Theme.gap
        Words {
            Layout.fillWidth: true
            accessibleRole: Accessible.Heading
            text: qsTr("到窗口办理")
            font.pixelSize: Theme.titleSize
            font.bold: true
            color: Theme.text
            wrapMode: Text.Wrap
        }
        Words {
            Layout.fillWidth: true
            text: qsTr("这一项要打字。工作人员可以在这里为您办理：")
            font.pixelSize: Theme.bodySize
            color: Theme.text
            wrapMode: Text.Wrap
        }
        Words {
            objectName: "staffed-counter"
            Layout.fillWidth: true
            text: journey.staffedCounter
            font.pixelSize: Theme.headingSize
            font.bold: true
            color: Theme.primary
            wrapMode: Text.Wrap
        }
        Words {
            objectName: "staffed-hotline"
            Layout.fillWidth: true
            text: qsTr("请带上您的证件。咨询电话：%1").arg(journey.itemHotline)
            font.pixelSize: Theme.bodySize
            color: Theme.text
            wrapMode: Text.Wrap
        }
        Words {
            objectName: "staffed-print-message"
            Layout.fillWidth: true
            visible: text.length > 0
            text: journey.printMessage
            font.pixelSize: Theme.bodySize
            font.bold: true
            color: journey.printFailed ? Theme.error : Theme.success
            wrapMode: Text.Wrap
        }
        KButton {
            objectName: "staffed-print"
            Layout.fillWidth: true
            enabled: !journey.printing
            text: journey.printing ? qsTr("正在打印…") : qsTr("打印地址和材料清单")
            onClicked: journey.printChecklist()
        }
        KButton {
            objectName: "staffed-keep-typing"
            Layout.fillWidth: true
            text: qsTr("回去，自己输入")
            onClicked: app.hideStaffedPath()
        }
        KButton {
            objectName: "staffed-end"
            Layout.fillWidth: true
            primary: true
            text: qsTr("结束，去窗口办理")
            onClicked: app.handOver()
        }
    }
}
