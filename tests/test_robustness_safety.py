"""What a hostile corpus can do: nothing. YAML is loaded safely, paths and symlinks cannot
leave the corpus, the report escapes document text, formula cells are defused on request,
``--strict`` fails the run, and every hostile file gets a row that says what to do.

The end-to-end run over ``tests/fixtures/hostile`` (see its ``build.py``) happens once per
module, in-process through the click command, and the tests below inspect its outputs.
"""

from __future__ import annotations

import csv
import io
import os
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import main
from pipeline.errors import DocumentError
from pipeline.readers import read_source
from tests.fixtures.hostile import build as hostile

FORMULA_START = ("=", "+", "-", "@")


def invoke(*args: str):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory, nlp):
    """``annalist extract --strict --spreadsheet-safe`` over the hostile corpus, then the
    same corpus again without ``--spreadsheet-safe`` (from the cache)."""
    root = tmp_path_factory.mktemp("hostile")
    outside = root / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("OUTSIDE-SECRET text written in 1804.\n")
    corpus = hostile.build(root / "corpus")
    os.symlink(outside, corpus / "outside_dir")
    cwd = os.getcwd()
    os.chdir(root)  # a YAML payload that ran would leave ANNALIST_PWNED here
    try:
        common = ["--corpus", corpus, "--cache", root / "cache", "--workers", "1", "--quiet",
                  "--max-bytes", hostile.MAX_BYTES, "--max-chars", hostile.MAX_CHARS]
        safe = invoke("extract", "--strict", "--spreadsheet-safe", "--out", root / "safe",
                      *common)
        (root / "plain").mkdir()  # a registry of the right JSON with fields of wrong types
        (root / "plain" / "id_registry.json").write_text('{"format": 1, "generation": "x"}')
        plain = invoke("extract", "--out", root / "plain", *common)
        validated = invoke("validate", root / "safe", "--corpus", corpus)
        # --out inside --corpus: the second run must not read the first one's outputs.
        inside = [invoke("extract", "--strict", "--out", corpus / "out_inside", *common)
                  for _ in range(2)]
    finally:
        os.chdir(cwd)
    return {"root": root, "corpus": corpus, "safe": safe, "plain": plain,
            "validated": validated, "inside": inside}


