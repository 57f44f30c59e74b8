import QtQuick
import QtQuick.VirtualKeyboard
import QtQuick.VirtualKeyboard.Settings

// The on-screen keyboard: pinyin and English. Main.qml makes it just after the first
// frame, so loading the keyboard's plugin and dictionaries does not delay the home screen.
InputPanel {
    id: panel
    objectName: "keyboard"
    property Item window  // the window's content item, to sit at the bottom of
    z: 50
    // No wider than the portrait screen: keys stay finger-sized in landscape, and
    // the keyboard leaves room above it for the field and what the resident needs.
    width: Math.min(window.width, window.height)
    x: (window.width - width) / 2
    y: active ? window.height - height : window.height
    visible: active

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
    Component.onDestruction: Qt.inputMethod.hide()
}
