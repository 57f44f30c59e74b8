import QtQuick

// Any words on a resident's screen: exposed to assistive technology as what they are (a
// heading, an alert, or plain text), named by the words themselves. Screens use this,
// BodyText or a heading, never a bare Text, so a screen reader reaches every line.
Text {
    property int accessibleRole: Accessible.StaticText
    Accessible.role: accessibleRole
    Accessible.name: text.replace(/[▶◀▼▲]/g, "").trim()  // a sign is not read out
}
