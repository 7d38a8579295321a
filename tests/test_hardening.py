"""Hardening round two (issue 24): what a hostile or unlucky corpus does to discovery,
reading, the output folder, the ID registry and validation. Fast tests, no spaCy model;
the end-to-end run over the hostile fixture is in ``test_robustness_safety.py``.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline import errors
from pipeline.cli import main
from pipeline.config import Settings
from pipeline.engine import files
from pipeline.run import discover


def invoke(*args: object):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def corpus_with(tmp_path: Path) -> Path:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Serbia rose against the Dahije in 1804.\n")
    return corpus


def refused(corpus: Path, **kw) -> dict[str, str]:
    paths, rows = discover(corpus, **kw)
    return {r.path: r.message for r in rows}


# -- 1. symlink loops ------------------------------------------------------------------------


@pytest.mark.parametrize("links", [
    {"s.txt": "s.txt"},  # ln -s s.txt corpus/s.txt
    {"a2.txt": "b2.txt", "b2.txt": "a2.txt"},  # a -> b -> a
    {"loop": "loop"},  # a directory link that loops
])
def test_hardening_discover_symlink_loop_gets_a_row(tmp_path, links):
    corpus = corpus_with(tmp_path)
    for name, target in links.items():
        os.symlink(target, corpus / name)
    paths, rows = discover(corpus)
    assert [p.name for p in paths] == ["a.txt"]
    messages = {r.path: r for r in rows}
    assert sorted(messages) == sorted(links)
    for row in messages.values():
        assert row.status == "skipped" and row.message.startswith("E115")
        assert "symlink loop" in row.message


def test_hardening_status_survives_symlink_loops(tmp_path):
    corpus = corpus_with(tmp_path)
    os.symlink("s.txt", corpus / "s.txt")
    os.symlink(".", corpus / "here")  # a looping directory link inside: not entered
    result = invoke("status", "--corpus", corpus, "--cache", tmp_path / "cache")
    assert result.exit_code == 0, result.output
    assert "new      a.txt" in result.output
    assert "refused  s.txt" in result.output and "E115" in result.output


def test_hardening_read_bytes_symlink_loop_is_refused(tmp_path):
    corpus = corpus_with(tmp_path)
    os.symlink("s.txt", corpus / "s.txt")
    got = files.read_bytes(corpus / "s.txt", "s.txt", Settings(), corpus_root=corpus)
    assert isinstance(got, errors.AnnalistError) and got.code == "E115"


# -- 3. FIFOs and dangling links ---------------------------------------------------------------


def test_hardening_discover_fifo_and_dangling_link_get_rows(tmp_path):
    corpus = corpus_with(tmp_path)
    os.mkfifo(corpus / "pipe.txt")
    os.symlink("gone.txt", corpus / "dangling.txt")
    messages = refused(corpus)
    assert messages["pipe.txt"].startswith("E117") and "FIFO" in messages["pipe.txt"]
    assert messages["dangling.txt"].startswith("E116") and "gone.txt" in messages["dangling.txt"]


def test_hardening_fifo_swapped_in_after_the_scan_never_blocks(tmp_path):
    corpus = corpus_with(tmp_path)
    paths, _ = discover(corpus)
    (corpus / "a.txt").unlink()
    os.mkfifo(corpus / "a.txt")  # no writer will ever open it
    got: list = []
    reader = threading.Thread(target=lambda: got.append(
        files.read_bytes(paths[0], "a.txt", Settings(), corpus_root=corpus)), daemon=True)
    reader.start()
    reader.join(10)
    assert not reader.is_alive(), "reading a FIFO blocked"
    assert isinstance(got[0], errors.DocumentError) and got[0].code == "E117"


# -- 2. checked at scan time, read later ----------------------------------------------------


def _outside(tmp_path: Path) -> Path:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "a.txt").write_text("OUTSIDE-SECRET\n")
    return outside


def test_hardening_file_swapped_for_symlink_outside_is_not_read(tmp_path):
    corpus = corpus_with(tmp_path)
    outside = _outside(tmp_path)
    paths, _ = discover(corpus)
    (corpus / "a.txt").unlink()
    os.symlink(outside / "a.txt", corpus / "a.txt")
    got = files.read_bytes(paths[0], "a.txt", Settings())
    assert isinstance(got, errors.AnnalistError) and got.code == "E109"


def test_hardening_folder_swapped_for_symlink_outside_is_not_read(tmp_path):
    corpus = corpus_with(tmp_path)
    (corpus / "sub").mkdir()
    (corpus / "sub" / "a.txt").write_text("Inside text from 1804.\n")
    outside = _outside(tmp_path)
    paths, _ = discover(corpus)
    (corpus / "sub" / "a.txt").unlink()
    (corpus / "sub").rmdir()
    os.symlink(outside, corpus / "sub")
    path = next(p for p in paths if p.parent.name == "sub")
    got = files.read_bytes(path, "sub/a.txt", Settings(), corpus_root=corpus)
    assert isinstance(got, errors.AnnalistError) and got.code == "E109"


def test_hardening_engine_item_carries_the_refusal_not_empty_bytes(tmp_path):
    """A file deleted or swapped between the scan and its batch is reported as what
    happened to it (E118 deleted, E109 outside), never read and never called empty."""
    from pipeline.engine import runner
    from pipeline.engine.keys import versions

    corpus = corpus_with(tmp_path)
    outside = _outside(tmp_path)
    (corpus / "b.txt").write_text("The assembly met in 1805.\n")
    vers = versions(Settings())
    jobs = [runner._Job(corpus / n, n, "x", None, "ab" * 32, "cd" * 32, False) for n in ("a.txt", "b.txt")]
    (corpus / "a.txt").unlink()
    (corpus / "b.txt").unlink()
    os.symlink(outside / "a.txt", corpus / "b.txt")
    items = [runner._item(j, None, Settings(), vers, corpus) for j in jobs]
    assert [i.refusal.code for i in items] == ["E118", "E109"]
    assert all(i.raw == b"" for i in items)
    from pipeline.engine.batch import _failed

    outcome = _failed(items[0], items[0].refusal, cacheable=False)
    assert not outcome.cacheable
    assert "deleted" in errors.file_vanished("a.txt", "was deleted or moved").message


def test_hardening_symlink_inside_the_corpus_is_still_read(tmp_path):
    corpus = corpus_with(tmp_path)
    os.symlink("a.txt", corpus / "alias.txt")
    got = files.read_bytes(corpus / "alias.txt", "alias.txt", Settings())
    assert got == (corpus / "a.txt").read_bytes()


# -- 6. --out (and the cache) inside --corpus ----------------------------------------------


def test_hardening_discover_leaves_out_output_and_cache_folders(tmp_path):
    corpus = corpus_with(tmp_path)
    for folder in ("outputs", "cache"):
        (corpus / folder).mkdir()
        (corpus / folder / "report.html").write_text("<p>Written in 1804.</p>")
    (corpus / "notes").mkdir()
    (corpus / "notes" / "b.txt").write_text("The assembly met in 1805.\n")
    paths, _ = discover(corpus, exclude=(corpus / "outputs", corpus / "cache", None))
    assert sorted(p.relative_to(corpus).as_posix() for p in paths) == ["a.txt", "notes/b.txt"]


def test_hardening_out_equal_to_corpus_is_refused(tmp_path):
    corpus = corpus_with(tmp_path)
    result = invoke("extract", "--corpus", corpus, "--out", corpus, "--no-cache", "--quiet")
    assert result.exit_code == 2
    assert "E121" in result.output and "Use another --out" in result.output


# -- 9. full disk, read-only folder, --out naming a file ------------------------------------


def test_hardening_out_naming_a_file_is_a_coded_error(tmp_path):
    corpus = corpus_with(tmp_path)
    (tmp_path / "out.txt").write_text("not a folder")
    for out in (tmp_path / "out.txt", tmp_path / "out.txt" / "sub"):
        result = invoke("extract", "--corpus", corpus, "--out", out, "--no-cache", "--quiet")
        assert result.exit_code == 2, result.output
        assert "E122" in result.output and "is a file" in result.output


def _full_disk(monkeypatch, after_bytes: int = 0):
    """Make the writer's ``open`` fail like a full disk once ``after_bytes`` are written."""
    import builtins
    import errno as errno_mod

    from pipeline import writers

    written = [0]
    real_open = builtins.open

    class Full:
        def __init__(self, fh):
            self.fh = fh

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.fh.close()

        def write(self, data):
            written[0] += len(data)
            if written[0] > after_bytes:
                raise OSError(errno_mod.ENOSPC, "No space left on device")
            return self.fh.write(data)

        def __getattr__(self, name):
            return getattr(self.fh, name)

    monkeypatch.setattr(writers, "open", lambda *a, **k: Full(real_open(*a, **k)),
                        raising=False)


