import QtQuick
import QtQuick.Layouts
import ".."
import "../components"

// Home: what residents here do most, the sections real terminals open with, the domains,
// search, elder mode, language. Elder mode shows fewer, larger tiles: the domains take the
// most used items' place behind one button. Tiles grow to fill the screen. The footer says
// which terminal this is, and where; held for 5 s it is the technician's way in.
Rectangle {
    id: home
    color: Theme.background
    readonly property bool wide: app.orientation === "landscape"
    property bool showDomains: !app.elderMode

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: Theme.margin
        spacing: Theme.gap

        // The heading, what to do here, and the resident's settings: in one row in
        // landscape (a short screen: the tiles need the height); in portrait the heading
        // and what to do have the width to themselves, the settings a row below them. In
        // this order for a screen reader too: where they are, what to do, the buttons.
        GridLayout {
            Layout.fillWidth: true
            columns: home.wide ? 5 : 3
            columnSpacing: Theme.gap
            rowSpacing: Theme.gap
            Words {
                objectName: "heading"
                accessibleRole: Accessible.Heading
                Layout.row: 0
                Layout.column: 0
                Layout.fillWidth: !home.wide
                Layout.columnSpan: home.wide ? 1 : 3
                text: qsTr("政务服务自助终端")
                font.pixelSize: Theme.titleSize
                font.bold: true
                color: Theme.text
                wrapMode: Text.Wrap
            }
            Words {
                objectName: "subheading"
                Layout.row: home.wide ? 0 : 1
                Layout.column: home.wide ? 1 : 0
                Layout.fillWidth: true
                Layout.columnSpan: home.wide ? 1 : 3
                Layout.alignment: Qt.AlignVCenter
                // Short: in landscape it shares the heading's row (the search bar below
                // says how to search).
                text: qsTr("请选择您要办的事")
                font.pixelSize: Theme.smallSize
                color: Theme.mutedText
                wrapMode: Text.Wrap
            }
            VoiceButton {
                Layout.row: home.wide ? 0 : 2
                Layout.column: home.wide ? 2 : 0
                Layout.fillWidth: !home.wide
            }
            KButton {
                objectName: "elder-mode"
                Layout.row: home.wide ? 0 : 2
                Layout.column: home.wide ? 3 : 1
                Layout.fillWidth: !home.wide
                text: app.elderMode ? qsTr("标准模式") : qsTr("长辈模式")
                onClicked: app.toggleElderMode()
            }
            KButton {
                objectName: "language"
                Layout.row: home.wide ? 0 : 2
                Layout.column: home.wide ? 4 : 2
                Layout.fillWidth: !home.wide
                text: app.language === "en" ? "中文" : "English"
                onClicked: app.setLanguage(app.language === "en" ? "zh_CN" : "en")
            }
        }

        KButton {
            objectName: "search"
            Layout.fillWidth: true
            text: qsTr("搜索事项：输入汉字或拼音，如“社保卡”或“sbk”")
            onClicked: app.openSearch()
        }

        InfoLine {
            objectName: "device-trouble"
            Layout.fillWidth: true
            visible: text.length > 0
            text: app.deviceTrouble
        }

        InfoLine {
            objectName: "offline-notice"
            Layout.fillWidth: true
            visible: app.offline
            text: qsTr("网络暂时中断。您仍然可以办理，申请会在网络恢复后自动送达。")
        }

        ErrorBox {
            Layout.fillWidth: true
            message: app.submissionsOpen ? "" : qsTr("本机暂时不能提交申请，办事指南和查询仍可使用。")
        }

        Words {
            objectName: "most-used-heading"
            Layout.fillWidth: true
            visible: mostUsed.visible && !(home.wide && app.elderMode)  // room for the tiles
            text: qsTr("大家常办")
            font.pixelSize: Theme.headingSize
            font.bold: true
            color: Theme.text
        }
        GridLayout {
            id: mostUsed
            Layout.fillWidth: true
            Layout.fillHeight: true
            visible: !app.elderMode || !home.showDomains
            columns: app.elderMode ? 2 : (home.wide ? 5 : 3)
            rowSpacing: Theme.gap
            columnSpacing: Theme.gap
            Repeater {
                model: app.mostUsed
                KButton {
                    objectName: "most-used-" + index
                    Layout.fillWidth: true
                    Layout.fillHeight: true
                    Layout.preferredWidth: 1  // equal columns, whatever the words
                    // Elder mode's large print: a long name's lines, whole, before the rest.
                    Layout.minimumHeight: app.elderMode ? implicitHeight : Theme.buttonHeight
                    text: modelData.title
                    iconName: modelData.icon  // its domain's
                    onClicked: app.openService(modelData.code)
                }
            }
        }

        GridLayout {
            Layout.fillWidth: true
            Layout.fillHeight: true
            columns: home.wide ? 6 : 3
            rowSpacing: Theme.gap
            columnSpacing: Theme.gap
            Repeater {
                model: app.homeTiles
                KButton {
                    objectName: "tile-" + modelData.key
                    Layout.fillWidth: true
                    Layout.fillHeight: true
                    Layout.preferredWidth: 1
                    Layout.minimumHeight: Theme.tileHeight
                    primary: index < 3
                    text: modelData.title
                    iconName: modelData.icon
                    iconAbove: !(home.wide && app.elderMode)  // a short screen: beside
                    font.pixelSize: Theme.headingSize
                    onClicked: app.openTile(modelData.key)
                }
            }
        }

        KButton {
            objectName: "show-domains"
            Layout.fillWidth: true
            visible: app.elderMode
            text: home.showDomains ? qsTr("收起分类") : qsTr("按类别找事项")
            onClicked: home.showDomains = !home.showDomains
        }

        GridLayout {
            Layout.fillWidth: true
            Layout.fillHeight: true
            visible: home.showDomains
            columns: home.wide ? 5 : 3
            rowSpacing: Theme.gap
            columnSpacing: Theme.gap
            Repeater {
                model: app.domainTiles
                KButton {
                    objectName: "domain-" + modelData.key
                    Layout.fillWidth: true
                    Layout.fillHeight: true
                    Layout.preferredWidth: 1
                    Layout.minimumHeight: Theme.buttonHeight
                    text: modelData.title
                    iconName: modelData.icon
                    onClicked: app.openTile(modelData.key)
                }
            }
        }
        TerminalFooter {
            Layout.fillWidth: true
        }
    }
}
