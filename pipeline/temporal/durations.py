"""Handlers for expressions built on an amount of time: durations ("three weeks"), offsets
from an anchor ("two days later", "a year ago") and frequencies ("every week", "daily").
"""

from __future__ import annotations

import re
from dataclasses import replace

from pipeline import lang

from . import anchoring as anc
from .calendar import PRECISION_RANK, Period, add_years, quarter_period, shift_iso
from .lexicon import SEASONS, TIMES_OF_DAY, UNITS, VAGUE, WEEKDAYS, WORDS
from .parsing import format_number, month_number, number
from .patterns import Candidate
from .event_anchors import event_phrase
from .resolved import Handler, Resolved

# The precision of a duration's unit (TIMEX3 unit codes).
UNIT_PRECISION = {"D": "day", "W": "unknown", "M": "month", "Q": "quarter", "Y": "year",
                  "DE": "decade", "CE": "century", "ML": "millennium", "H": "unknown",
                  "S": "unknown"}
# Offset directions: back from the anchor, counted from the DCT, anchored on a named event.
_BACKWARD = lang.words(WORDS, "backward_directions")
_FROM_DCT = lang.words(WORDS, "deictic_directions")
_EVENT_ANCHORED = lang.words(WORDS, "event_directions")
_APPROX_CMP = lang.words(WORDS, "approximate_comparators")


def unit_code(word: str) -> str:
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
    code = unit_code(g["unit"])
    if not code:
        return []
    d = re.sub(r"\s+", " ", g["dir"].lower())
    sign = -1 if d in _BACKWARD else 1
    numtxt = g.get("num")
    singular = g["unit"].lower()[-1] != "s"
    if numtxt is None and singular and not g.get("the") and "-" not in c.text:
        return []  # "next year after the vote", "day after day": not "the day after"
    # "the day before" has no number: one unit; "days later" (plural, no number) is vague.
    n = number(numtxt) if numtxt is not None else (1.0 if singular else None)
    if numtxt and g.get("half"):
        n = (n or 0) + 0.5
    offset = ("-" if sign < 0 else "+") + _duration_value(
        n, "TM" if g["unit"].lower().startswith("min") else code)
    if d in _EVENT_ANCHORED and re.match(r"\s*[\w\"'“(]",
                                                           text[c.end:c.end + 3]):
        # "two weeks after the armistice": anchored on an event. The expression is the
        # duration ("two weeks", as TimeML annotates it) with the event phrase as its
        # anchor; :mod:`.event_anchors` dates it when the text dates that event.
        end = c.spans["unit"][1]
        if numtxt is None:  # "the year before the war": one year
            dur = [Resolved(c.start, end, "DURATION", Period(
                _duration_value(n, code), precision=UNIT_PRECISION.get(code, "unknown")))]
        else:
            dur = duration(replace(c, end=end, text=text[c.start:end]), ctx, text)
        phrase = event_phrase(text, c.end)
        if not dur or phrase is None:
            return dur
        return [replace(dur[0], anchor=text[phrase[0]:phrase[1]], anchor_span=phrase,
                        offset=offset)]
    deictic = d in _FROM_DCT
    a = ctx.deictic() if deictic else ctx.anaphoric()
    if not deictic and code in ("D", "W", "H"):
        # "two days later" after "3 May 1915 ... In June": the last day-precise date.
        a = ctx.anaphoric_day()
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
        return [Resolved(c.start, c.end, "DATE", p, anchor=last.text, flashback=sign < 0,
                         offset=offset)]
    p = anc.shift(a.period, sign * n, code)
    if p is None:
        return [Resolved(c.start, c.end, "DATE", Period("XXXX"), anchor=a.text)]
    if g.get("approx"):
        p = replace(p, mod="APPROX")
    return [Resolved(c.start, c.end, "DATE", p, anchor=a.text, flashback=sign < 0,
                     offset=offset)]


# How far "days/weeks/months/years later" can reach, in months (days: one month).
_VAGUE_REACH = {"D": 1, "W": 3, "M": 12, "Q": 12, "Y": 120, "DE": 1200, "CE": 12000}
# The unit's size on the precision scale of :data:`PRECISION_RANK` (a week: between a day
# and a month), to tell whether the offset can land inside its anchor's period.
_UNIT_RANK = {"D": 0, "W": 0.5, "M": 1, "Q": 2, "Y": 3, "DE": 4, "CE": 5}


