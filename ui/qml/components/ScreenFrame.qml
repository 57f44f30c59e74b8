import QtQuick
import QtQuick.Layouts
import ".."

// Every screen: a heading, a way back, a way home, the content, and one primary button
// that names what happens next.
Rectangle {
    id: frame
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
    signal primaryClicked()
    color: Theme.background

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: Theme.margin
        spacing: Theme.gap

        RowLayout {
            Layout.fillWidth: true
            spacing: Theme.gap
            KButton {
                objectName: "back"
                visible: frame.showBack
                text: qsTr("返回")
                onClicked: app.back()
            }
            Item { Layout.fillWidth: true }
            KButton {
                objectName: "home"
                visible: frame.showHome
                text: qsTr("首页")
                onClicked: app.goHome()
            }
        }
        Text {
            objectName: "heading"
            Layout.fillWidth: true
            text: frame.heading
            font.pixelSize: Theme.titleSize
            font.bold: true
            color: Theme.text
            wrapMode: Text.Wrap
        }
        Text {
            Layout.fillWidth: true
            visible: text.length > 0
            text: frame.subheading
            font.pixelSize: Theme.smallSize
            color: Theme.mutedText
            wrapMode: Text.Wrap
        }
        InfoLine {
            objectName: "language-note"
            Layout.fillWidth: true
            visible: text.length > 0
            text: frame.languageNote
        }
        ErrorBox {
            Layout.fillWidth: true
            message: frame.errorText
        }
        Item {
            id: body
            Layout.fillWidth: true
            Layout.fillHeight: true
        }
        KButton {
            objectName: "primary"
            Layout.fillWidth: true
            visible: frame.primaryText.length > 0
            enabled: frame.primaryEnabled
            primary: true
            text: frame.primaryText
            onClicked: frame.primaryClicked()
        }
    }
}
