import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import ".."
import "../components"

// One question per screen. Numbers on a big digit pad; words on the on-screen keyboard
// (told when a field is personal, so it learns nothing from it); choices as big rows.
ScreenFrame {
    id: screen
    readonly property var journey: app.journey
    readonly property bool isChoice: journey.fieldType === "choice"
    readonly property bool usePad: journey.useDigitPad
    property string typed: journey.fieldValue
    onTypedChanged: if (usePad) journey.edited(typed)
    heading: journey.fieldLabel
    subheading: journey.fieldHelp
    centred: true
    errorText: journey.error
    languageNote: journey.languageNote
    primaryText: isChoice ? "" : qsTr("继续")
    onPrimaryClicked: journey.answer(usePad ? typed : field.text)

    readonly property var padKeys: ({"id_number": "X", "amount": ".", "date": "-"})

    // The screen stays loaded from one question to the next, and typing breaks the
    // bindings above: a new question shows its own value, not the last one's digits,
    // and starts with the keyboard down (else it stays up over the next digit pad).
    readonly property string question: journey.positionText + journey.fieldLabel
    onQuestionChanged: {
        typed = journey.fieldValue
        field.text = journey.fieldValue
        field.focus = false
        Qt.inputMethod.hide()
    }

    ColumnLayout {
        width: parent.width
        spacing: Theme.gap

        GridLayout {  // two columns on a landscape screen, one on a portrait one; a
            // column more for a long list (the twelve contribution tiers): every choice in view
            Layout.fillWidth: true
            visible: screen.isChoice
            columns: (app.orientation === "landscape" ? 2 : 1)
                     + (screen.isChoice && journey.choices.length > 8 ? 1 : 0)
            rowSpacing: Theme.gap
            columnSpacing: Theme.gap
            Repeater {
                model: screen.isChoice ? journey.choices : []
                ListRow {  // a choice looks like one: a mark, filled on the current answer
                    objectName: "choice-" + index
                    Layout.fillWidth: true
                    Layout.preferredWidth: 1  // equal columns
                    readonly property bool chosen: modelData.value === journey.fieldValue
                    title: (chosen ? "● " : "○ ") + modelData.label
                    detail: chosen ? qsTr("当前选择") : ""
                    onClicked: journey.answer(modelData.value)
                }
            }
        }

        Words {
            objectName: "typed-value"
            Layout.fillWidth: true
            visible: screen.usePad
            text: screen.typed.length ? journey.grouped(screen.typed) : qsTr("请用下面的数字键输入")
            font.pixelSize: Theme.headingSize
            color: screen.typed.length ? Theme.text : Theme.mutedText
            wrapMode: Text.WrapAnywhere
        }
        DigitPad {
            Layout.fillWidth: true
            visible: screen.usePad
            extraKey: screen.padKeys[journey.fieldType] || ""
            onTyped: key => screen.typed += key
            onErase: screen.typed = screen.typed.slice(0, -1)
        }

        // An answer longer than the field (an address to the door number): the whole of
        // it, wrapped, above the field that scrolls it.
        Words {
            objectName: "whole-answer"
            Layout.fillWidth: true
            visible: field.visible && field.contentWidth > field.width - field.leftPadding
                     - field.rightPadding
            text: field.text
            font.pixelSize: Theme.bodySize
            color: Theme.text
            wrapMode: Text.WrapAnywhere
        }
        TextField {
            id: field
            objectName: "answer-field"
            property bool kioskControl: true
            property string writingKind: journey.fieldWritingKind  // for the handwriting pad
            FocusRing {  // the keypad's focus: the field's own border is not it
                objectName: "focus-ring"
                control: field
                shown: field.activeFocus && field.focusReason === Qt.TabFocusReason
            }
            Layout.fillWidth: true
            Layout.preferredHeight: Theme.buttonHeight
            visible: !screen.usePad && !screen.isChoice
            text: journey.fieldValue
            onTextChanged: if (visible) journey.edited(text)
            font.pixelSize: Theme.bodySize
            inputMethodHints: journey.fieldSensitive
                              ? (Qt.ImhSensitiveData | Qt.ImhNoPredictiveText) : Qt.ImhNone
            background: Rectangle {
                border.width: Theme.border
                border.color: screen.errorText.length ? Theme.error : Theme.outline
                radius: Theme.radius
            }
        }
        KButton {  // typing is beyond some residents (and slow by keypad): staff can do it
            objectName: "staffed-path"
            Layout.fillWidth: true
            // Not while typing: it would push 继续 under the keyboard.
            visible: !screen.usePad && !screen.isChoice && !Qt.inputMethod.visible
            text: qsTr("不方便打字？到窗口办理")
            onClicked: app.showStaffedPath()
        }
        KButton {
            objectName: "skip"
            Layout.fillWidth: true
            visible: journey.fieldOptional
            text: qsTr("没有，跳过这一项")
            onClicked: journey.answer("")
        }
    }
}
