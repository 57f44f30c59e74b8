"""What the platform does once, on a database that has never served: make its keys and
load the demo catalogue and records. Every start checks; processes that start together
(the workers of one server, or several servers on one PostgreSQL database) take turns,
so the work is done once and every process signs with the same keys."""

from __future__ import annotations

from central import catalogue, records_file
from central.keys import PlatformKeys, load_or_create_keys
from central.storage import Database


def prepare(db: Database) -> PlatformKeys:
    with db.exclusive("first_start"):
        keys = load_or_create_keys(db)
        with db.session() as session:
            catalogue.seed_if_empty(session)
        records_file.seed_if_empty(db)
    return keys
