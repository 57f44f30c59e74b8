"""Life events (一件事): applications filed as links of one chain, run in order.

Each link is its own submission with `payload.chain` `{id, event, position, links,
waits_on, inputs}` (tracking numbers). A link whose `waits_on` are not all completed
waits (`waiting`); when the office completes the last of them (`python -m central
complete`), the link's inputs are filled from their outputs, kept beside the payload by
field key, and the link is routed. A link the office refuses leaves the others standing:
those waiting on it (directly or through another link) keep waiting with a reason naming
it, and where the chain's answers hold a phone number the platform records an SMS saying
which link failed. A link refused when it arrives (it never becomes a case) is kept in a
table of its own and stops the links waiting on it the same way, whether they arrived
before or after it.

A chain belongs to the terminal that filed it: its links are that terminal's tracking
numbers, and links are found by (terminal, chain id), so no terminal's chain reads
another's cases, outputs or phone numbers.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session

from central.errors import ApiError
from central.storage import (
    Case,
    CaseCompletion,
    CatalogueItem,
    ChainLink,
    ChainMessage,
    RefusedLink,
    utc_now,
)

log = logging.getLogger("central.chains")


class Failed(NamedTuple):
    """A link that failed: rejected by the office, or refused when it arrived."""

    service_code: str
    number: str  # its case number, or its tracking number if it never became a case
    reason: str | None  # the office's reason, if any


def check(payload: dict, tracking_number: str, terminal_id: str) -> dict | None:
    """The payload's chain, checked; None without one. 422 `chain_invalid` otherwise,
    also when it names a tracking number of another terminal."""
    chain = payload.get("chain")
    if chain is None:
        return None

    def strings(value) -> bool:
        return isinstance(value, list) and all(isinstance(v, str) and v for v in value)

    ok = (isinstance(chain, dict) and isinstance(chain.get("id"), str) and chain["id"]
          and len(chain["id"]) <= 64 and isinstance(chain.get("event"), str)
          and len(chain["event"]) <= 64
          and isinstance(chain.get("position"), int) and not isinstance(chain["position"], bool)
          and -(2**31) <= chain["position"] < 2**31  # what an INTEGER column holds
          and strings(chain.get("links")) and strings(chain.get("waits_on", []))
          and isinstance(chain.get("inputs", []), list))
    if ok:
        links, waits = chain["links"], chain.get("waits_on", [])
        ok = (tracking_number in links and tracking_number not in waits
              and set(waits) <= set(links)
              and all(number.startswith(f"{terminal_id}-") for number in links + waits))
    if ok:
        for given in chain.get("inputs", []):
            ok = ok and (isinstance(given, dict)
                         and all(isinstance(given.get(k), str) and given[k]
                                 for k in ("field", "from", "output"))
                         and given["from"] in chain.get("waits_on", [])
                         and given["from"].startswith(f"{terminal_id}-"))
    if not ok:
        raise ApiError(422, "chain_invalid",
                       "payload.chain must be {id, event, position, links, waits_on, inputs} "
                       "naming this submission's tracking number among its links, waiting "
                       "only on other links, fed only by links it waits on, every link "
                       "this terminal's own tracking number.")
    return chain


def file_link(session: Session, case: Case, chain: dict, route: Callable[[Case], None]) -> None:
    """A new link: stored, then routed at once or left waiting."""
    session.add(ChainLink(case_id=case.id, chain_id=chain["id"], event=chain["event"],
                          position=chain["position"], links=list(chain["links"]),
                          waits_on=list(chain.get("waits_on", [])),
                          inputs=list(chain.get("inputs", [])), filled=None))
    refused = session.get(RefusedLink, (case.terminal_id, case.tracking_number))
    if refused is not None:  # refused before, filed now: it stops nothing any more
        session.delete(refused)
    session.flush()
    _advance(session, case, route)
    _tell_waiting(session, case.terminal_id, chain["id"])
    _message_refusals(session, case.terminal_id, chain["id"])


def refused_at_filing(session: Session, terminal_id: str, chain: dict, tracking_number: str,
                      service_code: str, reason_code: str, answers) -> None:
    """A link with a readable chain was refused when it arrived: kept, so the links that
    wait on it (filed before or after) say so, and the resident hears it by SMS."""
    refused = session.get(RefusedLink, (terminal_id, tracking_number))
    if refused is None:
        session.add(RefusedLink(
            terminal_id=terminal_id, tracking_number=tracking_number, chain_id=chain["id"],
            service_code=service_code, reason_code=reason_code, refused_at=utc_now(),
            phone=_phone_in(answers), messaged=False))
        session.flush()
    else:
        refused.reason_code, refused.refused_at = reason_code, utc_now()
    log.info("chain %s: link %s refused at filing (%s)", chain["id"], tracking_number,
             reason_code)
    _tell_waiting(session, terminal_id, chain["id"])
    _message_refusals(session, terminal_id, chain["id"])


def _advance(session: Session, case: Case, route: Callable[[Case], None]) -> None:
    """Route a link whose upstream links are all completed (inputs filled); else it waits,
    with a reason if one of them failed."""
    link = session.get(ChainLink, case.id)
    upstream = _cases(session, case.terminal_id, link.waits_on)
    if all(c is not None and c.status == "completed" for c in upstream.values()):
        outputs = {number: _outputs(session, c) for number, c in upstream.items()}
        link.filled = {given["field"]: outputs[given["from"]][given["output"]]
                       for given in link.inputs
                       if given["output"] in outputs.get(given["from"], {})}
        case.status, case.status_reason = "received", None
        route(case)
        case.updated_at = utc_now()
        return
    case.status, case.routed_to = "waiting", None
    failed = _failed_upstream(session, case.terminal_id, link)
    case.status_reason = _reason(session, failed) if failed is not None else None
    case.updated_at = utc_now()


def _cases(session: Session, terminal_id: str, numbers: list[str]) -> dict[str, Case | None]:
    found = {c.tracking_number: c for c in session.scalars(
        select(Case).where(Case.terminal_id == terminal_id,
                           Case.tracking_number.in_(numbers)))}
    return {number: found.get(number) for number in numbers}


def _outputs(session: Session, case: Case) -> dict:
    done = session.get(CaseCompletion, case.id)
    return dict(done.outputs) if done is not None else {}


def _failed_upstream(session: Session, terminal_id: str, link: ChainLink,
                     seen: set | None = None) -> Failed | None:
    """The failed link this one waits on, directly or through links that wait on it: a
    rejected case, or a link refused when it arrived."""
    seen = seen if seen is not None else set()
    for number, upstream in _cases(session, terminal_id, link.waits_on).items():
        if number in seen:
            continue
        seen.add(number)
        if upstream is None:
            refused = _refused(session, terminal_id, link.chain_id, number)
            if refused is not None:
                return Failed(refused.service_code, refused.tracking_number, None)
            continue
        if upstream.status == "rejected":
            return Failed(upstream.service_code, upstream.case_number, upstream.status_reason)
        above = session.get(ChainLink, upstream.id)
        if above is not None:
            failed = _failed_upstream(session, terminal_id, above, seen)
            if failed is not None:
                return failed
    return None


def _refused(session: Session, terminal_id: str, chain_id: str,
             number: str) -> RefusedLink | None:
    refused = session.get(RefusedLink, (terminal_id, number))
    return refused if refused is not None and refused.chain_id == chain_id else None


def _name(session: Session, code: str) -> str:
    item = session.get(CatalogueItem, code)
    body = item.body if item is not None else None
    return str(body.get("name", code)) if isinstance(body, dict) else code


def _reason(session: Session, failed: Failed) -> str:
    return (f"前一项“{_name(session, failed.service_code)}”（{failed.number}）未能办理，"
            "本项暂停，请到窗口咨询")


def waits_on_names(session: Session, case: Case) -> list[str]:
    """The names of the links a waiting link still waits on (not completed yet)."""
    link = session.get(ChainLink, case.id)
    if link is None:
        return []
    names = []
    for number, c in _cases(session, case.terminal_id, link.waits_on).items():
        if c is None:
            refused = _refused(session, case.terminal_id, link.chain_id, number)
            names.append(_name(session, refused.service_code) if refused else number)
        elif c.status != "completed":
            names.append(_name(session, c.service_code))
    return names


def outputs_needed(session: Session, case: Case) -> list[str]:
    """The outputs of `case` that the links waiting on it are fed (they name it in their
    inputs), in the order they name them."""
    link = session.get(ChainLink, case.id)
    if link is None:
        return []
    needed = []
    for other in _chain_cases(session, case.terminal_id, link.chain_id):
        if other.status != "waiting":
            continue
        for given in session.get(ChainLink, other.id).inputs:
            if given["from"] == case.tracking_number and given["output"] not in needed:
                needed.append(given["output"])
    return needed


def completed(session: Session, case: Case, route: Callable[[Case], None]) -> list[str]:
    """After `case` was completed: advance the links of its chain that wait on it.
    Returns the tracking numbers of the links now routed."""
    link = session.get(ChainLink, case.id)
    if link is None:
        return []
    routed = []
    for other in _chain_cases(session, case.terminal_id, link.chain_id):
        other_link = session.get(ChainLink, other.id)
        if other.status == "waiting" and case.tracking_number in other_link.waits_on:
            _advance(session, other, route)
            if other.status != "waiting":
                routed.append(other.tracking_number)
    return routed


def rejected(session: Session, case: Case) -> None:
    """After a link was rejected: the links waiting on it say so, and an SMS is recorded
    where the chain's answers hold a phone number."""
    link = session.get(ChainLink, case.id)
    if link is None:
        return
    _tell_waiting(session, case.terminal_id, link.chain_id)
    phone = _phone(_chain_cases(session, case.terminal_id, link.chain_id))
    if phone is None:
        return
    _message(session, link.chain_id, link.event, case,
             Failed(case.service_code, case.case_number, case.status_reason), phone)


