import QtQuick
import QtQuick.Layouts
import ".."
import "../components"

// A look-up's answer: the record the platform holds (its key figures large, then its
// rows one card each, a page at a time), or the resident's cases, or why there is no
// answer now and what to do instead. While the platform is asked, the screen says so.
ScreenFrame {
    id: screen
    readonly property var journey: app.journey
    readonly property var answer: journey.lookup
    readonly property var record: answer.record
    centred: true  // a short answer sits in the middle; a long one scrolls
    heading: journey.title
    subheading: journey.serviceName
    errorText: journey.error.length ? journey.error
               : journey.printFailed ? journey.printMessage : ""
    languageNote: journey.languageNote
    primaryText: qsTr("完成")
    onPrimaryClicked: journey.next()

    // The record scrolls; its page and print buttons stay in view: below it in portrait,
    // beside it in landscape (where below would leave the record a sliver).
    GridLayout {
        readonly property bool wide: app.orientation === "landscape"
        width: parent.width
        columns: wide ? 2 : 1
        columnSpacing: 2 * Theme.gap
        rowSpacing: Theme.gap
        Flickable {
            id: flick
            objectName: "cases"
            // A new page starts at its top.
            readonly property int page: screen.record ? screen.record.page : 0
            onPageChanged: contentY = 0
            Layout.fillWidth: true
            Layout.preferredWidth: 2  // two thirds beside the buttons
            Layout.alignment: Qt.AlignTop
            Layout.preferredHeight: Math.min(content.implicitHeight, parent.wide
                ? screen.roomForContent
                : screen.roomForContent - (controls.visible ? controls.implicitHeight + Theme.gap : 0))
            clip: true
            contentHeight: content.implicitHeight
            boundsBehavior: Flickable.StopAtBounds
            ColumnLayout {
                id: content
                width: flick.width
                spacing: Theme.gap
                BodyText {
                    objectName: "asking"
                    Layout.fillWidth: true
                    visible: answer.busy
                    text: record ? qsTr("正在查询下一页，请稍候……") : qsTr("正在查询，请稍候……")
                    font.bold: true
                    color: Theme.primary
                }
                BodyText {
                    objectName: "notice"
                    Layout.fillWidth: true
                    visible: text.length > 0
                    text: answer.notice
                }
                Words {
                    objectName: "record-title"
                    Layout.fillWidth: true
                    visible: !!record
                    text: record ? record.title : ""
                    font.pixelSize: Theme.headingSize
                    font.bold: true
                    color: Theme.text
                    wrapMode: Text.Wrap
                }
                Words {
                    objectName: "as-of"
                    Layout.fillWidth: true
                    visible: text.length > 0
                    text: record ? record.asOf : ""
                    font.pixelSize: Theme.smallSize
                    color: Theme.mutedText
                    wrapMode: Text.Wrap
                }
                // The key figures, large: what most residents came for. On the first
                // page only: the pages after it start with their rows.
                Grid {
                    id: figures
                    objectName: "figures"
                    Layout.fillWidth: true
                    visible: !!record && record.summary.length > 0 && record.page === 1
                    columns: app.orientation === "landscape" ? 3 : 2
                    spacing: Theme.gap
                    Repeater {
                        model: record ? record.summary : []
                        Rectangle {
                            // From the column's width, which no figure changes: a width taken
                            // from the grid's own would feed back into the grid's layout.
                            width: (content.width - (figures.columns - 1) * figures.spacing) / figures.columns
                            height: figure.implicitHeight + 2 * Theme.gap
                            color: Theme.surface
                            radius: Theme.radius
                            Column {
                                id: figure
                                x: Theme.gap
                                y: Theme.gap
                                width: parent.width - 2 * Theme.gap
                                Words {
                                    width: parent.width
                                    text: modelData.label
                                    font.pixelSize: Theme.smallSize
                                    color: Theme.mutedText
                                    wrapMode: Text.Wrap
                                }
                                Words {
                                    width: parent.width
                                    text: modelData.value
                                    font.pixelSize: Theme.headingSize
                                    font.bold: true
                                    color: Theme.primary
                                    wrapMode: Text.WrapAnywhere
                                }
                            }
                        }
                    }
                }
                Repeater {
                    model: record ? record.rows : []
                    Rectangle {
                        objectName: "record-row-" + index
                        Layout.fillWidth: true
                        Layout.preferredHeight: cells.implicitHeight + 2 * Theme.gap
                        color: Theme.surface
                        radius: Theme.radius
                        Grid {
                            id: cells
                            x: Theme.gap
                            y: Theme.gap
                            width: parent.width - 2 * Theme.gap
                            columns: app.orientation === "landscape" ? 4 : 2
                            columnSpacing: Theme.gap
                            rowSpacing: Theme.gap / 2
                            Repeater {
                                model: modelData.cells
                                Column {
                                    width: (cells.width - (cells.columns - 1) * cells.columnSpacing) / cells.columns
                                    Words {
                                        width: parent.width
                                        text: modelData.label
                                        font.pixelSize: Theme.smallSize
                                        color: Theme.mutedText
                                        wrapMode: Text.Wrap
                                    }
                                    Words {
                                        width: parent.width
                                        text: modelData.value
                                        font.pixelSize: Theme.bodySize
                                        font.bold: index === 0
                                        color: Theme.text
                                        wrapMode: Text.WrapAnywhere
                                    }
                                }
                            }
                        }
                    }
                }
                Repeater {
                    model: answer.cases
                    Rectangle {
                        objectName: "case-" + index
                        Layout.fillWidth: true
                        Layout.preferredHeight: caseLines.implicitHeight + 2 * Theme.gap
                        color: Theme.surface
                        radius: Theme.radius
                        ColumnLayout {
                            id: caseLines
                            x: Theme.gap
                            y: Theme.gap
                            width: parent.width - 2 * Theme.gap
                            spacing: Theme.gap / 2
                            BodyText {
                                id: caseText
                                Layout.fillWidth: true
                                text: modelData.service + "\n" + modelData.trackingNumber + "\n"
                                      + modelData.submittedAt + "  " + modelData.state
                            }
                            // Sent back for correction: what the office asked, and the way
                            // to answer it here and now.
                            CorrectionAsked {
                                Layout.fillWidth: true
                                visible: !!modelData.correction
                                asked: modelData.correction
                                caseIndex: index
                            }
                        }
                    }
                }
            }
        }
        ColumnLayout {
            id: controls
            Layout.fillWidth: true
            Layout.preferredWidth: 1
            Layout.alignment: Qt.AlignTop
            spacing: Theme.gap
            visible: !!record || journey.proofPrinterNotice.length > 0
            GridLayout {  // portrait: ‹ page n of m ›; landscape: the words above both
                objectName: "pages"
                readonly property bool wide: app.orientation === "landscape"
                Layout.fillWidth: true
                visible: !!record && record.pages > 1
                columns: wide ? 2 : 3
                columnSpacing: Theme.gap
                rowSpacing: Theme.gap
                BodyText {
                    Layout.row: 0
                    Layout.column: parent.wide ? 0 : 1
                    Layout.columnSpan: parent.wide ? 2 : 1
                    Layout.fillWidth: true
                    horizontalAlignment: Text.AlignHCenter
                    text: record ? record.pageText : ""
                }
                KButton {
                    objectName: "previous-page"
                    Layout.row: parent.wide ? 1 : 0
                    Layout.column: 0
                    Layout.fillWidth: parent.wide
                    text: qsTr("上一页")
                    enabled: !!record && record.page > 1 && !answer.busy
                    onClicked: journey.turnPage(record.page - 1)
                }
                KButton {
                    objectName: "next-page"
                    Layout.row: parent.wide ? 1 : 0
                    Layout.column: parent.wide ? 1 : 2
                    Layout.fillWidth: parent.wide
                    text: qsTr("下一页")
                    enabled: !!record && record.page < record.pages && !answer.busy
                    onClicked: journey.turnPage(record.page + 1)
                }
            }
            InfoLine {
                objectName: "proof-printer"
                Layout.fillWidth: true
                visible: text.length > 0
                text: journey.proofPrinterNotice
            }
            KButton {
                objectName: "print-proof"
                Layout.fillWidth: true
                visible: journey.canPrintProof && journey.proofPrinterNotice.length === 0
                enabled: !journey.printing
                primary: false
                text: journey.printing ? qsTr("正在打印……") : qsTr("打印证明（A4纸，带核验码）")
                onClicked: journey.printProof()
            }
            KButton {
                objectName: "print-record"
                Layout.fillWidth: true
                visible: !!record && journey.canPrintRecord
                enabled: !journey.printing
                text: journey.printing ? qsTr("正在打印……") : qsTr("打印这一页（凭条）")
                onClicked: journey.printRecord()
            }
            BodyText {
                objectName: "printed"
                Layout.fillWidth: true
                visible: text.length > 0
                text: journey.printFailed || journey.printing ? "" : journey.printMessage
                color: Theme.success
            }
        }
    }
}
