"""Pictures for residents who read little: an icon on every home and domain tile, a
picture of where the card goes for each way the service takes, a picture of where the
paper goes under the camera, a face and a colour for each rating level. Each picture is
checked as drawn: loaded, on screen, in the theme's colour; the words stay beside it and
stay what a screen reader says."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRectF
from PySide6.QtGui import QAccessible, QColor
from PySide6.QtQml import QQmlEngine, QQmlExpression
from PySide6.QtQuick import QQuickItem

from kiosk.catalogue.model import IdentityProof, JourneyKind
from tests.ui.fixtures import (
    Terminal,
    answer_questions,
    descendants,
    to_check,
    to_first_question,
)
from ui.rehearsal.tour import sample_link


def evaluate(item: QQuickItem, expression: str):
    """A QML expression in the item's own file's context (its imports, its properties)."""
    value, failed = QQmlExpression(QQmlEngine.contextForObject(item), item,
                                   expression).evaluate()
    assert not failed, expression
    return value


def images_in(item: QQuickItem) -> list[QQuickItem]:
    return [i for i in descendants(item) if i.inherits("QQuickImage") and i.isVisible()]


def inked_share(t: Terminal, image: QQuickItem, ink: QColor) -> float:
    """The share of the picture's area drawn in (nearly) `ink`, as the window shows it."""
    shot = t.window.grabWindow()
    rect = image.mapRectToScene(QRectF(0, 0, image.width(), image.height())).toRect()
    inked = total = 0
    for y in range(rect.top(), rect.bottom(), 2):
        for x in range(rect.left(), rect.right(), 2):
            pixel = shot.pixelColor(x, y)
            total += 1
            inked += (abs(pixel.red() - ink.red()) + abs(pixel.green() - ink.green())
                      + abs(pixel.blue() - ink.blue())) < 60
    return inked / max(total, 1)


def assert_drawn(t: Terminal, image: QQuickItem, ink: QColor, what: str) -> None:
    assert evaluate(image, "status === Image.Ready"), f"{what}: the picture did not load"
    assert image.width() > 0 and image.height() > 0 and t.in_view(image), what
    assert inked_share(t, image, ink) > 0.03, f"{what}: nothing drawn in {ink.name()}"
    assert evaluate(image, "Accessible.ignored"), f"{what}: a screen reader would stop at it"


def check_tile(t: Terminal, name: str, words: str, ink: QColor) -> None:
    button = t.item(name)
    assert button is not None, f"'{name}' is not on screen"
    icons = images_in(button)
    assert len(icons) == 1, f"'{name}' has no icon"
    assert_drawn(t, icons[0], ink, name)
    assert words in t.texts()  # the words are still on it
    spoken = QAccessible.queryAccessibleInterface(button)
    assert spoken.text(QAccessible.Text.Name) == words and spoken.childCount() == 0


@pytest.mark.parametrize("orientation", ["portrait", "landscape"])
def test_every_home_tile_and_domain_tile_shows_its_icon_beside_its_words(
        make_terminal, orientation):
    t = make_terminal(orientation=orientation)
    theme = t.theme()
    for tile in t.vm.homeTiles:
        primary = t.item("tile-" + tile["key"]).property("primary")
        ink = QColor(theme["textOnPrimary"] if primary else theme["text"])
        check_tile(t, "tile-" + tile["key"], tile["title"], ink)
    domains = t.vm.domainTiles
    assert {d["key"] for d in domains} >= {"education", "healthcare", "social_security"}
    for tile in domains:
        check_tile(t, "domain-" + tile["key"], tile["title"], QColor(theme["text"]))
    # Different things, different pictures.
    icons = [tile["icon"] for tile in t.vm.homeTiles + domains]
    assert len(set(icons)) == len(icons)


def test_elder_mode_tiles_keep_their_icons_larger(terminal):
    t = terminal
    normal = images_in(t.item("tile-apply"))[0].height()
    t.tap("elder-mode")
    t.tap("show-domains")
    theme = t.theme()
    check_tile(t, "tile-apply", t.vm.homeTiles[0]["title"], QColor(theme["textOnPrimary"]))
    check_tile(t, "domain-education", next(d["title"] for d in t.vm.domainTiles
                                           if d["key"] == "education"), QColor(theme["text"]))
    assert images_in(t.item("tile-apply"))[0].height() > normal


def test_the_icon_folder_holds_the_icons_named_and_their_licence():
    """Vendored icons: exactly the ones the screens name (every domain has one), with the
    set's licence and where they came from."""
    from kiosk.catalogue.model import Domain
    from ui.app import QML_DIR
    from ui.viewmodels.icons import DOMAIN_ICONS, RATING_ICONS, TILE_ICONS, VOICE_ICONS

    folder = QML_DIR / "icons"
    named = set(TILE_ICONS.values()) | set(DOMAIN_ICONS.values()) | set(RATING_ICONS.values()) \
        | set(VOICE_ICONS.values())
    assert {p.stem for p in folder.glob("*.svg")} == named
    assert set(DOMAIN_ICONS) == set(Domain)
    assert "MIT License" in (folder / "LICENSE").read_text(encoding="utf-8")
    assert "Tabler Icons" in (folder / "README.md").read_text(encoding="utf-8")


ID, SSC, EID = (IdentityProof.ID_CARD, IdentityProof.SOCIAL_SECURITY_CARD,
                IdentityProof.E_ID_QR)
PICTURE_OF = {ID: "id-card-on-reader", SSC: "card-into-slot", EID: "phone-under-camera"}


def service_taking(t: Terminal, proofs: set) -> str:
    """An item of the demo catalogue (to apply for or look up) taking exactly these card
    and phone proofs."""
    for item in t.kiosk.catalogue.items:
        if item.journey is JourneyKind.GUIDE:
            continue
        if set(item.identity_proofs) - {IdentityProof.TYPED_ID_NUMBER} == proofs:
            return item.code
    raise AssertionError(f"no demo item takes exactly {proofs}")


