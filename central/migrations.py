"""Versioned schema migrations, the same steps for SQLite and PostgreSQL.

The table `schema_version` holds one row per migration a database has had. A new, empty
database gets today's tables at once and every version stamped. An existing one gets the
steps it lacks, in order: when the platform opens it (the server or any admin command)
or with `python -m central migrate` (`--check` only says what is pending). A database
made before versioned migrations (the platform's tables, no `schema_version`) is at
version 0.

On PostgreSQL the whole upgrade is one transaction under an advisory lock, so server
processes starting together migrate once and a failed step leaves nothing half done.
SQLite commits its DDL as it goes; each step there checks what is present first, so a
run that stopped half way is finished by the next.

To change the schema: change the model in central/storage.py, then append a Migration
here that brings a database at the version before up to it. A new database never runs
it (it is created as the models say), so a step that adds to a table an earlier step
may have created must check first (`add_missing_column`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import BigInteger, inspect, select, text
from sqlalchemy.engine import Connection

from central import identities
from central.storage import (
    LOCK_KEYS,
    Base,
    Case,
    CaseAttachment,
    CaseIdentity,
    Database,
    LogBundle,
    SchemaTooNew,
    SchemaVersion,
    utc_now,
)


@dataclass(frozen=True)
class Migration:
    version: int
    summary: str
    step: Callable[[Connection], None]


def _before_versions(connection: Connection) -> None:
    """Tables and columns the platform added before it versioned its schema, with what
    they hold filled in from the rows already there."""
    present = set(inspect(connection).get_table_names())
    missing = [table for name, table in Base.metadata.tables.items()
               if name not in present and name != SchemaVersion.__tablename__]
    Base.metadata.create_all(connection, tables=missing)
    for table, column in (
        ("remote_commands", "last_sent_at"),
        ("remote_commands", "times_sent"),
        ("enrollment_codes", "for_terminal"),
        ("terminals", "signing_public_key"),
    ):
        add_missing_column(connection, table, column)
    if add_missing_column(connection, "remote_commands", "acknowledged_at"):
        # Before acknowledgements, a command sent once counted as delivered.
        connection.execute(text(
            "UPDATE remote_commands SET acknowledged_at = delivered_at, "
            "last_sent_at = delivered_at, times_sent = 1 WHERE delivered_at IS NOT NULL"))
    created = {table.name for table in missing}
    if "case_attachments" in created:
        for case_id, attachment_ids in connection.execute(select(Case.id, Case.attachment_ids)):
            for attachment_id in dict.fromkeys(attachment_ids or []):
                connection.execute(CaseAttachment.__table__.insert().values(
                    case_id=case_id, attachment_id=attachment_id))
    if "case_identities" in created:
        for case_id, payload in connection.execute(select(Case.id, Case.payload)):
            for id_digest in identities.digests_in(payload):
                connection.execute(CaseIdentity.__table__.insert().values(
                    case_id=case_id, id_digest=id_digest))


def _wide_integers(connection: Connection) -> None:
    """Row ids and byte counts 64-bit on PostgreSQL (SQLite's integers are already)."""
    if connection.dialect.name != "postgresql":
        return
    for table in Base.metadata.sorted_tables:
        for column in table.columns:
            if not isinstance(column.type.dialect_impl(connection.dialect), BigInteger):
                continue
            connection.execute(text(
                f'ALTER TABLE {table.name} ALTER COLUMN "{column.name}" TYPE BIGINT'))
            sequence = connection.scalar(text("SELECT pg_get_serial_sequence(:t, :c)"),
                                         {"t": table.name, "c": column.name})
            if sequence is not None:
                connection.execute(text(f"ALTER SEQUENCE {sequence} AS BIGINT"))


def _log_bundles(connection: Connection) -> None:
    LogBundle.__table__.create(connection, checkfirst=True)


MIGRATIONS = (
    Migration(1, "tables and columns added before versioned migrations", _before_versions),
    Migration(2, "64-bit row ids and byte counts on PostgreSQL", _wide_integers),
    Migration(3, "terminals' log bundles", _log_bundles),
)
LATEST = MIGRATIONS[-1].version


def add_missing_column(connection: Connection, table: str, column: str) -> bool:
    """Add the model's `table.column` unless the table has it; True if added."""
    if column in {c["name"] for c in inspect(connection).get_columns(table)}:
        return False
    kind = Base.metadata.tables[table].columns[column].type.compile(dialect=connection.dialect)
    connection.execute(text(f'ALTER TABLE {table} ADD COLUMN "{column}" {kind}'))
    return True


def current_version(connection: Connection) -> int | None:
    """The database's schema version: None for an empty database, 0 for one made before
    versioned migrations."""
    tables = set(inspect(connection).get_table_names())
    if SchemaVersion.__tablename__ in tables:
        return connection.scalar(select(SchemaVersion.version).order_by(
            SchemaVersion.version.desc()).limit(1)) or 0
    return 0 if tables & set(Base.metadata.tables) else None


def pending(db: Database) -> list[Migration]:
    """The migrations this database lacks (all of them, for an empty one)."""
    with db.engine.connect() as connection:
        version = current_version(connection)
    refuse_if_newer(version)
    return [m for m in MIGRATIONS if version is None or m.version > version]


def refuse_if_newer(version: int | None) -> None:
    if version is not None and version > LATEST:
        raise SchemaTooNew(f"the database's schema is version {version}, newer than this "
                           f"platform's {LATEST}: run the newer platform")


def migrate(db: Database) -> list[Migration]:
    """Bring the database to LATEST; returns the steps that ran (none for a new database,
    which is created as the models say)."""
    with db.engine.connect() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"),
                               {"key": LOCK_KEYS["migrate"]})
        version = current_version(connection)
        refuse_if_newer(version)
        ran = []
        if version is None:
            Base.metadata.create_all(connection)
            _stamp(connection, MIGRATIONS, "created at this version: ")
        elif version < LATEST:
            SchemaVersion.__table__.create(connection, checkfirst=True)
            for migration in MIGRATIONS:
                if migration.version > version:
                    migration.step(connection)
                    _stamp(connection, [migration])
                    if db.is_sqlite:
                        connection.commit()  # SQLite commits DDL as it goes: step by step
                    ran.append(migration)
        connection.commit()
        return ran


def _stamp(connection: Connection, done, prefix: str = "") -> None:
    now = utc_now()
    for migration in done:
        connection.execute(SchemaVersion.__table__.insert().values(
            version=migration.version, summary=(prefix + migration.summary)[:200],
            applied_at=now))
