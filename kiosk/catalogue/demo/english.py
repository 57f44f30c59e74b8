"""English text of the most used demo items (item schema version 2's `en`), keyed by name.

Items without an entry show in Chinese on an English screen, with a line saying so.
"""

from __future__ import annotations

ENGLISH: dict[str, dict] = {}
