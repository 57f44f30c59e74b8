"""What a resident reads of a catalogue item, in the language on screen.

The catalogue's own language is Chinese; an item of schema version 2 may carry English
text (`ServiceItem.english`). In English, each part shows in English where the item has
it and in Chinese where it has not, and `all_english` tells the screen whether to say so.
Journeys, submissions and receipts keep the Chinese: the platform's words are the record.
"""

from __future__ import annotations

from kiosk.catalogue.model import Choice, FormField, Material, ServiceItem


class ItemWording:
    def __init__(self, item: ServiceItem, language: str):
        self.item = item
        self.english = item.english if language == "en" else None
        self._in_english = language == "en"
        self._fell_back = False

    def _pick(self, english: str | None, chinese: str) -> str:
        if not self._in_english or not chinese:
            return chinese
        if english:
            return english
        self._fell_back = True
        return chinese

    @property
    def all_english(self) -> bool:
        """In English: was every part asked for so far given in English?"""
        return self._in_english and self.english is not None and not self._fell_back

    @property
    def name(self) -> str:
        return self._pick(self.english and self.english.name, self.item.name)

    @property
    def department(self) -> str:
        return self._pick(self.english and self.english.department, self.item.department)

    @property
    def summary(self) -> str:
        return self._pick(self.english and self.english.summary, self.item.summary)

    @property
    def conditions(self) -> list[str]:
        english = self.english.conditions if self.english else None
        return self._lines(english, self.item.conditions)

    @property
    def process(self) -> list[str]:
        english = self.english.process if self.english else None
        return self._lines(english, self.item.process)

    def _lines(self, english: tuple[str, ...] | None, chinese: tuple[str, ...]) -> list[str]:
        if english is not None and len(english) == len(chinese):
            return list(english)
        return [self._pick(None, line) for line in chinese]

    def material(self, material: Material) -> str:
        english = self.english.materials if self.english else None
        if english is not None:
            for position, m in enumerate(self.item.materials):
                if m is material or m.name == material.name:
                    return english[position]
        return self._pick(None, material.name)

    def field_label(self, form_field: FormField) -> str:
        english = self.english.field_labels.get(form_field.key) if self.english else None
        return self._pick(english, form_field.label)

    def field_help(self, form_field: FormField) -> str:
        english = self.english.field_help.get(form_field.key) if self.english else None
        return self._pick(english, form_field.help)

    def chinese_only(self, text: str) -> str:
        """Catalogue text the item schema carries no English for (a material's note,
        where to bring it): shown as it is, and on an English screen it counts as Chinese."""
        return self._pick(None, text)

    def choice(self, form_field: FormField, choice: Choice) -> str:
        english = (self.english.choice_labels.get((form_field.key, choice.value))
                   if self.english else None)
        return self._pick(english, choice.label)
