import QtQuick
import QtQuick.Layouts
import ".."
import "../components"

// A list of services, a page at a time (no swiping needed). The page holds as many rows
// as the screen has room for, spread evenly over the pages, and the rows grow to fill it.
ScreenFrame {
    id: screen
    heading: app.serviceList.title
    subheading: qsTr("请点选要办理的事项")
    primaryText: ""
    readonly property int columns: app.orientation === "landscape" ? 2 : 1

    ColumnLayout {
        anchors.fill: parent
        spacing: Theme.gap
        Item {
            id: listArea
            Layout.fillWidth: true
            Layout.fillHeight: true
            // Room a row: a name of two lines and its department.
            readonly property real rowRoom: Theme.rowHeight * 1.5
            readonly property int fitPerColumn:
                Math.max(1, Math.floor((height + Theme.gap) / (rowRoom + Theme.gap)))
            readonly property int shownPerColumn:
                Math.max(1, Math.ceil(app.serviceList.rows.length / screen.columns))
            readonly property real rowHeight: Math.max(rowRoom, Math.min(
                Theme.rowHeight * 2, (height - (shownPerColumn - 1) * Theme.gap) / shownPerColumn))
            onFitPerColumnChanged: app.serviceList.setRowsThatFit(fitPerColumn * screen.columns)
            Component.onCompleted: app.serviceList.setRowsThatFit(fitPerColumn * screen.columns)

            GridLayout {  // two columns in landscape
                width: parent.width
                anchors.verticalCenter: parent.verticalCenter
                columns: screen.columns
                rowSpacing: Theme.gap
                columnSpacing: Theme.gap
                Repeater {
                    model: app.serviceList.rows
                    ListRow {
                        objectName: "service-" + index
                        Layout.fillWidth: true
                        Layout.preferredWidth: 1  // equal columns
                        Layout.preferredHeight: listArea.rowHeight
                        title: modelData.name
                        detail: modelData.department
                        onClicked: app.openService(modelData.code)
                    }
                }
            }
        }
        RowLayout {
            Layout.fillWidth: true
            spacing: Theme.gap
            KButton {
                objectName: "previous-page"
                enabled: app.serviceList.hasPrevious
                text: qsTr("上一页")
                onClicked: app.serviceList.previousPage()
            }
            Words {
                objectName: "page-text"
                Layout.fillWidth: true
                text: app.serviceList.pageText
                font.pixelSize: Theme.smallSize
                color: Theme.text
                horizontalAlignment: Text.AlignHCenter
                wrapMode: Text.Wrap
            }
            KButton {
                objectName: "next-page"
                enabled: app.serviceList.hasNext
                text: app.serviceList.hasNext ? qsTr("下一页 ▶") : qsTr("下一页")
                onClicked: app.serviceList.nextPage()
            }
        }
    }
}
