"""Handlers for dates written with their own calendar position: day dates, ISO dates,
months, seasons, decades, centuries, quarters, years, ranges and dual (O.S./N.S.) dates.

An expression without a year ("late July", "Nov. 25") takes it from its context
(:func:`.parsing.year_from_context`).
"""

from __future__ import annotations

import re
from dataclasses import replace

from pipeline import lang

from . import anchoring as anc
from .calendar import (add_years, century_period, day_period, decade_period,
                       gregorian_to_julian, iso, julian_to_gregorian, millennium_period,
                       month_period, quarter_period, season_period, valid_day, week_period,
                       weekday, year_period)
from .lexicon import (AGE_POSSESSIVES, ANAPHORIC, DECADE_WORDS, NUMBERS, REL_OFFSET, SEASONS, TIMES_OF_DAY,
                      WEEKDAYS, WORDS, alternation)
from .parsing import (BC_ERAS, apply_mod, day_number, era_year, is_count, month_number,
                      ordinal_number, underspecified, year_from_context)
from .patterns import Candidate
from .resolved import Handler, Resolved


_NOT_YEAR_BEFORE = re.compile(rf"(?i:\b(?:{alternation('not_year_before')})\s*)$")
_EVENT_NOUN = re.compile(rf"\s+(?:{alternation('event_nouns')})\b")
# "at 2088 Philip Street": a house number; "in 1999 Oxford Street was closed": a year
_STREET_AFTER = re.compile(rf"\s+(?:[A-Z][\w'’.-]*\s+){{1,3}}(?:{alternation('street_nouns')})(?!\w)")
_YEAR_PREP_BEFORE = re.compile(rf"(?i:\b(?:{alternation('year_prepositions')})\s*)$")
_SENTENCE_PREPS = lang.words(WORDS, "sentence_prepositions")
_MAY_BEFORE = re.compile(rf"\b(?:{alternation('may_month_before')})\s*$")
_MARCH_DETERMINERS = lang.ordered(WORDS, "march_determiners")
_MARCH_ROUTE = re.compile(rf"\s+(?:{alternation('march_route_after')})\s+(?:the\s+)?[A-Z]")
_MARCH_NAME = re.compile(rf"\s+(?:{alternation('march_name_after')})\s+(?:the\s+)?[A-Z]")
# "the ``March of ...'': an opening quotation mark between "the" and the name.
_THE_BEFORE = re.compile(r"(?i:\bthe)\s*(?:``|[\"“‘'])?\s*$")
# "the October slaying", "the May elections": a month before a lower-case noun dates it.
_NOUN_AFTER = re.compile(r"\s+([a-z][a-z-]+)\b")
_NOT_NOUN_AFTER = lang.words(WORDS, "month_noun_stops")
_TWO_THOUSAND_BEFORE = re.compile(rf"\b(?:{alternation('two_thousand_before')})\s+$")
_QUARTERS: dict[str, int] = lang.table(WORDS, "quarter_words")
# The middle month of each season: where an underspecified season falls.
SEASON_MID = {"SP": 4, "SU": 7, "FA": 10, "WI": 1}


def _date(c: Candidate, ctx: anc.Context, text: str) -> list[Resolved]:
    out = _day_date(c, ctx, text)
    if out and c.groups.get("approx"):
        out = [replace(out[0], period=replace(out[0].period, mod="APPROX"))]
    if out and c.groups.get("weekof") and out[0].period.day is not None:
        # "the week of March 6": the ISO week containing that day.
        p = out[0].period
        return [replace(out[0], period=week_period(p.year, p.month, p.day))]
    tod = (c.groups.get("tod") or "").split()
    if out and tod and out[0].period.day is not None:
        # "the night of April 18, 1775": TIME with the part of the day.
        r = out[0]
        return [replace(r, type="TIME", period=replace(
            r.period, value=f"{r.period.value}T{TIMES_OF_DAY[tod[-1].lower()][1:]}"))]
    return out


