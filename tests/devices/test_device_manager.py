"""A resident's request to a device and the heartbeat's health probe on the same device:
the request waits for the probe and goes, instead of failing as busy (a photo failed when
the platform asked, at that moment, how the camera was)."""

import threading

from drivers.camera.emulator import EmulatedCamera
from drivers.manager import DeviceManager


class CameraSlowToAnswerHealth(EmulatedCamera):
    """The emulated camera, whose health check takes as long as a test says (a real
    device's probe talks to the hardware)."""

    def __init__(self):
        super().__init__(size=(320, 240))
        self.probing = threading.Event()
        self.answer = threading.Event()

    def health(self):
        self.probing.set()
        self.answer.wait(10)
        return super().health()


def test_a_request_that_meets_a_health_probe_waits_for_it_instead_of_failing():
    camera = CameraSlowToAnswerHealth()
    manager = DeviceManager({"camera": camera})
    try:
        manager.call("camera", lambda c: c.open())
        probe = threading.Thread(target=manager.health)  # the heartbeat, on the sync thread
        probe.start()
        assert camera.probing.wait(10)
        threading.Timer(0.2, camera.answer.set).start()
        frame = manager.call("camera", lambda c: c.read_frame())  # the resident's photo
        assert frame is not None
        probe.join(10)
        assert manager.last_state("camera").can_serve
    finally:
        camera.answer.set()
        manager.close()
