import QtQuick
import QtQuick.Layouts
import ".."
import "../components"

// The technician's PIN, on the digit pad, shown as dots. Five wrong ones lock it for five
// minutes (Python keeps the count; a wipe does not reset it).
ScreenFrame {
    id: screen
    readonly property var tech: app.technicianView
    property string typed: ""
    heading: qsTr("维护人员登录")
    subheading: qsTr("仅供维护人员使用。来办事的居民请点“返回”。")
    showHome: false
    centred: true
    errorText: tech.pinMessage
    primaryText: qsTr("进入维护")
    primaryEnabled: typed.length >= tech.pinMinDigits && !tech.locked
    onPrimaryClicked: {
        app.enterTechnicianPin(typed)
        typed = ""
    }

    ColumnLayout {
        width: parent.width
        spacing: Theme.gap
        Words {
            objectName: "pin-dots"
            Layout.fillWidth: true
            text: screen.typed.length ? "●".repeat(screen.typed.length) : qsTr("请输入维护密码")
            font.pixelSize: Theme.headingSize
            font.letterSpacing: Theme.mm
            color: screen.typed.length ? Theme.text : Theme.mutedText
            wrapMode: Text.WrapAnywhere
        }
        DigitPad {
            Layout.fillWidth: true
            enabled: !screen.tech.locked
            onTyped: key => { if (screen.typed.length < screen.tech.pinMaxDigits) screen.typed += key }
            onErase: screen.typed = screen.typed.slice(0, -1)
        }
    }
}
