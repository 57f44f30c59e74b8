"""What a screen reader (Orca) finds over AT-SPI: the kiosk as its own process on a real X
server (Xvfb, Qt's xcb platform) with its accessibility bridge on, and an AT-SPI client in
another process (Debian's python3 with pyatspi, tests/e2e/atspi_walker.py) reading the
tree and pressing buttons by their names, as a resident who cannot see the screen would.

tests/ui/test_screen_reader.py checks Qt's own accessibility tree at every screen; this
checks that the same reaches a screen reader through AT-SPI: a guide read to the end, and a
complaint taken to its first question (by the card on an emulated serial reader) and an
ID number typed where the service takes one, with AT-SPI actions alone; on each screen the
heading first, then a line saying what to do, then the controls, and no line of text
that a screen reader would stop on as if it were a control. And what a screen reader
says unasked (QML's Accessible.announce, an AT-SPI object:announcement): why a typed ID
number is refused, the moment the error shows, and the idle warning with its countdown.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from drivers.id_reader.emulator import SamModuleEmulator, load_cards
from drivers.id_reader.pty_emulator import PtySamModule
from kiosk.validators import check_id_number
from tests.e2e.atspi_session import APP_NAME, AtspiSession, missing_prerequisite

MISSING = missing_prerequisite()
pytestmark = pytest.mark.skipif(MISSING is not None, reason=f"no AT-SPI session: {MISSING}")

HOME = "政务服务自助终端"
CHINESE = re.compile(r"[\u3400-\u9fff]")
# Controls whose words are not Chinese on purpose: the digit pad's keys, the switch to
# English (named in the language it offers).
NOT_CHINESE = re.compile(r"^([0-9X]|English)$")
SIGNS = re.compile("[▶◀▼▲○●⚠•·]")  # drawn beside words, never read out
# Roles of words to read, not to operate (Qt's heading, static text, alert, paragraph).
TEXT_ROLES = {"heading", "label", "static", "alert", "paragraph"}
LINE_ROLES = TEXT_ROLES - {"heading"}
SAMPLE_ID = "11010519491231002X"  # GB 11643 sample number, not a real resident's
MISTYPED_ID = SAMPLE_ID[:17] + "1"  # one character wrong: the check digit does not match
TYPED_SERVICE = "求职登记"  # an application that takes a typed ID number
GONE_WITH_ITS_SCREEN = re.compile(r"qt\.accessibility\.atspi: Could not find accessible on path")


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


@pytest.fixture
def hurried_session(tmp_path):
    """A terminal that warns one second after the last touch, counting down the shortest
    time it allows (20 s), so a test hears the warning said as it shows and again."""
    config = tmp_path / "kiosk.toml"
    config.write_text("[session]\nidle_warning_s = 1\ncountdown_s = 20\n")
    s = AtspiSession(tmp_path)
    s.start()
    s.start_kiosk(tmp_path / "data", config)
    yield s
    s.stop()


def read_screen(session, heading: str) -> list[dict]:
    """The showing nodes once the screen with `heading` is up."""
    tree = session.walk("tree", APP_NAME, "--until-heading", heading)
    assert "error" not in tree, tree["error"]
    return tree["nodes"]


def press(session, *names: str) -> None:
    pressed = session.walk("press", APP_NAME, *names)
    assert pressed.get("done"), pressed


def node(nodes: list[dict], name: str) -> dict:
    found = [n for n in nodes if n["name"] == name]
    assert found, f"no node named {name!r}"
    return found[0]


def disabled(n: dict) -> bool:
    """A screen reader says "dimmed"/"unavailable": neither enabled nor sensitive."""
    return not {"enabled", "sensitive"} & set(n["states"])


def problems_on(screen: str, nodes: list[dict], heading: str) -> list[str]:
    """What a screen reader's user would miss or hear wrongly on this screen."""
    problems = []
    for n in nodes:
        if n["role"] == "push button" and not (
                CHINESE.search(n["name"]) or NOT_CHINESE.match(n["name"])):
            problems.append(f"{screen}: a button named {n['name']!r}")
        if n["actions"] and "Press" in n["actions"] and not n["name"].strip():
            problems.append(f"{screen}: an unnamed {n['role']} that can be pressed")
        if SIGNS.search(n["name"]):
            problems.append(f"{screen}: {n['name']!r} has a sign read out as a character's name")
        # A focusable line is one a screen reader's tab and browse modes stop on as if
        # it were a control.
        if n["role"] in TEXT_ROLES and "focusable" in n["states"]:
            problems.append(f"{screen}: the line {n['name']!r} is focusable")
    headings = [n["name"] for n in nodes if n["role"] == "heading"]
    if not headings or headings[0] != heading:
        problems.append(f"{screen}: the first heading is not {heading!r} (headings: {headings})")
        return problems
    # Where they are first, then what to do, then the choices: no control before the
    # heading, and a line of text between the heading and the first control.
    at = next(i for i, n in enumerate(nodes) if n["role"] == "heading")
    controls = [i for i, n in enumerate(nodes) if "Press" in n["actions"]]
    if controls and controls[0] < at:
        before = [nodes[i]["name"] for i in controls if i < at]
        problems.append(f"{screen}: {before} come before the heading {heading!r}")
    first_control = next((i for i in controls if i > at), len(nodes))
    if not any(n["role"] in LINE_ROLES and CHINESE.search(n["name"])
               for n in nodes[at + 1:first_control]):
        problems.append(f"{screen}: no line of text (what to do) between the heading "
                        "and the first control")
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
    # The first page: "上一页" is listed, and said to be unavailable; "下一页" is not.
    assert disabled(node(services, "上一页")), node(services, "上一页")
    assert not disabled(node(services, "下一页")), node(services, "下一页")
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

    assert problems == [], "\n".join(problems)
    assert_no_qt_warnings_and_nothing_left(session)


