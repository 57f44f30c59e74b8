import QtQuick
import QtQuick.Layouts
import ".."

// A case the office sent back (补正): what it asked, in its own words, and a large
// "去补正" that answers it here, with the card already read.
ColumnLayout {
    id: correction
    property var asked: null  // {note, wanted}
    property int caseIndex: 0
    spacing: Theme.gap / 2
    Words {
        objectName: "correction-note-" + correction.caseIndex
        Layout.fillWidth: true
        visible: text.length > 0
        text: correction.asked && correction.asked.note
              ? qsTr("办理部门说：%1").arg(correction.asked.note) : ""
        font.pixelSize: Theme.bodySize
        color: Theme.text
        wrapMode: Text.Wrap
        lineHeight: Theme.lineSpacing
    }
    Words {
        objectName: "correction-wanted-" + correction.caseIndex
        Layout.fillWidth: true
        visible: text.length > 0
        text: correction.asked ? correction.asked.wanted : ""
        font.pixelSize: Theme.bodySize
        font.bold: true
        color: Theme.text
        wrapMode: Text.Wrap
    }
    KButton {
        objectName: "correct-" + correction.caseIndex
        Layout.fillWidth: true
        primary: true
        text: qsTr("去补正")
        onClicked: app.startCorrection(correction.caseIndex)
    }
}
