"""A terminal whose disk is read-only or full at start: the out-of-service screen with the
hotline, and the home screen by itself once the disk is usable again (issue 12, item 4).

The disk is a small tmpfs of its own (as root, chmod stops no write): remounted read-only,
or filled with a file. The terminal is started the way `kiosk run` starts it: the real
Kiosk opener and StorageAtStart, with a short [storage] retry_open_s.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from PySide6.QtQuick import QQuickItem

from kiosk.app import Kiosk
from kiosk.config import KioskConfig, StorageConfig
from tests.small_disk import small_disk as mounted
from tests.ui.fixtures import Terminal
from ui.app import KioskScreens
from ui.rehearsal.driver import ScreenDriver
from ui.rehearsal.tour import ScreenCheck, Shot
from ui.scene import descendants
from ui.storage_at_start import StorageAtStart, StorageProblemScreen

CONFIG = dataclasses.replace(KioskConfig(), storage=StorageConfig(min_free_mb=1,
                                                                  retry_open_s=0.2))


@pytest.fixture
def small_disk(tmp_path):
    with mounted(tmp_path / "disk") as disk:
        yield disk


@pytest.fixture
def start_terminal(qapp):
    """`kiosk run`'s start, with the terminal the store finally opens as a test Terminal."""
    made: list = []
    served: list[Terminal] = []

    def start(data_dir: Path) -> StorageAtStart:
        def serve(kiosk) -> None:
            try:
                screens = KioskScreens(kiosk)
            except BaseException:
                kiosk.close()
                raise
            served.append(Terminal(kiosk, screens))

        storage = StorageAtStart(CONFIG, lambda: Kiosk(CONFIG, data_dir), serve)
        made.append(storage)
        storage.try_open()
        return storage

    start.served = served
    yield start
    for terminal in served:
        terminal.close()
    for storage in made:
        storage.close()


def texts(window) -> list[str]:
    return [item.property("text") for item in descendants(window.contentItem())
            if item.isVisible() and item.inherits("QQuickText") and item.property("text")]


def assert_out_of_service_with_the_hotline(screen: StorageProblemScreen) -> None:
    ScreenDriver(screen.window).wait_for_frame()
    shown = texts(screen.window)
    assert "暂停服务" in shown and "本机正在维护，暂时不能办理业务。" in shown
    assert any("附近的政务服务大厅" in text for text in shown)
    hotline = screen.window.findChild(QQuickItem, "hotline")
    assert hotline is not None and hotline.isVisible()
    assert "12345" in hotline.property("text")


def test_a_read_only_data_directory_shows_out_of_service_then_home_once_writable(
        qtbot, small_disk, start_terminal):
    data = small_disk.path / "data"
    data.mkdir()
    small_disk.remount("ro")

    storage = start_terminal(data)
    assert storage.screen is not None and not start_terminal.served
    assert_out_of_service_with_the_hotline(storage.screen)

    small_disk.remount("rw")
    qtbot.waitUntil(lambda: bool(start_terminal.served), timeout=30_000)
    terminal = start_terminal.served[0]
    assert terminal.screen == "home" and terminal.window.isVisible()
    assert storage.screen is None  # the out-of-service window is gone


def test_a_full_disk_shows_out_of_service_then_home_once_space_is_back(
        qtbot, small_disk, start_terminal):
    filler = small_disk.fill()

    storage = start_terminal(small_disk.path / "data")
    assert storage.screen is not None and not start_terminal.served
    assert_out_of_service_with_the_hotline(storage.screen)

    filler.unlink()
    qtbot.waitUntil(lambda: bool(start_terminal.served), timeout=30_000)
    assert start_terminal.served[0].screen == "home"
    assert storage.screen is None


def test_a_data_directory_that_is_a_file_shows_out_of_service(tmp_path, start_terminal):
    in_the_way = tmp_path / "data"
    in_the_way.write_text("not a folder")
    storage = start_terminal(in_the_way)
    assert storage.screen is not None and not start_terminal.served
    assert_out_of_service_with_the_hotline(storage.screen)


@pytest.mark.parametrize("orientation", ["portrait", "landscape"])
def test_the_storage_out_of_service_screen_passes_the_tours_checks(qapp, tmp_path,
                                                                    orientation):
    screen = StorageProblemScreen(CONFIG, orientation=orientation)
    try:
        window = screen.window
        driver = ScreenDriver(window)
        driver.wait_for_frame()
        shot = Shot(name="storage-out-of-service", screen="out_of_service", journey="",
                    step=1, label="storage", orientation=orientation, mode="normal", file="")
        check = ScreenCheck(window, driver, screen.vm.pxPerMm)
        check.run(shot, elder=False)
        check.empty_band(shot, window.grabWindow())
        # No voice guide without a terminal behind the screen: nothing is said here.
        problems = [p for p in shot.problems if not p.startswith("voice mode does not say")]
        assert problems == []
        assert "hotline" in driver.control_names()

        driver.tap("hotline")  # the number, large, as on the terminal's own screen
        driver.wait_for_frame()
        assert screen.vm.hotlineShown
        assert window.findChild(QQuickItem, "hotline-number").property("text") == "12345"
        driver.tap("hotline-close")
        assert not screen.vm.hotlineShown
    finally:
        screen.close()
