"""The engine: incremental re-runs, bad documents, process pool = in-process output.

Most tests swap the stages for small counting fakes (a blank spaCy pipeline, a one-line
extractor) so they can assert exactly what was recomputed; the pool test runs the real
pipeline on the sample corpus.
"""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest

from pipeline import engine, errors
from pipeline.engine import batch, files, keys, pool, tuning
from pipeline.cache import Cache
from pipeline.config import Settings
from pipeline.ids import stable_id
from pipeline.records import DocResult, Sentence, to_jsonable

DOCS = {
    "a.txt": "Napoleon met Alexander at Tilsit in July 1807.",
    "b.txt": "The treaty was signed on 7 July 1807.",
    "sub/c.txt": "Prussia lost half of its territory.",
    "broken.txt": "binary\x00junk",
    "boom.txt": "This one makes a stage raise: BOOM.",
}


class FakeStages:
    """Counting stand-ins for the reader, the model and the extraction stages."""

    def __init__(self) -> None:
        import spacy

        self.nlp = spacy.blank("en")
        self.nlp.add_pipe("sentencizer")
        self.nlp_version = "1"
        self.extract_versions = {"sentences": "1", "events": "1"}
        self.model_requests = 0
        self.parsed: list[str] = []
        self.extracted: list[str] = []

    def install(self, monkeypatch) -> None:
        monkeypatch.setattr(keys, "_stage_versions",
                            lambda: (self.nlp_version, dict(self.extract_versions)))
        monkeypatch.setattr(keys, "_reader_versions", lambda: {".txt": "fake@1"})
        monkeypatch.setattr(files, "load_manifest", lambda root, warnings=None: {})
        monkeypatch.setattr(batch, "_load_model", self.load_model)
        monkeypatch.setattr(batch, "_pipe", self.pipe)
        monkeypatch.setattr(batch, "_read", self.read)
        monkeypatch.setattr(batch, "_extract", self.extract)
        monkeypatch.setattr(batch, "error_result", self.error)

    def load_model(self, name):
        self.model_requests += 1
        return self.nlp

    def pipe(self, nlp, texts):
        self.parsed.extend(texts)
        return [nlp(t) for t in texts]

    def read(self, item, settings, corpus_root):
        from helpers import plain_source

        if b"\x00" in item.raw:
            raise errors.binary_file(item.rel)
        src = plain_source(item.raw.decode("utf-8"), path=item.rel)
        return dataclasses.replace(src, doc_id=stable_id("D", item.rel), sha256=item.sha256)

    def extract(self, src, doc, settings):
        self.extracted.append(src.path)
        if "BOOM" in src.text:
            raise RuntimeError("stage exploded")
        sents = tuple(Sentence(src.doc_id, i, s.start_char, s.end_char, 1, s.text,
                               s.start_char, s.end_char) for i, s in enumerate(doc.sents))
        return DocResult(src.doc_id, src.path, src.sha256, "ok", n_tokens=len(doc),
                         sentences=sents, extra={"v": dict(self.extract_versions)})

    def error(self, rel, sha, exc):
        return DocResult(stable_id("D", rel), rel, sha, "error", message=str(exc))

    def reset(self) -> None:
        self.model_requests = 0
        self.parsed.clear()
        self.extracted.clear()


@pytest.fixture()
def fake(monkeypatch) -> FakeStages:
    stages = FakeStages()
    stages.install(monkeypatch)
    return stages


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    root = tmp_path / "corpus"
    for rel, text in DOCS.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(text.encode("utf-8"))
    return root


def _paths(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file())


def _run(root: Path, cache: Cache | None, **kw) -> engine.RunResult:
    return engine.run(_paths(root), corpus_root=root, settings=Settings(), cache=cache,
                      workers=1, progress=False, **kw)


def test_engine_bad_documents_become_errors_and_the_rest_is_processed(fake, corpus, tmp_path):
    out = _run(corpus, Cache(tmp_path / "cache"))
    by_path = {r.path: r for r in out.results}
    assert [r.path for r in out.results] == sorted(DOCS)
    assert by_path["broken.txt"].status == "error"
    assert by_path["broken.txt"].message.startswith("E105")
    assert by_path["boom.txt"].status == "error"
    assert "stage exploded" in by_path["boom.txt"].message
    assert {p for p, r in by_path.items() if r.status == "ok"} == {"a.txt", "b.txt", "sub/c.txt"}
    assert out.states == {"a.txt": "new", "b.txt": "new", "sub/c.txt": "new",
                          "broken.txt": "failed", "boom.txt": "failed"}


