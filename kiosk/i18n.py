"""Resident-facing text in the core, without Qt.

The core speaks to residents in Simplified Chinese source strings, each written as
`QT_TRANSLATE_NOOP("context", "text")`. `pyside6-lupdate` finds these calls by name and
the screens translate them with `QCoreApplication.translate(msg.context, msg)`; the core
itself never imports Qt. The call returns a `Message`: a `str` that remembers its context.
"""

from __future__ import annotations


class Message(str):
    """Chinese source text for a resident, carrying its translation context."""

    context: str
    template: str  # the source text before formatting: what a translation is looked up by
    values: dict[str, object]

    def __new__(cls, context: str, text: str) -> Message:
        self = super().__new__(cls, text)
        self.context = context
        self.template = text
        self.values = {}
        return self

    def format(self, **values: object) -> Message:
        """Fill `{name}` placeholders; the UI translates `template`, then formats."""
        filled = Message(self.context, self.template.format(**values))
        filled.template = self.template
        filled.values = dict(values)
        return filled


def QT_TRANSLATE_NOOP(context: str, text: str) -> Message:  # noqa: N802 - lupdate's name
    return Message(context, text)
