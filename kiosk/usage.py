"""The services residents use most on this terminal, for the home screen.

Counting. Each service a resident opens (its journey or its guide) counts once per visit:
a resident going back and forth between two services is one use of each, not ten. The
codes opened are held in memory during the visit (the tap does no I/O) and written when
the visit is wiped, in one small transaction, as (service code, local day, count): no
session id, no time of day, nothing about the resident. A write that fails is kept and
tried again after the next visit.

Decay. Counts are kept in daily buckets over a 90-day window, and a use weighs less the
older it is: 1 on its day, falling linearly to 0 at 90 days, when its bucket is deleted.
Daily buckets were chosen over one exponentially decayed number per service because a
day is the finest time the table holds (an exponential score needs the time of its last
update), because "uses in the last 90 days" is what a technician can check by hand, and
because a use is then gone from the terminal after 90 days instead of fading forever.
The linear fade keeps the list from jumping when a busy day drops out of the window.

Blending. `most_used` ranks every service the current catalogue offers by

    score = CITY_PRIOR_USES / popularity_rank  +  sum over days of uses * (1 - age / 90)

The first term is the city's ranking read as if the terminal had already seen that many
uses: usage across services falls off roughly as 1 / rank (Zipf), so the city's first
item counts as 10 uses, its second as 5, its tenth as 1, an unranked one as 0. A new
terminal therefore shows the city's favourites in the city's order; a terminal whose
residents open a few dozen services drifts to what they do (a service opened ten times
this week outranks the city's first). Services with a score of 0 are left out. Ties go
to the better city rank, then to the code, so the list never depends on dict order.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import Counter
from collections.abc import Callable, Iterable

from kiosk.catalogue.model import ServiceItem
from offline_cache.errors import StorageUnavailable
from offline_cache.item_use import ItemUse

log = logging.getLogger(__name__)

WINDOW_DAYS = 90
CITY_PRIOR_USES = 10.0
MOST_USED_LIMIT = 12


def city_prior(item: ServiceItem) -> float:
    """The catalogue's popularity rank as a number of uses (see the module's docstring)."""
    rank = item.popularity_rank
    return CITY_PRIOR_USES / rank if rank else 0.0


def most_used(items: Iterable[ServiceItem], local_uses: dict[str, float],
              limit: int = MOST_USED_LIMIT) -> list[ServiceItem]:
    """The `limit` services of `items` with the highest blended score, best first."""
    scored = []
    for item in items:
        score = city_prior(item) + local_uses.get(item.code, 0.0)
        if score > 0:
            rank = item.popularity_rank
            scored.append(((-score, rank is None, rank or 0, item.code), item))
    scored.sort(key=lambda entry: entry[0])
    return [item for _, item in scored[:max(limit, 0)]]


class ItemUsage:
    """This terminal's counts of services opened, kept in the store."""

    def __init__(self, store: ItemUse, today: Callable[[], dt.date]):
        self._store = store
        self._today = today
        self._this_visit: dict[str, str] = {}  # code -> day it was first opened
        self._unsaved: Counter[tuple[str, str]] = Counter()
        self._failing = False

    def opened(self, code: str) -> None:
        """A resident opened this service: remembered for the visit, no I/O."""
        self._this_visit.setdefault(code, self._today().isoformat())

    def visit_ended(self) -> None:
        """The visit was wiped: its services count once each, written now."""
        for code, day in self._this_visit.items():
            self._unsaved[(code, day)] += 1
        self._this_visit.clear()
        self.save()

    def add(self, counts: dict[str, int], days_ago: int = 0) -> None:
        """Count `counts` uses per service on a day `days_ago` before today, written at
        once: for the tour's pictures, a demo and tests (`Kiosk.seed_usage`)."""
        day = (self._today() - dt.timedelta(days=days_ago)).isoformat()
        for code, count in counts.items():
            if count > 0:
                self._unsaved[(code, day)] += count
        self.save()

    def save(self) -> None:
        """Write what is not written yet; on a storage failure keep it for next time."""
        if not self._unsaved:
            return
        try:
            self._store.add(dict(self._unsaved), keep_from=self._oldest_kept_day().isoformat())
        except StorageUnavailable as exc:
            if not self._failing:  # once per outage, not once per visit
                log.warning("services opened are not being counted: %s", exc)
            self._failing = True
            return
        self._unsaved.clear()
        if self._failing:
            log.info("services opened are being counted again")
            self._failing = False

    def decayed(self) -> dict[str, float]:
        """Each service's uses, each weighted by how recent it is (see the docstring)."""
        today = self._today()
        weights: dict[str, float] = {}
        for code, day, uses in self._store.since(self._oldest_kept_day().isoformat()):
            age = (today - dt.date.fromisoformat(day)).days
            weight = max(0.0, 1.0 - max(age, 0) / WINDOW_DAYS)
            if weight > 0:
                weights[code] = weights.get(code, 0.0) + uses * weight
        return weights

    def _oldest_kept_day(self) -> dt.date:
        """Uses from before this day weigh nothing and are deleted."""
        return self._today() - dt.timedelta(days=WINDOW_DAYS - 1)