def _day_date(c: Candidate, ctx: anc.Context, text: str) -> list[Resolved]:
    g = c.groups
    mon, day = month_number(g["mon"]), day_number(g["day"])
    ystr, era = (g["year"], g["era"]) if g.get("year") else (g.get("year2"), g.get("era2"))
    if ystr is not None:
        year = era_year(ystr, era, ctx)
        if not valid_day(year, mon, day):
            return []
        return [Resolved(c.start, c.end, "DATE", day_period(year, mon, day), absolute=True)]
    if day > 31 or day < 1:
        return []
    if g.get("ryear"):
        # "July 25 of that year", "January 24 of the same year"
        rel = re.sub(r"\s+", " ", g["ryear"].lower()).removeprefix("the ")
        a = ctx.anaphoric() if rel in ANAPHORIC else ctx.deictic()
        if a is None or a.period.year is None:
            return [Resolved(c.start, c.end, "DATE",
                             underspecified(f"-{mon:02d}-{day:02d}", "day"))]
        year = add_years(a.period.year, REL_OFFSET[rel])
        if not valid_day(year, mon, day):
            return []
        return [Resolved(c.start, c.end, "DATE", day_period(year, mon, day), anchor=a.text)]
    if g.get("drel"):
        # "last Oct. 23", "next March 6": that day in the month "last/next Oct." names.
        a = ctx.deictic()
        m = anc.month_near(a.period, mon, REL_OFFSET[g["drel"].lower()]) if a else None
        if m is not None and m.year is not None and valid_day(m.year, mon, day):
            return [Resolved(c.start, c.end, "DATE", day_period(m.year, mon, day),
                             anchor=a.text)]
    year, anchor = year_from_context(c, ctx, mon, day, text)
    if year is None:
        return [Resolved(c.start, c.end, "DATE", underspecified(f"-{mon:02d}-{day:02d}", "day"))]
    wd = _WEEKDAY_FIRST.match(c.text)
    if wd and valid_day(year, mon, day) and weekday(year, mon, day) != WEEKDAYS[wd.group(1).lower()]:
        # "Sunday, 1 February" under a 2024 retrieval date after "31 January 1953": the
        # weekday names the year; take the nearest one (the anchor's first) that fits.
        year, anchor = _year_of_weekday(year, anchor, mon, day, WEEKDAYS[wd.group(1).lower()],
                                        ctx)
    if not valid_day(year, mon, day):
        return []
    return [Resolved(c.start, c.end, "DATE", day_period(year, mon, day), anchor=anchor)]


_WEEKDAY_FIRST = re.compile(rf"(?i:({'|'.join(sorted(WEEKDAYS, key=len, reverse=True))}))\b")


