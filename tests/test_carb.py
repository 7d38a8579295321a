"""The CaRB scorer (pipeline.evaluation.carb) on hand-built tuples, and its run on real text."""

from __future__ import annotations

import pytest

from pipeline.evaluation.carb import (
    Extraction,
    binary_match,
    run_extractor,
    score,
    sentence_key,
    tuple_match,
)

S = "Mr. Baker found an opening under the house ."


def ex(pred, *args, conf=1.0):
    return Extraction(pred, tuple(args), conf)


@pytest.mark.parametrize(("gold", "system", "expected"), [
    # every slot exact
    (ex("found", "Mr. Baker", "an opening"), ex("found", "Mr. Baker", "an opening"), (1.0, 1.0)),
    # no predicate word in common: no match at all
    (ex("found", "Mr. Baker", "an opening"), ex("led", "Mr. Baker", "an opening"), (0.0, 0.0)),
    # a shorter subject: full precision, partial recall (4 of 5 gold words)
    (ex("found", "Mr. Baker", "an opening"), ex("found", "Baker", "an opening"), (1.0, 0.8)),
    # extra system words cost precision (4 of 6 system words match)
    (ex("found", "Baker", "an opening"), ex("found", "Baker", "an opening house"), (0.8, 1.0)),
    # a system "be" matches any form of it
    (ex("is", "Bush", "President"), ex("be", "Bush", "President"), (1.0, 1.0)),
    # a gold tuple with an object the system lacks: no match
    (ex("found", "Baker", "an opening"), ex("found", "Baker"), (0.0, 0.0)),
])
def test_carb_tuple_match(gold, system, expected):
    assert tuple_match(gold, system) == pytest.approx(expected)


def test_carb_binary_match_joins_the_arguments_after_the_subject():
    gold = ex("found", "Mr. Baker", "an opening", "under the house")
    assert binary_match(gold, ex("found", "Mr. Baker", "an opening under the house")) == (1.0, 1.0)
    assert binary_match(gold, ex("found", "Mr. Baker", "an opening", "under the house")) == (1.0, 1.0)


def test_carb_binary_match_said_tuples_match_either_way():
    gold = ex("said", "the talks failed", "officials")
    assert binary_match(gold, ex("said", "officials", "the talks failed")) == (1.0, 1.0)
    # not a "said" tuple: only the predicate (1 of 3 words) matches
    assert binary_match(ex("found", "a", "b"), ex("found", "b", "a")) == pytest.approx((1 / 3, 1 / 3))


def test_carb_sentence_key_ignores_spacing_punctuation_and_ptb_brackets():
    assert sentence_key("A -LRB- b -RRB- , c .") == sentence_key("A (b), c.") == "Abc"


def test_carb_score_pairs_one_to_one_and_counts_missed_sentences():
    gold = {S: [ex("found", "Mr. Baker", "an opening")],
            "No one answered .": [ex("answered", "No one")]}
    system = {S: [ex("found", "Mr. Baker", "an opening"), ex("found", "Mr. Baker", "an opening")]}
    s = score(gold, system)
    # two system tuples, one gold: the second has no gold left to pair with
    assert s.precision == pytest.approx(0.5)
    assert s.recall == pytest.approx(0.5)  # the second sentence has no tuple
    assert s.f1 == pytest.approx(0.5)
    assert (s.sentences, s.gold, s.system) == (2, 2, 2)


def test_carb_score_best_f1_over_confidence_thresholds_and_auc():
    gold = {S: [ex("found", "Mr. Baker", "an opening")]}
    system = {S: [ex("found", "Mr. Baker", "an opening", conf=0.9),
                  ex("led", "the house", "a mine", conf=0.2)]}
    s = score(gold, system)
    # at threshold 0.9 only the right tuple is kept: P 1, R 1
    assert (s.precision, s.recall, s.f1) == pytest.approx((1.0, 1.0, 1.0))
    # curve points (R, P): (1, 0.5) at 0.2, (1, 1) at 0.9, then (0, 1) appended
    assert s.auc == pytest.approx(1.0)


def test_carb_score_without_system_tuples_is_zero():
    s = score({S: [ex("found", "Mr. Baker", "an opening")]}, {})
    assert (s.precision, s.recall, s.f1, s.auc) == (0.0, 0.0, 0.0, 0.0)


def test_carb_run_extractor_reads_parses_and_extracts_each_sentence(nlp):
    sentences = [S, "The strike obtained political support from the committee ."]
    found = run_extractor(sentences)
    assert set(found) == set(sentences)
    first = found[S][0]
    assert first.pred == "found" and "Baker" in first.args[0] and "opening" in first.args[1]
    assert any(t.pred == "obtained" for t in found[sentences[1]])
