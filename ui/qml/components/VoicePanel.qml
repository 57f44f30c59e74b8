import QtQuick
import QtQuick.Layouts
import ".."

// Voice mode's settings: hear the screen again, louder or quieter, faster or slower, and
// with a headset on, hearing one's own data and blanking the screen; turning voice off.
// The resident's settings last for this visit only.
Overlay {
    readonly property var voice: app.voiceGuide
    GridLayout {
        x: Theme.margin
        y: Theme.margin
        width: parent.width - 2 * Theme.margin
        columns: 2
        columnSpacing: Theme.gap
        rowSpacing: Theme.gap
        Words {
            objectName: "voice-heading"
            accessibleRole: Accessible.Heading
            Layout.columnSpan: 2
            Layout.fillWidth: true
            text: qsTr("语音设置")
            font.pixelSize: Theme.titleSize
            font.bold: true
            color: Theme.text
            wrapMode: Text.Wrap
        }
        KButton {
            objectName: "voice-repeat"
            Layout.columnSpan: 2
            Layout.fillWidth: true
            text: qsTr("再听一遍")
            onClicked: voice.repeat()
        }
        BodyText {
            objectName: "voice-volume"
            Layout.columnSpan: 2
            Layout.fillWidth: true
            text: qsTr("音量：第 %1 级，共 %2 级").arg(voice.volume).arg(voice.volumeSteps)
        }
        KButton {
            objectName: "voice-quieter"
            Layout.fillWidth: true
            enabled: voice.volume > 1
            text: qsTr("小声一点")
            onClicked: voice.quieter()
        }
        KButton {
            objectName: "voice-louder"
            Layout.fillWidth: true
            enabled: voice.volume < voice.volumeSteps
            text: qsTr("大声一点")
            onClicked: voice.louder()
        }
        BodyText {
            objectName: "voice-rate"
            Layout.columnSpan: 2
            Layout.fillWidth: true
            text: qsTr("语速：第 %1 级，共 %2 级").arg(voice.rate).arg(voice.rateSteps)
        }
        KButton {
            objectName: "voice-slower"
            Layout.fillWidth: true
            enabled: voice.rate > 1
            text: qsTr("说慢一点")
            onClicked: voice.slower()
        }
        KButton {
            objectName: "voice-faster"
            Layout.fillWidth: true
            enabled: voice.rate < voice.rateSteps
            text: qsTr("说快一点")
            onClicked: voice.faster()
        }
        KButton {
            objectName: "voice-own-data"
            Layout.columnSpan: 2
            Layout.fillWidth: true
            visible: voice.headset
            iconName: voice.icons.headset
            text: voice.ownData ? qsTr("不再读出我的信息") : qsTr("在耳机里读出我的信息")
            onClicked: voice.hearOwnData(!voice.ownData)
        }
        KButton {
            objectName: "voice-blank"
            Layout.columnSpan: 2
            Layout.fillWidth: true
            visible: voice.headset
            text: voice.screenBlanked ? qsTr("打开屏幕") : qsTr("关闭屏幕，只用耳机听")
            onClicked: voice.blankScreen(!voice.screenBlanked)
        }
        KButton {
            objectName: "voice-off"
            Layout.fillWidth: true
            danger: true
            text: qsTr("关闭语音")
            onClicked: voice.turnOff()
        }
        KButton {
            objectName: "voice-close"
            Layout.fillWidth: true
            primary: true
            text: qsTr("关闭")
            onClicked: voice.closePanel()
        }
    }
}