def _year_of_weekday(year: int, anchor: str, mon: int, day: int, wd: int,
                     ctx: anc.Context) -> tuple[int, str]:
    """The year near ``year`` (first near the narrative anchor's) in which ``mon``/``day``
    falls on weekday ``wd``; ``year`` itself when none within a year does."""
    tries: list[tuple[int, str]] = []
    if ctx.last is not None and ctx.last.period.year is not None:
        y = ctx.last.period.year
        tries += [(y, ctx.last.text), (add_years(y, 1), ctx.last.text),
                  (add_years(y, -1), ctx.last.text)]
    tries += [(add_years(year, -1), anchor), (add_years(year, 1), anchor)]
    for y, a in tries:
        if valid_day(y, mon, day) and weekday(y, mon, day) == wd:
            return y, a
    return year, anchor


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
    mon = month_number(name)
    if g.get("yw"):
        return [Resolved(c.start, c.end, "DATE",
                         apply_mod(month_period(words_year(g["yw"]), mon), g), absolute=True)]
    if g.get("ryear"):
        # "April next year", "August of that year"
        rel = re.sub(r"\s+", " ", g["ryear"].lower()).removeprefix("the ")
        a = ctx.anaphoric() if rel in ANAPHORIC else ctx.deictic()
        if a is None or a.period.year is None:
            return [Resolved(c.start, c.end, "DATE", underspecified(f"-{mon:02d}", "month"))]
        year = add_years(a.period.year, REL_OFFSET[rel])
        return [Resolved(c.start, c.end, "DATE", apply_mod(month_period(year, mon), g),
                         anchor=a.text)]
    if ystr is not None:
        year = era_year(ystr, era, ctx)
        return [Resolved(c.start, c.end, "DATE", apply_mod(month_period(year, mon), g),
                         absolute=True)]
    if not name.endswith(".") and len(name) <= 4 and name not in ("May", "June", "July"):
        return []  # "Jan", "Dec" alone are more often names than months
    if name == "May" and not g.get("mod"):
        # "May" alone: a month only after a preposition ("in May", "by May").
        before = text[max(0, c.start - 12):c.start].lower()
        if not _MAY_BEFORE.search(before):
            return []
    before_noun = _before_noun(text, c.end)
    if name == "March" and not g.get("mod"):
        # "the Long March", "Women's March", "his March to the Sea": a march, not a month.
        prev = text[max(0, c.start - 20):c.start].split()
        if (prev and (prev[-1][:1].isupper() and prev[-1].lower() not in _SENTENCE_PREPS
                      and not (prev[-1] == "The" and before_noun)
                      or prev[-1].lower() in _MARCH_DETERMINERS
                      or prev[-1].endswith(("'s", "’s"))))\
                or _MARCH_ROUTE.match(text[c.end:c.end + 30])\
                or (_MARCH_NAME.match(text[c.end:c.end + 30])
                    and not (prev and prev[-1].lower() in _SENTENCE_PREPS)):
            return []
    if not g.get("mod"):
        # "the March on Rome", "the October Revolution": a name, not a date; "the
        # October slaying" is the slaying of that October.
        if (_THE_BEFORE.search(text[max(0, c.start - 7):c.start]) and not before_noun) or \
                _EVENT_NOUN.match(text, c.end):
            return []
    year, anchor = year_from_context(c, ctx, mon, text=text)
    if year is None:
        return [Resolved(c.start, c.end, "DATE", apply_mod(
            underspecified(f"-{mon:02d}", "month"), g))]
    return [Resolved(c.start, c.end, "DATE", apply_mod(month_period(year, mon), g),
                     anchor=anchor)]


def _before_noun(text: str, end: int) -> bool:
    """Is the month ending at ``end`` followed by a lower-case noun it modifies ("the
    October slaying"), not by a preposition ("the March on Rome")?"""
    m = _NOUN_AFTER.match(text, end, min(len(text), end + 30))
    return bool(m and m.group(1) not in _NOT_NOUN_AFTER)


_SEASON_OF_YEAR = re.compile(r"\s+(?:[A-Za-z]+\s+){1,2}of\s+(\d{3,4})(?:\s?(BC|B\.C\.))?"
                             r"(?![\w%])")


_SEASON_NOUN = re.compile(rf"\s+(?:{alternation('season_nouns')})\b")


def _season(c: Candidate, ctx: anc.Context, text: str) -> list[Resolved]:
    g = c.groups
    word = g["season"].lower()
    code = SEASONS[word]
    if g.get("yw"):
        return [Resolved(c.start, c.end, "DATE",
                         apply_mod(season_period(words_year(g["yw"]), code), g), absolute=True)]
    if g.get("year"):
        year = era_year(g["year"], g.get("era"), ctx)
        return [Resolved(c.start, c.end, "DATE", apply_mod(season_period(year, code), g),
                         absolute=True)]
    if word == "fall" and not _SEASON_NOUN.match(text, c.end):
        return []  # "the fall of Rome": a season only with a year, "last fall", "fall campaign"
    if re.match(r"\s+of\b", text[c.end:c.end + 5]) and not g.get("mod"):
        return []  # "the summer of discontent" (but "summer offensive" is a season)
    m = _SEASON_OF_YEAR.match(text, c.end)
    if m:
        # "the Spring Offensive of 1918", "the summer campaign of 1942"
        year, anchor = era_year(m.group(1), m.group(2), ctx), m.group(1)
    else:
        year, anchor = year_from_context(c, ctx, SEASON_MID[code])
    if year is None:
        return [Resolved(c.start, c.end, "DATE",
                         apply_mod(underspecified(f"-{code}", "season"), g))]
    return [Resolved(c.start, c.end, "DATE", apply_mod(season_period(year, code), g),
                     anchor=anchor)]


