"""The screen's rotation and the touch panel's calibration, from the terminal's kiosk.toml.

Run as root by the kiosk's service before cage starts (Debian's /usr/bin/python3, no
project packages needed):

    display_settings.py CONFIG ENV_FILE RULES_FILE [--reload-udev]

writes ENV_FILE with CAGE_ROTATION (cage's `-r`, once per 90 degrees clockwise) for the
service's command line, and RULES_FILE, a udev rule giving every touchscreen libinput's
calibration matrix ([screen] touch_calibration, else the one that follows the rotation);
with neither, no rule. --reload-udev: when the rule changed, udev reloads its rules and
touchscreens are announced again, so cage's libinput reads the new matrix.
A bad value is one line on standard error and exit 2, and nothing is written.
"""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

# libinput's matrices for a picture turned clockwise (libinput_device_config_calibration_
# set_matrix): touches follow the turned picture.
ROTATION_MATRICES = {90: "0 -1 1 1 0 0", 180: "-1 0 1 0 -1 1", 270: "0 1 0 -1 0 1"}


class SettingsError(Exception):
    pass


def read_screen(config_path: Path) -> tuple[int, str]:
    """The rotation in degrees and the calibration matrix ("" for none)."""
    try:
        with open(config_path, "rb") as f:
            screen = tomllib.load(f).get("screen", {})
    except FileNotFoundError:
        raise SettingsError(f"{config_path}: no such configuration file") from None
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise SettingsError(f"{config_path}: cannot be read ({exc})") from None
    rotation = screen.get("rotation", 0)
    if isinstance(rotation, bool) or rotation not in (0, 90, 180, 270):
        raise SettingsError(f"{config_path}: [screen] rotation must be 0, 90, 180 or 270 "
                            "(degrees clockwise)")
    matrix = screen.get("touch_calibration", "")
    numbers = matrix.split() if isinstance(matrix, str) else []
    try:
        [float(n) for n in numbers]
    except ValueError:
        numbers = []
    if not isinstance(matrix, str) or (matrix.strip() and len(numbers) != 6):
        raise SettingsError(f'{config_path}: [screen] touch_calibration must be six numbers, '
                            f'"a b c d e f"')
    return rotation, " ".join(numbers) or ROTATION_MATRICES.get(rotation, "")


def cage_rotation(rotation: int) -> str:
    return " ".join(["-r"] * (rotation // 90))


def udev_rule(matrix: str) -> str:
    return ("# Written by the kiosk's service from [screen] in kiosk.toml; do not edit.\n"
            'ENV{ID_INPUT_TOUCHSCREEN}=="1", '
            f'ENV{{LIBINPUT_CALIBRATION_MATRIX}}="{matrix}"\n')


def apply(config_path: Path, env_file: Path, rules_file: Path) -> bool:
    """Write both files; whether the udev rule changed."""
    rotation, matrix = read_screen(config_path)
    env_file.write_text(f'CAGE_ROTATION="{cage_rotation(rotation)}"\n', encoding="utf-8")
    old_rule = rules_file.read_text(encoding="utf-8") if rules_file.exists() else ""
    new_rule = udev_rule(matrix) if matrix else ""
    if new_rule == old_rule:
        return False
    if new_rule:
        rules_file.parent.mkdir(parents=True, exist_ok=True)
        rules_file.write_text(new_rule, encoding="utf-8")
    else:
        rules_file.unlink()
    return True


def reload_udev() -> None:
    subprocess.run(["udevadm", "control", "--reload"], check=True)
    subprocess.run(["udevadm", "trigger", "--action=change", "--subsystem-match=input"],
                   check=True)
    subprocess.run(["udevadm", "settle", "--timeout=10"], check=False)


def main(argv: list[str]) -> int:
    args = [a for a in argv if a != "--reload-udev"]
    if len(args) != 3:
        print("usage: display_settings.py CONFIG ENV_FILE RULES_FILE [--reload-udev]",
              file=sys.stderr)
        return 2
    config_path, env_file, rules_file = map(Path, args)
    try:
        changed = apply(config_path, env_file, rules_file)
    except SettingsError as exc:
        print(f"one-terminal-kiosk: {exc}", file=sys.stderr)
        return 2
    if changed and "--reload-udev" in argv:
        try:
            reload_udev()
        except (OSError, subprocess.CalledProcessError) as exc:
            print(f"one-terminal-kiosk: the touch calibration waits for the next boot: "
                  f"udev could not be reloaded ({exc})", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
