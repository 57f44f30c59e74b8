import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import ".."
import "../components"

// Results follow the keyboard's preedit text too: "shebao" finds 社保 before a
// candidate is picked.
ScreenFrame {
    heading: qsTr("搜索事项")
    subheading: qsTr("可以输入汉字、拼音或拼音首字母")

    ColumnLayout {
        anchors.fill: parent
        spacing: Theme.gap
        TextField {
            id: query
            objectName: "search-field"
            property bool kioskControl: true
            Layout.fillWidth: true
            Layout.preferredHeight: Theme.buttonHeight
            font.pixelSize: Theme.bodySize
            placeholderText: qsTr("例如：社保卡、公积金、sbk")
            inputMethodHints: Qt.ImhNoAutoUppercase
            onTextChanged: app.search.setQuery(text + preeditText)
            onPreeditTextChanged: app.search.setQuery(text + preeditText)
            Component.onCompleted: forceActiveFocus()
            background: Rectangle {
                border.width: Theme.border
                border.color: Theme.outline
                radius: Theme.radius
            }
        }
        BodyText {
            Layout.fillWidth: true
            visible: app.search.nothingFound
            text: qsTr("没有找到相关事项。可以换个说法，或回到首页按类别查找。")
        }
        Repeater {
            model: app.search.results
            ListRow {
                objectName: "result-" + index
                Layout.fillWidth: true
                title: modelData.name
                detail: modelData.department
                onClicked: app.openService(modelData.code)
            }
        }
        Item { Layout.fillHeight: true }
    }
}
