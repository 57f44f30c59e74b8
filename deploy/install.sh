#!/usr/bin/env bash
# Installs the kiosk as a Debian 12 terminal's only application (see the README's
# "Deploying a terminal"). As root, from a checkout of the repository:
#
#   bash deploy/install.sh [--from DIR] [--root DIR] [--skip-packages]
#
#   --from DIR       where the application comes from: a folder of wheels (a release,
#                    installed with --no-index), or a source tree; default: this checkout
#   --root DIR       install into another root (an image being built, or a test's folder);
#                    default /. Only with --skip-packages, as apt and pip work on / alone
#   --skip-packages  no apt-get and no application virtual environment: everything else
#                    (user, folders, configuration, units) is set up
#
# Safe to run again (an update from a newer checkout): the configuration, the keys and the
# data directory are kept; owners and modes are put right.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=/
SOURCE=$(dirname "$HERE")
SKIP_PACKAGES=0

die() { echo "install.sh: $*" >&2; exit 2; }

while [ $# -gt 0 ]; do
  case "$1" in
    --root) [ $# -ge 2 ] || die "--root needs a folder"; ROOT=$2; shift 2 ;;
    --root=*) ROOT=${1#--root=}; shift ;;
    --from) [ $# -ge 2 ] || die "--from needs a folder"; SOURCE=$2; shift 2 ;;
    --from=*) SOURCE=${1#--from=}; shift ;;
    --skip-packages) SKIP_PACKAGES=1; shift ;;
    -h|--help) awk 'NR > 1 && !/^#/ { exit } NR > 1 { sub(/^# ?/, ""); print }' "$0"; exit 0 ;;
    *) die "unknown option $1 (see --help)" ;;
  esac
done

[ "$(id -u)" -eq 0 ] || die "run it as root (sudo bash deploy/install.sh)"
[ -d "$ROOT" ] || die "--root $ROOT is not a folder"
ROOT=$(cd "$ROOT" && pwd)
[ "$ROOT" = / ] || [ "$SKIP_PACKAGES" -eq 1 ] || \
  die "--root $ROOT needs --skip-packages: packages are installed into / only"
R=${ROOT%/}  # prefix for every path below: "" for /

APP=/opt/one-terminal-kiosk            # the application: releases/, current (a link), deploy/
CONF=/etc/one-terminal-kiosk           # kiosk.toml (root's, group kiosk, 0640)
KEYS=$CONF/keys                        # store keys, enrollment: the kiosk user's alone
DATA=/var/lib/one-terminal-kiosk       # the store: the kiosk user's alone
KIOSK_USER=kiosk
KIOSK_HOME=/home/kiosk                 # the audio server and speech-dispatcher keep state here
# Groups the kiosk user joins, for devices it opens itself (the seat's screen and input
# come from logind, through the kiosk's login session on tty1):
#   dialout  the ID card reader on a serial port (/dev/ttyUSB*)
#   lp       the receipt printer as a device file (/dev/usb/lp*)
#   video    the camera (/dev/video*)
#   render   the GPU's render node (/dev/dri/renderD*), for Qt's drawing
#   audio    the sound card, whichever console is active
DEVICE_GROUPS=(dialout lp video render audio)

# Debian packages the terminal needs at run time.
RUNTIME_PACKAGES=(
  # The compositor: cage runs one application full screen; it needs Xwayland, which its
  # package does not pull in
  cage xwayland
  # Debian's Python, from which the application's virtual environment is built
  python3 python3-venv
  # Libraries the Qt wheels load (libwayland-* for Qt's Wayland platform) and Mesa's drivers
  libegl1 libgl1 libgl1-mesa-dri libxkbcommon0 libfontconfig1 libdbus-1-3 libpulse0
  libwayland-client0 libwayland-cursor0 libwayland-egl1 libspeechd2 libpipewire-0.3-0
  # The Chinese font the screens name
  fonts-noto-cjk fontconfig
  # Devices: pcscd for the social security card reader, libusb and CUPS's library for the
  # receipt printer's usb and cups connections
  pcscd libusb-1.0-0 libcups2
  # Voice guidance: an audio server for the kiosk user (started with its login session)
  # and speech-dispatcher with espeak-ng's voices (started by the kiosk)
  pulseaudio speech-dispatcher speech-dispatcher-espeak-ng espeak-ng
  # Handwriting: the Zinnia recognizer, its simplified-Chinese model, Unihan's data
  libzinnia0 tegaki-zinnia-simplified-chinese unicode-data
  # The clock (receipts and tracking numbers carry the time), and udev for the touch rule
  systemd-timesyncd udev
)
# Building the application's C extensions (pyscard, pycups) from a source tree
BUILD_PACKAGES=(python3-dev gcc swig libpcsclite-dev libcups2-dev)

say() { echo "install.sh: $*"; }

