import QtQuick
import QtQuick.Layouts
import ".."

// One row of the check screen: what was asked (small), the answer (bold), and "修改"
// where the answer can be changed.
Rectangle {
    id: checkRow
    property var row: ({ "label": "", "value": "", "key": "" })
    property string changeName: ""  // the 修改 button's name; none on the unseen copy
    signal change(string key)
    height: Math.max(Theme.rowHeight, rowLayout.implicitHeight + 2 * Theme.gap)
    color: Theme.surface
    radius: Theme.radius
    RowLayout {
        id: rowLayout
        anchors.fill: parent
        anchors.margins: Theme.gap
        spacing: Theme.gap
        Column {
            Layout.fillWidth: true
            Words {
                width: parent.width
                text: checkRow.row.label
                font.pixelSize: Theme.smallSize
                color: Theme.mutedText
                wrapMode: Text.Wrap
            }
            Words {
                width: parent.width
                text: checkRow.row.value.length ? checkRow.row.value : qsTr("（未填）")
                font.pixelSize: Theme.bodySize
                font.bold: true
                color: Theme.text
                wrapMode: Text.WrapAnywhere
            }
        }
        KButton {
            objectName: checkRow.changeName
            visible: checkRow.row.key.length > 0
            text: qsTr("修改")
            onClicked: checkRow.change(checkRow.row.key)
        }
    }
}
