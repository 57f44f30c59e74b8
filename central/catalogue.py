"""The service catalogue as the platform issues it: revisions, full and delta documents.

Every change bumps one integer revision that never goes down, so a kiosk can refuse a
rollback. Removed items stay as tombstones so a delta can delete them on the kiosk. The
documents are serialised deterministically (sorted keys, fixed separators), so the same
revision is the same bytes, the same ETag and the same signature on every request.

The kiosk's demo catalogue and JSON Schemas are read as data files only: nothing here
imports the kiosk package.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from jsonschema import Draft202012Validator
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from central.api_models import holds_nul
from central.errors import ApiError
from central.keys import PlatformKeys
from central.storage import CatalogueItem, CatalogueRevision, CatalogueState, iso, utc_now

REPO_ROOT = Path(__file__).resolve().parent.parent
DEMO_CATALOGUE = REPO_ROOT / "kiosk" / "catalogue" / "demo" / "catalogue.json"
SCHEMA_DIR = REPO_ROOT / "kiosk" / "catalogue" / "schema"
# Documents go out as version 2, which holds items of item schema 1, 2 and 3 alike.
SCHEMA_VERSION = 2
ITEM_SCHEMAS = (1, 2, 3)
# What a terminal that does not say (`?item_schema=`) reads: it gets newer items as
# version 2, without the keys it does not know.
DEFAULT_ITEM_SCHEMA = 2
# Keys each item schema added over the one before, so an item can go out older.
_ADDED_KEYS = {3: {"record", "payment", "chain", "delivery"}}
# Journeys each item schema added: an older terminal shows such an item as a guide (done
# at the counter): a fee paid by QR, a life event's chain.
_ADDED_JOURNEYS = {3: {"pay", "event"}}
_ADDED_MATERIAL_KEYS = {3: {"elicence"}}
# Terminals draw catalogue text as plain text and skip an item holding markup: a tag
# (`<b>`, `<img ...>`, `</font>`, `<!--`) or a character reference (`&lt;`, `&#20013;`).
# "年龄<18岁" and "A & B" are text. The same rule as the kiosk's catalogue/plain_text.py,
# which this package does not import; keep the two alike.
MARKUP = re.compile(r"<[A-Za-z/!]|&(?:[A-Za-z][A-Za-z0-9]*|#[0-9]+|#[xX][0-9A-Fa-f]+);")
NOT_SHOWN = frozenset({"pattern"})  # a field's regular expression may hold "(?P<name>"


class CatalogueUpdateError(ValueError):
    """An admin's update file that would break terminals; nothing of it was applied."""


