import QtQuick
import QtQuick.VirtualKeyboard
import QtQuick.VirtualKeyboard.Styles
import "../../../../.."  // Theme (ui/qml)

// The on-screen keyboard's look, from Theme: keys and the words pinyin offers at least a
// finger wide and tall (larger in elder mode), their words as large as body text, Theme's
// colours, the app's own font, and every key that does something says so in words
// (中/英, 数字符号, 删除, ...) rather than with an icon. Qt finds this file by its place
// under an import path (QtQuick/VirtualKeyboard/Styles/kiosk/style.qml); KioskScreens
// adds that import path and Keyboard.qml picks the style by name.
KeyboardStyle {
    id: kioskStyle

    // The font every other text of the app is drawn in.
    readonly property string fontFamily: Qt.application.font.family
    readonly property real keyMargin: Theme.border  // between a key's cell and its face
    readonly property bool chinese: InputContext.locale.startsWith("zh")
    readonly property int rows: 4  // every layout offered (pinyin, English, symbols)

    // Design units are pixels: the keyboard is as wide as the panel gives it (Keyboard.qml)
    // and as tall as its rows of keys.
    keyboardDesignWidth: Math.max(1, keyboard.width)
    keyboardDesignHeight: rows * Theme.keyHeight + 2 * keyMargin
    keyboardRelativeLeftMargin: keyMargin / keyboardDesignWidth
    keyboardRelativeRightMargin: keyMargin / keyboardDesignWidth
    keyboardRelativeTopMargin: keyMargin / keyboardDesignHeight
    keyboardRelativeBottomMargin: keyMargin / keyboardDesignHeight

    // The language key switches between pinyin and English at once (no pop-up list).
    languagePopupListEnabled: false

    keyboardBackground: Rectangle {
        color: Theme.surface
        Rectangle {  // where the screen ends and the keyboard begins
            anchors.left: parent.left
            anchors.right: parent.right
            anchors.top: parent.top
            height: Theme.border
            color: Theme.outline
        }
    }

    // One key: a face with its words. `accent`: keys that switch or act rather than type.
    component KeyFace: KeyPanel {
        id: face
        property string label
        property bool accent: true
        property bool richLabel: false
        readonly property bool down: control ? control.pressed : false
        readonly property bool usable: control ? control.enabled : true
        Rectangle {
            id: faceBackground
            anchors.fill: parent
            anchors.margins: kioskStyle.keyMargin
            radius: Theme.radius
            color: face.down ? (face.accent ? Theme.text : Theme.primary)
                             : (face.accent ? Theme.primary : Theme.background)
            border.width: face.accent ? 0 : Theme.border / 2
            border.color: Theme.outline
            Text {
                anchors.fill: parent
                anchors.margins: Theme.border
                text: face.label
                textFormat: face.richLabel ? Text.StyledText : Text.PlainText
                color: !face.usable ? Theme.mutedText
                                    : face.down || face.accent ? Theme.textOnPrimary : Theme.text
                horizontalAlignment: Text.AlignHCenter
                verticalAlignment: Text.AlignVCenter
                fontSizeMode: Text.Fit
                minimumPixelSize: Theme.smallSize
                font.pixelSize: Theme.bodySize
                font.family: kioskStyle.fontFamily
                font.capitalization: face.control && face.control.uppercased
                                     ? Font.AllUppercase : Font.MixedCase
            }
        }
    }

    // Letters, digits, signs; on the symbol pages also the key to the next page.
    keyPanel: KeyFace {
        accent: control.functionKey
        label: control.functionKey && /^\d+\/\d+$/.test(control.displayText)
               ? qsTr("更多") + " " + control.displayText : control.displayText
    }
    backspaceKeyPanel: KeyFace { label: qsTr("删除") }
    // The current language in bold: 中/英 while typing pinyin, the other way in English.
    languageKeyPanel: KeyFace {
        richLabel: true
        label: kioskStyle.chinese ? qsTr("<b>中</b>/英") : qsTr("中/<b>英</b>")
    }
    // With pinyin waiting, enter takes the letters as typed; else it closes the keyboard
    // (Keyboard.qml: closeOnReturn).
    enterKeyPanel: KeyFace {
        label: InputContext.preeditText.length > 0 ? qsTr("输入字母") : qsTr("完成")
    }
    hideKeyPanel: KeyFace { label: qsTr("收起") }
    shiftKeyPanel: KeyFace {
        label: InputContext.capsLockActive ? qsTr("大写锁定") : qsTr("大写")
    }
    spaceKeyPanel: KeyFace { accent: false; label: qsTr("空格") }
    // To the digits and signs, and back to the letters of the language typed.
    symbolKeyPanel: KeyFace {
        label: !keyboard.symbolMode ? qsTr("数字符号")
                                    : kioskStyle.chinese ? qsTr("拼音") : qsTr("字母")
    }
    modeKeyPanel: KeyFace { label: control.displayText }
    handwritingKeyPanel: KeyFace { label: qsTr("手写") }

    // The letter under the finger, large, above the key.
    characterPreviewMargin: Theme.border
    characterPreviewDelegate: Item {
        id: preview
        property string text
        property string flickLeft
        property string flickTop
        property string flickRight
        property string flickBottom
        Rectangle {
            anchors.fill: parent
            radius: Theme.radius
            color: Theme.primary
            Text {
                anchors.fill: parent
                text: preview.text
                color: Theme.textOnPrimary
                horizontalAlignment: Text.AlignHCenter
                verticalAlignment: Text.AlignVCenter
                fontSizeMode: Text.Fit
                minimumPixelSize: Theme.smallSize
                font.pixelSize: Theme.titleSize
                font.family: kioskStyle.fontFamily
            }
        }
    }

    // A key held down: the signs it also gives (the 。 key: ；、：？！).
    alternateKeysListItemWidth: Theme.minTarget
    alternateKeysListItemHeight: Theme.keyHeight
    alternateKeysListDelegate: Item {
        id: alternative
        width: kioskStyle.alternateKeysListItemWidth
        height: kioskStyle.alternateKeysListItemHeight
        Text {
            anchors.centerIn: parent
            text: model.text
            color: alternative.ListView.isCurrentItem ? Theme.primary : Theme.text
            font.pixelSize: Theme.bodySize
            font.family: kioskStyle.fontFamily
        }
    }
    alternateKeysListHighlight: Rectangle {
        color: Theme.surface
        border.width: Theme.border
        border.color: Theme.primary
        radius: Theme.radius
    }
    alternateKeysListBackground: Rectangle {
        color: Theme.background
        border.width: Theme.border
        border.color: Theme.outline
        radius: Theme.radius
    }

    // The words pinyin offers: each a button with its words at body size.
    selectionListHeight: Theme.candidateHeight
    selectionListDelegate: SelectionListItem {
        id: candidate
        width: Math.max(Theme.minTarget + 2 * kioskStyle.keyMargin,
                        candidateText.implicitWidth + 2 * Theme.gap)
        Rectangle {
            anchors.fill: parent
            anchors.margins: kioskStyle.keyMargin
            radius: Theme.radius
            color: Theme.background
            border.width: candidate.ListView.isCurrentItem ? 2 * Theme.border : Theme.border / 2
            border.color: candidate.ListView.isCurrentItem ? Theme.primary : Theme.outline
            Text {
                id: candidateText
                anchors.centerIn: parent
                text: display
                color: Theme.text
                font.pixelSize: Theme.bodySize
                font.family: kioskStyle.fontFamily
                font.bold: candidate.ListView.isCurrentItem  // the one 空格 takes
            }
        }
    }
    selectionListBackground: Rectangle {
        color: Theme.surface
        Rectangle {
            anchors.left: parent.left
            anchors.right: parent.right
            anchors.top: parent.top
            height: Theme.border
            color: Theme.outline
        }
    }

    // Where the keypad's arrows are (ui/keypad.py): the focus ring's dark line, with a
    // light one inside it, so that it shows on the light keys and on the filled ones.
    navigationHighlight: Rectangle {
        color: "transparent"
        border.color: Theme.text
        border.width: Theme.focusWidth
        radius: Theme.radius
        Rectangle {
            anchors.fill: parent
            anchors.margins: Theme.focusWidth
            color: "transparent"
            border.color: Theme.background
            border.width: Theme.focusGap
            radius: Theme.radius
        }
    }

    // The list of words offered in a pop-up (full-screen mode only, not used here).
    popupListDelegate: SelectionListItem {
        width: popupText.implicitWidth + 2 * Theme.gap
        height: Math.max(Theme.minTarget, popupText.implicitHeight + Theme.gap)
        Text {
            id: popupText
            anchors.centerIn: parent
            text: display
            color: Theme.text
            font.pixelSize: Theme.bodySize
            font.family: kioskStyle.fontFamily
        }
    }
    popupListBackground: Rectangle {
        color: Theme.background
        border.width: Theme.border
        border.color: Theme.outline
    }
}
