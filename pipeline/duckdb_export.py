"""One DuckDB database of every output table (``--format duckdb``): ``OUT/annalist.duckdb``.

Each table is created from the schema: typed columns (integer -> BIGINT, number -> DOUBLE,
boolean -> BOOLEAN, everything else -> VARCHAR), its primary key, its foreign keys to the
tables that are present, and the data dictionary as ``COMMENT``s on the table and each
column. Rows come typed through the same Arrow conversion as ``--format parquet``. The
file is built under a temporary name and moved into place, so readers never see half.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from pipeline import errors, schema
from pipeline.parquet import arrow_table

FILE = "annalist.duckdb"
SQL_TYPES = {"integer": "BIGINT", "number": "DOUBLE", "boolean": "BOOLEAN"}


def sql_type(type_: str) -> str:
    """The DuckDB type of a schema type."""
    return SQL_TYPES.get(type_, "VARCHAR")


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def creation_order(names: list[str]) -> list[str]:
    """Tables with the tables they refer to first (a foreign key needs its target)."""
    done: list[str] = []

    def visit(name: str, path: tuple[str, ...] = ()) -> None:
        if name in done or name in path:
            return
        table = schema.TABLES.get(name)
        for fk in table.foreign_keys if table else ():
            if fk.ref_table in names:
                visit(fk.ref_table, (*path, name))
        done.append(name)

    for name in names:
        visit(name)
    return done


def create_statements(name: str, columns: list[str], present: list[str]) -> list[str]:
    """``CREATE TABLE`` and ``COMMENT`` statements for table ``name``."""
    table = schema.TABLES.get(name)
    known = {f.name: f for f in table.fields} if table else {}
    parts = [f"{_quote(c)} {sql_type(known[c].type if c in known else 'string')}"
             + (" NOT NULL" if c in known and known[c].required else "") for c in columns]
    if table and table.primary_key:
        parts.append("PRIMARY KEY (" + ", ".join(map(_quote, table.primary_key)) + ")")
    for fk in table.foreign_keys if table else ():
        if fk.ref_table in present:
            parts.append(f"FOREIGN KEY ({', '.join(map(_quote, fk.fields))}) REFERENCES "
                         f"{_quote(fk.ref_table)} ({', '.join(map(_quote, fk.ref_fields))})")
    statements = [f"CREATE TABLE {_quote(name)} (\n  " + ",\n  ".join(parts) + "\n)"]
    if table:
        statements.append(f"COMMENT ON TABLE {_quote(name)} IS {_literal(table.description)}")
    for c in columns:
        if c in known:
            statements.append(f"COMMENT ON COLUMN {_quote(name)}.{_quote(c)} IS "
                              f"{_literal(known[c].description)}")
    return statements


def write_duckdb(tables: Mapping[str, pd.DataFrame], out_dir: Path) -> Path:
    """Write ``<out_dir>/annalist.duckdb`` holding every table of ``tables``; its path."""
    try:
        import duckdb
    except ImportError:
        raise errors.duckdb_missing() from None
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / FILE
    fd, tmp = tempfile.mkstemp(prefix=".annalist.", suffix=".duckdb.tmp", dir=out_dir)
    os.close(fd)
    os.unlink(tmp)  # DuckDB creates the file itself
    present = list(tables)
    try:
        con = duckdb.connect(tmp)
        try:
            for name in creation_order(present):
                frame = tables[name]
                for statement in create_statements(name, list(frame.columns), present):
                    con.execute(statement)
                data = arrow_table(name, frame)  # noqa: F841  (read by name in the SQL)
                con.execute(f"INSERT INTO {_quote(name)} SELECT * FROM data")
            con.execute("CHECKPOINT")
        except duckdb.Error as exc:
            raise errors.duckdb_failed(target, exc) from None
        finally:
            con.close()
        os.replace(tmp, target)
    finally:
        for leftover in (Path(tmp), Path(tmp + ".wal")):
            leftover.unlink(missing_ok=True)
    return target