def _after_possessive(text: str, start: int) -> bool:
    words = text[max(0, start - 12):start].split()
    return bool(words) and words[-1].lower() in AGE_POSSESSIVES


def _decade(c: Candidate, ctx: anc.Context, text: str) -> list[Resolved]:
    g = c.groups
    bc = (g.get("era") or "").upper() in BC_ERAS
    if (g.get("decw") or g.get("dec2")) and not g.get("the") and not g.get("mod"):
        return []  # "nineties", "30s" need "the": "in his 30s" is an age
    if (g.get("decw") or g.get("dec2")) and not g.get("the") and _after_possessive(text, c.start):
        return []  # "in his early 30s", "in her mid-forties": an age
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
    first = Resolved(c.start, c.end, "DATE", apply_mod(p, g), absolute=True)
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
    bc = (g.get("era") or "").upper() in BC_ERAS
    mill = g["unit"].lower().startswith("mill")
    make = millennium_period if mill else century_period
    n = ordinal_number(g["ord"])
    if n is None or n < 1 or n > (5 if mill else 30):
        return []
    last = Resolved(c.start, c.end, "DATE", apply_mod(make(n, bc=bc), g), absolute=True)
    if not g.get("o1"):
        return [last]
    n1 = ordinal_number(g["o1"])
    if n1 is None or n1 < 1:
        return [last]
    o1_end = c.spans["o1"][1]
    first = Resolved(c.start, o1_end, "DATE", make(n1, bc=bc), absolute=True, range_id=c.start)
    return [first, replace(last, start=c.spans["ord"][0], range_id=c.start)]


def _quarter(c: Candidate, ctx: anc.Context, text: str) -> list[Resolved]:
    g = c.groups
    q = int(g["qn"]) if g.get("qn") else _QUARTERS[g["q"].lower()]
    if g.get("year"):
        return [Resolved(c.start, c.end, "DATE", quarter_period(int(g["year"]), q),
                         absolute=True)]
    year, anchor = year_from_context(c, ctx, 3 * q - 1)
    if year is None:
        return [Resolved(c.start, c.end, "DATE", underspecified(f"-Q{q}", "quarter"))]
    return [Resolved(c.start, c.end, "DATE", quarter_period(year, q), anchor=anchor)]


def _year_rule(c: Candidate, ctx: anc.Context, text: str) -> list[Resolved]:
    g = c.groups
    ystr = g["year"]
    era = g.get("era")
    if g.get("ad"):
        era = "AD"
    has_marker = bool(era or g.get("pre") or g.get("approx") or g.get("mod"))
    if not has_marker and c.kind == "year":
        before = text[max(0, c.start - 24):c.start]
        if is_count(text, c.end) or _NOT_YEAR_BEFORE.search(before):
            return []
        if _STREET_AFTER.match(text, c.end, c.end + 60) and not _YEAR_PREP_BEFORE.search(before):
            return []
    if c.kind == "year3":
        # "in 800," is a year only in a text already talking about nearby centuries.
        last = ctx.last.period.year if ctx.last is not None else None
        if is_count(text, c.end) or last is None or abs(abs(last) - int(ystr)) > 300:
            return []
    n = int(ystr)
    if n == 0 or (not era and len(ystr) == 4 and not 1000 <= n <= 2099):
        return []
    year = era_year(ystr, era, ctx, bare_bc=c.kind == "year3")
    return [Resolved(c.start, c.end, "DATE", apply_mod(year_period(year), g), absolute=True)]


