"""validate_outputs: frictionless checks plus offsets against the raw documents."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest

from pipeline.validate import Problem, validate_outputs

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "outputs_small"


@pytest.fixture
def outputs(tmp_path: Path) -> Path:
    """A fresh copy of the valid fixture output set (with its corpus) to break."""
    out = tmp_path / "outputs"
    shutil.copytree(FIXTURE, out, ignore=shutil.ignore_patterns("_build.py", "__pycache__"))
    return out


def read_rows(out: Path, table: str) -> tuple[list[str], list[list[str]]]:
    with open(out / f"{table}.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    return rows[0], rows[1:]


def write_rows(out: Path, table: str, header: list[str], rows: list[list[str]]) -> None:
    with open(out / f"{table}.csv", "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows([header, *rows])


def set_cell(out: Path, table: str, index: int, field: str, value: str) -> int:
    """Set ``field`` of data row ``index`` (0-based); returns its spreadsheet row number."""
    header, rows = read_rows(out, table)
    rows[index][header.index(field)] = value
    write_rows(out, table, header, rows)
    return index + 2


def get_cell(out: Path, table: str, index: int, field: str) -> str:
    header, rows = read_rows(out, table)
    return rows[index][header.index(field)]


def test_validate_fixture_is_valid():
    assert validate_outputs(FIXTURE) == []


def test_validate_fixture_corpus_keeps_crlf():
    # The CRLF document is what makes offset checks meaningful (read_text would shift them).
    assert b"\r\n" in (FIXTURE / "corpus" / "treaty.txt").read_bytes()


@pytest.mark.parametrize(("table", "index", "field", "value", "expect"), [
    ("entity_mentions", 1, "start", "abc", "not a valid integer"),
    ("dates", 0, "precision", "weekly", "not one of"),
    ("dates", 2, "type", "", "empty but required"),
    ("dates", 0, "earliest", "7 July 1807", "does not match the pattern"),
    ("documents", 0, "status", "done", "not one of"),
    ("documents", 1, "n_chars", "-3", "below the minimum"),
    ("claims", 0, "negated", "yes", "true/false"),
    ("event_mentions", 0, "confidence", "1.5", "above the maximum"),
    ("events", 0, "has_conflict", "True", "not a valid boolean"),
    ("entity_mentions", 0, "entity_id", "N404", "matches no entity_id in entities.csv"),
    ("event_mentions", 2, "event_id", "E404", "matches no event_id in events.csv"),
    ("event_mentions", 2, "claim_id", "C404", "matches no claim_id in claims.csv"),
    ("conflicts", 0, "event_id", "E404", "matches no event_id in events.csv"),
    ("facts", 0, "doc_id", "D404", "matches no doc_id in documents.csv"),
    ("claims", 5, "subject_entity_id", "N404", "matches no entity_id in entities.csv"),
])
def test_validate_names_table_row_and_field(outputs, table, index, field, value, expect):
    row = set_cell(outputs, table, index, field, value)
    problems = validate_outputs(outputs)
    assert [(p.table, p.row, p.field) for p in problems] == [(table, row, field)], problems
    assert expect in problems[0].message
    assert f"{table}.csv row {row} field {field}: " in str(problems[0])


@pytest.mark.parametrize(("table", "index", "field", "value", "ref"), [
    ("events", 0, "mention_ids", "EM1|EM404",
     "'EM404' match no event_mention_id in event_mentions.csv"),
    ("events", 1, "doc_ids", "D9|D8", "'D9', 'D8' match no doc_id in documents.csv"),
    ("entities", 2, "doc_ids", "D1|D2|D7", "'D7' match no doc_id"),
    ("claims", 0, "timex_ids", "T1|T99", "'T99' match no timex_id in dates.csv"),
])
def test_validate_id_lists_name_existing_rows(outputs, table, index, field, value, ref):
    row = set_cell(outputs, table, index, field, value)
    problems = validate_outputs(outputs)
    assert [(p.table, p.row, p.field) for p in problems] == [(table, row, field)]
    assert ref in problems[0].message


def test_validate_duplicate_primary_key(outputs):
    row = set_cell(outputs, "entities", 2, "entity_id", "N2")
    problems = [p for p in validate_outputs(outputs) if p.table == "entities"]
    assert [(p.row, p.field) for p in problems] == [(row, "entity_id")]
    assert "duplicate primary key: same as row 3" in problems[0].message


@pytest.mark.parametrize(("table", "index"), [
    ("entity_mentions", 1), ("dates", 0), ("claims", 3), ("event_mentions", 4), ("facts", 0),
])
def test_validate_offset_outside_document(outputs, table, index):
    row = set_cell(outputs, table, index, "end", "99999")
    problems = validate_outputs(outputs)
    assert [(p.table, p.row, p.field) for p in problems] == [(table, row, "end")]
    assert "outside document" in problems[0].message


def test_validate_empty_span(outputs):
    row = set_cell(outputs, "dates", 1, "end", get_cell(outputs, "dates", 1, "start"))
    problems = validate_outputs(outputs)
    assert [(p.table, p.row, p.field) for p in problems] == [("dates", row, "end")]
    assert "empty" in problems[0].message


def test_validate_whitespace_only_span(outputs):
    # Line 2 of treaty.txt is blank: offsets 18..20 are "\r\n".
    set_cell(outputs, "entity_mentions", 0, "start", "18")
    row = set_cell(outputs, "entity_mentions", 0, "end", "20")
    set_cell(outputs, "entity_mentions", 0, "line", "2")
    problems = validate_outputs(outputs)
    assert [(p.table, p.row, p.field) for p in problems] == [("entity_mentions", row, "start")]
    assert "only whitespace" in problems[0].message


def test_validate_wrong_line(outputs):
    line = int(get_cell(outputs, "claims", 1, "line"))
    row = set_cell(outputs, "claims", 1, "line", str(line + 1))
    problems = validate_outputs(outputs)
    assert [(p.table, p.row, p.field) for p in problems] == [("claims", row, "line")]
    assert f"(line {line})" in problems[0].message


def test_validate_reports_every_problem_at_once(outputs):
    expected = {
        ("dates", set_cell(outputs, "dates", 3, "precision", "weekly"), "precision"),
        ("entity_mentions", set_cell(outputs, "entity_mentions", 2, "entity_id", "X"),
         "entity_id"),
        ("event_mentions", set_cell(outputs, "event_mentions", 1, "start", "-5"), "start"),
        ("facts", set_cell(outputs, "facts", 0, "end", "100000"), "end"),
        ("documents", set_cell(outputs, "documents", 2, "status", ""), "status"),
    }
    problems = validate_outputs(outputs)
    assert {(p.table, p.row, p.field) for p in problems} == expected


def test_validate_changed_raw_file(outputs):
    path = outputs / "corpus" / "talk.md"
    path.write_bytes(path.read_bytes() + b"\nappended\n")
    problems = validate_outputs(outputs)
    assert [(p.table, p.row, p.field) for p in problems] == [("documents", 3, "sha256")]


def test_validate_missing_raw_file(outputs):
    (outputs / "corpus" / "talk.md").unlink()
    problems = validate_outputs(outputs)
    assert [(p.table, p.row, p.field) for p in problems] == [("documents", 3, "path")]
    assert "cannot be read" in problems[0].message


def test_validate_path_outside_corpus(outputs):
    set_cell(outputs, "documents", 0, "path", "../datapackage.json")
    problems = validate_outputs(outputs)
    assert ("documents", 2, "path") in {(p.table, p.row, p.field) for p in problems}


def test_validate_refused_row_may_name_a_path_outside_the_corpus(outputs):
    # A symlink leading out of the corpus is refused (status skipped), not read.
    (outputs / "corpus" / "escape.txt").symlink_to(outputs / "datapackage.json")
    header, rows = read_rows(outputs, "documents")
    skipped = [""] * len(header)
    for field, value in {"doc_id": "D4", "path": "escape.txt", "status": "skipped",
                         "message": "E109: escape.txt leads outside the corpus"}.items():
        skipped[header.index(field)] = value
    write_rows(outputs, "documents", header, [*rows, skipped])
    assert validate_outputs(outputs) == []


def test_validate_missing_corpus_is_a_problem(outputs, tmp_path, monkeypatch):
    shutil.move(outputs / "corpus", tmp_path / "elsewhere")
    monkeypatch.chdir(tmp_path)  # no corpus/ in the working directory either
    problems = validate_outputs(outputs)
    assert [(p.table, p.field) for p in problems] == [("datapackage.json", "annalist:corpus")]
    assert validate_outputs(outputs, corpus_dir=tmp_path / "elsewhere") == []


def test_validate_relative_corpus_falls_back_to_working_directory(outputs, tmp_path,
                                                                  monkeypatch):
    shutil.move(outputs / "corpus", tmp_path / "corpus")
    monkeypatch.chdir(tmp_path)
    assert validate_outputs(outputs) == []


def test_validate_missing_datapackage(outputs):
    (outputs / "datapackage.json").unlink()
    problems = validate_outputs(outputs)
    assert len(problems) == 1 and problems[0].table == "datapackage.json"
    assert "annalist extract" in problems[0].message


def test_validate_missing_csv_still_checks_the_rest(outputs):
    (outputs / "conflicts.csv").unlink()
    row = set_cell(outputs, "dates", 0, "type", "EPOCH")
    problems = validate_outputs(outputs)
    assert {(p.table, p.row, p.field) for p in problems} == {
        ("conflicts", 0, ""), ("dates", row, "type")}


def test_validate_extra_column_reported_once(outputs):
    header, rows = read_rows(outputs, "entities")
    write_rows(outputs, "entities", [*header, "surprise"], [[*r, "x"] for r in rows])
    problems = validate_outputs(outputs)
    assert [(p.table, p.row) for p in problems] == [("entities", 1)]
    assert "surprise" in problems[0].field + problems[0].message


def test_validate_stale_descriptor(outputs):
    package = json.loads((outputs / "datapackage.json").read_text(encoding="utf-8"))
    package["contract_version"] = "0"
    package["resources"][1]["schema"]["fields"][0]["type"] = "integer"
    (outputs / "datapackage.json").write_text(json.dumps(package), encoding="utf-8")
    problems = validate_outputs(outputs)
    found = {(p.table, p.field) for p in problems}
    assert ("datapackage.json", "contract_version") in found
    assert ("entities", "") in found


def test_validate_reworded_description_is_not_a_stale_schema(outputs):
    package = json.loads((outputs / "datapackage.json").read_text(encoding="utf-8"))
    for field in package["resources"][1]["schema"]["fields"]:
        field["description"] = "Worded by an older Annalist."
    (outputs / "datapackage.json").write_text(json.dumps(package), encoding="utf-8")
    assert validate_outputs(outputs) == []
    package["resources"][1]["schema"]["fields"][0]["type"] = "integer"  # a type is checked
    (outputs / "datapackage.json").write_text(json.dumps(package), encoding="utf-8")
    assert ("entities", "") in {(p.table, p.field) for p in validate_outputs(outputs)}


def test_validate_invalid_descriptor(outputs):
    (outputs / "datapackage.json").write_text('{"resources": "nope"}', encoding="utf-8")
    problems = validate_outputs(outputs)
    assert problems and all(p.table == "datapackage.json" for p in problems)


def test_validate_problem_str_without_row():
    assert str(Problem("conflicts", 0, "", "missing.")) == "conflicts.csv: missing."


def test_validate_empty_optional_foreign_key_is_allowed(outputs):
    set_cell(outputs, "event_mentions", 0, "claim_id", "")
    set_cell(outputs, "entity_mentions", 0, "entity_id", "")
    assert validate_outputs(outputs) == []


@pytest.mark.parametrize("data", [
    "plain\r\nCRLF kept".encode("utf-8"),
    "\ufeffBOM kept".encode("utf-8"),
    "café".encode("cp1252"),
    "\ufeffUTF-16 text".encode("utf-16"),
])
def test_validate_decodes_raw_files_like_the_readers(data):
    from pipeline.readers.base import decode
    from pipeline.validate import decode_raw

    assert decode_raw(data) == decode(data, "x")[0]


def test_validate_undecodable_csv_is_reported_not_raised(outputs):
    with open(outputs / "dates.csv", "ab") as fh:
        fh.write(b"T9,D1,0,5,1,\xff\xfe bad,DATE,1807,,,,day,,,\n")
    problems = validate_outputs(outputs)
    assert [(p.table, p.row) for p in problems] == [("dates", 0)]
    assert "encoding" in problems[0].message


@pytest.mark.parametrize("content", [b"[1, 2]", b"{not json", b"\xff\xfe{}"])
def test_validate_unusable_descriptor(outputs, content):
    (outputs / "datapackage.json").write_bytes(content)
    problems = validate_outputs(outputs)
    assert len(problems) == 1 and problems[0].table == "datapackage.json"


@pytest.mark.parametrize(("earliest", "latest", "bad"), [
    ("2024-11-01", "2024-10-31", True),   # "by the end of the week" once gave this
    ("-0500-01-01", "-0499-12-31", False),  # BCE years order by their sign
    ("-0499-01-01", "-0500-12-31", True),
    ("2024-10-31", "2024-10-31", False),
])
def test_validate_rejects_earliest_after_latest(outputs, earliest, latest, bad):
    set_cell(outputs, "dates", 0, "earliest", earliest)
    row = set_cell(outputs, "dates", 0, "latest", latest)
    problems = [p for p in validate_outputs(outputs) if p.field == "earliest"]
    assert [(p.table, p.row) for p in problems] == ([("dates", row)] if bad else [])
    if bad:
        assert f"earliest {earliest} is after latest {latest}" in problems[0].message
