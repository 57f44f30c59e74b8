import QtQuick
import QtQuick.Controls.Basic
import "components"
import "screens"

// The terminal's window while its store cannot be opened at start (a full or read-only
// disk): the out-of-service screen with the hotline, until Python finds the store usable
// and shows the terminal's own window instead. `app` is StorageProblemViewModel.
Window {
    width: app.windowWidth
    height: app.windowHeight
    visible: true
    color: Theme.background
    title: qsTr("政务服务自助终端")

    Binding { target: Theme; property: "mm"; value: app.pxPerMm }
    Binding { target: Theme; property: "elder"; value: false }

    StackView {  // as in Main.qml, so the tour's checks find the screen the same way
        objectName: "screens"
        anchors.fill: parent
        initialItem: OutOfServiceScreen { withVoice: false }
    }

    HotlineCard { anchors.fill: parent; z: 83; visible: app.hotlineShown }
}
