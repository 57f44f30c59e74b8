"""An AT-SPI client, as a screen reader is: run with Debian's own python3 (pyatspi is a
Debian package, python3-pyatspi, not in the kiosk's virtual environment), never imported
by the kiosk or its tests. It talks only to the AT-SPI registry on the session bus it is
given, and prints one JSON object on stdout (listen: a line before it, once listening).

    python3 atspi_walker.py tree APP [--until-heading TEXT] [--timeout S]
        every showing node of APP's windows in reading order: role, name, states,
        actions, depth; with --until-heading, waits until a heading says TEXT
    python3 atspi_walker.py press APP NAME [NAME ...] [--prefix]
        the "Press" action of the showing node named NAME (or whose name starts with NAME),
        the first one in reading order, as a screen reader's "activate" does; with
        several names, each in turn (digits typed on a pad)
    python3 atspi_walker.py listen APP [--until TEXT ...]
        what a screen reader would say on its own, unasked: every announcement
        (object:announcement, from QML's Accessible.announce) APP sends, while other
        walkers press buttons. Prints {"listening": APP} on a line once it listens, then
        {"heard": [...]} when it stops: on SIGTERM, or once it has heard every TEXT (each
        within one announcement), or at the timeout (then with an "error")

The timeout only bounds a hang (the kiosk not appearing, a screen never coming, an
announcement never made); what is waited for is polled, or, for announcements, waited
for in GLib's main loop.
"""

import argparse
import json
import signal
import sys
import time

import pyatspi
from gi.repository import GLib

POLL_S = 0.1
# AtspiLive: what a screen reader does with an announcement (detail1 of the event).
POLITENESS = {0: "none", 1: "polite", 2: "assertive"}


def find_application(name, timeout):
    deadline = time.monotonic() + timeout
    while True:
        desktop = pyatspi.Registry.getDesktop(0)
        for app in desktop:
            if app is not None and app.name == name:
                return app
        if time.monotonic() > deadline:
            seen = [app.name for app in desktop if app is not None]
            raise SystemExit(f"no application {name!r} on the AT-SPI registry (saw {seen})")
        time.sleep(POLL_S)


def state_names(node):
    return sorted(state.value_nick for state in node.getState().getStates())


def action_names(node):
    try:
        action = node.queryAction()
    except NotImplementedError:
        return []
    return [action.getName(i) for i in range(action.nActions)]


def showing_nodes(app):
    """(node, depth) of every showing node under the application, in reading order."""
    found = []

    def walk(node, depth):
        if node is None or not node.getState().contains(pyatspi.STATE_SHOWING):
            return
        found.append((node, depth))
        for child in node:
            walk(child, depth + 1)

    for window in app:
        walk(window, 0)
    return found


def describe(node, depth):
    return {"role": node.getRoleName(), "name": node.name, "states": state_names(node),
            "actions": action_names(node), "depth": depth}


def tree(args):
    app = find_application(args.app, args.timeout)
    deadline = time.monotonic() + args.timeout
    while True:
        try:
            nodes = [describe(node, depth) for node, depth in showing_nodes(app)]
        except GLib.GError:  # a node went with its screen while being read (a card was
            if time.monotonic() > deadline:  # read meanwhile): read the new screen
                raise
            time.sleep(POLL_S)
            continue
        headings = [n["name"] for n in nodes if n["role"] == "heading"]
        if args.until_heading is None or args.until_heading in headings:
            return {"nodes": nodes}
        if time.monotonic() > deadline:
            return {"nodes": nodes, "error": f"no heading {args.until_heading!r} "
                                             f"(headings: {headings})"}
        time.sleep(POLL_S)


def press(args):
    app = find_application(args.app, args.timeout)
    pressed = {}
    for name in args.names:
        pressed = press_one(app, name, args.prefix)
        if "error" in pressed or not pressed["done"]:
            return pressed
    return pressed


def press_one(app, name, prefix):
    for node, _depth in showing_nodes(app):
        named = node.name.startswith(name) if prefix else node.name == name
        if not named:
            continue
        actions = action_names(node)
        # Qt names a button's action "Press" (QAccessibleActionInterface::pressAction);
        # a line of the same words may offer only "SetFocus".
        if "Press" not in actions:
            continue
        index = actions.index("Press")
        pressed = {"pressed": node.name, "role": node.getRoleName(), "action": actions[index]}
        # The node may be gone as soon as it is pressed (its screen replaced): read first.
        pressed["done"] = bool(node.queryAction().doAction(index))
        return pressed
    return {"error": f"no showing node named {name!r} that can be pressed"}


def listen(args):
    heard = []
    outcome = {}

    def stop(error=None):
        if error:
            outcome["error"] = error
        pyatspi.Registry.stop()
        return GLib.SOURCE_REMOVE

    def on_announcement(event):
        if event.host_application is None or event.host_application.name != args.app:
            return
        heard.append({"text": str(event.any_data),
                      "politeness": POLITENESS.get(event.detail1, str(event.detail1)),
                      **said_by(event.source)})
        if args.until and all(any(text in h["text"] for h in heard) for text in args.until):
            stop()

    pyatspi.Registry.registerEventListener(on_announcement, "object:announcement")
    GLib.unix_signal_add(GLib.PRIORITY_DEFAULT, signal.SIGTERM, stop)
    GLib.timeout_add(
        int(args.timeout * 1000), stop,
        f"not heard within {args.timeout} s: {args.until}" if args.until
        else f"not stopped within {args.timeout} s")
    json.dump({"listening": args.app}, sys.stdout, ensure_ascii=False)
    sys.stdout.write("\n")
    sys.stdout.flush()
    pyatspi.Registry.start(gil=False)  # GLib's main loop, until stop()
    pyatspi.Registry.deregisterEventListener(on_announcement, "object:announcement")
    return {"heard": heard, **outcome}


def said_by(node):
    """The node an announcement was made on (it may be gone already)."""
    try:
        return {"role": node.getRoleName(), "name": node.name}
    except Exception:  # noqa: BLE001 - gone from the tree: the words are what counts
        return {"role": None, "name": None}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    tree_parser = sub.add_parser("tree")
    tree_parser.add_argument("app")
    tree_parser.add_argument("--until-heading")
    press_parser = sub.add_parser("press")
    press_parser.add_argument("app")
    press_parser.add_argument("names", nargs="+", metavar="name")
    press_parser.add_argument("--prefix", action="store_true")
    listen_parser = sub.add_parser("listen")
    listen_parser.add_argument("app")
    listen_parser.add_argument("--until", action="append", default=[], metavar="text")
    for p in (tree_parser, press_parser, listen_parser):
        p.add_argument("--timeout", type=float, default=30.0)
    args = parser.parse_args()
    result = {"tree": tree, "press": press, "listen": listen}[args.command](args)
    json.dump(result, sys.stdout, ensure_ascii=False)
    sys.stdout.write("\n")
    return 1 if "error" in result else 0


if __name__ == "__main__":
    sys.exit(main())
