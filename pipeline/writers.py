"""Write the output tables: sorted, byte-stable, atomic as a set, one writer at a time.

A run stages every file in ``OUT/.staging/``, marks the stage complete, then moves each
file into place with ``os.replace``. A run killed before the mark leaves the previous
outputs untouched (the stage is discarded next time); one killed after it is rolled
forward by the next run, so readers never see a half-written CSV.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import stat
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING

from filelock import FileLock, Timeout

from pipeline import errors

if TYPE_CHECKING:  # pandas is imported where frames are built: a no-op re-run never needs it
    import pandas as pd

STAGING = ".staging"
COMPLETE = "COMPLETE"
LOCK = ".annalist.lock"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_ISO_DATE = re.compile(r"^-?\d{4,}-\d{2}-\d{2}$")


class OutputLock:
    """An exclusive lock on an output directory, so two runs never interleave files."""

    def __init__(self, out_dir: Path, *, wait: float = 0.0) -> None:
        make_out_dir(out_dir)
        self.path = out_dir / LOCK
        self.wait = wait
        self._lock = FileLock(str(self.path))

    def __enter__(self) -> OutputLock:
        try:
            self._lock.acquire(timeout=self.wait)
        except Timeout:
            raise errors.output_locked(self.path.parent, self.path) from None
        except OSError as exc:  # a read-only folder or file system, a full disk
            raise errors.output_write_failed(self.path.parent, exc) from None
        return self

    def __exit__(self, *exc: object) -> None:
        self._lock.release()


def make_out_dir(out_dir: Path) -> None:
    """Create ``out_dir`` (and its parents), or say why it cannot be one."""
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        raise errors.out_not_a_directory(out_dir) from None
    except OSError as exc:
        raise errors.output_write_failed(out_dir, exc) from None


def pending_names(out_dir: Path) -> list[str] | None:
    """The files a completed but not yet rolled-forward write would move into place, or
    None when ``OUT/.staging/COMPLETE`` is absent (or unreadable: the stage is discarded)."""
    marker = out_dir / STAGING / COMPLETE
    try:
        names = json.loads(marker.read_bytes()[:1_000_000].decode("utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        return None
    return [n for n in names if _safe_name(n)]


def _safe_name(name: str) -> bool:
    # A marker names files inside the output folder, never anything outside it.
    parts = Path(name).parts
    return bool(parts) and not Path(name).is_absolute() and ".." not in parts


def recover(out_dir: Path) -> str:
    """Finish or discard what an interrupted run left; returns what was done.

    Rolling forward moves each staged file onto its name. A directory (or anything else
    that is not a file) squatting on an output name is moved aside to
    ``NAME.annalist-displaced`` first, so the set always completes.
    """
    staging = out_dir / STAGING
    if not staging.exists():
        return ""
    names = pending_names(out_dir)
    if names is None:
        shutil.rmtree(staging, ignore_errors=True)
        return "discarded an incomplete write"
    displaced = []
    for name in names:
        src = staging / name
        dest = out_dir / name
        if not src.exists():
            continue
        dest.parent.mkdir(parents=True, exist_ok=True)
        if dest.is_dir() and not dest.is_symlink():
            aside = _free_name(dest)
            os.replace(dest, aside)
            displaced.append(aside.name)
        os.replace(src, dest)
    shutil.rmtree(staging, ignore_errors=True)
    done = "rolled forward an interrupted write"
    if displaced:
        done += f" (moved aside what occupied the output names: {', '.join(displaced)})"
    return done


def _free_name(path: Path) -> Path:
    candidate = path.with_name(path.name + ".annalist-displaced")
    n = 1
    while candidate.exists() or candidate.is_symlink():
        n += 1
        candidate = path.with_name(f"{path.name}.annalist-displaced-{n}")
    return candidate


def spreadsheet_safe(value: object) -> object:
    """Prefix text a spreadsheet would run as a formula with an apostrophe."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


@dataclass(frozen=True)
class Table:
    """A table as it is written: cells converted, rows sorted, one list per column.

    The CSV, the report and (with ``--format parquet``) the DataFrame are all made from
    it. Building a DataFrame only to write a CSV cost a re-run after adding one document
    about 2 s of its 9 (frames 1.5 s, ``to_csv`` 0.8 s, importing pandas 0.35 s).
    """

    names: list[str]
    columns: list[list]
    numeric: list[bool]  # numbers only: written as numbers, never defused as formulas

    def __len__(self) -> int:
        return len(self.columns[0]) if self.columns else 0

    def records(self, names: Sequence[str]) -> list[dict]:
        """Rows as dicts of the ``names`` columns."""
        if not names:
            return [{} for _ in range(len(self))]
        picked = [self.columns[self.names.index(n)] for n in names]
        return [dict(zip(names, values)) for values in zip(*picked)]


