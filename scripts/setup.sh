#!/usr/bin/env bash
# Installs everything the kiosk and its tests need on a fresh Debian 12 machine:
# system libraries (Qt, fonts, PC/SC), then a Python virtual environment in .venv.
# Safe to run again; it only adds what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

SYSTEM_PACKAGES=(
  # Python and building pyscard
  python3 python3-venv python3-dev gcc swig libpcsclite-dev pcscd
  # Receipt printers on USB (pyusb) and through CUPS (building pycups); the CUPS tests
  # run their own cupsd on a private socket (nothing system-wide is configured)
  libusb-1.0-0 libcups2-dev cups-daemon
  # The card tests' real PC/SC stack: pcscd's virtual reader, then unshare and ip for a
  # private pcscd in mount and network namespaces of its own (tests/devices/pcsc_stack.py)
  vsmartcard-vpcd util-linux iproute2
  # Voice guidance: speech-dispatcher with espeak-ng's voices (Mandarin "cmn"), spoken to
  # over its socket (drivers/speaker/dispatcher.py); PulseAudio and its tools for the
  # speech tests' private audio server, null sink and recorder (tests/devices/audio_stack.py)
  speech-dispatcher speech-dispatcher-espeak-ng espeak-ng pulseaudio pulseaudio-utils
  # An installed terminal (deploy/): the kiosk full screen under cage, which needs Xwayland
  # (its package does not pull it in); the tests start it headless as an unprivileged user
  # (tests/deploy/test_cage_first_frame.py), and install a terminal into a temporary root
  # with shadow's useradd --prefix and systemd's systemctl --root, systemd-analyze verify,
  # and the timesyncd unit it enables
  cage xwayland passwd systemd systemd-timesyncd
  # Libraries the Qt wheels load (libwayland-*: Qt's Wayland platform, under cage)
  libegl1 libgl1 libxkbcommon0 libfontconfig1 libdbus-1-3 libpulse0 libspeechd2
  libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0
  libxcb-xkb1 libxkbcommon-x11-0 libxcb-randr0 libxcb-shape0 libxcb-xinerama0 libpipewire-0.3-0
  libwayland-client0 libwayland-cursor0 libwayland-egl1
  # The screen-reader test (tests/e2e/test_screen_reader_atspi.py): an X server, a private
  # D-Bus session bus, the AT-SPI bus and registry, and Debian's pyatspi as the screen
  # reader's side (run with the system python3, not the venv)
  xvfb dbus-daemon at-spi2-core python3-pyatspi
  # Closing the demo's window as a window manager does (tests/e2e/test_stopping.py)
  python3-xlib
  # Chinese text on screen and on paper previews: Noto Sans CJK SC, named by the kiosk
  # (drivers/fonts.py); fontconfig's fc-list finds its files for the receipt pictures
  fonts-noto-cjk fontconfig
  # A second Chinese font, for the test that the screens look the same when a machine
  # prefers another one (tests/ui/test_fonts.py); the kiosk itself never uses it
  fonts-wqy-microhei
  # The A4 printer tests (tests/devices/ipp_stack.py): CUPS's own IPP Everywhere printer
  # ippeveprinter, which will not start without avahi-daemon on a system bus (the tests
  # start a private dbus-daemon and avahi-daemon themselves)
  cups-ipp-utils avahi-daemon
  # The A4 proof tests read the PDFs back as a reader would: pdftotext (the text layer,
  # digits included) and pdftoppm (page images whose QR the tests decode)
  poppler-utils
  # Handwriting (kiosk/handwriting/): the Zinnia recognizer and Tegaki's simplified-Chinese
  # model for it, and Unihan's stroke counts and character frequencies (unicode-data)
  libzinnia0 tegaki-zinnia-simplified-chinese unicode-data
  # The central platform's tests on PostgreSQL start a server of their own from Debian's
  # programs (/usr/lib/postgresql/*/bin: initdb, pg_ctl) in a temporary directory, as
  # nobody through runuser; Debian's own cluster is neither needed nor created (below)
  postgresql
)

missing=()
for pkg in "${SYSTEM_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update
  if [[ " ${missing[*]} " == *" postgresql "* ]]; then
    # Debian makes and starts a "main" cluster when the server is installed, unless told
    # not to first: nothing here uses it (the tests start their own), so it is not made.
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends \
      postgresql-common
    $SUDO sed -ri 's/^#?[[:space:]]*(create_main_cluster)[[:space:]]*=.*$/\1 = false/' \
      /etc/postgresql-common/createcluster.conf
  fi
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends "${missing[@]}"
fi

PYTHON="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
stamp=.venv/.installed-$(sha256sum pyproject.toml | cut -c1-16)
if [ ! -f "$stamp" ]; then
  .venv/bin/python -m pip install --quiet --upgrade pip
  .venv/bin/python -m pip install --quiet -e ".[dev,central,printer-usb,printer-cups]"
  rm -f .venv/.installed-*
  touch "$stamp"
fi
bash scripts/update-translations.sh --release-only  # compile ui/i18n/*.qm from the committed .ts
# Byte-compile the project as an installed package would be (an editable install is not,
# and with PYTHONDONTWRITEBYTECODE set every start would compile it again).
.venv/bin/python -m compileall -q kiosk drivers offline_cache ui central > /dev/null
