import QtQuick
import QtQuick.Layouts
import ".."

// A dimmed layer with a card in the middle; it takes every touch behind it.
Rectangle {
    id: overlay
    default property alias content: card.data
    readonly property bool overlay: true  // the keypad reaches only the card's controls
    color: Theme.scrim
    MouseArea { anchors.fill: parent }
    Rectangle {
        id: card
        anchors.centerIn: parent
        width: parent.width - 2 * Theme.margin
        height: childrenRect.height + 2 * Theme.margin
        radius: Theme.radius
        color: Theme.background
    }
}
