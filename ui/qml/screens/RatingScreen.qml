import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import ".."
import "../components"

// 好差评: five levels (a face, the words, greens to reds), reasons to pick, words only for
// the dissatisfied. Never forced.
ScreenFrame {
    id: screen
    readonly property var journey: app.journey
    heading: journey.title
    subheading: qsTr("您的评价会帮助我们改进服务；也可以跳过。")
    errorText: journey.error
    // Skip and submit share the bottom row (set below), so that levels, reasons and the
    // words fit a landscape screen in elder mode. While the resident writes there, the
    // keyboard takes the lower half: the levels and reasons, already chosen, step aside.
    readonly property bool writing: opinion.activeFocus && Qt.inputMethod.visible
    centred: true  // the levels and the buttons together, in the middle

    ColumnLayout {
        width: parent.width
        spacing: Theme.gap
        GridLayout {
            Layout.fillWidth: true
            visible: !screen.writing
            columns: app.orientation === "landscape" ? 5 : (app.elderMode ? 2 : 3)
            rowSpacing: Theme.gap
            columnSpacing: Theme.gap
            Repeater {
                model: journey.levels
                KButton {
                    objectName: "level-" + modelData.level
                    Layout.fillWidth: true
                    // Face, words and colour together: never the colour alone.
                    primary: journey.level === modelData.level
                    text: modelData.label
                    iconName: modelData.icon
                    // A short screen in large print puts the face beside the words.
                    iconAbove: !(app.orientation === "landscape" && app.elderMode)
                    // Large faces (the keyboard, when it comes, hides the levels for a while).
                    iconSize: app.orientation === "landscape" && app.elderMode
                              ? Theme.iconSize : Theme.tileIconSize
                    Layout.minimumHeight: app.orientation === "portrait" ? Theme.tileHeight * 1.5 : -1
                    ink: Theme.ratingColor(modelData.level)
                    edge: ink
                    fill: ink
                    onClicked: journey.chooseLevel(modelData.level)
                }
            }
        }
        Flow {
            Layout.fillWidth: true
            visible: !screen.writing
            spacing: Theme.gap
            Repeater {
                model: journey.reasons
                KButton {
                    objectName: "reason-" + index
                    primary: modelData.chosen
                    text: (modelData.chosen ? "✓ " : "") + modelData.label
                    onClicked: journey.toggleReason(modelData.reason)
                }
            }
        }
        TextField {
            id: opinion
            objectName: "opinion"
            property bool kioskControl: true
            property string writingKind: "text"  // for the handwriting pad
            FocusRing {  // the keypad's focus: the field's own border is not it
                objectName: "focus-ring"
                control: opinion
                shown: opinion.activeFocus && opinion.focusReason === Qt.TabFocusReason
            }
            Layout.fillWidth: true
            Layout.preferredHeight: Theme.buttonHeight
            visible: journey.wantsText
            font.pixelSize: Theme.bodySize
            placeholderText: qsTr("请说说哪里不满意（可不填）")
            placeholderTextColor: Theme.mutedText  // the style's default is 3:1
            inputMethodHints: Qt.ImhSensitiveData | Qt.ImhNoPredictiveText
            background: Rectangle {
                border.width: Theme.border
                border.color: Theme.outline
                radius: Theme.radius
            }
        }
        RowLayout {
            Layout.fillWidth: true
            spacing: Theme.gap
            KButton {
                objectName: "skip-rating"
                Layout.fillWidth: true
                Layout.preferredWidth: 1  // half and half
                text: qsTr("不评价，跳过")
                onClicked: journey.skipRating()
            }
            KButton {
                objectName: "primary"
                Layout.fillWidth: true
                Layout.preferredWidth: 1
                primary: true
                enabled: journey.level > 0
                text: qsTr("提交评价")
                onClicked: journey.rate(opinion.text)
            }
        }
    }
}
