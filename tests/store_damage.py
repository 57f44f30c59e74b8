"""Damaging a store's database file the way a failing disk does, for the salvage tests."""

from pathlib import Path


def zero_the_page_holding(db: Path, tracking_number: str) -> None:
    """Overwrite with zeros the page of the outbox table that holds the row of
    `tracking_number` (not an index's page: the row's page also holds sealed answers),
    so that row and its neighbours on the page are lost."""
    data = bytearray(db.read_bytes())
    page_size = int.from_bytes(data[16:18], "big")
    needle = tracking_number.encode()
    start = 0
    while (found := data.find(needle, start)) >= 0:
        page = found // page_size * page_size
        if b"sealed1:" in data[page:page + page_size]:
            data[page:page + page_size] = bytes(page_size)
            db.write_bytes(bytes(data))
            return
        start = found + 1
    raise AssertionError(f"no outbox page holds {tracking_number}")
