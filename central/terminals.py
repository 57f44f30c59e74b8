"""Terminal health from heartbeats, and the remote commands a technician queues.

A command is handed out in exactly one heartbeat response, then marked delivered: the
commands are idempotent on the kiosk (sync now, send logs, ...), and a kiosk that lost
that response will be told again by a technician who sees no effect.
"""

from __future__ import annotations

from sqlalchemy import delete, select

from central.storage import Database, Heartbeat, RemoteCommand, Terminal, iso, utc_now

REMOTE_COMMANDS = ("sync_now", "send_logs", "out_of_service", "back_in_service", "restart")
HEARTBEATS_KEPT = 100  # per terminal; older ones are pruned so the table cannot grow forever
NEXT_HEARTBEAT_SECONDS = 60


def record_heartbeat(db: Database, terminal_id: str, health: dict) -> dict:
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
        pending = list(
            session.scalars(
                select(RemoteCommand)
                .where(
                    RemoteCommand.terminal_id == terminal_id, RemoteCommand.delivered_at.is_(None)
                )
                .order_by(RemoteCommand.id)
            )
        )
        for command in pending:
            command.delivered_at = now
        commands = [
            {"id": c.id, "command": c.command, "queued_at": iso(c.queued_at)} for c in pending
        ]
    return {
        "terminal_id": terminal_id,
        "server_time": iso(now),
        "commands": commands,
        "next_heartbeat_seconds": NEXT_HEARTBEAT_SECONDS,
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