install_packages() {
  local wanted=("${RUNTIME_PACKAGES[@]}")
  [ -f "$SOURCE/pyproject.toml" ] && wanted+=("${BUILD_PACKAGES[@]}")
  say "installing Debian packages"
  apt-get update -q
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${wanted[@]}"
}

# Users and groups: in another root, shadow's --prefix edits that root's /etc files.
prefix=()
[ "$ROOT" = / ] || prefix=(--prefix "$ROOT")

has_group() { grep -q "^$1:" "$R/etc/group"; }
has_user() { grep -q "^$1:" "$R/etc/passwd"; }

make_user() {
  local group
  for group in "${DEVICE_GROUPS[@]}"; do
    has_group "$group" || groupadd "${prefix[@]}" --system "$group"
  done
  local joined
  joined=$(IFS=,; echo "${DEVICE_GROUPS[*]}")
  if has_user "$KIOSK_USER"; then
    usermod "${prefix[@]}" --append --groups "$joined" "$KIOSK_USER"
  else
    useradd "${prefix[@]}" --system --user-group --groups "$joined" \
      --home-dir "$KIOSK_HOME" --shell /usr/sbin/nologin \
      --comment "One-terminal kiosk" "$KIOSK_USER"
  fi
  KIOSK_UID=$(awk -F: -v u="$KIOSK_USER" '$1 == u { print $3 }' "$R/etc/passwd")
  KIOSK_GID=$(awk -F: -v u="$KIOSK_USER" '$1 == u { print $4 }' "$R/etc/passwd")
}

# A folder with its owner and mode, put right when it exists already (its contents kept).
folder() {  # folder PATH MODE UID GID
  mkdir -p "$R$1"
  chown "$3:$4" "$R$1"
  chmod "$2" "$R$1"
}

# A file copied from deploy/, replaced on every run (it is ours, not the technician's).
put() {  # put SOURCE DEST MODE
  mkdir -p "$(dirname "$R$2")"
  install -m "$3" -o 0 -g 0 "$1" "$R$2"
}

make_folders() {
  # The kiosk switches the `current` link itself at a quiet moment after an update (and
  # keeps the update's state there); the versions under releases/ are root's alone.
  folder "$APP" 0775 0 "$KIOSK_GID"
  folder "$APP/releases" 0755 0 0
  folder "$KIOSK_HOME" 0700 "$KIOSK_UID" "$KIOSK_GID"
  folder "$CONF" 0750 0 "$KIOSK_GID"
  folder "$KEYS" 0700 "$KIOSK_UID" "$KIOSK_GID"
  folder "$DATA" 0700 "$KIOSK_UID" "$KIOSK_GID"
  if [ ! -e "$R$CONF/kiosk.toml" ]; then
    install -m 0640 -o 0 -g "$KIOSK_GID" "$HERE/kiosk.toml" "$R$CONF/kiosk.toml"
    say "wrote $CONF/kiosk.toml: set the terminal's id, location and devices there"
  else
    chown "0:$KIOSK_GID" "$R$CONF/kiosk.toml"
    chmod 0640 "$R$CONF/kiosk.toml"
  fi
}

# The version being installed: the release's wheel, or the source tree's pyproject.toml.
release_version() {
  local wheel
  wheel=$(compgen -G "$SOURCE/one_terminal_kiosk-*.whl" | head -n 1 || true)
  if [ -n "$wheel" ]; then
    basename "$wheel" | cut -d- -f2
  else
    /usr/bin/python3 -c 'import sys, tomllib; print(tomllib.load(open(sys.argv[1], "rb"))["project"]["version"])' "$SOURCE/pyproject.toml"
  fi
}

