"""Catalogue text is plain text on every screen: markup in a service's name, department or
summary shows as the characters it is made of, draws nothing and fetches nothing.

The catalogue check refuses such items (tests/unit/test_catalogue_markup.py), so here the
marked-up item arrives as a catalogue model between visits, as one cached before the
check existed would: the screens are the last line, and they must hold on their own.
A loopback web server counts what the terminal asks of it: an `<img src="http://...">`
drawn as rich text would make the terminal fetch it.
"""

from __future__ import annotations

import dataclasses
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from PySide6.QtCore import QBuffer, QIODevice
from PySide6.QtGui import QImage
from PySide6.QtQml import QQmlComponent
from PySide6.QtQuick import QQuickItem

from kiosk.catalogue.repository import Catalogue
from kiosk.catalogue.search import SearchIndex
from tests.ui.fixtures import APPLY_SERVICE, draws_plain_text
from ui.scene import descendants, is_within


def pixel_png() -> bytes:
    """A 1x1 picture: what the server answers to any picture asked of it."""
    image = QImage(1, 1, QImage.Format.Format_ARGB32)
    image.fill(0)
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(buffer.data())


class PictureServer:
    """A web server on a loopback port that answers every GET with a pixel and keeps the
    paths it was asked for."""

    def __init__(self) -> None:
        asked = self.asked = []
        pixel = pixel_png()

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - the standard library's name
                asked.append(self.path)
                self.send_response(200)
                self.send_header("Content-Type", "image/png")
                self.send_header("Content-Length", str(len(pixel)))
                self.end_headers()
                self.wfile.write(pixel)

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def pictures():
    server = PictureServer()
    yield server
    server.close()


def marked_up(pictures: PictureServer) -> dict[str, str]:
    return {
        "name": f'{APPLY_SERVICE}<img src="{pictures.url}/name.png">',
        "department": f'<font color=red size=7>请到3号窗口缴费</font><img src="{pictures.url}/'
                      'department.png">',
        "summary": f'<a href="{pictures.url}/link">点这里</a><img src="file:///etc/hostname">'
                   f'<img src="{pictures.url}/summary.png">',
    }


def with_markup(catalogue: Catalogue, code: str, texts: dict[str, str]) -> Catalogue:
    items = tuple(dataclasses.replace(i, **texts) if i.code == code else i
                  for i in catalogue.items)
    loaded = dataclasses.replace(catalogue.loaded, items=items, version="marked-up")
    return Catalogue(loaded, SearchIndex.build(items), "platform-r99")


def texts_with_markup(t) -> list[QQuickItem]:
    """Every text item holding a tag, shown or laid out unseen (a guide measures its lines
    off screen); the keyboard's own labels (its 中/英 key) are not catalogue text."""
    keyboard = t.keyboard()
    return [i for i in descendants(t.window.contentItem())
            if i.inherits("QQuickText") and "<" in (i.property("text") or "")
            and not is_within(i, keyboard)]


def nothing_fetched_but(t, pictures: PictureServer) -> list[str]:
    """What the terminal asked of the server before a picture asked for after the screen
    was drawn: a fetch the screen started comes first."""
    component = QQmlComponent(t.screens.engine)
    component.setData(f'import QtQuick\nImage {{ source: "{pictures.url}/after.png" }}'.encode(),
                      t.screens.engine.baseUrl())
    after = component.create()
    assert after is not None, component.errorString()
    after.setParentItem(t.window.contentItem())
    try:
        t.wait_until(lambda: "/after.png" in pictures.asked, "the picture after the screen")
    finally:
        after.setParentItem(None)
        after.deleteLater()
    return [p for p in pictures.asked if p != "/after.png"]


def test_markup_in_a_service_shows_as_its_characters_and_fetches_nothing(make_terminal,
                                                                        pictures):
    t = make_terminal(fake_clock=True)
    texts = marked_up(pictures)
    code = next(i.code for i in t.kiosk.catalogue.items if i.name == APPLY_SERVICE)
    t.kiosk._catalogue_arrived(with_markup(t.kiosk.catalogue, code, texts))
    t.advance(1)
    assert t.kiosk.catalogue.item(code).name == texts["name"]

    t.tap("tile-apply")
    assert texts["name"] in t.rows("service-")
    shown = texts_with_markup(t)
    assert shown and all(draws_plain_text(i) for i in shown)

    t.tap_row("service-", texts["name"])
    assert t.screen == "guide"
    assert t.text_of("heading") == texts["name"]
    for key in ("department", "summary"):
        assert any(texts[key] in text for text in t.texts()), key  # literally, tags and all
    shown = texts_with_markup(t)
    assert {i.property("text") for i in shown} >= {texts["name"]}
    assert [i.property("text") for i in shown
            if not draws_plain_text(i)] == []

    assert nothing_fetched_but(t, pictures) == []
