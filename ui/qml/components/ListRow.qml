import QtQuick
import QtQuick.Controls.Basic
import ".."
import "spoken.js" as Spoken

// A row to tap in a list: the name large, the department below (only when there is one),
// the two centred in the row whatever its height.
Button {
    id: row
    property string title: ""
    property string detail: ""
    property bool kioskControl: true
    implicitHeight: Math.max(Theme.rowHeight, column.implicitHeight + 2 * Theme.gap)
    focusPolicy: Qt.TabFocus  // the keypad's; a touch never moves the focus
    // One control for assistive technology: its name, then its department.
    Accessible.role: Accessible.Button
    // A mark drawn beside a choice (○ ●) is not read out: "当前选择" says which one it is.
    readonly property string words: Spoken.spoken(title)
    Accessible.name: detail.length > 0 ? words + "，" + detail : words
    background: Rectangle {
        color: row.down ? Theme.surface : Theme.background
        border.color: Theme.outline
        border.width: Theme.border
        radius: Theme.radius
    }
    contentItem: Item {
        implicitHeight: column.implicitHeight
        Column {
            id: column
            width: parent.width
            anchors.verticalCenter: parent.verticalCenter
            spacing: Theme.gap / 3
            Text {
                width: parent.width
                Accessible.ignored: true
                text: row.title
                textFormat: Text.PlainText  // catalogue and platform text: never HTML
                font.pixelSize: Theme.bodySize
                font.bold: true
                color: Theme.text
                wrapMode: Text.Wrap
            }
            Text {
                width: parent.width
                Accessible.ignored: true
                visible: row.detail.length > 0
                text: row.detail
                textFormat: Text.PlainText
                font.pixelSize: Theme.smallSize
                color: Theme.mutedText
                wrapMode: Text.Wrap
            }
        }
    }
    FocusRing { objectName: "focus-ring" }
}
