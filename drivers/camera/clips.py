"""Camera clips: what the kiosk's camera looks at, as video files a real `OpenCvCamera`
plays as if it were a camera (`[devices.camera] driver = "opencv", source = FILE`).

    python -m drivers.camera.clips --out DIR [--size 1280x720] [--seconds 4]

writes phone_qr.avi (a phone with a QR code, held a little unsteadily), document.avi (an
A4 page on a desk), face.avi (a resident in front of the camera), desk.avi (nothing to
see), all MJPG, which the headless OpenCV wheel reads and writes. The frames are the
emulator's generators (drivers/camera/emulator.py), with a new seed every few frames so
noise and hand shake change as in a real picture.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

import cv2
import numpy as np

from drivers.camera.emulator import desk_frame, document_on_desk_frame, face_frame, phone_qr_frame

FPS = 30
DEFAULT_QR_TEXT = "DEMO01-20261201-00042"


def scenes(qr_text: str = DEFAULT_QR_TEXT) -> dict[str, Callable[[tuple[int, int], int],
                                                                  np.ndarray]]:
    """Clip name -> frame maker (size, seed)."""
    return {
        "phone_qr": lambda size, seed: phone_qr_frame(qr_text, size, seed,
                                                      tilt_degrees=4.0 + seed % 5),
        "document": lambda size, seed: document_on_desk_frame(size, seed=seed)[0],
        "face": lambda size, seed: face_frame(size, seed=seed),
        "desk": lambda size, seed: desk_frame(size, seed),
    }


def write_clip(path: Path, make_frame: Callable[[tuple[int, int], int], np.ndarray], *,
               size: tuple[int, int] = (1280, 720), frames: int = FPS * 2,
               distinct: int = 6) -> Path:
    """`frames` frames of `make_frame`, cycling through `distinct` seeds."""
    drawn = [make_frame(size, seed) for seed in range(distinct)]
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"MJPG"), FPS, size)
    if not writer.isOpened():
        raise OSError(f"cannot write a video to {path}")
    try:
        for n in range(frames):
            writer.write(drawn[(n // 5) % distinct])
    finally:
        writer.release()
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write camera clips for the opencv driver.")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--size", default="1280x720")
    parser.add_argument("--seconds", type=float, default=4.0)
    parser.add_argument("--qr-text", default=DEFAULT_QR_TEXT)
    args = parser.parse_args(argv)
    width, height = (int(side) for side in args.size.lower().split("x"))
    args.out.mkdir(parents=True, exist_ok=True)
    for name, make in scenes(args.qr_text).items():
        path = write_clip(args.out / f"{name}.avi", make, size=(width, height),
                          frames=int(FPS * args.seconds))
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
