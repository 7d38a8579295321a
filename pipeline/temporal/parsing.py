"""Small parsers shared by the handlers: numbers, ordinals, months, days, part-of-period
modifiers, era years, and the year an underspecified date takes from its context.
"""

from __future__ import annotations

import re
from dataclasses import replace

from pipeline import lang

from . import anchoring as anc
from .calendar import Period, add_years, jdn_gregorian, part_of
from .lexicon import COUNT_NOUNS, MONTHS, NUMBERS, ORDINALS, VAGUE, WORDS
from .patterns import Candidate
from .tense import looks_back, tense


BC_ERAS = {"BC", "BCE", "B.C.", "B.C.E."}
_WORD_AFTER = re.compile(r"[ \t\u00a0]*([A-Za-z][\w'-]*)")  # same line: "1933\n\nTroops" is a year
_MOD_START = lang.ordered(WORDS, "mod_start_words")
_MOD_END = lang.ordered(WORDS, "mod_end_words")


def number(s: str | None) -> float | None:
    """Number in digits or words; None for vague quantities ("several")."""
    if s is None:
        return None
    w = re.sub(r"\s+", " ", s.strip().lower())
    if w in VAGUE:
        return None
    if w in NUMBERS:
        return NUMBERS[w]
    w2 = w.replace(",", "")
    try:
        return float(w2)
    except ValueError:
        pass
    parts = re.split(r"[- ]", w)
    # "five hundred" multiplies (before "twenty-five" adds: "hundred" is a number too)
    if len(parts) == 2 and parts[0] in NUMBERS and parts[1] in ("hundred", "thousand"):
        return NUMBERS[parts[0]] * (100 if parts[1] == "hundred" else 1000)
    if len(parts) == 2 and parts[0] in NUMBERS and parts[1] in NUMBERS:
        return NUMBERS[parts[0]] + NUMBERS[parts[1]]
    return None


def format_number(n: float) -> str:
    return str(int(n)) if float(n).is_integer() else f"{n:g}"


def month_number(s: str) -> int:
    return MONTHS[s.rstrip(".").lower()]


def day_number(s: str) -> int:
    return int(re.match(r"\d+", s).group())


def ordinal_number(s: str) -> int | None:
    m = re.match(r"\d+", s)
    if m:
        return int(m.group())
    return ORDINALS.get(re.sub(r"\s+", " ", s.lower()).replace(" ", "-"), ORDINALS.get(s.lower()))


def mod_of(modtext: str | None) -> tuple[str, int]:
    """("START"|"MID"|"END"|"", half) from a modifier phrase."""
    if not modtext:
        return "", 0
    t = modtext.lower()
    if "half" in t:
        return ("START", 1) if "first" in t else ("END", 2)
    if any(w in t for w in _MOD_START):
        return "START", 0
    if "mid" in t:
        return "MID", 0
    if any(w in t for w in _MOD_END):
        return "END", 0
    return "", 0


def apply_mod(p: Period, g: dict) -> Period:
    mod, half = mod_of(g.get("mod"))
    if mod:
        p = part_of(p, mod, half=half)
    if g.get("approx"):
        p = replace(p, mod="APPROX")
    return p


def era_year(y: str | None, era: str | None, ctx: anc.Context, *, bare_bc: bool = True) -> int:
    n = int(y)
    era = (era or "").strip().upper()
    if era in BC_ERAS:
        return -n
    if era or n >= 1000 or not bare_bc:
        return n
    # A bare number year in a text about BC events ("in 499 the Ionians...") stays BC.
    last = ctx.last.period.year if ctx.last is not None else None
    return -n if last is not None and last < 0 else n


def is_count(text: str, end: int) -> bool:
    """Is the number ending at ``end`` followed by a count noun ("1500 men")?"""
    m = _WORD_AFTER.match(text, end, min(len(text), end + 40))
    return bool(m and m.group(1).lower() in COUNT_NOUNS)


def year_from_context(c: Candidate, ctx: anc.Context, month: int | None = None,
                       day: int | None = None, text: str = "") -> tuple[int | None, str]:
    """Year for an underspecified date: a range partner's, else the anchor's.

    News: the year that puts the date nearest the DCT ("Nov. 25" in a January 2000
    story is 1999-11-25), leaning to the past unless the clause speaks of the future
    ("will join in April"). Narrative: the anchor's year.
    """
    hint = ctx.year_hint
    if hint is not None:
        return hint, ""
    future = ctx.recall_until >= 0 and bool(text) and tense(text, c.start, c.end) > 0
    src = ctx.year_source(future=future)
    if src is None or src.period.year is None:
        return None, ""
    ref = src.period
    if month is not None and src.text == "DCT" and ref.month is not None:
        target = jdn_gregorian(ref.year, ref.month, ref.day or 15)
        when = tense(text, c.start, c.end) if text else 0
        years = [add_years(ref.year, k) for k in (0, -1, 1)]
        if text and looks_back(text, c.start):
            # "since March": not after the DCT, however near the next March is
            years = [y for y in years
                     if jdn_gregorian(y, month, min(day or 1, 28)) <= target] or years
        # News mostly reports the past: a future reading must be three times nearer than
        # a past one, eight times in a past-tense clause ("changed its fiscal year in
        # December"); in a future-tense clause ("will succeed him Feb. 1") a past reading
        # must be eight times nearer.
        lean = 8 if when else 3

        def cost(y: int) -> int:
            delta = jdn_gregorian(y, month, min(day or 15, 28)) - target
            if when > 0:
                return delta if delta >= 0 else -lean * delta
            return lean * delta if delta > 0 else -delta
        best = min(years, key=cost)
        return best, src.text
    return ref.year, src.text


def underspecified(value_suffix: str, precision: str) -> Period:
    return Period(f"XXXX{value_suffix}", precision=precision)
