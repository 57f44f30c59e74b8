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
    z: 50
    // No wider than the portrait screen: keys stay finger-sized in landscape, and
    // the keyboard leaves room above it for the field and what the resident needs.
    width: Math.min(window.width, window.height)
    height: modes.height + (writing ? pad.height : panel.height)
    x: (window.width - width) / 2
    y: panel.active ? window.height - height : window.height
    visible: panel.active

    Rectangle {  // behind the mode buttons: the keyboard begins here
        anchors.fill: modes
        color: Theme.surface
        Rectangle {
            anchors.left: parent.left
            anchors.right: parent.right
            anchors.top: parent.top
            height: Theme.border
            color: Theme.outline
        }
    }
    RowLayout {
        id: modes
        objectName: "keyboard-modes"
        visible: app.handwriting.available
        width: parent.width
        height: visible ? Theme.keyHeight + 2 * Theme.border : 0
        spacing: Theme.gap
        component ModeButton: KButton {
            focusPolicy: Qt.NoFocus  // the field keeps the focus, and the keyboard
            Layout.fillWidth: true
            Layout.preferredWidth: 1  // half and half
            Layout.preferredHeight: Theme.keyHeight
            Layout.topMargin: Theme.border
            implicitHeight: Theme.keyHeight
            font.pixelSize: Theme.bodySize
        }
        ModeButton {
            objectName: "mode-pinyin"
            Layout.leftMargin: Theme.gap
            primary: !keyboard.writing
            text: qsTr("拼音")
            Accessible.name: qsTr("拼音输入") + (primary ? qsTr("，已选") : "")
            onClicked: app.handwriting.setWriting(false)
        }
        ModeButton {
            objectName: "mode-handwriting"
            Layout.rightMargin: Theme.gap
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
        y: modes.height
        width: parent.width
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

    HandwritingPad {
        id: pad
        y: modes.height
        width: parent.width
        height: implicitHeight
        minimumHeight: panel.height
        visible: keyboard.writing
    }

    Component.onDestruction: Qt.inputMethod.hide()
}