def test_hardening_full_disk_is_a_coded_error_and_the_stage_is_removed(tmp_path, monkeypatch):
    from pipeline import writers

    out = tmp_path / "out"
    writers.write_files(out, {"a.csv": b"old\n", "b.csv": b"old\n"})
    _full_disk(monkeypatch, after_bytes=4)
    with pytest.raises(errors.AnnalistError) as info:
        writers.write_files(out, {"a.csv": b"new\n", "b.csv": b"new\n"})
    assert info.value.code == "E123" and "No space left" in info.value.message
    assert "Free some disk space" in info.value.message
    assert not (out / writers.STAGING).exists()
    assert (out / "a.csv").read_bytes() == b"old\n" and (out / "b.csv").read_bytes() == b"old\n"


def test_hardening_read_only_output_folder_is_a_coded_error(tmp_path, monkeypatch):
    import errno as errno_mod

    from pipeline import writers

    class ReadOnly:
        def __init__(self, path):
            pass

        def acquire(self, timeout=None):
            raise OSError(errno_mod.EROFS, "Read-only file system")

    monkeypatch.setattr(writers, "FileLock", ReadOnly)
    with pytest.raises(errors.AnnalistError) as info:
        with writers.OutputLock(tmp_path):
            pass
    assert info.value.code == "E123" and "Read-only file system" in info.value.message


