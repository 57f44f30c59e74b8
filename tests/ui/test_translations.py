"""The English translation: complete, current, and what a resident sees after switching.

The committed `ui/i18n/kiosk_en.ts` is checked against a fresh extraction of today's
source, so a new Chinese string anywhere (core, view-model or screen) without an English
translation fails here. The fix is always the same: run
`scripts/update-translations.sh`, translate what it marks unfinished, run it again.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtQml import QQmlComponent, QQmlEngine

from kiosk import validators
from kiosk.app import PRINTER_PROBLEMS, RECEIPT_NOT_PRINTED
from kiosk.i18n import QT_TRANSLATE_NOOP
from tests.ui.fixtures import TEXT_CLASSES, tour
from ui.i18n import LANGUAGES, TRANSLATIONS_DIR, Translations, tr_message
from ui.scene import is_within

ROOT = Path(__file__).resolve().parents[2]
TS = TRANSLATIONS_DIR / "kiosk_en.ts"
SCRIPT = ROOT / "scripts" / "update-translations.sh"
QT_BIN = Path(sys.executable).parent  # the venv's pyside6-lupdate and pyside6-lrelease
FIX = "run scripts/update-translations.sh and translate the new messages"
# Python's {name} and QML's %1: both must survive translation exactly.
PLACEHOLDER = re.compile(r"\{\w*\}|%L?\d+")


def messages(ts: Path, *, include_gone: bool = False) -> list[tuple[str, str, ET.Element]]:
    """(context, source, <translation>) of every message; vanished/obsolete ones (kept
    only so a returning string gets its old translation back) only if asked."""
    found = []
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name")
        for message in context.iter("message"):
            translation = message.find("translation")
            gone = translation.get("type") in ("vanished", "obsolete")
            if include_gone or not gone:
                found.append((name, message.findtext("source"), translation))
    return found


def run_script(*args: str) -> None:
    subprocess.run(["bash", str(SCRIPT), *args], check=True, cwd=ROOT,
                   env={**os.environ, "BIN": str(QT_BIN)},
                   capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def compiled(tmp_path_factory) -> Path:
    """The committed .ts compiled the way setup.sh compiles it, into a fresh directory."""
    out = tmp_path_factory.mktemp("i18n")
    subprocess.run([str(QT_BIN / "pyside6-lrelease"), "-silent", "-nounfinished",
                    str(TS), "-qm", str(out / "kiosk_en.qm")], check=True, timeout=60)
    return out


@pytest.fixture
def translations(qapp, compiled):
    engine = QQmlEngine()
    made = Translations(qapp, engine, directory=compiled)
    yield made
    made.set_language("zh_CN")  # the application's translator is shared by every test
    engine.deleteLater()


def test_every_message_has_an_english_translation():
    untranslated = [(c, s) for c, s, t in messages(TS)
                    if t.get("type") == "unfinished" or not (t.text or "").strip()]
    assert len(messages(TS)) > 200
    assert untranslated == [], f"not translated yet ({FIX}): {untranslated}"


def test_placeholders_survive_translation():
    broken = [(c, s, t.text) for c, s, t in messages(TS, include_gone=True)
              if t.text and sorted(PLACEHOLDER.findall(s)) != sorted(PLACEHOLDER.findall(t.text))]
    assert broken == []


def test_english_is_plain_and_never_blames():
    """The kiosk style: no "invalid"/"illegal"/"error" wording, no leftover Chinese
    except quoted search examples the resident can type as they are."""
    harsh = [(s, t.text) for _, s, t in messages(TS)
             if re.search(r"\b(invalid|illegal|error|wrong input|failed)\b", t.text or "", re.I)]
    assert harsh == []
    chinese = re.compile(r"[\u4e00-\u9fff]")
    untranslated = [t.text for _, s, t in messages(TS)
                    if chinese.search(re.sub(r"“[^”]*”", "", t.text or ""))]
    assert untranslated == []


def test_translation_file_is_current(tmp_path):
    fresh = tmp_path / "fresh.ts"
    run_script("--extract-to", str(fresh))
    in_source = {(c, s) for c, s, _ in messages(fresh)}
    committed = {(c, s) for c, s, _ in messages(TS)}
    assert len(in_source) > 200, "the extraction found too few strings"
    assert sorted(in_source - committed) == [], f"new strings not in kiosk_en.ts: {FIX}"
    assert sorted(committed - in_source) == [], f"strings gone from the source: {FIX}"


def test_core_strings_are_extracted_from_python():
    """lupdate reads the core's QT_TRANSLATE_NOOP("context", "text") calls."""
    committed = {(c, s) for c, s, _ in messages(TS)}
    assert ("validators", "身份证号码应为18位，您输入了{count}位，请核对后补全。") in committed
    assert ("kiosk", "缺纸") in committed
    assert ("receipt", "请妥善保管本回执。") in committed


