import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts

// The device simulator of `kiosk --demo`: a person's hands on the emulated devices.
// Every button calls one slot of ui/simulator.py's DeviceSimulator, which flips an
// emulator switch; the kiosk's own polling notices, as it would with real hardware.
// The tactile keypad, in a column of its own, sends its keys to the kiosk's window.
Window {
    id: root
    required property QtObject simulator
    readonly property QtObject sim: simulator
    readonly property int keypadWidth: 234
    // The keypad's column and the gap before it; none without the kiosk's window.
    readonly property int keypadRoom: root.sim.hasKeypad ? keypadWidth + 6 : 0

    width: 420 + keypadRoom
    height: 900
    minimumWidth: 400 + keypadRoom
    minimumHeight: 760
    visible: true
    // Never the active window: the kiosk's stays active, so its keypad focus (which Qt
    // gives only in the active window) keeps working while the simulator is clicked.
    flags: Qt.Window | Qt.WindowDoesNotAcceptFocus
    title: "设备模拟器 Device simulator"
    color: "#e9ecf0"

    // A key of the keypad: `pressing` names its action ("enter", "up", ..., "0".."9");
    // DeviceSimulator.pressKey presses the key configured for it on the kiosk's window.
    component KeypadKey: SimButton {
        required property string pressing
        objectName: "keypad-" + pressing
        Layout.fillWidth: true
        Layout.preferredWidth: 1
        Layout.preferredHeight: 44
        enabled: root.sim.keypadActions.indexOf(pressing) >= 0
        onClicked: root.sim.pressKey(pressing)
    }

    DeviceSection {
        objectName: "section-keypad"
        visible: root.sim.hasKeypad
        anchors { right: parent.right; top: parent.top; margins: 8 }
        width: root.keypadWidth
        title: "键盘"
        subtitle: "Keypad"
        status: root.sim.keypadStatus

        GridLayout {
            columns: 3
            columnSpacing: 5
            rowSpacing: 5
            KeypadKey { pressing: "back"; title: "返回"; subtitle: "Back" }
            KeypadKey { pressing: "up"; title: "▲"; subtitle: "Up" }
            KeypadKey { pressing: "help"; title: "帮助"; subtitle: "Help" }
            KeypadKey { pressing: "left"; title: "◀"; subtitle: "Left" }
            KeypadKey { pressing: "down"; title: "▼"; subtitle: "Down" }
            KeypadKey { pressing: "right"; title: "▶"; subtitle: "Right" }
        }
        GridLayout {
            Layout.topMargin: 8
            columns: 3
            columnSpacing: 5
            rowSpacing: 5
            Repeater {
                model: ["1", "2", "3", "4", "5", "6", "7", "8", "9"]
                KeypadKey {
                    required property string modelData
                    pressing: modelData
                    title: modelData
                }
            }
            KeypadKey { pressing: "clear"; title: "清除"; subtitle: "Clear" }
            KeypadKey { pressing: "0"; title: "0" }
            KeypadKey { pressing: "enter"; title: "确认"; subtitle: "Enter" }
        }
        RowLayout {
            Layout.topMargin: 8
            spacing: 5
            KeypadKey { pressing: "quieter"; title: "音量-"; subtitle: "Volume down" }
            KeypadKey { pressing: "louder"; title: "音量+"; subtitle: "Volume up" }
        }
    }

    ColumnLayout {
        anchors {
            left: parent.left; top: parent.top; bottom: parent.bottom
            right: parent.right; rightMargin: 8 + root.keypadRoom
            margins: 8
        }
        spacing: 6

        DeviceSection {
            objectName: "section-id-reader"
            Layout.fillWidth: true
            title: "身份证读卡器"
            subtitle: "ID card reader"
            status: root.sim.idStatus
            fault: !root.sim.idReaderPlugged

            GridLayout {
                columns: 3
                columnSpacing: 5
                rowSpacing: 5
                Repeater {
                    model: root.sim.idCards
                    SimButton {
                        required property var modelData
                        objectName: "id-card-" + modelData.key
                        Layout.fillWidth: true
                        Layout.preferredWidth: 1
                        title: modelData.title
                        subtitle: modelData.note
                        selected: root.sim.idCard === modelData.key
                        onClicked: root.sim.chooseIdCard(modelData.key)
                    }
                }
            }
            RowLayout {
                spacing: 5
                SimButton {
                    objectName: "id-lay"
                    Layout.fillWidth: true
                    Layout.preferredWidth: 1
                    title: "放卡"
                    subtitle: "Lay card"
                    onClicked: root.sim.layIdCard()
                }
                SimButton {
                    objectName: "id-lift"
                    Layout.fillWidth: true
                    Layout.preferredWidth: 1
                    title: "拿走"
                    subtitle: "Lift card"
                    enabled: root.sim.idCardPresent
                    onClicked: root.sim.liftIdCard()
                }
                SimButton {
                    objectName: "id-pull"
                    Layout.fillWidth: true
                    Layout.preferredWidth: 1
                    title: "读卡时抽走"
                    subtitle: "Pull mid-read"
                    onClicked: root.sim.pullIdCardMidRead()
                }
                SimButton {
                    objectName: "id-unplug"
                    Layout.fillWidth: true
                    Layout.preferredWidth: 1
                    title: root.sim.idReaderPlugged ? "拔出" : "插回"
                    subtitle: root.sim.idReaderPlugged ? "Unplug" : "Plug in"
                    warning: !root.sim.idReaderPlugged
                    onClicked: root.sim.setIdReaderPlugged(!root.sim.idReaderPlugged)
                }
            }
        }

        DeviceSection {
            objectName: "section-card-reader"
            Layout.fillWidth: true
            title: "社保卡读卡器"
            subtitle: "Social security card"
            status: root.sim.sscStatus
            fault: !root.sim.cardReaderPlugged

            RowLayout {
                spacing: 5
                Repeater {
                    model: root.sim.sscCards
                    SimButton {
                        required property var modelData
                        objectName: "ssc-card-" + modelData.key
                        Layout.fillWidth: true
                        Layout.preferredWidth: 1
                        title: modelData.title
                        subtitle: modelData.note
                        selected: root.sim.sscCard === modelData.key
                        onClicked: root.sim.chooseSscCard(modelData.key)
                    }
                }
            }
            RowLayout {
                spacing: 5
                SimButton {
                    objectName: "ssc-insert"
                    Layout.fillWidth: true
                    Layout.preferredWidth: 1
                    title: "插卡"
                    subtitle: "Insert"
                    onClicked: root.sim.insertSsc()
                }
                SimButton {
                    objectName: "ssc-pin"
                    Layout.fillWidth: true
                    Layout.preferredWidth: 1
                    title: "插需PIN的卡"
                    subtitle: "PIN card"
                    onClicked: root.sim.insertPinProtectedSsc()
                }
                SimButton {
                    objectName: "ssc-remove"
                    Layout.fillWidth: true
                    Layout.preferredWidth: 1
                    title: "取卡"
                    subtitle: "Remove"
                    enabled: root.sim.sscPresent
                    onClicked: root.sim.removeSsc()
                }
                SimButton {
                    objectName: "ssc-unplug"
                    Layout.fillWidth: true
                    Layout.preferredWidth: 1
                    title: root.sim.cardReaderPlugged ? "拔出" : "插回"
                    subtitle: root.sim.cardReaderPlugged ? "Unplug" : "Plug in"
                    warning: !root.sim.cardReaderPlugged
                    onClicked: root.sim.setCardReaderPlugged(!root.sim.cardReaderPlugged)
                }
            }
        }

        DeviceSection {
            objectName: "section-camera"
            Layout.fillWidth: true
            title: "摄像头"
            subtitle: "Camera"
            status: root.sim.cameraStatus
            fault: !root.sim.cameraPlugged

            RowLayout {
                spacing: 5
                SimButton {
                    objectName: "camera-eid"
                    Layout.fillWidth: true
                    Layout.preferredWidth: 1
                    title: "手机亮电子身份码"
                    subtitle: "Phone: e-ID QR"
                    selected: root.sim.cameraScene === "eid_qr"
                    onClicked: root.sim.showEidQr()
                }
                SimButton {
                    objectName: "camera-receipt-qr"
                    Layout.fillWidth: true
                    Layout.preferredWidth: 1
                    title: "手机亮回执二维码"
                    subtitle: "Phone: last receipt's QR"
                    enabled: root.sim.receiptQr !== ""
                    selected: root.sim.cameraScene === "receipt_qr"
                    onClicked: root.sim.showReceiptQr()
                }
            }
            RowLayout {
                spacing: 5
                SimButton {
                    objectName: "camera-document"
                    Layout.fillWidth: true
                    Layout.preferredWidth: 1
                    title: "放文件"
                    subtitle: "Document"
                    selected: root.sim.cameraScene === "document"
                    onClicked: root.sim.showDocument()
                }
                SimButton {
                    objectName: "camera-desk"
                    Layout.fillWidth: true
                    Layout.preferredWidth: 1
                    title: "空桌面"
                    subtitle: "Empty desk"
                    selected: root.sim.cameraScene === "desk"
                    onClicked: root.sim.showEmptyDesk()
                }
                SimButton {
                    objectName: "camera-face"
                    Layout.fillWidth: true
                    Layout.preferredWidth: 1
                    title: "人脸"
                    subtitle: "Face"
                    selected: root.sim.cameraScene === "face"
                    onClicked: root.sim.showFace()
                }
                SimButton {
                    objectName: "camera-unplug"
                    Layout.fillWidth: true
                    Layout.preferredWidth: 1
                    title: root.sim.cameraPlugged ? "拔出" : "插回"
                    subtitle: root.sim.cameraPlugged ? "Unplug" : "Plug in"
                    warning: !root.sim.cameraPlugged
                    onClicked: root.sim.setCameraPlugged(!root.sim.cameraPlugged)
                }
            }
        }

        DeviceSection {
            objectName: "section-printer"
            Layout.fillWidth: true
            title: "回执打印机"
            subtitle: "Receipt printer"
            status: root.sim.printerStatus
            fault: !root.sim.printerPlugged || root.sim.printerPaper !== "ok"
                   || root.sim.printerCoverOpen || root.sim.printerOffline

            RowLayout {
                spacing: 5
                SimButton {
                    objectName: "paper-ok"
                    Layout.fillWidth: true
                    Layout.preferredWidth: 1
                    title: "纸正常"
                    subtitle: "Paper OK"
                    selected: root.sim.printerPaper === "ok"
                    onClicked: root.sim.setPaper("ok")
                }
                SimButton {
                    objectName: "paper-near-end"
                    Layout.fillWidth: true
                    Layout.preferredWidth: 1
                    title: "纸将尽"
                    subtitle: "Near end"
                    warning: root.sim.printerPaper === "near_end"
                    onClicked: root.sim.setPaper("near_end")
                }
                SimButton {
                    objectName: "paper-out"
                    Layout.fillWidth: true
                    Layout.preferredWidth: 1
                    title: "缺纸"
                    subtitle: "Paper out"
                    warning: root.sim.printerPaper === "out"
                    onClicked: root.sim.setPaper("out")
                }
            }
            RowLayout {
                spacing: 5
                SimButton {
                    objectName: "printer-cover"
                    Layout.fillWidth: true
                    Layout.preferredWidth: 1
                    title: root.sim.printerCoverOpen ? "合上盖子" : "打开盖子"
                    subtitle: root.sim.printerCoverOpen ? "Close cover" : "Open cover"
                    warning: root.sim.printerCoverOpen
                    onClicked: root.sim.setCoverOpen(!root.sim.printerCoverOpen)
                }
                SimButton {
                    objectName: "printer-offline"
                    Layout.fillWidth: true
                    Layout.preferredWidth: 1
                    title: root.sim.printerOffline ? "恢复在线" : "离线"
                    subtitle: root.sim.printerOffline ? "Back online" : "Offline"
                    warning: root.sim.printerOffline
                    onClicked: root.sim.setPrinterOffline(!root.sim.printerOffline)
                }
                SimButton {
                    objectName: "printer-unplug"
                    Layout.fillWidth: true
                    Layout.preferredWidth: 1
                    title: root.sim.printerPlugged ? "拔出" : "插回"
                    subtitle: root.sim.printerPlugged ? "Unplug" : "Plug in"
                    warning: !root.sim.printerPlugged
                    onClicked: root.sim.setPrinterPlugged(!root.sim.printerPlugged)
                }
            }
        }

        DeviceSection {
            objectName: "section-speaker"
            Layout.fillWidth: true
            visible: root.sim.hasSpeaker
            title: "语音播报"
            subtitle: "Speaker"
            status: root.sim.speakerStatus
            fault: root.sim.speakerFault !== ""

            RowLayout {
                Layout.fillWidth: true
                SimButton {
                    objectName: "headset"
                    Layout.fillWidth: true
                    Layout.preferredWidth: 1
                    title: root.sim.headsetPlugged ? "拔出耳机" : "插入耳机"
                    subtitle: root.sim.headsetPlugged ? "Unplug headset" : "Plug in headset"
                    selected: root.sim.headsetPlugged
                    onClicked: root.sim.setHeadsetPlugged(!root.sim.headsetPlugged)
                }
                SimButton {
                    objectName: "speaker-crash"
                    Layout.fillWidth: true
                    Layout.preferredWidth: 1
                    title: "引擎崩溃"
                    subtitle: "Engine crash"
                    warning: root.sim.speakerFault === "crash"
                    onClicked: root.sim.setSpeakerFault(root.sim.speakerFault === "crash" ? "" : "crash")
                }
                SimButton {
                    objectName: "speaker-hang"
                    Layout.fillWidth: true
                    Layout.preferredWidth: 1
                    title: "引擎卡住"
                    subtitle: "Engine hangs"
                    warning: root.sim.speakerFault === "hang"
                    onClicked: root.sim.setSpeakerFault(root.sim.speakerFault === "hang" ? "" : "hang")
                }
            }
            Text {
                objectName: "last-utterance"
                Layout.fillWidth: true
                textFormat: Text.PlainText  // speech is built from catalogue text
                text: root.sim.lastUtterance !== "" ? root.sim.lastUtterance : "还没有说过话。Nothing said yet."
                color: root.sim.lastUtterance !== "" ? "#111111" : "#7a8490"
                wrapMode: Text.Wrap
                maximumLineCount: 3
                elide: Text.ElideRight
                font.pixelSize: 12
            }
        }

        DeviceSection {
            objectName: "section-receipt"
            Layout.fillWidth: true
            Layout.fillHeight: true
            title: "最近打印的回执"
            subtitle: "Last receipt printed"
            status: root.sim.receiptStatus

            Rectangle {
                Layout.fillWidth: true
                Layout.fillHeight: true
                Layout.minimumHeight: 80
                color: "#ffffff"
                border.color: "#d3d8de"

                Flickable {
                    id: paper
                    objectName: "receipt-area"
                    anchors.fill: parent
                    anchors.margins: 6
                    clip: true
                    contentWidth: width
                    contentHeight: receiptText.implicitHeight
                    boundsBehavior: Flickable.StopAtBounds
                    ScrollBar.vertical: ScrollBar { policy: ScrollBar.AsNeeded }

                    Text {
                        id: receiptText
                        objectName: "receipt-text"
                        width: paper.width - 10
                        textFormat: Text.PlainText  // a receipt names the service
                        text: root.sim.lastReceipt !== "" ? root.sim.lastReceipt
                                                          : "还没有打印过。Nothing printed yet."
                        color: root.sim.lastReceipt !== "" ? "#111111" : "#7a8490"
                        font.family: "Noto Sans Mono CJK SC"
                        font.pixelSize: 12
                        wrapMode: Text.WrapAnywhere
                        onTextChanged: paper.contentY = 0
                    }
                }
            }
        }
    }
}
