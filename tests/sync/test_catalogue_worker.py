"""A whole catalogue checked in a worker process: the terminal serves, searches, stores
and skips exactly what it would have checked itself; a worker that is killed or hangs
fails that sync with a clear reason, and the last good catalogue keeps serving."""

from __future__ import annotations

import copy
import logging
import os
import signal
import threading
from pathlib import Path

import pytest

from kiosk.catalogue.repository import stored_catalogue
from kiosk.sync.catalogue_check import CatalogueCheckFailed, CatalogueRefused
from kiosk.sync.catalogue_sync import CatalogueSync
from kiosk.sync.client import PlatformClient
from offline_cache.store import Store
from tests.sync.test_catalogue_changes import DEMO, QUERIES, SigningPlatform, document

IN_WORKER, HERE = 0, 1 << 40  # worker_from_bytes: every answer, or none


@pytest.fixture(scope="module")
def platform():
    server = SigningPlatform()
    yield server
    server.close()


def terminal(platform, path: Path, **sync_options):
    store = Store.open(path, min_free_bytes=0)
    store.platform.save(platform.link())
    client = PlatformClient(platform.url, token="token")
    served = []
    sync = CatalogueSync(store, client, platform.link(),
                         lambda catalogue: served.insert(0, catalogue), **sync_options)
    return store, client, sync, served


def with_bad_item() -> list[dict]:
    items = copy.deepcopy(DEMO["items"])
    items[3]["name"] = ""  # fails its check: skipped with its reason, stored as refused
    return items


def what_a_resident_sees(catalogue) -> tuple:
    return ([(i.code, i.name, i.summary, i.domain, i.journey) for i in catalogue.items],
            [[(h.code, h.name, h.score) for h in catalogue.search(q, limit=20)]
             for q in QUERIES],
            [(s.position, s.code, s.reason) for s in catalogue.loaded.skipped])


def test_a_catalogue_checked_in_the_worker_serves_as_one_checked_here(platform, tmp_path,
                                                                      caplog):
    seen, logged, rows = [], [], []
    for name, options in (("here", {"worker_from_bytes": HERE}),
                          ("worker", {"worker_from_bytes": IN_WORKER})):
        platform.queue.append(document(1, with_bad_item()))
        store, client, sync, served = terminal(platform, tmp_path / name, **options)
        try:
            caplog.clear()
            with caplog.at_level(logging.WARNING):
                outcome = sync.run()
            assert outcome.full and outcome.skipped == 1
            seen.append(what_a_resident_sees(served[0]))
            logged.append([r.getMessage() for r in caplog.records if "skipped" in r.getMessage()])
            rows.append(sorted(store.catalogue.skipped()))
            # After a restart, the stored catalogue is the one that served.
            assert what_a_resident_sees(stored_catalogue(store))[:2] == seen[-1][:2]
        finally:
            client.close()
            store.close()
    assert seen[0] == seen[1]
    assert logged[0] == logged[1] and len(logged[0]) == 1 and "name" in logged[0][0]
    assert rows[0] == rows[1] and len(rows[0]) == 1


def worker_of_this_process() -> int:
    """The pid of the catalogue check's worker once it runs."""
    while True:
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                stat = (entry / "stat").read_text()
                command = (entry / "cmdline").read_bytes()
            except OSError:
                continue
            parent = int(stat.rsplit(")", 1)[1].split()[1])
            if parent == os.getpid() and b"catalogue_check" in command:
                return int(entry.name)


def sync_while(sync, do_to_worker) -> BaseException | None:
    failure: list[BaseException] = []

    def run() -> None:
        try:
            sync.run()
        except BaseException as exc:  # noqa: BLE001 - handed to the test
            failure.append(exc)

    thread = threading.Thread(target=run)
    thread.start()
    do_to_worker(worker_of_this_process())
    thread.join()
    return failure[0] if failure else None


def stop_then(sig):
    def act(pid: int) -> None:
        os.kill(pid, signal.SIGSTOP)  # it cannot finish first
        if sig is not None:
            os.kill(pid, sig)
    return act


