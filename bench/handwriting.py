"""How well the handwriting pad reads characters, against the bare recognizer.

Usage: python bench/handwriting.py [--chars 1000] [--seed 16] [--data DIR]

The yardstick is the npm package hanzi-writer-data (Make Me a Hanzi's stroke medians,
derived from the Arphic fonts; Arphic Public License): one polyline a stroke, in the
standard order, for a fixed seeded sample of GB2312 level-1 characters. It is fetched
into a cache folder with `npm install` on first use (--data names an installed copy);
the product neither ships it nor learns anything from it. Its 1024 box with y upwards
(the glyph's top at 900) is converted to the pad's 1000 box with y downwards.

Each character is read three ways in the same run: the terminal's recognizer as the pad
uses it (kiosk/handwriting), the bare Zinnia model on the same strokes (the baseline),
and the terminal's recognizer on the same strokes as a hand writes them (`jittered`:
slanted, scaled, shifted and shaken, seeded). Font medians are tidier than any finger,
so the figures are an upper bound for real writing. Prints one JSON line.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kiosk.handwriting import BOX, HandwritingRecognizer  # noqa: E402

PACKAGE = "hanzi-writer-data"
PACKAGE_VERSION = "2.0.1"
CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "one-terminal-kiosk"


def fetch_data_set(where: Path | None) -> Path:
    """The package's folder: --data, or the cache, installed there by npm if need be."""
    if where is not None:
        return where
    folder = CACHE / f"{PACKAGE}-{PACKAGE_VERSION}"
    installed = folder / "node_modules" / PACKAGE
    if not (installed / "package.json").is_file():
        if shutil.which("npm") is None:
            sys.exit(f"bench/handwriting.py needs {PACKAGE} from the npm registry: install "
                     "npm (Debian: npm), or pass --data with an installed copy")
        folder.mkdir(parents=True, exist_ok=True)
        subprocess.run(["npm", "install", "--silent", "--no-audit", "--no-fund",
                        "--prefix", str(folder), f"{PACKAGE}@{PACKAGE_VERSION}"], check=True)
    return installed


def gb2312_level1() -> list[str]:
    """The 3,755 characters of GB2312's first level (rows 16 to 55), in code order."""
    characters = []
    for row in range(0xB0, 0xD8):
        for cell in range(0xA1, 0xFF):
            try:
                characters.append(bytes([row, cell]).decode("gb2312"))
            except UnicodeDecodeError:
                pass  # row 55 ends early
    return characters


def medians(data: Path, character: str) -> list[list[tuple[float, float]]]:
    raw = json.loads((data / f"{character}.json").read_text(encoding="utf-8"))
    scale = BOX / 1024
    return [[(x * scale, (900 - y) * scale) for x, y in stroke] for stroke in raw["medians"]]


