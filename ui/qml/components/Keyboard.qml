import QtQuick
import QtQuick.Layouts
import QtQuick.VirtualKeyboard
import QtQuick.VirtualKeyboard.Settings
import ".."

// The on-screen keyboard: pinyin and English, or writing with a finger (手写) where the
// terminal can read handwriting; two big buttons on top switch between them, and the
// choice holds from field to field until the visit ends. Main.qml makes it just after
// the first frame, so loading the keyboard's plugin and dictionaries does not delay the
// home screen; it keeps the screen's content above `top`.
Item {
    id: keyboard
    objectName: "keyboard"
    property Item window  // the window's content item, to sit at the bottom of
    readonly property bool writing: app.handwriting.writing
    // Landscape: the switch stands beside the keys, where the screen's content never
    // is, so the keyboard takes no more height from it than pinyin's keys alone.
    readonly property bool wide: window.width > window.height
    // The keys no wider than the portrait screen: finger-sized in landscape, and the
    // keyboard leaves room above it for the field and what the resident needs.
    readonly property real keysWidth: Math.min(window.width, window.height)
    z: 50
    width: window.width
    height: (wide ? 0 : modes.height) + (writing ? pad.height : panel.height)
    y: panel.active ? window.height - height : window.height
    visible: panel.active

    Rectangle {  // the keyboard begins here
        anchors.fill: parent
        color: Theme.surface
        Rectangle {
            anchors.left: parent.left
            anchors.right: parent.right
            anchors.top: parent.top
            height: Theme.border
            color: Theme.outline
        }
    }
    GridLayout {
        id: modes
        objectName: "keyboard-modes"
        visible: app.handwriting.available
        columns: keyboard.wide ? 1 : 2
        x: Theme.gap
        y: keyboard.wide ? Theme.gap : Theme.border
        width: (keyboard.wide ? (keyboard.width - keyboard.keysWidth) / 2 : keyboard.width)
               - 2 * Theme.gap
        height: visible ? implicitHeight + (keyboard.wide ? 0 : Theme.border) : 0
        columnSpacing: Theme.gap
        rowSpacing: Theme.gap
        component ModeButton: KButton {
            focusPolicy: Qt.NoFocus  // the field keeps the focus, and the keyboard
            Layout.fillWidth: true
            Layout.preferredWidth: 1  // half and half
            Layout.preferredHeight: Theme.keyHeight
            implicitHeight: Theme.keyHeight
            topPadding: 0
            bottomPadding: 0
            lineSpacing: 1.0
        }
        ModeButton {
            objectName: "mode-pinyin"
            primary: !keyboard.writing
            text: qsTr("拼音")
            Accessible.name: qsTr("拼音输入") + (primary ? qsTr("，已选") : "")
            onClicked: app.handwriting.setWriting(false)
        }
        ModeButton {
            objectName: "mode-handwriting"
            primary: keyboard.writing
            text: qsTr("手写")
            Accessible.name: qsTr("手写输入") + (primary ? qsTr("，已选") : "")
            onClicked: {
                Qt.inputMethod.commit()  // pinyin half typed goes in as it stands
                app.handwriting.setWriting(true)
            }
        }
    }

    InputPanel {
        id: panel
        x: (keyboard.width - width) / 2
        y: keyboard.wide ? 0 : modes.height
        width: keyboard.keysWidth
        visible: !keyboard.writing

        Connections {
            target: app
            function onWiped() {
                // The words it learned from this resident go with them.
                VirtualKeyboardSettings.userDataReset()
            }
        }

        Component.onCompleted: {
            // The project's style (keyboard/QtQuick/VirtualKeyboard/Styles/kiosk): keys and
            // words sized from Theme. prepare_qt names it before Qt loads the keyboard; this
            // is for a process whose first keyboard was made without that.
            if (VirtualKeyboardSettings.styleName !== "kiosk")
                VirtualKeyboardSettings.styleName = "kiosk"
            VirtualKeyboardSettings.activeLocales = ["zh_CN", "en_US"]
            VirtualKeyboardSettings.locale = "zh_CN"
            // The enter key of a one-line field closes the keyboard ("完成"), uncovering the
            // screen's own buttons, instead of doing nothing.
            VirtualKeyboardSettings.closeOnReturn = true
            // The keypad's arrows walk the keys and the words offered, its Enter presses
            // one (ui/keypad.py passes them on while the keyboard is up).
            VirtualKeyboardSettings.arrowKeyNavigationEnabled = true
        }
    }

    HandwritingPad {  // landscape: from beside the switch to the screen's edge
        id: pad
        x: keyboard.wide && modes.visible ? modes.x + modes.width : 0
        y: keyboard.wide ? 0 : modes.height
        width: keyboard.width - x
        height: implicitHeight
        minimumHeight: panel.height
        // Portrait has height to spare: a larger square, easier for an unsteady finger.
        // Landscape has none: the square keeps to the pinyin keys' height.
        writingSide: keyboard.wide ? panel.height : Math.max(panel.height, Theme.writingSide)
        visible: keyboard.writing
    }

    Component.onDestruction: Qt.inputMethod.hide()
}
