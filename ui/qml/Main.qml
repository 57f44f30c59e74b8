import QtQuick
import QtQuick.Controls.Basic
import QtQuick.VirtualKeyboard
import QtQuick.VirtualKeyboard.Settings
import "components"

// The terminal's one window. Python says which screen shows (app.screen); this file only
// maps names to screen files, keeps content clear of the keyboard, and shows the overlays.
Window {
    id: root
    width: app.windowWidth
    height: app.windowHeight
    visible: true
    color: Theme.background
    title: qsTr("政务服务自助终端")

    readonly property var screenFiles: ({
        "home": "screens/HomeScreen.qml",
        "services": "screens/ServiceListScreen.qml",
        "search": "screens/SearchScreen.qml",
        "guide": "screens/GuideScreen.qml",
        "identify": "screens/IdentifyScreen.qml",
        "question": "screens/QuestionScreen.qml",
        "material": "screens/MaterialScreen.qml",
        "check": "screens/CheckScreen.qml",
        "confirmation": "screens/ConfirmationScreen.qml",
        "lookup": "screens/LookupResultScreen.qml",
        "rating": "screens/RatingScreen.qml",
        "end": "screens/EndScreen.qml"
    })
    property string shownScreen: ""
    property alias keyboard: inputPanel

    Binding { target: Theme; property: "mm"; value: app.pxPerMm }
    Binding { target: Theme; property: "elder"; value: app.elderMode }

    function showScreen() {
        if (app.screen === shownScreen)
            return
        shownScreen = app.screen
        Qt.inputMethod.hide()
        stack.replace(null, Qt.resolvedUrl(screenFiles[app.screen]), {}, StackView.Immediate)
    }

    Connections {
        target: app
        function onChanged() { root.showScreen() }
        function onWiped() {
            Qt.inputMethod.reset()
            Qt.inputMethod.hide()
            VirtualKeyboardSettings.userDataReset()
        }
    }

    StackView {
        id: stack
        objectName: "screens"
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.top: parent.top
        anchors.bottom: inputPanel.visible ? inputPanel.top : parent.bottom
    }

    InputPanel {
        id: inputPanel
        objectName: "keyboard"
        z: 50
        // No wider than the portrait screen: keys stay finger-sized in landscape, and
        // the keyboard leaves room above it for the field and what the resident needs.
        width: Math.min(root.width, root.height)
        x: (root.width - width) / 2
        y: active ? root.height - height : root.height
        visible: active
    }

    Component.onDestruction: Qt.inputMethod.hide()

    SessionWarning { anchors.fill: parent; z: 80; visible: app.sessionWarning }
    ConfirmHome { anchors.fill: parent; z: 81; visible: app.confirmingHome }
    Notice { anchors.fill: parent; z: 82; visible: app.notice.length > 0 }

    // The first touch on a dimmed screen only wakes it: this layer takes that touch.
    Rectangle {
        objectName: "dim"
        anchors.fill: parent
        z: 100
        visible: app.dimmed
        color: Theme.dim
        Text {
            anchors.centerIn: parent
            width: parent.width * 0.8
            text: qsTr("请触摸屏幕开始办事")
            color: "#ffffff"
            font.pixelSize: Theme.titleSize
            horizontalAlignment: Text.AlignHCenter
            wrapMode: Text.Wrap
        }
        MouseArea { anchors.fill: parent; onPressed: app.wake() }
    }

    Component.onCompleted: {
        VirtualKeyboardSettings.activeLocales = ["zh_CN", "en_US"]
        VirtualKeyboardSettings.locale = "zh_CN"
        showScreen()
    }
}
