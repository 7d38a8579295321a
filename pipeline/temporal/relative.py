"""Handlers for expressions resolved against an anchor: deictic words ("today", "recently"),
relative periods ("last year", "the following day"), times of day, weekdays, holidays,
parts of an implicit period, business-news quarters and "the year".

Which anchor (the DCT or the last date of the text) each uses is :mod:`.anchoring`'s rule.
"""

from __future__ import annotations

import re
from dataclasses import replace

from pipeline import lang

from . import anchoring as anc
from .calendar import (Period, add_days, add_months, add_years, day_period, part_of,
                       quarter_period, weekday, year_period)
from .durations import UNIT_PRECISION
from .lexicon import (ANAPHORIC, MONTHS, PATTERNS, REL_OFFSET, SEASONS, TIMES_OF_DAY, UNITS,
                      WEEKDAYS, WORDS, alternation)
from .parsing import month_number, mod_of, year_from_context
from .patterns import Candidate
from .resolved import Handler, Resolved
from .tense import tense


_PRESENT = re.compile("(?i)" + alternation("present_words"))


_PAST = re.compile("(?i)" + alternation("past_words"))


# A bare clock time ("at 4:32 a.m.") this close after a day-precise date is on that day.
NEAR_DAY_CHARS = 250
_FUTURE_W = re.compile("(?i)" + alternation("future_words"))


# "may soon", "could soon": a modal before "soon" looks ahead as "will" does.
_MODAL_BEFORE = re.compile(rf"(?i:\b(?:{alternation('modals')})\s+)$")
_RECENT_UNITS = re.compile(lang.value(PATTERNS, "recent_units"))
_RECENT_UNIT_CODES: dict[str, str] = lang.table(WORDS, "recent_unit_codes")
_DEICTIC_DAYS: dict[str, int] = lang.table(WORDS, "deictic_days")
_PERIOD_MODS: dict[str, str] = lang.table(WORDS, "period_mods")


# "USA Today", ``"This Week" with ...``: a capitalized deictic word that ends a name or
# fills a quotation, in running text, is a title.
_NAME_WORD_BEFORE = re.compile(r"\b[A-Z][A-Za-z&]*[A-Za-z] $")
_RUNNING_TEXT_AFTER = re.compile(r"[ \t]*(?:[a-z]|[.,;:)](?![\w]))")
_QUOTE_BEFORE = re.compile(r"(?:``|[\"“‘'])$")
_QUOTE_AFTER = re.compile(r"[,.]?(?:''|[\"”’'])")


def is_title(text: str, start: int, end: int) -> bool:
    """Is ``text[start:end]``, capitalized although it is no name ("Today", "This Week"),
    the end of a name ("USA Today") or a quoted title ("ABC's ``This Week''")?"""
    words = re.findall(r"[A-Za-z]+", text[start:end])
    if not words or not all(w[0].isupper() for w in words):
        return False
    if _QUOTE_BEFORE.search(text, max(0, start - 2), start) and _QUOTE_AFTER.match(text, end):
        return True
    prev = _NAME_WORD_BEFORE.search(text, max(0, start - 24), start)
    return bool(prev and prev.group().strip().lower() not in _SENTENCE_WORDS
                and _RUNNING_TEXT_AFTER.match(text, end))


_SENTENCE_WORDS = frozenset(w.lower() for w in (*WEEKDAYS, *MONTHS)) | lang.words(
    WORDS, "sentence_prepositions")


