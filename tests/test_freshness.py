"""A re-run with nothing changed leaves the outputs as they are, and says so."""

import shutil
import subprocess
import sys

from click.testing import CliRunner

from pipeline.cli import main


def _extract(corpus, out, cache, *extra):
    result = CliRunner().invoke(main, ["extract", "--corpus", str(corpus), "--out", str(out),
                                       "--cache", str(cache), "--workers", "1", "--quiet",
                                       *extra])
    assert result.exit_code in (0, 3), result.output
    return result


def _snapshot(out):
    return {p.name: p.read_bytes() for p in sorted(out.iterdir()) if p.is_file()}


def test_freshness_unchanged_corpus_is_up_to_date(tmp_path, corpus_dir):
    out, cache = tmp_path / "out", tmp_path / "cache"
    _extract(corpus_dir, out, cache)
    before = _snapshot(out)
    again = _extract(corpus_dir, out, cache)
    assert "Nothing changed since the last run" in again.output
    assert _snapshot(out) == before


def test_freshness_a_no_op_re_run_loads_neither_spacy_nor_pandas(tmp_path, corpus_dir):
    # Deciding "nothing changed" costs hashing, not a second of imports.
    out, cache = tmp_path / "out", tmp_path / "cache"
    _extract(corpus_dir, out, cache)
    code = ("import sys\nfrom pipeline.cli import main\n"
            "try:\n    main.main(sys.argv[1:], standalone_mode=False)\n"
            "except SystemExit:\n    pass\n"
            "print(sorted(m for m in ('spacy', 'pandas', 'dateparser') if m in sys.modules))")
    done = subprocess.run(
        [sys.executable, "-c", code, "extract", "--corpus", str(corpus_dir), "--out", str(out),
         "--cache", str(cache), "--workers", "1", "--quiet"],
        capture_output=True, text=True, check=True)
    assert "Nothing changed" in done.stderr
    assert done.stdout.strip().endswith("[]"), done.stdout


def test_freshness_an_edited_output_or_document_forces_a_full_run(tmp_path, corpus_dir):
    corpus, out, cache = tmp_path / "corpus", tmp_path / "out", tmp_path / "cache"
    shutil.copytree(corpus_dir, corpus)
    _extract(corpus, out, cache)
    pristine = (out / "events.csv").read_bytes()
    (out / "events.csv").write_bytes(b"tampered\n")
    assert "Nothing changed" not in _extract(corpus, out, cache).output
    assert (out / "events.csv").read_bytes() == pristine
    (corpus / "extra.txt").write_text("Serbia and Russia signed a treaty in 1807.\n")
    grown = _extract(corpus, out, cache)
    assert "Nothing changed" not in grown.output and "4 documents" in grown.output


def test_freshness_output_options_are_part_of_the_fingerprint(tmp_path, corpus_dir):
    out, cache = tmp_path / "out", tmp_path / "cache"
    _extract(corpus_dir, out, cache)
    safe = _extract(corpus_dir, out, cache, "--spreadsheet-safe")
    assert "Nothing changed" not in safe.output


def test_freshness_strict_still_fails_on_an_unchanged_broken_corpus(tmp_path, corpus_dir):
    corpus, out, cache = tmp_path / "corpus", tmp_path / "out", tmp_path / "cache"
    shutil.copytree(corpus_dir, corpus)
    (corpus / "scan.txt").write_bytes(b"\x00\x01binary")
    _extract(corpus, out, cache)
    strict = _extract(corpus, out, cache, "--strict")
    assert "Nothing changed" in strict.output and strict.exit_code == 3
