"""The screen's rotation and touch calibration, as the kiosk's service reads them from
kiosk.toml at every start (deploy/display_settings.py, run by Debian's python3)."""

from __future__ import annotations

import importlib.util

import pytest

from kiosk.config import ConfigError, load_config
from tests.deploy.target_root import REPO

spec = importlib.util.spec_from_file_location("display_settings",
                                              REPO / "deploy" / "display_settings.py")
display_settings = importlib.util.module_from_spec(spec)
spec.loader.exec_module(display_settings)


@pytest.fixture
def paths(tmp_path):
    return tmp_path / "kiosk.toml", tmp_path / "display.env", tmp_path / "rules.d" / "touch.rules"


def run(paths, screen: str) -> int:
    config, env, rules = paths
    config.write_text(f"[terminal]\nid = 'T1'\n\n[screen]\n{screen}\n", encoding="utf-8")
    return display_settings.main([str(config), str(env), str(rules)])


def cage_flags(env_file) -> list[str]:
    (line,) = env_file.read_text(encoding="utf-8").splitlines()
    name, _, value = line.partition("=")
    assert name == "CAGE_ROTATION"
    return value.strip('"').split()


def touch_matrix(rules_file) -> str | None:
    if not rules_file.exists():
        return None
    rule = [line for line in rules_file.read_text().splitlines() if not line.startswith("#")]
    assert len(rule) == 1 and 'ENV{ID_INPUT_TOUCHSCREEN}=="1"' in rule[0]
    return rule[0].split('LIBINPUT_CALIBRATION_MATRIX}="')[1].rstrip('"')


@pytest.mark.parametrize("rotation, turns", [(0, 0), (90, 1), (180, 2), (270, 3)])
def test_cage_turns_the_picture_a_quarter_at_a_time(paths, rotation, turns):
    assert run(paths, f"rotation = {rotation}") == 0
    assert cage_flags(paths[1]) == ["-r"] * turns


def test_an_upright_panel_gets_no_touch_rule_and_a_turned_one_gets_its_matrix(paths):
    assert run(paths, "rotation = 90") == 0
    assert touch_matrix(paths[2]) == "0 -1 1 1 0 0"
    assert run(paths, "rotation = 0") == 0  # turned back: the old rule goes
    assert touch_matrix(paths[2]) is None


def test_a_calibrated_panel_keeps_its_own_matrix(paths):
    assert run(paths, "rotation = 90\ntouch_calibration = '1.02 0 -0.01 0 0.98 0.02'") == 0
    assert touch_matrix(paths[2]) == "1.02 0 -0.01 0 0.98 0.02"
    assert cage_flags(paths[1]) == ["-r"]


def product(a, b):
    """Two calibration matrices (six numbers each) applied one after the other."""
    a = [float(n) for n in a.split()] + [0, 0, 1]
    b = [float(n) for n in b.split()] + [0, 0, 1]
    m = [sum(a[3 * r + k] * b[3 * k + c] for k in range(3)) for r in range(3) for c in range(3)]
    return " ".join(f"{n:g}" for n in m[:6])


def test_the_matrices_are_quarter_turns_of_the_same_direction():
    """Turning twice by 90 is 180, three times is 270, four times is no turn: a typo in
    one matrix would send touches to the wrong side of the screen."""
    turn = display_settings.ROTATION_MATRICES
    assert product(turn[90], turn[90]) == turn[180]
    assert product(turn[180], turn[90]) == turn[270]
    assert product(turn[270], turn[90]) == "1 0 0 0 1 0"


@pytest.mark.parametrize("screen, words", [
    ("rotation = 45", "rotation must be 0, 90, 180 or 270"),
    ("rotation = true", "rotation must be 0, 90, 180 or 270"),
    ("touch_calibration = '0 1 0 -1 0'", "touch_calibration must be six numbers"),
    ("touch_calibration = 'a b c d e f'", "touch_calibration must be six numbers"),
])
def test_a_bad_value_is_one_line_writes_nothing_and_the_kiosk_refuses_it_too(
        paths, capsys, screen, words):
    assert run(paths, screen) == 2
    error = capsys.readouterr().err
    assert words in error and "kiosk.toml" in error and error.count("\n") == 1
    assert not paths[1].exists() and not paths[2].exists()
    with pytest.raises(ConfigError, match=words.split()[0]):  # the same key named
        load_config(paths[0])


def test_a_missing_configuration_is_named(paths, capsys):
    config, env, rules = paths
    assert display_settings.main([str(config), str(env), str(rules)]) == 2
    assert "no such configuration file" in capsys.readouterr().err
