"""Anchoring: which date a relative or underspecified expression is resolved against.

Two strategies (the ``mode`` of :func:`pipeline.temporal.tag`):

* ``news``: deictic expressions ("yesterday", "last year", "two weeks ago", "Friday",
  "this month") resolve against the document creation time (DCT).
* ``narrative``: they resolve against the most recent date in the text with a year
  ("In May 1914 ... late July" -> 1914-07), falling back to the DCT.

In both modes *anaphoric* expressions ("that year", "the following day", "two days
later") resolve against the most recent date in the text, because that is what they
point back to; an underspecified month or day ("late July") takes its year from the
most recent date in narrative mode and from the DCT in news mode.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from .calendar import (PRECISION_RANK, Period, add_days, add_months, add_years,
                       century_period, day_period, decade_period, month_period,
                       quarter_period, season_period, week_period, weekday, year_period,
                       SEASONS)


# How many years before the DCT a news date must lie to open a passage of history.
RECALL_YEARS = 2


# What a look back ("last October", "two days earlier") may be for the day-words right
# after it to point at it ("that same day", "the next morning"). Not a year: "a year ago
# ... a year earlier" are the same year, not one before the other.
_LOOK_BACK_PRECISIONS = frozenset({"day", "month"})


@dataclass(frozen=True)
class Anchor:
    period: Period
    text: str  # the anchoring expression as written, or "DCT"
    span: tuple[int, int] = (-1, -1)  # its offsets in the text; (-1, -1) for the DCT


class Context:
    """Anchoring state while one document is tagged, left to right."""

    def __init__(self, *, mode: str, dct: Period | None) -> None:
        self.mode = mode
        self.dct = Anchor(dct, "DCT") if dct is not None else None
        self.last: Anchor | None = None
        # The most recent date precise to the day, for "the next morning" after a coarser
        # date of the same year ("3 May 1915 ... In June ... The next morning").
        self.last_day: Anchor | None = None
        # Year given by the other end of a range ("31 May – 1 June 1916"), set per candidate.
        self.year_hint: int | None = None
        # News that recalls history: inside a passage that a date years before the DCT
        # opened, an underspecified date takes its year from that date (see
        # :meth:`recall`), up to this offset (the passage's end); -1: no such passage.
        self.recall_until = -1
        # The last quarter the text named: the one earnings news goes on reporting.
        self.last_quarter: Anchor | None = None
        # Does the text write a year at least RECALL_YEARS before the DCT (set by the
        # tagger)? Then a narrative's DCT is no year for its undated months.
        self.dct_after_story = False
        # A day or month looked back to after the anchor ("most recently last October
        # ... that same day", "The day before last Tuesday's hearing ... the next
        # morning"): it does not move the story's time, but the day-words right after it
        # point at it.
        self.flashback: Anchor | None = None

    def deictic(self) -> Anchor | None:
        """Anchor for "yesterday", "last year", "ago"..."""
        if self.mode == "news":
            return self.dct
        return self.last or self.dct

    def anaphoric(self, *, future: bool = False) -> Anchor | None:
        """Anchor for "that year", "the following day", "two days later"... In news, a
        clause about the ``future`` ("will close at the end of the year" after "founded
        in 1987") speaks of the report's year, not of a past one named before it."""
        last = self.last
        if last is None and self.mode == "narrative" and self.dct_after_story:
            return None  # "two years later" with no story date before it: no year known
        if (future and self.mode == "news" and last is not None and self.dct is not None
                and last.period.year is not None and self.dct.period.year is not None
                and last.period.year < self.dct.period.year):
            return self.dct
        return last or self.dct

    def anaphoric_day(self) -> Anchor | None:
        """Anchor for "the next morning", "the following day": the anaphoric anchor, or,
        when that is coarser than a day, the last day-precise date of its year."""
        if self.flashback is not None:
            return self.flashback
        a = self.anaphoric()
        day = self.last_day
        if (a is not None and a.period.day is None and day is not None
                and day.period.year == a.period.year
                and not (a.period.month is not None and day.period.month != a.period.month
                         and a.period.earliest > day.period.latest)):
            return day
        return a

    def year_source(self, *, future: bool = False) -> Anchor | None:
        """Where an underspecified month/day/season takes its year from: in news the DCT,
        except in a passage recalling history (:meth:`recall`) when its clause does not
        speak of the ``future``."""
        if self.mode == "news" and (self.recall_until < 0 or future):
            return self.dct or self.last
        if self.mode == "narrative" and self.dct_after_story:
            # A history's document date, years after the story's, is when it was written or
            # retrieved: "grew through the spring" before any date of the story is a spring
            # of unknown year, not of the retrieval year.
            return self.last
        return self.last or self.dct

    def recall(self, period: Period, until: int) -> None:
        """In news, a date at least ``RECALL_YEARS`` before the DCT's year ("In 1999 the
        plant opened; in May it hired 200") makes the rest of its passage, up to
        ``until``, a narrative for underspecified dates. Deictic words ("last year",
        "two years ago") still point at the DCT."""
        if (until >= 0 and self.mode == "news" and self.dct is not None
                and period.year is not None
                and self.dct.period.year is not None
                and self.dct.period.year - period.year >= RECALL_YEARS):
            self.recall_until = until

    def leave_recall(self, pos: int) -> None:
        """Back to the DCT once the passage recalling history has ended."""
        if 0 <= self.recall_until <= pos:
            self.recall_until = -1

    def new_section(self) -> None:
        """A heading opened a new section: the story's time of the last one is gone."""
        self.last = self.last_day = self.flashback = self.last_quarter = None

    def look_back(self, period: Period, text: str, span: tuple[int, int]) -> None:
        """Remember a day or month looked back to (see ``flashback``)."""
        if period.year is not None and period.precision in _LOOK_BACK_PRECISIONS:
            self.flashback = Anchor(period, text, span)

    def update(self, period: Period, text: str, span: tuple[int, int] = (-1, -1)) -> None:
        """Remember a resolved date with a year (not a decade or century) as the anchor."""
        rank = PRECISION_RANK.get(period.precision, 7)
        if period.year is None or (rank > 3 and period.precision != "unknown"):
            return
        self.last = Anchor(period, text, span)
        self.flashback = None
        if period.precision == "quarter":
            self.last_quarter = self.last
        if period.day is not None:
            self.last_day = self.last


def _gran(p: Period) -> str:
    if p.day is not None:
        return "day"
    if p.month is not None:
        return "month"
    return "year"


def shift(ref: Period, n: float, unit: str) -> Period | None:
    """``ref`` moved by ``n`` units (D, W, M, Q, Y, DE, CE), at the coarser precision."""
    if ref.year is None:
        return None
    g = _gran(ref)
    if unit in ("D", "W", "H") and g == "day":
        days = int(round(n * (7 if unit == "W" else 1))) if unit != "H" else int(n // 24)
        return day_period(*add_days(ref.year, ref.month, ref.day, days))
    if unit in ("D", "W"):
        unit, n = "M", 0 if abs(n) < 20 else round(n / 30)
    if unit in ("M", "Q"):
        months = int(round(n * (3 if unit == "Q" else 1)))
        if g in ("day", "month"):
            return month_period(*add_months(ref.year, ref.month, months))
        return year_period(add_years(ref.year, int(round(months / 12))))
    factor = {"Y": 1, "DE": 10, "CE": 100, "ML": 1000}.get(unit)
    if factor is None:
        return None
    return year_period(add_years(ref.year, int(round(n * factor))))


def this_unit(ref: Period, unit: str, offset: int) -> Period | None:
    """The ``unit`` containing ``ref`` (offset 0), or the one before/after it."""
    if ref.year is None:
        return None
    if unit == "year":
        return year_period(add_years(ref.year, offset))
    if unit == "decade":
        if ref.year < 0:
            # BC decades count down: the decade after the 470s BC is the 460s BC.
            base = (-ref.year // 10) * 10 - 10 * offset
            return decade_period(-(base + 9)) if base >= 0 else None
        start = (ref.year // 10) * 10 + 10 * offset
        return decade_period(start)
    if unit == "century":
        if ref.year < 0:
            n = (-ref.year - 1) // 100 + 1 - offset
            return century_period(n, bc=True) if n >= 1 else None
        return century_period(ref.year // 100 + 1 + offset)
    if unit == "month" and ref.month is not None:
        return month_period(*add_months(ref.year, ref.month, offset))
    if unit == "quarter" and ref.month is not None:
        y, m = add_months(ref.year, ref.month, 3 * offset)
        return quarter_period(y, (m - 1) // 3 + 1)
    if unit in ("day", "night") and ref.day is not None:
        return day_period(*add_days(ref.year, ref.month, ref.day, offset))
    if unit in ("week", "weekend") and ref.day is not None:
        y, m, d = add_days(ref.year, ref.month, ref.day, 7 * offset)
        wk = week_period(y, m, d)
        if unit == "weekend":
            return replace(wk, value=wk.value + "-WE", earliest=_sat(wk), precision="day")
        return wk
    return None


def _sat(week: Period) -> str:
    # Saturday is five days after the ISO week's Monday (earliest).
    neg = week.earliest.startswith("-")
    y, m, d = (int(x) for x in week.earliest.lstrip("-").split("-"))
    y = -y if neg else y
    sy, sm, sd = add_days(y, m, d, 5)
    return f"{sy:04d}-{sm:02d}-{sd:02d}"


def season_near(ref: Period, code: str, offset: int) -> Period | None:
    """"last/this/next spring" relative to ``ref``."""
    if ref.year is None:
        return None
    if offset == 0 or ref.month is None:
        return season_period(add_years(ref.year, offset), code)
    first, last = SEASONS[code]
    if offset < 0:
        # The most recent such season that has already ended.
        year = ref.year if (code != "WI" and ref.month > last) else add_years(ref.year, -1)
        return season_period(year, code)
    year = ref.year if ref.month < first else add_years(ref.year, 1)
    return season_period(year, code)


def month_near(ref: Period, month: int, offset: int) -> Period | None:
    """"last May" = the most recent May before ``ref``; "next May" the first after."""
    if ref.year is None:
        return None
    if offset == 0 or ref.month is None:
        return month_period(add_years(ref.year, offset), month)
    if offset < 0:
        return month_period(ref.year if month < ref.month else add_years(ref.year, -1), month)
    return month_period(ref.year if month > ref.month else add_years(ref.year, 1), month)


def weekday_near(ref: Period, wd: int, direction: int) -> Period | None:
    """The weekday ``wd`` nearest ``ref``: on or before it (-1), on or after (+1), or the
    same ISO week (0)."""
    if ref.day is None:
        return None
    cur = weekday(ref.year, ref.month, ref.day)
    if direction < 0:
        delta = -((cur - wd) % 7)
    elif direction > 0:
        delta = (wd - cur) % 7
    else:
        delta = wd - cur
    return day_period(*add_days(ref.year, ref.month, ref.day, delta))


def season_period_of(ref: Period, code: str) -> Period | None:
    """"that spring", "this summer": the season in the anchor's year."""
    if ref.year is None:
        return None
    return season_period(ref.year, code)
