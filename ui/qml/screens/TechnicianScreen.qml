import QtQuick
import QtQuick.Layouts
import ".."
import "../components"

// For the technician at the terminal: the link to the platform, the catalogue, the
// devices and the queue (tracking numbers and states, no personal data), read again every
// second. Two columns in landscape; the scroll buttons reach what does not fit, beside
// "sync now" (one row of buttons leaves the details more of the screen).
ScreenFrame {
    id: screen
    readonly property var tech: app.technicianView
    readonly property bool wide: app.orientation === "landscape"
    heading: qsTr("维护信息")
    subheading: qsTr("仅供维护人员使用。离开本页或长时间不操作会自动退出。")
    showHome: false
    centred: true

    ColumnLayout {
        width: parent.width
        spacing: Theme.gap
        Flickable {
            id: flick
            objectName: "technician-details"
            Layout.fillWidth: true
            Layout.preferredHeight: Math.min(columns.implicitHeight,
                                             screen.roomForContent - actions.implicitHeight - Theme.gap)
            clip: true
            contentHeight: columns.implicitHeight
            boundsBehavior: Flickable.StopAtBounds
            GridLayout {
                id: columns
                width: flick.width
                columns: screen.wide ? 2 : 1
                columnSpacing: Theme.margin
                rowSpacing: Theme.gap
                ColumnLayout {
                    Layout.alignment: Qt.AlignTop
                    Layout.fillWidth: true
                    Layout.preferredWidth: 1  // equal columns
                    spacing: Theme.gap
                    StatusSection {
                        objectName: "link"
                        Layout.fillWidth: true
                        title: qsTr("平台连接")
                        rows: screen.tech.linkRows
                    }
                    StatusSection {
                        objectName: "catalogue"
                        Layout.fillWidth: true
                        title: qsTr("事项目录")
                        rows: screen.tech.catalogueRows
                    }
                    StatusSection {
                        objectName: "store"
                        Layout.fillWidth: true
                        title: qsTr("本地存储")
                        rows: screen.tech.storeRows
                    }
                    StatusSection {
                        objectName: "devices"
                        Layout.fillWidth: true
                        title: qsTr("设备")
                        rows: screen.tech.deviceRows
                    }
                }
                ColumnLayout {
                    Layout.alignment: Qt.AlignTop
                    Layout.fillWidth: true
                    Layout.preferredWidth: 1
                    spacing: Theme.gap / 2
                    Words {
                        Layout.fillWidth: true
                        text: qsTr("待发送队列")
                        font.pixelSize: Theme.headingSize
                        font.bold: true
                        color: Theme.text
                        wrapMode: Text.Wrap
                    }
                    Words {
                        objectName: "queue-summary"
                        Layout.fillWidth: true
                        text: screen.tech.queueSummary
                        font.pixelSize: Theme.smallSize
                        color: Theme.text
                        wrapMode: Text.Wrap
                    }
                    Repeater {
                        model: screen.tech.queueRows
                        Rectangle {
                            objectName: "queue-" + index
                            Layout.fillWidth: true
                            implicitHeight: entry.implicitHeight + Theme.gap
                            color: Theme.surface
                            radius: Theme.radius
                            border.width: modelData.rejected ? Theme.border : 0
                            border.color: Theme.outline
                            Column {
                                id: entry
                                x: Theme.gap / 2
                                y: Theme.gap / 2
                                width: parent.width - Theme.gap
                                spacing: Theme.gap / 4
                                Words {
                                    width: parent.width
                                    text: modelData.tracking + "  " + (modelData.rejected ? "⚠ " : "")
                                          + modelData.state
                                    font.pixelSize: Theme.smallSize
                                    font.bold: true
                                    color: Theme.text
                                    wrapMode: Text.WrapAtWordBoundaryOrAnywhere
                                }
                                Words {
                                    width: parent.width
                                    text: modelData.detail
                                    font.pixelSize: Theme.smallSize
                                    color: Theme.mutedText
                                    wrapMode: Text.WrapAtWordBoundaryOrAnywhere
                                }
                                Words {
                                    width: parent.width
                                    visible: modelData.error.length > 0
                                    text: modelData.error
                                    font.pixelSize: Theme.smallSize
                                    color: Theme.text
                                    wrapMode: Text.WrapAtWordBoundaryOrAnywhere
                                }
                            }
                        }
                    }
                    Words {
                        Layout.fillWidth: true
                        visible: text.length > 0
                        text: screen.tech.queueMore
                        font.pixelSize: Theme.smallSize
                        color: Theme.mutedText
                        wrapMode: Text.Wrap
                    }
                }
            }
        }
        RowLayout {
            id: actions
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
            Words {
                objectName: "sync-message"
                Layout.fillWidth: true
                text: screen.tech.syncMessage
                font.pixelSize: Theme.smallSize
                color: Theme.success
                wrapMode: Text.Wrap
            }
            KButton {
                objectName: "sync-now"
                primary: true
                text: qsTr("立即同步")
                onClicked: screen.tech.syncNow()
            }
        }
    }
}