def rows(out: Path, table: str) -> list[dict[str, str]]:
    with open(out / f"{table}.csv", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def documents(run, which: str = "safe") -> dict[str, dict[str, str]]:
    return {r["path"]: r for r in rows(run["root"] / which, "documents")}


# -- the end-to-end run ---------------------------------------------------------------------


def test_robustness_hostile_corpus_strict_exits_3(hostile_run):
    result = hostile_run["safe"]
    assert result.exit_code == 3, result.output
    assert "--strict: some documents were not processed" in result.output
    assert hostile_run["plain"].exit_code == 0, hostile_run["plain"].output


def test_robustness_hostile_corpus_every_file_has_an_actionable_row(hostile_run):
    docs = documents(hostile_run)
    for name, (status, code) in hostile.EXPECTED.items():
        row = docs.get(name) or docs.get("'" + name)  # '=cmd.txt under --spreadsheet-safe
        assert row is not None, f"{name} has no documents.csv row"
        assert row["status"] == status, (name, row["status"], row["message"])
        if status != "ok":
            assert row["message"].startswith(code), (name, row["message"])
            assert hostile.FIX_HINTS[code] in row["message"], (name, row["message"])
        elif code:
            assert code in row["warnings"], (name, row["warnings"])


def test_robustness_giant_token_makes_no_claim(hostile_run):
    out = hostile_run["root"] / "safe"
    doc_id = documents(hostile_run)["giant_token.txt"]["doc_id"]
    for table in ("claims", "event_mentions", "entity_mentions"):
        texts = [v for r in rows(out, table) if r.get("doc_id") == doc_id for v in r.values()]
        assert not [t for t in texts if "xyxy" * 100 in t], table


def test_robustness_damaged_registry_is_a_warning_not_a_crash(hostile_run):
    assert hostile_run["plain"].exit_code == 0, hostile_run["plain"].output
    report = (hostile_run["root"] / "plain" / "report.html").read_text(encoding="utf-8")
    assert "W307" in report


def test_robustness_out_inside_the_corpus_is_not_read_back(hostile_run):
    first, second = hostile_run["inside"]
    assert first.exit_code == second.exit_code == 3  # --strict: the refused files only
    inside = rows(hostile_run["corpus"] / "out_inside", "documents")
    assert not [r["path"] for r in inside if r["path"].startswith("out_inside")]
    assert len(inside) == len(documents(hostile_run))


def test_robustness_hostile_corpus_good_files_are_processed(hostile_run):
    out = hostile_run["root"] / "safe"
    docs = documents(hostile_run)
    ids = {docs[name]["doc_id"] for name in ("good_wiki.txt", "good_notes.md")}
    assert {r["doc_id"] for r in rows(out, "claims")} >= ids
    assert {r["doc_id"] for r in rows(out, "dates")} >= ids
    assert docs["good_notes.md"]["title"] == "Notes (from the manifest)"


def test_robustness_hostile_corpus_output_validates(hostile_run):
    result = hostile_run["validated"]
    assert result.exit_code == 0, result.output
    assert "valid" in result.output


# -- YAML -----------------------------------------------------------------------------------


def test_robustness_yaml_tags_do_not_run(hostile_run):
    assert not (hostile_run["root"] / "ANNALIST_PWNED").exists()
    row = documents(hostile_run)["yaml_attack.md"]
    assert row["status"] == "ok"
    assert row["title"] == "yaml_attack"  # the tagged title was ignored, not executed
    assert "W221" in row["warnings"] and "front matter" in row["warnings"]


def test_robustness_yaml_python_tags_in_a_txt_file_are_refused_too(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    raw = (b"---\ntitle: !!python/object/apply:os.system [\"touch ANNALIST_PWNED\"]\n---\n\n"
           b"The uprising began in 1804.\n")
    src = read_source(Path("notes.txt"), corpus_root=tmp_path, raw=raw, manifest={})
    assert not (tmp_path / "ANNALIST_PWNED").exists()
    assert src.reader.startswith("markdown@")
    assert "1804" in src.text
    assert any(w.startswith("W221") for w in src.warnings)


# -- paths and symlinks ---------------------------------------------------------------------


def test_robustness_nothing_from_outside_the_corpus_is_read(hostile_run):
    out = hostile_run["root"] / "safe"
    passwd = Path("/etc/passwd").read_text(errors="replace").splitlines()[0]
    for path in out.iterdir():
        if path.is_file():
            data = path.read_text(encoding="utf-8", errors="replace")
            assert "OUTSIDE-SECRET" not in data, path.name
            assert passwd not in data, path.name


def test_robustness_manifest_paths_outside_the_corpus_are_refused_with_warnings(hostile_run):
    report = (hostile_run["root"] / "safe" / "report.html").read_text(encoding="utf-8")
    for value in ("../../etc/passwd", "/etc/passwd", "passwd_link.txt"):
        assert f"path &#x27;{value}&#x27;" in report, value
    assert report.count("W222") >= 4


def test_robustness_symlinked_directory_outside_is_skipped_with_a_message(hostile_run):
    row = documents(hostile_run).get("outside_dir")
    assert row is not None, "a symlinked directory leading outside has no documents.csv row"
    assert row["status"] == "skipped"
    assert row["message"].startswith("E109") and "not followed" in row["message"]


def test_robustness_symlinks_inside_the_corpus_are_followed(tmp_path, nlp):
    from pipeline.run import discover

    corpus = tmp_path / "corpus"
    (corpus / "sub").mkdir(parents=True)
    (corpus / "a.txt").write_text("Serbia rose in 1804.\n")
    os.symlink(corpus / "a.txt", corpus / "sub" / "alias.txt")
    paths, refused = discover(corpus)
    assert sorted(p.relative_to(corpus).as_posix() for p in paths) == ["a.txt", "sub/alias.txt"]
    assert refused == []


# -- the report -----------------------------------------------------------------------------


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def test_robustness_report_has_no_live_markup_from_documents(hostile_run):
    report = (hostile_run["root"] / "safe" / "report.html").read_text(encoding="utf-8")
    assert "alert(1)" in report  # the hostile text did reach the report, escaped
    for live in ("<script>alert", "<img src=x", "</script><img"):
        assert live not in report, live
    parser = _Tags()
    parser.feed(report)
    scripts = [attrs for tag, attrs in parser.tags if tag == "script"]
    assert len(scripts) == 2, scripts  # the JSON island and the report's own code
    assert scripts[0].get("type") == "application/json"
    assert not [tag for tag, _ in parser.tags if tag in ("img", "iframe", "object", "embed")]
    handlers = [(tag, k) for tag, attrs in parser.tags for k in attrs if k.startswith("on")]
    assert handlers == []


def test_robustness_manifest_hygiene_warnings_and_no_script_links(hostile_run):
    report = (hostile_run["root"] / "safe" / "report.html").read_text(encoding="utf-8")
    for code in ("W224", "W225", "W226"):  # script URL, duplicate row, missing file
        assert code in report, code
    parser = _Tags()
    parser.feed(report)
    hrefs = [attrs.get("href") or "" for tag, attrs in parser.tags if tag == "a"]
    assert not [h for h in hrefs if h.replace("\t", "").lower().startswith(
        ("javascript:", "data:", "vbscript:"))]
    # The timeline's links travel in the JSON island and become <a href> in the script.
    assert not re.search(r'"href":\s*"\s*(javascript|data|vbscript):', report, re.I)


# -- spreadsheet-safe cells -----------------------------------------------------------------


def test_robustness_spreadsheet_safe_defuses_formula_cells(hostile_run):
    title = '=HYPERLINK("http://example.invalid/","click me")'
    assert documents(hostile_run, "plain")["formula_cells.txt"]["title"] == title
    assert documents(hostile_run, "safe")["formula_cells.txt"]["title"] == "'" + title
    out = hostile_run["root"] / "safe"
    for path in sorted(out.glob("*.csv")):
        for row in csv.reader(io.StringIO(path.read_text(encoding="utf-8"))):
            for cell in row:
                if cell.startswith(FORMULA_START):
                    try:
                        float(cell)
                    except ValueError:
                        pytest.fail(f"{path.name}: formula-like cell {cell[:60]!r}")


def test_robustness_without_spreadsheet_safe_cells_are_unchanged(hostile_run):
    plain = hostile_run["root"] / "plain"
    assert "=cmd.txt" in documents(hostile_run, "plain")
    quotes = [r["text"] for r in rows(plain, "claims") if r["text"][:1] in FORMULA_START]
    assert quotes, "the fixture should yield claims starting with a formula character"
    assert not [q for q in quotes if q.startswith("'")]


# -- reader-level refusals ------------------------------------------------------------------


@pytest.mark.parametrize("name,data,code", [
    ("lone_surrogate_utf16.txt",
     b"\xff\xfe" + "Text ".encode("utf-16-le") + "\ud800".encode("utf-16-le", "surrogatepass"),
     "E105"),
    ("nul.md", b"# T\x00itle\n", "E105"),
    ("ws.html", b" \r\n\t ", "E106"),
])
def test_robustness_unreadable_encodings_are_document_errors(name, data, code):
    with pytest.raises(DocumentError) as info:
        read_source(Path(name), corpus_root=Path("."), raw=data, manifest={})
    assert info.value.code == code
    assert "Export it as text" in str(info.value) or "Remove it" in str(info.value)