def test_engine_noop_rerun_does_no_nlp(fake, corpus, tmp_path):
    cache = Cache(tmp_path / "cache")
    first = _run(corpus, cache)
    fake.reset()
    again = _run(corpus, cache)
    assert fake.model_requests == 0 and fake.parsed == [] and fake.extracted == []
    assert again.results == first.results
    assert again.n_cached == len(DOCS)
    assert again.counts() == {"new": 0, "changed": 0, "cached": 3, "failed": 2}


def test_engine_cached_results_are_decoded_out_of_the_collectors_sight(fake, corpus, tmp_path):
    import gc

    cache = Cache(tmp_path / "cache")
    _run(corpus, cache)
    again = _run(corpus, cache)
    tracked = {id(o) for o in gc.get_objects()}
    assert gc.isenabled()
    assert not any(id(r) in tracked or id(r.sentences) in tracked for r in again.results)


@pytest.mark.parametrize("change", ["edit", "add", "delete"])
def test_engine_one_document_changed_recomputes_only_it(fake, corpus, tmp_path, change):
    cache = Cache(tmp_path / "cache")
    first = _run(corpus, cache)
    fake.reset()
    if change == "edit":
        (corpus / "b.txt").write_text("The treaty was signed on 9 July 1807.", encoding="utf-8")
    elif change == "add":
        (corpus / "d.txt").write_text("Russia joined the Continental System.", encoding="utf-8")
    else:
        (corpus / "b.txt").unlink()
    out = _run(corpus, cache)
    expected = {"edit": ["The treaty was signed on 9 July 1807."],
                "add": ["Russia joined the Continental System."], "delete": []}[change]
    assert fake.parsed == expected
    assert out.n_parsed == len(expected)
    unchanged = {r.path: r for r in first.results if r.path != "b.txt"}
    assert {r.path: r for r in out.results if r.path in unchanged} == unchanged
    if change == "edit":
        assert out.states["b.txt"] == "changed"
    if change == "add":
        assert out.states["d.txt"] == "new"
    if change == "delete":
        assert "b.txt" not in out.states


def test_engine_stage_version_bump_reextracts_without_parsing(fake, corpus, tmp_path):
    cache = Cache(tmp_path / "cache")
    _run(corpus, cache)
    fake.reset()
    fake.extract_versions["events"] = "2"
    out = _run(corpus, cache)
    assert fake.parsed == []
    assert sorted(fake.extracted) == ["a.txt", "b.txt", "boom.txt", "sub/c.txt"]
    assert out.n_extracted == 4 and out.n_parsed == 0
    assert {r.path: r.extra.get("v") for r in out.results if r.status == "ok"} == {
        p: {"sentences": "1", "events": "2"} for p in ("a.txt", "b.txt", "sub/c.txt")}


@pytest.mark.parametrize("bump", ["nlp", "settings"])
def test_engine_parse_inputs_changed_reparse_everything(fake, corpus, tmp_path, bump):
    cache = Cache(tmp_path / "cache")
    _run(corpus, cache)
    fake.reset()
    settings = Settings()
    if bump == "nlp":
        fake.nlp_version = "2"
    else:
        settings = Settings(reference_date="2020-01-01")
    out = engine.run(_paths(corpus), corpus_root=corpus, settings=settings, cache=cache,
                     workers=1, progress=False)
    assert len(fake.parsed) == 4  # every readable document
    assert out.counts()["changed"] == 3


def test_engine_corrupt_entry_is_reported_and_recomputed(fake, corpus, tmp_path):
    cache = Cache(tmp_path / "cache")
    first = _run(corpus, cache)
    ek = cache.load_index()[str((corpus / "a.txt").absolute())]["extract"]
    path = cache.path("extract", ek)
    path.write_bytes(path.read_bytes()[:-7])
    fake.reset()
    out = _run(corpus, cache)
    assert out.results == first.results
    assert fake.extracted == ["a.txt"] and fake.parsed == []  # its parse was still good
    assert len(out.warnings) == 1 and out.warnings[0].startswith("W301")


