"""Check an output directory against its ``datapackage.json`` and the raw documents.

Frictionless checks what a Table Schema can say: types, required cells, enums, patterns,
primary and foreign keys. The checks it cannot do are here: offsets must lie inside their
document's raw text, ``raw[start:end]`` must hold something, ``line`` must be the line of
``start``. Every problem is collected and returned; nothing stops at the first one.
"""

from __future__ import annotations

import bisect
import csv
import hashlib
import json
import os
import re
import stat
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from pipeline import schema
from pipeline.cells import split_values
from pipeline.config import Settings
from pipeline.engine.files import read_bytes
from pipeline.errors import AnnalistError
from pipeline.readers.base import decode

PACKAGE_FILE = "datapackage.json"
# frictionless stops at this many errors per table; well above anything a person reads.
_ERROR_LIMIT = 100_000
# Per-row errors frictionless repeats on every row once a header label is wrong.
_CELL_ERRORS_AFTER_LABEL = {"extra-cell", "missing-cell"}
# Far above any descriptor Annalist writes (a few KB); a bigger one is not ours.
_MAX_DESCRIPTOR_BYTES = 4_000_000
# Raw documents are read to check offsets up to this size (4 x the default --max-bytes).
_MAX_RAW_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the outputs.

    ``row`` counts as a spreadsheet does: the header is row 1, the first data row is 2;
    0 means the problem concerns the whole file. ``field`` is the column, or empty.
    """

    table: str
    row: int
    field: str
    message: str

    def __str__(self) -> str:
        # A table is named by its CSV; other files (datapackage.json, .staging/COMPLETE) as is.
        where = self.table if "." in self.table else f"{self.table}.csv"
        if self.row:
            where += f" row {self.row}"
        if self.field:
            where += f" field {self.field}"
        return f"{where}: {self.message}"


def validate_outputs(out_dir: Path, *, corpus_dir: Path | None = None) -> list[Problem]:
    """Every problem with the tables in ``out_dir`` (an empty list when they are valid).

    ``corpus_dir`` holds the raw documents that offsets point into; by default it is the
    ``annalist:corpus`` path recorded in ``datapackage.json`` (a relative path is tried
    against ``out_dir`` first, then the working directory).
    """
    out_dir = Path(out_dir)
    pending = _pending_problems(out_dir)
    package_path = out_dir / PACKAGE_FILE
    if not package_path.is_file():
        return pending + [Problem(PACKAGE_FILE, 0, "",
                                  f"{package_path} does not exist. Run `annalist extract` to "
                                  "write the outputs, or point validate at the directory "
                                  "holding them.")]
    descriptor = _read_descriptor(package_path)
    if isinstance(descriptor, Problem):
        return pending + [descriptor]
    try:
        problems, usable = _check_descriptor(descriptor, out_dir)
        if not usable:
            return pending + problems
        present = [r["name"] for r in descriptor.get("resources", [])
                   if _is_output_file(out_dir, r.get("path", ""))]
        problems += _frictionless_problems(package_path, present)
        problems += _list_reference_problems(out_dir, present)
        problems += _interval_problems(out_dir, present)
        problems += _offset_problems(out_dir, descriptor, present, corpus_dir)
        problems += duckdb_problems(out_dir, present)
    except (RecursionError, TypeError, AttributeError, KeyError) as exc:
        # A descriptor of the wrong shape (deep nesting, lists where objects belong).
        return pending + [Problem(PACKAGE_FILE, 0, "", f"cannot be used ({type(exc).__name__}"
                                  f": {str(exc)[:200]}). Re-run `annalist extract`.")]
    return pending + sorted(set(problems), key=_order)


def _read_descriptor(package_path: Path) -> dict | Problem:
    """``datapackage.json`` parsed, or the problem that stops validation (too large, not
    UTF-8 JSON, nested too deeply, not an object)."""
    try:
        with open(package_path, "rb") as fh:
            data = fh.read(_MAX_DESCRIPTOR_BYTES + 1)
    except OSError as exc:
        return Problem(PACKAGE_FILE, 0, "", f"cannot be read ({exc.strerror}).")
    if len(data) > _MAX_DESCRIPTOR_BYTES:
        return Problem(PACKAGE_FILE, 0, "", f"is over {_MAX_DESCRIPTOR_BYTES:,} bytes, far "
                       "more than any Annalist descriptor. Re-run `annalist extract`.")
    try:
        descriptor = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        return Problem(PACKAGE_FILE, 0, "", f"is not valid UTF-8 JSON ({exc}).")
    except RecursionError:
        return Problem(PACKAGE_FILE, 0, "", "is nested too deeply to be a data package "
                       "descriptor. Re-run `annalist extract`.")
    if not isinstance(descriptor, dict):
        return Problem(PACKAGE_FILE, 0, "", "is not a JSON object (a data package "
                                            "descriptor). Re-run `annalist extract`.")
    return descriptor


def _is_output_file(out_dir: Path, name: object) -> bool:
    """A resource path the validator will open: a plain file name in ``out_dir`` that
    is a regular file (never a path elsewhere, a device or a FIFO)."""
    if not isinstance(name, str) or not name or "/" in name or "\\" in name or \
            name in (".", ".."):
        return False
    try:
        return stat.S_ISREG(os.lstat(out_dir / name).st_mode)
    except OSError:
        return False


def _pending_problems(out_dir: Path) -> list[Problem]:
    """An interrupted write marked complete but not rolled forward: a mixed set."""
    from pipeline.writers import COMPLETE, STAGING, pending_names

    names = pending_names(out_dir)
    if names is None:
        return []
    waiting = [n for n in names if (out_dir / STAGING / n).exists()]
    shown = ", ".join(waiting[:8]) + (f" and {len(waiting) - 8} more" if len(waiting) > 8 else "")
    return [Problem(f"{STAGING}/{COMPLETE}", 0, "",
                    f"an interrupted write is pending: {len(waiting)} of its {len(names)} "
                    f"files are not in place yet ({shown or 'none'}), so {out_dir} may hold "
                    "a mix of two runs. Run `annalist extract` again: it completes the "
                    "write first.")]


def duckdb_problems(out_dir: Path, present: list[str]) -> list[Problem]:
    """``annalist.duckdb`` (when there is one) against the schema and the CSVs: every
    table, its columns in order with their types, its primary key, and its row count."""
    from pipeline import duckdb_export

    path = out_dir / duckdb_export.FILE
    if not path.is_file():
        return []
    try:
        import duckdb
    except ImportError:
        return [Problem(duckdb_export.FILE, 0, "", "duckdb is not installed, so this file "
                        "cannot be checked: `pip install 'annalist[duckdb]'`.")]
    problems = []
    con = duckdb.connect(str(path), read_only=True)
    try:
        for name in present:
            table = schema.TABLES.get(name)
            with open(out_dir / f"{name}.csv", encoding="utf-8", newline="") as fh:
                reader = csv.reader(fh)
                header = next(reader, [])
                n_rows = sum(1 for _ in reader)
            got = con.execute("SELECT column_name, data_type FROM duckdb_columns() "
                              "WHERE table_name = ? ORDER BY column_index", [name]).fetchall()
            if not got:
                problems.append(Problem(name, 0, "", f"is missing from {duckdb_export.FILE}. "
                                        "Re-run `annalist extract --format duckdb`."))
                continue
            known = {f.name: f for f in table.fields} if table else {}
            want = [(c, duckdb_export.sql_type(known[c].type if c in known else "string"))
                    for c in header]
            for (column, type_), expected in zip(got, want):
                if (column, type_) != expected:
                    problems.append(Problem(name, 0, column, f"is {column} {type_} in "
                                            f"{duckdb_export.FILE}, the schema says "
                                            f"{expected[0]} {expected[1]}."))
            if [c for c, _ in got] != header:
                problems.append(Problem(name, 0, "", f"has columns {[c for c, _ in got]} in "
                                        f"{duckdb_export.FILE}, the CSV {header}."))
            keys = con.execute("SELECT constraint_column_names FROM duckdb_constraints() "
                               "WHERE table_name = ? AND constraint_type = 'PRIMARY KEY'",
                               [name]).fetchall()
            if table and [list(table.primary_key)] != [list(k[0]) for k in keys]:
                problems.append(Problem(name, 0, "", f"has primary key {keys} in "
                                        f"{duckdb_export.FILE}, the schema "
                                        f"{list(table.primary_key)}."))
            n_db = con.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0]
            if n_db != n_rows:
                problems.append(Problem(name, 0, "", f"has {n_db} rows in "
                                        f"{duckdb_export.FILE} and {n_rows} in the CSV. "
                                        "Re-run `annalist extract --format duckdb`."))
    finally:
        con.close()
    return problems


def _order(p: Problem) -> tuple:
    tables = list(schema.TABLES)
    rank = -1 if p.table == PACKAGE_FILE else (
        tables.index(p.table) if p.table in tables else len(tables))
    return (rank, p.table, p.row, p.field, p.message)


# -- the descriptor ----------------------------------------------------------------------

def _check_descriptor(descriptor: dict, out_dir: Path) -> tuple[list[Problem], bool]:
    """Problems with ``datapackage.json`` itself, and whether the tables can be checked."""
    from frictionless import Package

    problems = []
    report = Package.validate_descriptor(descriptor)
    if not report.valid:
        for (note,) in report.flatten(["note"]):
            problems.append(Problem(PACKAGE_FILE, 0, "", f"invalid descriptor: {note}"))
        return problems, False
    version = descriptor.get("contract_version")
    if version != schema.CONTRACT_VERSION:
        problems.append(Problem(
            PACKAGE_FILE, 0, "contract_version",
            f"is {version!r}, this Annalist writes {schema.CONTRACT_VERSION!r}. Re-run "
            "`annalist extract` to rewrite the outputs."))
    names = []
    for resource in descriptor.get("resources", []):
        name = resource.get("name", "")
        names.append(name)
        if not _is_output_file(out_dir, resource.get("path", "")):
            problems.append(Problem(name, 0, "",
                                    f"{resource.get('path')} is listed in {PACKAGE_FILE} but "
                                    "does not exist."))
        if name not in schema.TABLES:
            problems.append(Problem(name, 0, "", f"is not an Annalist table (known: "
                                                 f"{', '.join(schema.TABLES)})."))
            continue
        ours = schema.TABLES[name].descriptor(set(_resource_names(descriptor)))
        theirs = resource.get("schema", {})
        described = [str(f.get("name", "?")) for f in theirs.get("fields", [])]
        if described != schema.columns(name):
            problems.append(Problem(
                name, 0, "",
                f"columns in {PACKAGE_FILE} ({', '.join(described)}) differ from "
                f"pipeline.schema ({', '.join(schema.columns(name))}). Re-run "
                "`annalist extract`."))
        elif _checked(theirs) != _checked(ours):
            problems.append(Problem(
                name, 0, "", f"its schema in {PACKAGE_FILE} differs from pipeline.schema "
                "(types, constraints or keys). Re-run `annalist extract`."))
    for name in schema.TABLES:
        if name not in names and (out_dir / f"{name}.csv").is_file():
            problems.append(Problem(name, 0, "", f"{name}.csv exists but {PACKAGE_FILE} does "
                                                 "not describe it."))
    return problems, True


def _checked(table_schema: dict) -> dict:
    """A table schema without its fields' descriptions: they document a column, and
    rewording one must not make outputs written before it invalid."""
    return {**table_schema, "fields": [
        {k: v for k, v in f.items() if k != "description"} if isinstance(f, dict) else f
        for f in table_schema.get("fields", [])]}


def _resource_names(descriptor: dict) -> list[str]:
    return [r.get("name", "") for r in descriptor.get("resources", [])]


# -- frictionless ------------------------------------------------------------------------

def _frictionless_problems(package_path: Path, present: list[str]) -> list[Problem]:
    from frictionless import Package

    # frictionless resolves resource paths against the descriptor's directory; passing the
    # path (not a dict) keeps that basepath and its path-safety checks.
    package = Package(str(package_path))
    # A missing file is reported by _check_descriptor; drop it so the rest still runs.
    for resource in list(package.resources):
        if resource.name not in present:
            package.remove_resource(resource.name)
            for other in package.resources:
                fks = other.schema.foreign_keys
                other.schema.foreign_keys = [
                    fk for fk in fks if fk["reference"]["resource"] != resource.name]
    report = package.validate(limit_errors=_ERROR_LIMIT)
    problems = []
    for task in report.tasks:
        table = task.name
        bad_labels: set[int] = set()
        for error in task.errors:
            problems.append(_problem_from_error(table, error, bad_labels))
    return [p for p in problems if p is not None]


def _problem_from_error(table: str, error, bad_labels: set[int]) -> Problem | None:
    code = error.type
    field = getattr(error, "field_name", "") or ""
    if code in ("extra-label", "missing-label", "blank-label", "duplicate-label",
                "incorrect-label"):
        bad_labels.add(getattr(error, "field_number", 0))
        return Problem(table, 1, field or getattr(error, "label", ""),
                       f"{code}: {error.note or error.message}")
    if code in _CELL_ERRORS_AFTER_LABEL and getattr(error, "field_number", -1) in bad_labels:
        return None
    row = getattr(error, "row_number", 0) or 0
    if code == "foreign-key":
        field = ",".join(error.field_names)
        cells = ",".join(error.field_cells)
        ref = ",".join(error.reference_field_names)
        return Problem(table, row, field,
                       f"{cells!r} matches no {ref} in {error.reference_name}.csv "
                       "(foreign key).")
    if code == "primary-key":
        key = schema.TABLES[table].primary_key if table in schema.TABLES else ()
        first = re.search(r"\d+", error.note or "")
        same = f": same as row {first.group(0)}" if first else ""
        return Problem(table, row, ",".join(key), f"duplicate primary key{same}.")
    if code == "type-error":
        kind = _NOTE.search(error.note)
        kind = kind.group(1).split("/")[0] if kind else "value of this column's type"
        extra = " (booleans are written true/false)" if kind == "boolean" else ""
        return Problem(table, row, field, f"{error.cell!r} is not a valid {kind}{extra}.")
    if code == "constraint-error":
        return Problem(table, row, field, _constraint_message(error.cell, error.note))
    return Problem(table, row, field, f"{code}: {error.note or error.message}")


_NOTE = re.compile(r'"([^"]*)"')


def _constraint_message(cell: str, note: str) -> str:
    parts = _NOTE.findall(note)  # constraint "enum" is "['ok', 'error']"
    name, limit = (parts + ["", ""])[:2]
    if name == "required":
        return "is empty but required."
    if name == "enum":
        return f"{cell!r} is not one of {limit}."
    if name == "pattern":
        return f"{cell!r} does not match the pattern {limit}."
    if name == "minimum":
        return f"{cell!r} is below the minimum {limit}."
    if name == "maximum":
        return f"{cell!r} is above the maximum {limit}."
    return f"{cell!r} breaks the constraint {note}."


# -- lists of IDs ------------------------------------------------------------------------

def _list_reference_problems(out_dir: Path, present: list[str]) -> list[Problem]:
    """``|``-joined ID lists (``events.mention_ids`` …) must name existing rows."""
    keys: dict[str, set[str]] = {}
    problems = []
    for table in present:
        spec = schema.TABLES.get(table)
        refs = [f for f in spec.fields if f.ref and f.ref in present] if spec else []
        if not refs:
            continue
        for f in refs:
            if f.ref not in keys:
                (pk,) = schema.TABLES[f.ref].primary_key
                keys[f.ref] = {row.get(pk, "") for _, row in _read_csv(out_dir / f"{f.ref}.csv")}
        for number, row in _read_csv(out_dir / f"{table}.csv"):
            for f in refs:
                missing = [v for v in split_values(row.get(f.name) or "") if v not in keys[f.ref]]
                if missing:
                    (pk,) = schema.TABLES[f.ref].primary_key
                    shown = ", ".join(repr(v) for v in missing[:5])
                    more = f" and {len(missing) - 5} more" if len(missing) > 5 else ""
                    problems.append(Problem(table, number, f.name,
                                            f"{shown}{more} match no {pk} in {f.ref}.csv."))
    return problems


# -- intervals ---------------------------------------------------------------------------

_ISO_DAY = re.compile(r"(-?)(\d{4,})-(\d{2})-(\d{2})")


def _day_key(cell: str) -> tuple[int, int, int] | None:
    m = _ISO_DAY.fullmatch(cell.strip())
    if not m:
        return None  # frictionless reports a malformed date
    year = int(m.group(2))
    return (-year if m.group(1) else year), int(m.group(3)), int(m.group(4))


def _interval_problems(out_dir: Path, present: list[str]) -> list[Problem]:
    """A date's interval must not end before it starts (``earliest <= latest``)."""
    problems = []
    for table in present:
        spec = schema.TABLES.get(table)
        if spec is None or not {"earliest", "latest"} <= set(schema.columns(table)):
            continue
        for number, row in _read_csv(out_dir / f"{table}.csv"):
            lo, hi = _day_key(row.get("earliest") or ""), _day_key(row.get("latest") or "")
            if lo is not None and hi is not None and lo > hi:
                problems.append(Problem(
                    table, number, "earliest",
                    f"earliest {row['earliest']} is after latest {row['latest']}: the "
                    "interval is empty. This is a tagger bug; report the date's text "
                    "and re-run `annalist extract` with a fixed Annalist."))
    return problems


