"""The per-document cache: atomic, checksummed, keyed by content and every version."""

from __future__ import annotations

import dataclasses
import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

from pipeline import cache as cache_mod
from pipeline.cache import Cache
from pipeline.records import (
    Actor, DocResult, EntityMention, EventMention, Sentence, Timex,
)

ROOT = Path(__file__).resolve().parent.parent
KEY = "ab" * 32
OTHER = "cd" * 32


def _result(path: str = "a.txt", **extra) -> DocResult:
    sent = Sentence("D1", 0, 0, 20, 1, "Napoleon met Alexander.", 0, 20, citations=("24",))
    mention = EntityMention("M1", "D1", 0, 8, 1, "Napoleon", "PERSON", 0, 8, 0)
    timex = Timex(0, 9, "10 July 1807", "DATE", "1807-07-10", precision="day")
    event = EventMention("E1", "D1", "C1", 0, 20, 1, "Napoleon met Alexander.", "met",
                         "meeting", actors=(Actor("Napoleon", "agent", "M1"),),
                         confidence=0.75, numbers=("2",))
    return DocResult("D1", path, "f" * 64, "ok", title="Tilsit \u00e9 \udcff",
                     sentences=(sent,), mentions=(mention,), timexes=(timex,),
                     event_mentions=(event,), extra=extra)


@pytest.fixture()
def cache(tmp_path: Path) -> Cache:
    return Cache(tmp_path / "cache")


def test_cache_extract_round_trip(cache: Cache) -> None:
    result = _result()
    cache.put_extract(KEY, result)
    assert cache.get_extract(KEY) == result
    assert cache.get_extract(OTHER) is None
    assert cache.warnings == []


def test_cache_decoding_equals_records_from_jsonable() -> None:
    import json

    from helpers import plain_source

    from pipeline.records import from_jsonable, to_jsonable

    values = [_result(extra={"lists": [1, [2, 3]], "nested": {"t": [4]}}),
              plain_source("One.\n\nTwo.")]
    for value in values:
        blob = json.dumps(to_jsonable(value))
        fast = json.loads(blob, object_hook=cache_mod._record_hook)
        slow = from_jsonable(json.loads(blob))
        assert fast == slow == value
        assert dataclasses.asdict(fast) == dataclasses.asdict(slow)


