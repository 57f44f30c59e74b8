import QtQuick
import QtQuick.Layouts
import ".."
import "../components"

// Prove who you are: lay the ID card on the reader, insert the social security card,
// show the e-ID code on a phone to the camera (where the service takes it and the
// platform can vouch for it), or, where the service allows it, type the ID number
// (never on journeys that show or act on existing cases or records).
// Each way the service takes shows as a picture of where the card goes, with words.
ScreenFrame {
    id: screen
    readonly property var journey: app.journey
    heading: journey.title
    subheading: journey.serviceName
    errorText: journey.error.length ? journey.error : journey.deviceNotice
    centred: true
    languageNote: journey.languageNote
    property string typed: ""
    onTypedChanged: journey.typingIdNumber(typed)
    readonly property bool typing: journey.typingId
    // Three ways (both cards and the phone's e-ID code): smaller pictures, so that the
    // words below them stay in view in elder mode too.
    readonly property bool crowded: journey.identifyWays.length >= 3
    primaryText: typing ? qsTr("确认号码") : ""
    primaryEnabled: typed.length === 18
    onPrimaryClicked: journey.typeIdNumber(typed)

    ColumnLayout {
        width: parent.width
        spacing: Theme.gap
        // One picture and its words for each way this service takes: side by side in
        // portrait, in columns in landscape.
        GridLayout {
            Layout.fillWidth: true
            visible: !screen.typing
            columns: app.orientation === "landscape" ? Math.max(1, journey.identifyWays.length) : 1
            rowSpacing: Theme.gap
            columnSpacing: Theme.gap * 2
            Repeater {
                model: journey.identifyWays
                GridLayout {
                    objectName: "way-" + modelData.way
                    Layout.fillWidth: true
                    Layout.alignment: Qt.AlignTop
                    columns: app.orientation === "landscape" ? 1 : 2
                    rowSpacing: Theme.gap / 2
                    columnSpacing: Theme.gap
                    Picture {
                        name: modelData.picture
                        Layout.preferredWidth: implicitWidth
                        // A tall screen has room to show where the card goes, large.
                        Layout.preferredHeight: Theme.pictureHeight
                            * (app.orientation === "portrait" ? (screen.crowded ? 1.1 : 1.5)
                                                              : (screen.crowded ? 0.7 : 1))
                        Layout.alignment: Qt.AlignHCenter | Qt.AlignVCenter
                    }
                    BodyText {
                        objectName: modelData.way === "e_id_qr" ? "eid-hint" : ""
                        Layout.fillWidth: true
                        text: modelData.words
                        font.pixelSize: screen.crowded && app.orientation === "landscape"
                                        ? Theme.bodySize : Theme.headingSize
                    }
                }
            }
        }
        KButton {
            objectName: "type-id"
            Layout.fillWidth: true
            visible: journey.acceptsTypedId && !screen.typing
            text: qsTr("没带卡？输入身份证号码")
            onClicked: journey.startTypingId()
        }
        // Where typing is not offered (never where the resident's cases or records would
        // open): what to do without a card, so nobody looks for a way that is not there.
        BodyText {
            objectName: "no-card-hint"
            Layout.fillWidth: true
            visible: text.length > 0
            text: journey.noCardHint
            font.pixelSize: screen.crowded ? Theme.bodySize : Theme.headingSize
        }
        // A look-up that prints an A4 proof, with the A4 printer out of order: said
        // before the resident proves who they are, with what still works.
        InfoLine {
            objectName: "proof-printer"
            Layout.fillWidth: true
            visible: text.length > 0
            text: journey.proofPrinterNotice
        }
        Words {
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
