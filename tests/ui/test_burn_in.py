"""Burn-in: whole visits by taps; a covered control fails its session, by name."""

from __future__ import annotations

from PySide6.QtCore import QUrl
from PySide6.QtQml import QQmlComponent

from kiosk.config import KioskConfig
from ui.burn_in import ROTATION, run_burn_in

COVER = b"""
import QtQuick
Rectangle {
    anchors.fill: parent
    z: 1000
    color: "#80ff0000"
    MouseArea { objectName: "test-cover"; anchors.fill: parent }
}
"""


def test_every_journey_kind_completes_and_is_marked_as_test_traffic(qapp, tmp_path):
    report = run_burn_in(KioskConfig(), len(ROTATION), data_dir=tmp_path / "data")
    result = report.as_json()
    assert result["sessions_completed"] == len(ROTATION), result["failures"]
    assert result["sessions_failed"] == 0
    assert result["submissions_queued"] >= 3  # application, its rating, the complaint...
    assert result["transition_ms"]["taps"] > 50
    from offline_cache.store import Store

    with Store.open(tmp_path / "data") as store:
        queued = store.outbox.pending(limit=100)
    assert queued and all(entry.test_traffic for entry in queued)


def test_a_covered_control_fails_that_session_naming_it_and_the_next_one_runs(qapp, tmp_path):
    covers = []

    def meddle(n, terminal):
        if n == 2:  # the guide visit: its first tap is on the home screen's guide tile
            component = QQmlComponent(terminal.screens.engine)
            component.setData(COVER, QUrl())
            cover = component.createWithInitialProperties(
                {"parent": terminal.window.contentItem()})
            assert cover is not None, component.errorString()
            cover.setParentItem(terminal.window.contentItem())
            covers.append((cover, component))
        elif n == 3:
            cover, _ = covers.pop()
            cover.setParentItem(None)
            cover.deleteLater()

    report = run_burn_in(KioskConfig(), 3, data_dir=tmp_path / "data", before_session=meddle)
    assert report.completed == 2
    [failure] = report.failures
    assert failure.startswith("session 2 (guide")
    assert "control 'tile-guide' is covered by test-cover" in failure
