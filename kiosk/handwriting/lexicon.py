"""What the recognizer knows about characters besides their shapes.

From Debian's unicode-data (the Unicode Consortium's Unihan database): each character's
stroke count in its simplified form (kTotalStrokes) and how common it is (kHanyuPinlu,
counts from a frequency dictionary of modern Chinese, about 3,800 characters). From
this module: the common surnames, for a field that asks for a person's name.
"""

from __future__ import annotations

import bz2
import json
import logging
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path

log = logging.getLogger(__name__)

UNIHAN = Path("/usr/share/unicode")
STROKES_FILE = "Unihan_IRGSources.txt.bz2"
READINGS_FILE = "Unihan_Readings.txt.bz2"
CACHE_FILE = "handwriting-lexicon-v1.json"

# Single-character surnames, the most common first (together over 95 % of residents).
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗郑梁谢宋唐许邓韩冯曹彭曾肖田董潘袁蔡蒋余"
    "于杜叶程魏苏吕丁任卢姚沈钟姜崔谭陆范汪廖石金韦贾夏付傅方邹熊白孟秦邱侯江尹薛闫"
    "段雷龙黎史陶贺毛郝顾龚邵万覃武钱戴严欧莫孔向常汤康易乔赖文施洪辛柯庄葛聂樊牛齐"
    "安殷颜庞倪申耿左盛单季尤俞童岳鲁祝管关甘焦包霍房邢涂卫柳詹舒翟凌鲍华温项吉成裴"
    "兰游阮苗储宁伍路纪蒙褚滕毕连谷戚麦艾梅景时卓司上诸令皇宇东慕尉赫澹公呼欧阳"
    "符容岑尚鞠荣仇栾冷阎祁花丛宫芦邝农桂简苑伏巫应晏靳饶代和米鄢蓝池窦晋明卜"
)


def _unihan_mtime() -> float:
    return max((UNIHAN / name).stat().st_mtime for name in (STROKES_FILE, READINGS_FILE))


def _unihan_rows(name: str, key: str):
    path = UNIHAN / name
    marker = f"\t{key}\t"
    with bz2.open(path, "rt", encoding="utf-8") as lines:
        for line in lines:
            if marker in line:
                code, _, value = line.rstrip("\n").split("\t", 2)
                yield chr(int(code[2:], 16)), value


@dataclass
class Lexicon:
    strokes: dict[str, int] = field(default_factory=dict)  # stroke count, simplified form
    frequency: dict[str, int] = field(default_factory=dict)  # occurrences per corpus
    surnames: frozenset[str] = frozenset(SURNAMES)

    @classmethod
    def load(cls, characters: frozenset[str], cache_dir: Path | None = None) -> Lexicon:
        """The facts for `characters` (the model's), or none where Unihan is missing:
        the recognizer then ranks by shapes alone. Kept in `cache_dir` (reading Unihan
        takes a second or two of the interpreter, at every start otherwise)."""
        cache = cache_dir / CACHE_FILE if cache_dir is not None else None
        try:
            if cache is not None and cache.stat().st_mtime >= _unihan_mtime():
                kept = json.loads(cache.read_text(encoding="utf-8"))
                return cls(strokes=kept["strokes"], frequency=kept["frequency"])
        except (OSError, ValueError, KeyError, TypeError):
            pass  # none yet, or damaged: read Unihan again
        lexicon = cls._from_unihan(characters)
        if cache is not None and lexicon.strokes:
            try:
                cache.parent.mkdir(parents=True, exist_ok=True)
                partial = cache.with_suffix(".partial")
                partial.write_text(json.dumps({"strokes": lexicon.strokes,
                                               "frequency": lexicon.frequency},
                                              ensure_ascii=False), encoding="utf-8")
                partial.replace(cache)
            except OSError as e:
                log.warning("handwriting lexicon cache not written (%s)", e)
        return lexicon

    @classmethod
    def _from_unihan(cls, characters: frozenset[str]) -> Lexicon:
        lexicon = cls()
        try:
            for character, value in _unihan_rows(STROKES_FILE, "kTotalStrokes"):
                if character in characters:
                    lexicon.strokes[character] = int(value.split()[0])
            for character, value in _unihan_rows(READINGS_FILE, "kHanyuPinlu"):
                if character in characters:
                    lexicon.frequency[character] = sum(
                        int(n) for n in re.findall(r"\((\d+)\)", value))
        except (OSError, ValueError, EOFError) as e:
            log.warning("Unihan not readable (%s; Debian: unicode-data): handwriting ranks "
                        "by shape alone", e)
        return lexicon


# Loaded once a process: every terminal in it (the tests, the tour) shares the facts.
_LOADED: dict[frozenset[str], Lexicon] = {}
_LOADED_LOCK = threading.Lock()


def shared_lexicon(characters: frozenset[str], cache_dir: Path | None) -> Lexicon:
    with _LOADED_LOCK:
        lexicon = _LOADED.get(characters)
        if lexicon is None:
            lexicon = _LOADED[characters] = Lexicon.load(characters, cache_dir)
        return lexicon
