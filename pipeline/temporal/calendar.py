"""Calendar arithmetic and TIMEX3 value/interval formatting.

Everything here is pure and works for any integer year, BCE included, without
``datetime`` (whose range stops at year 1). Years are *historical* numbers: 490 BC is
``-490`` and there is no year 0, so ``1 BC`` is followed by ``AD 1``.

A :class:`Period` is what every normalizer produces: a TIMEX3 ``value`` plus the interval
``earliest``..``latest`` it denotes and a ``precision`` name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

# Season codes (TIMEX3) -> (first month, last month). Winter runs December..February
# and belongs to the year in which it starts ("winter of 1941" = Dec 1941..Feb 1942).
SEASONS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 2)}

PRECISION_RANK = {"day": 0, "month": 1, "season": 2, "quarter": 2, "year": 3,
                  "decade": 4, "century": 5, "millennium": 6, "unknown": 7}


@dataclass(frozen=True)
class Period:
    """A normalized point-or-interval: TIMEX3 value plus explicit bounds."""

    value: str
    earliest: str = ""
    latest: str = ""
    precision: str = "unknown"
    mod: str = ""
    # Resolved numeric parts, used as anchors for later relative expressions.
    year: int | None = None
    month: int | None = None
    day: int | None = None


def is_leap(year: int) -> bool:
    """Proleptic Gregorian leap year for a historical year number (1 BC is leap)."""
    y = year + 1 if year < 0 else year  # astronomical numbering
    return y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)


def month_days(year: int, month: int) -> int:
    if month == 2:
        return 29 if is_leap(year) else 28
    return 30 if month in (4, 6, 9, 11) else 31


def fmt_year(year: int) -> str:
    """TIMEX3 year: ``1806``, ``0800``, ``BC0490``."""
    return f"BC{-year:04d}" if year < 0 else f"{year:04d}"


def iso(year: int, month: int, day: int) -> str:
    """ISO date for the interval columns: ``1806-09-01``, ``0800-01-01``, ``-0490-01-01``."""
    sign = "-" if year < 0 else ""
    return f"{sign}{abs(year):04d}-{month:02d}-{day:02d}"


def add_years(year: int, n: int) -> int:
    """``year + n`` across the missing year 0."""
    astro = year + 1 if year < 0 else year
    astro += n
    return astro - 1 if astro <= 0 else astro


# -- Julian day numbers (for O.S. dates and day arithmetic) -----------------------------

def _astro(year: int) -> int:
    return year + 1 if year < 0 else year


def _hist(astro: int) -> int:
    return astro - 1 if astro <= 0 else astro


def jdn_gregorian(year: int, month: int, day: int) -> int:
    a = (14 - month) // 12
    y = _astro(year) + 4800 - a
    m = month + 12 * a - 3
    return day + (153 * m + 2) // 5 + 365 * y + y // 4 - y // 100 + y // 400 - 32045


def jdn_julian(year: int, month: int, day: int) -> int:
    a = (14 - month) // 12
    y = _astro(year) + 4800 - a
    m = month + 12 * a - 3
    return day + (153 * m + 2) // 5 + 365 * y + y // 4 - 32083


def from_jdn(jdn: int) -> tuple[int, int, int]:
    """Gregorian (historical year, month, day) of a Julian day number."""
    a = jdn + 32044
    b = (4 * a + 3) // 146097
    c = a - 146097 * b // 4
    d = (4 * c + 3) // 1461
    e = c - 1461 * d // 4
    m = (5 * e + 2) // 153
    day = e - (153 * m + 2) // 5 + 1
    month = m + 3 - 12 * (m // 10)
    year = 100 * b + d - 4800 + m // 10
    return _hist(year), month, day


def julian_to_gregorian(year: int, month: int, day: int) -> tuple[int, int, int]:
    return from_jdn(jdn_julian(year, month, day))


def gregorian_to_julian(year: int, month: int, day: int) -> tuple[int, int, int]:
    """Inverse of :func:`julian_to_gregorian` (used to record O.S. equivalents)."""
    jdn = jdn_gregorian(year, month, day)
    # Walk from an estimate; the calendars differ by at most a few weeks in practice.
    guess = from_jdn(jdn + (year // 100 - year // 400 - 2))
    for delta in range(-40, 41):
        y, m, d = from_jdn(jdn_gregorian(*guess) + delta)
        if jdn_julian(y, m, d) == jdn:
            return y, m, d
    return guess


def add_days(year: int, month: int, day: int, n: int) -> tuple[int, int, int]:
    return from_jdn(jdn_gregorian(year, month, day) + n)


def weekday(year: int, month: int, day: int) -> int:
    """ISO weekday, Monday=1 .. Sunday=7."""
    return jdn_gregorian(year, month, day) % 7 + 1


def add_months(year: int, month: int, n: int) -> tuple[int, int]:
    total = _astro(year) * 12 + (month - 1) + n
    return _hist(total // 12), total % 12 + 1


# -- Periods --------------------------------------------------------------------------

def valid_day(year: int, month: int, day: int) -> bool:
    return 1 <= month <= 12 and 1 <= day <= month_days(year, month)


def day_period(year: int, month: int, day: int) -> Period:
    d = iso(year, month, day)
    return Period(f"{fmt_year(year)}-{month:02d}-{day:02d}", d, d, "day", year=year,
                  month=month, day=day)


def month_period(year: int, month: int) -> Period:
    return Period(f"{fmt_year(year)}-{month:02d}", iso(year, month, 1),
                  iso(year, month, month_days(year, month)), "month", year=year, month=month)


def year_period(year: int) -> Period:
    return Period(fmt_year(year), iso(year, 1, 1), iso(year, 12, 31), "year", year=year)


def season_period(year: int, code: str) -> Period:
    first, last = SEASONS[code]
    end_year = add_years(year, 1) if last < first else year
    return Period(f"{fmt_year(year)}-{code}", iso(year, first, 1),
                  iso(end_year, last, month_days(end_year, last)), "season", year=year)


def quarter_period(year: int, q: int) -> Period:
    first = 3 * (q - 1) + 1
    return Period(f"{fmt_year(year)}-Q{q}", iso(year, first, 1),
                  iso(year, first + 2, month_days(year, first + 2)), "quarter", year=year)


def week_period(year: int, month: int, day: int) -> Period:
    """The ISO week containing the day (value ``1998-W02``)."""
    wd = weekday(year, month, day)
    mon = add_days(year, month, day, 1 - wd)
    sun = add_days(*mon, 6)
    thu = add_days(*mon, 3)
    week = (jdn_gregorian(*thu) - jdn_gregorian(thu[0], 1, 1)) // 7 + 1
    return Period(f"{fmt_year(thu[0])}-W{week:02d}", iso(*mon), iso(*sun), "unknown",
                  year=year, month=month)


def decade_period(start: int) -> Period:
    """``start`` is the first year (1990 -> value ``199``; 490 BC decade not supported)."""
    if start < 0:
        return Period(f"BC{-start // 10:03d}", iso(start, 1, 1), iso(start + 9, 12, 31),
                      "decade", year=start)
    return Period(f"{start // 10:03d}", iso(start, 1, 1), iso(start + 9, 12, 31),
                  "decade", year=start)


def century_period(ordinal: int, *, bc: bool = False) -> Period:
    """The ``ordinal``-th century (19 -> value ``18``, years 1800..1899).

    Like TIMEX3 (``18`` = the 1800s) we use the popular 00..99 reading; the first
    century is 1..99. BC centuries count backwards: the 5th century BC is 500..401 BC.
    """
    if bc:
        return Period(f"BC{ordinal - 1:02d}", iso(-100 * ordinal, 1, 1),
                      iso(-100 * (ordinal - 1) - 1, 12, 31), "century",
                      year=-100 * ordinal)
    first = max(1, 100 * (ordinal - 1))
    return Period(f"{ordinal - 1:02d}", iso(first, 1, 1),
                  iso(100 * ordinal - 1, 12, 31), "century", year=first)


def millennium_period(ordinal: int, *, bc: bool = False) -> Period:
    if bc:
        return Period(f"BC{ordinal - 1}", iso(-1000 * ordinal, 1, 1),
                      iso(-1000 * (ordinal - 1) - 1, 12, 31), "millennium")
    first = max(1, 1000 * (ordinal - 1))
    return Period(f"{ordinal - 1}", iso(first, 1, 1), iso(1000 * ordinal - 1, 12, 31),
                  "millennium", year=first)


def shift_iso(s: str, *, days: int = 0, months: int = 0) -> str:
    """An ISO interval bound moved by whole months, then days."""
    y, m, d = _parse_iso(s)
    if months:
        y, m = add_months(y, m, months)
        d = min(d, month_days(y, m))
    return iso(*add_days(y, m, d, days)) if days else iso(y, m, d)


def _parse_iso(s: str) -> tuple[int, int, int]:
    neg = s.startswith("-")
    y, m, d = s.lstrip("-").split("-")
    return (-int(y) if neg else int(y)), int(m), int(d)


def part_of(period: Period, mod: str, *, half: int = 0) -> Period:
    """Narrow ``period`` to its START/MID/END third (or first/second half).

    Convention: ``early``/``the start of`` = first third of the period's days,
    ``mid``/``the middle of`` = middle third, ``late``/``the end of`` = last third;
    ``the first/second half of`` = halves. The value stays the period's value; the mod
    records which part. Bounds snap to whole months for periods of a year or more.
    """
    if not period.earliest or not period.latest:
        return replace(period, mod=mod)
    j0 = jdn_gregorian(*_parse_iso(period.earliest))
    j1 = jdn_gregorian(*_parse_iso(period.latest))
    n = j1 - j0 + 1
    if half:
        lo, hi = (j0, j0 + n // 2 - 1) if half == 1 else (j0 + n // 2, j1)
    elif mod == "START":
        lo, hi = j0, j0 + n // 3 - 1
    elif mod == "MID":
        lo, hi = j0 + n // 3, j1 - n // 3
    elif mod == "END":
        lo, hi = j1 - n // 3 + 1, j1
    else:
        return replace(period, mod=mod)
    a, b = from_jdn(lo), from_jdn(hi)
    year_half = bool(half) and period.precision == "year" and re.fullmatch(
        r"-?\d{4}|BC\d{4}", period.value) is not None
    if n >= 365:
        # Snap to month boundaries: late 1806 = Sep..Dec, not 2 Sep..31 Dec. Only for a
        # year or more, by its length: a week's precision is "unknown", and snapping the
        # end of week 44 (1-3 Nov) gave 1 Nov..31 Oct.
        a = (a[0], a[1], 1) if a[2] <= 15 else (*add_months(a[0], a[1], 1), 1)
        b_prev = add_months(b[0], b[1], -1)
        b = (b[0], b[1], month_days(b[0], b[1])) if b[2] >= 15 else (
            *b_prev, month_days(*b_prev))
    if year_half:
        # TIMEX3 names the halves of a year: "the second half of 2008" is 2008-H2.
        return replace(period, value=f"{period.value}-H{half}", earliest=iso(*a),
                       latest=iso(*b), mod="")
    return replace(period, earliest=iso(*a), latest=iso(*b), mod=mod)