def test_shipped_qm_matches_the_ts(compiled):
    """What setup.sh compiled into ui/i18n is what the committed .ts says."""
    shipped = TRANSLATIONS_DIR / "kiosk_en.qm"
    assert shipped.exists(), "run scripts/setup.sh (or update-translations.sh --release-only)"
    assert shipped.read_bytes() == (compiled / "kiosk_en.qm").read_bytes(), \
        "ui/i18n/kiosk_en.qm is stale: run scripts/update-translations.sh --release-only"


def test_core_message_in_both_languages(translations):
    error = validators.check_id_number("123")
    assert translations.language == "zh_CN"
    assert tr_message(error) == "身份证号码应为18位，您输入了3位，请核对后补全。"

    translations.set_language("en")
    assert translations.language == "en"
    assert tr_message(error) == \
        "An ID number has 18 characters. You have entered 3. Please check and complete it."

    translations.set_language("zh_CN")
    assert tr_message(error) == "身份证号码应为18位，您输入了3位，请核对后补全。"


def test_message_inside_a_message_is_translated_too(translations):
    from drivers.base import DeviceState

    message = RECEIPT_NOT_PRINTED.format(problem=PRINTER_PROBLEMS[DeviceState.PAPER_OUT])
    translations.set_language("en")
    assert tr_message(message).startswith(
        "The receipt could not be printed (printer: out of paper).")


def test_plain_text_passes_through(translations):
    translations.set_language("en")
    assert tr_message("居民身份证换领") == "居民身份证换领"  # catalogue data stays as it is
    assert tr_message("") == ""
    unknown = QT_TRANSLATE_NOOP("nowhere", "没有翻译的{x}").format(x=1)
    assert tr_message(unknown) == "没有翻译的1"  # no translation: the Chinese, filled in


def test_switching_retranslates_the_screens(translations, qtbot, tmp_path):
    """A QML binding with qsTr changes language on the spot, and back."""
    component = QQmlComponent(translations.parent())
    qml = 'import QtQml\nQtObject { property string label: qsTr("完成") }'
    component.setData(qml.encode(), QUrl.fromLocalFile(str(tmp_path / "EndScreen.qml")))
    item = component.create()
    assert item is not None, component.errorString()
    assert item.property("label") == "完成"

    with qtbot.waitSignal(translations.languageChanged) as switched:
        translations.set_language("en")
    assert switched.args == ["en"]
    assert item.property("label") == "Done"

    translations.set_language("zh_CN")
    assert item.property("label") == "完成"
    item.deleteLater()


def test_unknown_language_is_refused(translations):
    with pytest.raises(ValueError):
        translations.set_language("fr")
    assert translations.language == "zh_CN"
    assert LANGUAGES == {"zh_CN": "中文", "en": "English"}


def shown_texts(t) -> list[str]:
    """Every text on the screen and its overlays, in the order of the item tree, also
    what is scrolled out of view (a longer English text may push it there)."""
    keyboard = t.keyboard()
    return [i.property("text") for i in t.visible_items()
            if any(i.inherits(c) for c in TEXT_CLASSES) and i.property("text")
            and not is_within(i, keyboard)]


@pytest.mark.slow
def test_no_screen_shows_two_different_things_in_the_same_english(make_terminal):
    """The tour twice, in Chinese and in English. Where two Chinese texts that the
    translation gives the same English are both on a screen in Chinese, and that English
    is on it in English, the resident meets two different things under one name ("首页"
    and "开始办理" were both "Start")."""
    sources: dict[str, set[str]] = {}
    for _, source, translation in messages(TS):
        sources.setdefault((translation.text or "").strip(), set()).add(source)
    shared = {english: zh for english, zh in sources.items() if english and len(zh) > 1}

    screens: dict[str, dict[str, set[str]]] = {"zh_CN": {}, "en": {}}
    for language in screens:
        t = make_terminal(fake_clock=True)

        def visit(label: str, t=t, language=language) -> None:
            if t.vm.language == language:
                screens[language][label] = set(shown_texts(t))

        tour(t, visit, english=language == "en")
        t.close()

    assert len(screens["en"]) > 30, "the tour reached too few screens in English"
    clashes = []
    for label, english in screens["en"].items():
        if label not in screens["zh_CN"]:
            continue  # shown in English only (a view that scrolls there, longer words)
        chinese = screens["zh_CN"][label]
        for text, zh in shared.items():
            both = sorted(zh & chinese)
            if text in english and len(both) > 1:
                clashes.append(f"{label}: {both} all read {text!r}")
    assert clashes == [], "\n".join(clashes)
