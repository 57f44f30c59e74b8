"""The `kiosk` command: run the terminal, and the technician's tools.

Every subcommand takes `--config FILE` and `--data-dir DIR`. Commands that need no
screen never load Qt: only `run` may import `ui` (once the screens exist), inside the
command itself.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import time
from pathlib import Path
from typing import NoReturn

from kiosk.catalogue.loader import CatalogueError
from kiosk.config import (
    SYSTEM_CONFIG_PATH,
    ConfigError,
    configuration_file,
    default_data_dir,
    load_config,
)
from offline_cache.private_files import NotOurs

STARTED = time.perf_counter()  # for the first-frame figure: as close to start as we get


def _common(parser: argparse.ArgumentParser, *, top: bool = False) -> None:
    # On subcommands the defaults are SUPPRESS so that `kiosk --config A sub` keeps A.
    default = None if top else argparse.SUPPRESS
    parser.add_argument("--config", type=Path, default=default,
                        help=f"TOML configuration file (default: $KIOSK_CONFIG, else "
                             f"{SYSTEM_CONFIG_PATH} if there is one, else built-in defaults)")
    parser.add_argument("--data-dir", type=Path, default=default,
                        help="where the store lives (default: $KIOSK_DATA_DIR or "
                             "~/.local/share/one-terminal-kiosk)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kiosk", description="One-terminal government self-service kiosk.")
    _common(parser, top=True)
    parser.add_argument("--demo", action="store_true",
                        help="emulated devices, bundled catalogue, throw-away data dir, "
                             "windowed, with a device simulator window")
    parser.add_argument("--headless", action="store_true",
                        help="with --demo: run one resident's visit without screens, narrated")
    parser.add_argument("--exit-after-first-frame", action="store_true",
                        help="start, show the first screen, exit (proves start-up in CI)")
    parser.add_argument("--emulated-devices", action="store_true",
                        help="run without a configuration file: built-in defaults, every "
                             "device emulated in the process")
    parser.add_argument("--log-json", action="store_true", help="log one JSON object a line")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    run = sub.add_parser("run", help="start the terminal (the default)")
    _common(run)
    run.add_argument("--demo", action="store_true", default=argparse.SUPPRESS)
    run.add_argument("--exit-after-first-frame", action="store_true", default=argparse.SUPPRESS)
    run.add_argument("--headless", action="store_true", default=argparse.SUPPRESS)
    run.add_argument("--emulated-devices", action="store_true", default=argparse.SUPPRESS)

    config = sub.add_parser("config", help="configuration")
    config_sub = config.add_subparsers(dest="action", metavar="ACTION", required=True)
    show = config_sub.add_parser("show", help="print the effective configuration as TOML")
    _common(show)
    show.add_argument("--json", action="store_true")

    catalogue = sub.add_parser("catalogue", help="the service catalogue")
    catalogue_sub = catalogue.add_subparsers(dest="action", metavar="ACTION", required=True)
    check = catalogue_sub.add_parser("check", help="tell which items would be skipped, and why")
    _common(check)
    check.add_argument("path", nargs="?", type=Path,
                       help="catalogue JSON (default: the configured one)")
    check.add_argument("--json", action="store_true")
    search = catalogue_sub.add_parser("search", help="what a resident typing QUERY would see")
    _common(search)
    search.add_argument("query")
    search.add_argument("--json", action="store_true")
    search.add_argument("--limit", type=int, default=10)

    outbox = sub.add_parser("outbox", help="queued submissions (no personal data)")
    _common(outbox)
    outbox.add_argument("--json", action="store_true")
    outbox.add_argument("--all", action="store_true", help="delivered ones too")
    outbox.add_argument("--send-again", metavar="TRACKING",
                        help="queue a set-aside item again, once what refused it is resolved "
                             "(the terminal re-enrolled under its old id, say)")

    enroll = sub.add_parser("enroll", help="link this terminal to the central platform")
    _common(enroll)
    enroll.add_argument("--platform", required=True, metavar="URL")
    enroll.add_argument("--code", required=True, help="the one-time enrollment code")
    enroll.add_argument("--label", default="", help="where the terminal stands, for the platform")

    sync = sub.add_parser("sync", help="sync with the platform and report what was done")
    _common(sync)
    sync.add_argument("--once", action="store_true", required=True,
                      help="one round: uploads, catalogue, heartbeat")
    sync.add_argument("--json", action="store_true")

    tour = sub.add_parser(
        "tour", help="every screen of every journey to PNG, both orientations, normal and "
                     "elder mode, checked; tour.json lists them and the problems found")
    _common(tour)
    tour.add_argument("--out", type=Path, required=True, metavar="DIR",
                      help="where the pictures and tour.json go")

    devices = sub.add_parser("devices", help="the technician's device tools (no screen)")
    devices_sub = devices.add_subparsers(dest="action", metavar="ACTION", required=True)
    check = devices_sub.add_parser(
        "check", help="every configured device: state, model, and what to do about a problem")
    _common(check)
    check.add_argument("--json", action="store_true")
    for name, what in (("read-id", "wait for a resident ID card and show its fields"),
                       ("read-card", "wait for a social security card and show its fields")):
        read = devices_sub.add_parser(name, help=what)
        _common(read)
        read.add_argument("--json", action="store_true")
        read.add_argument("--timeout", type=float, default=30.0, metavar="S")
        read.add_argument("--reveal", action="store_true",
                          help="show the ID number and name unmasked")
    print_test = devices_sub.add_parser(
        "print-test", help="a test receipt (Chinese text, QR code, cut), status before and after")
    _common(print_test)
    print_test.add_argument("--a4", action="store_true",
                            help="a test page on the A4 document printer instead")
    print_test.add_argument("--timeout", type=float, default=120.0, metavar="S",
                            help="--a4: how long to wait for the page to come out")
    speak_test = devices_sub.add_parser(
        "speak-test", help="say a Chinese test sentence through the speaker; name its voice")
    _common(speak_test)
    speak_test.add_argument("--out", type=Path, metavar="FILE.wav",
                            help="also write espeak-ng's rendering of it with the same voice")
    scan = devices_sub.add_parser("scan", help="the first QR code the camera sees")
    _common(scan)
    scan.add_argument("--json", action="store_true")
    scan.add_argument("--timeout", type=float, default=30.0, metavar="S")

    store = sub.add_parser("store", help="the local store")
    store_sub = store.add_subparsers(dest="action", metavar="ACTION", required=True)
    salvage = store_sub.add_parser(
        "salvage", help="recover the items of a damaged database set aside earlier "
                        "(kiosk.db.corrupt-...) into the store; it keeps their tracking numbers")
    _common(salvage)
    salvage.add_argument("file", type=Path, help="the damaged database file")
    salvage.add_argument("--json", action="store_true")

    technician = sub.add_parser("technician", help="the technician's own settings")
    technician_sub = technician.add_subparsers(dest="action", metavar="ACTION", required=True)
    set_pin = technician_sub.add_parser(
        "set-pin", help="set the PIN that opens maintenance on the screen (in --config FILE, "
                        "as a salted slow hash)")
    _common(set_pin)
    set_pin.add_argument("--pin-stdin", action="store_true",
                         help="read the PIN from standard input (one line) instead of asking")

    handwriting = sub.add_parser("handwriting", help="the handwriting pad's recognizer")
    handwriting_sub = handwriting.add_subparsers(dest="action", metavar="ACTION", required=True)
    recognize = handwriting_sub.add_parser(
        "recognize", help="the characters the pad would offer for strokes, best first")
    _common(recognize)
    recognize.add_argument(
        "--strokes", required=True, metavar="FILE",
        help="JSON [[[x, y], ...], ...]: one list of points a stroke, in the order written, "
             "in a 1000x1000 box with y growing downwards ('-': standard input)")
    recognize.add_argument("--json", action="store_true", help='print {"candidates": [...]}')
    recognize.add_argument("--top", type=int, default=10, metavar="N")
    recognize.add_argument("--context", choices=("text", "name", "address", "search"),
                           default="text", help="the field written in: a name prefers "
                                                "surnames first, a search the catalogue's words")
    recognize.add_argument("--before", default="", metavar="TEXT",
                           help="the field's text before the cursor")

    logs = sub.add_parser("logs", help="the terminal's log")
    logs_sub = logs.add_subparsers(dest="action", metavar="ACTION", required=True)
    bundle = logs_sub.add_parser(
        "bundle", help="the log bundle, for a technician's USB stick: log files, journal, "
                       "device states, configuration without secrets; no personal data")
    _common(bundle)
    bundle.add_argument("--out", type=Path, required=True)

    update = sub.add_parser("update", help="signed software updates")
    update_sub = update.add_subparsers(dest="action", metavar="ACTION", required=True)
    update_status = update_sub.add_parser(
        "status", help="versions installed, running, previous, waiting to switch")
    _common(update_status)
    update_status.add_argument("--json", action="store_true")
    apply = update_sub.add_parser(
        "apply", help="check a release file and install it beside the running version; "
                      "the terminal switches to it when nobody is using it")
    _common(apply)
    apply.add_argument("file", type=Path)
    apply_downloaded = update_sub.add_parser(
        "apply-downloaded", help="install what the kiosk downloaded from the platform (the "
                                 "updater's work, as root)")
    _common(apply_downloaded)
    rollback = update_sub.add_parser("rollback", help="back to the previous version")
    _common(rollback)
    make_key = update_sub.add_parser(
        "make-key", help="a new release key (for the release engineer, not a terminal)")
    make_key.add_argument("--out", type=Path, required=True)
    build = update_sub.add_parser(
        "build", help="a signed release of every wheel in a folder (the release engineer's)")
    build.add_argument("--version", required=True)
    build.add_argument("--wheels", type=Path, required=True)
    build.add_argument("--key", type=Path, required=True)
    build.add_argument("--out", type=Path, required=True)
    build.add_argument("--downgrade-of", metavar="VERSION",
                       help="an operator's downgrade: the version this one replaces")

    burn_in = sub.add_parser(
        "burn-in", help="complete resident journeys by taps (or keypad), to burn in a new "
                        "terminal")
    _common(burn_in)
    burn_in.add_argument("--sessions", type=int, default=100)
    burn_in.add_argument("--json", action="store_true")
    burn_in.add_argument("--orientation", choices=("portrait", "landscape"))
    burn_in.add_argument("--input", choices=("touch", "keypad"), default="touch",
                         help="touch: taps on the screen; keypad: the tactile keypad's keys "
                              "alone, as [keypad] maps them")
    return parser


def main(argv: list[str] | None = None) -> int:
    # Whatever the kiosk writes (store, keys, logs) is for the kiosk's user alone.
    os.umask(0o077)
    args = build_parser().parse_args(argv)
    from kiosk.logging_setup import setup_logging

    setup_logging(json_lines=args.log_json)
    if args.command == "update" and args.action in ("make-key", "build"):
        from kiosk.update import command as update_command  # no terminal configuration

        if args.action == "make-key":
            return update_command.make_key_command(args.out)
        return update_command.build_command(args.version, args.wheels, args.key, args.out,
                                            args.downgrade_of)
    if args.command == "technician":  # before loading it: the file may not exist yet
        from kiosk.set_pin import set_pin_command

        return set_pin_command(args.config, pin_stdin=args.pin_stdin)
    command = args.command or "run"
    config_file = configuration_file(args.config)
    if command == "run" and config_file is None and not (args.demo or args.emulated_devices):
        print(f"kiosk: no configuration file: a terminal reads its devices, platform and "
              f"screen from {SYSTEM_CONFIG_PATH} (or --config FILE, or $KIOSK_CONFIG), and "
              f"there is none. To try the kiosk without devices: kiosk --demo, or kiosk run "
              f"--emulated-devices.", file=sys.stderr)
        return 2
    try:
        config = load_config(config_file)
    except ConfigError as exc:
        print(f"kiosk: configuration problem: {exc}", file=sys.stderr)
        return 2
    data_dir = args.data_dir or default_data_dir()
    try:
        if command == "run":
            return _run(args, config, data_dir)
        if command == "config":
            return _config_show(config, args.json)
        if command == "catalogue" and args.action == "check":
            return _catalogue_check(config, args.path, args.json)
        if command == "catalogue" and args.action == "search":
            return _catalogue_search(config, data_dir, args.query, args.limit, args.json)
        if command in ("outbox", "enroll", "sync"):
            from kiosk.sync import commands

            if command == "outbox":
                if args.send_again:
                    return commands.send_again_command(config, data_dir, args.send_again)
                return commands.outbox_command(config, data_dir, args.json, args.all)
            if command == "enroll":
                return commands.enroll_command(config, data_dir, args.platform, args.code,
                                               args.label)
            return commands.sync_once_command(config, data_dir, args.json)
        if command == "devices":
            return _devices(config, args, data_dir)
        if command == "store":
            from kiosk.store_commands import salvage_command

            return salvage_command(config, data_dir, args.file, as_json=args.json)
        if command == "tour":
            return _tour(config, args.out, args.data_dir)
        if command == "handwriting":
            from kiosk.handwriting.command import recognize_command

            return recognize_command(config, data_dir, args.strokes, top=args.top,
                                     as_json=args.json, kind=args.context, before=args.before)
        if command == "logs":
            return _logs_bundle(config, data_dir, args.out)
        if command == "update":
            from kiosk.update import command as update_command

            if args.action == "status":
                return update_command.status_command(config, as_json=args.json)
            if args.action == "apply":
                return update_command.apply_command(config, args.file)
            if args.action == "apply-downloaded":
                return update_command.apply_downloaded_command(config, data_dir)
            return update_command.rollback_command(config)
        if command == "burn-in":
            from ui.rehearsal.burn_in import burn_in_command  # loads Qt: only inside the command

            return burn_in_command(config, args.sessions, as_json=args.json,
                                   data_dir=args.data_dir, orientation=args.orientation,
                                   keypad=args.input == "keypad")
    except KeyboardInterrupt:
        return 130
    except NotOurs as exc:
        print(f"kiosk: {exc}", file=sys.stderr)
        return 2
    except CatalogueError as exc:
        print(f"kiosk: no usable catalogue: {exc}", file=sys.stderr)
        return 1
    raise AssertionError(f"unhandled command {command}")


def _run(args, config, data_dir: Path) -> int:
    if args.demo and args.headless:
        from kiosk.demo import run_headless_demo

        return run_headless_demo(config, args.data_dir)
    from ui.app import run  # the one place the command line loads Qt

    code = run(config, args.data_dir if args.demo else data_dir, demo=args.demo,
               exit_after_first_frame=args.exit_after_first_frame, started=STARTED)
    _leave_now(code)


def _leave_now(code: int) -> NoReturn:
    """End the screens' process without Python's own teardown. Everything that needed
    closing is closed by now (the visit wiped, the store, the devices, the demo's platform
    and folder); what may still run is a background preparation (the handwriting shapes,
    partly in Zinnia's C++, the proofs' font), whose thread the teardown would stop in the
    middle of a C++ call: that aborts the process (std::terminate) instead of ending it.
    Those preparations write under another name and rename, so nothing is left half."""
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


def _logs_bundle(config, data_dir: Path, out: Path) -> int:
    from kiosk.logs import make_bundle
    from kiosk.storage import key_dir_for
    from kiosk.update.running import software_version
    from offline_cache.keys import KeyMissing, read_link

    try:
        link = read_link(key_dir_for(config, data_dir))
    except KeyMissing:
        link = None  # a bundle is made all the same: it says which terminal if it can
    bundle = make_bundle(config, data_dir, link.terminal_id if link else None,
                         software_version())
    try:
        out.write_bytes(bundle)
    except OSError as exc:
        print(f"kiosk logs: {out}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    print(f"{out}: {len(bundle)} bytes")
    return 0


def _devices(config, args, data_dir: Path) -> int:
    from kiosk import device_tools

    match args.action:
        case "check":
            return device_tools.check(config, data_dir, as_json=args.json)
        case "read-id" | "read-card":
            kind = "id_reader" if args.action == "read-id" else "card_reader"
            return device_tools.read_card(config, kind, as_json=args.json,
                                          timeout_s=args.timeout, reveal=args.reveal)
        case "print-test":
            if args.a4:
                return device_tools.print_test_a4(config, timeout_s=args.timeout)
            return device_tools.print_test(config)
        case "speak-test":
            return device_tools.speak_test(config, out=args.out)
        case "scan":
            return device_tools.scan(config, as_json=args.json, timeout_s=args.timeout)
    raise AssertionError(f"unhandled devices action {args.action}")


def _tour(config, out_dir: Path, scratch_root: Path | None) -> int:
    """The tour never touches the terminal's own store: it runs on throw-away data dirs
    (made under --data-dir when given, else in the system's temporary folder)."""
    from ui.rehearsal.tour import tour_command  # loads Qt: only inside the command

    return tour_command(config, out_dir, scratch_root)


def _config_show(config, as_json: bool) -> int:
    if as_json:
        print(json.dumps(config.as_dict(), ensure_ascii=False, indent=2))
    else:
        import tomli_w

        print(tomli_w.dumps(config.as_dict()), end="")
    return 0


def _catalogue_check(config, path: Path | None, as_json: bool) -> int:
    from kiosk.catalogue.loader import load_catalogue_file
    from kiosk.catalogue.repository import configured_catalogue_path

    path = path or configured_catalogue_path(config.catalogue)
    try:
        loaded = load_catalogue_file(path)
    except CatalogueError as exc:
        if as_json:
            print(json.dumps({"path": str(path), "usable": False, "error": str(exc)},
                             ensure_ascii=False))
        else:
            print(f"{path}: cannot be used: {exc}")
        return 1
    report = {
        "path": str(path),
        "usable": True,
        "version": loaded.version,
        "items": len(loaded.items),
        "skipped": [
            {"position": s.position, "code": s.code, "reason": s.reason} for s in loaded.skipped
        ],
    }
    if as_json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        print(f"{path}: version {loaded.version}: {len(loaded.items)} items load, "
              f"{len(loaded.skipped)} would be skipped")
        for s in loaded.skipped:
            print(f"  item #{s.position} ({s.code or 'no code'}): {s.reason}")
    return 1 if loaded.skipped else 0


def _catalogue_search(config, data_dir: Path, query: str, limit: int, as_json: bool) -> int:
    from kiosk.catalogue.repository import open_catalogue
    from kiosk.storage import open_store

    store = open_store(config, data_dir)
    try:
        catalogue = open_catalogue(store, config.catalogue)
    finally:
        store.close()
    hits = catalogue.search(query, limit=limit)
    if as_json:
        print(json.dumps(
            [{"rank": i, "code": h.code, "name": h.name, "score": round(h.score, 3)}
             for i, h in enumerate(hits, 1)],
            ensure_ascii=False, indent=2))
    else:
        if not hits:
            print(f"nothing found for {query!r}")
        for i, h in enumerate(hits, 1):
            print(f"{i:2}. {h.code}  {h.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
