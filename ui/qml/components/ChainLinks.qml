import QtQuick
import QtQuick.Layouts
import ".."

// The links of a life event on its confirmation, in order: each one's name, its tracking
// number to note down, its department, and which link it waits on.
ColumnLayout {
    id: chain
    property var links: []
    spacing: Theme.gap / 2
    BodyText {
        Layout.fillWidth: true
        text: qsTr("一次提交了%1项，每项有自己的受理编号（请记下或拍照）：").arg(chain.links.length)
    }
    Repeater {
        model: chain.links
        Rectangle {
            objectName: "link-" + index
            Layout.fillWidth: true
            Layout.preferredHeight: linkLines.implicitHeight + Theme.gap
            color: Theme.surface
            radius: Theme.radius
            Column {
                id: linkLines
                x: Theme.gap
                y: Theme.gap / 2
                width: parent.width - 2 * Theme.gap
                Words {
                    width: parent.width
                    text: modelData.n + ". " + modelData.service
                    font.pixelSize: Theme.bodySize
                    font.bold: true
                    color: Theme.text
                    wrapMode: Text.Wrap
                }
                Words {
                    objectName: "link-number-" + index
                    width: parent.width
                    text: modelData.trackingNumber
                    font.pixelSize: Theme.headingSize
                    font.bold: true
                    color: Theme.primary
                    fontSizeMode: Text.HorizontalFit
                    minimumPixelSize: Theme.smallSize
                }
                Words {
                    objectName: "link-waits-" + index
                    width: parent.width
                    text: [modelData.department, modelData.waitsOn,
                           modelData.promisedBy ? qsTr("预计办结：%1").arg(modelData.promisedBy) : ""]
                          .filter(s => s.length > 0).join(qsTr("；"))
                    font.pixelSize: Theme.smallSize
                    color: Theme.text
                    wrapMode: Text.Wrap
                }
            }
        }
    }
}
