import QtQuick

// Deliberately broken, for tests/ui/test_screens.py: a binding to an object that does
// not exist. It loads, and evaluating the binding logs a ReferenceError warning.
Item {
    width: noSuchObject.width
}
