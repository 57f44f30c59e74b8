"""`python -m central`: run the platform, or one of its admin commands.

python -m central --host 127.0.0.1 --port 0 --db central.sqlite3 [--tls-cert F --tls-key F]
python -m central serve --db postgresql+psycopg://central@127.0.0.1/central --workers 4
python -m central migrate --db central.sqlite3 [--check]
python -m central enroll-code --db central.sqlite3
python -m central revoke --db central.sqlite3 --terminal T1234ABCD
python -m central report --db central.sqlite3 --json
python -m central catalogue-update --db central.sqlite3 --file items.json
python -m central reject --db central.sqlite3 --case GS202500000001 --reason "..."
python -m central eid-token --db central.sqlite3 --name 王秀兰 --id-number 371002...
python -m central command --db central.sqlite3 --terminal T1234ABCD --command sync_now
python -m central gc --db central.sqlite3 [--older-than-hours 48] [--json]
python -m central submissions --db central.sqlite3 --json [--terminal T1234ABCD]
python -m central case-queries --db central.sqlite3 [--json] [--terminal T1234ABCD]
python -m central records-load --db central.sqlite3 --file records.json
python -m central verify-proof --db central.sqlite3 --code XXXX-XXXX-XXXX-XXXX-XXXX [--json]
python -m central pay --db central.sqlite3 --order ZF2026-XXXX-XXXX-XXXX-XXXX
python -m central cancel-order --db central.sqlite3 --order ZF2026-XXXX-XXXX-XXXX-XXXX
python -m central complete --db central.sqlite3 --case GS2026-... --output id_number=1101...
python -m central correct --db central.sqlite3 --case GS2026-... --file correction.json
python -m central openapi --out central/openapi.json
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

from sqlalchemy.exc import DataError

from central import admin, payments, proofs
from central.attachments import DEFAULT_MAX_PENDING_BYTES, DEFAULT_MAX_PENDING_UPLOADS
from central.catalogue import CatalogueUpdateError
from central.cleanup import DEFAULT_EXPIRY_HOURS, DEFAULT_INTERVAL_SECONDS
from central.connections import (
    DEFAULT_BODY_TIMEOUT,
    DEFAULT_HEAD_TIMEOUT,
    DEFAULT_MAX_CONNECTIONS,
    DEFAULT_MAX_PER_ADDRESS,
)
from central.corrections import CorrectionFileError
from central.ratelimit import DEFAULT_LIMIT, DEFAULT_WINDOW_SECONDS
from central.records_file import RecordsFileError
from central.storage import Database, DatabaseUnavailable, PaymentOrder, first_line, refusal_reason
from central.submissions import CompletionError
from central.terminals import REMOTE_COMMANDS

OPENAPI_FILE = Path(__file__).with_name("openapi.json")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m central", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command")

    def with_db(name: str, help_text: str) -> argparse.ArgumentParser:
        command = sub.add_parser(name, help=help_text)
        command.add_argument("--db", required=True, help="SQLite file path or a database URL")
        return command

    serve = with_db("serve", "run the HTTP server (the default command)")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8080, help="0 picks a free port")
    serve.add_argument(
        "--workers", type=int, default=1,
        help="worker processes sharing the port (PostgreSQL only; default 1)",
    )
    serve.add_argument("--tls-cert")
    serve.add_argument("--tls-key")
    serve.add_argument(
        "--upload-expiry-hours", type=float, default=DEFAULT_EXPIRY_HOURS,
        help="remove unfinished and unnamed attachments untouched this long (default 48)",
    )
    serve.add_argument(
        "--gc-interval-seconds", type=float, default=DEFAULT_INTERVAL_SECONDS,
        help="how often the server looks for such attachments (default 600)",
    )
    serve.add_argument(
        "--enrollment-max-failures", type=int, default=DEFAULT_LIMIT,
        help="failed enrollments one client address may make per window (default 10)",
    )
    serve.add_argument(
        "--enrollment-window-seconds", type=float, default=DEFAULT_WINDOW_SECONDS,
        help="the window of that limit (default 600)",
    )
    serve.add_argument(
        "--forwarded-allow-ips", default="127.0.0.1",
        help="proxies whose X-Forwarded-For names the client (comma-separated, or '*')",
    )
    serve.add_argument(
        "--head-timeout-seconds", type=float, default=DEFAULT_HEAD_TIMEOUT,
        help="close a connection whose request line and headers take longer (default 10)",
    )
    serve.add_argument(
        "--body-timeout-seconds", type=float, default=DEFAULT_BODY_TIMEOUT,
        help="close a connection whose request body sends nothing this long (default 30)",
    )
    serve.add_argument(
        "--max-connections", type=int, default=DEFAULT_MAX_CONNECTIONS,
        help="connections open at once (default 1000; fewer if the open-file limit is lower)",
    )
    serve.add_argument(
        "--max-connections-per-address", type=int, default=DEFAULT_MAX_PER_ADDRESS,
        help="connections open at once from one client address (default 64)",
    )
    serve.add_argument(
        "--max-pending-uploads", type=int, default=DEFAULT_MAX_PENDING_UPLOADS,
        help="unfinished uploads one terminal may have (default 50)",
    )
    serve.add_argument(
        "--max-pending-upload-mib", type=int, default=DEFAULT_MAX_PENDING_BYTES // 2**20,
        help="announced MiB of one terminal's unfinished uploads (default 512)",
    )

    serve.add_argument(
        "--proof-checks-per-window", type=int, default=proofs.CHECK_LIMIT,
        help="proof code checks (GET /v1/proofs/CODE) one client address may make per "
             "window (default 20)",
    )
    serve.add_argument(
        "--proof-check-window-seconds", type=float, default=proofs.CHECK_WINDOW_SECONDS,
        help="the window of that limit (default 600)",
    )

    serve.add_argument(
        "--releases", type=Path, metavar="DIR",
        help="a folder of the terminal software's release files: the newest is offered to "
             "terminals (GET /v1/software); they install only what their release key signed",
    )
    serve.add_argument(
        "--payment-minutes", type=float, default=payments.DEFAULT_PAYMENT_MINUTES,
        help="how long a fee order awaits payment before it expires (default 15)",
    )
    serve.add_argument(
        "--pay-after", type=float, metavar="SECONDS",
        help="test and demo mode: an awaiting order reads paid this many seconds after "
             "its creation (instead of waiting for `pay`)",
    )

    code = with_db("enroll-code", "print a one-time enrollment code")
    code.add_argument("--valid-hours", type=float, default=24.0)
    code.add_argument("--terminal", metavar="ID",
                      help="re-enroll this known terminal: it keeps its id (and what it "
                           "sent keeps its tracking numbers); its old credential stops")

    with_db("revoke", "revoke a terminal's credential").add_argument("--terminal", required=True)

    report = with_db("report", "print counts and terminals")
    report.add_argument("--json", action="store_true")

    update = with_db("catalogue-update", "change catalogue items (a new revision)")
    update.add_argument("--file", required=True, type=Path)

    reject = with_db("reject", "reject a case (by case or tracking number)")
    reject.add_argument("--case", required=True)
    reject.add_argument("--reason", required=True)

    token = with_db("eid-token", "print an e-ID QR token for a test resident")
    token.add_argument("--name", required=True)
    token.add_argument("--id-number", required=True)
    token.add_argument("--valid-minutes", type=float, default=10.0)

    command = with_db("command", "queue a remote command for a terminal's next heartbeat")
    command.add_argument("--terminal", required=True)
    command.add_argument("--command", required=True, choices=REMOTE_COMMANDS, dest="remote")

    logs = with_db("logs", "a terminal's log bundles (sent after `command --command "
                           "send_logs`): list them, or write the newest to --out")
    logs.add_argument("--terminal", required=True)
    logs.add_argument("--out", type=Path, help="write the newest bundle here (a .tar.gz)")

    gc = with_db("gc", "remove abandoned attachments now and print what went")
    gc.add_argument("--older-than-hours", type=float, default=DEFAULT_EXPIRY_HOURS)
    gc.add_argument("--json", action="store_true")

    listing = with_db("submissions", "print every distinct submission as stored")
    listing.add_argument("--json", action="store_true", help="everything, payloads included")
    listing.add_argument("--terminal", help="only this terminal's submissions")

    queries = with_db("case-queries", "print the audit of case queries, newest first")
    queries.add_argument("--json", action="store_true")
    queries.add_argument("--terminal", help="only this terminal's queries")
    queries.add_argument("--limit", type=int, default=200)

    load = with_db("records-load", "load residents' records and reference data (JSON; "
                                   "central/README.md describes the format)")
    load.add_argument("--file", required=True, type=Path)

    verify = with_db("verify-proof", "check a proof's verification code, as printed")
    verify.add_argument("--code", required=True)
    verify.add_argument("--json", action="store_true")

    pay = with_db("pay", "the payment provider reports an order paid (after its deadline "
                         "or cancellation: refunded)")
    pay.add_argument("--order", required=True)

    cancel = with_db("cancel-order", "cancel an order that awaits payment")
    cancel.add_argument("--order", required=True)

    complete = with_db("complete", "the office finished a case, with its named outputs; "
                                   "life-event links waiting on it move on")
    complete.add_argument("--case", required=True)
    complete.add_argument("--output", action="append", default=[], metavar="KEY=VALUE")

    correct = with_db("correct", "send a case back for correction with the list in a file "
                                 "(central/README.md describes it)")
    correct.add_argument("--case", required=True)
    correct.add_argument("--file", required=True, type=Path)

    migrate = with_db("migrate", "bring the database's schema up to date (the server "
                                 "and every command also do on opening it)")
    migrate.add_argument("--check", action="store_true",
                         help="change nothing: exit 1 and list the pending migrations if any")

    openapi = sub.add_parser("openapi", help="write the OpenAPI document")
    openapi.add_argument("--out", type=Path, default=OPENAPI_FILE)
    return parser


def openapi_document() -> dict:
    from central.app import create_app

    db = Database("sqlite://")  # in memory: the document does not depend on data
    try:
        return create_app(db).openapi()
    finally:
        db.close()


def openapi_text() -> str:
    return json.dumps(openapi_document(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0].startswith("-"):
        argv.insert(0, "serve")
    args = _parser().parse_args(argv)
    if args.command == "serve":
        from central.attachments import UploadQuota
        from central.connections import ConnectionLimits
        from central.server import serve

        if args.max_pending_uploads < 1 or args.max_pending_upload_mib < 1:
            print("central: --max-pending-uploads and --max-pending-upload-mib >= 1",
                  file=sys.stderr)
            return 2
        return serve(
            args.db, args.host, args.port, workers=args.workers,
            tls_cert=args.tls_cert, tls_key=args.tls_key,
            upload_expiry_hours=args.upload_expiry_hours,
            gc_interval_seconds=args.gc_interval_seconds,
            enrollment_max_failures=args.enrollment_max_failures,
            enrollment_window_seconds=args.enrollment_window_seconds,
            forwarded_allow_ips=args.forwarded_allow_ips,
            connection_limits=ConnectionLimits(
                head_timeout=args.head_timeout_seconds, body_timeout=args.body_timeout_seconds,
                max_total=args.max_connections,
                max_per_address=args.max_connections_per_address,
            ),
            upload_quota=UploadQuota(args.max_pending_uploads,
                                     args.max_pending_upload_mib * 2**20),
            proof_checks=(args.proof_checks_per_window, args.proof_check_window_seconds),
            payment_settings=payments.PaymentSettings(args.payment_minutes, args.pay_after),
            releases_dir=args.releases,
        )
    if args.command == "openapi":
        args.out.write_text(openapi_text(), encoding="utf-8")
        print(f"wrote {args.out}")
        return 0
    if args.command == "migrate":
        return _migrate(args)
    try:
        db = Database(args.db)
    except DatabaseUnavailable as exc:
        print(f"central: cannot open the database: {first_line(exc)}", file=sys.stderr)
        return 2
    try:
        return _admin(args, db)
    except DataError as exc:  # a value PostgreSQL will not store (too long, out of range)
        print(f"central: the database refused a value: {refusal_reason(exc)}", file=sys.stderr)
        return 1
    finally:
        db.close()


def _migrate(args) -> int:
    from central import migrations

    try:
        db = Database(args.db, migrate=False)
        try:
            pending = migrations.pending(db)
            if args.check:
                for step in pending:
                    print(f"pending: {step.version} {step.summary}")
                print(f"schema: {len(pending)} migration(s) pending" if pending
                      else f"schema up to date (version {migrations.LATEST})")
                return 1 if pending else 0
            ran = migrations.migrate(db)
        finally:
            db.close()
    except DatabaseUnavailable as exc:
        print(f"central: cannot open the database: {first_line(exc)}", file=sys.stderr)
        return 2
    for step in ran:
        print(f"migrated: {step.version} {step.summary}")
    print(f"schema up to date (version {migrations.LATEST})")
    return 0


def _logs(db: Database, terminal: str, out: Path | None) -> int:
    from central import log_bundles

    if out is None:
        bundles = log_bundles.listed(db, terminal)
        for bundle_id, received_at, size in bundles:
            print(f"{bundle_id}\t{received_at}\t{size} bytes")
        if not bundles:
            print(f"no log bundle from {terminal} (send one: command --command send_logs)")
        return 0
    newest = log_bundles.newest(db, terminal)
    if newest is None:
        print(f"no log bundle from {terminal}", file=sys.stderr)
        return 1
    received_at, size, data = newest
    out.write_bytes(data)
    print(f"{out}: the bundle of {received_at} ({size} bytes)")
    return 0


def _admin(args, db: Database) -> int:
    if args.command == "enroll-code":
        try:
            print(admin.make_enrollment_code(db, args.valid_hours, args.terminal))
        except ValueError as exc:
            print(f"central: {exc}", file=sys.stderr)
            return 2
    elif args.command == "revoke":
        if not admin.revoke_terminal(db, args.terminal):
            print(f"no terminal {args.terminal}", file=sys.stderr)
            return 1
        print(f"revoked {args.terminal}")
    elif args.command == "report":
        data = admin.report(db)
        print(
            json.dumps(data, ensure_ascii=False, indent=2) if args.json else admin.report_text(data)
        )
    elif args.command == "catalogue-update":
        try:
            revision = admin.update_catalogue(db, args.file)
        except (CatalogueUpdateError, ValueError, KeyError) as exc:
            print(f"catalogue not changed: {exc}", file=sys.stderr)
            return 1
        print(f"catalogue revision {revision}")
    elif args.command == "reject":
        case_number = admin.reject(db, args.case, args.reason)
        if case_number is None:
            print(f"no case {args.case}", file=sys.stderr)
            return 1
        print(f"rejected {case_number}")
    elif args.command == "eid-token":
        print(admin.eid_token(db, args.name, args.id_number, args.valid_minutes))
    elif args.command == "command":
        command_id = admin.queue_command(db, args.terminal, args.remote)
        if command_id is None:
            print(f"no terminal {args.terminal}", file=sys.stderr)
            return 1
        print(f"queued {args.remote} for {args.terminal} (command {command_id})")
    elif args.command == "logs":
        return _logs(db, args.terminal, args.out)
    elif args.command == "gc":
        if args.older_than_hours < 0:
            print("--older-than-hours must be 0 or more", file=sys.stderr)
            return 2
        result = admin.collect_attachments(db, args.older_than_hours)
        print(json.dumps(result, indent=2) if args.json else admin.collect_text(result))
    elif args.command == "submissions":
        rows = admin.export_submissions(db, args.terminal)
        if args.json:
            print(json.dumps(rows, ensure_ascii=False, indent=2))
        else:
            print(admin.submissions_text(rows))
    elif args.command == "case-queries":
        rows = admin.case_queries(db, args.terminal, args.limit)
        print(json.dumps(rows, indent=2) if args.json else admin.case_queries_text(rows))
    elif args.command == "records-load":
        try:
            counts = admin.load_records(db, args.file)
        except RecordsFileError as exc:
            print(f"records not loaded: {exc}", file=sys.stderr)
            return 1
        print(f"loaded records of {counts['people']} resident(s) and "
              f"{counts['reference_tables']} reference table(s)")
    elif args.command == "verify-proof":
        found = admin.verify_proof(db, args.code)
        if found is None:
            print(f"no proof with code {args.code}", file=sys.stderr)
            return 1
        print(json.dumps(found, ensure_ascii=False, indent=2) if args.json
              else admin.proof_text(found))
    elif args.command in ("pay", "cancel-order"):
        return _order_command(args, db)
    elif args.command == "complete":
        return _complete(args, db)
    elif args.command == "correct":
        try:
            case_number = admin.correct(db, args.case, args.file)
        except CorrectionFileError as exc:
            print(f"correction not sent: {exc}", file=sys.stderr)
            return 1
        print(f"case {case_number} sent back for correction")
    return 0


_ORDER_OUTCOMES = {
    "paid": "order {n} paid",
    "refunded": "order {n} {was}: the payment was recorded and refunded at once",
    "paid_twice": "order {n}: the same resident's contribution for this year was already "
                  "paid by order {paid}; the payment was recorded and refunded at once",
    "already_paid": "order {n} is already paid; nothing changed",
    "already_refunded": "order {n} was already paid and refunded; nothing changed",
    "cancelled": "order {n} cancelled",
}


def _order_command(args, db: Database) -> int:
    if args.command == "pay":
        with db.session() as session:
            order = session.get(PaymentOrder, args.order)
            was = order.status if order is not None else None
            if order is not None:
                was = {"expired": "had expired", "cancelled": "was cancelled"}.get(
                    payments.settle(order).status)
        result = payments.report_payment(db, args.order)
    else:
        cancelled = payments.cancel(db, args.order)
        result, was = (*cancelled, None) if cancelled is not None else None, None
    if result is None:
        print(f"no order {args.order}", file=sys.stderr)
        return 1
    outcome, order, paid = result
    if outcome not in _ORDER_OUTCOMES:  # cancel-order of an order no longer awaiting
        print(f"order {order['order_number']} is {outcome}; not cancelled", file=sys.stderr)
        return 1
    print(_ORDER_OUTCOMES[outcome].format(n=order["order_number"], was=was, paid=paid))
    return 0


def _complete(args, db: Database) -> int:
    outputs = {}
    for given in args.output:
        key, sep, value = given.partition("=")
        if not sep or not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]{0,63}", key) or not value:
            print(f"--output {key or given!r}: write KEY=VALUE (KEY letters, digits, _)",
                  file=sys.stderr)
            return 2
        outputs[key] = value
    try:
        case_number, moved = admin.complete(db, args.case, outputs)
    except CompletionError as exc:
        print(f"not completed: {exc}", file=sys.stderr)
        return 1
    print(f"case {case_number} completed" + (f"; moved on: {', '.join(moved)}" if moved else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