@pytest.fixture
def session_with_id_reader(tmp_path):
    """A terminal whose ID card reader is a GA 467 module on a serial line, emulated in
    this process: the test lays the card on it as a resident would."""
    module = SamModuleEmulator(load_cards())
    with PtySamModule(module, module_delay_s=0.005, link=tmp_path / "id-reader") as sam:
        config = tmp_path / "kiosk.toml"
        config.write_text(f'[devices.id_reader]\ndriver = "ga467"\nport = "{sam.port}"\n'
                          "answer_timeout_ms = 200\n")
        s = AtspiSession(tmp_path)
        s.start()
        s.start_kiosk(tmp_path / "data", config)
        try:
            yield s, module
        finally:
            s.stop()


def test_a_screen_reader_identifies_by_card_and_reaches_a_question_by_actions_alone(
        session_with_id_reader):
    """A complaint from home ("投诉建议"): it is filed in the resident's name, so no typed
    number is offered, and a line says where to go without a card; the card laid on the
    reader, then its first question, a choice."""
    session, module = session_with_id_reader
    problems: list[str] = []
    read_screen(session, HOME)
    press(session, "投诉建议")
    identify = read_screen(session, "请刷身份证或社保卡")
    problems += problems_on("identify", identify, "请刷身份证或社保卡")
    names = {n["name"] for n in identify}
    assert "没带卡？输入身份证号码" not in names
    assert any("人工窗口" in name for name in names), names

    module.present_card("wang_xiulan")
    question = read_screen(session, "您要反映什么问题")
    problems += problems_on("question", question, "您要反映什么问题")
    choices = [n for n in question if n["role"] == "push button"
               and n["name"] in {"工作人员态度", "办事太慢", "要求的材料不合理", "自助机不好用",
                                 "意见建议", "其他"}]
    assert len(choices) == 6, [n["name"] for n in question]
    assert all("Press" in n["actions"] and not disabled(n) for n in choices)

    assert problems == [], "\n".join(problems)
    # The card is read while the walker may be reading the identify screen: a node it
    # asks for can go with that screen, and Qt's bridge says so.
    assert_no_qt_warnings_and_nothing_left(session, GONE_WITH_ITS_SCREEN)


