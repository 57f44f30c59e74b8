"""Copies of printed receipts, for reprints: only the masked text that went on paper,
and that sealed (even masked, it says who came for what)."""

from __future__ import annotations

from offline_cache.outbox import utc_now
from offline_cache.personal_data import ID_NUMBER
from offline_cache.sealing import Sealer, Unreadable
from offline_cache.writer import Writer


def receipt_place(tracking_number: str) -> str:
    return f"receipt.text:{tracking_number}"


class Receipts:
    def __init__(self, writer: Writer, sealer: Sealer):
        self._writer = writer
        self._sealer = sealer

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
                (tracking_number, client_id, service_code,
                 self._sealer.seal_text(text, receipt_place(tracking_number)), utc_now()),
            )

    def get(self, tracking_number: str) -> dict | None:
        row = self._writer.reader().execute(
            "SELECT tracking_number, client_id, service_code, text, saved_at FROM receipt"
            " WHERE tracking_number = ?",
            (tracking_number,),
        ).fetchone()
        if row is None:
            return None
        try:
            text = self._sealer.open_text(row[3], receipt_place(tracking_number))
        except Unreadable:
            return None  # damaged: no reprint rather than a wrong one
        keys = ("tracking_number", "client_id", "service_code", "text", "saved_at")
        return dict(zip(keys, (*row[:3], text, row[4]), strict=True))
