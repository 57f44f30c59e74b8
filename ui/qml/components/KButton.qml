import QtQuick
import QtQuick.Controls.Basic
import ".."
import "spoken.js" as Spoken

// The one button: large, labelled in words, primary (filled) or secondary (outlined).
// `kioskControl` lets the tour and burn-in find every control a finger can press.
// `iconName` names a picture from the icon set, drawn beside the words (above them with
// `iconAbove`, on large tiles); the words always stay, and stay the button's name for
// assistive technology. `ink`, `edge` and `fill` recolour one button (rating levels).
Button {
    id: control
    property bool primary: false
    property bool danger: false
    property bool kioskControl: true
    property string iconName: ""
    property bool iconAbove: false
    property real iconSize: iconAbove ? Theme.tileIconSize : Theme.iconSize
    property color ink: danger ? Theme.error : Theme.text  // words and icon, when not primary
    property color edge: danger ? Theme.error : Theme.outline
    property color fill: Theme.primary
    readonly property color foreground: primary ? Theme.textOnPrimary : ink
    property real lineSpacing: 1.1  // of its words' lines
    // Taller when the words take two lines (rating levels, long labels in elder mode).
    implicitHeight: Math.max(Theme.buttonHeight, contentItem.implicitHeight + 2 * Theme.gap)
    implicitWidth: Math.max(Theme.buttonHeight * 2.2, contentItem.implicitWidth + 2 * Theme.margin)
    font.pixelSize: Theme.bodySize
    font.bold: primary
    focusPolicy: Qt.TabFocus  // the keypad's; a touch never moves the focus
    Accessible.role: Accessible.Button
    Accessible.name: Spoken.spoken(text)

    contentItem: Item {
        readonly property bool hasIcon: control.iconName.length > 0
        readonly property real spacing: hasIcon ? Theme.gap / 2 : 0
        readonly property real iconRoom: hasIcon ? control.iconSize : 0
        implicitWidth: control.iconAbove ? Math.max(iconRoom, label.implicitWidth)
                                         : iconRoom + spacing + label.implicitWidth
        implicitHeight: control.iconAbove ? iconRoom + spacing + label.implicitHeight
                                          : Math.max(iconRoom, label.implicitHeight)

        Icon {
            id: picture
            name: control.iconName
            size: control.iconSize
            color: control.foreground
            opacity: control.enabled ? 1 : 0.45
            x: control.iconAbove ? (parent.width - width) / 2
                                 : (parent.width - parent.iconRoom - parent.spacing - label.width) / 2
            y: control.iconAbove ? (parent.height - parent.implicitHeight) / 2
                                 : (parent.height - height) / 2
        }
        Text {
            id: label
            Accessible.ignored: true  // the button itself carries its words
            text: control.text
            textFormat: Text.PlainText  // a service's name is catalogue text: never HTML
            font: control.font
            color: control.foreground
            horizontalAlignment: Text.AlignHCenter
            verticalAlignment: Text.AlignVCenter
            wrapMode: Text.Wrap
            lineHeight: control.lineSpacing
            width: control.iconAbove ? parent.width
                                     : Math.min(implicitWidth, parent.width - parent.iconRoom - parent.spacing)
            height: control.iconAbove ? implicitHeight : parent.height
            x: control.iconAbove ? 0 : picture.x + parent.iconRoom + parent.spacing
            y: control.iconAbove ? picture.y + parent.iconRoom + parent.spacing : 0
        }
    }
    background: Rectangle {
        radius: Theme.radius
        color: control.primary ? (control.down ? Qt.darker(control.fill, 1.3) : control.fill)
                               : (control.down ? Theme.surface : Theme.background)
        border.width: Theme.border
        border.color: control.primary ? control.fill : control.edge
        opacity: control.enabled ? 1 : 0.45
    }
    FocusRing { objectName: "focus-ring" }
}
