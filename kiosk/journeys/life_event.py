"""One visit for a life event (一件事): the chain of apply items an event item names,
filed together.

The resident identifies once, answers each question once (a question two links ask is
one question), photographs each paper once, chooses delivery once and submits once. The
journey is an application over a merged item (every link's questions and papers) that
files one outbox entry per link, all in one transaction, under one chain id; each link's
payload says which links it waits on and which of its fields their results fill (the
newborn's ID number exists only once the birth is registered), so the platform runs them
in order. One confirmation lists every tracking number.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass

from kiosk.catalogue.model import ChainLink, DeliverySpec, ServiceItem
from kiosk.journeys.apply import ApplyJourney, Confirmation, add_working_days
from kiosk.journeys.base import JourneyContext
from kiosk.submissions import file_submissions_together, next_tracking_number


@dataclass(frozen=True)
class LinkFiled:
    """One link on the confirmation and the receipt."""

    tracking_number: str
    service_code: str
    service_name: str
    department: str
    promised_by: dt.date | None
    waits_on: tuple[str, ...]  # the names of the links it waits on
    fed: tuple[str, ...]  # what they give it, e.g. "新生儿的身份证号"


@dataclass(frozen=True)
class ChainConfirmation(Confirmation):
    links: tuple[LinkFiled, ...] = ()
    first: tuple[str, ...] = ()  # guide items' names: do these first


def fed_keys(link: ChainLink) -> set[str]:
    return {feed.field for feed in link.feeds}


def merged_item(event: ServiceItem, links: tuple[ServiceItem, ...]) -> ServiceItem:
    """The event as one application: every link's questions (once per key; not those an
    earlier link's result fills) and papers (once per name; not the optional papers of a
    link that waits on others, which those links produce: the newborn's page in the
    household register exists only once the birth is registered), delivery by post if
    any link posts, the longest time limit of its links, and only the ways of identifying
    every link accepts."""
    fields, seen = [], set()
    for spec, item in zip(event.chain.links, links, strict=True):
        for f in item.fields:
            if f.key not in seen and f.key not in fed_keys(spec):
                seen.add(f.key)
                fields.append(f)
    materials = {m.name: m for spec, item in zip(event.chain.links, links, strict=True)
                 for m in item.materials if m.required or not spec.feeds}
    proofs = tuple(p for p in event.identity_proofs
                   if all(p in item.identity_proofs for item in links))
    posts = any(item.may_post for item in links)
    return dataclasses.replace(
        event, fields=tuple(fields), materials=tuple(materials.values()),
        legal_limit_days=_longest(item.legal_limit_days for item in links),
        promised_limit_days=_longest(item.promised_limit_days for item in links),
        identity_proofs=proofs or event.identity_proofs,
        delivery=DeliverySpec(post=True) if posts else None)


def _longest(days) -> int | None:
    known = [d for d in days if d is not None]
    return max(known) if known else None


class LifeEventJourney(ApplyJourney):
    kind = "event"

    def __init__(self, event: ServiceItem, ctx: JourneyContext,
                 links: tuple[ServiceItem, ...], first: tuple[ServiceItem, ...] = ()):
        self.event = event
        self.links = links
        self.first = first  # guide items to do before, for the guide screen
        super().__init__(merged_item(event, links), ctx)

    def _link_id(self, position: int) -> str:
        return f"{self.client_id}-{position + 1}"

    def _numbers_filed(self) -> dict[str, str] | None:
        """The links' numbers when they were filed already (a confirmation lost after
        the transaction committed): the confirmation shows those, not new ones."""
        filed = [self.ctx.store.outbox.get(self._link_id(n)) for n in range(len(self.links))]
        return {e.service_code: e.tracking_number for e in filed} if all(filed) else None

    def _promised_after(self, item: ServiceItem, spec: ChainLink, today: dt.date,
                        filed: list[LinkFiled]) -> dt.date | None:
        """A link's expected date counts from the latest of the links it waits on: the
        newborn's insurance cannot be done before the birth is registered."""
        if item.promised_limit_days is None:
            return None
        starts = [link.promised_by for link in filed
                  if link.service_code in spec.waits_on and link.promised_by]
        return add_working_days(max([today, *starts]), item.promised_limit_days)

    def _file(self, now: dt.datetime) -> ChainConfirmation:
        specs = self.event.chain.links
        numbers = self._numbers_filed() or {
            item.code: next_tracking_number(self.ctx) for item in self.links}
        order = [numbers[item.code] for item in self.links]
        submissions, filed = [], []
        to_bring_all: dict[str, object] = {}
        licences_all: dict[str, object] = {}
        names = {item.code: item.name for item in self.links}
        for position, (spec, item) in enumerate(zip(specs, self.links, strict=True)):
            to_bring = self.materials_to_bring(now.date(), item)
            licences = self.licences_used(item)
            captured = {m.name: self.captures[m.name] for m in item.materials
                        if m.name in self.captures}
            payload = self._payload(item, now, to_bring, licences, captured)
            payload["chain"] = {
                "id": self.client_id,
                "event": self.event.code,
                "position": position,
                "links": order,
                "waits_on": [numbers[code] for code in spec.waits_on],
                "inputs": [{"field": feed.field, "from": numbers[feed.source],
                            "output": feed.output} for feed in spec.feeds],
            }
            submissions.append({
                "client_id": self._link_id(position),
                "kind": "application",
                "service_code": item.code,
                "tracking_number": numbers[item.code],
                "payload": payload,
                "attachments": self._attachments(captured),
            })
            filed.append(LinkFiled(
                tracking_number=numbers[item.code], service_code=item.code,
                service_name=item.name, department=item.department,
                promised_by=self._promised_after(item, spec, now.date(), filed),
                waits_on=tuple(names[code] for code in spec.waits_on),
                fed=tuple(feed.label for feed in spec.feeds)))
            to_bring_all.update({m.name: m for m in to_bring})
            licences_all.update({used.material: used for used in licences})
        file_submissions_together(self.ctx, submissions)
        whole = self._confirmation(self.item, order[0], now, tuple(to_bring_all.values()),
                                   tuple(licences_all.values()))
        return ChainConfirmation(
            **{f.name: getattr(whole, f.name) for f in dataclasses.fields(Confirmation)},
            links=tuple(filed),
            first=tuple(item.name for item in self.first))
