"""A platform catalogue answer read and checked: in this process when it is small, in a
process of its own when it is large.

A whole catalogue of a city (ten thousand items, 17 MB of JSON) takes seconds of Python
to parse, check and index, and parts of it (the parse) are single long calls that hold
the interpreter. Run on the sync thread, that time is taken from the screens, which share
the interpreter with it. So a large answer is handed, as the bytes that came (a catalogue
holds no personal data), to a fresh Python process that parses it, checks every item,
builds the search index and sends back only what the kiosk stores and serves: the items'
rows (as sent, in code order, each with why it is not served, if it is not) and the
index's bytes. The rows come first, once checked: the kiosk builds its items from them
a few at a time while the worker indexes them (a terminal has two cores).

The worker is a plain subprocess (not multiprocessing): it starts without re-importing
whatever script runs the kiosk, and one that hangs or dies is killed or reaped here, the
sync fails with one log line, and the last good catalogue keeps serving.
"""

from __future__ import annotations

import logging
import os
import pickle
import subprocess
import sys
import threading
from dataclasses import dataclass, replace
from pathlib import Path

from kiosk.catalogue.loader import (
    CatalogueError,
    LoadedCatalogue,
    SkippedItem,
    load_catalogue,
)
from kiosk.catalogue.plain_text import document_may_hold_markup
from kiosk.catalogue.repository import catalogue_rows
from kiosk.catalogue.search import SearchIndex
from kiosk.catalogue.search.pinyin_forms import ReadingCache
from kiosk.sync.catalogue_json import read_answer

# Answers larger than this are checked in a worker process; a change list of a few items
# (kilobytes) or the demo catalogue is quicker checked here than a process started.
WORKER_FROM_BYTES = 1024 * 1024
# A worker that has not answered by then is taken for hung: a city's catalogue takes
# seconds, a slow terminal a minute.
WORKER_TIMEOUT_S = 600.0

# How much lower than the kiosk the worker runs (nice(1)'s scale: 19 is the lowest).
WORKER_NICENESS = 10

FACTS = ("catalogue_revision", "kind", "since_revision", "cursor", "schema_version",
         "catalogue_version", "issued_at")


class CatalogueRefused(Exception):
    """The platform's answer is not a catalogue this terminal may serve; says why."""


class CatalogueCheckFailed(Exception):
    """The worker process checking a catalogue ended without an answer; says how."""


@dataclass(frozen=True)
class Serving:
    """What the terminal serves now, as far as taking an answer goes."""

    revision: int | None
    has_base: bool  # the platform's catalogue, asked in this kiosk's item schema

    def takes(self, revision: int) -> bool:
        """Whether a catalogue of `revision` is one to check: never an older one, nor
        the one served again (unless it must be downloaded again)."""
        return self.revision is None or revision > self.revision or (
            revision == self.revision and not self.has_base)


@dataclass(frozen=True)
class CheckedWhole:
    """A whole catalogue checked: what the store keeps and the kiosk serves."""

    rows: list[tuple[str, str, str | None]]  # (code, item as sent, why not served), by code
    index: bytes | None  # None while its worker is still building it
    skipped: tuple[SkippedItem, ...]
    served: int
    loaded: LoadedCatalogue | None = None  # its items, when checked in this process
    worker: _Worker | None = None  # the process building its index

    def search_index(self) -> bytes:
        """The index's bytes, once its worker sent them. Raises CatalogueCheckFailed."""
        return self.index if self.worker is None else self.worker.last_part()

    def close(self) -> None:
        """Stops its worker, if it still runs (the sync failed meanwhile)."""
        if self.worker is not None:
            self.worker.close()


@dataclass(frozen=True)
class CheckedAnswer:
    """The platform's answer read: its facts, and either the change list as sent (small,
    applied by the caller) or the whole catalogue checked; neither when not newer."""

    facts: dict
    change: dict | None = None
    whole: CheckedWhole | None = None
    refused: str | None = None


def check(content: bytes, serving: Serving, *, worker_from_bytes: int = WORKER_FROM_BYTES,
          timeout_s: float = WORKER_TIMEOUT_S,
          readings: ReadingCache | None = None) -> CheckedAnswer:
    """`content` read and, if a whole catalogue newer than the one `serving`, checked and
    indexed (one that is not newer: its facts alone). Raises CatalogueRefused (not a
    catalogue to serve) or CatalogueCheckFailed (the worker).

    A whole catalogue checked in a worker comes before its index: the caller asks for
    that with `whole.search_index()`, and calls `whole.close()` when done."""
    if len(content) < worker_from_bytes:
        answer = check_here(content, serving, readings or ReadingCache())
    else:
        answer = _check_in_worker(content, serving, timeout_s)
    if answer.refused is not None:
        raise CatalogueRefused(answer.refused)
    return answer