# -- 7. roll-forward with a directory in the way; validate sees a pending write ----------------


def _interrupted(out: Path, files: dict[str, bytes]) -> None:
    """A write that was marked complete and then killed before moving anything."""
    import json

    from pipeline import writers

    staging = out / writers.STAGING
    staging.mkdir(parents=True)
    for name, data in files.items():
        (staging / name).write_bytes(data)
    (staging / writers.COMPLETE).write_text(json.dumps(sorted(files)))


def test_hardening_roll_forward_moves_a_directory_out_of_the_way(tmp_path):
    from pipeline import writers

    out = tmp_path / "out"
    _interrupted(out, {"a.csv": b"new\n", "b.csv": b"new\n"})
    (out / "b.csv").mkdir()
    (out / "b.csv" / "keep.txt").write_text("someone's file")
    done = writers.recover(out)
    assert "rolled forward" in done and "b.csv.annalist-displaced" in done
    assert (out / "a.csv").read_bytes() == b"new\n" and (out / "b.csv").read_bytes() == b"new\n"
    assert (out / "b.csv.annalist-displaced" / "keep.txt").read_text() == "someone's file"
    assert not (out / writers.STAGING).exists()


def test_hardening_damaged_complete_marker_discards_the_stage(tmp_path):
    from pipeline import writers

    out = tmp_path / "out"
    _interrupted(out, {"a.csv": b"new\n"})
    (out / writers.STAGING / writers.COMPLETE).write_text('{"a.csv": 1')
    assert writers.recover(out) == "discarded an incomplete write"
    assert not (out / "a.csv").exists()


def test_hardening_validate_reports_a_pending_write(tmp_path):
    from pipeline.validate import validate_outputs

    out = tmp_path / "out"
    _interrupted(out, {"events.csv": b"x\n", "datapackage.json": b"{}"})
    problems = validate_outputs(out)
    assert problems[0].table == ".staging/COMPLETE"
    assert "interrupted write is pending: 2 of its 2 files" in problems[0].message
    assert str(problems[0]).startswith(".staging/COMPLETE: ")


