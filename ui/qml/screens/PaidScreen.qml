import QtQuick
import QtQuick.Layouts
import ".."
import "../components"

// The fee is paid: the amount, the order number, the tier, whom it was for and when;
// the receipt prints by itself. Then the rating, as after an application.
ScreenFrame {
    id: screen
    readonly property var journey: app.journey
    readonly property var paid: journey.payment.paid
    heading: journey.title
    subheading: journey.serviceName
    showBack: false
    centred: true
    errorText: journey.printMessage
    primaryText: qsTr("下一步：评价本次服务")
    onPrimaryClicked: journey.next()

    Flickable {
        id: flick
        width: parent.width
        height: Math.min(details.implicitHeight, screen.roomForContent)
        clip: true
        contentHeight: details.implicitHeight
        boundsBehavior: Flickable.StopAtBounds
        ColumnLayout {
            id: details
            width: flick.width
            spacing: Theme.gap
            Words {
                objectName: "paid-amount"
                Layout.fillWidth: true
                text: "✓ " + qsTr("已缴费 %1 元").arg(paid.amount || "")
                font.pixelSize: Theme.hugeSize
                font.bold: true
                color: Theme.success
                fontSizeMode: Text.HorizontalFit
                minimumPixelSize: Theme.headingSize
            }
            Repeater {
                model: [
                    [qsTr("订单号"), paid.orderNumber || "", "order-number"],
                    [qsTr("收款单位"), paid.payee || "", "paid-payee"],
                    [qsTr("缴费年度"), paid.year ? qsTr("%1年").arg(paid.year) : "", "paid-year"],
                    [qsTr("缴费档次"), paid.tier || "", "paid-tier"],
                    [qsTr("缴费对象"), paid.beneficiary || "", "paid-beneficiary"],
                    [qsTr("付款时间"), paid.paidAt || "", "paid-at"]
                ]
                RowLayout {
                    Layout.fillWidth: true
                    visible: modelData[1].length > 0
                    spacing: Theme.gap
                    BodyText {
                        Layout.preferredWidth: Theme.labelWidth
                        Layout.alignment: Qt.AlignTop
                        text: modelData[0] + "："
                        color: Theme.mutedText
                    }
                    BodyText {
                        objectName: modelData[2]
                        Layout.fillWidth: true
                        text: modelData[1]
                        font.bold: true
                        wrapMode: Text.WrapAnywhere
                    }
                }
            }
            BodyText {
                Layout.fillWidth: true
                text: journey.printing ? qsTr("正在打印缴费凭证，请稍候……")
                      : journey.printFailed ? "" : qsTr("缴费凭证已打印，请在出纸口取走。")
                visible: text.length > 0
                color: journey.printing ? Theme.text : Theme.success
            }
            BodyText {
                Layout.fillWidth: true
                text: qsTr("缴费记录可在本机“缴费记录查询”里查看，咨询请拨打 %1。").arg(paid.hotline || "12345")
            }
        }
    }
}
