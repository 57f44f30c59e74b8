"""An e-ID QR code on a phone, shown to the camera on the identify screen: the platform
vouches for it and the visit goes on; a used code is refused in plain words; offline
the screen does not offer it (such a code is no proof without the platform)."""

from __future__ import annotations

from kiosk.catalogue.model import IdentityProof, JourneyKind
from tests.ui.platform_terminal import enrolled_terminal
from ui.rehearsal.tour import sample_link

RESIDENT = ("赵小敏", "110101199003070016")  # fictional
HINT = "也可以打开手机上的电子证照二维码"


def open_eid_service(t) -> None:
    item = next(i for i in t.kiosk.catalogue.by_journey(JourneyKind.APPLY)
                if IdentityProof.E_ID_QR in i.identity_proofs)
    t.vm.openService(item.code)
    t.frame()
    t.tap("primary")  # past the guide
    assert t.screen == "identify"
    t.advance(1)  # the bridge's clock starts the scanner


def test_a_phone_code_identifies_the_resident_and_a_used_one_is_refused(
        make_terminal, tmp_path, platform):
    t = enrolled_terminal(make_terminal, tmp_path, platform)
    token = platform.admin("eid-token", "--name", RESIDENT[0], "--id-number",
                           RESIDENT[1]).stdout.strip()
    open_eid_service(t)
    assert t.shows(HINT)
    t.kiosk.emulators["camera"].show_qr(token)
    t.wait_until(lambda: t.screen != "identify", "the e-ID code to be taken")
    assert t.kiosk.session.identity.id_number == RESIDENT[1]
    assert t.kiosk.session.identity.proof is IdentityProof.E_ID_QR
    assert RESIDENT[1] not in " ".join(t.texts())  # masked on screen, as a card's

    t.vm.goHome()
    if t.vm.confirmingHome:
        t.vm.confirmHome()
    t.kiosk.session.end()
    t.frame()
    open_eid_service(t)
    t.wait_until(lambda: t.shows("已经用过"), "the used code to be refused")
    assert t.screen == "identify" and t.kiosk.session.identity is None


def test_offline_the_identify_screen_does_not_offer_phone_codes(make_terminal):
    t = make_terminal(fake_clock=True)
    with sample_link(t.kiosk, online=False):
        open_eid_service(t)
        assert not t.shows(HINT) and not t.vm.journeyModel.acceptsEid