def check_here(content: bytes, serving: Serving, readings: ReadingCache) -> CheckedAnswer:
    """What `check` does, in the calling process."""
    answer, loaded = _checked(content, serving, outlines=False)
    if answer.whole is None:
        return answer
    index = SearchIndex.build(loaded.items, readings).to_bytes()
    return replace(answer, whole=replace(answer.whole, index=index, loaded=loaded))


def _checked(content: bytes, serving: Serving, *,
             outlines: bool) -> tuple[CheckedAnswer, LoadedCatalogue | None]:
    """The answer without the whole catalogue's index, and the catalogue to index (its
    items in code order; `outlines`: as `ItemOutline`s, enough to index)."""
    try:
        document, item_texts = _parse(content)
    except CatalogueRefused as exc:
        return CheckedAnswer({}, refused=str(exc)), None
    facts = {key: document.get(key) for key in FACTS}
    if not serving.takes(facts["catalogue_revision"]):
        return CheckedAnswer(facts), None  # the caller says why not
    if document["kind"] != "full":
        return CheckedAnswer(facts, change=document), None
    header = {key: document[key] for key in ("schema_version", "catalogue_version", "issued_at")}
    try:
        loaded = load_catalogue(dict(header, items=document["items"]),
                                markup_free=not document_may_hold_markup(content),
                                outlines=outlines)
    except CatalogueError as exc:
        return CheckedAnswer(facts, refused=f"the catalogue cannot be used: {exc}"), None
    if not loaded.items:
        return CheckedAnswer(facts, refused="every item of the catalogue failed its check"), None
    loaded = LoadedCatalogue(loaded.version, loaded.issued_at,
                             tuple(sorted(loaded.items, key=lambda item: item.code)),
                             loaded.skipped)
    rows = sorted(((row.code, row.item, row.skipped)
                   for row in catalogue_rows(document, loaded, keep_order=False,
                                             texts=item_texts)),
                  key=lambda row: row[0])
    return CheckedAnswer(facts, whole=CheckedWhole(
        rows, None, loaded.skipped, len(loaded.items))), loaded


def _parse(content: bytes) -> tuple[dict, list[str] | None]:
    """The answer's document, and its items' texts as they came."""
    try:
        document, item_texts = read_answer(content)
    except (ValueError, UnicodeDecodeError):
        raise CatalogueRefused("the catalogue is not valid JSON") from None
    if not isinstance(document, dict):
        raise CatalogueRefused("the catalogue is not a JSON object")
    revision = document.get("catalogue_revision")
    if not isinstance(revision, int) or isinstance(revision, bool) or revision < 1:
        raise CatalogueRefused("the catalogue has no revision number")
    if document.get("kind") not in ("full", "delta") or not isinstance(document.get("items"), list):
        raise CatalogueRefused("the catalogue is neither a full document nor a change list")
    if not isinstance(document.get("tombstones", []), list):
        raise CatalogueRefused("the catalogue's removals are not a list")
    return document, item_texts


# -- the worker process ------------------------------------------------------------------

# The worker imports this module from the same place the kiosk did (an installed package
# or a source checkout), whatever the working directory. It runs without the garbage
# collector: it lives for one catalogue, makes no reference cycles worth collecting, and
# the collector's passes over a city's catalogue (millions of objects, all kept to the
# end) took a third of its time.
_START = ("import gc; gc.disable(); import sys; sys.path.insert(0, sys.argv[1]); "
          "from kiosk.sync.catalogue_check import serve_one; serve_one(*sys.argv[2:])")


def _check_in_worker(content: bytes, serving: Serving, timeout_s: float) -> CheckedAnswer:
    worker = _Worker(content, serving, timeout_s)
    try:
        answer = worker.part()
        if not isinstance(answer, CheckedAnswer):
            raise CatalogueCheckFailed("the catalogue check's process answered garbage")
        if answer.whole is None:
            worker.finish()
            worker.close()
            return answer
        return replace(answer, whole=replace(answer.whole, worker=worker))
    except BaseException:
        worker.close()
        raise


