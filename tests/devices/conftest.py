"""Fixtures for the device tests: the private PC/SC stack (see pcsc_stack.py) and the
private audio stack (see audio_stack.py)."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

from tests.devices import audio_stack as audio
from tests.devices.pcsc_stack import SOCKET_ENV, PrivatePcscd, missing_prerequisite


@pytest.fixture(scope="session")
def pcsc_stack(tmp_path_factory):
    """A private pcscd, not started yet; this process's PC/SC client points at its socket.

    Session-wide because libpcsclite reads the socket path once per process.
    """
    missing = missing_prerequisite()
    if missing:
        pytest.skip(f"no private PC/SC stack: {missing}")
    stack = PrivatePcscd(tmp_path_factory.mktemp("pcscd"))
    before = os.environ.get(SOCKET_ENV)
    os.environ[SOCKET_ENV] = str(stack.socket_path)
    yield stack
    stack.stop()
    if before is None:
        os.environ.pop(SOCKET_ENV, None)
    else:
        os.environ[SOCKET_ENV] = before


@pytest.fixture
def pcscd(pcsc_stack):
    """pcscd running with its vpcd readers for one test, stopped (no process left) after."""
    pcsc_stack.start()
    yield pcsc_stack
    pcsc_stack.stop()
    assert not pcsc_stack.running


def _audio_stack(with_audio: bool):
    missing = audio.missing_prerequisite()
    if missing:
        pytest.skip(f"no private audio stack: {missing}")
    # A short directory: a Unix socket's path must stay under 108 bytes.
    root = Path(tempfile.mkdtemp(prefix="kiosk-audio-"))
    stack = audio.AudioStack(root)
    try:
        stack.start(audio=with_audio)
        with stack.env():
            yield stack
    finally:
        stack.stop()
        left = stack.leftover_processes()
        shutil.rmtree(root, ignore_errors=True)
    assert not left, f"processes left behind: {left}"


@pytest.fixture
def audio_stack():
    """A private PulseAudio with a null sink and a speech-dispatcher playing into it; this
    process's environment points at them. Everything is stopped (and checked) after."""
    yield from _audio_stack(with_audio=True)


@pytest.fixture
def silent_stack():
    """A private speech-dispatcher with no audio server at all."""
    yield from _audio_stack(with_audio=False)


@pytest.fixture
def monitor(audio_stack):
    """What reaches the stack's null sink, recorded while the test runs."""
    with audio.MonitorRecorder(audio_stack) as recorder:
        yield recorder


@pytest.fixture(scope="module")
def stack():
    """A private IPP Everywhere printer (ippeveprinter, with its dbus and avahi) for a
    module's tests; see ipp_stack.py."""
    from tests.devices.ipp_stack import IppPrinterStack, missing_prerequisite

    missing = missing_prerequisite()
    if missing:
        pytest.skip(f"no private IPP printer: {missing}")
    started = IppPrinterStack().start()
    yield started
    started.stop()
    assert not started.running()
