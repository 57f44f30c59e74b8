import QtQuick
import QtQuick.Layouts
import ".."
import "../components"

// Everything to know before starting, a page at a time: pages break between whole lines
// (a section's title never ends a page), and a line at the foot says when more follows.
// The checklist can be printed. Read from "办事指南", an item the terminal can do ends in
// "开始办理" as well as "看完了".
ScreenFrame {
    id: screen
    readonly property var journey: app.journey
    heading: journey.serviceName
    subheading: qsTr("办事指南：开始前请了解以下内容")
    // A fee offline: nothing to start (the notice says where to pay instead).
    primaryText: journey.kind === "guide" ? qsTr("看完了")
                 : journey.payment.offlineNotice.length ? "" : qsTr("开始办理")
    // Told before the resident starts: a fee cannot be paid offline; a device this visit
    // will need is down.
    errorText: journey.error.length ? journey.error
               : journey.payment.offlineNotice.length ? journey.payment.offlineNotice
               : app.deviceTrouble
    languageNote: journey.languageNote
    onPrimaryClicked: journey.next()

    ColumnLayout {
        anchors.fill: parent
        spacing: Theme.gap

        Rectangle {  // the guide reads as a sheet: a panel the page's lines sit on
            Layout.fillWidth: true
            Layout.fillHeight: true
            color: Theme.surface
            radius: Theme.radius
        Item {
            id: pageArea
            objectName: "guide-text"
            anchors.fill: parent
            anchors.margins: Theme.gap
            property var pages: [[0, 0]]  // [first line, line after the last] of each page
            property int page: 0
            readonly property var lines: journey.guideLines
            readonly property bool hasMore: page + 1 < pages.length
            // Voice mode reads the lines of the page on screen.
            readonly property var shownLines: pages[page]
            onShownLinesChanged: if (shownLines[1] > shownLines[0])
                                     journey.showingGuideLines(shownLines[0], shownLines[1])

            // Every line laid out once, unseen, to know its height.
            Column {
                id: measure
                width: pageArea.width
                visible: false
                Repeater {
                    id: measured
                    model: pageArea.lines
                    GuideLine { width: measure.width; line: modelData }
                }
            }

            // Pages of whole lines, a title never last on its page.
            function pagesWithin(room) {
                const result = []
                let start = 0, used = 0
                for (let i = 0; i < measured.count; ++i) {
                    const h = measured.itemAt(i).height + Theme.gap / 2
                    if (i > start && used + h > room) {
                        let end = i
                        if (pageArea.lines[end - 1].title && end - 1 > start)
                            end -= 1  // a title goes with its first line
                        result.push([start, end])
                        start = end
                        used = 0
                        for (let j = start; j <= i; ++j)
                            used += measured.itemAt(j).height + Theme.gap / 2
                    } else {
                        used += h
                    }
                }
                result.push([start, measured.count])
                return result
            }
            function paginate() {
                pages = pagesWithin(height - moreSign.implicitHeight - Theme.gap)
                page = Math.min(page, pages.length - 1)
            }
            onHeightChanged: Qt.callLater(paginate)
            onWidthChanged: Qt.callLater(paginate)
            onLinesChanged: { page = 0; Qt.callLater(paginate) }
            Component.onCompleted: Qt.callLater(paginate)

            Column {
                width: parent.width
                spacing: Theme.gap / 2
                Repeater {
                    model: pageArea.lines.slice(pageArea.pages[pageArea.page][0],
                                                pageArea.pages[pageArea.page][1])
                    GuideLine { width: pageArea.width; line: modelData }
                }
            }
            Words {
                id: moreSign
                objectName: "more-follows"
                anchors.bottom: parent.bottom
                width: parent.width
                visible: pageArea.hasMore
                text: "▼ " + qsTr("下一页还有内容，请点“下一页”")
                font.pixelSize: Theme.smallSize
                font.bold: true
                color: Theme.primary
                wrapMode: Text.Wrap
            }
        }
        }
        RowLayout {
            Layout.fillWidth: true
            spacing: Theme.gap
            KButton {
                objectName: "scroll-up"
                text: qsTr("上一页")
                visible: pageArea.pages.length > 1
                enabled: pageArea.page > 0
                onClicked: pageArea.page -= 1
            }
            KButton {
                objectName: "scroll-down"
                text: qsTr("下一页")
                visible: pageArea.pages.length > 1
                enabled: pageArea.hasMore
                onClicked: pageArea.page += 1
            }
            Words {
                objectName: "guide-page"
                Layout.fillWidth: true
                visible: pageArea.pages.length > 1
                text: qsTr("第 %1 页，共 %2 页").arg(pageArea.page + 1).arg(pageArea.pages.length)
                font.pixelSize: Theme.smallSize
                color: Theme.text
                horizontalAlignment: Text.AlignHCenter
                wrapMode: Text.Wrap
            }
            Item { Layout.fillWidth: true; visible: pageArea.pages.length <= 1 }
            KButton {
                objectName: "print-checklist"
                text: qsTr("打印材料清单")
                enabled: !journey.printing
                onClicked: journey.printChecklist()
            }
        }
        KButton {
            objectName: "start-service"
            Layout.fillWidth: true
            visible: journey.canStartService
            text: qsTr("开始办理这项业务")
            onClicked: app.startServiceFromGuide()
        }
        BodyText {
            Layout.fillWidth: true
            visible: text.length > 0
            text: journey.printing ? qsTr("正在打印材料清单，请稍候……")
                  : journey.printFailed ? "" : journey.printMessage
            color: journey.printing ? Theme.text : Theme.success  // green only once printed
        }
        ErrorBox {  // a failure: words and a sign in the error colour, never green
            Layout.fillWidth: true
            message: journey.printFailed ? journey.printMessage : ""
        }
    }
}
