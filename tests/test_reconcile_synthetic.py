"""The synthetic generator used by ``make bench``, and reconciliation quality and cost on it."""

from __future__ import annotations

import gc

from bench import synthetic
from pipeline.reconcile import blocking, features, reconcile, scoring
from pipeline.reconcile.entities import cluster_entities
from pipeline.reconcile.registry import IdRegistry


def test_synthetic_make_results_counts_and_determinism():
    a = synthetic.make_results(500, seed=1)
    b = synthetic.make_results(500, seed=1)
    assert a == b
    assert sum(len(r.event_mentions) for r in a) == 500
    mention_ids = {m.mention_id for r in a for m in r.mentions}
    assert all(act.mention_id in mention_ids
               for r in a for em in r.event_mentions for act in em.actors)
    assert synthetic.make_results(500, seed=2) != a


def test_synthetic_n_docs_is_respected():
    assert len(synthetic.make_results(300, n_docs=7)) == 7


def test_reconcile_synthetic_bcubed_quality():
    results = synthetic.make_results(2000, seed=7)
    rec = reconcile(results)
    precision, recall = synthetic.bcubed(results, rec.event_mentions)
    assert precision > 0.93 and recall > 0.93
    assert len(rec.event_mentions) == 2000


def test_reconcile_candidate_pairs_stay_linear():
    """Blocking bounds the comparisons per mention, whatever the corpus size."""
    per_mention = []
    gc.disable()
    try:
        for n in (1000, 8000):
            results = synthetic.make_results(n, seed=0)
            ms = features.mention_features(results, cluster_entities(results, IdRegistry()))
            per_mention.append(len(blocking.candidate_pairs(ms)) / n)
    finally:
        gc.enable()
    assert max(per_mention) < 12


def test_reconcile_merge_evidence_lists_every_event_and_its_edges_best_first() -> None:
    rec = reconcile(synthetic.make_results(300, seed=1))
    assert set(rec.merge_evidence) == {row["event_id"] for row in rec.events}
    for row in rec.events:
        edges = rec.merge_evidence[row["event_id"]]
        # A cluster of k mentions was joined by exactly k - 1 edges.
        assert len(edges) == row["n_mentions"] - 1
        assert [e["score"] for e in edges] == sorted((e["score"] for e in edges), reverse=True)
        ids = set(row["mention_ids"].split("|"))
        assert all(e["a"] in ids and e["b"] in ids for e in edges)


def test_reconcile_freezes_its_survivors_out_of_the_collectors_sight() -> None:
    # The first collection after the pause would otherwise walk every surviving row.
    rec = reconcile(synthetic.make_results(500, seed=2))
    assert gc.isenabled()
    tracked = {id(o) for o in gc.get_objects()}
    assert id(rec.events) not in tracked and id(rec.entity_mentions) not in tracked
    assert gc.get_freeze_count() > 0


def test_reconcile_pairs_whose_asserted_dates_rule_them_out_are_never_scored() -> None:
    results = synthetic.make_results(3000, seed=4)
    ms = features.mention_features(results, cluster_entities(results, IdRegistry()))
    pairs = blocking.candidate_pairs(ms)
    season = features.PRECISION_RANK["season"]

    def ruled_out(a, b) -> bool:
        if a.e is None or b.e is None or a.weak or b.weak or (a.e <= b.l and b.e <= a.l):
            return False
        return a.rank < season or b.rank < season or \
            max(a.e, b.e) - min(a.l, b.l) > features.DAYS_PER_YEAR

    assert pairs and not any(ruled_out(ms[a], ms[b]) for a, b in pairs)
    # and score_pair agrees they could never have been an edge
    every = [(a, b) for a in range(0, len(ms), 7) for b in range(a + 1, min(len(ms), a + 40))]
    assert all(scoring.score_pair(ms[a], ms[b]) is None
               for a, b in every if ruled_out(ms[a], ms[b]))


def test_reconcile_context_dates_a_year_off_meet_only_near_verbatim_retellings() -> None:
    results = synthetic.make_results(3000, seed=4)
    ms = features.mention_features(results, cluster_entities(results, IdRegistry()))
    pairs = blocking.candidate_pairs(ms)

    def far(a, b) -> bool:
        return a.e is not None and b.e is not None and (a.weak or b.weak) and \
            max(a.e, b.e) - min(a.l, b.l) > features.DAYS_PER_YEAR

    def jaccard(a, b) -> float:
        return len(a.tokens & b.tokens) / len(a.tokens | b.tokens)

    # Common among date-sorted neighbours in a crowded block, yet none reaches scoring ...
    assert pairs and not any(far(ms[a], ms[b]) and jaccard(ms[a], ms[b]) < scoring.NEAR_VERBATIM
                             for a, b in pairs)
    # ... and score_pair rejects every far pair that is not near-verbatim.
    every = [(a, b) for a in range(0, len(ms), 3) for b in range(a + 1, min(len(ms), a + 60))]
    doomed = [(a, b) for a, b in every
              if far(ms[a], ms[b]) and jaccard(ms[a], ms[b]) < scoring.NEAR_VERBATIM]
    assert doomed and all(scoring.score_pair(ms[a], ms[b]) is None for a, b in doomed)


def test_reconcile_may_seek_covers_every_mention_that_seeks() -> None:
    """``blocking.may_seek`` decides which mentions' keys can be sought; it must not miss one
    that ``seeks`` would file (a loose date, no date, no actor, a generic type)."""
    from tests.test_reconcile_events import _crowded_trigger_block

    results = synthetic.make_results(3000, seed=5) + _crowded_trigger_block()
    ms = features.mention_features(results, cluster_entities(results, IdRegistry()))
    seeking = [m for m in ms if any(blocking.seeks(m, key) for key in blocking.block_keys(m))]
    assert {m.idx for m in seeking} and any(not m.actors for m in seeking)
    assert all(blocking.may_seek(m) for m in seeking)


def test_reconcile_edges_share_their_actor_sets_with_the_mentions() -> None:
    results = synthetic.make_results(1000, seed=3)
    ms = features.mention_features(results, cluster_entities(results, IdRegistry()))
    edges = [ed for ed in (scoring.score_pair(ms[a], ms[b]) for a, b in blocking.candidate_pairs(ms))
             if ed is not None]
    assert edges
    for ed in edges:
        a, b = ms[ed.a].actors, ms[ed.b].actors
        assert ed.shared == a & b
        assert ed.shared is a or ed.shared is b or (ed.shared != a and ed.shared != b)
    assert sum(ed.shared is ms[ed.a].actors or ed.shared is ms[ed.b].actors for ed in edges) > 0


def test_reconcile_released_tokens_keep_their_count() -> None:
    results = synthetic.make_results(300, seed=3)
    ms = features.mention_features(results, cluster_entities(results, IdRegistry()))
    counts = [len(m.tokens) for m in ms]
    assert counts == [m.n_tokens for m in ms] and any(counts)
    features.release_tokens(ms)
    assert all(not m.tokens for m in ms) and [m.n_tokens for m in ms] == counts


def test_reconcile_keeps_no_event_features_past_the_rows() -> None:
    from pipeline.reconcile.rows import Told

    rec = reconcile(synthetic.make_results(500, seed=3))
    kept = rec.merge_evidence._ms  # what ``explain`` reads, for as long as the tables live
    assert kept and all(type(t) is Told for t in kept)
    assert any(rec.merge_evidence[row["event_id"]] for row in rec.events)
