import QtQuick
import ".."

Words {
    font.pixelSize: Theme.bodySize
    color: Theme.text
    wrapMode: Text.Wrap
    lineHeight: Theme.lineSpacing
}