# -- offsets -----------------------------------------------------------------------------

@dataclass
class _Raw:
    text: str
    newlines: list[int]


def decode_raw(data: bytes) -> str:
    """Raw bytes as text exactly as the readers decode them (offsets count these)."""
    try:
        return decode(data, "")[0]
    except AnnalistError:
        pass  # a binary file: no offsets point into it; decode leniently anyway
    # The readers' rule: UTF-8 strictly, else cp1252, else Latin-1.
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def _read_csv(path: Path) -> Iterable[tuple[int, dict[str, str]]]:
    """(row number as frictionless counts it, row) for each data row."""
    # Undecodable bytes are frictionless's to report; the checks here carry on regardless.
    with open(path, encoding="utf-8", errors="replace", newline="") as fh:
        reader = csv.DictReader(fh)
        for number, row in enumerate(reader, start=2):
            yield number, row


def _resolve_corpus(out_dir: Path, descriptor: dict, corpus_dir: Path | None) -> Path | None:
    if corpus_dir is not None:
        return Path(corpus_dir)
    recorded = descriptor.get("annalist:corpus")
    if not recorded:
        return None
    path = Path(recorded)
    if path.is_absolute():
        return path
    for base in (out_dir, Path.cwd()):
        if (base / path).is_dir():
            return base / path
    return path


