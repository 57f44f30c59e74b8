import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import ".."
import "../components"

// Results follow the keyboard's preedit text too: "shebao" finds 社保 before a
// candidate is picked.
ScreenFrame {
    id: screen
    heading: qsTr("搜索事项")
    // A landscape screen with the keyboard up keeps its room for the results.
    subheading: app.orientation === "landscape" && Qt.inputMethod.visible
                ? "" : qsTr("可以输入汉字、拼音或拼音首字母")
    // The resident tapped a search box to get here: the keyboard comes up at once. Later
    // than activation: the StackView gives the page itself the focus after that.
    StackView.onActivated: Qt.callLater(() => {
        query.forceActiveFocus()
        Qt.inputMethod.show()
    })

    ColumnLayout {
        anchors.fill: parent
        spacing: Theme.gap
        TextField {
            id: query
            objectName: "search-field"
            property bool kioskControl: true
            property string writingKind: "search"  // the handwriting pad prefers the catalogue's words
            FocusRing {  // the keypad's focus: the field's own border is not it
                objectName: "focus-ring"
                control: query
                shown: query.activeFocus && query.focusReason === Qt.TabFocusReason
            }
            Layout.fillWidth: true
            Layout.preferredHeight: Theme.buttonHeight
            font.pixelSize: Theme.bodySize
            placeholderText: qsTr("例如：社保卡、公积金、sbk")
            placeholderTextColor: Theme.mutedText  // the style's default is 3:1
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
        // With the keyboard up there is room for fewer rows (landscape, elder mode): show
        // the rows that fit whole, and say how to see the others.
        Item {
            id: resultsArea
            Layout.fillWidth: true
            Layout.fillHeight: true
            readonly property int columns: app.orientation === "landscape" ? 2 : 1
            readonly property var results: app.search.results
            function rowsIn(height) {
                return Math.max(0, Math.floor((height + Theme.gap) / (probe.implicitHeight + Theme.gap)))
            }
            // All that fit whole; when some do not, the line saying so takes a row's room,
            // unless that leaves no row at all (then the rows that fit, without it).
            readonly property int rowsWithHint: columns * rowsIn(height - hidden.implicitHeight - Theme.gap)
            readonly property int fits: columns * rowsIn(height) >= results.length
                                        ? results.length
                                        : (rowsWithHint > 0 ? rowsWithHint
                                                            : Math.max(columns, columns * rowsIn(height)))
            ListRow {
                id: probe  // one row's height, to count the rows that fit
                visible: false
                width: resultsArea.width / resultsArea.columns
                title: "社"
                detail: "社"
            }
            GridLayout {
                width: parent.width
                columns: resultsArea.columns
                rowSpacing: Theme.gap
                columnSpacing: Theme.gap
                Repeater {
                    model: resultsArea.results.slice(0, resultsArea.fits)
                    ListRow {
                        objectName: "result-" + index
                        Layout.fillWidth: true
                        Layout.preferredWidth: 1  // equal columns
                        title: modelData.name
                        detail: modelData.department
                        onClicked: app.openService(modelData.code)
                    }
                }
            }
            BodyText {
                id: hidden
                objectName: "more-results"
                anchors.bottom: parent.bottom
                width: parent.width
                visible: resultsArea.fits < resultsArea.results.length && resultsArea.rowsWithHint > 0
                text: qsTr("还有 %1 个结果：点键盘上的“收起”，就能看到。")
                      .arg(resultsArea.results.length - resultsArea.fits)
                color: Theme.mutedText
            }
        }
    }
}
