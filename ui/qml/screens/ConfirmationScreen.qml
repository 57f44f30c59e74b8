import QtQuick
import QtQuick.Layouts
import ".."
import "../components"

// The application is filed: the number, what happens next and by when, what to bring.
// When the receipt could not print, the QR code on screen is there to take a photo of.
ScreenFrame {
    id: screen
    readonly property var journey: app.journey
    readonly property var c: journey.confirmation
    // A life event: a number for each link instead of one.
    readonly property bool chain: (c.links || []).length > 0
    heading: journey.title
    subheading: c.serviceName || ""
    showBack: false
    centred: true  // in view without scrolling where it fits, in the middle
    errorText: journey.printMessage
    languageNote: journey.languageNote
    primaryText: journey.kind === "apply" || journey.kind === "event" ? qsTr("下一步：评价本次服务") : qsTr("完成")
    onPrimaryClicked: journey.next()

    Flickable {
        id: flick
        width: parent.width
        height: Math.min(details.implicitHeight, screen.roomForContent)
        clip: true
        contentHeight: details.implicitHeight
        boundsBehavior: Flickable.StopAtBounds
        // Landscape: the number and its QR code on the left, what happens next on the
        // right, so that all of it is in view without scrolling.
        GridLayout {
            id: details
            width: flick.width
            columns: app.orientation === "landscape" ? 2 : 1
            columnSpacing: 2 * Theme.gap
            rowSpacing: Theme.gap
            ColumnLayout {
                Layout.fillWidth: true
                Layout.preferredWidth: 1  // half and half
                Layout.alignment: Qt.AlignTop
                spacing: Theme.gap
                ChainLinks {
                    Layout.fillWidth: true
                    visible: screen.chain
                    links: c.links || []
                }
                BodyText {
                    Layout.fillWidth: true
                    visible: !screen.chain
                    text: qsTr("受理编号（请记下或拍照）：")
                }
                Words {
                    objectName: "tracking-number"
                    Layout.fillWidth: true
                    visible: !screen.chain
                    text: c.trackingNumber || ""
                    font.pixelSize: Theme.hugeSize
                    font.bold: true
                    color: Theme.primary
                    fontSizeMode: Text.HorizontalFit
                    minimumPixelSize: Theme.headingSize
                }
                Image {
                    objectName: "tracking-qr"
                    visible: !screen.chain
                    Layout.alignment: Qt.AlignHCenter
                    Layout.preferredWidth: Theme.mm * (c.printed ? 30 : 55)
                    Layout.preferredHeight: Layout.preferredWidth
                    source: c.trackingNumber ? "image://qr/" + encodeURIComponent(c.trackingNumber) : ""
                    smooth: false
                }
                BodyText {
                    Layout.fillWidth: true
                    visible: !screen.chain && !!c.promisedBy  // a correction promises no date
                    text: qsTr("预计办结：%1").arg(c.promisedBy || "")
                    font.bold: true
                }
            }
            ColumnLayout {
                Layout.fillWidth: true
                Layout.preferredWidth: 1
                Layout.alignment: Qt.AlignTop
                spacing: Theme.gap
                BodyText {
                    Layout.fillWidth: true
                    visible: (c.nextSteps || []).length > 0
                    text: qsTr("接下来：") + "\n" + (c.nextSteps || []).map((s, i) => (i + 1) + ". " + s).join("\n")
                }
                BodyText {
                    objectName: "posted-to"
                    Layout.fillWidth: true
                    visible: text.length > 0
                    text: c.postedTo || ""
                    font.bold: true
                }
                BodyText {
                    Layout.fillWidth: true
                    visible: (c.toBring || []).length > 0
                    text: qsTr("请带上以下材料：") + "\n" + (c.toBring || []).map(
                              m => "• " + (m.by ? qsTr("%1：%2前送到%3").arg(m.name).arg(m.by).arg(m.where)
                                  : qsTr("%1：送到%2").arg(m.name).arg(m.where))).join("\n")
                }
                BodyText {
                    Layout.fillWidth: true
                    text: journey.printing ? qsTr("正在打印回执，请稍候……")
                          : c.printed ? qsTr("回执已打印，请在出纸口取走。") : ""
                    visible: text.length > 0
                    color: journey.printing ? Theme.text : Theme.success  // green once printed
                }
                BodyText {
                    Layout.fillWidth: true
                    text: qsTr("凭受理编号可在本机“办件进度”查询，咨询请拨打 %1。").arg(c.hotline || "12345")
                }
            }
        }
    }
}
