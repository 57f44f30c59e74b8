import QtQuick
import QtQuick.Layouts
import ".."

// Every screen: a heading, a way back, a way home, the elder-mode switch, where the
// resident is in the journey, the content, and one primary button that names what happens
// next. A screen that asks one thing sets `centred`: its content and button then sit in
// the middle of the space below the heading, instead of leaving a wide empty band.
Rectangle {
    id: frame
    property bool centred: false
    property string heading: ""
    property string subheading: ""
    property string primaryText: ""
    property bool primaryEnabled: true
    property bool showBack: true
    property bool showHome: true
    property string errorText: ""
    // One line when an English screen shows some of a service's own text in Chinese.
    property string languageNote: ""
    default property alias content: body.data
    // The height a centred screen's content may take before it must scroll.
    readonly property real roomForContent: column.height - topBar.height - headingText.height
        - (stepBar.visible ? stepBar.height + Theme.gap : 0)
        - (subText.visible ? subText.height + Theme.gap : 0)
        - (languageLine.visible ? languageLine.height + Theme.gap : 0)
        - (errorBox.visible ? errorBox.height + Theme.gap : 0)
        - (primaryButton.visible ? primaryButton.height + Theme.gap : 0) - 4 * Theme.gap
    signal primaryClicked()
    color: Theme.background

    ColumnLayout {
        id: column
        anchors.fill: parent
        anchors.margins: Theme.margin
        spacing: Theme.gap

        // Room for the top bar, which is declared after this column: a screen reader reads
        // the tree in declaration order, and a resident should hear where they are (the
        // heading) before four buttons. On screen the bar stays here, at the top.
        Item {
            id: topBarRoom
            Layout.fillWidth: true
            Layout.preferredHeight: topBar.implicitHeight
        }
        Words {
            id: headingText
            objectName: "heading"
            accessibleRole: Accessible.Heading
            Layout.fillWidth: true
            text: frame.heading
            font.pixelSize: Theme.titleSize
            font.bold: true
            color: Theme.text
            wrapMode: Text.Wrap
        }
        StepBar {
            id: stepBar
            Layout.fillWidth: true
            number: app.journey.stepNumber
            total: app.journey.stepCount
            text: app.journey.positionText
        }
        Words {
            id: subText
            objectName: "subheading"
            Layout.fillWidth: true
            visible: text.length > 0
            text: frame.subheading
            font.pixelSize: Theme.smallSize
            color: Theme.mutedText
            wrapMode: Text.Wrap
        }
        InfoLine {
            id: languageLine
            objectName: "language-note"
            Layout.fillWidth: true
            visible: text.length > 0
            text: frame.languageNote
        }
        Item { Layout.fillHeight: frame.centred }
        // Beside what it is about: on a centred screen it moves with the content.
        ErrorBox {
            id: errorBox
            Layout.fillWidth: true
            message: frame.errorText
        }
        Item {
            id: body
            Layout.fillWidth: true
            Layout.fillHeight: !frame.centred
            Layout.preferredHeight: frame.centred ? body.childrenRect.height : -1
        }
        KButton {
            id: primaryButton
            objectName: "primary"
            Layout.fillWidth: true
            visible: frame.primaryText.length > 0
            enabled: frame.primaryEnabled
            primary: true
            text: frame.primaryText
            onClicked: frame.primaryClicked()
        }
        Item { Layout.fillHeight: frame.centred }
    }

    // Back, and the resident's settings and home on the right; when they do not all
    // fit in one row (elder mode in English, in portrait), voice gets a row below.
    GridLayout {
        id: topBar
        x: column.x + topBarRoom.x
        y: column.y + topBarRoom.y
        width: topBarRoom.width
        columnSpacing: Theme.gap
        rowSpacing: Theme.gap
        readonly property bool oneRow: backButton.implicitWidth + voiceButton.implicitWidth
            + elderButton.implicitWidth + homeButton.implicitWidth + 4 * Theme.gap <= width
        columns: oneRow ? 5 : 4
        KButton {
            id: backButton
            objectName: "back"
            Layout.row: 0
            Layout.column: 0
            visible: frame.showBack
            text: qsTr("返回")
            onClicked: app.back()
        }
        Item { Layout.row: 0; Layout.column: 1; Layout.fillWidth: true }
        VoiceButton {
            id: voiceButton
            Layout.row: topBar.oneRow ? 0 : 1
            Layout.column: topBar.oneRow ? 2 : 0
            Layout.columnSpan: topBar.oneRow ? 1 : 4
            Layout.fillWidth: !topBar.oneRow
        }
        KButton {
            id: elderButton
            objectName: "elder-mode"
            Layout.row: 0
            Layout.column: topBar.oneRow ? 3 : 2
            text: app.elderMode ? qsTr("标准模式") : qsTr("长辈模式")
            onClicked: app.toggleElderMode()
        }
        KButton {
            id: homeButton
            objectName: "home"
            Layout.row: 0
            Layout.column: topBar.oneRow ? 4 : 3
            visible: frame.showHome
            text: qsTr("首页")
            onClicked: app.goHome()
        }
    }
}
