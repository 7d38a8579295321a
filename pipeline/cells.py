"""How multi-valued cells are written: values joined with ``|``, a literal ``|`` escaped."""

from __future__ import annotations

from collections.abc import Iterable


def join_values(values: Iterable[object]) -> str:
    """``["a", "b|c"]`` -> ``"a|b\\|c"``; empty values are dropped, order is kept."""
    out = []
    for v in values:
        s = str(v)
        if s:
            out.append(s.replace("\\", "\\\\").replace("|", "\\|"))
    return "|".join(out)


def split_values(cell: str) -> list[str]:
    """Inverse of :func:`join_values`."""
    if not cell:
        return []
    if "\\" not in cell:  # no escapes, the common case: a plain split
        return cell.split("|")
    values, current, i = [], [], 0
    while i < len(cell):
        ch = cell[i]
        if ch == "\\" and i + 1 < len(cell):
            current.append(cell[i + 1])
            i += 2
            continue
        if ch == "|":
            values.append("".join(current))
            current = []
        else:
            current.append(ch)
        i += 1
    values.append("".join(current))
    return values
