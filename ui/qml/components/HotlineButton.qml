import QtQuick
import ".."

// The hotline as a button: tapped, the number shows large enough to read from a step
// back and to copy onto a phone (app.showHotline).
KButton {
    objectName: "hotline-button"
    text: qsTr("需要帮助？拨打热线 %1").arg(app.hotline)
    onClicked: app.showHotline()
}
