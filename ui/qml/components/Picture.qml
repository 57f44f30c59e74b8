import QtQuick
import ".."

// An illustration from qml/pictures (where a card or a paper goes), in the theme's
// colours, `height` tall at its own proportions. Decorative for screen readers: the
// words beside it say the same.
Image {
    id: picture
    property string name: ""
    objectName: "picture-" + name
    height: Theme.pictureHeight
    // Only the height is asked for: the provider keeps the drawing's proportions.
    sourceSize: Qt.size(0, Math.round(height))
    fillMode: Image.PreserveAspectFit
    function hex(colour) { return String(colour).slice(1) }  // '#' would start a fragment
    source: name.length ? "image://pictures/%1/%2/%3/%4".arg(name).arg(hex(Theme.text))
                                  .arg(hex(Theme.primary)).arg(hex(Theme.surface)) : ""
    Accessible.ignored: true
}
