import QtQuick
import ".."

// An icon from the vendored set (qml/icons), drawn in a theme colour at `size`.
// Decorative: the words beside it name the thing, so screen readers skip it.
Image {
    id: icon
    property string name: ""
    property color color: Theme.text
    property real size: Theme.iconSize
    visible: name.length > 0
    width: size
    height: size
    sourceSize: Qt.size(Math.round(size), Math.round(size))
    fillMode: Image.PreserveAspectFit
    // '#' would start the URL's fragment: the colour goes as bare hex.
    source: name.length ? "image://icons/" + name + "/" + String(color).slice(1) : ""
    Accessible.ignored: true
}
