"""The attribution check (``annalist eval attribution``): its gold set, matching and scores."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.evaluation.attribution import (
    Attribution,
    Item,
    cue_match,
    evaluate_batches,
    read_gold,
    score,
    source_match,
)

GOLD = Path(__file__).parent / "fixtures" / "attribution"


def test_attribution_gold_has_forty_items_and_fragments_from_their_text():
    items = read_gold(GOLD)
    assert len(items) >= 40 and len({i.id for i in items}) == len(items)
    assert sum(not i.gold for i in items) >= 10  # sentences that attribute nothing
    for item in items:
        for g in item.gold:
            assert g.source and g.cue and g.content[0] in item.text, item.id


@pytest.mark.parametrize(("gold", "system", "expected"), [
    ("Serbian government", "The Serbian government", True),
    ("Vučić", "Aleksandar Vučić", True),
    ("spokesman for the railway company", "spokesman", True),
    ("police officer", "agency", False),
    ("Politika", "newspaper", False),
])
def test_attribution_source_match(gold, system, expected):
    assert source_match(gold, system) is expected


@pytest.mark.parametrize(("gold", "system", "expected"), [
    ("said", "has said", True), ("according to", "According to", True),
    ("said", "added", False), ("according to", "according", False),
])
def test_attribution_cue_match(gold, system, expected):
    assert cue_match(gold, system) is expected


def test_attribution_score_counts_pairs_and_gold_rows():
    items = [
        Item("x", "...", (Attribution("minister", "said", ("talks failed",)),
                          Attribution("minister", "said", ("we leave",)))),
        Item("y", "...", ()),
        Item("z", "...", (Attribution("Reuters", "reported", ("closed",)),)),
    ]
    predicted = {
        "x": [Attribution("the minister", "said", ("the talks failed", "we leave"))],
        "y": [Attribution("Vučić", "praised", ("ties",))],  # spurious
        "z": [Attribution("Reuters", "said", ("closed",))],  # right source, wrong cue
    }
    s = score(items, predicted)
    assert (s.source.matched_system, s.source.system, s.source.matched_gold, s.source.gold) == (
        2, 3, 3, 3)
    assert (s.cue.matched_system, s.cue.matched_gold) == (1, 2)
    assert s.content.recall == pytest.approx(2 / 3)
    assert [m.split(":")[0] for m in s.misses] == ["y", "z"]


def test_attribution_on_the_test_set_stays_above_its_floor(nlp):
    scores = evaluate_batches(GOLD)
    s = scores[""]
    # measured 0.986 / 0.987 (the untuned batch c: 0.938 / 0.938): floors, not targets
    assert s.cue.precision >= 0.95 and s.cue.recall >= 0.95, s.misses
    assert set(scores) == {"", "a", "b", "c"} and scores["c"].items == 20
    assert scores["c"].cue.recall >= 0.85, scores["c"].misses
