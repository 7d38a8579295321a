"""The tagger's English vocabulary, read from ``pipeline/lang/en/temporal.yaml`` (word
tables) and ``temporal_patterns.yaml`` (regex alternations of English words), where each
entry is documented with an example. Another language is another folder of those files.
"""

from __future__ import annotations

from pipeline import lang

WORDS = "temporal"
PATTERNS = "temporal_patterns"


def alternation(key: str) -> str:
    """The alternatives of ``temporal_patterns.yaml``'s list ``key`` joined with ``|``."""
    return "|".join(lang.ordered(PATTERNS, key))


MONTHS: dict[str, int] = lang.table(WORDS, "months")
WEEKDAYS: dict[str, int] = lang.table(WORDS, "weekdays")
SEASONS: dict[str, str] = lang.table(WORDS, "seasons")
UNITS: dict[str, str] = lang.table(WORDS, "units")
NUMBERS: dict[str, float] = lang.table(WORDS, "numbers")
VAGUE = lang.words(WORDS, "vague_quantities")
ORDINALS: dict[str, int] = lang.table(WORDS, "ordinals")
DECADE_WORDS: dict[str, int] = lang.table(WORDS, "decade_words")
# Bare numbers followed by these are counts, not years ("1500 men", "1941 tanks").
COUNT_NOUNS = lang.words(WORDS, "count_nouns")
AGE_POSSESSIVES = lang.words(WORDS, "age_possessives")  # "in his early 30s" is an age
REL_OFFSET: dict[str, int] = lang.table(WORDS, "relative_offsets")
ANAPHORIC = lang.words(WORDS, "anaphoric_relatives")
TIMES_OF_DAY: dict[str, str] = lang.table(WORDS, "times_of_day")

# Month names are matched capitalized only: "may", "march" in lower case are verbs.
MONTH_RE = rf"(?:{alternation('month_names')})(?![a-z])"
WEEKDAY_RE = "(?:" + "|".join(w.capitalize() for w in WEEKDAYS) + ")"
SEASON_RE = "(?:" + "|".join(SEASONS) + ")"
UNIT_RE = f"(?:{alternation('unit_words')})"
NUM_WORD_RE = f"(?:{alternation('number_words')})"
ORD_WORD_RE = f"(?:{alternation('ordinal_words')})"