def _tell_waiting(session: Session, terminal_id: str, chain_id: str) -> None:
    """The chain's waiting links name the failed link they wait on, if one did."""
    for other in _chain_cases(session, terminal_id, chain_id):
        if other.status == "waiting":
            link = session.get(ChainLink, other.id)
            failed = _failed_upstream(session, terminal_id, link)
            reason = _reason(session, failed) if failed is not None else None
            if reason != other.status_reason:
                other.status_reason, other.updated_at = reason, utc_now()


def _message_refusals(session: Session, terminal_id: str, chain_id: str) -> None:
    """One SMS per link refused at filing, once the chain has a link on the platform (the
    message is kept with it) and a phone number is known."""
    pending = list(session.scalars(select(RefusedLink).where(
        RefusedLink.terminal_id == terminal_id, RefusedLink.chain_id == chain_id,
        RefusedLink.messaged.is_(False))))
    chain_cases = _chain_cases(session, terminal_id, chain_id) if pending else []
    if not chain_cases:
        return
    first = chain_cases[0]
    for refused in pending:
        phone = _phone(chain_cases) or refused.phone
        if phone is None:
            continue
        _message(session, chain_id, session.get(ChainLink, first.id).event, first,
                 Failed(refused.service_code, refused.tracking_number, None), phone)
        refused.messaged = True