build_application() {
  # Each build is a release folder of its own, releases/VERSION+dTIME (kiosk/update/'s
  # layout: `current` links the one the service runs, `previous` the one before, INSTALLED
  # marks a whole one). The link is switched only once the build is complete: an
  # interrupted install leaves the running version as it was. (A venv cannot be moved
  # once built: its scripts name its path.)
  local version build previous
  version=$(release_version)
  build=$version+d$(date +%Y%m%d.%H%M%S)
  previous=$(readlink "$R$APP/current" 2> /dev/null || true)
  local venv=$R$APP/releases/$build
  say "building the application's environment in $APP/releases/$build from /usr/bin/python3"
  umask 022
  /usr/bin/python3 -m venv "$venv"
  local pip=("$venv/bin/python" -m pip install --quiet --disable-pip-version-check)
  local extras="[printer-usb,printer-cups]"
  if compgen -G "$SOURCE/one_terminal_kiosk-*.whl" > /dev/null; then
    # A release: every wheel it needs is in the folder; nothing is downloaded.
    "${pip[@]}" --no-index --find-links "$SOURCE" "one-terminal-kiosk$extras"
  elif [ -f "$SOURCE/pyproject.toml" ]; then
    "${pip[@]}" "$SOURCE$extras"
    # Compiled translations are not in the source tree: made from its .ts, into the
    # installed package
    local ui_dir
    ui_dir=$("$venv/bin/python" -c \
      'import importlib.util as u; print(u.find_spec("ui").submodule_search_locations[0])')
    "$venv/bin/pyside6-lrelease" -silent -nounfinished \
      "$SOURCE/ui/i18n/kiosk_en.ts" -qm "$ui_dir/i18n/kiosk_en.qm"
  else
    rm -rf "$venv"
    die "--from $SOURCE holds neither the application's wheels nor its source"
  fi
  echo "$build" > "$venv/INSTALLED"
  if [ -n "$previous" ]; then
    ln -sfn "$previous" "$R$APP/previous.switch"
    mv -T "$R$APP/previous.switch" "$R$APP/previous"
  fi
  ln -sfn "releases/$build" "$R$APP/current.switch"
  mv -T "$R$APP/current.switch" "$R$APP/current"
  # Kept: the one in use and the one before it; older builds and unfinished ones go.
  local old
  for old in "$R$APP"/releases/*; do
    case "releases/$(basename "$old")" in "releases/$build" | "$previous") ;; *) rm -rf "$old" ;; esac
  done
  local example
  example=$("$venv/bin/python" -c \
    'import importlib.resources as r; print(r.files("kiosk") / "kiosk.example.toml")')
  install -m 0644 -o 0 -g 0 "$example" "$R$CONF/kiosk.example.toml"
}

install_system_files() {
  put "$HERE/display_settings.py" "$APP/deploy/display_settings.py" 0644
  put "$HERE/one-terminal-kiosk.service" /etc/systemd/system/one-terminal-kiosk.service 0644
  put "$HERE/one-terminal-kiosk-update.path" /etc/systemd/system/one-terminal-kiosk-update.path 0644
  put "$HERE/one-terminal-kiosk-update.service" \
    /etc/systemd/system/one-terminal-kiosk-update.service 0644
  put "$HERE/etc/pam-one-terminal-kiosk" /etc/pam.d/one-terminal-kiosk 0644
  put "$HERE/etc/logind-one-terminal-kiosk.conf" \
    /etc/systemd/logind.conf.d/one-terminal-kiosk.conf 0644
  put "$HERE/etc/journald-one-terminal-kiosk.conf" \
    /etc/systemd/journald.conf.d/one-terminal-kiosk.conf 0644
  put "$HERE/etc/sysctl-one-terminal-kiosk.conf" /etc/sysctl.d/90-one-terminal-kiosk.conf 0644
  put "$HERE/one-terminal-kiosk" /usr/local/sbin/one-terminal-kiosk 0755
  [ -f "$SOURCE/kiosk/kiosk.example.toml" ] && \
    put "$SOURCE/kiosk/kiosk.example.toml" "$CONF/kiosk.example.toml" 0644
  return 0
}

has_unit() {  # has_unit NAME [--user]
  local dir
  for dir in /etc/systemd /lib/systemd /usr/lib/systemd; do
    [ -e "$R$dir/${2:-system}/$1" ] && return 0
  done
  return 1
}

enable_units() {
  local ctl=(systemctl --quiet)
  [ "$ROOT" = / ] || ctl+=(--root "$ROOT")
  "${ctl[@]}" enable one-terminal-kiosk.service
  # Releases the kiosk downloads are installed (by root) as they land
  "${ctl[@]}" enable one-terminal-kiosk-update.path
  "${ctl[@]}" set-default graphical.target
  # tty1 is the kiosk's: no login prompt there (logind starts none on other consoles)
  "${ctl[@]}" disable getty@tty1.service 2> /dev/null || true
  # Ctrl-Alt-Del on a plugged-in keyboard does not reboot the terminal
  "${ctl[@]}" mask ctrl-alt-del.target
  local unit
  for unit in systemd-timesyncd.service; do
    if has_unit "$unit"; then "${ctl[@]}" enable "$unit"
    else say "$unit is not installed: not enabled"; fi
  done
  if has_unit pulseaudio.socket user; then "${ctl[@]}" --global enable pulseaudio.socket
  else say "pulseaudio is not installed: no audio server for the kiosk user"; fi
}

apply_now() {  # on a running system; an image gets it all at its first boot
  [ "$ROOT" = / ] && [ -d /run/systemd/system ] || return 0
  systemctl daemon-reload
  sysctl --quiet --load /etc/sysctl.d/90-one-terminal-kiosk.conf || true
  systemctl restart systemd-journald || true
}

main() {
  [ "$SKIP_PACKAGES" -eq 1 ] || install_packages
  make_user
  make_folders
  [ "$SKIP_PACKAGES" -eq 1 ] || build_application
  install_system_files
  enable_units
  apply_now
  say "installed. Edit $CONF/kiosk.toml, then reboot: the kiosk starts on the screen"
}

main
