"""An e-ID QR code on a resident's phone: the platform vouches for it once; offline it is
no proof, and the resident is told to use a card instead."""

from __future__ import annotations

import pytest

from kiosk.app import Kiosk
from kiosk.catalogue.model import IdentityProof, JourneyKind
from kiosk.config import KioskConfig
from kiosk.journeys import JourneyError, StepKind
from tests.sync.conftest import enrolled, fast_platform_config, link_to_nowhere

RESIDENT = ("赵小敏", "110101199003070016")  # fictional


@pytest.fixture
def kiosk(tmp_path):
    k = Kiosk(KioskConfig(platform=fast_platform_config()), tmp_path / "kiosk")
    yield k
    k.close()


def eid_service(kiosk):
    return next(i for i in kiosk.catalogue.by_journey(JourneyKind.APPLY)
                if IdentityProof.E_ID_QR in i.identity_proofs)


def test_an_e_id_code_identifies_the_resident_once(central, kiosk):
    enrolled(kiosk.store, central)
    kiosk.relink()
    token = central.admin("eid-token", "--name", RESIDENT[0], "--id-number",
                          RESIDENT[1]).stdout.strip()
    journey = kiosk.start("apply", eid_service(kiosk).code)
    journey.next()
    assert journey.step.kind is StepKind.IDENTIFY
    assert kiosk.identify_with_eid(token)
    assert journey.identity.id_number == RESIDENT[1]
    assert journey.identity.proof is IdentityProof.E_ID_QR and journey.identity.is_proof
    assert journey.step.kind is not StepKind.IDENTIFY
    kiosk.session.end()
    again = kiosk.start("apply", eid_service(kiosk).code)
    again.next()
    with pytest.raises(JourneyError) as refused:
        kiosk.identify_with_eid(token)  # a code works once
    assert "已经用过" in str(refused.value.message)
    assert again.identity is None


def test_offline_an_e_id_code_is_no_proof(kiosk):
    link_to_nowhere(kiosk.store)
    kiosk.relink()
    journey = kiosk.start("apply", eid_service(kiosk).code)
    journey.next()
    with pytest.raises(JourneyError) as refused:
        kiosk.identify_with_eid("EID1.abc.def")
    assert "需要联网核验" in str(refused.value.message)
    assert journey.identity is None and journey.step.kind is StepKind.IDENTIFY


def test_a_qr_code_that_is_not_an_e_id_code_is_ignored(kiosk):
    assert kiosk.identify_with_eid("https://example.org/not-an-id") is False
