"""Table cells as plain Python values, and dates as a person reads them."""

from __future__ import annotations

import functools
import math
import re
from typing import Any

from pipeline import lang

_ISO = re.compile(r"^(-?\d{4,})-(\d{2})-(\d{2})$")


@functools.lru_cache(maxsize=None)
def _months() -> tuple[str, ...]:
    return lang.ordered("report", "month_names")


@functools.lru_cache(maxsize=None)
def _dates() -> dict[str, Any]:
    return lang.table("report", "dates")


def _year(y: int) -> str:
    return _dates()["before_common_era"].format(year=-y) if y < 0 else str(y)


_PLAIN_TYPES = frozenset({str, int, bool})


def _plain(value: Any) -> Any:
    """numpy/pandas scalars -> Python; NaN/NA/None -> ``None``."""
    if type(value) in _PLAIN_TYPES:  # the common case, taken a million times per report
        return value
    if value is None:
        return None
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        try:
            value = value.item()
        except (ValueError, AttributeError):
            pass
    if isinstance(value, float) and math.isnan(value):
        return None
    if type(value).__name__ in ("NAType", "NaTType"):
        return None
    return value


_ROW_TYPES = _PLAIN_TYPES | {type(None)}


def _rows(table: Any) -> list[dict[str, Any]]:
    if table is None:
        return []
    if hasattr(table, "to_dict"):
        table = table.to_dict("records")
    return [row if _is_plain(row) else
            {k: v if type(v) in _ROW_TYPES else _plain(v) for k, v in row.items()}
            for row in table]


_FLOAT_ROW_TYPES = _ROW_TYPES | {float}


def _is_plain(row: Any) -> bool:
    """Does ``row`` hold plain cells only (floats but no NaN)? Such a row is read as it is
    (nothing in the report writes to a row): a fifth of the time of copying it."""
    kinds = set(map(type, row.values()))
    if kinds <= _ROW_TYPES:
        return True
    return kinds <= _FLOAT_ROW_TYPES and not any(
        type(v) is float and v != v for v in row.values())


def _text(value: Any) -> str:
    if type(value) is str:  # nearly every cell: a report makes millions of these calls
        return value
    value = _plain(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _true(value: Any) -> bool:
    value = _plain(value)
    if isinstance(value, bool):
        return value
    return _text(value).strip().lower() == "true"


def _float(value: Any) -> float | None:
    """A number cell as a float; ``None`` for an empty, NaN or non-numeric one."""
    try:
        number = float(_plain(value))
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else number


def _int(value: Any, default: int = 0) -> int:
    try:
        return int(float(_text(value)))
    except ValueError:
        return default


@functools.lru_cache(maxsize=1 << 16)  # a big report repeats the same few thousand dates
def _year_fraction(iso: str, *, end: bool) -> float | None:
    """``1807-07-07`` -> 1807.51 (start of the day, or its end when ``end``)."""
    m = _ISO.match(iso or "")
    if not m:
        return None
    year, month, day = int(m.group(1)), int(m.group(2)), int(m.group(3))
    cumulative = (0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334)
    doy = cumulative[min(max(month, 1), 12) - 1] + max(day, 1) - 1 + (1 if end else 0)
    return year + doy / 365.25


def _human_date(iso: str) -> str:
    m = _ISO.match(iso or "")
    if not m:
        return iso
    year, month, day = int(m.group(1)), int(m.group(2)), int(m.group(3))
    y = _year(year)
    return f"{day} {_months()[month - 1]} {y}" if 1 <= month <= 12 else y


@functools.lru_cache(maxsize=1 << 16)
def when(earliest: str, latest: str, precision: str) -> str:
    """A readable date: ``7 July 1807``, ``1389``, ``July 1807``, ``1804 – 1813``."""
    earliest, latest = earliest or latest, latest or earliest
    if not earliest:
        return _dates()["undated"]
    a, b = _ISO.match(earliest), _ISO.match(latest)
    if a and b:
        ya, yb = int(a.group(1)), int(b.group(1))
        if precision == "decade" and ya >= 0 and ya % 10 == 0 and yb == ya + 9:
            return _dates()["decade"].format(year=ya)
        if precision == "century" and ya >= 0 and ya % 100 == 0 and yb == ya + 99:
            n = ya // 100 + 1
            suffixes = _dates()["ordinal_suffixes"]
            # 11th to 20th take the general suffix whatever their last digit.
            suffix = suffixes["other"] if 10 <= n % 100 <= 20 else suffixes.get(
                str(n % 10), suffixes["other"])
            return _dates()["century"].format(n=n, suffix=suffix)
        if precision in ("year", "decade", "century", "millennium") or (
                a.group(2, 3) == ("01", "01") and b.group(2, 3) == ("12", "31")):
            return _year(ya) if ya == yb else f"{_year(ya)} – {_year(yb)}"
        if precision == "month" and ya == yb and a.group(2) == b.group(2):
            return f"{_months()[int(a.group(2)) - 1]} {ya}"
    if earliest == latest:
        return _human_date(earliest)
    return f"{_human_date(earliest)} – {_human_date(latest)}"