def _yearrange(c: Candidate, ctx: anc.Context, text: str) -> list[Resolved]:
    g = c.groups
    y1s = g["y1"]
    y2s = g.get("y2") or g.get("y3") or g.get("y4")
    era_end = (g.get("era") or "").strip().upper()
    era1 = (g.get("era2") or "").strip().upper() or era_end
    bc1, bc2 = era1 in BC_ERAS, era_end in BC_ERAS
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
    p1 = apply_mod(year_period(a), g)
    end1 = c.spans["e1"][1] if g.get("e1") else c.spans["y1"][1]
    s2 = c.spans[next(k for k in ("y2", "y3", "y4") if g.get(k))][0]
    return [Resolved(c.start, end1, "DATE", p1, absolute=True, range_id=c.start),
            Resolved(s2, c.end, "DATE", year_period(b), absolute=True, range_id=c.start)]


def _dayrange(c: Candidate, ctx: anc.Context, text: str) -> list[Resolved]:
    g = c.groups
    mon, d1, d2 = month_number(g["mon"]), day_number(g["d1"]), day_number(g["d2"])
    if not (1 <= d1 < d2 <= 31):
        return []
    if g.get("year"):
        year, anchor, absolute = era_year(g["year"], g.get("era"), ctx), "", True
    else:
        (year, anchor), absolute = year_from_context(c, ctx, mon, d1, text), False
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
    m1, d1 = month_number(g["m1"]), day_number(g["d1"])
    m2 = month_number(g["m2"]) if g.get("m2") else m1
    d2 = day_number(g["d2"])
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
    y, m, d = int(g["y"]), month_number(g["m1"]), day_number(g["d1"])
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


def words_year(yw: str) -> int:
    """The year a year written in words names: "nineteen ninety-six" -> 1996."""
    words = re.sub(r"\band\b", " ", yw.lower()).replace("-", " ").split()
    if words[:2] == ["two", "thousand"]:
        return 2000 + int(sum(NUMBERS.get(w, 0) for w in words[2:]))
    rest = [w for w in words[1:] if w not in ("hundred", "oh")]
    return int(NUMBERS[words[0]] * 100 + sum(NUMBERS.get(w, 0) for w in rest))


def _year_words(c: Candidate, ctx: anc.Context, text: str) -> list[Resolved]:
    """"nineteen ninety-six" -> 1996, "two thousand and one" -> 2001."""
    g = c.groups
    yw = g["yw"].lower()
    if yw.startswith("two") or yw.endswith("hundred"):
        # "two thousand", "twelve hundred" are years only as "the year two thousand" or
        # "in twelve hundred", not "twelve hundred mostly American students".
        before = text[max(0, c.start - 9):c.start].lower()
        if not (g.get("pre") or _TWO_THOUSAND_BEFORE.search(before)):
            return []
    year = words_year(g["yw"])
    if is_count(text, c.end):
        return []
    return [Resolved(c.start, c.end, "DATE", apply_mod(year_period(year), g), absolute=True)]


def _year2d(c: Candidate, ctx: anc.Context, text: str) -> list[Resolved]:
    """"'99": the year in the anchor's century nearest the anchor."""
    src = ctx.year_source()
    if src is None or src.period.year is None or src.period.year < 100:
        return []
    yy = int(c.groups["yy"])
    ref = src.period.year
    year = min(((ref // 100 + k) * 100 + yy for k in (-1, 0, 1)), key=lambda y: abs(y - ref))
    return [Resolved(c.start, c.end, "DATE", year_period(year), absolute=True)]


HANDLERS: dict[str, Handler] = {
    "year2d": _year2d, "year_words": _year_words, "dual": _dual, "date_cal": _date_cal,
    "dayrange": _dayrange, "yearrange": _yearrange, "date": _date, "iso": _iso,
    "month": _monthyear, "season": _season, "decade": _decade, "century": _century,
    "quarter": _quarter, "year": _year_rule, "year3": _year_rule,
}
