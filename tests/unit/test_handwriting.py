"""The handwriting recognizer as the pad and the technician's command use it: real
Zinnia with Debian's model, the real font, Unihan from Debian's unicode-data."""

from __future__ import annotations

import json
import math
import random
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from kiosk.catalogue.loader import demo_catalogue_path, load_catalogue_file
from kiosk.catalogue.repository import Catalogue
from kiosk.cli import main
from kiosk.handwriting import (
    HandwritingRecognizer,
    HandwritingUnavailable,
    WritingContext,
    WritingKind,
    handwriting_dir,
)
from kiosk.handwriting.ink import MAX_KEPT, thin
from tests.unit.handwriting_strokes import HASTY_DA, HASTY_QU, HASTY_WANG, WRITTEN


def demo_catalogue_words() -> set[str]:
    return Catalogue(load_catalogue_file(demo_catalogue_path()), None, "").vocabulary()


@pytest.fixture(scope="module")
def shapes_cache(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("handwriting")


@pytest.fixture(scope="module")
def recognizer(shapes_cache) -> HandwritingRecognizer:
    recognizer = HandwritingRecognizer(cache_dir=shapes_cache)
    recognizer.prepare()
    return recognizer


@pytest.mark.parametrize("character", sorted(WRITTEN))
def test_a_character_written_by_finger_is_offered_first(recognizer, character):
    assert recognizer.recognize(WRITTEN[character])[0] == character


def _as_if_written_elsewhere(strokes, seed: int):
    """Small, in a corner, leaning 12 degrees, with a shaking finger's points."""
    rng = random.Random(seed)
    shear = math.tan(math.radians(12))
    dense = []
    for stroke in strokes:
        points = [stroke[0]]
        for (x0, y0), (x1, y1) in zip(stroke, stroke[1:], strict=False):
            points += [(x0 + (x1 - x0) * k / 20, y0 + (y1 - y0) * k / 20) for k in range(1, 21)]
        dense.append(points)
    return [[(min(1000.0, max(0.0, 80 + 0.45 * (x - shear * (y - 500)) + rng.gauss(0, 4))),
              min(1000.0, max(0.0, 500 + 0.45 * y + rng.gauss(0, 4))))
             for x, y in stroke] for stroke in dense]


@pytest.mark.parametrize("character", ["王", "张", "李", "大"])
def test_small_slanted_off_centre_shaky_writing_reads_the_same(recognizer, character):
    moved = _as_if_written_elsewhere(WRITTEN[character], seed=ord(character))
    assert recognizer.recognize(moved)[:2].count(character) == 1


def test_a_name_field_offers_surnames_first(recognizer):
    as_text = recognizer.recognize(HASTY_WANG, WritingContext(WritingKind.TEXT))
    assert as_text[0] != "王" and as_text[0] not in recognizer.lexicon().surnames
    as_name = recognizer.recognize(HASTY_WANG, WritingContext(WritingKind.NAME))
    assert as_name[0] == "王"
    # A given name's characters are not surnames: past the first place, no preference.
    assert recognizer.recognize(HASTY_WANG, WritingContext(WritingKind.NAME, "李")) == as_text


def test_a_search_prefers_what_continues_a_catalogue_word(recognizer):
    """A hasty 大 after 上: a search offers 大 first (上大学没钱, a keyword of the
    student aid item); as free text the ink reads as 廾 first."""
    recognizer.set_vocabulary(demo_catalogue_words())
    try:
        as_text = recognizer.recognize(HASTY_DA, WritingContext(WritingKind.TEXT, "上"))
        in_search = recognizer.recognize(HASTY_DA, WritingContext(WritingKind.SEARCH, "上"))
        clearly_written = recognizer.recognize(WRITTEN["王"],
                                               WritingContext(WritingKind.SEARCH, "上"))
    finally:
        recognizer.set_vocabulary(())
    assert as_text[0] != "大" and "大" in as_text[:3]
    assert in_search[0] == "大"
    assert clearly_written[0] == "王"  # the words never outrank what the ink plainly shows


def test_an_address_prefers_the_words_addresses_are_made_of(recognizer):
    as_text = recognizer.recognize(HASTY_QU, WritingContext(WritingKind.TEXT, "海淀"))
    as_address = recognizer.recognize(HASTY_QU, WritingContext(WritingKind.ADDRESS, "海淀"))
    assert as_text[0] != "区" and "区" in as_text[:3]
    assert as_address[0] == "区"


def test_characters_outside_the_model_are_known_for_the_pinyin_fallback(recognizer):
    for character in "玥珺堃喆祎彧旻":
        assert not recognizer.covers(character)
    assert not recognizer.covers("7")
    assert recognizer.covers("王") and recognizer.covers("张")


def _later_start(cache_dir: Path, strokes) -> list[str]:
    """What a terminal started afresh (a new process) reads for `strokes`."""
    script = ("import json, sys\n"
              "from pathlib import Path\n"
              "from kiosk.handwriting import HandwritingRecognizer\n"
              "recognizer = HandwritingRecognizer(cache_dir=Path(sys.argv[1]))\n"
              "print(json.dumps(recognizer.recognize(json.loads(sys.argv[2]))))\n")
    done = subprocess.run([sys.executable, "-c", script, str(cache_dir), json.dumps(strokes)],
                          capture_output=True, text=True, timeout=120, check=True,
                          cwd=Path(__file__).parents[2])
    return json.loads(done.stdout)


def test_a_later_start_reads_the_shapes_back_and_redraws_a_damaged_cache(shapes_cache,
                                                                         recognizer):
    cached = list(shapes_cache.glob("handwriting-shapes-*.npy"))
    assert len(cached) == 1
    table = np.load(cached[0])
    assert table.shape[0] == len(recognizer.characters) == 6763
    assert _later_start(shapes_cache, WRITTEN["王"])[0] == "王"
    assert list(shapes_cache.glob("handwriting-shapes-*.npy")) == cached
    cached[0].write_bytes(b"not a table")
    left_by_an_older_version = shapes_cache / "handwriting-shapes-0123456789abcdef.npy"
    left_by_an_older_version.write_bytes(b"old")
    assert _later_start(shapes_cache, WRITTEN["王"])[0] == "王"
    assert np.array_equal(np.load(cached[0]), table)
    assert not left_by_an_older_version.exists()


def test_a_missing_model_says_which_packages_to_install(tmp_path):
    with pytest.raises(HandwritingUnavailable, match="tegaki-zinnia-simplified-chinese"):
        HandwritingRecognizer(model=tmp_path / "none.model")


def _write(tmp_path: Path, strokes) -> Path:
    path = tmp_path / "strokes.json"
    path.write_text(json.dumps([[list(p) for p in s] for s in strokes]))
    return path


def test_the_technician_reads_candidates_as_json(tmp_path, capsys, shapes_cache):
    data_dir = tmp_path / "data"
    shutil.copytree(shapes_cache, handwriting_dir(data_dir))  # drawn, as on a terminal
    strokes = _write(tmp_path, WRITTEN["张"])
    code = main(["--data-dir", str(data_dir), "handwriting", "recognize",
                 "--strokes", str(strokes), "--json", "--top", "3"])
    assert code == 0
    answer = json.loads(capsys.readouterr().out)
    assert answer["candidates"][0] == "张" and len(answer["candidates"]) == 3
    code = main(["--data-dir", str(data_dir), "handwriting", "recognize",
                 "--strokes", str(strokes)])
    assert code == 0 and capsys.readouterr().out.split()[0] == "张"


@pytest.mark.parametrize(("content", "says"), [
    ("{", "is not JSON"),
    ("[]", "no strokes"),
    ("[[[10, 20]], 5]", "stroke 2 is not"),
    ("[[[10, 2000]]]", "outside the 1000x1000 box"),
    ('[[["a", 1]]]', "not [x, y]"),
])
def test_malformed_strokes_get_one_clear_line(tmp_path, capsys, content, says):
    path = tmp_path / "bad.json"
    path.write_text(content)
    code = main(["--data-dir", str(tmp_path / "data"), "handwriting", "recognize",
                 "--strokes", str(path)])
    err = capsys.readouterr().err
    assert code == 2
    assert says in err and "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_the_technicians_check_says_whether_the_pad_is_ready(tmp_path, shapes_cache):
    from kiosk.device_tools import _handwriting_row

    fresh = _handwriting_row(tmp_path)
    assert fresh["state"] == "ready" and "6763 characters" in fresh["detail"]
    assert "not drawn yet" in fresh["detail"]
    shutil.copytree(shapes_cache, handwriting_dir(tmp_path))
    assert _handwriting_row(tmp_path)["detail"].endswith("font shapes drawn")


def test_a_long_scribble_is_thinned_to_what_the_recognizer_reads_in_time(recognizer):
    """A child scribbling for a minute: 60 strokes of 2,000 points each. Zinnia's time
    grows with the square of a stroke's points (untouched, this took minutes)."""
    rng = random.Random(60)
    scribble = [[(rng.uniform(0, 1000), rng.uniform(0, 1000)) for _ in range(2000)]
                for _ in range(60)]
    thinned = thin(scribble)
    assert all(len(stroke) <= MAX_KEPT for stroke in thinned)
    assert [s[0] for s in thinned] == [s[0] for s in scribble]
    assert [s[-1] for s in thinned] == [s[-1] for s in scribble]
    assert len(recognizer.recognize(scribble)) == 10
    # A finger resting in place adds nothing: the stroke keeps its two ends.
    assert thin([[(500, 500)] * 300 + [(500, 900)]]) == [[(500, 500), (500, 900)]]
