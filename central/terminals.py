"""Terminal health from heartbeats, and the remote commands a technician queues.

A command is sent in every heartbeat answer until the terminal acknowledges its id in a
later heartbeat (`acknowledged_commands`); an acknowledged command is never sent again.
So an answer lost on the way costs nothing: the next heartbeat carries the command
again. The same id may therefore reach a kiosk more than once, and the kiosk runs each
id once (it remembers the ids it ran until the platform has taken their acknowledgement).
"""

from __future__ import annotations

import random
from collections.abc import Iterable

from sqlalchemy import delete, func, insert, select, update

from central.storage import Database, Heartbeat, RemoteCommand, Terminal, iso, utc_now

REMOTE_COMMANDS = ("sync_now", "send_logs", "out_of_service", "back_in_service", "restart")
# Per terminal, the latest heartbeats kept; older ones are pruned on about one heartbeat
# in PRUNE_ONE_IN (a few dozen more may wait between prunes), so the table cannot grow
# forever and a heartbeat does not pay for a prune each time.
HEARTBEATS_KEPT = 100
PRUNE_ONE_IN = 20
NEXT_HEARTBEAT_SECONDS = 60
ACKNOWLEDGED_SHOWN = 20  # per terminal in the report, newest first


def record_heartbeat(
    db: Database, terminal_id: str, health: dict, acknowledged: Iterable[int] = ()
) -> dict:
    """Store the heartbeat, take the acknowledgements, and mark the pending commands sent.

    A heartbeat is soft state (the next one says it all again) and commits without
    waiting for the disk; one that acknowledges commands does wait, so a command taken
    is never sent again. A few statements, no ORM objects: every terminal sends one a
    minute."""
    now = utc_now()
    acknowledged = set(acknowledged)
    transaction = db.connection() if acknowledged else db.soft_state()
    with transaction as connection:
        connection.execute(
            update(Terminal).where(Terminal.id == terminal_id)
            .values(last_heartbeat_at=now, last_health=health)
        )
        connection.execute(
            insert(Heartbeat).values(terminal_id=terminal_id, received_at=now, health=health)
        )
        if random.randrange(PRUNE_ONE_IN) == 0:
            _prune(connection, terminal_id)
        taken = _acknowledge(connection, terminal_id, acknowledged, now)
        pending = connection.execute(
            select(RemoteCommand.id, RemoteCommand.command, RemoteCommand.queued_at)
            .where(
                RemoteCommand.terminal_id == terminal_id,
                RemoteCommand.acknowledged_at.is_(None),
            )
            .order_by(RemoteCommand.id)
        ).all()
        if pending:
            connection.execute(
                update(RemoteCommand)
                .where(RemoteCommand.id.in_([c.id for c in pending]))
                .values(
                    delivered_at=func.coalesce(RemoteCommand.delivered_at, now),
                    last_sent_at=now,
                    times_sent=func.coalesce(RemoteCommand.times_sent, 0) + 1,
                )
            )
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


def _prune(connection, terminal_id: str) -> None:
    """Delete the terminal's heartbeats older than its latest HEARTBEATS_KEPT."""
    keep_from = (
        select(Heartbeat.id)
        .where(Heartbeat.terminal_id == terminal_id)
        .order_by(Heartbeat.id.desc())
        .offset(HEARTBEATS_KEPT)
        .limit(1)
        .scalar_subquery()
    )
    connection.execute(
        delete(Heartbeat).where(Heartbeat.terminal_id == terminal_id, Heartbeat.id <= keep_from)
    )


def _acknowledge(connection, terminal_id: str, ids: set[int], now) -> list[int]:
    """Mark this terminal's sent commands among `ids` acknowledged; returns every id of
    `ids` that is acknowledged now or was before. Other terminals' ids, ids never sent
    and unknown ids are ignored (and not returned)."""
    if not ids:
        return []
    mine = (
        RemoteCommand.terminal_id == terminal_id,
        RemoteCommand.id.in_(ids),
        RemoteCommand.delivered_at.is_not(None),
    )
    connection.execute(
        update(RemoteCommand).where(*mine, RemoteCommand.acknowledged_at.is_(None))
        .values(acknowledged_at=now)
    )
    return sorted(connection.scalars(select(RemoteCommand.id).where(*mine)))


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
