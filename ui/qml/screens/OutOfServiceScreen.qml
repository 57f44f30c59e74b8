import QtQuick
import QtQuick.Layouts
import ".."
import "../components"

// The platform has taken this terminal out of service: say so plainly, and where else
// the resident can be served. Nothing here starts a visit; the footer still lets a
// technician in.
Rectangle {
    color: Theme.background
    readonly property bool centred: true  // one message, in the middle
    // No voice guide while the store could not be opened at start: there is no terminal
    // behind the screen yet (ui/storage_at_start.py).
    property bool withVoice: true

    ColumnLayout {
        id: column
        anchors.fill: parent
        anchors.margins: Theme.margin
        spacing: Theme.margin

        // Room for the voice button, declared last: a screen reader reads where they are
        // (the heading) first; on screen the button stays here, at the top right.
        Item {
            id: voiceRoom
            Layout.fillWidth: true
            Layout.preferredHeight: voiceBar.implicitHeight
        }
        Words {
            objectName: "heading"
            accessibleRole: Accessible.Heading
            Layout.fillWidth: true
            text: qsTr("暂停服务")
            font.pixelSize: Theme.hugeSize
            font.bold: true
            color: Theme.text
            horizontalAlignment: Text.AlignHCenter
            wrapMode: Text.Wrap
        }
        Item { Layout.fillHeight: true }
        BodyText {
            Layout.fillWidth: true
            text: qsTr("本机正在维护，暂时不能办理业务。")
            font.pixelSize: Theme.headingSize
            horizontalAlignment: Text.AlignHCenter
        }
        BodyText {
            objectName: "where-to-go"
            Layout.fillWidth: true
            text: app.whereToGo
            horizontalAlignment: Text.AlignHCenter
        }
        HotlineButton {
            objectName: "hotline"
            Layout.fillWidth: true
        }
        Item { Layout.fillHeight: true }
        TerminalFooter {
            Layout.fillWidth: true
            showHotline: false  // said above, larger
        }
    }

    RowLayout {  // at the top right, placed by a layout as the column would
        id: voiceBar
        x: column.x + voiceRoom.x
        y: column.y + voiceRoom.y
        width: voiceRoom.width
        Loader {
            Layout.alignment: Qt.AlignRight
            active: withVoice
            sourceComponent: VoiceButton {}
        }
    }
}
