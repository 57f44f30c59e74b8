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
        VirtualKeyboardSettings.activeLocales = ["zh_CN", "en_US"]
        VirtualKeyboardSettings.locale = "zh_CN"
    }
    Component.onDestruction: Qt.inputMethod.hide()
}
