import QtQuick
import QtQuick.Layouts
import ".."
import "../components"

// Capture one paper: a picture of where it goes, a live preview with the page outlined in
// green when the camera sees all four corners; take it, retake it, or say "I will bring it".
// A licence the government issued that the e-licence library holds for this resident is
// offered first: "同意调取" lets the office take it from there, with no photo.
ScreenFrame {
    id: screen
    readonly property var journey: app.journey
    // "waiting" for the library's answer, "offered" by it, "photo" instead of it, or "".
    readonly property string library: journey.libraryState
    readonly property bool photographing: library !== "waiting" && library !== "offered"
    // Held in the library: the heading says so plainly, the paper's name below it.
    heading: library === "offered" ? qsTr("电子证照库里有您的《%1》").arg(journey.licenceTitle)
             : photographing ? qsTr("请放好材料：%1").arg(journey.materialName)
             : qsTr("材料：%1").arg(journey.materialName)
    subheading: library === "offered" ? qsTr("材料：%1").arg(journey.materialName)
                                      : journey.materialNote
    errorText: journey.error.length ? journey.error
                                    : (photographing ? journey.deviceNotice : "")
    languageNote: journey.languageNote
    primaryText: library === "offered" ? qsTr("同意调取")
                 : journey.hasCapture ? qsTr("照片清楚，使用这张") : qsTr("拍照")
    // No camera, no photo: 拍照 waits for it; the notice above says why and what to do.
    // While the library is asked, 拍照 waits for its answer (a few seconds at most).
    primaryEnabled: library === "offered" || journey.hasCapture
                    || (journey.cameraReady && library !== "waiting")
    onPrimaryClicked: library === "offered" ? journey.takeFromLibrary()
                      : journey.hasCapture ? journey.acceptCapture() : journey.capture()

    Timer {
        interval: 150
        repeat: true
        running: screen.photographing && !journey.hasCapture && app.screen === "material"
        onTriggered: journey.refreshPreview()
    }

    // The library's answer is not back yet: one plain line, and the way to bring it later.
    ColumnLayout {
        anchors.fill: parent
        spacing: Theme.gap
        visible: library === "waiting"
        InfoLine {
            objectName: "library-waiting"
            Layout.fillWidth: true
            text: qsTr("正在查询电子证照…")
        }
        Item { Layout.fillHeight: true }
        KButton {
            objectName: "bring-later"
            Layout.fillWidth: true
            visible: library === "waiting" && journey.mayBringLater
            text: qsTr("没带，稍后送到窗口")
            onClicked: journey.bringLater()
        }
    }

    // The library holds it: what it holds (masked), and the resident's choice; in
    // landscape the words beside the licence, so an elder-mode screen keeps all in view.
    GridLayout {
        readonly property bool wide: app.orientation === "landscape"
        anchors.fill: parent
        visible: library === "offered"
        columns: wide ? 2 : 1
        rowSpacing: Theme.gap
        columnSpacing: Theme.gap * 2
        ColumnLayout {
            Layout.fillWidth: true
            Layout.fillHeight: true
            Layout.preferredWidth: 3
            Layout.alignment: Qt.AlignTop
            spacing: Theme.gap
            // The licence as a card that takes the room down to the choices: what the
            // office will take, with no empty gap between it and the buttons.
            Rectangle {
                Layout.fillWidth: true
                Layout.fillHeight: true
                Layout.minimumHeight: licence.implicitHeight + 2 * Theme.gap
                color: Theme.surface
                radius: Theme.radius
                ColumnLayout {
                    id: licence
                    x: Theme.gap
                    y: Theme.gap
                    width: parent.width - 2 * Theme.gap
                    spacing: Theme.gap / 2
                    Repeater {
                        model: journey.licenceRows
                        RowLayout {
                            Layout.fillWidth: true
                            spacing: Theme.gap
                            Words {
                                Layout.preferredWidth: Theme.labelWidth
                                Layout.alignment: Qt.AlignTop
                                text: modelData.label
                                font.pixelSize: Theme.bodySize
                                color: Theme.mutedText
                                wrapMode: Text.Wrap
                            }
                            Words {
                                objectName: "licence-value"
                                Layout.fillWidth: true
                                text: modelData.value
                                font.pixelSize: Theme.bodySize
                                font.bold: true
                                color: Theme.text
                                wrapMode: Text.WrapAnywhere
                            }
                        }
                    }
                }
            }
        }
        ColumnLayout {
            Layout.fillWidth: true
            Layout.fillHeight: parent.wide  // beside the card; under it, only its words
            Layout.preferredWidth: 2
            spacing: Theme.gap
            BodyText {
                Layout.fillWidth: true
                text: qsTr("点“同意调取”，办理部门就从电子证照库调取这份材料，您不用拍照，也不用再送来。")
            }
            Item { Layout.fillHeight: true }
        }
        RowLayout {  // under both columns in landscape
            Layout.fillWidth: true
            Layout.columnSpan: parent.wide ? 2 : 1
            spacing: Theme.gap
            KButton {
                objectName: "photograph-instead"
                Layout.fillWidth: true
                Layout.preferredWidth: 1
                visible: library === "offered"
                text: qsTr("拍照")
                onClicked: journey.photographInstead()
            }
            KButton {
                objectName: "bring-later"
                Layout.fillWidth: true
                Layout.preferredWidth: 1
                visible: library === "offered" && journey.mayBringLater
                text: qsTr("没带，稍后送到窗口")
                onClicked: journey.bringLater()
            }
        }
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: Theme.gap
        visible: screen.photographing
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
                visible: screen.photographing && journey.mayBringLater
                text: qsTr("没带，稍后送到窗口")
                onClicked: journey.bringLater()
            }
            KButton {
                objectName: "use-library"
                Layout.fillWidth: true
                visible: library === "photo" && !journey.hasCapture
                text: qsTr("改用电子证照")
                onClicked: journey.offerLibraryAgain()
            }
        }
    }
}
