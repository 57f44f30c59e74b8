import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import ".."
import "../components"

// Everything to know before starting; the checklist can be printed.
ScreenFrame {
    readonly property var journey: app.journey
    heading: journey.serviceName
    subheading: qsTr("办事指南：开始前请了解以下内容")
    primaryText: journey.kind === "guide" ? qsTr("看完了") : qsTr("开始办理")
    errorText: journey.error
    languageNote: journey.languageNote
    onPrimaryClicked: journey.next()

    ColumnLayout {
        anchors.fill: parent
        spacing: Theme.gap
        Flickable {
            id: flick
            objectName: "guide-text"
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            contentHeight: sections.implicitHeight
            boundsBehavior: Flickable.StopAtBounds
            Column {
                id: sections
                width: flick.width
                spacing: Theme.gap
                Repeater {
                    model: journey.guide
                    Column {
                        width: sections.width
                        spacing: Theme.gap / 3
                        Text {
                            width: parent.width
                            text: modelData.title
                            font.pixelSize: Theme.headingSize
                            font.bold: true
                            color: Theme.text
                            wrapMode: Text.Wrap
                        }
                        Repeater {
                            model: modelData.lines
                            BodyText { width: sections.width; text: "• " + modelData }
                        }
                    }
                }
            }
        }
        RowLayout {
            Layout.fillWidth: true
            spacing: Theme.gap
            KButton {
                objectName: "scroll-up"
                text: qsTr("上翻")
                enabled: flick.contentY > 0
                onClicked: flick.contentY = Math.max(0, flick.contentY - flick.height * 0.8)
            }
            KButton {
                objectName: "scroll-down"
                text: qsTr("下翻")
                enabled: flick.contentY + flick.height < flick.contentHeight
                onClicked: flick.contentY = Math.min(flick.contentHeight - flick.height,
                                                     flick.contentY + flick.height * 0.8)
            }
            Item { Layout.fillWidth: true }
            KButton {
                objectName: "print-checklist"
                text: qsTr("打印材料清单")
                enabled: !journey.printing
                onClicked: journey.printChecklist()
            }
        }
        BodyText {
            Layout.fillWidth: true
            visible: text.length > 0
            text: journey.printing ? qsTr("正在打印材料清单，请稍候……") : journey.printMessage
            color: Theme.success
        }
    }
}