def test_engine_a_copy_under_another_path_is_its_own_document(fake, corpus, tmp_path):
    cache = Cache(tmp_path / "cache")
    _run(corpus, cache)
    (corpus / "a copy.txt").write_bytes((corpus / "a.txt").read_bytes())
    fake.reset()
    out = _run(corpus, cache)
    copy = {r.path: r for r in out.results}["a copy.txt"]
    assert copy.doc_id == stable_id("D", "a copy.txt") != stable_id("D", "a.txt")
    assert out.states["a copy.txt"] == "new" and fake.extracted == ["a copy.txt"]


def test_engine_status_reports_new_changed_cached_failed(fake, corpus, tmp_path):
    cache = Cache(tmp_path / "cache")
    settings = Settings()
    assert {s for _, s in engine.status(_paths(corpus), corpus_root=corpus,
                                        settings=settings, cache=cache)} == {"new"}
    _run(corpus, cache)
    (corpus / "a.txt").write_text("Edited.", encoding="utf-8")
    (corpus / "e.txt").write_text("Brand new.", encoding="utf-8")
    states = dict(engine.status(_paths(corpus), corpus_root=corpus, settings=settings,
                                cache=cache))
    assert states == {"a.txt": "changed", "b.txt": "cached", "sub/c.txt": "cached",
                      "broken.txt": "failed", "boom.txt": "failed", "e.txt": "new"}
    assert len(fake.parsed) == 4  # from the run; status itself parsed nothing


def test_engine_prune_drops_deleted_documents_entries(fake, corpus, tmp_path):
    cache = Cache(tmp_path / "cache")
    _run(corpus, cache)
    n_before, _ = cache.size()
    (corpus / "b.txt").unlink()
    removed, freed = engine.prune(_paths(corpus), corpus_root=corpus, settings=Settings(),
                                  cache=cache)
    assert removed == 2 and freed > 0  # its parse and extract entries
    assert cache.size()[0] == n_before - 2
    fake.reset()
    _run(corpus, cache)
    assert fake.parsed == []


def test_engine_without_cache_computes_everything(fake, corpus):
    out = _run(corpus, None)
    assert len(out.results) == len(DOCS) and len(fake.parsed) == 4


def test_engine_unreadable_file_is_an_error(fake, corpus, tmp_path):
    paths = _paths(corpus) + [corpus / "missing.txt"]
    out = engine.run(paths, corpus_root=corpus, settings=Settings(), cache=None, workers=1,
                     progress=False)
    missing = next(r for r in out.results if r.path == "missing.txt")
    # Listed but gone by the time it is read: reported as deleted (issue 24), not unreadable.
    assert missing.status == "error" and missing.message.startswith("E118")
    assert "deleted" in missing.message


def test_engine_model_fingerprint_matches_loaded_model(nlp):
    from pipeline.stages.nlp import model_fingerprint

    assert engine.model_fingerprint(Settings().model) == model_fingerprint(nlp)


# -- the real pipeline ------------------------------------------------------------------


@pytest.fixture(scope="module")
def real_corpus(tmp_path_factory) -> Path:
    src = Path(__file__).resolve().parent.parent / "corpus"
    root = tmp_path_factory.mktemp("real") / "corpus"
    shutil.copytree(src, root)
    (root / "empty.txt").write_bytes(b"   \n")
    return root


def _dump(out: engine.RunResult) -> list:
    return [to_jsonable(r) for r in out.results]


@pytest.mark.slow
def test_engine_process_pool_output_identical_to_in_process(real_corpus, tmp_path, monkeypatch):
    paths = _paths(real_corpus)
    one = engine.run(paths, corpus_root=real_corpus, settings=Settings(), cache=None,
                     workers=1, progress=False)
    monkeypatch.setattr(tuning, "MAX_BATCH_DOCS", 1)  # several batches, so the pool starts
    cache = Cache(tmp_path / "cache")
    two = engine.run(paths, corpus_root=real_corpus, settings=Settings(), cache=cache,
                     workers=2, progress=False)
    assert two.executor == "processes:2"
    assert _dump(two) == _dump(one)
    assert any(r.status == "error" for r in one.results)  # the empty file
    warm = engine.run(paths, corpus_root=real_corpus, settings=Settings(), cache=cache,
                      workers=2, progress=False)
    assert warm.n_cached == len(paths) and _dump(warm) == _dump(one)


