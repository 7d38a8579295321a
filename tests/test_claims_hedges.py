"""Hedges keep their cue and its scope; pronoun sources resolve to the person they stand for.

Inputs are built by hand as in ``test_claims`` (one Sentence per spaCy sentence).
"""

from __future__ import annotations

import pytest

from pipeline.stages.claims import extract_claims
from test_claims import build, claims_of, only


@pytest.mark.parametrize(("text", "fragment", "cue", "scope"), [
    ("The minister may resign before the vote.", "resign", "may",
     "The minister may resign before the vote"),
    ("The convoy was reportedly stopped at the border.", "stopped", "reportedly",
     "The convoy was reportedly stopped at the border"),
    ("It seems that the talks failed in Geneva.", "failed", "seems",
     "the talks failed in Geneva"),
    ("The government is likely to fall in the spring.", "fall", "likely",
     "The government is likely to fall in the spring"),
    ("The general allegedly ordered the attack on the village.", "ordered", "allegedly",
     "The general allegedly ordered the attack on the village"),
    ("Police arrested the alleged killer on Monday.", "arrested", "alleged",
     "the alleged killer"),
])
def test_claims_hedge_keeps_its_cue_and_scope(nlp, text, fragment, cue, scope):
    c = only(claims_of(nlp, text), fragment)
    assert cue in c.hedge.split("|")
    assert c.hedge_scope == scope


def test_claims_unhedged_claim_has_no_scope(nlp):
    c = only(claims_of(nlp, "The army withdrew from the town in 1999."), "withdrew")
    assert (c.hedge, c.hedge_scope, c.hedge_start, c.hedge_end) == ("", "", -1, -1)


@pytest.mark.parametrize("text", [
    "The minister may resign before the vote.",
    "It seems that the talks failed in Geneva.",
    "Police arrested the alleged killer on Monday.",
])
def test_claims_hedge_scope_offsets_are_raw(nlp, text):
    prefix = "# Notes\n\n"
    src, doc, sents, mentions, timexes = build(nlp, text, prefix=prefix)
    hedged = [c for c in extract_claims(doc, src, sents, mentions, timexes) if c.hedge]
    assert hedged
    for c in hedged:
        assert c.hedge_start >= len(prefix)
        assert src.raw[c.hedge_start:c.hedge_end] == c.hedge_scope
        assert c.start <= c.hedge_start < c.hedge_end <= c.end


def _source_name(nlp, text, fragment):
    src, doc, sents, mentions, timexes = build(nlp, text)
    c = only(extract_claims(doc, src, sents, mentions, timexes), fragment)
    m = next((m for m in mentions if m.mention_id == c.source_mention_id), None)
    return c, m


@pytest.mark.parametrize(("text", "fragment", "pronoun", "person"), [
    ("Putin met Vučić in Belgrade. He said the talks were useful.", "useful", "He", "Putin"),
    ("Ana Brnabić spoke in parliament on Monday. She told reporters the government would stay.",
     "would stay", "She", "Brnabić"),
])
def test_claims_pronoun_source_resolves_to_the_nearest_person(nlp, text, fragment, pronoun,
                                                              person):
    c, m = _source_name(nlp, text, fragment)
    assert c.attributed_to == pronoun
    assert m is not None and person in m.text and m.label == "PERSON"


def test_claims_named_source_is_its_own_mention(nlp):
    c, m = _source_name(nlp, "According to Reuters, the border was closed.", "border")
    assert m is not None and m.text == "Reuters"


def test_claims_pronoun_source_before_any_name_stays_unresolved(nlp):
    c, m = _source_name(nlp, "“We will not join,” he said. Vučić arrived later.", "join")
    assert c.attributed_to == "he" and m is None


def test_claims_quotation_going_on_keeps_the_resolved_speaker(nlp):
    text = ("Ana Brnabić spoke in parliament on Monday. “The government will stay,” she said. "
            "“We have a majority.”")
    src, doc, sents, mentions, timexes = build(nlp, text)
    claims = extract_claims(doc, src, sents, mentions, timexes)
    first, second = only(claims, "will stay"), only(claims, "majority")
    assert first.source_mention_id and second.source_mention_id == first.source_mention_id
