"""Burn-in: whole visits of every kind by taps; a covered control fails its session, by
name, and the terminal goes back to home for the next one."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QUrl
from PySide6.QtQml import QQmlComponent

from kiosk.config import KioskConfig
from offline_cache.store import Store
from ui.rehearsal.burn_in import ROTATION, run_burn_in

# A strip over the bottom tenth of the window (where every screen's primary button is),
# there only while the service guide shows, that takes the touches itself.
COVER = b"""
import QtQuick
Rectangle {
    z: 1000
    color: "#80ff0000"
    visible: app.screen === "guide"
    MouseArea { objectName: "test-cover"; anchors.fill: parent }
}
"""


def test_every_kind_of_visit_completes_and_files_test_traffic(qapp, tmp_path):
    sessions = len(ROTATION) + 1  # every kind, then a second application
    report = run_burn_in(KioskConfig(), sessions, data_dir=tmp_path / "data")

    assert report.failures == []
    assert report.completed == sessions
    result = report.as_json()
    assert result["sessions_completed"] == sessions
    assert result["sessions_failed"] == 0
    assert result["transition_ms"]["transitions"] > 0
    with Store.open(tmp_path / "data") as store:
        queued = store.outbox.queue_rows(limit=100, include_done=True)
    kinds = {entry.kind for entry in queued}
    assert {"application", "complaint", "rating"} <= kinds
    # Two applications, one whose household register came from the e-licence library, a
    # life event's three links, and the correction of one of them.
    assert len([e for e in queued if e.kind == "application"]) == 6
    assert len([e for e in queued if e.kind == "correction"]) == 1
    assert result["licences_taken"] >= 1
    assert set(result["by_kind"]) == set(ROTATION)
    assert all(k["completed"] == 1 for kind, k in result["by_kind"].items() if kind != "apply")
    assert all(entry.test_traffic for entry in queued)
    assert result["submissions_queued"] == len(queued)
    assert result["submissions_test_traffic"] == len(queued)


def test_a_covered_control_fails_that_session_by_name_and_the_next_one_runs(qapp, tmp_path):
    covers = []

    def meddle(number, terminal):
        if number == 1:  # the application: its guide's primary button will be covered
            component = QQmlComponent(terminal.screens.engine)
            component.setData(COVER, QUrl("cover.qml"))
            width, height = terminal.window.width(), terminal.window.height()
            cover = component.createWithInitialProperties(
                {"x": 0, "y": height * 0.9, "width": width, "height": height * 0.1})
            assert cover is not None, component.errorString()
            cover.setParentItem(terminal.window.contentItem())
            covers.append((cover, component))
        elif number == 2:
            cover, _ = covers.pop()
            cover.setParentItem(None)
            cover.deleteLater()
        elif number == 3:
            # Back on an idle home screen: nothing of the failed visit is left.
            assert terminal.vm.screen == "home"
            assert not terminal.kiosk.session.cards_in_readers

    report = run_burn_in(KioskConfig(), 3, data_dir=tmp_path / "data", before_session=meddle)

    [failure] = report.failures
    assert failure.startswith("session 1 (apply ")
    assert "control 'primary' is covered by test-cover" in failure
    assert report.completed == 2  # the guide visit and the progress look-up after it
    with Store.open(tmp_path / "data") as store:
        assert not [e for e in store.outbox.pending() if e.kind == "application"]


class _Touches(QObject):
    """Counts fingers (mouse presses, touch points) on the window."""

    def __init__(self):
        super().__init__()
        self.count = 0

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt's name
        if event.type() in (QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin):
            self.count += 1
        return False


def test_by_keypad_alone_every_kind_of_visit_completes_or_goes_to_a_counter(qapp, tmp_path):
    touches = _Touches()

    def watch(number, terminal):
        if number == 1:
            terminal.window.installEventFilter(touches)

    sessions = len(ROTATION) + 1
    report = run_burn_in(KioskConfig(), sessions, data_dir=tmp_path / "data", keypad=True,
                         hand_over_every=2, before_session=watch)
    result = report.as_json()

    assert report.failures == []
    assert touches.count == 0  # key events alone, not one touch
    assert result["input"] == "keypad"
    by_kind = result["by_kind"]
    assert set(by_kind) == set(ROTATION)
    assert sum(k["sessions"] for k in by_kind.values()) == sessions
    assert all(k["completed"] == k["sessions"] for k in by_kind.values())
    # Visits without words to type are never sent to a counter; one in two with words is.
    assert by_kind["guide"]["handed_over"] == by_kind["progress"]["handed_over"] == 0
    assert result["sessions_handed_over"] >= 1
    assert result["sessions_handed_over"] < sessions - 2  # the others typed by arrows
    with Store.open(tmp_path / "data") as store:
        filed = store.outbox.queue_rows(limit=100, include_done=True)
    assert len(filed) == result["submissions_queued"] > 0  # typed by arrows, and filed