def _offset_problems(out_dir: Path, descriptor: dict, present: list[str],
                     corpus_dir: Path | None) -> list[Problem]:
    offset_tables = [t for t in present if t in schema.TABLES and schema.TABLES[t].has_offsets]
    if not offset_tables or "documents" not in present:
        return []
    corpus = _resolve_corpus(out_dir, descriptor, corpus_dir)
    if corpus is None or not corpus.is_dir():
        return [Problem(PACKAGE_FILE, 0, "annalist:corpus",
                        f"corpus directory {corpus} not found, so offsets cannot be checked "
                        "against the raw documents. Pass the corpus directory (--corpus).")]
    problems: list[Problem] = []
    raws: dict[str, _Raw | None] = {}
    for number, row in _read_csv(out_dir / "documents.csv"):
        raws[row.get("doc_id", "")] = _load_raw(corpus, number, row, problems)
    for table in offset_tables:
        for number, row in _read_csv(out_dir / f"{table}.csv"):
            problems += _check_row(table, number, row, raws)
    return problems


def _load_raw(corpus: Path, number: int, row: dict[str, str],
              problems: list[Problem]) -> _Raw | None:
    rel = row.get("path") or ""
    if not rel:
        return None
    if rel[:1] == "'" and rel[1:2] in ("=", "+", "-", "@") and not (corpus / rel).exists():
        rel = rel[1:]  # written with --spreadsheet-safe: the apostrophe is not in the name
    path = corpus / rel
    # The documents table names paths inside the corpus; the engine's reader refuses
    # anything else (a symlink out, a device, a FIFO, a loop) and bounds what it reads.
    root = os.path.realpath(corpus)
    real = os.path.realpath(path)
    if real != root and not real.startswith(root.rstrip(os.sep) + os.sep):
        # A refused row (a symlink leading out, status skipped) names such a path on purpose.
        if row.get("status") == "ok":
            problems.append(Problem("documents", number, "path",
                                    f"{rel!r} points outside the corpus directory {corpus}."))
        return None
    data = read_bytes(path, rel, Settings(max_file_bytes=_MAX_RAW_BYTES), corpus_root=corpus)
    if isinstance(data, BaseException):
        if row.get("status") == "ok":
            problems.append(Problem("documents", number, "path",
                                    f"raw file {path} cannot be read, so its offsets cannot "
                                    f"be checked ({data})."))
        return None
    digest = row.get("sha256") or ""
    if digest and hashlib.sha256(data).hexdigest() != digest:
        problems.append(Problem("documents", number, "sha256",
                                f"{path} has changed since extraction (its SHA-256 differs); "
                                "offsets may be stale. Re-run `annalist extract`."))
    text = decode_raw(data)
    return _Raw(text, [i for i, ch in enumerate(text) if ch == "\n"])


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except ValueError:
        return None  # frictionless reports the type error


