import QtQuick
import QtQuick.Layouts
import ".."
import "../components"

ScreenFrame {
    id: screen
    readonly property var journey: app.journey
    centred: true  // a few cases sit in the middle; many scroll
    heading: journey.title
    subheading: journey.serviceName
    errorText: journey.error
    languageNote: journey.languageNote
    primaryText: qsTr("完成")
    onPrimaryClicked: journey.next()

    Flickable {
        id: flick
        objectName: "cases"
        width: parent.width
        height: Math.min(cases.implicitHeight, screen.roomForContent)
        clip: true
        contentHeight: cases.implicitHeight
        boundsBehavior: Flickable.StopAtBounds
    ColumnLayout {
        id: cases
        width: flick.width
        spacing: Theme.gap
        BodyText {
            Layout.fillWidth: true
            visible: text.length > 0
            text: journey.lookup.notice
        }
        Repeater {
            model: journey.lookup.cases
            Rectangle {
                Layout.fillWidth: true
                Layout.preferredHeight: caseText.implicitHeight + 2 * Theme.gap
                color: Theme.surface
                radius: Theme.radius
                BodyText {
                    id: caseText
                    anchors.fill: parent
                    anchors.margins: Theme.gap
                    text: modelData.service + "\n" + modelData.trackingNumber + "\n"
                          + modelData.submittedAt + "  " + modelData.state
                }
            }
        }
    }
    }
}
