"""The served catalogue: index built once per catalogue, the last good one kept."""

from __future__ import annotations

import json
import logging
import subprocess
import sys

import pytest

from kiosk.catalogue import loader, repository
from kiosk.catalogue.loader import CatalogueError, demo_catalogue_path
from kiosk.catalogue.search import SearchIndex
from kiosk.config import CatalogueConfig
from offline_cache.store import Store


@pytest.fixture
def catalogue_file(tmp_path):
    path = tmp_path / "catalogue.json"
    path.write_bytes(demo_catalogue_path().read_bytes())
    return path


def test_a_restart_loads_the_cached_index_and_never_rebuilds_it(tmp_path, catalogue_file,
                                                                   monkeypatch):
    config = CatalogueConfig(path=str(catalogue_file))
    with Store.open(tmp_path / "data") as store:
        first = repository.open_catalogue(store, config)

    def no_rebuild(*args, **kwargs):
        raise AssertionError("the search index was rebuilt at start-up")

    monkeypatch.setattr(SearchIndex, "build", no_rebuild)
    monkeypatch.setattr(loader, "_schema_problem", no_rebuild)  # items not checked again
    with Store.open(tmp_path / "data") as store:
        again = repository.open_catalogue(store, config)
    assert again.source_key == first.source_key
    assert [h.code for h in again.search("社保卡")] == [h.code for h in first.search("社保卡")]


def test_skipped_items_stay_out_after_a_restart(tmp_path, catalogue_file):
    document = json.loads(catalogue_file.read_text(encoding="utf-8"))
    bad_code = document["items"][0]["code"]
    del document["items"][0]["department"]
    catalogue_file.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    config = CatalogueConfig(path=str(catalogue_file))
    for _ in range(2):  # loaded and checked, then from the cache
        with Store.open(tmp_path / "data") as store:
            served = repository.open_catalogue(store, config)
        assert served.item(bad_code) is None
        assert len(served.items) == len(document["items"]) - 1


def test_a_changed_catalogue_gets_a_new_index(tmp_path, catalogue_file):
    config = CatalogueConfig(path=str(catalogue_file))
    with Store.open(tmp_path / "data") as store:
        repository.open_catalogue(store, config)
        document = json.loads(catalogue_file.read_text(encoding="utf-8"))
        document["items"][0]["name"] = "独一无二的新事项名称"
        catalogue_file.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
        updated = repository.open_catalogue(store, config)
    assert updated.search("独一无二")[0].code == document["items"][0]["code"]


def test_an_unusable_catalogue_file_leaves_the_last_good_one_serving(tmp_path, catalogue_file,
                                                                      caplog):
    config = CatalogueConfig(path=str(catalogue_file))
    with Store.open(tmp_path / "data") as store:
        good = repository.open_catalogue(store, config)
        catalogue_file.write_text("<html>login to hotel wifi</html>", encoding="utf-8")
        with caplog.at_level(logging.ERROR):
            served = repository.open_catalogue(store, config)
        assert len(served.items) == len(good.items)
        assert "serving the cached one" in caplog.text
        catalogue_file.unlink()
        assert len(repository.open_catalogue(store, config).items) == len(good.items)


# A restart in a fresh process: what it has imported once the catalogue is open, then
# once a resident searches.
RESTART = """
import sys
from kiosk.catalogue.repository import open_catalogue
from kiosk.config import CatalogueConfig
from offline_cache.store import Store
with Store.open(sys.argv[1]) as store:
    catalogue = open_catalogue(store, CatalogueConfig(path=sys.argv[2]))
    print("numpy" in sys.modules, len(catalogue.items))
    found = catalogue.search("社保卡", 1)[0].code
    print("numpy" in sys.modules, found)
"""


def test_a_restart_reads_the_search_index_only_when_asked(tmp_path, catalogue_file):
    """The first frame does not wait for the index's postings (NumPy and all): they are
    read when search is first used, or when the app prepares it after its first frame."""
    config = CatalogueConfig(path=str(catalogue_file))
    with Store.open(tmp_path / "data") as store:
        first = repository.open_catalogue(store, config)
    restart = subprocess.run(
        [sys.executable, "-c", RESTART, str(tmp_path / "data"), str(catalogue_file)],
        capture_output=True, text=True, check=True, timeout=60)
    opened, searched = restart.stdout.splitlines()
    assert opened == f"False {len(first.items)}"
    assert searched == f"True {first.search('社保卡', 1)[0].code}"


def test_an_index_from_an_older_release_is_rebuilt_not_fatal(tmp_path, catalogue_file):
    config = CatalogueConfig(path=str(catalogue_file))
    with Store.open(tmp_path / "data") as store:
        first = repository.open_catalogue(store, config)
        stored = store.catalogue.load()
        store.catalogue.save_index(stored.version, b"an index in a format this release cannot read")
    with Store.open(tmp_path / "data") as store:
        again = repository.open_catalogue(store, config)
        again.prepare_search()  # as the app does after its first frame
        assert SearchIndex.from_bytes(store.catalogue.load().search_index)  # repaired
    assert [h.code for h in again.search("公积金")] == [h.code for h in first.search("公积金")]


def test_no_catalogue_at_all_is_a_clear_error(tmp_path):
    config = CatalogueConfig(path=str(tmp_path / "missing.json"))
    with Store.open(tmp_path / "data") as store, pytest.raises(CatalogueError, match="cannot"):
        repository.open_catalogue(store, config)
