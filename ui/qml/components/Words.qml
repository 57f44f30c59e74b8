import QtQuick
import "spoken.js" as Spoken

// Any words on a resident's screen: exposed to assistive technology as what they are (a
// heading, an alert, or a plain line), named by the words themselves. Screens use this,
// BodyText or a heading, never a bare Text, so a screen reader reaches every line.
// A plain line is a paragraph, not static text: Qt reports every StaticText item as
// focusable (whatever Accessible.focusable says), and a screen reader's tab and browse
// modes would stop on each line as if it were a control.
// Always plain text: the words come from the catalogue and the platform, and Qt's default
// would take anything that looks like HTML as rich text (drawing pictures from files,
// fetching them from the network, big red "pay at window 3").
Text {
    textFormat: Text.PlainText
    property int accessibleRole: Accessible.Paragraph
    Accessible.role: accessibleRole
    Accessible.name: Spoken.spoken(text)
}
