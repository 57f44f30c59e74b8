import QtQuick
import QtQuick.Layouts
import ".."
import "../components"

// A fee paid by QR code: the amount, the payee, whom it is for, the QR code to scan with
// a phone, and the time left. The platform is asked how the order stands until it is
// paid (the paid screen follows by itself) or closed. Once the order exists there is no
// way back into the questions: only home, which asks first.
ScreenFrame {
    id: screen
    readonly property var journey: app.journey
    readonly property var pay: journey.payment
    readonly property var order: pay.order
    heading: journey.title
    subheading: journey.serviceName
    centred: true
    showBack: !pay.holdsOrder
    errorText: journey.error.length ? journey.error
               : pay.state === "problem" ? pay.problem
               : pay.state === "closed" ? pay.closedText : ""
    primaryText: pay.state === "problem" ? (pay.canRetry ? qsTr("再试一次") : qsTr("返回首页"))
                 : pay.state === "closed" ? qsTr("返回首页") : ""
    onPrimaryClicked: {
        if (pay.state === "problem" && pay.canRetry)
            pay.tryAgain()
        else
            app.finish()  // nothing to keep: the order closed, or none can be had
    }

    BodyText {
        objectName: "creating"
        width: parent.width
        visible: pay.state === "creating"
        text: qsTr("正在生成缴费二维码…")
        font.pixelSize: Theme.headingSize
        horizontalAlignment: Text.AlignHCenter
    }

    Flickable {
        id: flick
        width: parent.width
        visible: pay.state === "waiting"
        height: visible ? Math.min(details.implicitHeight, screen.roomForContent) : 0
        clip: true
        contentHeight: details.implicitHeight
        boundsBehavior: Flickable.StopAtBounds
        // Landscape: the QR code on the left, what it pays on the right; portrait: the
        // amount first, the code under it.
        GridLayout {
            id: details
            width: flick.width
            columns: app.orientation === "landscape" ? 2 : 1
            columnSpacing: 2 * Theme.gap
            rowSpacing: Theme.gap
            ColumnLayout {
                Layout.fillWidth: true
                Layout.preferredWidth: 1
                Layout.alignment: Qt.AlignTop
                spacing: Theme.gap
                Image {
                    objectName: "payment-qr"
                    // A phone scans it from 40 cm: at least 50 mm across, larger where
                    // there is room (elder mode: larger still).
                    Layout.alignment: Qt.AlignHCenter
                    Layout.preferredWidth: Theme.mm * (Theme.elder ? 65 : 58)
                    Layout.preferredHeight: Layout.preferredWidth
                    source: order.qrText ? "image://qr/" + encodeURIComponent(order.qrText) : ""
                    smooth: false
                    fillMode: Image.PreserveAspectFit
                }
                BodyText {
                    Layout.fillWidth: true
                    text: qsTr("请用手机微信、支付宝或云闪付扫一扫")
                    font.bold: true
                    horizontalAlignment: Text.AlignHCenter
                }
            }
            ColumnLayout {
                Layout.fillWidth: true
                Layout.preferredWidth: 1
                Layout.alignment: Qt.AlignTop
                spacing: Theme.gap
                BodyText { Layout.fillWidth: true; text: qsTr("应缴金额：") }
                Words {
                    objectName: "amount"
                    Layout.fillWidth: true
                    text: qsTr("%1 元").arg(order.amount || "")
                    font.pixelSize: Theme.hugeSize
                    font.bold: true
                    color: Theme.primary
                    fontSizeMode: Text.HorizontalFit
                    minimumPixelSize: Theme.headingSize
                }
                BodyText {
                    objectName: "payee"
                    Layout.fillWidth: true
                    text: qsTr("收款单位：%1").arg(order.payee || "")
                }
                BodyText {
                    objectName: "beneficiary"
                    Layout.fillWidth: true
                    text: pay.forWhom.length
                          ? qsTr("缴费对象：%1（%2）").arg(order.beneficiary || "").arg(pay.forWhom)
                          : qsTr("缴费对象：%1").arg(order.beneficiary || "")
                    wrapMode: Text.WrapAnywhere
                }
                BodyText {
                    Layout.fillWidth: true
                    visible: (order.tier || "").length > 0
                    text: qsTr("缴费档次：%1").arg(order.tier || "")
                }
                Words {
                    objectName: "time-left"
                    Layout.fillWidth: true
                    text: qsTr("剩余付款时间：%1").arg(pay.timeLeft)
                    font.pixelSize: Theme.headingSize
                    font.bold: true
                    color: pay.secondsLeft < 60 ? Theme.error : Theme.text
                    wrapMode: Text.Wrap
                }
                KButton {  // a resident who cannot see the countdown asks for it
                    objectName: "say-time-left"
                    Layout.fillWidth: true
                    visible: app.voiceGuide.on
                    text: qsTr("听金额和剩余时间")
                    onClicked: pay.sayAmountAndTime()
                }
                BodyText {
                    objectName: "waiting"
                    Layout.fillWidth: true
                    text: qsTr("正在等待付款……付款成功后，本机会自动显示结果。")
                    color: Theme.mutedText
                }
            }
        }
    }
}
