"""Coreference metrics against the reference examples (Pradhan et al. 2014, fig. 1 / table)."""

import random

import pytest

from pipeline.evaluation.coref import _max_assignment, b_cubed, ceaf_e, muc, score_partitions

# Pradhan et al. 2014: key {a b c} {d e f g}; response {a b} {c d} {f g h i}
KEY = [{"a", "b", "c"}, {"d", "e", "f", "g"}]
RESPONSE = [{"a", "b"}, {"c", "d"}, {"f", "g", "h", "i"}]


def test_muc_reference_example():
    s = muc(KEY, RESPONSE)
    assert (s.recall, s.precision, s.f1) == pytest.approx((0.4, 0.4, 0.4))


def test_b_cubed_reference_example():
    s = b_cubed(KEY, RESPONSE)
    assert (s.recall, s.precision) == pytest.approx((5 / 12, 0.5))
    assert s.f1 == pytest.approx(0.4545, abs=1e-4)


def test_ceaf_e_reference_example():
    s = ceaf_e(KEY, RESPONSE)
    assert (s.recall, s.precision) == pytest.approx((0.65, 1.3 / 3))
    assert s.f1 == pytest.approx(0.52)


def test_conll_is_the_mean_of_the_three():
    s = score_partitions(KEY, RESPONSE)
    assert s.conll == pytest.approx((0.4 + 5 / 11 + 0.52) / 3)


def test_identical_partitions_score_one_and_muc_ignores_singletons():
    key = [{1, 2, 3}, {4}, {5, 6}]
    s = score_partitions(key, key)
    assert (s.muc.f1, s.b3.f1, s.ceafe.f1) == pytest.approx((1, 1, 1))
    all_singletons = [{m} for m in range(1, 7)]
    s = score_partitions(key, all_singletons)
    assert s.muc.recall == 0 and s.muc.precision == 0
    assert s.b3.precision == 1 and s.b3.recall == pytest.approx(0.5)


def test_vilain_muc_examples():
    # Vilain et al. 1995: key {A B C D}, response {A B} {C D}: R = 2/3, P = 1
    s = muc([{"A", "B", "C", "D"}], [{"A", "B"}, {"C", "D"}])
    assert (s.recall, s.precision) == pytest.approx((2 / 3, 1.0))


def test_assignment_matches_brute_force():
    from itertools import permutations

    rng = random.Random(7)
    for _ in range(200):
        rows, cols = rng.randint(1, 5), rng.randint(1, 5)
        w = [[rng.choice([0, 0, rng.random()]) for _ in range(cols)] for _ in range(rows)]
        if rows <= cols:
            best = max(sum(w[i][p[i]] for i in range(rows)) for p in permutations(range(cols), rows))
        else:
            best = max(sum(w[p[j]][j] for j in range(cols)) for p in permutations(range(rows), cols))
        assert _max_assignment(w) == pytest.approx(best)


def test_ecbplus_scoring_aligns_by_trigger_and_scores_within_and_across_documents():
    from pipeline.evaluation.coref import score
    from pipeline.evaluation.ecbplus import GoldDoc, GoldMention
    from pipeline.evaluation.events import SystemMention

    def gold(doc, start, text, chain):
        return GoldMention(start, start + len(text), "ACTION_OCCURRENCE", chain, 0, text,
                           ((start, start + len(text)),))

    docs = [GoldDoc(1, "1_1ecb", "x", [gold("1_1ecb", 0, "shot", "A"),
                                        gold("1_1ecb", 10, "killing", "A")]),
            GoldDoc(1, "1_2ecb", "x", [gold("1_2ecb", 0, "shooting", "A")])]
    found = {"1_1ecb": [SystemMention("1_1ecb", 0, 4, "shot", "ATTACK", 0, "m1", "E1"),
                        SystemMention("1_1ecb", 10, 17, "killing", "DEATH", 0, "m2", "E1")],
             "1_2ecb": [SystemMention("1_2ecb", 0, 8, "shooting", "ATTACK", 0, "m3", "E1"),
                        SystemMention("1_2ecb", 20, 25, "spurious", "OTHER", 0, "m4", "E9")]}
    validated = {("1_1ecb", 0), ("1_2ecb", 0)}
    report = score(docs, found, validated, lemma=lambda t: t[:4])
    assert (report.gold_mentions, report.system_mentions, report.matched) == (3, 4, 3)
    gold_side = report.settings["detected gold mentions"]
    assert gold_side.within.conll == pytest.approx(1.0)
    assert gold_side.cross.conll == pytest.approx(1.0)
    predicted = report.settings["predicted mentions"]
    assert predicted.cross.muc.f1 == pytest.approx(1.0)  # the spurious singleton costs no MUC
    assert predicted.cross.b3.precision == pytest.approx(0.75)  # ... but B3 precision does
    assert predicted.cross.b3.recall == pytest.approx(1.0)
    assert predicted.cross.ceafe.precision == pytest.approx(0.5)  # two response entities



