"""`kiosk tour`: every screen in both orientations and both modes, drawn and checked.

The whole tour runs once here, in-process (about a minute and a half): every screen it
names has a picture for each orientation and mode, of the window's size, and no screen
has a problem. The checker itself is shown to catch what it promises to catch: a control
covered by something drawn over it, and an overlay nobody declared.
"""

from __future__ import annotations

import json
from collections import defaultdict

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QImage
from PySide6.QtQml import QQmlComponent, QQmlEngine

from kiosk.config import KioskConfig
from ui.app import QML_DIR, WINDOW_SIZES
from ui.rehearsal.driver import TapFailed
from ui.rehearsal.tour import MODES, ORIENTATIONS, TerminalTour, run_tour

ALL_SCREENS = {"home", "services", "search", "guide", "identify", "question", "material",
               "check", "confirmation", "lookup", "rating", "end", "out_of_service",
               "technician_pin", "technician", "payment", "paid"}


@pytest.mark.slow
@pytest.mark.timeout(900)  # a hang guard: the whole tour takes 4 to 6 minutes on 2 cores
def test_tour_draws_every_screen_in_both_orientations_and_modes(qapp, tmp_path):
    out = tmp_path / "tour"
    result = run_tour(KioskConfig(), out, scratch_root=tmp_path)

    listed = json.loads((out / "tour.json").read_text(encoding="utf-8"))
    shots = listed["shots"]
    combos = defaultdict(set)
    for shot in shots:
        combos[shot["name"]].add((shot["orientation"], shot["mode"]))
        picture = out / shot["file"]
        assert picture.stat().st_size > 0, shot["file"]
        image = QImage(str(picture))
        assert (image.width(), image.height()) == WINDOW_SIZES[shot["orientation"]], \
            shot["file"]
        assert f"_{shot['orientation']}_{shot['mode']}.png" in shot["file"]
    every = {(o, m) for o in ORIENTATIONS for m in MODES}
    missing = {name: sorted(every - seen) for name, seen in combos.items() if seen != every}
    assert not missing, f"screens without all four pictures: {missing}"

    problems = [f"{s['file']}: {p}" for s in shots for p in s["problems"]]
    assert problems == []
    assert listed["failures"] == [] and listed["qt_warnings"] == []
    assert listed["problems"] == 0 and result.problem_count == 0

    # What voice mode says is recorded for every picture (the tour checked that it names
    # the heading and primary button drawn there).
    assert all(s["speech"] for s in shots)

    # What the tour promises to walk through.
    assert {s["screen"] for s in shots} == ALL_SCREENS
    overlays = {s["overlay"] for s in shots if s["overlay"]}
    assert overlays == {"dim", "session-warning", "confirm-home", "notice", "voice-panel",
                        "blank", "staffed-path"}
    with_keyboard = {s["screen"] for s in shots if s["keyboard"]}
    assert {"search", "question", "rating"} <= with_keyboard
    labels = {s["label"] for s in shots}
    assert {"confirmation-printed", "confirmation-not-printed", "rating-dissatisfied",
            "end-take-card", "material-3-captured", "lookup", "home-offline", "pin-refused",
            "technician", "out-of-service",
            # with the reference platform: papers from the e-licence library, look-ups
            # answered from its records, a proof, the A4 printer out of paper, offline
            "material-1-elicence", "lookup-public", "lookup-contributions",
            "lookup-contributions-page-2", "proof-printed", "identify-a4-out-of-paper",
            "lookup-offline",
            # a fee by QR code, paid and offline; a life event posted home; a correction
            "payment-qr", "paid", "guide-fee-offline", "confirmation-event",
            "question-delivery-address", "lookup-correction", "confirmation-correction",
            # the handwriting pad with ink and candidates: a search, a name
            "search-handwriting", "question-child_name-handwriting"
            } <= labels
    assert any(label.endswith("-error") for label in labels)
    assert len(combos) == listed["screens"] and len(shots) == listed["pictures"]


@pytest.fixture
def tour(qapp, tmp_path):
    tour = TerminalTour(KioskConfig(), tmp_path / "data", tmp_path, "portrait", "normal")
    yield tour
    tour.close()


