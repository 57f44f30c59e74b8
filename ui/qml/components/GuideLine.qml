import QtQuick
import ".."

// One line of a guide: a section's title, or one of its points.
Words {
    property var line: ({})
    accessibleRole: line.title ? Accessible.Heading : Accessible.Paragraph
    text: line.text || ""
    font.pixelSize: line.title ? Theme.headingSize : Theme.bodySize
    font.bold: line.title === true
    color: Theme.text
    wrapMode: Text.Wrap
    lineHeight: line.title ? 1.0 : Theme.lineSpacing
    topPadding: line.title ? Theme.gap / 2 : 0
}
