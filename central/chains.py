"""Life events (一件事): applications filed as links of one chain, run in order.

Each link is its own submission with `payload.chain` `{id, event, position, links,
waits_on, inputs}` (tracking numbers). A link whose `waits_on` are not all completed
waits (`waiting`); when the office completes the last of them (`python -m central
complete`), the link's inputs are filled from their outputs, kept beside the payload by
field key, and the link is routed. A link the office refuses leaves the others standing:
those waiting on it (directly or through another link) keep waiting with a reason naming
it, and where the chain's answers hold a phone number the platform records an SMS saying
which link failed.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from sqlalchemy import select
from sqlalchemy.orm import Session

from central.errors import ApiError
from central.storage import (
    Case,
    CaseCompletion,
    CatalogueItem,
    ChainLink,
    ChainMessage,
    utc_now,
)

log = logging.getLogger("central.chains")


def check(payload: dict, tracking_number: str) -> dict | None:
    """The payload's chain, checked; None without one. 422 `chain_invalid` otherwise."""
    chain = payload.get("chain")
    if chain is None:
        return None

    def strings(value) -> bool:
        return isinstance(value, list) and all(isinstance(v, str) and v for v in value)

    ok = (isinstance(chain, dict) and isinstance(chain.get("id"), str) and chain["id"]
          and len(chain["id"]) <= 64 and isinstance(chain.get("event"), str)
          and isinstance(chain.get("position"), int) and not isinstance(chain["position"], bool)
          and strings(chain.get("links")) and strings(chain.get("waits_on", []))
          and isinstance(chain.get("inputs", []), list))
    if ok:
        links, waits = chain["links"], chain.get("waits_on", [])
        ok = (tracking_number in links and tracking_number not in waits
              and set(waits) <= set(links))
    if ok:
        for given in chain.get("inputs", []):
            ok = ok and (isinstance(given, dict)
                         and all(isinstance(given.get(k), str) and given[k]
                                 for k in ("field", "from", "output"))
                         and given["from"] in chain.get("waits_on", []))
    if not ok:
        raise ApiError(422, "chain_invalid",
                       "payload.chain must be {id, event, position, links, waits_on, inputs} "
                       "naming this submission's tracking number among its links, waiting "
                       "only on other links, fed only by links it waits on.")
    return chain


def file_link(session: Session, case: Case, chain: dict, route: Callable[[Case], None]) -> None:
    """A new link: stored, then routed at once or left waiting."""
    session.add(ChainLink(case_id=case.id, chain_id=chain["id"], event=chain["event"],
                          position=chain["position"], links=list(chain["links"]),
                          waits_on=list(chain.get("waits_on", [])),
                          inputs=list(chain.get("inputs", [])), filled=None))
    session.flush()
    _advance(session, case, route)


def _advance(session: Session, case: Case, route: Callable[[Case], None]) -> None:
    """Route a link whose upstream links are all completed (inputs filled); else it waits,
    with a reason if one of them failed."""
    link = session.get(ChainLink, case.id)
    upstream = _cases(session, link.waits_on)
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
    failed = _failed_upstream(session, link)
    case.status_reason = _reason(session, failed) if failed is not None else None
    case.updated_at = utc_now()


def _cases(session: Session, numbers: list[str]) -> dict[str, Case | None]:
    found = {c.tracking_number: c for c in session.scalars(
        select(Case).where(Case.tracking_number.in_(numbers)))}
    return {number: found.get(number) for number in numbers}


def _outputs(session: Session, case: Case) -> dict:
    done = session.get(CaseCompletion, case.id)
    return dict(done.outputs) if done is not None else {}


def _failed_upstream(session: Session, link: ChainLink, seen: set | None = None) -> Case | None:
    """The rejected link this one waits on, directly or through links that wait on it."""
    seen = seen if seen is not None else set()
    for number, upstream in _cases(session, link.waits_on).items():
        if upstream is None or number in seen:
            continue
        seen.add(number)
        if upstream.status == "rejected":
            return upstream
        above = session.get(ChainLink, upstream.id)
        if above is not None:
            failed = _failed_upstream(session, above, seen)
            if failed is not None:
                return failed
    return None


def _name(session: Session, code: str) -> str:
    item = session.get(CatalogueItem, code)
    body = item.body if item is not None else None
    return str(body.get("name", code)) if isinstance(body, dict) else code


def _reason(session: Session, failed: Case) -> str:
    return (f"前一项“{_name(session, failed.service_code)}”（{failed.case_number}）未能办理，"
            "本项暂停，请到窗口咨询")


def waits_on_names(session: Session, case: Case) -> list[str]:
    """The names of the links a waiting link still waits on (not completed yet)."""
    link = session.get(ChainLink, case.id)
    if link is None:
        return []
    return [_name(session, c.service_code) if c is not None else number
            for number, c in _cases(session, link.waits_on).items()
            if c is None or c.status != "completed"]


def completed(session: Session, case: Case, route: Callable[[Case], None]) -> list[str]:
    """After `case` was completed: advance the links of its chain that wait on it.
    Returns the tracking numbers of the links now routed."""
    link = session.get(ChainLink, case.id)
    if link is None:
        return []
    routed = []
    for other in _chain_cases(session, link.chain_id):
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
    chain_cases = _chain_cases(session, link.chain_id)
    for other in chain_cases:
        if other.status == "waiting":
            failed = _failed_upstream(session, session.get(ChainLink, other.id))
            if failed is not None:
                other.status_reason, other.updated_at = _reason(session, failed), utc_now()
    phone = _phone(chain_cases)
    if phone is None:
        return
    event = _name(session, link.event)
    text = (f"【政务服务】您办理的“{event}”中，“{_name(session, case.service_code)}”"
            f"（受理编号{case.case_number}）未能办理：{case.status_reason or '请到窗口咨询'}。"
            "其余事项照常办理，可在自助终端查询办理进度。")
    session.add(ChainMessage(chain_id=link.chain_id, about_case_id=case.id, phone=phone,
                             text=text, created_at=utc_now()))
    log.info("SMS recorded for chain %s about case %s", link.chain_id, case.case_number)


def _chain_cases(session: Session, chain_id: str) -> list[Case]:
    return list(session.scalars(
        select(Case).join(ChainLink, ChainLink.case_id == Case.id)
        .where(ChainLink.chain_id == chain_id).order_by(ChainLink.position, Case.id)))


def _phone(cases: list[Case]) -> str | None:
    """A phone number among the chain's answers (a field whose key holds "phone")."""
    for case in cases:
        answers = case.payload.get("answers") if isinstance(case.payload, dict) else None
        for key, value in (answers or {}).items() if isinstance(answers, dict) else ():
            if "phone" in key.lower() and isinstance(value, str) and value.strip():
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
