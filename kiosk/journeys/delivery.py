"""How the result reaches the resident, where the item allows post (item schema 3's
`delivery`): collected at the counter, or posted free to an address prefilled from the
card and editable."""

from __future__ import annotations

from kiosk.catalogue.model import Choice, FieldType, FormField, ServiceItem
from kiosk.i18n import QT_TRANSLATE_NOOP

COUNTER = "counter"
POST = "post"

METHOD = FormField(
    key="delivery_method",
    label=QT_TRANSLATE_NOOP("delivery", "办好后怎么拿"),
    type=FieldType.CHOICE,
    choices=(Choice(COUNTER, QT_TRANSLATE_NOOP("delivery", "自己到窗口领取")),
             Choice(POST, QT_TRANSLATE_NOOP("delivery", "免费邮寄到家"))),
)
ADDRESS = FormField(
    key="delivery_address",
    label=QT_TRANSLATE_NOOP("delivery", "邮寄地址"),
    type=FieldType.ADDRESS,
    help=QT_TRANSLATE_NOOP(
        "delivery", "已按身份证上的住址填好，住在别处的请改成现在的地址，写到门牌号"),
    min_length=8,
    max_length=80,
    sensitive=True,
)
PHONE = FormField(
    key="delivery_phone",
    label=QT_TRANSLATE_NOOP("delivery", "收件人手机号"),
    type=FieldType.PHONE,
    help=QT_TRANSLATE_NOOP("delivery", "快递员送件前会打这个电话"),
    sensitive=True,
)
KEYS = frozenset({METHOD.key, ADDRESS.key, PHONE.key})


def phone_key(item: ServiceItem) -> str | None:
    """The item's own phone question, whose answer the courier calls, if it has one."""
    return next((f.key for f in item.fields if f.type is FieldType.PHONE), None)


def delivery_fields(item: ServiceItem, method: str | None) -> tuple[FormField, ...]:
    """The questions the delivery choice adds: none where the item posts nothing; the
    choice; and, when the resident chose post, the address and (unless the item asks a
    phone already) a phone for the courier."""
    if not item.may_post:
        return ()
    if method != POST:
        return (METHOD,)
    return (METHOD, ADDRESS) + (() if phone_key(item) else (PHONE,))


def delivery_payload(item: ServiceItem, answers: dict[str, str], name: str,
                     form: ServiceItem | None = None) -> dict | None:
    """`payload.delivery` as the platform takes it, or None where the item posts nothing.
    The courier's phone is the answer to the phone question of the whole `form` (a life
    event's merged form, whose phone question may belong to another link)."""
    if not item.may_post:
        return None
    if answers.get(METHOD.key) != POST:
        return {"method": COUNTER, "recipient": name, "phone": None, "address": None}
    phone = answers.get(phone_key(form or item) or PHONE.key)
    return {"method": POST, "recipient": name, "phone": phone,
            "address": answers.get(ADDRESS.key)}