def pictures_shown(t: Terminal) -> dict[str, QQuickItem]:
    return {i.objectName().removeprefix("picture-"): i for i in images_in(t.window.contentItem())
            if i.objectName().startswith("picture-") and t.in_view(i)}


def open_identify(t: Terminal, code: str) -> None:
    t.vm.openService(code)
    t.frame()
    if t.screen == "guide":
        t.tap("primary")
    assert t.screen == "identify"


@pytest.mark.parametrize("proofs", [{ID}, {SSC}, {ID, SSC}, {ID, SSC, EID}, {SSC, EID}],
                         ids=["id-card", "social-security-card", "both-cards",
                              "cards-and-phone", "card-and-phone"])
def test_identify_shows_a_picture_for_each_way_the_service_takes(make_terminal, proofs):
    t = make_terminal(fake_clock=True)
    with sample_link(t.kiosk, online=True):  # a platform to vouch for phone codes
        open_identify(t, service_taking(t, proofs))
        shown = pictures_shown(t)
        assert set(shown) == {PICTURE_OF[p] for p in proofs}
        for proof in proofs:
            assert_drawn(t, shown[PICTURE_OF[proof]], QColor(t.theme()["primary"]), proof.value)
        ways = {w["way"]: w["words"] for w in t.journey.identifyWays}
        assert set(ways) == {p.value for p in proofs}
        for words in ways.values():
            assert t.shows(words)  # each picture has its words beside it


def test_offline_the_phone_picture_goes_with_the_phone_way(make_terminal):
    t = make_terminal(fake_clock=True)
    with sample_link(t.kiosk, online=False):
        open_identify(t, service_taking(t, {ID, SSC, EID}))
        assert set(pictures_shown(t)) == {PICTURE_OF[ID], PICTURE_OF[SSC]}


def test_a_reader_that_is_out_shows_no_picture(make_terminal):
    """The ID card reader is unplugged before the resident comes: its picture would send
    them to a reader that cannot read; the social security card's stays."""
    t = make_terminal()
    t.kiosk.emulators["id_reader"].unplug()
    t.kiosk.devices.poll_cards()  # the reader's poll finds it gone
    open_identify(t, service_taking(t, {ID, SSC}))
    assert set(pictures_shown(t)) == {PICTURE_OF[SSC]}
    assert t.shows(t.journey.deviceNotice)


def test_journeys_without_a_service_show_both_cards(terminal):
    t = terminal
    t.tap("tile-progress")
    assert t.screen == "identify"
    assert set(pictures_shown(t)) == {PICTURE_OF[ID], PICTURE_OF[SSC]}


def test_typing_the_number_puts_the_pictures_away(terminal):
    t = terminal
    open_identify(t, next(i.code for i in t.kiosk.catalogue.items if i.accepts_typed_id
                          and i.journey is JourneyKind.APPLY))
    t.tap("type-id")
    assert pictures_shown(t) == {}


@pytest.mark.parametrize("orientation", ["portrait", "landscape"])
def test_the_capture_screen_shows_where_the_paper_goes(make_terminal, orientation):
    t = make_terminal(orientation=orientation)
    to_first_question(t)
    answer_questions(t)
    assert t.screen == "material"
    shown = pictures_shown(t)
    assert set(shown) == {"document-under-camera"}
    assert_drawn(t, shown["document-under-camera"], QColor(t.theme()["primary"]),
                 "the paper under the camera")
    assert t.item("preview") is not None and t.in_view(t.item("preview"))
    t.kiosk.emulators["camera"].show_document()
    t.tap("primary")  # taken: the photo is what to look at now
    assert pictures_shown(t) == {}


RATING_FACES = {5: "mood-happy", 4: "mood-smile", 3: "mood-empty", 2: "mood-sad",
                1: "mood-cry"}
RATING_WORDS = {5: "非常满意", 4: "满意", 3: "基本满意", 2: "不满意", 1: "非常不满意"}


@pytest.mark.parametrize("orientation", ["portrait", "landscape"])
def test_each_rating_level_has_a_face_words_and_its_own_colour(make_terminal, orientation):
    t = make_terminal(orientation=orientation)
    to_check(t)
    t.tap("primary")  # submit
    t.tap("primary")  # the confirmation: on to rating the service
    assert t.screen == "rating"
    colours = {}
    for level, words in RATING_WORDS.items():
        button = t.item(f"level-{level}")
        faces = images_in(button)
        assert len(faces) == 1, f"level {level} has no face"
        assert RATING_FACES[level] in faces[0].property("source").toString()
        ink = QColor(button.property("ink"))
        assert_drawn(t, faces[0], ink, words)
        label = [i for i in descendants(button) if i.inherits("QQuickText")]
        assert [i.property("text") for i in label] == [words]
        assert QColor(label[0].property("color")) == ink  # the words in the level's colour
        spoken = QAccessible.queryAccessibleInterface(button)
        assert spoken.text(QAccessible.Text.Name) == words
        colours[level] = ink.name()
    assert len(set(colours.values())) == 5
    # Greens to reds: the satisfied end greener than red, the dissatisfied end redder.
    assert QColor(colours[5]).green() > QColor(colours[5]).red()
    assert QColor(colours[1]).red() > QColor(colours[1]).green()

    t.tap("level-2")  # chosen: filled with its colour, the face and words in white
    chosen = t.item("level-2")
    white = QColor(t.theme()["textOnPrimary"])
    assert_drawn(t, images_in(chosen)[0], white, "the chosen level")
    assert QColor(chosen.property("background").property("color")) == QColor(colours[2])

