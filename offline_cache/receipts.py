"""Copies of printed receipts, for reprints: only the masked text that went on paper."""

from __future__ import annotations

from offline_cache.outbox import utc_now
from offline_cache.personal_data import ID_NUMBER
from offline_cache.writer import Writer


class Receipts:
    def __init__(self, writer: Writer):
        self._writer = writer

    def save(self, tracking_number: str, client_id: str, service_code: str, text: str) -> None:
        """Keep (or replace) the receipt printed for `tracking_number`.

        Refuses text holding a full ID number: the paper, and so this copy, is masked."""
        if ID_NUMBER.search(text):
            raise ValueError("receipt text holds an unmasked ID number")
        with self._writer.transaction("saving a receipt") as conn:
            conn.execute(
                "INSERT INTO receipt (tracking_number, client_id, service_code, text, saved_at)"
                " VALUES (?, ?, ?, ?, ?) ON CONFLICT (tracking_number) DO UPDATE SET"
                " client_id = excluded.client_id, service_code = excluded.service_code,"
                " text = excluded.text, saved_at = excluded.saved_at",
                (tracking_number, client_id, service_code, text, utc_now()),
            )

    def get(self, tracking_number: str) -> dict | None:
        row = self._writer.reader().execute(
            "SELECT tracking_number, client_id, service_code, text, saved_at FROM receipt"
            " WHERE tracking_number = ?",
            (tracking_number,),
        ).fetchone()
        if row is None:
            return None
        keys = ("tracking_number", "client_id", "service_code", "text", "saved_at")
        return dict(zip(keys, row, strict=True))
