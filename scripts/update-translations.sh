#!/usr/bin/env bash
# Translations: Simplified Chinese source text, English in ui/i18n/kiosk_en.ts.
#
#   scripts/update-translations.sh                 extract every string into kiosk_en.ts
#                                                  (keeps translations, marks vanished
#                                                  ones), then compile kiosk_en.qm
#   scripts/update-translations.sh --release-only  only compile kiosk_en.qm
#   scripts/update-translations.sh --extract-to F  write a fresh .ts of today's strings
#                                                  to F, nothing else (the test's check)
#
# Strings come from the core (kiosk/**/*.py: QT_TRANSLATE_NOOP), the view-models
# (ui/**/*.py: self.tr, QCoreApplication.translate) and the screens (ui/qml/**/*.qml:
# qsTr, qsTranslate). After extracting, translate the new messages in Qt Linguist
# (.venv/bin/pyside6-linguist ui/i18n/kiosk_en.ts) or in the XML itself.
set -euo pipefail
cd "$(dirname "$0")/.."

BIN=${BIN:-.venv/bin}  # where pyside6-lupdate and pyside6-lrelease live
TS=ui/i18n/kiosk_en.ts
QM=ui/i18n/kiosk_en.qm

release() {
  # -nounfinished: a translation still marked unfinished shows the Chinese instead.
  "$BIN/pyside6-lrelease" -silent -nounfinished "$TS" -qm "$QM"
}

sources() {
  find kiosk ui -name '*.py' -not -path '*/__pycache__/*' | LC_ALL=C sort
  find ui/qml -name '*.qml' | LC_ALL=C sort
}

extract() {  # extract <ts file> <extra lupdate options...>
  local target=$1
  shift
  mapfile -t files < <(sources)
  "$BIN/pyside6-lupdate" -silent -source-language zh_CN -target-language en "$@" \
    "${files[@]}" -ts "$target"
}

case "${1:-}" in
  --release-only)
    release
    ;;
  --extract-to)
    [ -n "${2:-}" ] || { echo "usage: $0 --extract-to FILE.ts" >&2; exit 2; }
    rm -f "$2"
    extract "$2" -locations none
    ;;
  "")
    extract "$TS" -locations relative
    release
    grep -q 'type="unfinished"' "$TS" \
      && echo "$TS: some messages still need an English translation" >&2
    exit 0
    ;;
  *)
    echo "usage: $0 [--release-only | --extract-to FILE.ts]" >&2
    exit 2
    ;;
esac
