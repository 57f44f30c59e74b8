import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import ".."
import "../components"

// Check your answers, each with "Change"; then submit.
ScreenFrame {
    id: screen
    readonly property var journey: app.journey
    centred: true  // a few answers sit in the middle; many scroll
    heading: journey.title
    errorText: journey.error
    languageNote: journey.languageNote
    primaryText: journey.kind === "complain" ? qsTr("提交")
                 : journey.kind === "pay" ? qsTr("去付款") : qsTr("提交申请")
    onPrimaryClicked: journey.kind === "pay" ? journey.payment.goPay() : journey.submit()

    Flickable {
        id: flick
        width: parent.width
        height: Math.min(rows.implicitHeight, screen.roomForContent)
        clip: true
        contentHeight: rows.implicitHeight
        boundsBehavior: Flickable.StopAtBounds
        Grid {  // two columns in landscape: every answer in view without scrolling
            id: rows
            width: flick.width
            columns: app.orientation === "landscape" ? 2 : 1
            spacing: Theme.gap
            Repeater {
                model: journey.checkRows
                Rectangle {
                    width: (rows.width - (rows.columns - 1) * rows.spacing) / rows.columns
                    height: Math.max(Theme.rowHeight, rowLayout.implicitHeight + 2 * Theme.gap)
                    color: Theme.surface
                    radius: Theme.radius
                    RowLayout {
                        id: rowLayout
                        anchors.fill: parent
                        anchors.margins: Theme.gap
                        spacing: Theme.gap
                        Column {
                            Layout.fillWidth: true
                            Words {
                                width: parent.width
                                text: modelData.label
                                font.pixelSize: Theme.smallSize
                                color: Theme.mutedText
                                wrapMode: Text.Wrap
                            }
                            Words {
                                width: parent.width
                                text: modelData.value.length ? modelData.value : qsTr("（未填）")
                                font.pixelSize: Theme.bodySize
                                font.bold: true
                                color: Theme.text
                                wrapMode: Text.WrapAnywhere
                            }
                        }
                        KButton {
                            objectName: "change-" + index
                            visible: modelData.key.length > 0
                            text: qsTr("修改")
                            onClicked: journey.change(modelData.key)
                        }
                    }
                }
            }
        }
    }
}
