"""Stable identity: re-runs, fresh runs, growth and merges."""

from __future__ import annotations

from pathlib import Path

from pipeline.records import Sentence
from pipeline.reconcile import IdRegistry, reconcile
from bench.synthetic import doc, entity, event, make_results


def _ids(rec):
    return ({r["entity_id"] for r in rec.entities}, {r["event_id"] for r in rec.events})


def _treaty(doc_id: str, actors: list[str], start: int = 0):
    quote = f"{' and '.join(actors)} signed the Treaty of Slavonia on 1 May 1810"
    return doc(doc_id,
               mentions=[entity(doc_id, a, "GPE", start + 50 * i) for i, a in enumerate(actors)],
               events=[event(doc_id, start, quote, "signed", "treaty", lemma="sign",
                             actors=actors, date="1810-05-01")])


def test_registry_rerun_gives_identical_output_and_file(tmp_path: Path):
    docs = make_results(300, seed=3)
    path = tmp_path / "id_registry.json"
    reg = IdRegistry.load(path)
    first = reconcile(docs, registry=reg)
    reg.save(path)
    reg2 = IdRegistry.load(path)
    second = reconcile(docs, registry=reg2)
    assert second == first
    reg2.save(tmp_path / "again.json")
    assert (tmp_path / "again.json").read_bytes() == path.read_bytes()


def test_registry_fresh_run_equals_registry_run(tmp_path: Path):
    docs = make_results(300, seed=4)
    path = tmp_path / "reg.json"
    reg = IdRegistry()
    reconcile(docs, registry=reg)
    reg.save(path)
    assert reconcile(docs, registry=IdRegistry.load(path)) == reconcile(docs)


def test_registry_growth_keeps_existing_ids():
    base = make_results(400, seed=5, n_docs=12)
    extra = make_results(120, seed=6, n_docs=3, doc_prefix="new")
    reg = IdRegistry()
    before = reconcile(base, registry=reg)
    after = reconcile(base + extra, registry=reg)
    merged_entities = {r["old_id"] for r in after.merged_ids if r["kind"] == "entity"}
    merged_events = {r["old_id"] for r in after.merged_ids if r["kind"] == "event"}
    ents_after, evs_after = _ids(after)
    for eid in _ids(before)[0]:
        assert eid in ents_after or eid in merged_entities
    for eid in _ids(before)[1]:
        assert eid in evs_after or eid in merged_events
    # Every old mention still points at its old event, or at the one it merged into.
    new_of = {r["event_mention_id"]: r["event_id"] for r in after.event_mentions}
    redirect = {r["old_id"]: r["new_id"] for r in after.merged_ids}
    for r in before.event_mentions:
        assert new_of[r["event_mention_id"]] == redirect.get(r["event_id"], r["event_id"])


def test_registry_keeps_id_when_new_mention_would_found_it():
    # The new document's mention sorts first, so content alone would rename the event.
    old = _treaty("m", ["Slavonia", "Dalmatia"])
    new = next(d for d in (_treaty(f"n{i}", ["Slavonia", "Dalmatia"]) for i in range(50))
               if d.event_mentions[0].event_mention_id < old.event_mentions[0].event_mention_id)
    reg = IdRegistry()
    (before,) = reconcile([old], registry=reg).events
    (after,) = reconcile([old, new], registry=reg).events
    assert after["event_id"] == before["event_id"] and after["n_documents"] == 2
    (fresh,) = reconcile([old, new]).events
    assert fresh["event_id"] != before["event_id"]  # why the registry exists


def test_registry_new_document_merging_two_events_records_the_merge():
    a = _treaty("a", ["Slavonia"])
    b = _treaty("b", ["Dalmatia"])
    bridge = _treaty("c", ["Slavonia", "Dalmatia"])
    reg = IdRegistry()
    before = reconcile([a, b], registry=reg)
    assert len(before.events) == 2
    after = reconcile([a, b, bridge], registry=reg)
    (ev,) = after.events
    old_ids = {r["event_id"] for r in before.events}
    assert ev["event_id"] in old_ids
    (gone,) = old_ids - {ev["event_id"]}
    rows = [r for r in after.merged_ids if r["kind"] == "event"]
    assert [(r["old_id"], r["new_id"]) for r in rows] == [(gone, ev["event_id"])]
    assert ev["merged_from"] == gone
    # And it stays recorded on the next run.
    assert reconcile([a, b, bridge], registry=reg).merged_ids == after.merged_ids


def test_registry_new_document_merging_two_entities_records_the_merge():
    a = doc("a", mentions=[entity("a", "Kingdom of Slavonia", "GPE", 0)])
    b = doc("b", mentions=[entity("b", "KS", "GPE", 0)])
    text = "The Kingdom of Slavonia (KS) fell."
    c = doc("c", mentions=[entity("c", "Kingdom of Slavonia", "GPE", 4)],
            sentences=[Sentence("c", 0, 0, len(text), 1, text, 0, len(text))])
    reg = IdRegistry()
    before = reconcile([a, b], registry=reg)
    assert len(before.entities) == 2
    after = reconcile([a, b, c], registry=reg)
    (ent,) = after.entities
    assert ent["entity_id"] in _ids(before)[0]
    rows = [r for r in after.merged_ids if r["kind"] == "entity"]
    assert len(rows) == 1 and rows[0]["new_id"] == ent["entity_id"]
    assert "acronym" in rows[0]["reason"]


def test_registry_load_missing_or_damaged_file_starts_empty(tmp_path: Path):
    assert IdRegistry.load(tmp_path / "none.json").keys == {"entity": {}, "event": {}}
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    assert IdRegistry.load(bad).generation == 0


def test_registry_save_is_atomic(tmp_path: Path):
    path = tmp_path / "reg.json"
    reg = IdRegistry()
    reconcile([_treaty("a", ["Slavonia"])], registry=reg)
    reg.save(path)
    assert [p.name for p in tmp_path.iterdir()] == ["reg.json"]
    assert IdRegistry.load(path).keys == reg.keys
