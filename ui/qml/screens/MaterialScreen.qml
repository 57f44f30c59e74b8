import QtQuick
import QtQuick.Layouts
import ".."
import "../components"

// Capture one paper: a picture of where it goes, a live preview with the page outlined in
// green when the camera sees all four corners; take it, retake it, or say "I will bring it".
ScreenFrame {
    id: screen
    readonly property var journey: app.journey
    heading: qsTr("请放好材料：%1").arg(journey.materialName)
    subheading: journey.materialNote
    errorText: journey.error.length ? journey.error : journey.deviceNotice
    languageNote: journey.languageNote
    primaryText: journey.hasCapture ? qsTr("照片清楚，使用这张") : qsTr("拍照")
    // No camera, no photo: 拍照 waits for it; the notice above says why and what to do.
    primaryEnabled: journey.hasCapture || journey.cameraReady
    onPrimaryClicked: journey.hasCapture ? journey.acceptCapture() : journey.capture()

    Timer {
        interval: 150
        repeat: true
        running: !journey.hasCapture && app.screen === "material"
        onTriggered: journey.refreshPreview()
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: Theme.gap
        // What to do beside the preview in landscape, above it in portrait.
        GridLayout {
            readonly property bool wide: app.orientation === "landscape"
            Layout.fillWidth: true
            Layout.fillHeight: true
            columns: wide ? 2 : 1
            rowSpacing: Theme.gap
            columnSpacing: Theme.gap * 2
            GridLayout {
                Layout.fillWidth: !parent.wide
                Layout.preferredWidth: parent.wide ? screen.width * 0.42 : -1
                Layout.alignment: Qt.AlignTop
                columns: parent.wide ? 1 : 2
                rowSpacing: Theme.gap
                columnSpacing: Theme.gap
                // Where the paper goes, until it is taken.
                Picture {
                    name: "document-under-camera"
                    visible: !journey.hasCapture
                    Layout.preferredWidth: implicitWidth
                    // A landscape screen is short: the picture gives the words room.
                    Layout.preferredHeight: Theme.pictureHeight * (app.orientation === "landscape" ? 0.5 : 1)
                    Layout.alignment: Qt.AlignHCenter
                }
                BodyText {
                    Layout.fillWidth: true
                    // Once taken, the photo stays on screen: say what to do with it now.
                    text: journey.hasCapture
                          ? qsTr("请看照片：整页都拍到、字看得清，就点“照片清楚，使用这张”；不清楚就点“重拍”。")
                          : qsTr("把材料平放在拍摄区，四个角都露出来。看到绿色框框住整页时，点“拍照”。")
                }
            }
            Rectangle {  // the viewfinder: the camera's picture on a panel of its own
                Layout.fillWidth: true
                Layout.fillHeight: true
                color: Theme.surface
                radius: Theme.radius
            Image {
                objectName: "preview"
                anchors.fill: parent
                fillMode: Image.PreserveAspectFit
                cache: false
                // Frames are fetched off the UI thread (a camera can take a while to open or
                // to answer), and the last one stays up until the next has arrived.
                asynchronous: true
                retainWhileLoading: true
                source: "image://camera/" + journey.previewToken
            }
            }
        }
        BodyText {
            Layout.fillWidth: true
            visible: text.length > 0
            text: journey.captureNote
            color: Theme.error
        }
        RowLayout {
            Layout.fillWidth: true
            spacing: Theme.gap
            KButton {
                objectName: "retake"
                Layout.fillWidth: true
                visible: journey.hasCapture
                text: qsTr("重拍")
                onClicked: journey.retake()
            }
            KButton {
                objectName: "bring-later"
                Layout.fillWidth: true
                text: qsTr("没带，稍后送到窗口")
                onClicked: journey.bringLater()
            }
        }
    }
}