def _deictic(c: Candidate, ctx: anc.Context, text: str) -> list[Resolved]:
    if is_title(text, c.start, c.end):
        return []
    w = re.sub(r"\s+", " ", c.groups["word"].lower())
    dct = ctx.dct.period if ctx.dct else None
    if w in _DEICTIC_DAYS:
        if ctx.mode != "news" and w == "today":
            return [Resolved(c.start, c.end, "DATE", Period("PRESENT_REF"))]
        a = ctx.deictic()
        if a is None or a.period.day is None:
            return [Resolved(c.start, c.end, "DATE", Period("PRESENT_REF" if w == "today"
                                                            else "XXXX-XX-XX"))]
        off = _DEICTIC_DAYS[w]
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
    if w == "soon":
        # News: "may soon seek an indictment" looks ahead; "was soon released" only orders
        # events, as "soon he would have one" does in a history (TIMEX2 leaves it).
        if ctx.mode != "news" or (tense(text, c.start, c.end) <= 0 and not _MODAL_BEFORE.search(
                text, max(0, c.start - 12), c.start)):
            return []
        return [Resolved(c.start, c.end, "DATE", Period("FUTURE_REF"))]
    if _FUTURE_W.fullmatch(w):
        return [Resolved(c.start, c.end, "DATE", Period("FUTURE_REF"))]
    m = _RECENT_UNITS.fullmatch(w)
    if m:
        # "in recent years", "in the coming weeks": a vague stretch of years up to now or
        # from now on (TimeML and TIMEX2 PXY, PXW).
        code = _RECENT_UNIT_CODES[m.group(1)]
        return [Resolved(c.start, c.end, "DURATION", Period(f"PX{code}"))]
    if _PAST.fullmatch(w):
        return [Resolved(c.start, c.end, "DATE", Period("PAST_REF"))]
    return []


def _unanchored(unit: str, unit_raw: str) -> Period:
    """"next Monday", "last May", "that spring" in a text with no date to count from."""
    if unit in WEEKDAYS:
        return Period(f"XXXX-WXX-{WEEKDAYS[unit]}", precision="unknown")
    if unit_raw.rstrip(".").lower() in MONTHS and unit_raw[0].isupper():
        return Period(f"XXXX-{month_number(unit_raw):02d}", precision="month")
    if unit in SEASONS:
        return Period(f"XXXX-{SEASONS[unit]}", precision="season")
    return Period("XXXX")


def _relative(c: Candidate, ctx: anc.Context, text: str) -> list[Resolved]:
    if is_title(text, c.start, c.end):
        return []
    g = c.groups
    rel = re.sub(r"\s+", " ", g["rel"].lower())
    unit_raw = g["unit"]
    unit = unit_raw.lower()
    the = bool(g.get("the"))
    offset = REL_OFFSET[rel]
    if the and rel in ("last", "past") and unit in ("year", "month", "week", "decade",
                                                   "century", "quarter"):
        # "the past year" is the twelve months up to now: a duration.
        code = UNITS[unit]
        return [Resolved(c.start, c.end, "DURATION",
                         Period(f"P1{'Q' if code == 'Q' else code}",
                                precision=UNIT_PRECISION.get(code, "unknown")))]
    if unit == "fall" and (rel not in ("this", "last", "next", "that", "following", "previous",
                                       "coming", "past")
                           or text[c.end:c.end + 4].lower() == " of "):
        return []  # "its subsequent fall", "the last fall of the city"
    # "the current year", "the coming month" point at the DCT like "this year" does.
    anaphoric = (the and rel not in ("current", "coming")) or rel in ANAPHORIC
    a = (ctx.anaphoric(future=tense(text, c.start, c.end) > 0) if anaphoric
         else ctx.deictic())
    if (unit == "quarter" and offset == 0 and ctx.last_quarter is not None
            and rel not in ("current", "coming")
            and (anaphoric or (ctx.mode == "news" and tense(text, c.start, c.end) <= 0))):
        # Earnings news: "that quarter", and "this quarter's loss" told in the past, are
        # the quarter it reports (the one it named), not the DCT's.
        q = ctx.last_quarter
        return [Resolved(c.start, c.end, "DATE", q.period, anchor=q.text)]
    if anaphoric and (unit in TIMES_OF_DAY or unit in ("day", "night")):
        # "the next morning" after "3 May ... in June": the day after the last dated day.
        a = ctx.anaphoric_day()
    if a is None:
        # No date to count from: keep what the words say ("next Monday" is a Monday).
        return [Resolved(c.start, c.end, "DATE", _unanchored(unit, unit_raw))]
    ref = a.period
    p: Period | None
    typ = "DATE"
    if unit in SEASONS:
        p = (anc.season_period_of(ref, SEASONS[unit]) if offset == 0 else
             anc.season_near(ref, SEASONS[unit], offset))
    elif unit_raw.rstrip(".").lower() in MONTHS and unit_raw[0].isupper():
        p = anc.month_near(ref, month_number(unit_raw), offset)
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
    elif unit in TIMES_OF_DAY:
        day = ref if ref.day is not None else None
        if day is None and ref.precision == "month":
            return [_in_month(c, a, TIMES_OF_DAY[unit][1:])]
        if day is None:
            return [Resolved(c.start, c.end, "TIME",
                             Period(f"XXXX-XX-XXT{TIMES_OF_DAY[unit][1:]}"))]
        p = anc.this_unit(ref, "day", offset)
        typ = "TIME"
        p = replace(p, value=p.value + "T" + TIMES_OF_DAY[unit][1:])
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
    if rmod in _PERIOD_MODS:
        p = part_of(p, _PERIOD_MODS[rmod])
    return [Resolved(c.start, c.end, typ, p, anchor=a.text, flashback=offset < 0)]


