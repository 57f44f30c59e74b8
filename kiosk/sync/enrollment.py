"""Enrollment: a technician's one-time code turns into this terminal's link to the platform."""

from __future__ import annotations

import base64
import binascii
import logging

from kiosk.config import PlatformConfig, platform_url_problem
from kiosk.sync.client import PlatformClient, PlatformError
from kiosk.sync.visit_proof import REGISTERED_KEY, new_signing_key, public_key_text
from offline_cache.platform_link import PlatformLink

log = logging.getLogger(__name__)


class EnrollmentFailed(Exception):
    """Says why, for the technician (wrong code, used code, platform not reachable ...)."""


def enroll(store, url: str, code: str, config: PlatformConfig, *, label: str = "") -> PlatformLink:
    problem = platform_url_problem(url)
    if problem:  # the code and then the credential would cross the network in the clear
        raise EnrollmentFailed(f"the platform address {problem}")
    client = PlatformClient(url, ca_file=config.ca_file,
                            connect_timeout_s=config.connect_timeout_s,
                            read_timeout_s=config.read_timeout_s)
    # The terminal's own key, new with every enrollment: it signs the card reads that
    # let the platform answer a resident's case look-up.
    signing_key = new_signing_key()
    public_key = public_key_text(signing_key)
    try:
        answer = client.call("POST", "/v1/enrollments", expect=(201,),
                             json_body={"code": code.strip(), "label": label,
                                        "signing_public_key": public_key})
    except PlatformError as exc:
        raise EnrollmentFailed(_explain(exc)) from None
    finally:
        client.close()
    link = _link_from(answer.body, url)
    store.platform.save(link, signing_key=signing_key)
    if answer.body.get("signing_key_registered") is True:
        store.platform.put({REGISTERED_KEY: public_key})  # else the engine registers it
    log.info("enrolled with the platform as terminal %s", link.terminal_id)
    return link


def _link_from(body, url: str) -> PlatformLink:
    fields = ("terminal_id", "token", "catalogue_public_key", "catalogue_key_id")
    if not isinstance(body, dict) or not all(
            isinstance(body.get(name), str) and body[name] for name in fields):
        raise EnrollmentFailed("the platform's answer is not an enrollment (wrong address?)")
    try:
        key = base64.b64decode(body["catalogue_public_key"], validate=True)
    except (binascii.Error, ValueError):
        key = b""
    if len(key) != 32:
        raise EnrollmentFailed("the platform's catalogue key is not an Ed25519 public key")
    if not body["terminal_id"].isalnum() or not body["terminal_id"].isascii():
        raise EnrollmentFailed("the platform gave a terminal id that cannot go on receipts")
    return PlatformLink(url.rstrip("/"), body["terminal_id"], body["token"],
                        body["catalogue_public_key"], body["catalogue_key_id"],
                        body.get("server_time") or "")


def _explain(exc: PlatformError) -> str:
    known = {
        "enrollment_code_used": "this enrollment code was used already; ask for a new one",
        "enrollment_code_expired": "this enrollment code has expired; ask for a new one",
        "enrollment_code_invalid": "the platform does not know this enrollment code (typed right?)",
        "too_many_attempts": "too many wrong codes from this terminal; wait and try again",
    }
    return known.get(exc.code or "", exc.message)
