"""TLS: the platform serves HTTPS with a certificate from a throwaway CA, and a client that
trusts only that CA talks to it while one trusting the public roots refuses to."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import requests
import trustme

from tests.central.harness import CentralServer, enroll


@pytest.fixture(scope="module")
def tls_central(tmp_path_factory) -> Iterator[tuple[CentralServer, str]]:
    work = tmp_path_factory.mktemp("central-tls")
    authority = trustme.CA()
    issued = authority.issue_cert("127.0.0.1")
    cert, key, ca = work / "cert.pem", work / "key.pem", work / "ca.pem"
    cert.write_bytes(b"".join(blob.bytes() for blob in issued.cert_chain_pems))
    issued.private_key_pem.write_to_path(str(key))
    authority.cert_pem.write_to_path(str(ca))
    server = CentralServer(
        db=work / "central.sqlite3", log=work / "central.log",
        extra_args=["--tls-cert", str(cert), "--tls-key", str(key)],
    ).start()
    try:
        yield server, str(ca)
    finally:
        server.stop()


def test_the_server_announces_an_https_url_on_loopback(tls_central):
    server, _ca = tls_central
    assert server.url.startswith("https://127.0.0.1:")


def test_a_client_trusting_only_the_throwaway_ca_enrolls_and_calls(tls_central):
    server, ca = tls_central
    terminal = enroll(server, verify=ca)
    try:
        answer = terminal.http.get(terminal.url("/v1/catalogue"))
        assert answer.status_code == 200
        assert answer.json()["kind"] == "full"
    finally:
        terminal.http.close()


def test_a_client_trusting_the_public_roots_refuses_the_certificate(tls_central):
    server, _ca = tls_central
    with pytest.raises(requests.exceptions.SSLError):
        requests.get(server.url + "/v1/time", timeout=30)


def test_plain_http_to_the_tls_port_gets_no_answer(tls_central):
    server, _ca = tls_central
    with pytest.raises(requests.exceptions.ConnectionError):
        requests.get(server.url.replace("https://", "http://") + "/v1/time", timeout=30)