def canonical_json(document: dict) -> bytes:
    return json.dumps(document, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def _item_validators() -> dict[int, Draft202012Validator]:
    return {
        version: Draft202012Validator(json.loads(
            (SCHEMA_DIR / f"catalogue-item.v{version}.schema.json").read_text(encoding="utf-8")))
        for version in ITEM_SCHEMAS
    }


def check_items(items: list) -> None:
    validators = _item_validators()
    problems = []
    seen: set[str] = set()
    for index, item in enumerate(items):
        version = item.get("item_schema", 1) if isinstance(item, dict) else 1
        validator = validators.get(version)
        if validator is None:
            problems.append(f"item {index} ({_code_of(item)}): item_schema {version!r} unknown")
            continue
        for error in validator.iter_errors(item):
            path = "/".join(str(p) for p in error.absolute_path)
            problems.append(f"item {index} ({_code_of(item)}) {path}: {error.message}")
        if holds_nul(item):
            problems.append(f"item {index} ({_code_of(item)}): holds a NUL character (U+0000)")
        marked = _first_markup(item)
        if marked is not None:
            where, text = marked
            problems.append(f"item {index} ({_code_of(item)}) {where}: holds markup "
                            f"{text!r}; terminals show catalogue text as plain text")
        code = _code_of(item)
        if code in seen:
            problems.append(f"item {index}: code {code} appears twice")
        seen.add(code)
    if problems:
        raise CatalogueUpdateError("; ".join(problems[:10]))


def _first_markup(item) -> tuple[str, str] | None:
    """(where, text) of the first text in an item that holds markup, or None."""
    for where, text in _texts(item, ""):
        if MARKUP.search(text):
            return where, text[:60]
    return None


def _texts(value, where: str) -> Iterator[tuple[str, str]]:
    if isinstance(value, str):
        yield where, value
    elif isinstance(value, dict):
        for key, inner in value.items():
            if key not in NOT_SHOWN:
                yield from _texts(inner, f"{where}.{key}" if where else str(key))
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            yield from _texts(inner, f"{where}[{index}]")


def _code_of(item) -> str:
    return str(item.get("code", "?")) if isinstance(item, dict) else "?"


def current_revision(session: Session, *, for_update: bool = False) -> CatalogueState | None:
    """The one state row; `for_update` locks it until the transaction ends, so updates
    made at once (by several processes) take distinct revisions one after the other."""
    return session.get(CatalogueState, 1, with_for_update=for_update or None)


def seed_if_empty(session: Session, source: Path = DEMO_CATALOGUE) -> bool:
    if current_revision(session) is not None:
        return False
    document = json.loads(source.read_text(encoding="utf-8"))
    apply_update(session, upsert=document["items"], note=f"seeded from {source.name}")
    return True


def apply_update(
    session: Session,
    *,
    upsert: list | None = None,
    remove: list | None = None,
    replace_all: bool = False,
    note: str = "",
) -> int:
    """Apply one admin change as one new revision; returns the revision now current.

    `replace_all` makes `upsert` the whole catalogue: items not in it become tombstones.
    An update that changes nothing issues no new revision.
    """
    upsert = list(upsert or [])
    remove = [str(code) for code in (remove or [])]
    check_items(upsert)
    state = current_revision(session, for_update=True)
    revision = (state.revision if state else 0) + 1
    existing = {row.code: row for row in session.scalars(select(CatalogueItem))}
    changed = False
    for item in upsert:
        row = existing.get(item["code"])
        if row is None:
            session.add(CatalogueItem(code=item["code"], body=item, changed_in=revision))
            changed = True
        elif row.removed_in is not None or row.body != item:
            row.body, row.changed_in, row.removed_in = item, revision, None
            changed = True
    gone = set(remove)
    if replace_all:
        gone |= set(existing) - {item["code"] for item in upsert}
    unknown = gone - set(existing) - {item["code"] for item in upsert}
    if unknown:
        raise CatalogueUpdateError(f"cannot remove unknown items: {', '.join(sorted(unknown))}")
    for code in gone:
        row = existing.get(code)
        if row is not None and row.removed_in is None:
            row.body, row.changed_in, row.removed_in = None, revision, revision
            changed = True
    if not changed:
        return state.revision if state else 0
    now = utc_now()
    session.add(CatalogueRevision(revision=revision, issued_at=now, note=note[:200]))
    if state is None:
        session.add(CatalogueState(id=1, revision=revision, issued_at=now))
    else:
        state.revision, state.issued_at = revision, now
    session.flush()
    return revision


@dataclass(frozen=True)
class CatalogueDocument:
    revision: int
    since: int | None  # None: a full document
    body: bytes
    signature: str
    item_schema: int = DEFAULT_ITEM_SCHEMA

    @property
    def etag(self) -> str:
        return catalogue_etag(self.revision, self.since, self.item_schema)


def catalogue_etag(revision: int, since: int | None,
                   item_schema: int = DEFAULT_ITEM_SCHEMA) -> str:
    # Weak: the gzip and identity encodings carry the same signed bytes.
    scope = "full" if since is None else f"since-{since}"
    return f'W/"catalogue-r{revision}-{scope}-i{item_schema}"'


def make_cursor(keys: PlatformKeys, revision: int) -> str:
    return f"r{revision}.{keys.mac(f'catalogue-cursor:{revision}')}"


def read_cursor(keys: PlatformKeys, cursor: str, current: int) -> int:
    """The revision a cursor stands for, or 410: the kiosk then downloads in full."""
    head, _, mac = cursor.partition(".")
    revision = int(head[1:]) if head.startswith("r") and head[1:].isdigit() else None
    if revision is None or mac != keys.mac(f"catalogue-cursor:{revision}") or revision > current:
        raise ApiError(
            410, "cursor_rejected",
            "This cursor cannot be used; download the full catalogue without a cursor.",
        )
    return revision


def as_item_schema(item: dict, accepted: int) -> dict:
    """The item as a terminal reading item schemas up to `accepted` takes it: a newer
    item goes out in the newest version the terminal reads, without the keys added since
    (a version 3 look-up without its `record`, a licence without `elicence`, a fee or
    a life event as a guide without its `payment` or `chain`)."""
    version = item.get("item_schema", 1)
    if version <= accepted:
        return item
    dropped = set().union(*(_ADDED_KEYS.get(v, set()) for v in range(accepted + 1, version + 1)))
    in_materials = set().union(
        *(_ADDED_MATERIAL_KEYS.get(v, set()) for v in range(accepted + 1, version + 1)))
    older = {key: value for key, value in item.items() if key not in dropped}
    older["item_schema"] = accepted
    newer_journeys = set().union(
        *(_ADDED_JOURNEYS.get(v, set()) for v in range(accepted + 1, version + 1)))
    if older.get("journey") in newer_journeys:
        older["journey"] = "guide"
    older["materials"] = [{k: v for k, v in m.items() if k not in in_materials}
                          for m in item.get("materials", [])]
    return older


def build_document(
    session: Session, keys: PlatformKeys, revision: int, since: int | None,
    item_schema: int = DEFAULT_ITEM_SCHEMA,
) -> CatalogueDocument:
    issued_at = session.scalar(
        select(CatalogueRevision.issued_at).where(CatalogueRevision.revision == revision)
    )
    query = select(CatalogueItem).order_by(CatalogueItem.code)
    if since is not None:
        query = query.where(CatalogueItem.changed_in > since)
    # Rows changed after `revision` (a concurrent admin update) belong to the next document.
    query = query.where(CatalogueItem.changed_in <= revision)
    rows = list(session.scalars(query))
    document = {
        "schema_version": SCHEMA_VERSION,
        "catalogue_version": f"central-r{revision}",
        "catalogue_revision": revision,
        "issued_at": iso(issued_at),
        "kind": "full" if since is None else "delta",
        "since_revision": since,
        "cursor": make_cursor(keys, revision),
        "items": [as_item_schema(row.body, item_schema)
                  for row in rows if row.removed_in is None],
        "tombstones": [
            {"code": row.code, "removed_in": row.removed_in}
            for row in rows
            if row.removed_in is not None and since is not None
        ],
    }
    body = canonical_json(document)
    return CatalogueDocument(revision, since, body, keys.sign_catalogue(body), item_schema)


def live_item_count(session: Session) -> int:
    return session.scalar(
        select(func.count()).select_from(CatalogueItem).where(CatalogueItem.removed_in.is_(None))
    )
