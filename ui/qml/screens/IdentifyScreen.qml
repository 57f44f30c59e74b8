import QtQuick
import QtQuick.Layouts
import ".."
import "../components"

// Prove who you are: lay the ID card on the reader, insert the social security card,
// show the e-ID code on a phone to the camera (where the service takes it and the
// platform can vouch for it), or, where the service allows it, type the ID number.
ScreenFrame {
    id: screen
    readonly property var journey: app.journey
    heading: journey.title
    subheading: journey.serviceName
    errorText: journey.error.length ? journey.error : journey.deviceNotice
    centred: true
    languageNote: journey.languageNote
    property string typed: ""
    property bool typing: false
    primaryText: typing ? qsTr("确认号码") : ""
    primaryEnabled: typed.length === 18
    onPrimaryClicked: journey.typeIdNumber(typed)

    ColumnLayout {
        width: parent.width
        spacing: Theme.gap
        BodyText {
            Layout.fillWidth: true
            visible: !screen.typing
            text: qsTr("请把身份证平放在下方的读卡区，或把社保卡插入读卡口。读卡时请不要移动卡片。")
            font.pixelSize: Theme.headingSize
        }
        Rectangle {
            Layout.fillWidth: true
            Layout.preferredHeight: Theme.tileHeight * 1.5
            visible: !screen.typing
            color: Theme.surface
            radius: Theme.radius
            BodyText {
                anchors.centerIn: parent
                width: parent.width - 2 * Theme.margin
                horizontalAlignment: Text.AlignHCenter
                text: "▼ " + qsTr("读卡区在屏幕下方") + " ▼"
                font.pixelSize: Theme.headingSize
            }
        }
        BodyText {
            objectName: "eid-hint"
            Layout.fillWidth: true
            visible: journey.acceptsEid && !screen.typing
            text: qsTr("也可以打开手机上的电子证照二维码，放到读卡区上方的摄像头下。")
        }
        KButton {
            objectName: "type-id"
            Layout.fillWidth: true
            visible: journey.acceptsTypedId && !screen.typing
            text: qsTr("没带卡？输入身份证号码")
            onClicked: screen.typing = true
        }
        Text {
            objectName: "typed-id"
            Layout.fillWidth: true
            visible: screen.typing
            text: screen.typed.length ? screen.typed : qsTr("请输入18位身份证号码")
            font.pixelSize: Theme.headingSize
            font.letterSpacing: Theme.mm * 0.5
            color: screen.typed.length ? Theme.text : Theme.mutedText
            wrapMode: Text.WrapAnywhere
        }
        DigitPad {
            Layout.fillWidth: true
            visible: screen.typing
            extraKey: "X"
            onTyped: key => { if (screen.typed.length < 18) screen.typed += key }
            onErase: screen.typed = screen.typed.slice(0, -1)
        }
    }
}
