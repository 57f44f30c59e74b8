"""A resident's look-up asks the platform for their cases with proof from this visit: the
card read, signed with the terminal's own key (made at enrollment, in the key directory),
or the platform's grant from the e-ID check. A typed number is never sent. A terminal
enrolled before it had a key registers one on its next round."""

from __future__ import annotations

import dataclasses
import json
import stat
import time

import requests

from kiosk.app import Kiosk
from kiosk.catalogue.model import IdentityProof
from kiosk.config import KioskConfig
from kiosk.identity import Identity
from kiosk.journeys import StepKind
from kiosk.sync.visit_proof import public_key_text
from offline_cache.keys import SIGNING_KEY_FILE
from offline_cache.platform_link import PlatformLink
from tests.sync.conftest import RESIDENT_ID, application, enrolled, fast_platform_config


def card_read_now() -> Identity:
    return Identity(id_number=RESIDENT_ID, proof=IdentityProof.ID_CARD, name="王秀兰")


def audit(central, kiosk) -> list[dict]:
    terminal_id = kiosk.store.platform.load().terminal_id
    return json.loads(central.admin("case-queries", "--json", "--terminal", terminal_id).stdout)


def look_up(kiosk, identity: Identity) -> set[str]:
    journey = kiosk.start("progress")
    journey.identify(identity)
    while journey.step.kind is not StepKind.LOOKUP_RESULT:
        journey.next()
    found = {case.tracking_number for case in journey.look_up().cases}
    kiosk.session.end()
    return found


def online_kiosk(central, path, *, seed: int) -> tuple[Kiosk, object]:
    kiosk = Kiosk(KioskConfig(platform=fast_platform_config()), path)
    enrolled(kiosk.store, central)
    kiosk.relink()
    record = application(1, seed=seed, terminal=kiosk.store)
    kiosk.store.outbox.submit(record)
    assert kiosk.sync.run_once().delivered == 1
    return kiosk, record


def test_a_card_read_here_brings_the_residents_cases_and_nothing_is_sent_for_a_typed_number(
        central, tmp_path):
    kiosk, record = online_kiosk(central, tmp_path / "k", seed=60)
    try:
        key_file = kiosk.store.keys.path / SIGNING_KEY_FILE
        assert stat.S_IMODE(key_file.stat().st_mode) == 0o600

        assert record.tracking_number in look_up(kiosk, card_read_now())
        rows = audit(central, kiosk)
        assert [(r["proof_kind"], r["outcome"]) for r in rows] == [("card_read", "answered")]

        typed = dataclasses.replace(card_read_now(), proof=IdentityProof.TYPED_ID_NUMBER)
        assert kiosk.sync.cases_for(typed, "visitabcdefg") is None
        assert len(audit(central, kiosk)) == 1  # the platform was never asked

        # A card read long ago is no proof of who stands here now.
        earlier = dataclasses.replace(card_read_now(), proven_at=time.time() - 600)
        assert kiosk.sync.cases_for(earlier, "visitabcdefg") is None
        assert audit(central, kiosk)[0]["outcome"] == "proof_stale"
    finally:
        kiosk.close()


def test_an_e_id_check_then_the_look_up_finds_the_residents_cases(central, tmp_path):
    kiosk, record = online_kiosk(central, tmp_path / "k", seed=61)
    try:
        token = central.admin("eid-token", "--name", "王秀兰", "--id-number",
                              RESIDENT_ID).stdout.strip()
        vouched = kiosk.check_eid(token)
        assert vouched.platform_grant and vouched.platform_grant not in repr(vouched)
        assert record.tracking_number in look_up(kiosk, vouched)
        assert [(r["proof_kind"], r["outcome"]) for r in audit(central, kiosk)] == [
            ("e_id", "answered")]
    finally:
        kiosk.close()


def test_a_terminal_enrolled_before_keys_registers_one_on_its_next_round(central, tmp_path):
    # Enrolled the old way: no signing key was sent, none is kept.
    answer = requests.post(central.url + "/v1/enrollments",
                           json={"code": central.enroll_code()}, timeout=30).json()
    assert answer["signing_key_registered"] is False
    kiosk = Kiosk(KioskConfig(platform=fast_platform_config()), tmp_path / "k")
    try:
        kiosk.store.platform.save(PlatformLink(
            central.url, answer["terminal_id"], answer["token"],
            answer["catalogue_public_key"], answer["catalogue_key_id"]))
        kiosk.relink()
        assert kiosk.store.platform.signing_key() is None
        record = application(1, seed=62, terminal=kiosk.store)
        kiosk.store.outbox.submit(record)
        report = kiosk.sync.run_once()
        assert report.delivered == 1 and report.heartbeat == "sent"

        key = kiosk.store.platform.signing_key()
        assert key is not None
        register = requests.post(central.url + "/v1/terminal/signing-key",
                                 json={"public_key": public_key_text(key)},
                                 headers={"Authorization": f"Bearer {answer['token']}"},
                                 timeout=30)
        assert register.status_code == 200  # the platform holds this very key already
        assert record.tracking_number in look_up(kiosk, card_read_now())
        def registrations() -> int:
            return central.log.read_text().count("POST /v1/terminal/signing-key")

        sent = registrations()
        kiosk.sync.run_once()  # registered once: not asked again
        assert registrations() == sent
    finally:
        kiosk.close()
