"""Parquet copies of the output tables (``--format parquet``), typed from the schema.

CSV cells are text; here each column gets its schema type (integer -> int64, number ->
float64, boolean -> bool, everything else -> string), empty cells become nulls, and each
field keeps its description in the Arrow metadata. Files are written atomically.
"""

from __future__ import annotations

import math
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from pipeline import schema
from pipeline import errors

_ARROW_TYPES = {"integer": "int64", "number": "float64", "boolean": "bool_"}
_TRUE = {"true", "True", "1"}
_FALSE = {"false", "False", "0"}


def _missing(value: object) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and value == ""


def _convert(value: object, type_: str, where: str) -> object:
    if _missing(value):
        return None
    try:
        if type_ == "integer":
            if isinstance(value, float) and not value.is_integer():
                raise ValueError
            return int(value)  # type: ignore[arg-type]
        if type_ == "number":
            return float(value)  # type: ignore[arg-type]
        if type_ == "boolean":
            if isinstance(value, bool) or type(value).__name__ == "bool_":
                return bool(value)
            text = str(value)
            if text in _TRUE:
                return True
            if text in _FALSE:
                return False
            raise ValueError
    except (TypeError, ValueError):
        raise errors.invalid_cell(where, value, type_) from None
    return value if isinstance(value, str) else str(value)


def arrow_table(name: str, frame: pd.DataFrame):
    """``frame`` as a ``pyarrow.Table`` typed by ``schema.TABLES[name]``."""
    import pyarrow as pa

    table = schema.TABLES.get(name)
    known = {f.name: f for f in table.fields} if table else {}
    fields, arrays = [], []
    for column in frame.columns:
        spec = known.get(column)
        type_ = spec.type if spec else "string"
        values = [_convert(v, type_, f"{name}.{column}") for v in frame[column].tolist()]
        arrow_type = getattr(pa, _ARROW_TYPES.get(type_, "string"))()
        meta = {"description": spec.description} if spec else {}
        fields.append(pa.field(column, arrow_type, nullable=True, metadata=meta))
        arrays.append(pa.array(values, type=arrow_type))
    meta = {"annalist:contract_version": schema.CONTRACT_VERSION}
    if table:
        meta["annalist:primary_key"] = ",".join(table.primary_key)
    return pa.Table.from_arrays(arrays, schema=pa.schema(fields, metadata=meta))


def write_parquet(tables: Mapping[str, pd.DataFrame], out_dir: Path) -> list[Path]:
    """Write ``<out_dir>/<table>.parquet`` for each frame; returns the paths written.

    Each file goes to a temporary name in ``out_dir`` first and is moved into place with
    ``os.replace``, so a reader never sees a half-written file.
    """
    try:
        import pyarrow.parquet as pq
    except ImportError:
        raise errors.pyarrow_missing() from None
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, frame in tables.items():
        target = out_dir / f"{name}.parquet"
        data = arrow_table(name, frame)
        fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".parquet.tmp", dir=out_dir)
        os.close(fd)
        try:
            pq.write_table(data, tmp, compression="zstd")
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        written.append(target)
    return written
