"""Normalisation: turn a recognised candidate into TIMEX3 type/value/mod and an interval.

One handler per rule kind (see :mod:`.patterns`). A handler returns zero or more
:class:`Resolved` parts: zero rejects the candidate (a number that is not a year), two
are the ends of a written range ("6–7 January 1916"), which the tagger may join.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Callable

from . import anchoring as anc
from .calendar import (Period, add_days, add_months, add_years, century_period,
                       day_period, decade_period, gregorian_to_julian, iso, jdn_gregorian,
                       julian_to_gregorian, millennium_period, month_period, part_of,
                       quarter_period, season_period, shift_iso, valid_day, weekday,
                       year_period)
from .lexicon import (COUNT_NOUNS, DECADE_WORDS, MONTHS, NUMBERS, ORDINALS, SEASONS,
                      UNITS, VAGUE, WEEKDAYS)
from .patterns import Candidate


@dataclass(frozen=True)
class Resolved:
    start: int
    end: int
    type: str
    period: Period
    anchor: str = ""
    calendar: str = ""
    absolute: bool = False   # has its own year: becomes the narrative anchor
    range_id: int = -1       # the parts of one written range share an id
    # A look back ("two years ago", "five years previously") is a flashback: it does not
    # move the narrative's reference time, so later "In May" keeps the story's year.
    flashback: bool = False


_BC = {"BC", "BCE", "B.C.", "B.C.E."}
_NOT_YEAR_BEFORE = re.compile(
    r"(?i:\b(?:no\.|nos\.|number|page|pp?\.|flight|route|room|model|type|version|v\.|"
    r"tel\.?|ISBN|code|vol\.|chapter|section|article|resolution|rule|squad|unit|"
    r"regiment|division|battalion|brigade|corps|army|highway|interstate|\+)\s*)$")
_WORD_AFTER = re.compile(r"[ \t\u00a0]*([A-Za-z][\w'-]*)")  # same line: "1933\n\nTroops" is a year
# Tense cues for placing a bare weekday, month or holiday before or after the DCT in news.
_FUTURE_CUE = (r"will|shall|would|won't|'ll|supposed\s+to|plans?\s+to|planning\s+to|"
               r"(?:is|are|am)\s+(?:to|due|scheduled|expected|slated|set|going)|scheduled|"
               r"slated|expected\s+to|(?:to|will)\s+(?:resume|begin|start|leave|meet|arrive|"
               r"open|hold|travel|return|announce|vote|visit)|as\s+(?:soon|early)\s+as")
_PAST_CUE = (r"was|were|had|did|said|told|met|began|went|came|took|gave|made|left|fell|"
             r"rose|saw|found|held|got|ran|won|lost|sent|spent|struck|fought|brought|"
             r"thought|kept|led|sold|paid|heard|knew|became|broke|shot|flew|drew|wrote|"
             r"spoke|stood|ago|last|earlier|agreed|freed|decreed|[a-z]{2,}[^e\W]ed")
# "-ed" words that are not past tense verbs (or that speak of the future).
_NOT_PAST = frozenset("""need needed indeed hundred united limited based related armed
alleged proposed scheduled expected slated planned red bed seed speed feed shed embed
unidentified unnamed unspecified detailed advanced concerned interested""".split())
_NOT_FINITE = re.compile(r"(?i:\b(?:the|a|an|its|their|his|her|this|that|is|are|am|be|"
                         r"been|being)\s+)$")
_CUE = re.compile(rf"(?i:\b(?:(?P<fut>{_FUTURE_CUE})|(?P<past>{_PAST_CUE}))\b)")
# A sentence ends at . ! ? followed by a space and a capital or a quote, unless the
# period ends an initial or a common abbreviation ("Daniel P. Davison", "Mr. Bush").
_SENT_END = re.compile(r"[.!?][\"'’”]*\s+(?=[A-Z\"'“‘(`])|\n\s*\n")
_ABBREV = frozenset("mr mrs ms dr st jr sr co corp inc ltd no gen sen rep gov col sgt lt "
                    "capt jan feb mar apr jun jul aug sep sept oct nov dec u.s vs".split())


def _is_sentence_end(text: str, m: re.Match) -> bool:
    if text[m.start()] != ".":
        return True
    word = text[max(0, m.start() - 8):m.start()].rsplit(None, 1)
    w = word[-1].lower() if word else ""
    return not (len(w) <= 1 or w in _ABBREV or (len(w) == 1 and w.isupper()))


def _sentence(text: str, start: int, end: int) -> tuple[int, int]:
    """Bounds of the sentence around ``text[start:end]`` (at most 200 characters each way)."""
    lo = max(0, start - 200)
    for m in _SENT_END.finditer(text, lo, start):
        if _is_sentence_end(text, m):
            lo = m.end()
    hi = min(len(text), end + 200)
    for m in _SENT_END.finditer(text, end, hi):
        if _is_sentence_end(text, m):
            hi = m.start() + 1
            break
    return lo, hi


def tense(text: str, start: int, end: int) -> int:
    """+1 if the clause around ``text[start:end]`` speaks of the future ("will meet Bush
    on Thursday", "plans to hold on Tuesday"), -1 if of the past ("was announced
    Wednesday", "shares issued July 1"), 0 when no cue is found. The cue nearest the
    expression in its sentence decides."""
    lo, hi = _sentence(text, start, end)
    best, best_d = 0, 10 ** 9
    for m in _CUE.finditer(text, lo, hi):
        if start <= m.start() < end:
            continue
        w = m.group().lower()
        if m.group("past") and (w in _NOT_PAST or _NOT_FINITE.search(text, lo, m.start())):
            continue  # "the reduced dividend", "will be held", "is heard": not past tense
        d = start - m.end() if m.end() <= start else m.start() - end
        if d < best_d:
            best, best_d = (1 if m.group("fut") else -1), d
    return best


_EVENT_NOUN = re.compile(r"\s+(?:Revolution|Offensive|Uprising|Crisis|Manifesto|Days|Coup|"
                         r"Constitution|Agreement|Declaration|Putsch|Events|Massacre|War|"
                         r"Action|Rising|Theses|Accords?)\b")
_SENTENCE_PREPS = {"in", "by", "until", "till", "from", "on", "during", "since", "before",
                   "after", "through", "throughout", "early", "late", "mid", "between", "and",
                   "or", "to", "of", "last", "next", "this", "that", "each", "every"}
SEASON_MID = {"SP": 4, "SU": 7, "FA": 10, "WI": 1}


# -- small parsers --------------------------------------------------------------------

def _num(s: str | None) -> float | None:
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
    if len(parts) == 2 and parts[0] in NUMBERS and parts[1] in NUMBERS:
        return NUMBERS[parts[0]] + NUMBERS[parts[1]]
    if len(parts) == 2 and parts[0] in NUMBERS and parts[1] in ("hundred", "thousand"):
        return NUMBERS[parts[0]] * (100 if parts[1] == "hundred" else 1000)
    return None


def _fmt_num(n: float) -> str:
    return str(int(n)) if float(n).is_integer() else f"{n:g}"


def _month(s: str) -> int:
    return MONTHS[s.rstrip(".").lower()]


def _day(s: str) -> int:
    return int(re.match(r"\d+", s).group())


def _ordinal(s: str) -> int | None:
    m = re.match(r"\d+", s)
    if m:
        return int(m.group())
    return ORDINALS.get(re.sub(r"\s+", " ", s.lower()).replace(" ", "-"), ORDINALS.get(s.lower()))


def _mod(modtext: str | None) -> tuple[str, int]:
    """("START"|"MID"|"END"|"", half) from a modifier phrase."""
    if not modtext:
        return "", 0
    t = modtext.lower()
    if "half" in t:
        return ("START", 1) if "first" in t else ("END", 2)
    if any(w in t for w in ("early", "start", "beginning", "dawn", "first")):
        return "START", 0
    if "mid" in t:
        return "MID", 0
    if any(w in t for w in ("late", "end", "close", "last", "final", "latter")):
        return "END", 0
    return "", 0


def _apply_mod(p: Period, g: dict) -> Period:
    mod, half = _mod(g.get("mod"))
    if mod:
        p = part_of(p, mod, half=half)
    if g.get("approx"):
        p = replace(p, mod="APPROX")
    return p


def _year(y: str | None, era: str | None, ctx: anc.Context, *, bare_bc: bool = True) -> int:
    n = int(y)
    era = (era or "").strip().upper()
    if era in _BC:
        return -n
    if era or n >= 1000 or not bare_bc:
        return n
    # A bare number year in a text about BC events ("in 499 the Ionians...") stays BC.
    last = ctx.last.period.year if ctx.last is not None else None
    return -n if last is not None and last < 0 else n


def _is_count(text: str, end: int) -> bool:
    """Is the number ending at ``end`` followed by a count noun ("1500 men")?"""
    m = _WORD_AFTER.match(text, end, min(len(text), end + 40))
    return bool(m and m.group(1).lower() in COUNT_NOUNS)


def _year_from_context(c: Candidate, ctx: anc.Context, month: int | None = None,
                       day: int | None = None, text: str = "") -> tuple[int | None, str]:
    """Year for an underspecified date: a range partner's, else the anchor's.

    News: the year that puts the date nearest the DCT ("Nov. 25" in a January 2000
    story is 1999-11-25), leaning to the past unless the clause speaks of the future
    ("will join in April"). Narrative: the anchor's year.
    """
    hint = ctx.year_hint
    if hint is not None:
        return hint, ""
    src = ctx.year_source()
    if src is None or src.period.year is None:
        return None, ""
    ref = src.period
    if month is not None and src.text == "DCT" and ref.month is not None:
        target = jdn_gregorian(ref.year, ref.month, ref.day or 15)
        when = tense(text, c.start, c.end) if text else 0
        years = [add_years(ref.year, k) for k in (0, -1, 1)]
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


def _underspecified(value_suffix: str, precision: str) -> Period:
    return Period(f"XXXX{value_suffix}", precision=precision)


# -- handlers -------------------------------------------------------------------------

Handler = Callable[[Candidate, anc.Context, str], list[Resolved]]


def _date(c: Candidate, ctx: anc.Context, text: str) -> list[Resolved]:
    out = _day_date(c, ctx, text)
    tod = (c.groups.get("tod") or "").split()
    if out and tod and out[0].period.day is not None:
        # "the night of April 18, 1775": TIME with the part of the day.
        r = out[0]
        return [replace(r, type="TIME", period=replace(
            r.period, value=f"{r.period.value}T{_TOD[tod[-1].lower()][1:]}"))]
    return out


def _day_date(c: Candidate, ctx: anc.Context, text: str) -> list[Resolved]:
    g = c.groups
    mon, day = _month(g["mon"]), _day(g["day"])
    ystr, era = (g["year"], g["era"]) if g.get("year") else (g.get("year2"), g.get("era2"))
    if ystr is not None:
        year = _year(ystr, era, ctx)
        if not valid_day(year, mon, day):
            return []
        return [Resolved(c.start, c.end, "DATE", day_period(year, mon, day), absolute=True)]
    if day > 31 or day < 1:
        return []
    if g.get("ryear"):
        # "July 25 of that year", "January 24 of the same year"
        rel = re.sub(r"\s+", " ", g["ryear"].lower()).removeprefix("the ")
        a = ctx.anaphoric() if rel in _ANAPHORIC else ctx.deictic()
        if a is None or a.period.year is None:
            return [Resolved(c.start, c.end, "DATE",
                             _underspecified(f"-{mon:02d}-{day:02d}", "day"))]
        year = add_years(a.period.year, _REL_OFFSET[rel])
        if not valid_day(year, mon, day):
            return []
        return [Resolved(c.start, c.end, "DATE", day_period(year, mon, day), anchor=a.text)]
    year, anchor = _year_from_context(c, ctx, mon, day, text)
    if year is None:
        return [Resolved(c.start, c.end, "DATE", _underspecified(f"-{mon:02d}-{day:02d}", "day"))]
    if not valid_day(year, mon, day):
        return []
    return [Resolved(c.start, c.end, "DATE", day_period(year, mon, day), anchor=anchor)]


def _iso(c: Candidate, ctx: anc.Context, text: str) -> list[Resolved]:
    g = c.groups
    y = int(g["y"])
    if len(g["y"]) == 2:
        y += 1900 if y >= 30 else 2000
    m, d = int(g["m"]), int(g["d"])
    if not valid_day(y, m, d):
        return []
    return [Resolved(c.start, c.end, "DATE", day_period(y, m, d), absolute=True)]


def _monthyear(c: Candidate, ctx: anc.Context, text: str) -> list[Resolved]:
    g = c.groups
    name = g["mon"]
    ystr, era = (g["year"], g["era"]) if g.get("year") else (g.get("year2"), g.get("era2"))
    mon = _month(name)
    if g.get("ryear"):
        # "April next year", "August of that year"
        rel = re.sub(r"\s+", " ", g["ryear"].lower()).removeprefix("the ")
        a = ctx.anaphoric() if rel in _ANAPHORIC else ctx.deictic()
        if a is None or a.period.year is None:
            return [Resolved(c.start, c.end, "DATE", _underspecified(f"-{mon:02d}", "month"))]
        year = add_years(a.period.year, _REL_OFFSET[rel])
        return [Resolved(c.start, c.end, "DATE", _apply_mod(month_period(year, mon), g),
                         anchor=a.text)]
    if ystr is not None:
        year = _year(ystr, era, ctx)
        return [Resolved(c.start, c.end, "DATE", _apply_mod(month_period(year, mon), g),
                         absolute=True)]
    if not name.endswith(".") and len(name) <= 4 and name not in ("May", "June", "July"):
        return []  # "Jan", "Dec" alone are more often names than months
    if name == "May" and not g.get("mod"):
        # "May" alone: a month only after a preposition ("in May", "by May").
        before = text[max(0, c.start - 12):c.start].lower()
        if not re.search(r"\b(?:in|of|by|since|until|till|from|to|early|late|mid|"
                         r"during|through|before|after|last|next|this|that|and|or|"
                         r"between|on)\s*$", before):
            return []
    if name == "March" and not g.get("mod"):
        # "the Long March", "Women's March", "his March to the Sea": a march, not a month.
        prev = text[max(0, c.start - 20):c.start].split()
        if (prev and (prev[-1][:1].isupper() and prev[-1].lower() not in _SENTENCE_PREPS
                      or prev[-1].lower() in ("his", "her", "their", "its", "a", "an")
                      or prev[-1].endswith(("'s", "’s"))))\
                or re.match(r"\s+(?:to|on|from|through|across)\s+(?:the\s+)?[A-Z]",
                            text[c.end:c.end + 30]):
            return []
    if not g.get("mod"):
        # "the March on Rome", "the October Revolution": a name, not a date.
        if re.search(r"(?i:\bthe)\s*$", text[max(0, c.start - 5):c.start]) or \
                _EVENT_NOUN.match(text, c.end):
            return []
    year, anchor = _year_from_context(c, ctx, mon, text=text)
    if year is None:
        return [Resolved(c.start, c.end, "DATE", _apply_mod(
            _underspecified(f"-{mon:02d}", "month"), g))]
    return [Resolved(c.start, c.end, "DATE", _apply_mod(month_period(year, mon), g),
                     anchor=anchor)]


_SEASON_OF_YEAR = re.compile(r"\s+(?:[A-Za-z]+\s+){1,2}of\s+(\d{3,4})(?:\s?(BC|B\.C\.))?"
                             r"(?![\w%])")
_SEASON_NOUN = re.compile(r"\s+(?:campaigns?|offensives?|elections?)\b")


def _season(c: Candidate, ctx: anc.Context, text: str) -> list[Resolved]:
    g = c.groups
    word = g["season"].lower()
    code = SEASONS[word]
    if g.get("year"):
        year = _year(g["year"], g.get("era"), ctx)
        return [Resolved(c.start, c.end, "DATE", _apply_mod(season_period(year, code), g),
                         absolute=True)]
    if word == "fall" and not _SEASON_NOUN.match(text, c.end):
        return []  # "the fall of Rome": a season only with a year, "last fall", "fall campaign"
    if re.match(r"\s+of\b", text[c.end:c.end + 5]) and not g.get("mod"):
        return []  # "the summer of discontent" (but "summer offensive" is a season)
    m = _SEASON_OF_YEAR.match(text, c.end)
    if m:
        # "the Spring Offensive of 1918", "the summer campaign of 1942"
        year, anchor = _year(m.group(1), m.group(2), ctx), m.group(1)
    else:
        year, anchor = _year_from_context(c, ctx, SEASON_MID[code])
    if year is None:
        return [Resolved(c.start, c.end, "DATE", _apply_mod(_underspecified(f"-{code}",
                                                                           "season"), g))]
    return [Resolved(c.start, c.end, "DATE", _apply_mod(season_period(year, code), g),
                     anchor=anchor)]


def _decade(c: Candidate, ctx: anc.Context, text: str) -> list[Resolved]:
    g = c.groups
    bc = (g.get("era") or "").upper() in _BC
    if (g.get("decw") or g.get("dec2")) and not g.get("the") and not g.get("mod"):
        return []  # "nineties", "30s" need "the": "in his 30s" is an age
    if g.get("decw"):
        start = 1900 + 10 * DECADE_WORDS[g["decw"].lower()]
    elif g.get("dec2d"):
        start = 1900 + int(g["dec2d"])
    elif g.get("dec2"):
        start = 1900 + int(g["dec2"])
    else:
        start = int(g["dec"])
    if start % 100 == 0 and g.get("dec") and not g.get("decb"):
        # "the 1800s" is the century 18xx (TIMEX3 value "18").
        p = century_period(start // 100 + 1, bc=bc)
    else:
        p = decade_period(-start - 9 if bc else start)
    first = Resolved(c.start, c.end, "DATE", _apply_mod(p, g), absolute=True)
    if not g.get("decb"):
        return [first]
    b = g["decb"]
    start_b = int(b) if len(b) == 4 else (start // 100) * 100 + int(b[-2:])
    second = decade_period(start_b)
    split = c.spans["decb"][0]
    # The second decade's span starts at its number ("30s" in "the 1920s and 30s").
    end_first = c.spans["dec"][1] + (2 if text[c.spans["dec"][1]:].startswith("'s") else 1) \
        if g.get("dec") else split
    return [replace(first, end=min(end_first, split), range_id=c.start),
            Resolved(split - (1 if text[split - 1] == "'" else 0), c.end, "DATE", second,
                     absolute=True, range_id=c.start)]


def _century(c: Candidate, ctx: anc.Context, text: str) -> list[Resolved]:
    g = c.groups
    bc = (g.get("era") or "").upper() in _BC
    mill = g["unit"].lower().startswith("mill")
    make = millennium_period if mill else century_period
    n = _ordinal(g["ord"])
    if n is None or n < 1 or n > (5 if mill else 30):
        return []
    last = Resolved(c.start, c.end, "DATE", _apply_mod(make(n, bc=bc), g), absolute=True)
    if not g.get("o1"):
        return [last]
    n1 = _ordinal(g["o1"])
    if n1 is None or n1 < 1:
        return [last]
    o1_end = c.spans["o1"][1]
    first = Resolved(c.start, o1_end, "DATE", make(n1, bc=bc), absolute=True, range_id=c.start)
    return [first, replace(last, start=c.spans["ord"][0], range_id=c.start)]


def _quarter(c: Candidate, ctx: anc.Context, text: str) -> list[Resolved]:
    g = c.groups
    q = int(g["qn"]) if g.get("qn") else {"first": 1, "1st": 1, "second": 2, "2nd": 2,
                                          "third": 3, "3rd": 3, "fourth": 4,
                                          "4th": 4}[g["q"].lower()]
    if g.get("year"):
        return [Resolved(c.start, c.end, "DATE", quarter_period(int(g["year"]), q),
                         absolute=True)]
    year, anchor = _year_from_context(c, ctx, 3 * q - 1)
    if year is None:
        return [Resolved(c.start, c.end, "DATE", _underspecified(f"-Q{q}", "quarter"))]
    return [Resolved(c.start, c.end, "DATE", quarter_period(year, q), anchor=anchor)]


def _year_rule(c: Candidate, ctx: anc.Context, text: str) -> list[Resolved]:
    g = c.groups
    ystr = g["year"]
    era = g.get("era")
    if g.get("ad"):
        era = "AD"
    has_marker = bool(era or g.get("pre") or g.get("approx") or g.get("mod"))
    if not has_marker and c.kind == "year":
        if _is_count(text, c.end) or _NOT_YEAR_BEFORE.search(text[max(0, c.start - 24):c.start]):
            return []
    if c.kind == "year3":
        # "in 800," is a year only in a text already talking about nearby centuries.
        last = ctx.last.period.year if ctx.last is not None else None
        if _is_count(text, c.end) or last is None or abs(abs(last) - int(ystr)) > 300:
            return []
    n = int(ystr)
    if n == 0 or (not era and len(ystr) == 4 and not 1000 <= n <= 2099):
        return []
    year = _year(ystr, era, ctx, bare_bc=c.kind == "year3")
    return [Resolved(c.start, c.end, "DATE", _apply_mod(year_period(year), g), absolute=True)]


def _yearrange(c: Candidate, ctx: anc.Context, text: str) -> list[Resolved]:
    g = c.groups
    y1s = g["y1"]
    y2s = g.get("y2") or g.get("y3") or g.get("y4")
    era_end = (g.get("era") or "").strip().upper()
    era1 = (g.get("era2") or "").strip().upper() or era_end
    bc1, bc2 = era1 in _BC, era_end in _BC
    y1 = int(y1s)
    if (not (era1 or era_end)) and not (1000 <= y1 <= 2099):
        return []
    if len(y2s) < len(y1s) and not bc2:
        # "1941-45": the second end shares the first's leading digits.
        scale = 10 ** len(y2s)
        y2 = (y1 // scale) * scale + int(y2s)
        if y2 < y1:
            if not (y1 % 100 >= 90 and int(y2s) <= 10):
                return []  # "1990-12" is more likely a year and month than 1990-2012
            y2 += scale    # "1999-00", "1998-01"
    else:
        y2 = int(y2s)
    a = -y1 if bc1 else y1
    b = -y2 if bc2 else y2
    if b <= a or b - a > 500:
        return []
    p1 = _apply_mod(year_period(a), g)
    end1 = c.spans["e1"][1] if g.get("e1") else c.spans["y1"][1]
    s2 = c.spans[next(k for k in ("y2", "y3", "y4") if g.get(k))][0]
    return [Resolved(c.start, end1, "DATE", p1, absolute=True, range_id=c.start),
            Resolved(s2, c.end, "DATE", year_period(b), absolute=True, range_id=c.start)]


def _dayrange(c: Candidate, ctx: anc.Context, text: str) -> list[Resolved]:
    g = c.groups
    mon, d1, d2 = _month(g["mon"]), _day(g["d1"]), _day(g["d2"])
    if not (1 <= d1 < d2 <= 31):
        return []
    if g.get("year"):
        year, anchor, absolute = _year(g["year"], g.get("era"), ctx), "", True
    else:
        (year, anchor), absolute = _year_from_context(c, ctx, mon, d1, text), False
    if year is None or not valid_day(year, mon, d2):
        return []
    end1 = c.spans["d1"][1]  # the first end: "6" of "6-7 January", "August 14" of "August 14-24"
    s2 = c.spans["d2"][0]
    return [Resolved(c.start, end1, "DATE", day_period(year, mon, d1), anchor=anchor,
                     absolute=absolute, range_id=c.start),
            Resolved(s2, c.end, "DATE", day_period(year, mon, d2), anchor=anchor,
                     absolute=absolute, range_id=c.start)]


def _dual(c: Candidate, ctx: anc.Context, text: str) -> list[Resolved]:
    """Dual dating: the value is the New Style (Gregorian) date, the Julian one goes to
    ``calendar`` as ``OS=YYYY-MM-DD``."""
    g = c.groups
    y = int(g["y"])
    m1, d1 = _month(g["m1"]), _day(g["d1"])
    m2 = _month(g["m2"]) if g.get("m2") else m1
    d2 = _day(g["d2"])
    y2 = int(g["y2"]) if g.get("y2") else y
    if not g.get("y2"):
        if m2 > m1 + 6:
            y2 = y - 1      # NS 5 January 1808 = OS 24 December 1807
        elif m1 > m2 + 6:
            y2 = y + 1
    cal = re.sub(r"[\s.]", "", g["cal"]).upper()
    outer_is_os = cal in ("NS", "NEWSTYLE")  # "... (N.S. x)" means the outer date is O.S.
    if outer_is_os:
        (ny, nm, nd), (oy, om, od) = (y2, m2, d2), (y, m1, d1)
    else:
        (ny, nm, nd), (oy, om, od) = (y, m1, d1), (y2, m2, d2)
    if not (valid_day(ny, nm, nd) and valid_day(oy, om, od)):
        return []
    return [Resolved(c.start, c.end, "DATE", day_period(ny, nm, nd),
                     calendar=f"OS={iso(oy, om, od)}", absolute=True)]


def _date_cal(c: Candidate, ctx: anc.Context, text: str) -> list[Resolved]:
    g = c.groups
    y, m, d = int(g["y"]), _month(g["m1"]), _day(g["d1"])
    if not valid_day(y, m, d):
        return []
    cal = re.sub(r"[\s.]", "", (g.get("cal2") or g.get("cal3") or "")).upper()
    if cal in ("NS", "NEWSTYLE"):
        oy, om, od = gregorian_to_julian(y, m, d)
        return [Resolved(c.start, c.end, "DATE", day_period(y, m, d),
                         calendar=f"OS={iso(oy, om, od)}", absolute=True)]
    ny, nm, nd = julian_to_gregorian(y, m, d)
    return [Resolved(c.start, c.end, "DATE", day_period(ny, nm, nd),
                     calendar=f"OS={iso(y, m, d)}", absolute=True)]


_PRESENT = re.compile(r"(?i)now|current|currently|nowadays|at\s+present|the\s+present.*|"
                      r"present.day")
_PAST = re.compile(r"(?i)recently|lately|the\s+(?:recent\s+)?past|(?:the\s+)?recent.*")
_FUTURE_W = re.compile(r"(?i)the\s+future|(?:the\s+)?near\s+future|soon|future")
_RECENT_UNITS = re.compile(r"(?:the\s+)?recent\s+(years|months|weeks|days)")


def _deictic(c: Candidate, ctx: anc.Context, text: str) -> list[Resolved]:
    w = re.sub(r"\s+", " ", c.groups["word"].lower())
    dct = ctx.dct.period if ctx.dct else None
    if w in ("today", "yesterday", "tomorrow", "the day before yesterday",
             "the day after tomorrow", "tonight"):
        if ctx.mode != "news" and w == "today":
            return [Resolved(c.start, c.end, "DATE", Period("PRESENT_REF"))]
        a = ctx.deictic()
        if a is None or a.period.day is None:
            return [Resolved(c.start, c.end, "DATE", Period("PRESENT_REF" if w == "today"
                                                            else "XXXX-XX-XX"))]
        off = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1,
               "the day before yesterday": -2, "the day after tomorrow": 2}[w]
        p = day_period(*add_days(a.period.year, a.period.month, a.period.day, off))
        if w == "tonight":
            return [Resolved(c.start, c.end, "TIME", replace(p, value=p.value + "TNI"),
                             anchor=a.text)]
        return [Resolved(c.start, c.end, "DATE", p, anchor=a.text)]
    if w.startswith("at the"):
        a = ctx.anaphoric()
        if a is None or ctx.last is None:
            return []
        return [Resolved(c.start, c.end, "DATE", replace(a.period, mod=""), anchor=a.text)]
    if _PRESENT.fullmatch(w):
        p = Period("PRESENT_REF")
        if ctx.mode == "news" and dct is not None:
            p = replace(dct, value="PRESENT_REF")
        return [Resolved(c.start, c.end, "DATE", p, anchor="DCT" if ctx.mode == "news" else "")]
    if w in ("the near term", "the short term"):
        return [Resolved(c.start, c.end, "DATE", Period("FUTURE_REF"))]
    if w == "the weekend":
        # News: "over the weekend" is the last one, "will ... the weekend" the next one.
        if ctx.mode != "news" or dct is None or dct.day is None:
            return []
        wd = weekday(dct.year, dct.month, dct.day)
        if tense(text, c.start, c.end) > 0:
            offset = 0 if wd <= 6 else 1
        else:
            offset = 0 if wd >= 6 else -1
        p = anc.this_unit(dct, "weekend", offset)
        return [Resolved(c.start, c.end, "DATE", p, anchor="DCT")] if p else []
    if w in ("former", "future"):
        # Adjectives: "the former capital", "future losses". TIMEX2 (history narrative,
        # WikiWars) marks them as past/future references; TimeML (news) mostly does not.
        if ctx.mode != "narrative":
            return []
        return [Resolved(c.start, c.end, "DATE", Period("PAST_REF" if w == "former"
                                                        else "FUTURE_REF"))]
    if _FUTURE_W.fullmatch(w):
        return [Resolved(c.start, c.end, "DATE", Period("FUTURE_REF"))]
    m = _RECENT_UNITS.fullmatch(w)
    if m:
        # "in recent years": a vague stretch of years up to now (TimeML and TIMEX2 PXY).
        code = {"years": "Y", "months": "M", "weeks": "W", "days": "D"}[m.group(1)]
        return [Resolved(c.start, c.end, "DURATION", Period(f"PX{code}"))]
    if _PAST.fullmatch(w):
        return [Resolved(c.start, c.end, "DATE", Period("PAST_REF"))]
    return []


_REL_OFFSET = {"this": 0, "current": 0, "same": 0, "that": 0, "that same": 0, "the same": 0,
               "last": -1, "past": -1, "previous": -1, "preceding": -1, "prior": -1,
               "next": 1, "coming": 1, "following": 1, "subsequent": 1}
_ANAPHORIC = {"same", "that", "that same", "the same", "following", "previous", "preceding",
              "subsequent", "prior"}
_TOD = {"morning": "TMO", "afternoon": "TAF", "evening": "TEV", "night": "TNI"}


def _relative(c: Candidate, ctx: anc.Context, text: str) -> list[Resolved]:
    g = c.groups
    rel = re.sub(r"\s+", " ", g["rel"].lower())
    unit_raw = g["unit"]
    unit = unit_raw.lower()
    the = bool(g.get("the"))
    offset = _REL_OFFSET[rel]
    if the and rel in ("last", "past") and unit in ("year", "month", "week", "decade",
                                                   "century", "quarter"):
        # "the past year" is the twelve months up to now: a duration.
        code = UNITS[unit]
        return [Resolved(c.start, c.end, "DURATION",
                         Period(f"P1{'Q' if code == 'Q' else code}", precision=_UNIT_PREC.get(
                             code, "unknown")))]
    if unit == "fall" and (rel not in ("this", "last", "next", "that", "following", "previous",
                                       "coming", "past")
                           or text[c.end:c.end + 4].lower() == " of "):
        return []  # "its subsequent fall", "the last fall of the city"
    # "the current year", "the coming month" point at the DCT like "this year" does.
    anaphoric = (the and rel not in ("current", "coming")) or rel in _ANAPHORIC
    a = ctx.anaphoric() if anaphoric else ctx.deictic()
    if a is None:
        return [Resolved(c.start, c.end, "DATE", Period("XXXX"))]
    ref = a.period
    p: Period | None
    typ = "DATE"
    if unit in SEASONS:
        p = (anc.season_period_of(ref, SEASONS[unit]) if offset == 0 else
             anc.season_near(ref, SEASONS[unit], offset))
    elif unit_raw.rstrip(".").lower() in MONTHS and unit_raw[0].isupper():
        p = anc.month_near(ref, _month(unit_raw), offset)
    elif unit in WEEKDAYS:
        wd = WEEKDAYS[unit]
        if offset < 0:
            p = anc.weekday_near(ref, wd, -1)
            if p is not None and p.value == ref.value:
                p = anc.weekday_near(day_period(*add_days(ref.year, ref.month, ref.day, -1)),
                                     wd, -1)
        elif offset > 0:
            p = anc.weekday_near(ref, wd, 1)
            if p is not None and p.value == ref.value:
                p = anc.weekday_near(day_period(*add_days(ref.year, ref.month, ref.day, 1)),
                                     wd, 1)
        else:
            p = anc.weekday_near(ref, wd, 0)
    elif unit in _TOD:
        day = ref if ref.day is not None else None
        if day is None:
            return [Resolved(c.start, c.end, "TIME", Period(f"XXXX-XX-XXT{_TOD[unit][1:]}"))]
        p = anc.this_unit(ref, "day", offset)
        typ = "TIME"
        p = replace(p, value=p.value + "T" + _TOD[unit][1:])
    else:
        p = anc.this_unit(ref, unit, offset)
        if p is None and unit == "day" and ref.precision in ("month", "year"):
            # "the same day", "the next day" after "June 479 BC": a day of that month
            # (or year) that the text does not give.
            p = Period(ref.value + ("-XX" if ref.precision == "month" else "-XX-XX"),
                       ref.earliest, ref.latest, "unknown", year=ref.year, month=ref.month)
    if p is None:
        return [Resolved(c.start, c.end, "DATE", Period("XXXX"), anchor=a.text)]
    rmod = (g.get("rmod") or "").lower()
    if rmod in ("early", "mid", "late"):
        p = part_of(p, {"early": "START", "mid": "MID", "late": "END"}[rmod])
    return [Resolved(c.start, c.end, typ, p, anchor=a.text, flashback=offset < 0)]


_UNIT_PREC = {"D": "day", "W": "unknown", "M": "month", "Q": "quarter", "Y": "year",
              "DE": "decade", "CE": "century", "ML": "millennium", "H": "unknown",
              "S": "unknown"}


def _unit_code(word: str) -> str:
    w = word.lower()
    if w.endswith("ies"):
        w = w[:-3] + "y"
    elif w.endswith("s") and w not in ("millennias",):
        w = w[:-1]
    if w == "millennia":
        w = "millennium"
    return UNITS.get(w, "")


def _offset(c: Candidate, ctx: anc.Context, text: str) -> list[Resolved]:
    g = c.groups
    code = _unit_code(g["unit"])
    if not code:
        return []
    d = re.sub(r"\s+", " ", g["dir"].lower())
    sign = -1 if d in ("ago", "earlier", "before", "previously", "prior") else 1
    numtxt = g.get("num")
    # "the day before" has no number: one unit; "days later" (plural, no number) is vague.
    n = _num(numtxt) if numtxt is not None else (1.0 if g["unit"].lower()[-1] != "s" else None)
    if d in ("before", "after", "prior", "on") and re.match(r"\s*[\w\"'“(]",
                                                           text[c.end:c.end + 3]):
        # "two weeks after the armistice": anchored on an event, not on a date we know;
        # what we can state is the duration ("two weeks"), as TimeML annotates it.
        end = c.spans["unit"][1]
        return _duration(replace(c, end=end, text=text[c.start:end]), ctx, text)
    deictic = d in ("ago", "hence", "from now")
    a = ctx.deictic() if deictic else ctx.anaphoric()
    if numtxt and re.search(r"(?i)half", c.text):
        n = (n or 0) + 0.5
    if n is None:
        return [Resolved(c.start, c.end, "DATE", _vague_offset(a, sign, code),
                         anchor=a.text if a else "")]
    if a is None:
        return [Resolved(c.start, c.end, "DATE", Period("XXXX"))]
    if code == "M" and g["unit"].lower().startswith("min"):
        code = "H"
        n = 0
    if code == "S":
        code, n = "H", 0
    last = ctx.last
    if code == "Y" and float(n).is_integer() and last is not None and \
            last.period.precision == "quarter" and last.period.year is not None:
        # Earnings news: "a year earlier" after "the third quarter" is that quarter a year
        # before, not the whole year.
        q = int(last.period.value[-1])
        p = quarter_period(add_years(last.period.year, sign * int(n)), q)
        return [Resolved(c.start, c.end, "DATE", p, anchor=last.text, flashback=sign < 0)]
    p = anc.shift(a.period, sign * n, code)
    if p is None:
        return [Resolved(c.start, c.end, "DATE", Period("XXXX"), anchor=a.text)]
    if g.get("approx"):
        p = replace(p, mod="APPROX")
    return [Resolved(c.start, c.end, "DATE", p, anchor=a.text, flashback=sign < 0)]


# How far "days/weeks/months/years later" can reach, in months (days: one month).
_VAGUE_REACH = {"D": 1, "W": 3, "M": 12, "Q": 12, "Y": 120, "DE": 1200, "CE": 12000}


def _vague_offset(a: anc.Anchor | None, sign: int, code: str) -> Period:
    """"Months later": FUTURE_REF after the anchor, bounded by how far such a phrase
    plausibly reaches (months later = within a year after the anchor)."""
    value = "PAST_REF" if sign < 0 else "FUTURE_REF"
    if a is None or not a.period.earliest or code not in _VAGUE_REACH:
        return Period(value)
    reach = _VAGUE_REACH[code]
    if sign > 0:
        lo = shift_iso(a.period.latest, days=1)
        hi = shift_iso(a.period.latest, months=reach)
        return Period(value, lo, hi, "unknown", mod="AFTER")
    lo = shift_iso(a.period.earliest, months=-reach)
    hi = shift_iso(a.period.earliest, days=-1)
    return Period(value, lo, hi, "unknown", mod="BEFORE")


def _duration(c: Candidate, ctx: anc.Context, text: str) -> list[Resolved]:
    g = c.groups
    unit_word = g["unit"].lower()
    code = _unit_code(unit_word)
    if not code:
        return []
    numtxt = g.get("num")
    if numtxt is None:
        n = None
    else:
        low = numtxt.lower().strip()
        if low in ("a", "an", "one", "single") and unit_word in ("second", "quarter"):
            return []  # "a second front", "a quarter of the votes"
        if unit_word.startswith("quarter") and (low in VAGUE or re.match(
                r"\s+of\b", text[c.end:c.end + 4]) or "-" in c.text):
            return []  # "three-quarters of the army", "in some quarters"
        if low in ("some",) and not unit_word.endswith("s"):
            return []
        n = _num(numtxt)
        if n is None and low not in VAGUE:
            return []
        if n is not None and n > 10000:
            return []
    if (g.get("tail") or "").lower() == "old":
        return []  # ages ("a 6-year-old") are not temporal expressions of the text
    if n is not None and (g.get("half") or g.get("half2")):
        n += 0.5
    if unit_word.startswith("fortnight"):
        n, code = (n * 2 if n is not None else None), "W"
    if unit_word.startswith("min"):
        code = "TM"
    amount = "X" if n is None else _fmt_num(n)
    if code in ("H", "S", "TM"):
        value = f"PT{amount}{code[-1]}"
    else:
        value = f"P{amount}{code}"
    mod = "APPROX" if g.get("approx") or (g.get("cmp") or "").lower() in (
        "nearly", "almost", "some", "roughly") else ""
    return [Resolved(c.start, c.end, "DURATION",
                     Period(value, precision=_UNIT_PREC.get(code, "unknown"), mod=mod))]


def _time(c: Candidate, ctx: anc.Context, text: str) -> list[Resolved]:
    g = c.groups
    a = ctx.deictic()
    word = (g.get("word") or "").lower()
    day_ref = a.period if a is not None and a.period.day is not None else None
    if word:
        w = re.sub(r"\s+", " ", word)
        if w in ("noon", "midday"):
            clock, p = "12:00", day_ref
        elif w == "midnight":
            clock, p = "24:00", day_ref
        elif w in ("tonight", "night", "nightfall"):
            clock, p = "NI", day_ref
        else:
            first, tod = w.rsplit(" ", 1)
            clock = _TOD[tod][1:]
            p = day_ref
            if day_ref is not None:
                if first in ("yesterday", "last"):  # "last night" is the night before
                    p = day_period(*add_days(day_ref.year, day_ref.month, day_ref.day, -1))
                elif first == "tomorrow":
                    p = day_period(*add_days(day_ref.year, day_ref.month, day_ref.day, 1))
                elif first in WEEKDAYS:
                    ahead = ctx.mode == "news" and tense(text, c.start, c.end) > 0
                    p = anc.weekday_near(day_ref, WEEKDAYS[first], 1 if ahead else -1)
                elif first in ("the following", "the next"):
                    p = anc.this_unit(day_ref, "day", 1)
                elif first == "the previous":
                    p = anc.this_unit(day_ref, "day", -1)
    else:
        h = int(g["h"])
        mi = int(g["mi"]) if g.get("mi") else 0
        ampm = (g.get("ampm") or "").lower().replace(".", "")
        if ampm == "pm" and h < 12:
            h += 12
        elif ampm == "am" and h == 12:
            h = 0
        if h > 24 or (ampm and int(g["h"]) > 12):
            return []
        clock, p = f"{h:02d}:{mi:02d}", day_ref
    if g.get("wd"):
        # "9 a.m. Tuesday", "noon Thursday": the clock time of that weekday.
        wd = WEEKDAYS[g["wd"].lower()]
        if ctx.mode == "news":
            a = ctx.deictic()
            ahead = tense(text, c.start, c.end) > 0
        else:
            a = ctx.anaphoric()
            ahead = True
        ref = a.period if a is not None and a.period.day is not None else None
        p = anc.weekday_near(ref, wd, 1 if ahead else -1) if ref is not None else None
        if p is None:
            return [Resolved(c.start, c.end, "TIME", Period(f"XXXX-WXX-{wd}T{clock}"))]
    if p is None:
        return [Resolved(c.start, c.end, "TIME", Period(f"XXXX-XX-XXT{clock}"))]
    return [Resolved(c.start, c.end, "TIME", replace(p, value=f"{p.value}T{clock}"),
                     anchor=a.text if a else "")]


_SET = {"daily": "P1D", "weekly": "P1W", "monthly": "P1M", "annually": "P1Y",
        "yearly": "P1Y", "nightly": "P1D", "hourly": "PT1H", "quarterly": "P3M",
        "biweekly": "P2W"}


def _set(c: Candidate, ctx: anc.Context, text: str) -> list[Resolved]:
    w = re.sub(r"\s+", " ", c.groups["word"].lower())
    if c.groups.get("mon"):
        return [Resolved(c.start, c.end, "SET", Period(f"XXXX-{_month(c.groups['mon']):02d}"))]
    if w in _SET:
        value = _SET[w]
    else:
        parts = w.split(" ")
        unit = parts[-1]
        if unit in ("morning", "evening", "night", "summer", "winter", "spring", "autumn"):
            value = "XXXX-XX-XXT" + _TOD[unit][1:] if unit in _TOD else "XXXX-" + SEASONS[unit]
        else:
            code = _unit_code("annum" if unit == "annum" else unit) or "Y"
            n = 1
            if len(parts) == 3 and parts[1] == "other":
                n = 2
            elif len(parts) == 3 and parts[0] == "every":
                n = int(_num(parts[1]) or 1) if parts[1] != "single" else 1
            value = f"P{n}{code}"
    return [Resolved(c.start, c.end, "SET", Period(value))]


def _weekday(c: Candidate, ctx: anc.Context, text: str) -> list[Resolved]:
    wd = WEEKDAYS[c.groups["wd"].lower()]
    if ctx.mode == "news":
        a = ctx.deictic()
        if a is None or a.period.day is None:
            return [Resolved(c.start, c.end, "DATE", Period(f"XXXX-WXX-{wd}"))]
        direction = 1 if tense(text, c.start, c.end) > 0 else -1
        return [Resolved(c.start, c.end, "DATE", anc.weekday_near(a.period, wd, direction),
                         anchor=a.text)]
    a = ctx.anaphoric()
    if a is None or a.period.day is None or ctx.last is None:
        return [Resolved(c.start, c.end, "DATE", Period(f"XXXX-WXX-{wd}"))]
    return [Resolved(c.start, c.end, "DATE", anc.weekday_near(a.period, wd, 1), anchor=a.text)]


def _easter(year: int) -> tuple[int, int]:
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    L = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * L) // 451
    return (h + L - 7 * m + 114) // 31, (h + L - 7 * m + 114) % 31 + 1


_HOLIDAY_NEAR = {"christmas": (12, 25), "new": (1, 1), "easter": (4, 10),
                 "thanksgiving": (11, 25), "halloween": (10, 31)}


def _holiday(c: Candidate, ctx: anc.Context, text: str) -> list[Resolved]:
    g = c.groups
    name = re.sub(r"\s+", " ", g["hol"]).lower()
    if g.get("year"):
        year, anchor, absolute = int(g["year"]), "", True
    else:
        # Roughly where the holiday falls, so that news picks the nearest such holiday
        # ("Elian was found Thanksgiving Day" in January is last November's).
        m0, d0 = _HOLIDAY_NEAR.get(name.split()[0], (12, 25))
        (year, anchor), absolute = _year_from_context(c, ctx, m0, d0, text), False
    if year is None or year < 1:
        return []
    if name.startswith("easter"):
        m, d = _easter(year)
    elif name.startswith("thanksgiving"):
        first = weekday(year, 11, 1)
        m, d = 11, 1 + (4 - first) % 7 + 21
    else:
        m, d = {"christmas": (12, 25), "christmas day": (12, 25), "christmas eve": (12, 24),
                "new year's": (1, 1), "new year's day": (1, 1), "new year's eve": (12, 31),
                "halloween": (10, 31)}.get(name, (0, 0))
        if not m:
            return []
    return [Resolved(c.start, c.end, "DATE", day_period(year, m, d), anchor=anchor,
                     absolute=absolute)]


def _part(c: Candidate, ctx: anc.Context, text: str) -> list[Resolved]:
    g = c.groups
    unit = g["unit"].lower()
    mod, half = _mod(g.get("mod"))
    if unit in ("year", "month", "decade", "century", "week"):
        a = ctx.anaphoric()
        p = anc.this_unit(a.period, unit, 0) if a is not None else None
        if p is None:
            return [Resolved(c.start, c.end, "DATE", Period("XXXX", mod=mod))]
        return [Resolved(c.start, c.end, "DATE", part_of(p, mod, half=half), anchor=a.text)]
    # "the end of the war", "the beginning of the occupation": anchored on an event whose
    # date the text does not give here; TimeML and TIMEX2 do not mark them, and a value of
    # XXXX would tell a reader nothing.
    return []


def _year_words(c: Candidate, ctx: anc.Context, text: str) -> list[Resolved]:
    """"nineteen ninety-six" -> 1996, "two thousand and one" -> 2001."""
    g = c.groups
    words = re.sub(r"\band\b", " ", g["yw"].lower()).replace("-", " ").split()
    if words[:2] == ["two", "thousand"]:
        # "two thousand" is a year only as "the year two thousand" or "in two thousand".
        before = text[max(0, c.start - 9):c.start].lower()
        if not (g.get("pre") or re.search(r"\b(?:in|since|by|until)\s+$", before)):
            return []
        year = 2000 + sum(NUMBERS.get(w, 0) for w in words[2:])
    else:
        head = NUMBERS[words[0]]
        rest = [w for w in words[1:] if w not in ("hundred", "oh")]
        year = head * 100 + sum(NUMBERS.get(w, 0) for w in rest)
    if _is_count(text, c.end):
        return []
    return [Resolved(c.start, c.end, "DATE", _apply_mod(year_period(year), g), absolute=True)]


def _year2d(c: Candidate, ctx: anc.Context, text: str) -> list[Resolved]:
    """"'99": the year in the anchor's century nearest the anchor."""
    src = ctx.year_source()
    if src is None or src.period.year is None or src.period.year < 100:
        return []
    yy = int(c.groups["yy"])
    ref = src.period.year
    year = min(((ref // 100 + k) * 100 + yy for k in (-1, 0, 1)), key=lambda y: abs(y - ref))
    return [Resolved(c.start, c.end, "DATE", year_period(year), absolute=True)]


def _quarter_rel(c: Candidate, ctx: anc.Context, text: str) -> list[Resolved]:
    """Business-news quarters. "the quarter" / "the latest quarter" is the last reported
    one: the quarter of the date 45 days before the anchor (earnings come out weeks after
    a quarter closes); "the year-ago quarter" is the same quarter a year earlier."""
    a = ctx.deictic()
    if a is None or a.period.month is None:
        return [Resolved(c.start, c.end, "DATE", Period("XXXX-QX"))]
    ref = a.period
    rel = re.sub(r"[-\s]+", " ", (c.groups.get("qrel") or "").lower())
    if rel in ("current", "coming", "next", "following"):
        y, m = ref.year, ref.month
        if rel != "current":
            y, m = add_months(y, m, 3)
    else:
        y, m, _ = add_days(ref.year, ref.month, ref.day or 15, -45)
        if rel in ("previous", "prior", "preceding"):
            y, m = add_months(y, m, -3)
        elif rel in ("year ago", "year earlier", "same", "comparable"):
            y = add_years(y, -1) if rel != "same" else y
    return [Resolved(c.start, c.end, "DATE", quarter_period(y, (m - 1) // 3 + 1),
                     anchor=a.text, flashback=rel in ("year ago", "year earlier"))]


def _the_year(c: Candidate, ctx: anc.Context, text: str) -> list[Resolved]:
    """"the year": in news the DCT's year ("a high for the year"), in a narrative the
    anchor's ("the year's campaign"); "the year ended June 30" is a year-long period."""
    if re.match(r"\s+(?:ended|ending|to)\b", text[c.end:c.end + 8]):
        return [Resolved(c.start, c.end, "DURATION", Period("P1Y", precision="year"))]
    a = ctx.deictic() if ctx.mode == "news" else ctx.anaphoric()
    if a is None or a.period.year is None or ctx.mode == "narrative" and ctx.last is None:
        return []
    p = anc.this_unit(a.period, "year", 0)
    rmod = (c.groups.get("rmod") or "").lower()
    if rmod in ("early", "mid", "late"):
        p = part_of(p, {"early": "START", "mid": "MID", "late": "END"}[rmod])
    return [Resolved(c.start, c.end, "DATE", p, anchor=a.text)]


HANDLERS: dict[str, Handler] = {
    "year2d": _year2d, "quarter_rel": _quarter_rel, "year_words": _year_words,
    "dual": _dual, "date_cal": _date_cal, "dayrange": _dayrange, "yearrange": _yearrange,
    "date": _date, "iso": _iso, "month": _monthyear, "season": _season, "decade": _decade,
    "century": _century, "quarter": _quarter, "year": _year_rule, "year3": _year_rule,
    "deictic": _deictic, "relative": _relative, "offset": _offset, "duration": _duration,
    "time": _time, "set": _set, "weekday": _weekday, "holiday": _holiday, "part": _part,
    "the_year": _the_year,
}


def normalize(c: Candidate, ctx: anc.Context, text: str) -> list[Resolved]:
    """Resolve one candidate; ``[]`` when it turns out not to be a temporal expression."""
    return HANDLERS[c.kind](c, ctx, text)