def _weekday_near_told(ref: Period, wd: int, c: Candidate, ctx: anc.Context,
                       text: str) -> Period | None:
    """The weekday ``wd`` nearest ``ref``: the coming one in news whose clause speaks of
    the future ("will meet Tuesday"), else the last one."""
    ahead = ctx.mode == "news" and tense(text, c.start, c.end) > 0
    return anc.weekday_near(ref, wd, 1 if ahead else -1)


def _part_of_day(c: Candidate, ctx: anc.Context, text: str) -> list[Resolved]:
    """"by mid-afternoon" (of the anchor's day), "mid-afternoon yesterday", "late
    evening Tuesday": the part of the day named, as TimeML writes it (TAF, TEV)."""
    g = c.groups
    code = TIMES_OF_DAY[g["tod"].lower()][1:]
    a = ctx.deictic()
    ref = a.period if a is not None and a.period.day is not None else None
    dayw = (g.get("dayw") or "").lower()
    if ref is not None and dayw in _DEICTIC_DAYS:
        ref = day_period(*add_days(ref.year, ref.month, ref.day, _DEICTIC_DAYS[dayw]))
    elif ref is not None and dayw in WEEKDAYS:
        ref = _weekday_near_told(ref, WEEKDAYS[dayw], c, ctx, text)
    if ref is None:
        return [Resolved(c.start, c.end, "TIME", Period(f"XXXX-XX-XXT{code}"))]
    return [Resolved(c.start, c.end, "TIME", replace(ref, value=f"{ref.value}T{code}"),
                     anchor=a.text)]


def _in_month(c: Candidate, a: anc.Anchor, clock: str) -> Resolved:
    """"In June it rested. The next morning ...": a time of some day of that month."""
    ref = a.period
    return Resolved(c.start, c.end, "TIME",
                    Period(f"{ref.value}-XXT{clock}", ref.earliest, ref.latest, "month",
                           year=ref.year, month=ref.month), anchor=a.text)


def _time(c: Candidate, ctx: anc.Context, text: str) -> list[Resolved]:
    g = c.groups
    if g.get("tod"):
        return _part_of_day(c, ctx, text)
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
            clock = TIMES_OF_DAY[tod][1:]
            if first in ("the following", "the next", "the previous"):
                # Anaphoric: the day after (before) the last dated day, not the DCT.
                a = ctx.anaphoric_day()
                day_ref = a.period if a is not None and a.period.day is not None else None
                if day_ref is None and a is not None and a.period.precision == "month":
                    return [_in_month(c, a, clock)]
            p = day_ref
            if day_ref is not None:
                if first in ("yesterday", "last"):  # "last night" is the night before
                    p = day_period(*add_days(day_ref.year, day_ref.month, day_ref.day, -1))
                elif first == "tomorrow":
                    p = day_period(*add_days(day_ref.year, day_ref.month, day_ref.day, 1))
                elif first in WEEKDAYS:
                    p = _weekday_near_told(day_ref, WEEKDAYS[first], c, ctx, text)
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
        near = ctx.last_day
        if near is not None and 0 <= c.start - near.span[1] <= NEAR_DAY_CHARS \
                and near.period.day is not None:
            # "The quake struck early on Monday. ... It hit at 4:32 a.m.": that day's hour.
            a, p = near, near.period
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


