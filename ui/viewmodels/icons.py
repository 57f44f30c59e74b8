"""Which icon stands for what, for every screen that shows a home tile, a domain or a
service (a service takes its domain's). Names are files in `ui/qml/icons/`."""

from __future__ import annotations

from kiosk.catalogue.model import Domain

TILE_ICONS = {
    "apply": "file-pencil",
    "lookup": "file-search",
    "guide": "book",
    "progress": "progress-check",
    "rate": "thumb-up",
    "complain": "message-report",
}

DOMAIN_ICONS = {
    Domain.SOCIAL_SECURITY: "umbrella",
    Domain.HEALTHCARE: "first-aid-kit",
    Domain.HOUSING_SECURITY: "home",
    Domain.EMPLOYMENT: "briefcase",
    Domain.SOCIAL_ASSISTANCE: "heart-handshake",
    Domain.SOCIAL_WELFARE: "old",
    Domain.EDUCATION: "school",
    Domain.PUBLIC_SAFETY: "shield",
    Domain.BUSINESS: "building-store",
}

# 好差评, level 5 (非常满意) to 1 (非常不满意): the faces people know from rating pads.
RATING_ICONS = {5: "mood-happy", 4: "mood-smile", 3: "mood-empty", 2: "mood-sad", 1: "mood-cry"}

# Voice mode's buttons: its switch and settings, and what only a headset offers.
VOICE_ICONS = {"voice": "volume", "headset": "headphones"}


def domain_icon(domain: Domain) -> str:
    return DOMAIN_ICONS[domain]