def test_cache_records_have_slots_and_pickle_equal() -> None:
    import pickle

    from helpers import plain_source

    result, src = _result(extra={"k": [1]}), plain_source("One.\n\nTwo.")
    # A million mentions' records, each with a __dict__, held 4.7 GB.
    for record in (result, result.sentences[0], result.mentions[0], result.timexes[0],
                   result.event_mentions[0], result.event_mentions[0].actors[0],
                   src, src.offsets):
        assert not hasattr(record, "__dict__")
    for value in (result, src):
        again = pickle.loads(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
        assert again == value
        assert dataclasses.asdict(again) == dataclasses.asdict(value)
    assert pickle.loads(pickle.dumps(src)).offsets.to_raw(0, 3) == src.offsets.to_raw(0, 3)


def test_cache_entry_from_an_older_schema_takes_defaults(cache: Cache) -> None:
    import json
    import zlib

    from pipeline.records import to_jsonable

    data = to_jsonable(_result())
    del data["title"]  # a field the writer's schema did not have
    data["retired_field"] = 1  # and one it had that ours does not
    payload = zlib.compress(json.dumps(data).encode())
    got = cache_mod.decode_extract(payload)
    assert got.title == "" and not hasattr(got, "retired_field")


def test_cache_parse_round_trip(cache: Cache) -> None:
    spacy = pytest.importorskip("spacy")
    from helpers import plain_source

    nlp = spacy.blank("en")
    src = plain_source("Napoleon met Alexander at Tilsit.\n\nThey signed a treaty.")
    doc = nlp(src.text)
    doc.user_data["annalist"] = "kept"
    cache.put_parse(KEY, src, doc)
    got_src, got_doc = cache.get_parse(KEY, nlp.vocab)
    assert got_src == src
    assert [t.text for t in got_doc] == [t.text for t in doc]
    assert got_doc.user_data["annalist"] == "kept"


def test_cache_write_leaves_no_partial_entry(cache: Cache, monkeypatch) -> None:
    def fail(*args):
        raise OSError("disk full")

    monkeypatch.setattr(cache_mod.os, "replace", fail)
    with pytest.raises(OSError):
        cache.put_extract(KEY, _result())
    assert not cache.path("extract", KEY).exists()
    assert list(cache.tmp.iterdir()) == []


def _corrupt_truncate(blob: bytes) -> bytes:
    return blob[: len(blob) // 2]


def _corrupt_flip(blob: bytes) -> bytes:
    i = len(blob) - 5
    return blob[:i] + bytes([blob[i] ^ 0xFF]) + blob[i + 1:]


@pytest.mark.parametrize("damage", [
    _corrupt_truncate,
    _corrupt_flip,
    lambda blob: b"",
    lambda blob: blob[:10],
    lambda blob: b"garbage" * 20,
    lambda blob: blob + b"trailing",
], ids=["truncated", "bit-flip", "empty", "header-only", "garbage", "trailing-bytes"])
def test_cache_corrupt_entry_is_reported_deleted_not_served(cache: Cache, damage) -> None:
    cache.put_extract(KEY, _result())
    path = cache.path("extract", KEY)
    path.write_bytes(damage(path.read_bytes()))
    assert cache.get_extract(KEY) is None
    assert not path.exists()
    assert len(cache.warnings) == 1 and cache.warnings[0].startswith("W301")
    cache.put_extract(KEY, _result())  # recomputed and stored again
    assert cache.get_extract(KEY) == _result()


def test_cache_entry_under_the_wrong_key_is_not_served(cache: Cache) -> None:
    cache.put_extract(KEY, _result())
    wrong = cache.path("extract", OTHER)
    wrong.parent.mkdir(parents=True, exist_ok=True)
    wrong.write_bytes(cache.path("extract", KEY).read_bytes())
    assert cache.get_extract(OTHER) is None
    assert "another key" in cache.warnings[0]


def test_cache_sigkill_mid_write_leaves_only_valid_entries(tmp_path: Path) -> None:
    root = tmp_path / "cache"
    writer = textwrap.dedent(f"""
        import hashlib, sys
        sys.path.insert(0, {str(ROOT)!r})
        from pipeline.cache import Cache, _entry
        cache = Cache({str(root)!r})
        payload = b"x" * 4_000_000
        print("ready", flush=True)
        i = 0
        while True:
            key = hashlib.sha256(str(i).encode()).hexdigest()
            cache.put_entry("extract", key, _entry("extract", key, payload))
            i += 1
    """)
    proc = subprocess.Popen([sys.executable, "-c", writer], stdout=subprocess.PIPE)
    assert proc.stdout.readline().strip() == b"ready"
    time.sleep(0.5)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    cache = Cache(root)
    entries = list(cache.keys("extract"))
    assert entries, "the writer stored nothing before it was killed"
    for key, _ in entries:
        assert cache.get_payload("extract", key) == b"x" * 4_000_000
    assert cache.warnings == []
    cache.clean_temps()  # the killed writer's temp file (if any) goes: its pid is dead
    assert list(cache.tmp.iterdir()) == []


def test_cache_stale_temp_is_cleaned_live_one_kept(cache: Cache) -> None:
    cache.tmp.mkdir(parents=True)
    host = cache_mod._host()
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True).stdout.strip()
    stale = cache.tmp / f"{KEY}.bin.{host}.{dead}.deadbeef.tmp"
    live = cache.tmp / f"{OTHER}.bin.{host}.{os.getpid()}.cafebabe.tmp"
    old_foreign = cache.tmp / f"{OTHER}.bin.elsewhere.1.00000000.tmp"
    for p in (stale, live, old_foreign):
        p.write_bytes(b"partial")
    os.utime(old_foreign, (time.time() - 7200, time.time() - 7200))
    assert cache.get_extract(KEY) is None  # a temp is never read as an entry
    assert cache.clean_temps() == 2
    assert [p.name for p in cache.tmp.iterdir()] == [live.name]


def test_cache_concurrent_writers_and_readers_see_whole_entries(cache: Cache) -> None:
    result = _result()
    seen: list[object] = []

    def work() -> None:
        for _ in range(20):
            cache.put_extract(KEY, result)
            seen.append(cache.get_extract(KEY))

    threads = [threading.Thread(target=work) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(got == result for got in seen)
    assert cache.warnings == []


def test_cache_prune_drops_unused_entries_and_index_rows(cache: Cache) -> None:
    keys = [f"{i:02x}" * 32 for i in range(4)]
    for key in keys:
        cache.put_extract(key, _result())
    cache.update_index({"/c/a.txt": {"extract": keys[0], "status": "ok"},
                        "/c/b.txt": {"extract": keys[1], "status": "ok"}})
    size = cache.path("extract", keys[2]).stat().st_size
    removed, freed = cache.prune({keys[0], keys[3]})
    assert removed == 2
    assert freed == 2 * size
    assert sorted(k for k, _ in cache.keys("extract")) == sorted([keys[0], keys[3]])
    assert list(cache.load_index()) == ["/c/a.txt"]
    assert cache.prune({keys[0], keys[3]}) == (0, 0)


def test_cache_index_merges_and_survives_corruption(cache: Cache) -> None:
    cache.update_index({"/c/a.txt": {"extract": KEY}})
    cache.update_index({"/c/b.txt": {"extract": OTHER}})
    assert set(cache.load_index()) == {"/c/a.txt", "/c/b.txt"}
    (cache.base / "index.json").write_text("{not json")
    assert cache.load_index() == {}
    assert cache.warnings[-1].startswith("W302")


BASE = dict(path="a.txt", sha256="a" * 64, reader="text@1", manifest_row={"path": "a.txt", "title": ""},
            model="en_core_web_sm@3.8.0", nlp_version="1", settings="s1", spacy_version="3.8")


@pytest.mark.parametrize("field,value", [
    ("path", "copy of a.txt"),
    ("sha256", "b" * 64),
    ("reader", "text@3"),
    ("manifest_row", {"path": "a.txt", "title": "Tilsit"}),
    ("manifest_row", None),
    ("model", "en_core_web_sm@3.8.1"),
    ("model", "en_core_web_trf@3.8.0"),
    ("nlp_version", "2"),
    ("settings", "s2"),
    ("spacy_version", "3.9"),
])
def test_cache_parse_key_changes_with_every_input(field: str, value: object) -> None:
    changed = {**BASE, field: value}
    assert cache_mod.parse_key(**changed) != cache_mod.parse_key(**BASE)
    assert cache_mod.parse_key(**BASE) == cache_mod.parse_key(**dict(BASE))


def test_cache_extract_key_changes_with_stage_versions_and_parse_key() -> None:
    versions = {"sentences": "1", "entities": "1", "dates": "1", "claims": "1", "events": "1"}
    pk = cache_mod.parse_key(**BASE)
    key = cache_mod.extract_key(pk, versions)
    assert cache_mod.extract_key(pk, dict(versions)) == key
    assert cache_mod.extract_key(pk, {**versions, "claims": "2"}) != key
    assert cache_mod.extract_key(pk, {**versions, "timeline": "1"}) != key
    assert cache_mod.extract_key(cache_mod.parse_key(**{**BASE, "sha256": "c" * 64}),
                                 versions) != key


def test_cache_settings_fingerprint_reaches_the_key() -> None:
    from pipeline.config import Settings

    a = cache_mod.parse_key(**{**BASE, "settings": Settings().fingerprint()})
    b = cache_mod.parse_key(**{**BASE, "settings": Settings(reference_date="2020-01-01").fingerprint()})
    assert a != b


def test_cache_to_jsonable_fast_path_matches_the_plain_definition():
    import dataclasses

    from bench.synthetic import make_results
    from pipeline.records import OffsetMap, to_jsonable

    def plain(value):
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            return {"__t": type(value).__name__,
                    **{f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}}
        if isinstance(value, (list, tuple)):
            return [plain(v) for v in value]
        if isinstance(value, dict):
            return {k: plain(v) for k, v in value.items()}
        return value

    results = make_results(60, seed=3)
    extra = {"nested": [(1, 2.5, None, True)], "map": OffsetMap(((0, 0, 5),), 5)}
    for r in [*results, dataclasses.replace(results[0], extra=extra)]:
        assert to_jsonable(r) == plain(r)


@pytest.mark.slow
def test_cache_extraction_on_a_decoded_parse_equals_extraction_on_spacys_doc(nlp, tmp_path):
    """Workers extract from the Doc spaCy made and store its DocBin: a later run that
    extracts from the stored parse (after a stage's version changed) must agree."""
    from pipeline.config import Settings
    from pipeline.document import extract
    from pipeline.readers import read_source
    from pipeline.stages.nlp import CHUNK_CHARS, parse

    root = Path(__file__).resolve().parent.parent
    paths = [p for folder in ("corpus", "tests/fixtures/golden/corpus")
             for p in sorted((root / folder).iterdir()) if p.suffix in (".txt", ".md", ".html")]
    article = max(paths, key=lambda p: p.stat().st_size)
    long_text = tmp_path / "long.txt"  # parsed in chunks and joined with Doc.from_docs
    long_text.write_bytes(article.read_bytes() * (CHUNK_CHARS // article.stat().st_size + 2))
    settings = Settings()
    sources = [read_source(p, corpus_root=p.parent, settings=settings)
               for p in [*paths, long_text]]
    assert len(sources[-1].text) > CHUNK_CHARS
    for src, doc in zip(sources, parse(nlp, [s.text for s in sources])):
        entry = cache_mod.encode_parse(KEY, src, doc)
        src2, doc2 = cache_mod.decode_parse(cache_mod._payload("parse", KEY, entry), nlp.vocab)
        assert src2 == src
        assert extract(src2, doc2, settings) == extract(src, doc, settings), src.path