def _weekday(c: Candidate, ctx: anc.Context, text: str) -> list[Resolved]:
    wd = WEEKDAYS[c.groups["wd"].lower()]
    if ctx.mode == "news":
        a = ctx.deictic()
        if a is None or a.period.day is None:
            return [Resolved(c.start, c.end, "DATE", Period(f"XXXX-WXX-{wd}"))]
        # "Wednesday's ruling": a possessive weekday names a day already past.
        possessive = text[c.end:c.end + 2] in ("'s", "’s")
        direction = 1 if not possessive and tense(text, c.start, c.end) > 0 else -1
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


_HOLIDAY_NEAR = {k: tuple(v) for k, v in lang.table(WORDS, "holiday_near").items()}
_HOLIDAY_DATES = {k: tuple(v) for k, v in lang.table(WORDS, "holiday_dates").items()}


def _holiday(c: Candidate, ctx: anc.Context, text: str) -> list[Resolved]:
    g = c.groups
    name = re.sub(r"\s+", " ", g["hol"]).lower()
    if g.get("year"):
        year, anchor, absolute = int(g["year"]), "", True
    else:
        # Roughly where the holiday falls, so that news picks the nearest such holiday
        # ("Elian was found Thanksgiving Day" in January is last November's).
        m0, d0 = _HOLIDAY_NEAR.get(name.split()[0], (12, 25))
        (year, anchor), absolute = year_from_context(c, ctx, m0, d0, text), False
    if year is None or year < 1:
        return []
    if name.startswith("easter"):
        m, d = _easter(year)
    elif name.startswith("thanksgiving"):
        first = weekday(year, 11, 1)
        m, d = 11, 1 + (4 - first) % 7 + 21
    else:
        m, d = _HOLIDAY_DATES.get(name, (0, 0))
        if not m:
            return []
    return [Resolved(c.start, c.end, "DATE", day_period(year, m, d), anchor=anchor,
                     absolute=absolute)]


def _part(c: Candidate, ctx: anc.Context, text: str) -> list[Resolved]:
    g = c.groups
    unit = g["unit"].lower()
    mod, half = mod_of(g.get("mod"))
    if unit in ("year", "month", "decade", "century", "week"):
        a = ctx.anaphoric(future=tense(text, c.start, c.end) > 0)
        p = anc.this_unit(a.period, unit, 0) if a is not None else None
        if p is None:
            return [Resolved(c.start, c.end, "DATE", Period("XXXX", mod=mod))]
        return [Resolved(c.start, c.end, "DATE", part_of(p, mod, half=half), anchor=a.text)]
    # "the end of the war", "the beginning of the occupation": anchored on an event whose
    # date the text does not give here; TimeML and TIMEX2 do not mark them, and a value of
    # XXXX would tell a reader nothing.
    return []


def _quarter_rel(c: Candidate, ctx: anc.Context, text: str) -> list[Resolved]:
    """Business-news quarters. "the quarter" / "the latest quarter" is the last reported
    one: the quarter of the date 45 days before the anchor (earnings come out weeks after
    a quarter closes); "the year-ago quarter", "the same period last year", "the quarter
    a year ago" are that quarter a year earlier ("the year-ago third quarter": the third
    quarter of the year before the reported one); "the
    latest period" is the quarter the text last named, and no date where it named none."""
    if c.groups.get("what"):
        # "the latest period", "the same period last year": a quarter only where the text
        # has named one (that quarter, or it a year before); else a period of any length.
        q = ctx.last_quarter
        if q is None:
            return []
        if not c.groups.get("ago"):
            return [Resolved(c.start, c.end, "DATE", q.period, anchor=q.text)]
        p = quarter_period(add_years(q.period.year, -1), int(q.period.value[-1]))
        return [Resolved(c.start, c.end, "DATE", p, anchor=q.text, flashback=True)]
    a = ctx.deictic()
    if a is None or a.period.month is None:
        return [Resolved(c.start, c.end, "DATE", Period("XXXX-QX"))]
    ref = a.period
    rel = re.sub(r"[-\s]+", " ", (c.groups.get("qrel") or "").lower())
    if c.groups.get("ago") or c.groups.get("ago2"):
        rel = "year ago"
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
    q = _QUARTER_WORDS[c.groups["q"].lower()] if c.groups.get("q") else (m - 1) // 3 + 1
    return [Resolved(c.start, c.end, "DATE", quarter_period(y, q),
                     anchor=a.text, flashback=rel in ("year ago", "year earlier"))]