def _check_row(table: str, number: int, row: dict[str, str],
               raws: dict[str, _Raw | None]) -> list[Problem]:
    start, end, line = _int(row.get("start")), _int(row.get("end")), _int(row.get("line"))
    if start is None or end is None:
        return []
    doc_id = row.get("doc_id", "")
    raw = raws.get(doc_id)
    if raw is None:
        return []  # unknown doc_id (a foreign-key problem) or an unreadable file
    n = len(raw.text)
    out = []
    if not 0 <= start <= n:
        out.append(Problem(table, number, "start",
                           f"{start} is outside document {doc_id} (0..{n} characters)."))
    if not 0 <= end <= n:
        out.append(Problem(table, number, "end",
                           f"{end} is outside document {doc_id} (0..{n} characters)."))
    if out:
        return out
    if end <= start:
        return [Problem(table, number, "end",
                        f"end {end} is not after start {start}: the raw span is empty.")]
    if not raw.text[start:end].strip():
        out.append(Problem(table, number, "start",
                           f"raw[{start}:{end}] of document {doc_id} is only whitespace."))
    if line is not None:
        actual = bisect.bisect_left(raw.newlines, start) + 1
        if line != actual:
            out.append(Problem(table, number, "line",
                               f"{line} is not the line of start {start} (line {actual})."))
    return out