def to_typed_service(session) -> None:
    """From home to the identify screen of an application that takes a typed ID number
    (求职登记), through its domain's list."""
    read_screen(session, HOME)
    press(session, "就业创业")
    services = read_screen(session, "就业创业")
    [row] = [n["name"] for n in services if n["role"] == "push button"
             and n["name"].startswith(TYPED_SERVICE + "，")]
    press(session, row)
    read_screen(session, TYPED_SERVICE)
    press(session, "开始办理")
    read_screen(session, "请刷身份证或社保卡")


def test_a_screen_reader_types_an_id_number_where_the_service_takes_one(session):
    """An application the office verifies: the ID number typed on the digit pad by AT-SPI
    actions, then its first question."""
    problems: list[str] = []
    to_typed_service(session)
    press(session, "没带卡？输入身份证号码")
    typing = read_screen(session, "请刷身份证或社保卡")
    assert {str(d) for d in range(10)} | {"X", "删除"} <= {
        n["name"] for n in typing if n["role"] == "push button"}
    problems += problems_on("typing the ID number", typing, "请刷身份证或社保卡")
    # Nothing typed yet: the button that goes on is there, and said to be unavailable.
    assert disabled(node(typing, "确认号码")), node(typing, "确认号码")

    press(session, *SAMPLE_ID)
    typed = read_screen(session, "请刷身份证或社保卡")
    assert not disabled(node(typed, "确认号码")), node(typed, "确认号码")

    press(session, "确认号码")
    question = read_screen(session, "申请人姓名")
    problems += problems_on("question", question, "申请人姓名")

    assert problems == [], "\n".join(problems)
    assert_no_qt_warnings_and_nothing_left(session)


def test_a_screen_reader_hears_why_a_typed_id_number_is_refused_as_it_shows(session):
    """A blind resident types an ID number with one digit wrong and confirms: the reason
    is said at once, interrupting (assertive), in the words the error box shows."""
    reason = check_id_number(MISTYPED_ID)
    assert reason is not None
    listening = session.listen(reason)
    to_typed_service(session)
    press(session, "没带卡？输入身份证号码")
    read_screen(session, "请刷身份证或社保卡")
    press(session, *MISTYPED_ID, "确认号码")
    shown = [n["name"] for n in read_screen(session, "请刷身份证或社保卡")
             if n["role"] == "alert"]
    assert len(shown) == 1 and reason in shown[0], shown

    heard = listening.heard()
    assert "error" not in heard, heard
    said = [h for h in heard["heard"] if reason in h["text"]]
    assert len(said) == 1, heard["heard"]
    assert said[0]["text"] == shown[0]
    assert said[0]["politeness"] == "assertive"
    assert_no_qt_warnings_and_nothing_left(session)


# The warning's heading, then its sentence with the seconds left (SessionWarning.qml).
WARNING_SAID = re.compile(r"^您还在办理吗？ "
                          r"为保护您的信息，(\d+) 秒后将清除填写的内容并回到首页。$")


def test_a_screen_reader_hears_the_idle_warning_as_it_shows_and_ten_seconds_later(
        hurried_session):
    """Nobody touches the screen after starting a complaint: the warning is said as it
    shows (the seconds it gives), and again at ten seconds left, before the wipe."""
    session = hurried_session
    read_screen(session, HOME)
    listening = session.listen("10 秒")
    press(session, "投诉建议")  # a visit starts; no touch after it

    heard = listening.heard()
    assert "error" not in heard, heard
    said = [h for h in heard["heard"] if h["text"].startswith("您还在办理吗？")]
    seconds = [int(m[1]) for h in said if (m := WARNING_SAID.match(h["text"]))]
    assert len(seconds) == len(said) == 2, said
    assert seconds[0] > 10 and seconds[1] == 10, said
    assert all(h["politeness"] == "assertive" for h in said), said
    assert_no_qt_warnings_and_nothing_left(session)


def assert_no_qt_warnings_and_nothing_left(session, *expected: re.Pattern) -> None:
    ignored = [*qt_ignore_list(), *expected]
    unexpected = [line for line in session.qt_messages()
                  if not any(pattern.search(line) for pattern in ignored)]
    assert unexpected == [], "the kiosk logged Qt warnings"
    left = session.stop()
    assert left == [], f"still running after the session stopped: {left}"