def table(
    rows: Sequence[Mapping[str, object]], columns: Sequence[str], *, sort_by: Sequence[str],
) -> Table:
    """Rows in schema column order (unknown keys after, sorted), sorted by a stable key.

    Cells are converted as a DataFrame built from them would hold them, so the CSV is the
    one ``pandas.DataFrame.to_csv`` wrote before: text and whole-number columns as they
    are; otherwise missing cells become "", booleans "true"/"false", floats are rounded
    to 4 places, and a column of numbers that holds any float is all floats.
    """
    extra = sorted({k for row in rows for k in row} - set(columns))
    names = [*columns, *extra]
    data, numeric = [], []
    for values in _columns_of(rows, names):
        kinds = set(map(type, values))  # a bool is not an int here, as in pandas
        if kinds and kinds != {str} and kinds != {int}:
            values = [_cell(v) for v in values]
            kinds = set(map(type, values))
            if kinds == {int, float}:
                values = [float(v) for v in values]
                kinds = {float}
        data.append(values)
        numeric.append(kinds == {int} or kinds == {float})
    keys = [names.index(k) for k in sort_by if k in names]
    if keys and len(rows) > 1:
        row_keys = list(zip(*(data[k] for k in keys)))
        order = sorted(range(len(rows)), key=row_keys.__getitem__)
        pick = itemgetter(*order)
        data = [list(pick(column)) for column in data]
    return Table(names, data, numeric)


def _columns_of(rows: Sequence[Mapping[str, object]], names: Sequence[str]) -> list[list]:
    """Each of the ``names`` columns of ``rows``, ``None`` where a row lacks the key.

    A row builder gives every row the same keys, and then one transposition in C takes the
    columns (a re-run of the bench corpus spent 2.5 s of its tables in ``row.get`` per cell).
    """
    keys = set(names)
    if len(names) > 1 and all(row.keys() == keys for row in rows):
        if not rows:
            return [[] for _ in names]
        return [list(column) for column in zip(*map(itemgetter(*names), rows))]
    return [[row.get(name) for row in rows] for name in names]


def frame_of(t: Table) -> pd.DataFrame:
    """``t`` as a DataFrame, for Parquet (``--format parquet``)."""
    import pandas as pd

    return pd.DataFrame(dict(zip(t.names, t.columns)), columns=t.names)


def _cell(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return round(value, 4)
    return value


def table_csv(t: Table, *, safe: bool = False) -> bytes:
    """``t`` as RFC 4180 CSV, UTF-8, ``\\n`` line endings, byte for byte what
    ``DataFrame.to_csv(index=False, lineterminator="\\n")`` wrote for the same cells. With
    ``safe``, text a spreadsheet would run as a formula gets an apostrophe, except ISO
    dates: a BCE ``-0500-01-01`` is arithmetic to a spreadsheet, not code."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(t.names)
    columns = []
    for values, numeric in zip(t.columns, t.numeric):
        if numeric and values and type(values[0]) is float:
            values = ["" if v != v else repr(v) for v in values]  # NaN is an empty cell
        elif not numeric:
            if float in set(map(type, values)) and any(
                    type(v) is float and v != v for v in values):
                values = ["" if type(v) is float and v != v else v for v in values]
            if safe:
                values = [v if isinstance(v, str) and _ISO_DATE.match(v)
                          else spreadsheet_safe(v) for v in values]
        columns.append(values)
    writer.writerows(zip(*columns))
    return out.getvalue().encode("utf-8")


def write_files(out_dir: Path, files: Mapping[str, bytes]) -> None:
    """Write every file atomically as a set (see the module docstring).

    A failure while staging (a full disk, a read-only folder) removes the stage, leaves
    the previous outputs as they were and raises the coded error that says so.
    """
    make_out_dir(out_dir)
    recover(out_dir)
    staging = out_dir / STAGING
    try:
        staging.mkdir()
        for name, data in files.items():
            if _holds(out_dir / name, data):
                continue  # already those bytes (an unchanged page, a table): nothing to move
            target = staging / name
            target.parent.mkdir(parents=True, exist_ok=True)
            with open(target, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
        marker = staging / (COMPLETE + ".tmp")
        marker.write_text(json.dumps(sorted(files)), encoding="utf-8")
        os.replace(marker, staging / COMPLETE)
    except OSError as exc:
        # Nothing is marked complete: the stage is worthless and would keep filling the disk.
        shutil.rmtree(staging, ignore_errors=True)
        raise errors.output_write_failed(out_dir, exc) from None
    _fsync_dir(staging)
    recover(out_dir)
    _fsync_dir(out_dir)


def _holds(path: Path, data: bytes) -> bool:
    """Is ``path`` a regular file (not a link) holding exactly ``data``?"""
    try:
        st = path.lstat()
        if not stat.S_ISREG(st.st_mode) or st.st_size != len(data):
            return False
        with open(path, "rb") as fh:
            return fh.read(len(data) + 1) == data
    except OSError:
        return False


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
