import QtQuick
import QtQuick.Controls.Basic
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
        "payment": "screens/PaymentScreen.qml",
        "paid": "screens/PaidScreen.qml",
        "lookup": "screens/LookupResultScreen.qml",
        "rating": "screens/RatingScreen.qml",
        "end": "screens/EndScreen.qml",
        "out_of_service": "screens/OutOfServiceScreen.qml",
        "technician_pin": "screens/TechnicianPinScreen.qml",
        "technician": "screens/TechnicianScreen.qml"
    })
    property string shownScreen: ""
    // The keyboard (its plugin and pinyin dictionary) is made just after the first frame,
    // so the home screen shows sooner; nobody can touch a field before it is there.
    property Item keyboard: null
    readonly property bool keyboardUp: keyboard !== null && keyboard.visible

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
        }
    }

    StackView {
        id: stack
        objectName: "screens"
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.top: parent.top
        anchors.bottom: root.keyboardUp ? root.keyboard.top : parent.bottom
    }

    // Called by Python (on this thread) once the first frame is out.
    function makeKeyboard() {
        if (keyboard !== null)
            return
        const component = Qt.createComponent("components/Keyboard.qml")
        keyboard = component.createObject(root.contentItem, { window: root.contentItem })
        if (keyboard === null)
            console.error("the on-screen keyboard failed to load: " + component.errorString())
    }

    Component.onDestruction: Qt.inputMethod.hide()

    SessionWarning { anchors.fill: parent; z: 80; visible: app.sessionWarning }
    ConfirmHome { anchors.fill: parent; z: 81; visible: app.confirmingHome }
    Notice { anchors.fill: parent; z: 82; visible: app.notice.length > 0 }
    HotlineCard { anchors.fill: parent; z: 83; visible: app.hotlineShown }
    StaffedPathCard { anchors.fill: parent; z: 83; visible: app.staffedPathShown }
    VoicePanel { anchors.fill: parent; z: 84; visible: app.voiceGuide.panelShown }

    // With a headset on, the resident may blank the screen and work by ear alone, as at
    // an ATM: nobody looking over a shoulder sees what they do. Touches still reach the
    // screen below; unplugging, the end of the visit and the time-out bring it back.
    Rectangle {
        objectName: "blank"
        anchors.fill: parent
        z: 90
        visible: app.voiceGuide.screenBlanked
        color: Theme.blank
        Words {
            anchors.centerIn: parent
            text: qsTr("屏幕已关闭")
            color: Theme.blankText
            font.pixelSize: Theme.bodySize
        }
    }

    // The first touch on a dimmed screen only wakes it: this layer takes that touch.
    Rectangle {
        objectName: "dim"
        anchors.fill: parent
        z: 100
        visible: app.dimmed
        color: Theme.dim
        Words {
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

    Component.onCompleted: showScreen()
}