def _vague_offset(a: anc.Anchor | None, sign: int, code: str) -> Period:
    """"Months later": FUTURE_REF after the anchor, bounded by how far such a phrase
    plausibly reaches (months later = within a year after the anchor)."""
    value = "PAST_REF" if sign < 0 else "FUTURE_REF"
    if a is None or not a.period.earliest or code not in _VAGUE_REACH:
        return Period(value)
    reach = _VAGUE_REACH[code]
    # "Braddock was defeated in 1755 ... died days later": the anchor happened somewhere in
    # its year, so days after it may still be in that year; only an offset at least as
    # coarse as the anchor ("months later" after May) clears the anchor's period.
    inside = PRECISION_RANK.get(a.period.precision, 7) > _UNIT_RANK[code]
    if sign > 0:
        lo = shift_iso(a.period.earliest if inside else a.period.latest, days=1)
        hi = shift_iso(a.period.latest, months=reach)
        return Period(value, lo, hi, "unknown", mod="AFTER")
    lo = shift_iso(a.period.earliest, months=-reach)
    hi = shift_iso(a.period.latest if inside else a.period.earliest, days=-1)
    return Period(value, lo, hi, "unknown", mod="BEFORE")


def duration(c: Candidate, ctx: anc.Context, text: str) -> list[Resolved]:
    g = c.groups
    unit_word = g["unit"].lower()
    code = unit_code(unit_word)
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
        n = number(numtxt)
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
    value = _duration_value(n, code)
    mod = "APPROX" if g.get("approx") or (g.get("cmp") or "").lower() in _APPROX_CMP else ""
    return [Resolved(c.start, c.end, "DURATION",
                     Period(value, precision=UNIT_PRECISION.get(code, "unknown"), mod=mod))]


# A fraction of a unit is written in the next smaller one, as TimeML does: "2 1/2 years"
# is P2Y6M, "5 1/2 hours" PT5H30M, "a minute and a half" PT1M30S.
_SMALLER = {"Y": ("M", 12), "D": ("H", 24), "H": ("TM", 60), "TM": ("S", 60)}


def _duration_value(n: float | None, code: str) -> str:
    """The TIMEX3 value of ``n`` units ``code`` (``TM`` = minutes); ``None`` = vague."""
    def part(amount: str, unit: str) -> str:
        return f"{amount}{unit[-1] if unit in ('H', 'S', 'TM') else unit}"
    time_unit = code in ("H", "S", "TM")
    if n is None:
        return ("PT" if time_unit else "P") + part("X", code)
    whole, frac = divmod(n, 1)
    small = _SMALLER.get(code)
    if frac and small and (frac * small[1]).is_integer():
        sub_code = small[0]
        head = part(format_number(whole), code) if whole else ""
        tail = part(format_number(frac * small[1]), sub_code)
        if time_unit or sub_code in ("H", "TM", "S"):
            return ("P" + head + "T" + tail) if not time_unit else ("PT" + head + tail)
        return "P" + head + tail
    return ("PT" if time_unit else "P") + part(format_number(n), code)


_SET = lang.table(WORDS, "frequencies")


def _set(c: Candidate, ctx: anc.Context, text: str) -> list[Resolved]:
    g = c.groups
    if g.get("wd"):
        # "each Thursday", "on Mondays", "Tuesday nights": that weekday of every week.
        value = f"XXXX-WXX-{WEEKDAYS[g['wd'].lower()]}"
        tod = (g.get("tod") or "").lower().removesuffix("s")
        if tod:
            value += "T" + TIMES_OF_DAY[tod][1:]
        return [Resolved(c.start, c.end, "SET", Period(value))]
    w = re.sub(r"\s+", " ", g["word"].lower())
    if g.get("mon"):
        month = month_number(c.groups["mon"])
        return [Resolved(c.start, c.end, "SET", Period(f"XXXX-{month:02d}"))]
    if w in _SET:
        value = _SET[w]
    else:
        parts = w.split(" ")
        unit = parts[-1]
        if unit in ("morning", "evening", "night", "summer", "winter", "spring", "autumn"):
            value = ("XXXX-XX-XXT" + TIMES_OF_DAY[unit][1:] if unit in TIMES_OF_DAY
                     else "XXXX-" + SEASONS[unit])
        else:
            code = unit_code("annum" if unit == "annum" else unit) or "Y"
            n = 1
            if len(parts) == 3 and parts[1] == "other":
                n = 2
            elif len(parts) == 3 and parts[0] == "every":
                n = int(number(parts[1]) or 1) if parts[1] != "single" else 1
            value = f"P{n}{code}"
    return [Resolved(c.start, c.end, "SET", Period(value))]


HANDLERS: dict[str, Handler] = {"offset": _offset, "duration": duration, "set": _set}
