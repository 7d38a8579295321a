"""Cyrillic to Latin script, so names match across the scripts Balkan and Russian sources mix.

cyrtranslit (a maintained library with per-language tables) writes Serbian Cyrillic the way
Serbian Latin spells it ("Вучић" -> "Vučić", "Карађорђе" -> "Karađorđe"), which unidecode
alone gets wrong ("Vuchitsh"). A word with letters Serbian does not have (ы, э, ю, я, щ, й,
ъ, ь, ё) is Russian and takes the Russian table; Ukrainian і/ї/є takes the Ukrainian one.
"""

from __future__ import annotations

import re
from functools import lru_cache

import cyrtranslit

_CYRILLIC = re.compile(r"[\u0400-\u04FF]")
_RUSSIAN_ONLY = frozenset("ыэюящйъьёЫЭЮЯЩЙЪЬЁ")
_UKRAINIAN_ONLY = frozenset("іїєґІЇЄҐ")


def has_cyrillic(text: str) -> bool:
    return bool(_CYRILLIC.search(text))


@lru_cache(maxsize=1 << 16)
def to_latin(word: str) -> str:
    """``word`` in Latin script (unchanged when it has no Cyrillic letter)."""
    if not has_cyrillic(word):
        return word
    letters = set(word)
    if letters & _UKRAINIAN_ONLY:
        table = "ua"
    elif letters & _RUSSIAN_ONLY:
        table = "ru"
    else:
        table = "sr"
    return cyrtranslit.to_latin(word, table)
