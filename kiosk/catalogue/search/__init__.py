"""Find a service the way residents type it on the touchscreen keyboard.

Residents search in characters ("社保卡"), full pinyin ("shebaoka"), pinyin initials
("sbk"), half-typed input ("shebao", "she", "社保k") and everyday words for official ones
("医保" for 医疗保险). This package answers all of these from one `SearchIndex`:

* `normalize`: query and text normalisation (full-width, tone marks, punctuation).
* `pinyin_forms`: readings of catalogue characters (pypinyin, build time only), the
  unit strings they are stored as, and every way typed letters can be read as pinyin.
* `postings`: the stored fields and the bitset postings that narrow a query to
  candidates.
* `ranking`: the ladder of scores and the stages that find the items for each rung.
* `index`: `SearchIndex` (build, `to_bytes`/`from_bytes`, `search`) and `SearchHit`.
"""

from kiosk.catalogue.search.index import DOMAIN_LABELS, FORMAT_VERSION, SearchHit, SearchIndex
from kiosk.catalogue.search.normalize import MAX_QUERY_CHARS, normalize, normalize_query
from kiosk.catalogue.search.pinyin_forms import Token
from kiosk.catalogue.search.ranking import Score

__all__ = [
    "DOMAIN_LABELS",
    "FORMAT_VERSION",
    "MAX_QUERY_CHARS",
    "Score",
    "SearchHit",
    "SearchIndex",
    "Token",
    "normalize",
    "normalize_query",
]
