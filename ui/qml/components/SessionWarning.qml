import QtQuick
import QtQuick.Layouts
import ".."

Overlay {
    id: warning
    // A screen reader hears the warning the moment it shows, and every ten seconds after.
    property int announcedAt: -1  // the seconds left when it was last announced
    function announce() {
        if (!visible || announcedAt === app.secondsLeft)
            return
        announcedAt = app.secondsLeft
        // The words from the seconds left now: as the warning shows, explanation.text
        // may still hold the last countdown's "0 秒" (its binding not yet re-evaluated).
        explanation.Accessible.announce(title.text + " " + explanationFor(app.secondsLeft),
                                        Accessible.Assertive)
    }
    function explanationFor(seconds) {
        return qsTr("为保护您的信息，%1 秒后将清除填写的内容并回到首页。").arg(seconds)
    }
    onVisibleChanged: { announcedAt = -1; announce() }
    Connections {
        target: app
        // At each ten (20, 10) below the last announcement; a clock that skipped a
        // second (11, then 9) still has it said, with the seconds it shows.
        function onChanged() {
            const next = Math.ceil(warning.announcedAt / 10) * 10 - 10
            if (warning.announcedAt > 0 && app.secondsLeft > 0 && app.secondsLeft <= next)
                warning.announce()
        }
    }
    ColumnLayout {
        x: Theme.margin
        y: Theme.margin
        width: parent.width - 2 * Theme.margin
        spacing: Theme.gap
        BodyText {
            id: title
            accessibleRole: Accessible.Heading
            Layout.fillWidth: true
            text: qsTr("您还在办理吗？")
            font.pixelSize: Theme.titleSize
            font.bold: true
        }
        BodyText {
            id: explanation
            Layout.fillWidth: true
            text: warning.explanationFor(app.secondsLeft)
        }
        Words {
            objectName: "countdown"
            Layout.alignment: Qt.AlignHCenter
            text: app.secondsLeft
            font.pixelSize: Theme.hugeSize * 1.6
            font.bold: true
            color: Theme.primary
        }
        KButton {
            objectName: "more-time"
            Layout.fillWidth: true
            primary: true
            visible: app.canExtend
            text: qsTr("我还需要时间")
            onClicked: app.extendSession()
        }
    }
}