def _cached_copy(real_corpus: Path, tmp_path: Path) -> tuple[Path, Cache, engine.RunResult]:
    """A copy of the sample corpus, and a cache filled by one in-process run over it."""
    root = tmp_path / "corpus"
    shutil.copytree(real_corpus, root)
    cache = Cache(tmp_path / "cache")
    first = engine.run(_paths(root), corpus_root=root, settings=Settings(), cache=cache,
                       workers=1, progress=False)
    return root, cache, first


def _record_warm_workers(monkeypatch) -> list:
    """Let a corpus this small decode beside a worker, and record every warm worker."""
    monkeypatch.setattr(tuning, "OVERLAP_MIN_CACHED", 1)
    warmed: list = []
    warm_worker = pool.warm_worker
    monkeypatch.setattr(pool, "warm_worker",
                        lambda *a, **k: warmed.append(warm_worker(*a, **k)) or warmed[-1])
    return warmed


@pytest.mark.slow
def test_engine_new_documents_go_to_a_worker_while_the_cache_decodes(real_corpus, tmp_path,
                                                                      monkeypatch):
    root, cache, _ = _cached_copy(real_corpus, tmp_path)
    (root / "added.txt").write_text("Serbia and Russia signed an accord on 3 May 2021.",
                                    encoding="utf-8")
    corrupt = root / "empty.txt"  # its cached error result is damaged: found by the decoder
    ek = cache.load_index()[str(corrupt.absolute())]["extract"]
    cache.path("extract", ek).write_bytes(b"junk")
    warmed = _record_warm_workers(monkeypatch)

    out = engine.run(_paths(root), corpus_root=root, settings=Settings(), cache=cache,
                     workers=2, progress=False)
    fresh = engine.run(_paths(root), corpus_root=root, settings=Settings(), cache=None,
                       workers=1, progress=False)
    assert warmed[0] is not None  # a new path: its worker started before the scan
    assert out.executor == "processes:1"  # one batch, on a worker: decoding ran meanwhile
    assert _dump(out) == _dump(fresh)
    assert out.states["added.txt"] == "new" and out.states["empty.txt"] == "failed"
    assert out.n_cached == len(_paths(root)) - 2
    assert [w[:4] for w in out.warnings] == ["W301"]


@pytest.mark.slow
def test_engine_a_warm_worker_with_nothing_to_do_is_let_go(real_corpus, tmp_path, monkeypatch):
    import json

    root, cache, first = _cached_copy(real_corpus, tmp_path)
    # The index (advisory) lost a row, say to an interrupted run: that path looks new,
    # a worker is started for it, but its result is in the cache.
    index = json.loads((cache.base / "index.json").read_text(encoding="utf-8"))
    del index["docs"][str((root / "empty.txt").absolute())]
    (cache.base / "index.json").write_text(json.dumps(index), encoding="utf-8")
    warmed = _record_warm_workers(monkeypatch)
    out = engine.run(_paths(root), corpus_root=root, settings=Settings(), cache=cache,
                     workers=2, progress=False)
    assert warmed[0] is not None
    assert out.executor == "none" and out.n_cached == len(first.results)
    assert _dump(out) == _dump(first)


def test_engine_warm_worker_only_for_a_few_new_paths_in_a_large_cache(tmp_path, monkeypatch):
    monkeypatch.setattr(tuning, "OVERLAP_MIN_CACHED", 3)
    paths = [tmp_path / f"{i}.txt" for i in range(5)]
    index = {files.index_key(p): {} for p in paths[:3]}
    settings = Settings()
    assert pool.warm_worker(paths[:3], index, settings, n_workers=2, scheduler=None) is None
    assert pool.warm_worker(paths, index, settings, n_workers=1, scheduler=None) is None
    assert pool.warm_worker(paths, index, settings, n_workers=2,
                               scheduler="tcp://x:1") is None
    assert pool.warm_worker(paths, dict(list(index.items())[:2]), settings, n_workers=2,
                               scheduler=None) is None  # too small a cache
    monkeypatch.setattr(tuning, "MAX_BATCH_DOCS", 1)
    assert pool.warm_worker(paths, index, settings, n_workers=2, scheduler=None) is None


