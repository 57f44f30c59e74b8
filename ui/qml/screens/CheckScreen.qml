import QtQuick
import QtQuick.Layouts
import ".."
import "../components"

// Check your answers, each with "Change"; then submit. As many whole rows as fit make a
// page (two columns in landscape), with 上一页/下一页 where there are more: nothing is
// cut at an edge, and nothing needs a finger to scroll.
ScreenFrame {
    id: screen
    readonly property var journey: app.journey
    centred: true  // a few answers sit in the middle
    heading: journey.title
    errorText: journey.error
    languageNote: journey.languageNote
    primaryText: journey.kind === "complain" ? qsTr("提交")
                 : journey.kind === "pay" ? qsTr("去付款") : qsTr("提交申请")
    onPrimaryClicked: journey.kind === "pay" ? journey.payment.goPay() : journey.submit()

    Column {
        id: area
        width: parent.width
        spacing: Theme.gap
        readonly property var rows: journey.checkRows
        readonly property int columns: app.orientation === "landscape" ? 2 : 1
        readonly property real cellWidth: (width - (columns - 1) * Theme.gap) / columns
        // Room for the pager: laid out or not, its buttons know their height.
        readonly property real pagerHeight: Math.max(previousPage.implicitHeight,
                                                     nextPage.implicitHeight,
                                                     pageText.implicitHeight)
        property var pages: [[0, 0]]  // [first row, row after the last] of each page
        property int page: 0
        readonly property var shown: pages[Math.min(page, pages.length - 1)]
        // Voice mode says the rows of the page on screen.
        onShownChanged: if (shown[1] > shown[0])
                            journey.showingCheckRows(shown[0], shown[1], page, pages.length)

        // Every row laid out once, unseen, at the width it is shown, to know its height.
        Column {
            width: area.cellWidth
            visible: false
            Repeater {
                id: measured
                model: area.rows
                CheckRow { width: area.cellWidth; row: modelData }
            }
        }

        // Pages of whole grid rows (a grid row: `columns` answers side by side) within
        // `room`, each grid row taking its tallest answer and a gap.
        function pagesWithin(room) {
            const result = []
            let start = 0, used = 0
            for (let i = 0; i < measured.count; i += columns) {
                let h = 0
                for (let j = i; j < Math.min(i + columns, measured.count); ++j)
                    h = Math.max(h, measured.itemAt(j).height)
                h += Theme.gap
                if (i > start && used + h > room) {
                    result.push([start, i])
                    start = i
                    used = h
                } else {
                    used += h
                }
            }
            result.push([start, measured.count])
            return result
        }
        function paginate() {
            if (measured.count !== rows.length)
                return  // called again once every row is laid out
            // One page needs no pager; more than one leave it room.
            const all = pagesWithin(screen.roomForContent + Theme.gap)
            pages = all.length > 1 ? pagesWithin(screen.roomForContent - pagerHeight) : all
            page = Math.min(page, pages.length - 1)
        }
        onWidthChanged: Qt.callLater(paginate)
        onRowsChanged: Qt.callLater(paginate)
        onPagerHeightChanged: Qt.callLater(paginate)
        Connections {
            target: screen
            function onRoomForContentChanged() { Qt.callLater(area.paginate) }
        }
        Component.onCompleted: Qt.callLater(paginate)

        Grid {
            width: parent.width
            columns: area.columns
            spacing: Theme.gap
            Repeater {
                model: area.rows.slice(area.shown[0], area.shown[1])
                CheckRow {
                    width: area.cellWidth
                    row: modelData
                    changeName: "change-" + (area.shown[0] + index)
                    onChange: (key) => journey.change(key)
                }
            }
        }
        RowLayout {
            width: parent.width
            spacing: Theme.gap
            visible: area.pages.length > 1
            KButton {
                id: previousPage
                objectName: "previous-page"
                text: qsTr("上一页")
                enabled: area.page > 0
                onClicked: area.page -= 1
            }
            Words {
                id: pageText
                objectName: "check-page"
                Layout.fillWidth: true
                text: qsTr("第 %1 页，共 %2 页").arg(area.page + 1).arg(area.pages.length)
                font.pixelSize: Theme.smallSize
                color: Theme.text
                horizontalAlignment: Text.AlignHCenter
            }
            KButton {
                id: nextPage
                objectName: "next-page"
                text: area.page + 1 < area.pages.length ? qsTr("下一页 ▶") : qsTr("下一页")
                enabled: area.page + 1 < area.pages.length
                onClicked: area.page += 1
            }
        }
    }
}
