"""The terminal trusts only the CA it is configured with, and a terminal whose credential
the platform does not know is refused and says so."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import trustme

from kiosk.sync.enrollment import EnrollmentFailed, enroll
from offline_cache.platform_link import PlatformLink
from tests.central.harness import CentralServer
from tests.sync.conftest import application, engine_for, enrolled, fast_platform_config


@pytest.fixture(scope="module")
def tls_central(tmp_path_factory) -> Iterator[tuple[CentralServer, str, str]]:
    work = tmp_path_factory.mktemp("central-tls")
    authority, stranger = trustme.CA(), trustme.CA()
    issued = authority.issue_cert("127.0.0.1")
    cert, key = work / "cert.pem", work / "key.pem"
    ca, other_ca = work / "ca.pem", work / "other-ca.pem"
    cert.write_bytes(b"".join(blob.bytes() for blob in issued.cert_chain_pems))
    issued.private_key_pem.write_to_path(str(key))
    authority.cert_pem.write_to_path(str(ca))
    stranger.cert_pem.write_to_path(str(other_ca))
    server = CentralServer(db=work / "central.sqlite3", log=work / "central.log",
                           extra_args=["--tls-cert", str(cert), "--tls-key", str(key)]).start()
    try:
        yield server, str(ca), str(other_ca)
    finally:
        server.stop()


def test_the_terminal_enrolls_and_syncs_over_tls_trusting_only_its_ca(tls_central, store):
    server, ca, _ = tls_central
    platform = enrolled(store, server, ca_file=ca)
    store.outbox.submit(application(1, seed=20, terminal=store))
    report = engine_for(store, platform).run_once()
    assert report.delivered == 1 and report.errors == []


def test_a_certificate_from_another_ca_is_refused(tls_central, store):
    server, ca, other_ca = tls_central
    with pytest.raises(EnrollmentFailed, match="certificate not trusted"):
        enroll(store, server.url, server.enroll_code(), fast_platform_config(ca_file=other_ca))
    platform = enrolled(store, server, ca_file=ca)  # enrolled properly, then the CA changes
    store.outbox.submit(application(1, seed=21, terminal=store))
    engine = engine_for(store, fast_platform_config(ca_file=other_ca))
    report = engine.run_once()
    assert report.delivered == 0
    assert "certificate not trusted" in engine.status().last_error
    assert store.outbox.pending()[0].state == "queued"
    assert engine_for(store, platform).run_once().delivered == 1


def test_the_public_roots_do_not_vouch_for_the_platform(tls_central, store):
    server, _, _ = tls_central
    with pytest.raises(EnrollmentFailed, match="TLS check failed"):
        enroll(store, server.url, server.enroll_code(), fast_platform_config())


def test_a_credential_the_platform_does_not_know_is_refused(central, store):
    link = enrolled(store, central)
    real = store.platform.load()
    store.platform.save(PlatformLink(real.url, real.terminal_id, "not-the-token",
                                     real.catalogue_public_key, real.catalogue_key_id))
    store.outbox.submit(application(1, seed=22, terminal=store))
    engine = engine_for(store, link)
    engine.run_once()
    status = engine.status()
    assert status.credential_refused
    assert "not known to the platform" in status.last_error
    assert store.outbox.pending()[0].attempts == 1
