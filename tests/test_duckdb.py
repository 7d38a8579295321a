"""--format duckdb: one annalist.duckdb with typed tables, keys and the data dictionary as
comments, checked by `annalist validate` against the schema and the CSVs."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from pipeline import schema
from pipeline.duckdb_export import FILE, creation_order, write_duckdb
from pipeline.validate import validate_outputs


FIXTURE = Path(__file__).resolve().parent / "fixtures" / "outputs_small"


@pytest.fixture
def out(tmp_path) -> Path:
    """A copy of the small outputs with annalist.duckdb written beside its CSVs."""
    out = tmp_path / "out"
    shutil.copytree(FIXTURE, out)
    frames = {name: pd.read_csv(out / f"{name}.csv", dtype=str, keep_default_na=False)
              for name in schema.TABLES if (out / f"{name}.csv").is_file()}
    write_duckdb(frames, out)
    return out


def test_duckdb_has_every_table_with_schema_types(out):
    con = duckdb.connect(str(out / FILE), read_only=True)
    tables = {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    assert tables == {n for n in schema.TABLES if (out / f"{n}.csv").is_file()}
    types = dict(con.execute("SELECT column_name, data_type FROM duckdb_columns() "
                             "WHERE table_name = 'event_mentions'").fetchall())
    assert types["start"] == "BIGINT" and types["confidence"] == "DOUBLE"
    assert types["quote"] == "VARCHAR"
    assert con.execute("SELECT typeof(has_conflict) FROM events LIMIT 1").fetchone()[0] \
        == "BOOLEAN"


def test_duckdb_keys_and_comments(out):
    con = duckdb.connect(str(out / FILE), read_only=True)
    kinds = con.execute("SELECT table_name, constraint_type, constraint_column_names "
                        "FROM duckdb_constraints() WHERE constraint_type IN "
                        "('PRIMARY KEY', 'FOREIGN KEY')").fetchall()
    assert ("events", "PRIMARY KEY", ["event_id"]) in kinds
    assert ("event_mentions", "FOREIGN KEY", ["event_id"]) in kinds
    comment = con.execute("SELECT comment FROM duckdb_tables() WHERE table_name = 'events'"
                          ).fetchone()[0]
    assert comment == schema.TABLES["events"].description
    column = con.execute("SELECT comment FROM duckdb_columns() WHERE table_name = 'events' "
                         "AND column_name = 'earliest'").fetchone()[0]
    assert column == schema.TABLES["events"].field("earliest").description
    with pytest.raises(duckdb.Error):  # a foreign key is enforced, not decoration
        duckdb.connect(str(out / FILE)).execute(
            'INSERT INTO event_mentions (event_mention_id, event_id, doc_id, start, "end", '
            "line, quote) VALUES ('X', 'no such event', 'D1', 0, 1, 1, 'q')")


def test_duckdb_readme_query_runs(out):
    con = duckdb.connect(str(out / FILE), read_only=True)
    rows = con.execute("""
        SELECT e.title, c.field, c.value, d.path, c.quote
        FROM conflicts c
        JOIN events e USING (event_id)
        JOIN documents d USING (doc_id)
        ORDER BY e.title, c.value""").fetchall()
    assert rows and all(r[4] for r in rows)


def test_duckdb_creation_order_puts_referenced_tables_first():
    order = creation_order(list(schema.TABLES))
    assert order.index("documents") < order.index("event_mentions")
    assert order.index("events") < order.index("conflicts")


def test_duckdb_validate_passes_and_catches_a_mismatch(out):
    assert [str(p) for p in validate_outputs(out) if FILE in str(p)] == []
    con = duckdb.connect(str(out / FILE))
    con.execute("DELETE FROM conflicts WHERE value = (SELECT min(value) FROM conflicts)")
    con.close()
    problems = [str(p) for p in validate_outputs(out)]
    assert any("conflicts.csv" in p and FILE in p and "rows" in p for p in problems), problems