def as_written(strokes, rng: random.Random):
    """The same strokes as a hand might put them on the pad: densified to a finger's
    sampling, slanted by up to 15 degrees, drawn at 45 to 95 % of the box's size
    somewhere in it, each point shaken by about 1 % of the box."""
    dense = []
    for stroke in strokes:
        points = [stroke[0]]
        for (x0, y0), (x1, y1) in zip(stroke, stroke[1:], strict=False):
            steps = max(1, int(math.dist((x0, y0), (x1, y1)) // 12))
            points += [(x0 + (x1 - x0) * k / steps, y0 + (y1 - y0) * k / steps)
                       for k in range(1, steps + 1)]
        dense.append(points)
    shear = math.tan(math.radians(rng.uniform(-15, 15)))
    middle_y = sum(y for s in dense for _, y in s) / sum(len(s) for s in dense)
    sheared = [[(x + shear * (y - middle_y), y) for x, y in s] for s in dense]
    xs = [x for s in sheared for x, _ in s]
    ys = [y for s in sheared for _, y in s]
    scale = BOX * rng.uniform(0.45, 0.95) / max(max(xs) - min(xs), max(ys) - min(ys), 1)
    half_w, half_h = (max(xs) - min(xs)) * scale / 2, (max(ys) - min(ys)) * scale / 2
    centre_x = rng.uniform(half_w + 10, BOX - half_w - 10) if half_w < BOX / 2 - 10 else BOX / 2
    centre_y = rng.uniform(half_h + 10, BOX - half_h - 10) if half_h < BOX / 2 - 10 else BOX / 2
    shake = BOX * 0.01

    def place(x: float, y: float) -> tuple[float, float]:
        x = (x - (min(xs) + max(xs)) / 2) * scale + centre_x + rng.gauss(0, shake)
        y = (y - (min(ys) + max(ys)) / 2) * scale + centre_y + rng.gauss(0, shake)
        return min(max(x, 0.0), BOX), min(max(y, 0.0), BOX)

    return [[place(x, y) for x, y in s] for s in sheared]


def prepare_in_a_new_process(cache: Path) -> float:
    """Seconds a terminal started afresh takes to prepare from the cache (its own
    process: this one already holds the shapes)."""
    script = ("import sys, time\n"
              "from pathlib import Path\n"
              "from kiosk.handwriting import HandwritingRecognizer\n"
              "recognizer = HandwritingRecognizer(cache_dir=Path(sys.argv[1]))\n"
              "began = time.perf_counter()\n"
              "recognizer.prepare()\n"
              "print(time.perf_counter() - began)\n")
    done = subprocess.run([sys.executable, "-c", script, str(cache)], check=True,
                          capture_output=True, text=True, cwd=Path(__file__).resolve().parents[1])
    return float(done.stdout)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chars", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument("--data", type=Path, help=f"an installed {PACKAGE} folder")
    args = parser.parse_args()
    data = fetch_data_set(args.data)
    level1 = [c for c in gb2312_level1() if (data / f"{c}.json").is_file()]
    sample = random.Random(args.seed).sample(level1, min(args.chars, len(level1)))

    with tempfile.TemporaryDirectory() as cache:
        recognizer = HandwritingRecognizer(cache_dir=Path(cache))
        started = time.perf_counter()
        recognizer.prepare()  # as the terminal does after its first frame
        prepare_s = time.perf_counter() - started
        prepare_again_s = prepare_in_a_new_process(Path(cache))  # a later start

        rng = random.Random(args.seed + 1)
        top1 = top5 = jittered5 = jittered1 = bare1 = bare5 = bare_jittered5 = 0
        times, bare_times = [], []
        for character in sample:
            strokes = medians(data, character)
            began = time.perf_counter()
            read = recognizer.recognize(strokes)
            times.append(time.perf_counter() - began)
            began = time.perf_counter()
            bare = recognizer.bare(strokes)
            bare_times.append(time.perf_counter() - began)
            written = as_written(strokes, rng)
            shaken = recognizer.recognize(written)
            bare_shaken = recognizer.bare(written)
            top1 += read[:1] == [character]
            top5 += character in read[:5]
            bare1 += bare[:1] == [character]
            bare5 += character in bare[:5]
            jittered1 += shaken[:1] == [character]
            jittered5 += character in shaken[:5]
            bare_jittered5 += character in bare_shaken[:5]

    n = len(sample)
    print(json.dumps({
        "data_set": {"name": f"npm {PACKAGE}@{PACKAGE_VERSION} (Make Me a Hanzi medians)",
                     "licence": "Arphic Public License"},
        "chars": n,
        "seed": args.seed,
        "top1": round(top1 / n, 4),
        "top5": round(top5 / n, 4),
        "top1_jittered": round(jittered1 / n, 4),
        "top5_jittered": round(jittered5 / n, 4),
        "baseline_top1": round(bare1 / n, 4),
        "baseline_top5": round(bare5 / n, 4),
        "baseline_top5_jittered": round(bare_jittered5 / n, 4),
        "p50_ms": round(percentile(times, 0.5) * 1000, 2),
        "p95_ms": round(percentile(times, 0.95) * 1000, 2),
        "baseline_p95_ms": round(percentile(bare_times, 0.95) * 1000, 2),
        "p95_over_baseline": round(percentile(times, 0.95) / percentile(bare_times, 0.95), 2),
        "prepare_s": round(prepare_s, 2),
        "prepare_from_cache_s": round(prepare_again_s, 3),
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
    }))


if __name__ == "__main__":
    main()
