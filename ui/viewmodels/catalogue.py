"""Finding a service: home sections, lists by section or domain (paged), and search."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Property, QCoreApplication, QObject, Signal, Slot

from kiosk.catalogue.model import Domain, JourneyKind, ServiceItem
from kiosk.catalogue.wording import ItemWording
from ui.viewmodels.icons import domain_icon

translate = QCoreApplication.translate

PAGE_SIZE = {False: 8, True: 5}  # until the screen says how many rows fit (elder: larger)
SEARCH_RESULTS = {False: 8, True: 5}


def domain_titles() -> dict[str, str]:
    return {
        Domain.SOCIAL_SECURITY: translate("home", "社会保险"),
        Domain.HEALTHCARE: translate("home", "医疗卫生"),
        Domain.HOUSING_SECURITY: translate("home", "住房保障"),
        Domain.EMPLOYMENT: translate("home", "就业创业"),
        Domain.SOCIAL_ASSISTANCE: translate("home", "社会救助"),
        Domain.SOCIAL_WELFARE: translate("home", "社会福利"),
        Domain.EDUCATION: translate("home", "教育"),
        Domain.PUBLIC_SAFETY: translate("home", "公安户政"),
        Domain.BUSINESS: translate("home", "企业服务"),
    }


def section_titles() -> dict[str, str]:
    return {
        "apply": translate("home", "我要办"),
        "lookup": translate("home", "我要查"),
        "guide": translate("home", "办事指南"),
    }


def _row(item: ServiceItem, language: str) -> dict:
    """A row in the screen's language; an item without English shows its Chinese."""
    words = ItemWording(item, language)
    return {"code": item.code, "name": words.name, "department": words.department,
            "icon": domain_icon(item.domain)}


def _chinese() -> str:
    return "zh_CN"


class ServiceListViewModel(QObject):
    """One list of services, a page at a time (no swiping needed)."""

    changed = Signal()

    def __init__(self, catalogue, parent=None, *, language: Callable[[], str] = _chinese):
        """`language` tells the session's language ("zh_CN" or "en") when rows are read."""
        super().__init__(parent)
        self._catalogue = catalogue
        self._language = language
        self._items: list[ServiceItem] = []
        self._title = ""
        self._page = 0
        self._elder = False
        self._fit = 0  # rows the screen has room for; 0 until it says
        self.section = ""  # "apply", "lookup", "guide", or a domain value

    def set_catalogue(self, catalogue) -> None:
        """A new catalogue, adopted between visits: the next list comes from it."""
        self._catalogue = catalogue
        if self.section:
            self.show_section(self.section)

    def show_section(self, section: str) -> None:
        self.section = section
        if section == "apply":
            self._items = self._catalogue.to_do()
        elif section == "lookup":
            self._items = self._catalogue.by_journey(JourneyKind.LOOKUP)
        elif section == "guide":
            self._items = list(self._catalogue.items)
        else:
            self._items = self._catalogue.in_domain(Domain(section))
        titles = section_titles() | domain_titles()
        self._title = titles.get(section, section)
        self._page = 0
        self.changed.emit()

    def set_elder(self, elder: bool) -> None:
        self._elder = elder
        self._page = 0
        self.changed.emit()

    @Slot(int)
    def setRowsThatFit(self, rows: int) -> None:
        """The screen's room, in rows: pages are as full as it allows, and as even."""
        first = self._page * self._size()
        self._fit = max(1, rows)
        self._page = min(first // self._size(), self._page_count() - 1)
        self.changed.emit()

    def _size(self) -> int:
        """Rows a page: no more than fit, spread evenly over the pages (19 items in rows
        of 15 make pages of 10 and 9, not 15 and 4: no page is left mostly empty)."""
        fit = self._fit or PAGE_SIZE[self._elder]
        pages = max(1, -(-len(self._items) // fit))
        return max(1, -(-len(self._items) // pages))

    def _rows(self) -> list:
        start = self._page * self._size()
        language = self._language()
        return [_row(i, language) for i in self._items[start:start + self._size()]]

    def _page_count(self) -> int:
        fit = self._fit or PAGE_SIZE[self._elder]
        return max(1, -(-len(self._items) // fit))

    def _page_text(self) -> str:
        return translate("list", "第 {page} 页，共 {pages} 页").format(
            page=self._page + 1, pages=self._page_count())

    def _title_text(self) -> str:
        return self._title

    def _has_next(self) -> bool:
        return self._page + 1 < self._page_count()

    def _has_previous(self) -> bool:
        return self._page > 0

    title = Property(str, _title_text, notify=changed)
    rows = Property(list, _rows, notify=changed)
    pageText = Property(str, _page_text, notify=changed)
    hasNext = Property(bool, _has_next, notify=changed)
    hasPrevious = Property(bool, _has_previous, notify=changed)
    pageSize = Property(int, _size, notify=changed)

    @Slot()
    def nextPage(self) -> None:
        if self._has_next():
            self._page += 1
            self.changed.emit()

    @Slot()
    def previousPage(self) -> None:
        if self._has_previous():
            self._page -= 1
            self.changed.emit()


class SearchViewModel(QObject):
    """Results follow every keystroke, including pinyin not yet turned into characters."""

    changed = Signal()

    def __init__(self, catalogue, parent=None, *, language: Callable[[], str] = _chinese):
        super().__init__(parent)
        self._catalogue = catalogue
        self._language = language
        self._query = ""
        self._elder = False
        self._hits: list[ServiceItem] = []

    def set_elder(self, elder: bool) -> None:
        self._elder = elder
        self._refresh()

    def set_catalogue(self, catalogue) -> None:
        """A new catalogue, adopted between visits: the next search runs on it."""
        self._catalogue = catalogue
        self._refresh()

    @Slot(str)
    def setQuery(self, query: str) -> None:
        if query != self._query:
            self._query = query
            self._refresh()

    def clear(self) -> None:
        self._query = ""
        self._hits = []
        self.changed.emit()

    def _refresh(self) -> None:
        hits = self._catalogue.search(self._query, limit=SEARCH_RESULTS[self._elder])
        items = (self._catalogue.item(h.code) for h in hits)
        self._hits = [i for i in items if i is not None]
        self.changed.emit()

    def _query_text(self) -> str:
        return self._query

    def _results(self) -> list:
        language = self._language()
        return [_row(i, language) for i in self._hits]

    def _nothing_found(self) -> bool:
        return bool(self._query.strip()) and not self._hits

    query = Property(str, _query_text, notify=changed)
    results = Property(list, _results, notify=changed)
    nothingFound = Property(bool, _nothing_found, notify=changed)
