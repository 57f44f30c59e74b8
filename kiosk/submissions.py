"""Filing something into the durable outbox, and the tracking number it gets.

Nothing is confirmed to a resident until `file_submission` has returned: by then the
row and its attachment files are on disk (fsync'd). A storage failure becomes a plain
message and no confirmation; the resident's answers stay in memory so nothing is lost.
"""

from __future__ import annotations

import datetime as dt
import logging

from kiosk.i18n import QT_TRANSLATE_NOOP
from kiosk.journeys.base import JourneyContext, JourneyError
from offline_cache.store import AttachmentData, OutboxEntry, StorageUnavailable, SubmissionRecord

log = logging.getLogger(__name__)

NOT_SAVED = QT_TRANSLATE_NOOP(
    "submissions",
    "本机暂时无法保存，您的申请还没有提交。您填写的内容都还在，请稍后再试一次，"
    "或到人工窗口办理。",
)


def tracking_number(terminal_id: str, day: dt.date, sequence: int) -> str:
    """Terminal id, date and the day's sequence: unique across terminals, readable aloud.

    e.g. DEMO01-20261129-00042. The platform keeps it as a permanent alias of its own case
    number, so the paper receipt stays valid.
    """
    return f"{terminal_id}-{day:%Y%m%d}-{sequence:05d}"


def accepting_submissions(ctx: JourneyContext) -> bool:
    return ctx.store.status().accepting_submissions


def file_submissions_together(ctx: JourneyContext, submissions: list[dict]) -> list[OutboxEntry]:
    """Durably queue several submissions (each the keyword arguments of `file_submission`
    and its `tracking_number`, from `next_tracking_number`) in one transaction: all are
    filed, or none and the resident hears it."""
    store = ctx.store
    filed = [store.outbox.get(s["client_id"]) for s in submissions]
    if all(filed):
        return filed
    try:
        status = store.status()
        if not status.accepting_submissions:
            log.error("submissions refused before writing: storage %s", status.reason)
            raise JourneyError(NOT_SAVED)
        records = [SubmissionRecord(
            client_id=s["client_id"], kind=s["kind"], service_code=s["service_code"],
            tracking_number=s["tracking_number"], payload=s["payload"],
            attachments=s.get("attachments", ()), test_traffic=ctx.test_traffic)
            for s in submissions]
        entries = store.outbox.submit_together(records)
    except StorageUnavailable as exc:
        log.error("submissions not saved (%s): %s", exc.reason, exc.message)
        raise JourneyError(NOT_SAVED) from None
    ctx.on_filed()
    return entries


def next_tracking_number(ctx: JourneyContext) -> str:
    """A tracking number for a submission about to be filed (the links of a life event
    name each other's)."""
    day = ctx.now().date()
    try:
        return tracking_number(ctx.terminal.id, day,
                               ctx.store.allocate_sequence(f"{day:%Y%m%d}"))
    except StorageUnavailable as exc:
        log.error("no tracking number (%s): %s", exc.reason, exc.message)
        raise JourneyError(NOT_SAVED) from None


def file_submission(
    ctx: JourneyContext,
    *,
    client_id: str,
    kind: str,
    service_code: str,
    payload: dict,
    attachments: tuple[AttachmentData, ...] = (),
) -> OutboxEntry:
    """Durably queue one submission; idempotent on the client id minted at the start."""
    store = ctx.store
    existing = store.outbox.get(client_id)
    if existing is not None:  # a double tap, or a retry after an interrupted screen
        return existing
    try:
        status = store.status()
        if not status.accepting_submissions:
            log.error("submission refused before writing: storage %s", status.reason)
            raise JourneyError(NOT_SAVED)
        day = ctx.now().date()
        number = tracking_number(ctx.terminal.id, day, store.allocate_sequence(f"{day:%Y%m%d}"))
        entry = store.outbox.submit(
            SubmissionRecord(
                client_id=client_id,
                kind=kind,
                service_code=service_code,
                tracking_number=number,
                payload=payload,
                attachments=attachments,
                test_traffic=ctx.test_traffic,
            )
        )
    except StorageUnavailable as exc:
        log.error("submission not saved (%s): %s", exc.reason, exc.message)
        raise JourneyError(NOT_SAVED) from None
    ctx.on_filed()
    return entry