def test_coref_report_lists_each_baseline_after_the_mentions_it_is_the_bar_for():
    from pipeline.evaluation.coref import format_report, score
    from pipeline.evaluation.ecbplus import GoldDoc, GoldMention
    from pipeline.evaluation.events import SystemMention

    gold = [GoldMention(0, 4, "ACTION_OCCURRENCE", "A", 0, "shot", ((0, 4),))]
    docs = [GoldDoc(1, "1_1ecb", "x", gold)]
    found = {"1_1ecb": [SystemMention("1_1ecb", 0, 4, "shot", "ASSAULT", 0, "m1", "E1")]}
    report = score(docs, found, {("1_1ecb", 0)}, lemma=str.lower,
                   on_gold={("1_1ecb", 0, 4): "E1"})
    assert [label.strip() for label in report.settings] == [
        "predicted mentions", "same-lemma baseline", "gold mentions", "same-lemma baseline",
        "detected gold mentions"]
    assert "each baseline clusters the mentions above it" in format_report(report)

def test_ecbplus_gold_results_hold_exactly_the_gold_mentions():
    from pipeline.evaluation.coref import gold_events, gold_results
    from pipeline.evaluation.ecbplus import GoldDoc, GoldMention
    from bench.synthetic import doc, event
    from dataclasses import replace

    text = "Reid checked into rehab\n\nShe checked in on Tuesday\n"
    gold = [GoldMention(5, 12, "ACTION_OCCURRENCE", "A", 0, "checked", ((5, 12),)),
            GoldMention(29, 36, "ACTION_OCCURRENCE", "A", 1, "checked", ((29, 36),))]
    gdoc = GoldDoc(1, "1_1ecb", text, gold, line_starts=[0, 25], sentence_numbers=[0, 1])
    found = replace(event("D1", 0, "Reid checked into rehab", "checked", "OTHER",
                          lemma="check", source="none"), trigger_start=5, trigger_end=12)
    spurious = replace(event("D1", 18, "rehab", "rehab", "OTHER", source="none"),
                       trigger_start=18, trigger_end=23)
    result = replace(doc("D1", events=[found, spurious]), path=gdoc.file_name)
    validated = {("1_1ecb", 0), ("1_1ecb", 1)}
    (out,), key_of = gold_results([gdoc], [result], validated, lambda t: "check")
    assert [em.trigger_start for em in out.event_mentions] == [5, 29]  # no spurious one
    assert out.event_mentions[0] == found  # a detected mention keeps what was found
    bare = out.event_mentions[1]
    assert (bare.quote, bare.event_type, bare.trigger_lemma) == (
        "She checked in on Tuesday", "OTHER", "check")
    assert sorted(key_of.values()) == [("1_1ecb", 5, 12), ("1_1ecb", 29, 36)]
    events = gold_events([gdoc], [result], validated, lambda t: "check")
    assert events[("1_1ecb", 5, 12)] == events[("1_1ecb", 29, 36)]  # one story, one event
