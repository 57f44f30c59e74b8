import QtQuick
import ".."

// "语音引导" on every screen: voice mode comes on and the screen is said; once on, the
// same button opens the voice settings (volume, rate, hear again, turn off).
KButton {
    objectName: "voice"
    iconName: app.voiceGuide.icons.voice
    text: app.voiceGuide.on ? qsTr("语音设置") : qsTr("语音引导")
    onClicked: app.voiceGuide.toggle()
}
