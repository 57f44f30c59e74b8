import QtQuick
import QtQuick.Layouts
import ".."

// A titled list of label and value pairs for the technician; a value to act on has a
// mark in words ("⚠"), not only a colour.
ColumnLayout {
    id: section
    property string title: ""
    property var rows: []
    spacing: Theme.gap / 3
    Words {
        Layout.fillWidth: true
        text: section.title
        font.pixelSize: Theme.headingSize
        font.bold: true
        color: Theme.text
        wrapMode: Text.Wrap
    }
    Repeater {
        model: section.rows
        RowLayout {
            Layout.fillWidth: true
            spacing: Theme.gap
            Words {
                Layout.preferredWidth: Theme.labelWidth
                Layout.alignment: Qt.AlignBaseline
                text: modelData.label
                font.pixelSize: Theme.smallSize
                color: Theme.mutedText
                wrapMode: Text.Wrap
            }
            Words {
                Layout.fillWidth: true
                Layout.alignment: Qt.AlignBaseline
                text: (modelData.warn ? "⚠ " : "") + modelData.value
                font.pixelSize: Theme.smallSize
                color: modelData.warn ? Theme.error : Theme.text
                wrapMode: Text.WrapAtWordBoundaryOrAnywhere
            }
        }
    }
}