def _message(session: Session, chain_id: str, event_code: str, about: Case, failed: Failed,
             phone: str) -> None:
    event = _name(session, event_code)
    text = (f"【政务服务】您办理的“{event}”中，“{_name(session, failed.service_code)}”"
            f"（受理编号{failed.number}）未能办理：{failed.reason or '请到窗口咨询'}。"
            "其余事项照常办理，可在自助终端查询办理进度。")
    session.add(ChainMessage(chain_id=chain_id, about_case_id=about.id, phone=phone,
                             text=text, created_at=utc_now()))
    log.info("SMS recorded for chain %s about link %s", chain_id, failed.number)


def _chain_cases(session: Session, terminal_id: str, chain_id: str) -> list[Case]:
    """The chain's links on the platform: a chain id is the filing terminal's own."""
    return list(session.scalars(
        select(Case).join(ChainLink, ChainLink.case_id == Case.id)
        .where(ChainLink.chain_id == chain_id, Case.terminal_id == terminal_id)
        .order_by(ChainLink.position, Case.id)))


def _phone(cases: list[Case]) -> str | None:
    """A phone number among the chain's answers (a field whose key holds "phone")."""
    for case in cases:
        phone = _phone_in(case.payload.get("answers") if isinstance(case.payload, dict)
                          else None)
        if phone is not None:
            return phone
    return None


def _phone_in(answers) -> str | None:
    for key, value in answers.items() if isinstance(answers, dict) else ():
        if isinstance(key, str) and "phone" in key.lower() and isinstance(value, str) \
                and value.strip():
            return value.strip()[:32]
    return None


def status_of(case: Case) -> dict | None:
    """The case's chain as its status shows it: the payload's, without the inputs."""
    chain = case.payload.get("chain") if isinstance(case.payload, dict) else None
    if not isinstance(chain, dict):
        return None
    return {key: value for key, value in chain.items() if key != "inputs"}


def filled_inputs(session: Session, case: Case) -> dict | None:
    link = session.get(ChainLink, case.id)
    return link.filled if link is not None else None
