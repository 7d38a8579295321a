"""The folded form of a name or quote: what stays when only spelling changes.

Lower-case ASCII: Cyrillic goes through :func:`pipeline.transliteration.to_latin`, Serbian
``đ`` becomes ``dj`` before unidecode (which maps it to "d"), punctuation and dashes are
spaces, dots vanish ("U.S." = "US"). Shared by entity matching and the gazetteer.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from unidecode import unidecode

from pipeline.transliteration import to_latin

# Folds unidecode gets wrong for South Slavic names (it maps đ to "d").
SERBIAN_FOLDS = str.maketrans({"đ": "dj", "Đ": "Dj", "ђ": "dj", "Ђ": "Dj"})
_DASHES = re.compile(r"[\u2010-\u2015\u2212-]")
_NON_WORD = re.compile(r"[^\w\s]")
_SPACES = re.compile(r"\s+")


def fold(text: str) -> str:
    """Lower-case ASCII with Serbian folds, punctuation removed, spaces collapsed."""
    return " ".join(filter(None, map(_fold_word, text.split())))


fold_name = lru_cache(maxsize=1 << 17)(fold)  # names repeat; quotes do not


@lru_cache(maxsize=None)  # a bounded vocabulary; unbounded skips the LRU upkeep per hit
def _fold_word(word: str) -> str:
    # Words repeat across quotes and names: folding each distinct word once keeps
    # unidecode (slow on non-ASCII) off the hot path.
    if not word.isascii():
        word = unidecode(to_latin(unicodedata.normalize("NFC", word)).translate(SERBIAN_FOLDS))
    word = _DASHES.sub(" ", word).replace(".", "")
    return _SPACES.sub(" ", _NON_WORD.sub(" ", word.lower())).strip()


