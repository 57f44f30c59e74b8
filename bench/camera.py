"""Live preview speed: camera frames captured and scanned for a QR code, on one core.

    .venv/bin/python bench/camera.py [--frames 300]

Runs itself under `taskset -c 0` (one core, as the acceptance asks). Two 1280x720 MJPG
clips from drivers/camera/clips.py play through the real `OpenCvCamera` (a video file
source, as a camera stand-in): a phone showing a QR code, and an empty desk (no code:
the decoder's fallback runs on every frame). Each frame is read and decoded with
`decode_qr` (zxing-cpp, then OpenCV's Aruco detector where zxing finds nothing). The
baseline, in the same run: bare `cv2.VideoCapture.read()` of the same file, no decoding.
Prints one JSON object with frames per second.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import cv2  # noqa: E402

from drivers.camera.clips import DEFAULT_QR_TEXT, scenes, write_clip  # noqa: E402
from drivers.camera.opencv_camera import OpenCvCamera  # noqa: E402
from drivers.camera.qr import decode_qr  # noqa: E402


def pinned_to_one_core() -> None:
    """Re-run under `taskset -c 0` unless already on one core."""
    if len(os.sched_getaffinity(0)) == 1 or not shutil.which("taskset"):
        return
    os.execvp("taskset", ["taskset", "-c", "0", sys.executable, *sys.argv])


def capture_and_decode(path: Path, frames: int) -> dict:
    camera = OpenCvCamera(str(path), loop=True)
    camera.open()
    decoded = 0
    started = time.perf_counter()
    for _ in range(frames):
        frame = camera.read_frame()
        if frame is None:
            raise SystemExit(f"{path.name}: the camera gave no frame")
        if DEFAULT_QR_TEXT in decode_qr(frame):
            decoded += 1
    seconds = time.perf_counter() - started
    camera.close()
    return {"fps": round(frames / seconds, 1), "frames": frames,
            "frames_with_the_code_decoded": decoded}


def bare_read(path: Path, frames: int) -> float:
    capture = cv2.VideoCapture(str(path))
    started = time.perf_counter()
    for _ in range(frames):
        ok, _ = capture.read()
        if not ok:
            capture.set(cv2.CAP_PROP_POS_FRAMES, 0)
            ok, _ = capture.read()
    seconds = time.perf_counter() - started
    capture.release()
    return round(frames / seconds, 1)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--frames", type=int, default=300)
    args = parser.parse_args()
    pinned_to_one_core()
    makers = scenes()
    results = {}
    with tempfile.TemporaryDirectory(prefix="bench-camera-") as scratch:
        for name in ("phone_qr", "desk"):
            clip = write_clip(Path(scratch) / f"{name}.avi", makers[name], size=(1280, 720),
                              frames=90)
            results[name] = capture_and_decode(clip, args.frames)
            results[name]["baseline_bare_read_fps"] = bare_read(clip, args.frames)
    print(json.dumps({
        "cpus": sorted(os.sched_getaffinity(0)),
        "size": "1280x720",
        "with_code": results["phone_qr"],
        "without_code": results["desk"],
        "min_fps": min(r["fps"] for r in results.values()),
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main())
