"""The resident's language: Simplified Chinese source text, English from `ui/i18n/`.

Every string a resident sees is written in Chinese and translated through Qt: QML with
`qsTr`, view-models with `QCoreApplication.translate`, and the core's `Message`s (made
by `kiosk.i18n.QT_TRANSLATE_NOOP`) with `tr_message` here. `Translations` switches the
whole application at once: it installs or removes the English `QTranslator` and asks the
QML engine to re-evaluate every `qsTr` binding.

`scripts/update-translations.sh` extracts the strings into `ui/i18n/kiosk_en.ts` and
compiles `kiosk_en.qm` next to it (`scripts/setup.sh` compiles it on every machine).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Property, QCoreApplication, QObject, QTranslator, Signal
from PySide6.QtQml import QQmlEngine

from kiosk.i18n import Message

LANGUAGES = {"zh_CN": "中文", "en": "English"}
SOURCE_LANGUAGE = "zh_CN"
TRANSLATIONS_DIR = Path(__file__).with_name("i18n")


def tr_message(message: str) -> str:
    """A core `Message` in the current language, its `{name}` placeholders filled.

    The translation is looked up by the message's context and unformatted template, so
    a formatted message ("身份证号码应为18位，您输入了3位") still finds its English.
    Values that are `Message`s themselves are translated too. A plain str (catalogue
    data, a name the resident typed) passes through unchanged.
    """
    if not isinstance(message, Message):
        return message
    text = QCoreApplication.translate(message.context, message.template)
    if not message.values:
        return text
    values = {name: tr_message(value) if isinstance(value, Message) else value
              for name, value in message.values.items()}
    return text.format(**values)


class Translations(QObject):
    """Which language the screens speak; one per QML engine.

    `set_language("en")` installs the compiled English translation on the application;
    `set_language("zh_CN")` removes it (Chinese is the source text, nothing to load).
    The translator is a child of this object and this object a child of the engine,
    so closing the screens also takes the translation off the application.
    """

    languageChanged = Signal(str)  # noqa: N815 - Qt's naming, read from QML

    def __init__(self, app: QCoreApplication, engine: QQmlEngine | None = None, *,
                 directory: Path | None = None):
        """`directory` holds `kiosk_<code>.qm`; tests point it at a fresh build."""
        super().__init__(engine)
        self._app = app
        self._engine = engine
        self._directory = Path(directory) if directory else TRANSLATIONS_DIR
        self._language = SOURCE_LANGUAGE
        self._translator: QTranslator | None = None

    def _get_language(self) -> str:
        return self._language

    language = Property(str, _get_language, notify=languageChanged)

    def set_language(self, code: str) -> None:
        """Switch every screen to `code` (a key of LANGUAGES)."""
        if code not in LANGUAGES:
            raise ValueError(f"unknown language {code!r}; known: {', '.join(LANGUAGES)}")
        if code == self._language:
            return
        translator = None
        if code != SOURCE_LANGUAGE:
            translator = QTranslator(self)
            path = self._directory / f"kiosk_{code}.qm"
            if not translator.load(str(path)):
                translator.deleteLater()
                raise FileNotFoundError(
                    f"no compiled translation at {path}; "
                    "run scripts/update-translations.sh --release-only")
        if self._translator is not None:
            self._app.removeTranslator(self._translator)
            self._translator.deleteLater()
        self._translator = translator
        if translator is not None:
            self._app.installTranslator(translator)
        self._language = code
        if self._engine is not None:
            self._engine.setUiLanguage(code)
            self._engine.retranslate()
        self.languageChanged.emit(code)
