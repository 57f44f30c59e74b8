import QtQuick
import QtQuick.Layouts
import ".."

// Big keys for numbers (ID, phone, amount, date): no hunting on a full keyboard.
// Keys are full height where there is room and shrink towards the smallest target where
// there is not (an error shown above): give the pad fillHeight. A landscape screen is
// short and wide: the keys go in two rows of six there. A digit's line in Noto Sans CJK
// is 1.45 times its size: the keys give it their whole height (no padding, no extra line
// spacing), so a shrunk key still holds its digit.
GridLayout {
    id: pad
    property string extraKey: ""   // "X" for ID numbers, "." for amounts, "-" for dates
    signal typed(string key)
    signal erase()
    columns: app.orientation === "landscape" ? 6 : 3
    rowSpacing: Theme.gap
    columnSpacing: Theme.gap
    Repeater {
        model: ["1", "2", "3", "4", "5", "6", "7", "8", "9"]
        KButton {
            objectName: "key-" + modelData
            Layout.fillWidth: true
            Layout.fillHeight: true
            Layout.minimumHeight: Theme.minTarget
            Layout.maximumHeight: Theme.buttonHeight
            text: modelData
            font.pixelSize: Theme.headingSize
            lineSpacing: 1; topPadding: 0; bottomPadding: 0  // see above
            onClicked: pad.typed(modelData)
        }
    }
    KButton {
        objectName: "key-extra"
        Layout.fillWidth: true
        Layout.fillHeight: true
        Layout.minimumHeight: Theme.minTarget
        Layout.maximumHeight: Theme.buttonHeight
        text: pad.extraKey
        enabled: pad.extraKey.length > 0
        opacity: enabled ? 1 : 0
        font.pixelSize: Theme.headingSize
        lineSpacing: 1; topPadding: 0; bottomPadding: 0
        onClicked: pad.typed(pad.extraKey)
    }
    KButton {
        objectName: "key-0"
        Layout.fillWidth: true
        Layout.fillHeight: true
        Layout.minimumHeight: Theme.minTarget
        Layout.maximumHeight: Theme.buttonHeight
        text: "0"
        font.pixelSize: Theme.headingSize
        lineSpacing: 1; topPadding: 0; bottomPadding: 0
        onClicked: pad.typed("0")
    }
    KButton {
        objectName: "key-erase"
        Layout.fillWidth: true
        Layout.fillHeight: true
        Layout.minimumHeight: Theme.minTarget
        Layout.maximumHeight: Theme.buttonHeight
        text: qsTr("删除")
        onClicked: pad.erase()
    }
}