@pytest.mark.parametrize(("done_to_worker", "reason"), [
    (stop_then(signal.SIGKILL), "was killed by signal 9"),
    (stop_then(None), "gave no answer within 1 s and was stopped"),
], ids=["killed", "hung"])
def test_a_worker_killed_or_hung_fails_the_sync_and_the_last_good_catalogue_serves(
        platform, tmp_path, done_to_worker, reason):
    store, client, sync, served = terminal(platform, tmp_path / "kiosk", worker_from_bytes=HERE)
    try:
        platform.queue.append(document(1, DEMO["items"]))
        assert sync.run().revision == 1
        renamed = [dict(i, name=f"{i['name']}（新）") if i["code"] == "SB-0001" else i
                   for i in DEMO["items"]]
        platform.queue.append(document(2, renamed))
        # A stopped worker never answers: a second is as good as the default ten minutes.
        stuck = CatalogueSync(store, client, platform.link(), served.append,
                              worker_from_bytes=IN_WORKER, worker_timeout_s=1.0)
        failure = sync_while(stuck, done_to_worker)
        assert isinstance(failure, CatalogueCheckFailed) and reason in str(failure)
        assert len(served) == 1 and sync.revision() == 1
        assert stored_catalogue(store).item("SB-0001").name == served[0].item("SB-0001").name
        # The next sync, by a worker that runs its course, takes the new catalogue.
        platform.queue.append(document(2, renamed))
        again = CatalogueSync(store, client, platform.link(),
                              lambda catalogue: served.insert(0, catalogue),
                              worker_from_bytes=IN_WORKER)
        assert again.run().revision == 2
        assert served[0].item("SB-0001").name.endswith("（新）")
    finally:
        client.close()
        store.close()


def test_an_older_catalogue_sent_to_the_worker_is_refused_as_a_replay(platform, tmp_path):
    store, client, sync, served = terminal(platform, tmp_path / "kiosk",
                                           worker_from_bytes=IN_WORKER)
    try:
        platform.queue.append(document(2, DEMO["items"]))
        assert sync.run().revision == 2
        platform.queue.append(document(1, with_bad_item()))
        with pytest.raises(CatalogueRefused, match="older than revision 2"):
            sync.run()
        assert len(served) == 1 and sync.revision() == 2
    finally:
        client.close()
        store.close()


def test_a_worker_killed_between_its_check_and_its_index_fails_the_sync(
        platform, tmp_path, monkeypatch):
    """The worker sends the checked items first and the search index after: one that dies
    in between fails the sync all the same, nothing of the new catalogue is stored, and
    no process is left behind."""
    from kiosk.sync import catalogue_sync

    store, client, sync, served = terminal(platform, tmp_path / "kiosk", worker_from_bytes=HERE)
    try:
        platform.queue.append(document(1, DEMO["items"]))
        assert sync.run().revision == 1
        building = catalogue_sync._items_of

        def kill_the_worker_then_build(rows):
            os.kill(worker_of_this_process(), signal.SIGKILL)
            return building(rows)

        monkeypatch.setattr(catalogue_sync, "_items_of", kill_the_worker_then_build)
        renamed = [dict(i, name=f"{i['name']}（新）") for i in DEMO["items"]]
        platform.queue.append(document(2, renamed))
        stuck = CatalogueSync(store, client, platform.link(), served.append,
                              worker_from_bytes=IN_WORKER)
        with pytest.raises(CatalogueCheckFailed, match="was killed by signal 9"):
            stuck.run()
        assert len(served) == 1 and sync.revision() == 1
        assert stored_catalogue(store).item("SB-0001").name == served[0].item("SB-0001").name
        assert not any(entry.name.isdigit() and _parent(entry) == os.getpid()
                       for entry in Path("/proc").iterdir())
    finally:
        client.close()
        store.close()


def _parent(entry: Path) -> int | None:
    try:
        return int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
    except (OSError, ValueError, IndexError):
        return None


def test_a_life_event_missing_a_link_is_held_back_in_the_worker_as_here(platform, tmp_path):
    """The worker checks life events' links on outlines of the items, the kiosk on the
    items themselves: the same events are held back, for the same reason."""
    event = next(i for i in DEMO["items"] if i.get("chain"))
    gone = event["chain"]["links"][0]["item"]
    items = [i for i in DEMO["items"] if i["code"] != gone]
    seen = []
    for name, options in (("here", {"worker_from_bytes": HERE}),
                          ("worker", {"worker_from_bytes": IN_WORKER})):
        platform.queue.append(document(1, items))
        store, client, sync, served = terminal(platform, tmp_path / name, **options)
        try:
            assert sync.run().full
            seen.append(what_a_resident_sees(served[0]))
        finally:
            client.close()
            store.close()
    assert seen[0] == seen[1]
    assert any(code == event["code"] and gone in reason for _, code, reason in seen[1][2])