class _Worker:
    """A worker process checking one answer. It answers in parts, each pickled: the
    CheckedAnswer (the whole catalogue's without its index), then the index's bytes. One
    that has not finished `timeout_s` after it started is stopped."""

    def __init__(self, content: bytes, serving: Serving, timeout_s: float) -> None:
        source_root = str(Path(__file__).resolve().parents[2])
        told = [str(serving.revision or 0), "1" if serving.has_base else "0"]
        self._timeout_s = timeout_s
        self._process = subprocess.Popen([sys.executable, "-c", _START, source_root, *told],
                                         stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                         stderr=subprocess.PIPE)
        self._stopped = threading.Event()  # by the watchdog: it took too long
        self._watchdog = threading.Timer(timeout_s, self._stop)
        self._watchdog.daemon = True
        self._watchdog.start()
        self._said = b""  # its stderr: nothing but a crash's last words
        self._helpers = [threading.Thread(target=self._feed, args=(content,), daemon=True),
                         threading.Thread(target=self._listen, daemon=True)]
        for helper in self._helpers:
            helper.start()

    def part(self):
        """The next part of its answer. Raises CatalogueCheckFailed (it ended without)."""
        try:
            return pickle.load(self._process.stdout)  # noqa: S301 - our own worker's pipe
        except Exception:  # noqa: BLE001 - whatever a cut-short answer raises
            raise self._failure() from None

    def last_part(self) -> bytes:
        """The index's bytes, once the worker ended well. Raises CatalogueCheckFailed."""
        index = self.part()
        self.finish()
        if not isinstance(index, bytes):
            raise CatalogueCheckFailed("the catalogue check's process answered garbage")
        return index

    def finish(self) -> None:
        """Waits for the worker to end after its last part; raises CatalogueCheckFailed
        if it did not end well."""
        self._process.wait()
        if self._process.returncode != 0 or self._stopped.is_set():
            raise self._failure()

    def close(self) -> None:
        """Stops the worker if it still runs, and reaps it."""
        self._watchdog.cancel()
        if self._process.poll() is None:
            self._process.kill()
        self._process.wait()
        for helper in self._helpers:
            helper.join()
        for pipe in (self._process.stdin, self._process.stdout, self._process.stderr):
            pipe.close()

    def _stop(self) -> None:
        self._stopped.set()
        self._process.kill()

    def _feed(self, content: bytes) -> None:
        try:
            self._process.stdin.write(content)
            self._process.stdin.close()
        except OSError:
            pass  # it ended before reading it all: `part` says how

    def _listen(self) -> None:
        self._said = self._process.stderr.read()

    def _failure(self) -> CatalogueCheckFailed:
        self._process.wait()
        self._helpers[1].join()
        if self._stopped.is_set():
            return CatalogueCheckFailed(
                f"the catalogue check's process gave no answer within {self._timeout_s:.0f} s "
                "and was stopped")
        code = self._process.returncode
        if code == 0:
            return CatalogueCheckFailed("the catalogue check's process answered garbage")
        how = f"was killed by signal {-code}" if code < 0 else f"exited with code {code}"
        last = self._said.decode("utf-8", "replace").strip().splitlines()[-1:]
        return CatalogueCheckFailed(f"the catalogue check's process {how}"
                                    + (f" ({last[0][:200]})" if last else ""))


def serve_one(revision: str, has_base: str) -> None:
    """The worker: a platform answer on stdin; on stdout the CheckedAnswer, then (for a
    whole catalogue) its search index's bytes, each pickled."""
    # Its skipped items are logged by the kiosk, from the answer; nothing here reaches
    # stderr but a crash's last words.
    logging.getLogger().addHandler(logging.NullHandler())
    # A catalogue can wait, a resident's tap cannot: the screens' process gets the CPU
    # first on a terminal's two cores.
    os.nice(WORKER_NICENESS)
    content = sys.stdin.buffer.read()
    answer, loaded = _checked(content, Serving(int(revision) or None, has_base == "1"),
                              outlines=True)
    _send(answer)
    if answer.whole is not None:
        _send(SearchIndex.build(loaded.items, ReadingCache()).to_bytes())
    # Its answer is out: ending now spares freeing a city's catalogue object by object,
    # which the kiosk would wait for.
    os._exit(0)


def _send(part) -> None:
    sys.stdout.buffer.write(pickle.dumps(part, protocol=pickle.HIGHEST_PROTOCOL))
    sys.stdout.buffer.flush()