def test_engine_keys_are_worked_out_without_importing_spacy():
    import subprocess
    import sys

    code = ("import sys; from pipeline import engine; from pipeline.config import Settings; "
            "engine.versions(Settings()); print(sorted(m for m in sys.modules "
            "if m.split('.')[0] in ('spacy', 'thinc')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=Path(__file__).resolve().parent.parent)
    assert out.stdout.strip() == "[]"


@pytest.mark.slow
@pytest.mark.parametrize("workers", [1, 2])
def test_engine_missing_model_fails_the_run_with_its_message(real_corpus, monkeypatch, workers):
    from pipeline.errors import AnnalistError

    monkeypatch.setattr(tuning, "MAX_BATCH_DOCS", 1)
    with pytest.raises(AnnalistError) as info:
        engine.run(_paths(real_corpus), corpus_root=real_corpus,
                   settings=Settings(model="no_such_model_xyz"), cache=None,
                   workers=workers, progress=False)
    assert info.value.code == "E110"


def test_engine_plan_knows_a_noop_rerun_without_loading_results(fake, corpus, tmp_path, monkeypatch):
    cache = Cache(tmp_path / "cache")
    first = _run(corpus, cache)
    monkeypatch.setattr(cache, "get_extract", lambda key: pytest.fail("decoded a result"))
    before = engine.plan(_paths(corpus), corpus_root=corpus, settings=Settings(), cache=cache)
    assert before.all_cached and before.run_key == first.run_key
    (corpus / "a.txt").write_text("Edited.", encoding="utf-8")
    after = engine.plan(_paths(corpus), corpus_root=corpus, settings=Settings(), cache=cache)
    assert not after.all_cached and after.run_key != first.run_key
    assert after.states["a.txt"] == "changed"


def test_engine_cache_write_failure_warns_and_keeps_results(fake, corpus, tmp_path, monkeypatch):
    cache = Cache(tmp_path / "cache")

    def full_disk(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(cache, "put_entry", full_disk)
    out = _run(corpus, cache)
    assert len(out.results) == len(DOCS)
    assert [w[:4] for w in out.warnings] == ["W305"]


def test_engine_interrupted_run_keeps_what_it_finished(fake, corpus, tmp_path, monkeypatch):
    cache = Cache(tmp_path / "cache")
    extract = fake.extract

    def interrupt_on_c(src, doc, settings):
        if src.path == "sub/c.txt":
            raise KeyboardInterrupt
        return extract(src, doc, settings)

    monkeypatch.setattr(batch, "_extract", interrupt_on_c)
    with pytest.raises(KeyboardInterrupt):
        _run(corpus, cache)
    assert len(cache.load_index()) >= 2  # the batches done before the interrupt
    monkeypatch.setattr(batch, "_extract", extract)
    fake.reset()
    out = _run(corpus, cache)
    assert out.n_cached >= 2 and "sub/c.txt" in {r.path for r in out.results}


@pytest.mark.slow
def test_engine_worker_killed_midway_is_replaced_and_nothing_lost(real_corpus, monkeypatch):
    import signal
    import threading
    import time

    import psutil  # part of the test extra
    monkeypatch.setattr(tuning, "MAX_BATCH_DOCS", 1)
    killed = []
    # Workers of an earlier test's pool may still be exiting: only this run's count.
    earlier = {child.pid for child in psutil.Process().children(recursive=True)}

    def pool_workers() -> list:
        found = []
        for child in psutil.Process().children(recursive=True):
            try:
                if child.pid not in earlier and "spawn_main" in " ".join(child.cmdline()) \
                        and child.is_running():
                    found.append(child)
            except psutil.Error:
                continue
        return found

    def kill_a_worker() -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not killed:
            workers = pool_workers()
            if len(workers) >= 2:
                time.sleep(0.5)
                try:
                    workers[0].send_signal(signal.SIGKILL)
                    killed.append(workers[0].pid)
                except psutil.Error:
                    pass
            time.sleep(0.05)

    threading.Thread(target=kill_a_worker, daemon=True).start()
    out = engine.run(_paths(real_corpus), corpus_root=real_corpus, settings=Settings(),
                     cache=None, workers=2, progress=False)
    assert killed
    assert any(w.startswith("W303") for w in out.warnings)
    assert [r.status for r in out.results if r.path != "empty.txt"] == ["ok"] * 3
