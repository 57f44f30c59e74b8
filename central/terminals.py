"""Terminal health from heartbeats, and the remote commands a technician queues.

A command is sent in every heartbeat answer until the terminal acknowledges its id in a
later heartbeat (`acknowledged_commands`); an acknowledged command is never sent again.
So an answer lost on the way costs nothing: the next heartbeat carries the command
again. The same id may therefore reach a kiosk more than once, and the kiosk runs each
id once (it remembers the ids it ran until the platform has taken their acknowledgement).
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import delete, func, select

from central.storage import Database, Heartbeat, RemoteCommand, Terminal, iso, utc_now

REMOTE_COMMANDS = ("sync_now", "send_logs", "out_of_service", "back_in_service", "restart")
HEARTBEATS_KEPT = 100  # per terminal; older ones are pruned so the table cannot grow forever
NEXT_HEARTBEAT_SECONDS = 60
ACKNOWLEDGED_SHOWN = 20  # per terminal in the report, newest first


def record_heartbeat(
    db: Database, terminal_id: str, health: dict, acknowledged: Iterable[int] = ()
) -> dict:
    now = utc_now()
    with db.session() as session:
        terminal = session.get(Terminal, terminal_id)
        terminal.last_heartbeat_at, terminal.last_health = now, health
        session.add(Heartbeat(terminal_id=terminal_id, received_at=now, health=health))
        session.flush()
        keep_from = session.scalars(
            select(Heartbeat.id)
            .where(Heartbeat.terminal_id == terminal_id)
            .order_by(Heartbeat.id.desc())
            .offset(HEARTBEATS_KEPT)
            .limit(1)
        ).first()
        if keep_from is not None:
            session.execute(
                delete(Heartbeat).where(
                    Heartbeat.terminal_id == terminal_id, Heartbeat.id <= keep_from
                )
            )
        taken = _acknowledge(session, terminal_id, set(acknowledged), now)
        pending = list(
            session.scalars(
                select(RemoteCommand)
                .where(
                    RemoteCommand.terminal_id == terminal_id,
                    RemoteCommand.acknowledged_at.is_(None),
                )
                .order_by(RemoteCommand.id)
            )
        )
        for command in pending:
            command.delivered_at = command.delivered_at or now
            command.last_sent_at = now
            command.times_sent = (command.times_sent or 0) + 1
        commands = [
            {"id": c.id, "command": c.command, "queued_at": iso(c.queued_at)} for c in pending
        ]
    return {
        "terminal_id": terminal_id,
        "server_time": iso(now),
        "commands": commands,
        "acknowledged_commands": taken,
        "next_heartbeat_seconds": NEXT_HEARTBEAT_SECONDS,
    }


def _acknowledge(session, terminal_id: str, ids: set[int], now) -> list[int]:
    """Mark this terminal's sent commands among `ids` acknowledged; returns every id of
    `ids` that is acknowledged now or was before. Other terminals' ids, ids never sent
    and unknown ids are ignored (and not returned)."""
    if not ids:
        return []
    rows = session.scalars(
        select(RemoteCommand).where(
            RemoteCommand.terminal_id == terminal_id,
            RemoteCommand.id.in_(ids),
            RemoteCommand.delivered_at.is_not(None),
        )
    )
    taken = []
    for row in rows:
        row.acknowledged_at = row.acknowledged_at or now
        taken.append(row.id)
    return sorted(taken)


def command_report(session, terminal_id: str) -> dict:
    """A terminal's pending commands (queued, or sent and not yet acknowledged) and its
    latest acknowledged ones."""

    def rows(*where, newest_first=False, limit=None):
        order = RemoteCommand.id.desc() if newest_first else RemoteCommand.id
        query = select(RemoteCommand).where(RemoteCommand.terminal_id == terminal_id, *where)
        return session.scalars(query.order_by(order).limit(limit))

    def entry(c: RemoteCommand) -> dict:
        return {
            "id": c.id,
            "command": c.command,
            "queued_at": iso(c.queued_at),
            "first_sent_at": iso(c.delivered_at),
            "last_sent_at": iso(c.last_sent_at),
            "times_sent": c.times_sent or 0,
            "acknowledged_at": iso(c.acknowledged_at),
        }

    acknowledged = RemoteCommand.acknowledged_at.is_not(None)
    return {
        "pending": [entry(c) for c in rows(RemoteCommand.acknowledged_at.is_(None))],
        "acknowledged": [
            entry(c) for c in rows(acknowledged, newest_first=True, limit=ACKNOWLEDGED_SHOWN)
        ],
        "acknowledged_total": session.scalar(
            select(func.count())
            .select_from(RemoteCommand)
            .where(RemoteCommand.terminal_id == terminal_id, acknowledged)
        ),
    }


def queue_command(db: Database, terminal_id: str, command: str) -> int | None:
    if command not in REMOTE_COMMANDS:
        raise ValueError(f"unknown command {command!r}; one of {', '.join(REMOTE_COMMANDS)}")
    with db.session() as session:
        if session.get(Terminal, terminal_id) is None:
            return None
        row = RemoteCommand(terminal_id=terminal_id, command=command, queued_at=utc_now())
        session.add(row)
        session.flush()
        return row.id