# -- 8. validate bounds what it reads ------------------------------------------------------


def _copy(tmp_path: Path) -> Path:
    """A fresh copy of the valid fixture output set (with its corpus)."""
    import shutil

    fixture = Path(__file__).parent / "fixtures" / "outputs_small"
    shutil.copytree(fixture, tmp_path / "out",
                    ignore=shutil.ignore_patterns("_build.py", "__pycache__"))
    return tmp_path / "out"


def test_hardening_validate_never_reads_devices_named_by_the_descriptor(tmp_path):
    import csv
    import io
    import json

    from pipeline.validate import validate_outputs

    out = _copy(tmp_path)
    package = json.loads((out / "datapackage.json").read_text())
    package["annalist:corpus"] = "/"
    (out / "datapackage.json").write_text(json.dumps(package))
    rows = list(csv.DictReader(io.StringIO((out / "documents.csv").read_text())))
    rows[0]["path"] = "dev/zero"
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    (out / "documents.csv").write_text(buf.getvalue())
    problems = validate_outputs(out)  # returns (it read /dev/zero until MemoryError before)
    bad = [p for p in problems if p.table == "documents" and p.field == "path"]
    assert bad and "not a regular file" in bad[0].message


@pytest.mark.parametrize("content,expect", [
    (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
    (b'{"resources": ' + b"[" * 50 + b"]" * 50 + b"}", ""),
    (b'{"resources": [{"name": "events", "path": "/dev/zero"}]}', ""),
    (b"{" + b" " * 5_000_000 + b"}", "bytes"),
])
def test_hardening_validate_reports_bad_descriptors(tmp_path, content, expect):
    from pipeline.validate import validate_outputs

    (tmp_path / "datapackage.json").write_bytes(content)
    problems = validate_outputs(tmp_path)
    assert problems and all(p.table == "datapackage.json" or p.row == 0 for p in problems)
    assert expect in problems[0].message


# -- 4. a damaged id_registry.json ------------------------------------------------------------


@pytest.mark.parametrize("content", [
    '{"format": 1, "generation": "two", "entity": {}, "event": {}}',  # wrong type
    '{"format": 1, "entity": [], "event": {}}',
    '{"format": 1, "born": {"E1": "x"}}',
    '{"format": 1, "merged": [{"old_id": 1}]}',
    '{"format": 1, "entity": {"k": 5}}',
    '{"format": 1, "gener',  # truncated
    '[1, 2]',
    "\xff\xfe",
])
def test_hardening_damaged_registry_warns_and_is_rebuilt_from_the_outputs(tmp_path, content):
    import csv

    from pipeline.reconcile import IdRegistry

    out = _copy(tmp_path)
    path = out / "id_registry.json"
    path.write_bytes(content.encode("utf-8", "surrogateescape") if content != "\xff\xfe"
                     else b"\xff\xfe")
    warnings: list[str] = []
    registry = IdRegistry.load(path, warnings=warnings)
    assert len(warnings) == 1 and warnings[0].startswith("W307") and "rebuilt" in warnings[0]
    with open(out / "event_mentions.csv", encoding="utf-8", newline="") as fh:
        mentions = {r["event_mention_id"]: r["event_id"] for r in csv.DictReader(fh)}
    assert mentions and registry.keys["event"] == mentions
    assert registry.keys["entity"]
    registry.assign("event", "EV", [("new-mention", ["new-mention"])])  # usable


def test_hardening_damaged_registry_without_outputs_starts_empty(tmp_path):
    from pipeline.reconcile import IdRegistry

    path = tmp_path / "id_registry.json"
    path.write_text('{"format": 1, "generation": -3}')
    warnings: list[str] = []
    assert IdRegistry.load(path, warnings=warnings).keys == {"entity": {}, "event": {}}
    assert "starts empty" in warnings[0]


# -- 10. links in report.html ---------------------------------------------------------------


@pytest.mark.parametrize("locator,corpus_href", [
    ("a.txt#L1", "javascript:alert(1)"),  # a corpus folder named like a script URL
    ("javascript:alert(1)", "../corpus"),
    ("java\tscript:alert(1)", "../corpus"),  # browsers drop tabs inside URLs
    ("JavaScript:alert(1)#L1", "../corpus"),
    ("data:text/html,<script>alert(1)</script>", "../corpus"),
])
def test_hardening_report_links_never_carry_a_script_scheme(locator, corpus_href):
    from pipeline.report import locator_href

    href = locator_href(locator, corpus_href)
    # What a browser would take as the scheme: anything before the first ':' with no '/'.
    scheme = href.replace("\t", "").split(":", 1)[0] if ":" in href.split("/", 1)[0] else ""
    assert scheme in ("", "http", "https"), href


def test_hardening_report_links_into_the_corpus_are_relative(tmp_path):
    from pipeline.report import locator_href

    assert locator_href("sub/a.txt#L12", "../corpus") == "../corpus/sub/a.txt#L12"
    assert locator_href("a.txt#L1", "javascript:alert(1)").startswith("javascript%3A")


# -- 11. manifest hygiene -------------------------------------------------------------------


def _manifest(corpus: Path, lines: list[str]) -> None:
    (corpus / "sources.csv").write_text("path,title,url,published\n" + "\n".join(lines) + "\n")


def test_hardening_manifest_warns_about_duplicates_missing_files_and_script_urls(tmp_path):
    from pipeline.readers.manifest import load_manifest

    corpus = corpus_with(tmp_path)
    _manifest(corpus, ["a.txt,First,javascript:alert(1),1 May 2024", "a.txt,Second,,",
                       "gone.txt,Missing,,"])
    warnings: list[str] = []
    rows = load_manifest(corpus, warnings=warnings)
    codes = sorted(w[:4] for w in warnings)
    assert codes == ["W224", "W225", "W226"], warnings
    assert rows["a.txt"]["title"] == "Second"  # the later row wins, as before


def test_hardening_manifest_script_url_stays_text(tmp_path):
    from pipeline.readers.manifest import load_manifest

    corpus = corpus_with(tmp_path)
    _manifest(corpus, ["a.txt,First,javascript:alert(1),"])
    assert load_manifest(corpus)["a.txt"]["url"] == "javascript:alert(1)"


@pytest.mark.timing
def test_hardening_manifest_100k_rows_with_free_form_dates(tmp_path, within):
    import time

    from pipeline.readers import manifest

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    months = ["January", "February", "March", "April", "May", "June", "July", "August",
              "September", "October", "November", "December"]
    days = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
    # 840 distinct free-form dates dateparser reads, 40 it cannot, over 100,000 rows.
    lines = [f"doc{i}.txt,Title {i},https://example.org/{i},"
             + (f"\"{days[i % 7]}, {1 + i % 28} {months[i % 12]} {1900 + i % 120}\""
                if i % 100 else f"early in the year {i % 40} or so")
             for i in range(100_000)]
    _manifest(corpus, lines)
    manifest._CACHE.clear()
    started = time.perf_counter()
    warnings: list[str] = []
    rows = manifest.load_manifest(corpus, warnings=warnings)
    within(time.perf_counter() - started, 10.0, "100,000-row manifest, free-form dates")
    assert len(rows) == 100_000
    assert rows["doc1.txt"]["published"] == "1901-02-02"
    assert [w[:4] for w in warnings] == ["W226"]  # one warning for 100,000 missing files
    assert "100000 files" in warnings[0] or "100,000" in warnings[0]


# -- 13. smaller: a giant token, a deleted file, oversized cache entries --------------------


@pytest.mark.parametrize("suffix", [".txt", ".md", ".html"])
def test_hardening_giant_token_is_left_out_of_the_text(suffix):
    from pipeline.readers import read_source
    from pipeline.readers.base import MAX_TOKEN_CHARS

    blob = "ab" * 1_000_000  # 2 MB, no spaces
    raw = f"The council met in 1804. The assembly said that {blob} was adopted in 1805.\n"
    if suffix == ".html":
        raw = f"<html><body><p>{raw}</p></body></html>"
    src = read_source(Path("doc" + suffix), corpus_root=Path("."), raw=raw.encode(),
                      manifest={})
    assert "abab" * 10 not in src.text
    assert all(len(word) < MAX_TOKEN_CHARS for word in src.text.split())
    assert [w[:4] for w in src.warnings] == ["W230"] and "2,000,000" in src.warnings[0]
    at = src.text.index("was adopted")
    start, end = src.offsets.to_raw(at, at + len("was adopted"))
    assert raw[start:end] == "was adopted"


def test_hardening_cache_entry_inflating_past_the_limit_is_refused(monkeypatch):
    import zlib

    from pipeline import cache as cache_mod

    monkeypatch.setattr(cache_mod, "MAX_INFLATED_BYTES", 10_000)
    bomb = zlib.compress(b"[" + b" " * 1_000_000 + b"]", 9)
    assert len(bomb) < 2_000
    with pytest.raises(cache_mod.CorruptEntry, match="when decompressed"):
        cache_mod.decode_extract(bomb)


def test_hardening_cache_bomb_on_disk_is_a_warning_and_a_miss(tmp_path, monkeypatch):
    import zlib

    from pipeline import cache as cache_mod

    monkeypatch.setattr(cache_mod, "MAX_INFLATED_BYTES", 10_000)
    cache = cache_mod.Cache(tmp_path / "cache")
    key = "ab" * 32
    cache.put_entry("extract", key, cache_mod._entry(
        "extract", key, zlib.compress(b"[" + b" " * 1_000_000 + b"]")))
    assert cache.get_extract(key) is None
    assert cache.warnings and cache.warnings[0].startswith("W301")


# -- 12. results from workers are checked on the client --------------------------------------


def _outcome_for(item, **change):
    import dataclasses

    from pipeline import cache as cache_mod
    from pipeline.engine.batch import Outcome, error_result

    result = error_result(item.rel, item.sha256, errors.empty_file(item.rel))
    outcome = Outcome(item.rel, item.sha256, item.parse_key, item.extract_key,
                      cache_mod.encode_extract(item.extract_key, result), None, work="read")
    return dataclasses.replace(outcome, **change)


@pytest.mark.parametrize("change", [
    {"extract_key": "ef" * 32},  # a key the client did not compute
    {"extract_entry": b"garbage"},  # a corrupt entry
    {"sha256": "0" * 64},
])
def test_hardening_worker_outcome_is_checked_against_the_clients_keys(tmp_path, change):
    from pipeline import cache as cache_mod
    from pipeline.engine import runner
    from pipeline.engine.batch import Item
    from pipeline.engine.keys import versions

    if "extract_key" in change:  # a well-formed entry under the forged key
        item0 = Item("a.txt", "a.txt", "s" * 64, b"x", None, "ab" * 32, "ef" * 32)
        change["extract_entry"] = _outcome_for(item0).extract_entry
    cache = cache_mod.Cache(tmp_path / "cache")
    state = runner._RunState(cache=cache, versions=versions(Settings()))
    job = runner._Job(tmp_path / "a.txt", "a.txt", "s" * 64, None, "ab" * 32, "cd" * 32, False)
    item = Item("a.txt", str(job.path), job.sha256, b"x", None, job.parse_key, job.extract_key)
    state.add(job, _outcome_for(item, **change), item)  # a warning, not a crash
    assert state.results["a.txt"].status == "error"
    assert state.warnings and state.warnings[0].startswith("W308")
    assert not cache.has("extract", "ef" * 32) and not cache.has("extract", "cd" * 32)


def test_hardening_worker_outcome_with_the_clients_keys_is_stored(tmp_path):
    from pipeline import cache as cache_mod
    from pipeline.engine import runner
    from pipeline.engine.batch import Item
    from pipeline.engine.keys import versions

    cache = cache_mod.Cache(tmp_path / "cache")
    state = runner._RunState(cache=cache, versions=versions(Settings()))
    job = runner._Job(tmp_path / "a.txt", "a.txt", "s" * 64, None, "ab" * 32, "cd" * 32, False)
    item = Item("a.txt", str(job.path), job.sha256, b"x", None, job.parse_key, job.extract_key)
    state.add(job, _outcome_for(item), item)
    assert state.warnings == [] and cache.has("extract", "cd" * 32)


# -- 5. pool workers die with their parent ------------------------------------------------------

_POOL_PARENT = """
import os, sys, time
from pipeline.engine import pool
if __name__ == "__main__":
    executor = pool._new_pool(2, "no_such_model_for_this_test")
    pids = sorted({executor.submit(os.getpid).result() for _ in range(8)})
    print(" ".join(map(str, pids)), flush=True)
    time.sleep(600)
"""


@pytest.mark.slow
def test_hardening_pool_workers_exit_when_the_parent_is_killed(tmp_path):
    import signal
    import subprocess
    import sys
    import time

    import psutil

    script = tmp_path / "parent.py"
    script.write_text(_POOL_PARENT)
    root = Path(__file__).resolve().parents[1]
    env = {**os.environ, "PYTHONPATH": str(root)}
    proc = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, env=env,
                            cwd=tmp_path, text=True)
    try:
        line = proc.stdout.readline()
        workers = [psutil.Process(int(pid)) for pid in line.split()]
        assert workers, "the pool started no worker"
        assert all(w.ppid() == proc.pid for w in workers)
        os.kill(proc.pid, signal.SIGKILL)  # kill -9: no cleanup code runs in the parent
        proc.wait(10)
        deadline = time.monotonic() + 15
        alive = workers
        while alive and time.monotonic() < deadline:
            time.sleep(0.1)
            alive = [w for w in alive if w.is_running() and w.status() != psutil.STATUS_ZOMBIE]
        assert alive == [], f"orphaned workers still running: {[w.pid for w in alive]}"
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(10)


