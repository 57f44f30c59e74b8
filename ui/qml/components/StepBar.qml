import QtQuick
import QtQuick.Layouts
import ".."

// Where the resident is in a journey: one segment a step, the done ones filled, and the
// same in words ("第 2 步，共 5 步"), so it never rests on colour alone.
ColumnLayout {
    id: bar
    objectName: "step-bar"
    property int number: 0
    property int total: 0
    property string text: ""
    spacing: Theme.gap / 2
    // A landscape screen with the keyboard up keeps its room for the field and 继续.
    visible: number > 0 && total > 0
             && !(app.orientation === "landscape" && Qt.inputMethod.visible)

    Row {
        Layout.fillWidth: true
        spacing: Theme.gap / 2
        Repeater {
            model: bar.total
            Rectangle {
                objectName: "step-segment-" + index
                width: (bar.width - (bar.total - 1) * Theme.gap / 2) / Math.max(1, bar.total)
                height: 2 * Theme.mm
                radius: Theme.mm
                color: index < bar.number ? Theme.primary : Theme.background
                border.width: Theme.border / 2
                border.color: index < bar.number ? Theme.primary : Theme.outline
            }
        }
    }
    Words {
        objectName: "step-text"
        Layout.fillWidth: true
        text: bar.text
        font.pixelSize: Theme.smallSize
        font.bold: true
        color: Theme.text
        wrapMode: Text.Wrap
    }
}
