"""Parquet copies typed from the schema (pipeline.parquet)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from pipeline import schema
from pipeline.errors import AnnalistError

pq = pytest.importorskip("pyarrow.parquet", reason="pyarrow is not installed")

from pipeline.parquet import write_parquet  # noqa: E402

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "outputs_small"


def fixture_frames() -> dict[str, pd.DataFrame]:
    return {name: pd.read_csv(FIXTURE / f"{name}.csv", dtype=str, keep_default_na=False)
            for name in schema.TABLES}


def test_schema_parquet_types_follow_schema(tmp_path):
    written = write_parquet(fixture_frames(), tmp_path)
    assert sorted(p.name for p in written) == sorted(f"{t}.parquet" for t in schema.TABLES)
    events = pq.read_table(tmp_path / "events.parquet")
    types = {f.name: str(f.type) for f in events.schema}
    assert types["n_mentions"] == "int64"
    assert types["confidence"] == "double"
    assert types["has_conflict"] == "bool"
    assert types["title"] == "string"
    assert events.column_names == schema.columns("events")
    assert events.column("has_conflict").to_pylist() == [True, False, False, False]
    assert events.schema.field("title").metadata[b"description"]
    assert events.schema.metadata[b"annalist:contract_version"] == b"1"


def test_schema_parquet_empty_cells_are_null(tmp_path):
    write_parquet(fixture_frames(), tmp_path)
    dates = pq.read_table(tmp_path / "dates.parquet").to_pydict()
    assert dates["mod"][0] is None
    assert dates["mod"][4] == "APPROX"


def test_schema_parquet_accepts_frames_as_writers_build_them(tmp_path):
    # Typed columns with NaN for missing numbers, Python bools, extra columns.
    frame = pd.DataFrame({
        "claim_id": ["C1", "C2"], "doc_id": ["D1", "D1"], "start": [0, 5], "end": [4, 9],
        "line": [1.0, float("nan")], "negated": [True, False],
        "citation_needed": ["true", ""], "extra_col": [1, 2],
    })
    write_parquet({"claims": frame}, tmp_path)
    got = pq.read_table(tmp_path / "claims.parquet").to_pydict()
    assert got["line"] == [1, None]
    assert got["negated"] == [True, False]
    assert got["citation_needed"] == [True, None]
    assert got["extra_col"] == ["1", "2"]


def test_schema_parquet_is_atomic_and_leaves_no_temp_files(tmp_path):
    write_parquet(fixture_frames(), tmp_path)
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_schema_parquet_rejects_bad_value_naming_the_column(tmp_path):
    frame = pd.DataFrame({"event_id": ["E1"], "n_mentions": ["many"]})
    with pytest.raises(AnnalistError, match=r"events\.n_mentions holds 'many'"):
        write_parquet({"events": frame}, tmp_path)
    assert not list(tmp_path.iterdir())
