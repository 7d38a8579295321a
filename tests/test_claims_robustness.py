"""Claims and events never fail and keep their provenance on arbitrary text."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.records import EntityMention, OffsetMap, Sentence, SourceDoc, Timex
from pipeline.stages.claims import extract_claims
from pipeline.stages.events import extract_events

FRAGMENTS = [
    "On 5 April 1941, Yugoslavia and the USSR signed the Treaty of Friendship.",
    "which did not commit the parties",
    "Reports suggest that Serbia reportedly supplied arms to Ukraine",
    "the NATO bombing of Yugoslavia",
    "If Austria attacks Serbia, Russia will fall upon Austria.",
    "(July 1807)", "[24]", "\"", "—", ";", ":", ",", "\n\n", "  ", "",
    "Hotel Moskva in Belgrade, Serbia",
    "It was during an uprising in 1804 that Imperial Russia became involved.",
    "according to the ministry",
    "Караџорђе", "é", "1999", "coup d'état", "the", "and", "was", "by",
]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(parts=st.lists(st.sampled_from(FRAGMENTS), min_size=0, max_size=12),
       prefix=st.sampled_from(["", "<b>", "[[x]] \n"]))
def test_claims_and_events_keep_provenance_on_any_text(nlp, parts, prefix):
    text = " ".join(parts)
    raw = prefix + text
    src = SourceDoc(doc_id="Dr", path="r.txt", sha256="x", raw=raw, text=text,
                    offsets=OffsetMap(segments=((0, len(prefix), len(text)),), raw_length=len(raw)),
                    reader="test")
    doc = nlp(text)
    sents = [Sentence("Dr", i, s.start_char + len(prefix), s.end_char + len(prefix), 1, s.text,
                      s.start_char, s.end_char, locator="r.txt#L1")
             for i, s in enumerate(doc.sents)]
    mentions = [EntityMention(f"M{i}", "Dr", e.start_char + len(prefix), e.end_char + len(prefix), 1,
                              e.text, e.label_, e.start_char, e.end_char, 0)
                for i, e in enumerate(doc.ents)]
    timexes = [Timex(e.start_char + len(prefix), e.end_char + len(prefix), e.text, "DATE", "1999",
                     earliest="1999-01-01", latest="1999-12-31", precision="year",
                     timex_id=f"T{i}", clean_start=e.start_char, clean_end=e.end_char)
               for i, e in enumerate(doc.ents) if e.label_ == "DATE"]
    claims = extract_claims(doc, src, sents, mentions, timexes)
    events = extract_events(doc, src, sents, mentions, timexes, claims)

    ids = [c.claim_id for c in claims]
    assert len(ids) == len(set(ids))
    for c in claims:
        assert 0 <= c.start <= c.end <= len(raw)
        # A claim opening the text may start at the markup its first word sits in ("<b>").
        first = c.clean_start + len(prefix)
        assert raw[first:c.end] == c.text and (c.start == first or c.start < len(prefix))
        assert c.locator
    by_id = {c.claim_id: c for c in claims}
    assert len({e.event_mention_id for e in events}) == len(events)
    for e in events:
        assert e.start <= e.trigger_start <= e.trigger_end <= e.end  # the quote holds it
        if not e.claim_id:  # a verbless line: the clause itself is the evidence
            assert 0 <= e.start <= e.end <= len(raw) and raw[e.start:e.end] == e.quote
            continue
        claim = by_id[e.claim_id]
        assert (e.start, e.end, e.quote) == (claim.start, claim.end, claim.text)
        assert e.trigger and e.event_type
        if e.earliest and e.latest:
            assert e.earliest <= e.latest
