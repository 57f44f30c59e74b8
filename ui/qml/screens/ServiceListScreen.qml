import QtQuick
import QtQuick.Layouts
import ".."
import "../components"

ScreenFrame {
    heading: app.serviceList.title
    subheading: qsTr("请点选要办理的事项")
    primaryText: ""

    ColumnLayout {
        anchors.fill: parent
        spacing: Theme.gap
        GridLayout {  // two columns in landscape: a page fits the screen's height
            Layout.fillWidth: true
            columns: app.orientation === "landscape" ? 2 : 1
            rowSpacing: Theme.gap
            columnSpacing: Theme.gap
            Repeater {
                model: app.serviceList.rows
                ListRow {
                    objectName: "service-" + index
                    Layout.fillWidth: true
                    Layout.preferredWidth: 1  // equal columns
                    title: modelData.name
                    detail: modelData.department
                    onClicked: app.openService(modelData.code)
                }
            }
        }
        Item { Layout.fillHeight: true }
        RowLayout {
            Layout.fillWidth: true
            spacing: Theme.gap
            KButton {
                objectName: "previous-page"
                enabled: app.serviceList.hasPrevious
                text: qsTr("上一页")
                onClicked: app.serviceList.previousPage()
            }
            Text {
                Layout.fillWidth: true
                text: app.serviceList.pageText
                font.pixelSize: Theme.smallSize
                color: Theme.text
                horizontalAlignment: Text.AlignHCenter
            }
            KButton {
                objectName: "next-page"
                enabled: app.serviceList.hasNext
                text: qsTr("下一页")
                onClicked: app.serviceList.nextPage()
            }
        }
    }
}