def test_hardening_tls_scheduler_without_certificates_is_a_coded_error(tmp_path):
    pytest.importorskip("distributed")
    corpus = corpus_with(tmp_path)
    from pipeline import engine

    with pytest.raises(errors.AnnalistError) as info:
        engine.run([corpus / "a.txt"], corpus_root=corpus, settings=Settings(), cache=None,
                   scheduler="tls://127.0.0.1:1", progress=False)
    assert info.value.code == "E155" and "TLS__CA_FILE" in info.value.message


@pytest.mark.slow
def test_hardening_dask_over_tls_on_localhost(tmp_path, nlp):
    """The documented TLS set-up works: a scheduler and worker that require encryption,
    certificates given to the client through Dask's configuration."""
    import subprocess

    import dask
    distributed = pytest.importorskip("distributed")
    from pipeline import engine

    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout",
                    str(key), "-out", str(cert), "-days", "1", "-subj", "/CN=localhost"],
                   check=True, capture_output=True)
    security = distributed.Security(
        tls_ca_file=str(cert), tls_client_cert=str(cert), tls_client_key=str(key),
        tls_scheduler_cert=str(cert), tls_scheduler_key=str(key),
        tls_worker_cert=str(cert), tls_worker_key=str(key), require_encryption=True)
    corpus = corpus_with(tmp_path)
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False,
                                  protocol="tls", security=security, host="127.0.0.1",
                                  dashboard_address=None) as local:
        assert local.scheduler_address.startswith("tls://")
        with dask.config.set({"distributed.comm.tls.ca-file": str(cert),
                              "distributed.comm.tls.client.cert": str(cert),
                              "distributed.comm.tls.client.key": str(key)}):
            out = engine.run([corpus / "a.txt"], corpus_root=corpus, settings=Settings(),
                             cache=None, scheduler=local.scheduler_address, progress=False)
    assert out.executor.startswith("dask:tls://")
    assert [r.status for r in out.results] == ["ok"] and out.warnings == []
