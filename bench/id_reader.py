"""The ID card driver's own time on a read, on top of what the line and the module take.

    .venv/bin/python bench/id_reader.py [--reads 60] [--baud 115200] [--module-delay-ms 20]

A GA 467 module emulator on a pseudo-terminal paces its answers at the line speed (10
bits a byte, 8N1) after a module delay for each command; the real driver reads it through
pyserial. One read of a freshly laid card is find + select + read: three commands, the
read answer alone 1295 bytes. The time the line and the module must take is assumed to be
the answers' wire time plus three module delays (the host's few command bytes go out
unpaced); the driver's own time is what a read takes beyond that.

The baseline, in the same run: the same three commands written raw with pyserial and the
answers read back raw, with no framing, parsing or decoding, timed the same way. Prints
one JSON object.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import serial  # noqa: E402

from drivers.id_reader.emulator import SamModuleEmulator, load_cards  # noqa: E402
from drivers.id_reader.ga467 import Command, build_command  # noqa: E402
from drivers.id_reader.protocol import CardRead  # noqa: E402
from drivers.id_reader.pty_emulator import PtySamModule, wire_seconds  # noqa: E402
from drivers.id_reader.serial_port import open_serial_id_reader  # noqa: E402

READ_COMMANDS = (Command.FIND_CARD, Command.SELECT_CARD, Command.READ_TEXT_PHOTO)


def percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def summary(samples_s: list[float]) -> dict:
    ms = [s * 1000 for s in samples_s]
    return {"p50_ms": round(statistics.median(ms), 2), "p95_ms": round(percentile(ms, 0.95), 2),
            "max_ms": round(max(ms), 2)}


def driver_reads(sam: PtySamModule, reads: int, baud: int) -> tuple[list[float], list[float]]:
    """(seconds per read, seconds the line and module must take for it)."""
    module = sam.module
    reader = open_serial_id_reader(sam.port, baud, answer_timeout_s=1.0)
    elapsed, required = [], []
    try:
        reader.poll()  # port opened, no card
        for n in range(reads):
            module.present_card("li_jianguo" if n % 2 else "wang_xiulan")
            answered, commands = sam.bytes_answered, sam.commands_answered
            started = time.perf_counter()
            event = reader.poll()
            elapsed.append(time.perf_counter() - started)
            if not isinstance(event, CardRead):
                raise SystemExit(f"read {n} did not read the card: {event}")
            required.append(wire_seconds(sam.bytes_answered - answered, baud)
                            + (sam.commands_answered - commands) * sam.module_delay_s)
            module.remove_card()
            while reader.poll() is None:  # until the removal is confirmed
                pass
    finally:
        reader.close()
    return elapsed, required


def raw_reads(sam: PtySamModule, reads: int, baud: int) -> tuple[list[float], list[float]]:
    """The same exchanges with bare pyserial: write, then read until the answer's length."""
    module = sam.module
    port = serial.Serial(sam.port, baud, timeout=1.0)
    elapsed, required = [], []
    try:
        for n in range(reads):
            module.present_card("li_jianguo" if n % 2 else "wang_xiulan")
            answered, commands = sam.bytes_answered, sam.commands_answered
            started = time.perf_counter()
            for command in READ_COMMANDS:
                port.write(build_command(command))
                head = port.read(7)  # preamble and LEN
                length = int.from_bytes(head[5:7], "big")
                port.read(length)
            elapsed.append(time.perf_counter() - started)
            required.append(wire_seconds(sam.bytes_answered - answered, baud)
                            + (sam.commands_answered - commands) * sam.module_delay_s)
            module.remove_card()
    finally:
        port.close()
    return elapsed, required


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reads", type=int, default=60)
    parser.add_argument("--baud", type=int, default=115200)
    parser.add_argument("--module-delay-ms", type=float, default=20.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-id-reader-") as scratch:
        module = SamModuleEmulator(load_cards())
        with PtySamModule(module, baudrate=args.baud, module_delay_s=args.module_delay_ms / 1000,
                          link=Path(scratch) / "id-reader") as sam:
            raw_s, raw_required = raw_reads(sam, args.reads, args.baud)
            driver_s, required = driver_reads(sam, args.reads, args.baud)
    overhead = [e - r for e, r in zip(driver_s, required, strict=True)]
    raw_overhead = [e - r for e, r in zip(raw_s, raw_required, strict=True)]
    print(json.dumps({
        "reads": args.reads,
        "baud": args.baud,
        "module_delay_ms": args.module_delay_ms,
        "assumed_wire_and_module_ms": round(statistics.median(required) * 1000, 2),
        "assumed_wire_ms": round((statistics.median(required)
                                  - 3 * args.module_delay_ms / 1000) * 1000, 2),
        "read": summary(driver_s),
        "driver_own_time": summary(overhead),
        "baseline_raw_pyserial_own_time": summary(raw_overhead),
        "driver_own_p95_minus_baseline_p95_ms": round(
            (percentile(overhead, 0.95) - percentile(raw_overhead, 0.95)) * 1000, 2),
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main())