_QUARTER_WORDS: dict[str, int] = lang.table(WORDS, "quarter_words")


def _reported_quarter(ctx: anc.Context) -> tuple[int, anc.Anchor] | None:
    """The number of the quarter the text reports on: the last one it named, else (news)
    the quarter that closed before the DCT."""
    if ctx.last_quarter is not None:
        return int(ctx.last_quarter.period.value[-1]), ctx.last_quarter
    a = ctx.deictic()
    if ctx.mode != "news" or a is None or a.period.month is None:
        return None
    _, m, _ = add_days(a.period.year, a.period.month, a.period.day or 15, -45)
    return (m - 1) // 3 + 1, a


def _quarter_of_year(c: Candidate, ctx: anc.Context, text: str) -> list[Resolved]:
    """"the 1988 quarter", "the 1989 period" (after a quarter): the reported quarter in
    that year; "next year's first quarter", "last year's quarter": a quarter of the year
    after or before the DCT."""
    g = c.groups
    what = g["what"].lower()
    if g.get("year"):
        year = int(g["year"])
        reported = _reported_quarter(ctx)
        if reported is None or (what == "period" and ctx.last_quarter is None):
            return [] if what == "quarter" else [
                Resolved(c.start, c.end, "DATE", year_period(year), absolute=True)]
        q, a = reported
        # "the 1988 period" beside the 1989 quarter is the comparison, not the story's time
        back = a.period.year is not None and year < a.period.year
        return [Resolved(c.start, c.end, "DATE", quarter_period(year, q), anchor=a.text,
                         flashback=back)]
    a = ctx.deictic()
    if a is None or a.period.year is None:
        return [Resolved(c.start, c.end, "DATE", Period("XXXX-QX"))]
    year = add_years(a.period.year, REL_OFFSET[g["ryear"].lower()])
    if g.get("q"):
        q = _QUARTER_WORDS[g["q"].lower()]
    else:
        reported = _reported_quarter(ctx)
        if reported is None:
            return [Resolved(c.start, c.end, "DATE", Period(f"{year:04d}-QX"))]
        q = reported[0]
    return [Resolved(c.start, c.end, "DATE", quarter_period(year, q), anchor=a.text,
                     flashback=year < a.period.year)]


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
    if rmod in _PERIOD_MODS:
        p = part_of(p, _PERIOD_MODS[rmod])
    return [Resolved(c.start, c.end, "DATE", p, anchor=a.text)]


_IN_THE_DAY = re.compile(lang.value(PATTERNS, "in_the_day_before"))


def _the_day(c: Candidate, ctx: anc.Context, text: str) -> list[Resolved]:
    """"later in the day": the day the text is on (the last day-precise date, in news
    else the DCT); "the day" elsewhere is left to the other rules."""
    if not _IN_THE_DAY.search(text, max(0, c.start - 16), c.start):
        return []
    a = ctx.anaphoric_day()
    if (a is None or a.period.day is None) and ctx.mode == "news":
        a = ctx.dct
    if a is None or a.period.day is None:
        return []
    return [Resolved(c.start, c.end, "DATE", a.period, anchor=a.text)]


HANDLERS: dict[str, Handler] = {
    "quarter_rel": _quarter_rel, "deictic": _deictic, "relative": _relative, "time": _time,
    "weekday": _weekday, "holiday": _holiday, "part": _part, "the_year": _the_year,
    "quarter_of_year": _quarter_of_year, "the_day": _the_day,
}
