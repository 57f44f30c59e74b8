"""What the screens show of a life event (一件事), of delivery by post and of corrections.

The guide of an event lists its links in order (each link's name and department, and for
a link an earlier one feeds: which one it waits for and what it fills in), then the guides
to read first. Its confirmation lists every link with its tracking number and what it
waits on. Any confirmation says where the result is posted (masked). A case the office
sent back says what it asked for.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from kiosk.catalogue.wording import ItemWording

translate = QCoreApplication.translate


def _joined(parts, language: str) -> str:
    return (", " if language == "en" else "、").join(parts)


def chain_sections(journey, language: str) -> list[dict]:
    """The guide's sections for a life event: the links, numbered, and the guides to read
    before; [] for any other journey. Lines as the guide shows them ("numbered": the
    section's lines are steps in order, not points)."""
    event = getattr(journey, "event", None)
    links = getattr(journey, "links", ())
    if event is None or event.chain is None or not links:
        return []
    position = {item.code: n for n, item in enumerate(links, 1)}
    lines = []
    for spec, item in zip(event.chain.links, links, strict=True):
        words = ItemWording(item, language)
        line = translate("life_event", "{name}（{department}）").format(
            name=words.name, department=words.department)
        if spec.waits_on:
            line += translate(
                "life_event", "：等第{numbers}项办好后接着办，{labels}自动填上").format(
                numbers=_joined([str(position[code]) for code in spec.waits_on
                                 if code in position], language),
                labels=_joined([words.chinese_only(feed.label) for feed in spec.feeds],
                               language))
        lines.append(line)
    sections = [{"title": translate("life_event", "一次办好这{n}件事，各部门按顺序接着办").format(
        n=len(links)), "lines": lines, "numbered": True}]
    first = getattr(journey, "first", ())
    if first:
        sections.append({
            "title": translate("life_event", "开始前请先办好"),
            "lines": [translate("life_event", "{name}（怎么办可以在首页“办事指南”里查看）").format(
                name=ItemWording(item, language).name) for item in first],
        })
    return sections


def chain_links(confirmation, catalogue, language: str, date_text) -> list[dict]:
    """Every link of a life event's confirmation, in order, for the screen: its name (in
    the screen's language where the catalogue has it), department, tracking number, the
    date it is promised by, and which links it waits on."""
    links = getattr(confirmation, "links", ())
    out = []
    for n, link in enumerate(links, 1):
        item = catalogue.item(link.service_code)
        words = ItemWording(item, language) if item else None
        waits = ""
        if link.waits_on:
            names = [_link_name(links, name, catalogue, language) for name in link.waits_on]
            waits = translate("life_event", "等“{names}”办好后接着办").format(
                names=_joined(names, language))
            if link.fed:
                waits += translate("life_event", "，{labels}自动填上").format(labels=_joined(
                    [words.chinese_only(label) if words else label for label in link.fed],
                    language))
        out.append({
            "n": n,
            "service": words.name if words else link.service_name,
            "department": words.department if words else link.department,
            "trackingNumber": link.tracking_number,
            "promisedBy": date_text(link.promised_by) if link.promised_by else "",
            "waitsOn": waits,
        })
    return out


def _link_name(links, chinese_name: str, catalogue, language: str) -> str:
    """A link named by its Chinese name (as LinkFiled.waits_on names them), in the
    screen's language."""
    code = next((link.service_code for link in links if link.service_name == chinese_name), None)
    item = catalogue.item(code) if code else None
    return ItemWording(item, language).name if item else chinese_name


def posted_to(confirmation) -> str:
    """"办好后免费邮寄到：…" with the masked address, or "" where it is collected."""
    address = getattr(confirmation, "posted_to", None)
    return translate("life_event", "办好后免费邮寄到：{address}").format(address=address) \
        if address else ""


def correction_of(case) -> dict | None:
    """What the office asked of a case sent back for correction: its note and the list
    of what to give, or None where nothing is asked."""
    asked = case.correction
    if asked is None:
        return None
    wanted = [f.label for f in asked.answers] + [m.name for m in asked.photos]
    return {
        "note": asked.note,
        "wanted": translate("life_event", "要补：{items}").format(items="、".join(wanted))
        if wanted else "",
    }
