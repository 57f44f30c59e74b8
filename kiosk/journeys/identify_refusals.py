"""What the identify step tells a resident whose card it cannot take, and what to do.

Three refusals: the service does not list this kind of card (a residence permit where only
a resident ID card will do, a typed number where a card is needed), a typed number on a
journey that shows or acts on existing cases or records, and the card is past its
validity. Each says, in plain words, what to do instead: another card, the counter,
the hotline, or where to renew the card.
"""

from __future__ import annotations

from kiosk.catalogue.model import IdentityProof, ServiceItem
from kiosk.i18n import QT_TRANSLATE_NOOP, Message
from kiosk.identity import Identity

# The cards as residents call them, filled into the sentences below.
CARD_NAMES: dict[IdentityProof, Message] = {
    IdentityProof.ID_CARD: QT_TRANSLATE_NOOP("journey", "居民身份证"),
    IdentityProof.SOCIAL_SECURITY_CARD: QT_TRANSLATE_NOOP("journey", "社保卡"),
    IdentityProof.E_ID_QR: QT_TRANSLATE_NOOP("journey", "电子身份证码"),
    IdentityProof.HK_MO_TW_RESIDENCE_PERMIT: QT_TRANSLATE_NOOP("journey", "港澳台居民居住证"),
    IdentityProof.FOREIGN_PERMANENT_RESIDENCE_CARD: QT_TRANSLATE_NOOP(
        "journey", "外国人永久居留身份证"
    ),
}

# The national immigration administration's service hotline (foreigners' cards).
IMMIGRATION_HOTLINE = "12367"


def not_accepted(identity: Identity, item: ServiceItem) -> Message:
    """The service does not list the resident's kind of proof."""
    if identity.proof is IdentityProof.TYPED_ID_NUMBER:
        return QT_TRANSLATE_NOOP(
            "journey",
            "这项业务需要本人刷身份证或社保卡办理，手动输入的号码不能用于本业务。",
        )
    card = CARD_NAMES[identity.proof]
    if IdentityProof.ID_CARD in item.identity_proofs:
        return QT_TRANSLATE_NOOP(
            "journey",
            "这项业务需要居民身份证，不能用{card}办理。"
            "请带上您的证件到{department}的服务窗口办理，或拨打{hotline}咨询。",
        ).format(card=card, department=item.department, hotline=item.hotline)
    return QT_TRANSLATE_NOOP(
        "journey",
        "这项业务不能用{card}办理。请按办事指南换用其他证件，"
        "或到{department}的服务窗口办理，或拨打{hotline}咨询。",
    ).format(card=card, department=item.department, hotline=item.hotline)


# A typed number proves nothing: it may start an application the office then verifies,
# but never shows or acts on cases and records already held (anyone can type anyone's
# number). There is no face check yet, so without a card or a phone it is the counter.
TYPED_NUMBER_OPENS_NO_RECORDS = QT_TRANSLATE_NOOP(
    "journey",
    "手动输入的身份证号码不能用来查看或办理已有的业务。"
    "请刷身份证或社保卡，或打开手机上的电子身份证码；"
    "没带卡也没带手机，请到人工窗口，工作人员会帮您办理。",
)


def expired(identity: Identity, item: ServiceItem | None) -> Message:
    """The card's valid-to date has passed: it proves nothing now; where to renew it."""
    hotline = item.hotline if item else "12345"
    if identity.proof is IdentityProof.HK_MO_TW_RESIDENCE_PERMIT:
        return QT_TRANSLATE_NOOP(
            "journey",
            "这张港澳台居民居住证已过有效期，不能用来证明身份。"
            "请到居住地派出所（居住证受理点）换领新证，或拨打{hotline}咨询。",
        ).format(hotline=hotline)
    if identity.proof is IdentityProof.FOREIGN_PERMANENT_RESIDENCE_CARD:
        return QT_TRANSLATE_NOOP(
            "journey",
            "这张外国人永久居留身份证已过有效期，不能用来证明身份。"
            "请到居住地公安局出入境管理部门申请换发，或拨打{hotline}（移民管理服务热线）咨询。",
        ).format(hotline=IMMIGRATION_HOTLINE)
    return QT_TRANSLATE_NOOP(
        "journey",
        "这张身份证已过有效期，不能用来证明身份。"
        "请换用社保卡等其他有效证件，或到户籍所在地派出所换领新证。",
    )
