"""What a screen reader (Orca) finds over AT-SPI: the kiosk as its own process on a real X
server (Xvfb, Qt's xcb platform) with its accessibility bridge on, and an AT-SPI client in
another process (Debian's python3 with pyatspi, tests/e2e/atspi_walker.py) reading the
tree and pressing buttons by their names, as a resident who cannot see the screen would.

tests/ui/test_screen_reader.py checks Qt's own accessibility tree at every screen; this
checks that the same reaches a screen reader through AT-SPI, and that a guide can be read
to the end with AT-SPI actions alone.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from tests.e2e.atspi_session import APP_NAME, AtspiSession, missing_prerequisite

MISSING = missing_prerequisite()
pytestmark = pytest.mark.skipif(MISSING is not None, reason=f"no AT-SPI session: {MISSING}")

HOME = "政务服务自助终端"
CHINESE = re.compile(r"[\u3400-\u9fff]")
# Controls whose words are not Chinese on purpose: the digit pad's keys, the switch to
# English (named in the language it offers).
NOT_CHINESE = re.compile(r"^([0-9X]|English)$")


def qt_ignore_list() -> list[re.Pattern]:
    """The same named list of Qt's own warnings the in-process tests ignore."""
    pyproject = Path(__file__).parents[2] / "pyproject.toml"
    options = tomllib.loads(pyproject.read_text())["tool"]["pytest"]["ini_options"]
    return [re.compile(pattern) for pattern in options["qt_log_ignore"]]


@pytest.fixture
def session(tmp_path):
    s = AtspiSession(tmp_path)
    s.start()
    s.start_kiosk(tmp_path / "data")
    yield s
    s.stop()


def read_screen(session, heading: str) -> list[dict]:
    """The showing nodes once the screen with `heading` is up."""
    tree = session.walk("tree", APP_NAME, "--until-heading", heading)
    assert "error" not in tree, tree["error"]
    return tree["nodes"]


def press(session, name: str) -> None:
    pressed = session.walk("press", APP_NAME, name)
    assert pressed.get("done"), pressed


def problems_on(screen: str, nodes: list[dict], heading: str) -> list[str]:
    """What a screen reader's user would miss or hear wrongly on this screen."""
    problems = []
    for node in nodes:
        if node["role"] == "push button" and not (
                CHINESE.search(node["name"]) or NOT_CHINESE.match(node["name"])):
            problems.append(f"{screen}: a button named {node['name']!r}")
        if node["actions"] and "Press" in node["actions"] and not node["name"].strip():
            problems.append(f"{screen}: an unnamed {node['role']} that can be pressed")
    headings = [n["name"] for n in nodes if n["role"] == "heading"]
    if not headings or headings[0] != heading:
        problems.append(f"{screen}: the first heading is not {heading!r} (headings: {headings})")
    if not any(n["role"] == "label" and CHINESE.search(n["name"]) for n in nodes):
        problems.append(f"{screen}: no line of text (instructions) is exposed")
    return problems


def test_a_screen_reader_reads_each_screen_and_finishes_a_guide_by_actions_alone(session):
    problems: list[str] = []

    home = read_screen(session, HOME)
    problems += problems_on("home", home, HOME)
    assert {"办事指南", "我要办", "我要查"} <= {n["name"] for n in home
                                            if n["role"] == "push button"}

    press(session, "办事指南")
    services = read_screen(session, "办事指南")
    problems += problems_on("services", services, "办事指南")
    # A list row is one button, read as "name，department".
    rows = [n["name"] for n in services if n["role"] == "push button" and "，" in n["name"]]
    assert rows, "the guide list shows no service rows"
    service = rows[0].split("，")[0]

    press(session, rows[0])
    guide = read_screen(session, service)
    problems += problems_on("guide", guide, service)
    assert "需要的材料" in {n["name"] for n in guide if n["role"] == "heading"}

    press(session, "看完了")
    end = read_screen(session, "办理结束")
    problems += problems_on("end", end, "办理结束")

    press(session, "完成")
    problems += problems_on("home again", read_screen(session, HOME), HOME)

    assert problems == []

    ignored = qt_ignore_list()
    unexpected = [line for line in session.qt_messages()
                  if not any(pattern.search(line) for pattern in ignored)]
    assert unexpected == [], "the kiosk logged Qt warnings"
    left = session.stop()
    assert left == [], f"still running after the session stopped: {left}"