def _cover(tour: TerminalTour, name: str):
    """A red rectangle drawn over the control, as a stray layout might."""
    component = QQmlComponent(tour.screens.engine)
    component.setData(b"import QtQuick\nRectangle { objectName: 'blocker'; color: 'red' }",
                      QUrl.fromLocalFile(str(QML_DIR / "Blocker.qml")))
    blocker = component.create()
    assert blocker is not None, component.errorString()
    QQmlEngine.setObjectOwnership(blocker, QQmlEngine.ObjectOwnership.CppOwnership)
    target = tour.driver.find(name)
    blocker.setParentItem(tour.window.contentItem())
    blocker.setZ(60)
    corner = target.mapToScene(target.boundingRect().topLeft())
    blocker.setPosition(corner)
    blocker.setSize(target.size())
    return component, blocker


def test_a_control_drawn_over_is_reported(tour):
    shots = []

    def walk():
        shots.append(tour.shot("home"))
        component, blocker = _cover(tour, "tile-apply")
        shots.append(tour.shot("home-covered"))
        blocker.setVisible(False)

    tour.journey("checker", walk)

    assert tour.failures == []
    clean, covered = shots
    assert clean.problems == []
    assert "control 'tile-apply' is covered by blocker" in covered.problems
    assert tour.shots[-1].file == "checker-02-home-covered_portrait_normal.png"


def test_an_empty_band_between_heading_and_buttons_is_reported(tour):
    """A screen whose content leaves a stripe of bare background taller than a tile."""
    shots = []

    def walk():
        tour.tap("tile-apply")
        shots.append(tour.shot("services"))
        listed = tour.driver.find("service-0").parentItem()
        listed.setVisible(False)  # the rows gone: nothing between heading and pager
        shots.append(tour.shot("services-emptied"))
        listed.setVisible(True)

    tour.journey("checker", walk)

    assert tour.failures == []
    full, emptied = shots
    assert full.problems == []
    assert any(p.startswith("an empty band") and "more than a tile, 30 mm" in p
               for p in emptied.problems), emptied.problems


def test_an_overlay_counts_only_when_the_step_shows_it_on_purpose(tour):
    shots = []

    def walk():
        tour.tap("tile-apply")  # a session starts
        tour.let_time_pass(tour.config.session.idle_warning_s)
        assert tour.vm.sessionWarning
        shots.append(tour.shot("unannounced"))
        shots.append(tour.shot("warning", overlay="session-warning"))
        tour.tap("more-time")
        shots.append(tour.shot("no-overlay-left", overlay="session-warning"))

    tour.journey("checker", walk)

    assert tour.failures == []
    unannounced, declared, gone = shots
    assert any(p.startswith("control 'back' is covered by") for p in unannounced.problems)
    assert declared.problems == []
    assert {"back", "home", "service-0"} <= set(declared.covered_by_overlay)
    assert "more-time" not in declared.covered_by_overlay
    assert gone.problems == ["the session-warning overlay is not showing"]


def test_tour_is_a_command(tmp_path):
    from kiosk.cli import build_parser

    args = build_parser().parse_args(["tour", "--out", str(tmp_path), "--data-dir",
                                      str(tmp_path / "scratch")])
    assert (args.command, args.out, args.data_dir) == ("tour", tmp_path, tmp_path / "scratch")


SHORT_GUIDE = "qiuzhidengji"  # 求职登记: its whole guide fits one page


def _open_guide(tour: TerminalTour, pinyin: str) -> None:
    tour.tap("search")
    tour.tap("search-field")
    tour.type_keys(pinyin)
    tour.tap("result-0")
    tour.expect("guide")


def test_a_pager_disabled_because_everything_fits_does_not_stop_the_tour(tour):
    def walk():
        _open_guide(tour, SHORT_GUIDE)
        with pytest.raises(TapFailed, match="control 'scroll-down' is (disabled|not on screen)"):
            tour.driver.tap("scroll-down")  # nothing more to see
        tour.page_down()
        tour.tap("print-checklist")
        tour.shot("guide-printed")

    tour.journey("checker", walk)

    assert tour.failures == []
    assert tour.shots[-1].problems == []


def test_a_pager_disabled_while_the_list_has_more_is_a_failure(tour):
    def walk():
        tour.tap("elder-mode")  # large print: the guide takes more than one page
        tour.tap("tile-apply")
        tour.tap("service-0")
        tour.expect("guide")
        pager = tour.driver.find("scroll-down")
        assert pager is not None  # this guide is longer than its page
        pager.setEnabled(False)  # as a broken binding would leave it
        tour.page_down()
        tour.shot("never-reached")

    tour.journey("checker", walk)

    assert tour.failures == [
        "checker (after step 0): control 'scroll-down' is disabled while guide-text has "
        "more below"]
    assert tour.shots == []
