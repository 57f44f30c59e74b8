import QtQuick
import QtQuick.Layouts
import ".."

// Writing with a finger (手写), in the keyboard's place: a square to write in, the
// characters the ink may be (after every stroke; one tap puts one into the field at the
// cursor), and undo one stroke, write again, delete, close. The field being filled says
// what it expects (`writingKind`: "name", "address", "search", else "text"); the
// view-model (app.handwriting) keeps the ink and asks the recognizer off this thread.
// These buttons never take the focus: the field keeps it, and with it the keyboard.
Item {
    id: pad
    objectName: "handwriting-pad"
    property real minimumHeight: 0  // the pinyin keys' height
    // The square to write in, its side: the keyboard says how much room the screen has.
    property real writingSide: minimumHeight
    readonly property Item field: Window.activeFocusItem
    readonly property var writer: app.handwriting
    implicitHeight: Math.max(minimumHeight, writingSide, side.implicitHeight + 2 * Theme.gap)
    Accessible.role: Accessible.Grouping
    Accessible.name: qsTr("手写输入")

    function kind() {
        return field !== null && field.writingKind !== undefined ? field.writingKind : "text"
    }
    function before() {
        return field !== null && field.text !== undefined
               ? field.text.substring(0, field.cursorPosition) : ""
    }
    function take(character) {
        if (field === null || field.insert === undefined)
            return
        field.insert(field.cursorPosition, character)
        writer.clear()
    }
    function deleteBefore() {
        if (field === null || field.remove === undefined)
            return
        if (field.selectedText.length > 0)
            field.remove(field.selectionStart, field.selectionEnd)
        else if (field.cursorPosition > 0)
            field.remove(field.cursorPosition - 1, field.cursorPosition)
    }

    // The square to write in, at the left; the words and buttons beside it.
    Rectangle {
        id: area
        objectName: "writing-area"
        x: Theme.gap
        y: Theme.gap
        // Not from the pad's height: that follows the words beside.
        width: Math.min(pad.writingSide, pad.width / 2) - 2 * Theme.gap
        height: width
        color: Theme.background
        border.width: Theme.border
        border.color: Theme.outline
        radius: Theme.radius
        Accessible.role: Accessible.Canvas
        Accessible.name: qsTr("写字区：用手指在这里写一个字")

        // A cross through the middle, as on squared writing paper, to centre the character.
        Rectangle {
            anchors.verticalCenter: parent.verticalCenter
            x: Theme.gap; width: parent.width - 2 * Theme.gap; height: Theme.border / 2
            color: Theme.guideLine
        }
        Rectangle {
            anchors.horizontalCenter: parent.horizontalCenter
            y: Theme.gap; height: parent.height - 2 * Theme.gap; width: Theme.border / 2
            color: Theme.guideLine
        }

        Canvas {
            id: ink
            anchors.fill: parent
            onPaint: {
                const ctx = getContext("2d")
                ctx.reset()
                ctx.strokeStyle = Theme.text
                ctx.fillStyle = Theme.text
                ctx.lineWidth = Theme.inkWidth
                ctx.lineCap = "round"
                ctx.lineJoin = "round"
                const scale = width / pad.writer.box
                for (const stroke of pad.writer.ink) {
                    if (stroke.length === 2) {  // a dot
                        ctx.beginPath()
                        ctx.arc(stroke[0] * scale, stroke[1] * scale, Theme.inkWidth / 2,
                                0, 2 * Math.PI)
                        ctx.fill()
                        continue
                    }
                    ctx.beginPath()
                    ctx.moveTo(stroke[0] * scale, stroke[1] * scale)
                    for (let i = 2; i < stroke.length; i += 2)
                        ctx.lineTo(stroke[i] * scale, stroke[i + 1] * scale)
                    ctx.stroke()
                }
            }
            Connections {
                target: pad.writer
                function onInkChanged() { ink.requestPaint() }
            }
        }

        MouseArea {
            anchors.fill: parent
            preventStealing: true
            onPressed: (mouse) => pad.writer.addPoint(mouse.x, mouse.y, width)
            onPositionChanged: (mouse) => pad.writer.addPoint(mouse.x, mouse.y, width)
            onReleased: pad.writer.endStroke(pad.kind(), pad.before())
            onCanceled: pad.writer.endStroke(pad.kind(), pad.before())
        }
    }

    ColumnLayout {
        id: side
        anchors.left: area.right
        anchors.right: parent.right
        anchors.top: parent.top
        anchors.margins: Theme.gap
        spacing: Theme.gap

        // The characters the ink may be, best first, in finger-sized cells.
        Flow {
            id: candidates
            objectName: "pad-candidates"
            readonly property real cellWidth: Theme.candidateHeight * 1.25
            // Room for all the candidates, before any comes: nothing moves as they do.
            readonly property int rows: Math.max(1, Math.ceil(
                pad.writer.most * (cellWidth + spacing) / Math.max(1, width)))
            Layout.fillWidth: true
            Layout.preferredHeight: rows * Theme.candidateHeight + (rows - 1) * spacing
            spacing: Theme.border
            Repeater {
                model: pad.writer.candidates
                KButton {
                    objectName: "pad-candidate-" + index
                    readonly property string candidate: modelData
                    focusPolicy: Qt.NoFocus
                    width: candidates.cellWidth
                    height: Theme.candidateHeight
                    implicitHeight: Theme.candidateHeight
                    topPadding: 0
                    bottomPadding: 0
                    lineSpacing: 1.0
                    primary: index === 0
                    font.pixelSize: Theme.candidateSize
                    text: modelData
                    Accessible.name: qsTr("选这个字：%1").arg(modelData)
                    onClicked: pad.take(modelData)
                }
            }
        }
        GridLayout {
            Layout.fillWidth: true
            // Four in a row where each is at least three targets wide, else two.
            columns: width >= 4 * 3 * Theme.minTarget ? 4 : 2
            columnSpacing: Theme.gap
            rowSpacing: Theme.gap
            component PadButton: KButton {
                focusPolicy: Qt.NoFocus
                Layout.fillWidth: true
                Layout.preferredWidth: 1  // shared alike
                Layout.preferredHeight: Theme.keyHeight
                implicitHeight: Theme.keyHeight
                topPadding: 0
                bottomPadding: 0
                lineSpacing: 1.0
                font.pixelSize: Theme.smallSize
            }
            PadButton {
                objectName: "pad-undo"
                text: qsTr("撤销一笔")
                enabled: pad.writer.strokeCount > 0
                onClicked: pad.writer.undo(pad.kind(), pad.before())
            }
            PadButton {
                objectName: "pad-clear"
                text: qsTr("重写")
                enabled: pad.writer.strokeCount > 0
                onClicked: pad.writer.clear()
            }
            PadButton {
                objectName: "pad-delete"
                text: qsTr("删除")
                onClicked: pad.deleteBefore()
            }
            PadButton {
                objectName: "pad-hide"
                primary: true
                text: qsTr("完成")
                Accessible.name: qsTr("完成，收起键盘")
                onClicked: Qt.inputMethod.hide()
            }
        }
        Words {
            objectName: "pad-hint"
            Layout.fillWidth: true
            text: qsTr("请写简体字。写不出来的字（如“玥”）和数字，请点“拼音”输入。")
            font.pixelSize: Theme.smallSize
            lineHeight: Theme.lineSpacing
            color: Theme.text
            wrapMode: Text.Wrap
        }
    }
}
