"""Event mentions: triggers and types, nominal events, factuality, actors, places, time.

Inputs are built by hand: cleaned text = raw text, one Sentence per spaCy sentence (with an
optional section per sentence), Timex records placed on given substrings.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from pipeline.errors import AnnalistError
from pipeline.ids import stable_id
from pipeline.records import Block, EntityMention, OffsetMap, Sentence, SourceDoc, Timex
from pipeline.stages.claims import extract_claims
from pipeline.stages.event_ontology import load_ontology, ontology_markdown
from pipeline.stages.event_time import CONFIDENCE
from pipeline.stages.events import extract_events

ROOT = Path(__file__).resolve().parent.parent
ENTITY_LABELS = ("PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT")


def tx(text: str, phrase: str, value: str, earliest: str, latest: str, precision: str, *,
       type_: str = "DATE", nth: int = 0) -> Timex:
    """A Timex on the ``nth`` occurrence of ``phrase`` in ``text``."""
    pos = -1
    for _ in range(nth + 1):
        pos = text.index(phrase, pos + 1)
    return Timex(pos, pos + len(phrase), phrase, type_, value, earliest=earliest, latest=latest,
                 precision=precision, timex_id=f"T{pos}", doc_id="De", clean_start=pos,
                 clean_end=pos + len(phrase))


def events_of(nlp, text, *, timexes=(), sections=None, broad=False, published="",
              anchoring=None):
    """The typed happenings the text asserts (the ontology layer these tests pin down), or
    with ``broad`` every mention: untyped (OTHER) and negated/hypothetical/future ones too."""
    blocks, pos = [], 0
    for para in text.split("\n\n"):
        blocks.append(Block("prose", pos, pos + len(para)))
        pos += len(para) + 2
    src = SourceDoc(doc_id="De", path="doc.txt", sha256="x", raw=text, text=text,
                    offsets=OffsetMap(segments=((0, 0, len(text)),), raw_length=len(text)),
                    reader="test", blocks=tuple(blocks), published=published)
    doc = nlp(text)
    sents = []
    for i, s in enumerate(doc.sents):
        section = sections[i] if sections else ""
        sents.append(Sentence(doc_id="De", index=i, start=s.start_char, end=s.end_char, line=1,
                              text=s.text, clean_start=s.start_char, clean_end=s.end_char,
                              section=section, locator=f"doc.txt#L{i + 1}"))
    mentions = []
    for k, e in enumerate(doc.ents):
        if e.label_ in ENTITY_LABELS:
            article = e.text.lower().startswith("the ")
            cs = e.start_char + (4 if article else 0)
            mentions.append(EntityMention(f"M{k}", "De", cs, e.end_char, 1, text[cs:e.end_char],
                                          e.label_, cs, e.end_char, 0))
    timexes = [t if t.sent_index >= 0 else dataclasses.replace(t, sent_index=next(
        s.index for s in sents if s.clean_start <= t.clean_start < s.clean_end)) for t in timexes]
    claims = extract_claims(doc, src, sents, mentions, timexes)
    found = extract_events(doc, src, sents, mentions, timexes, claims, anchoring=anchoring)
    if not broad:
        found = [e for e in found if e.event_type != "OTHER" and e.modality in (
            "asserted", "reported")]
    return found, claims, src


def one(events, event_type=None):
    found = [e for e in events if event_type is None or e.event_type == event_type]
    assert len(found) == 1, [(e.event_type, e.trigger) for e in events]
    return found[0]


# -- triggers and types --------------------------------------------------------------------


@pytest.mark.parametrize("text, event_type, trigger", [
    ("Kosovo declared independence in February 2008.", "INDEPENDENCE", "declared"),
    ("The Ottomans declared war in December 1806.", "FIGHT", "declared"),
    ("Serbian King Alexander I was assassinated in 1903.", "ASSAULT", "assassinated"),
    ("Russia mobilized its armed forces in late July 1914.", "MOBILIZE", "mobilized"),
    ("Diplomatic relations between Yugoslavia and the USSR were established on 24 June 1940.",
     "COOPERATE", "established"),
    ("The Russian House was opened in Belgrade in 1933.", "ESTABLISH", "opened"),
    ("Serbia has purchased Russian anti-tank missiles.", "ARMS_TRANSFER", "purchased"),
    ("Prince Nikola was awarded the highest decoration by Alexander III in 1889.", "AWARD", "awarded"),
    ("Vladimir Putin became the President of Russia in 2000.", "LEADERSHIP", "became"),
])
def test_events_verbal_trigger_and_type(nlp, text, event_type, trigger):
    ev = one(events_of(nlp, text)[0])
    assert (ev.event_type, ev.trigger) == (event_type, trigger)


def test_events_link_to_their_claim_with_stable_ids(nlp):
    text = "On 5 April 1941, Yugoslavia and the USSR signed the Treaty of Friendship."
    events, claims, src = events_of(nlp, text)
    ev = one(events)
    claim = next(c for c in claims if c.claim_id == ev.claim_id)
    assert (ev.start, ev.end, ev.quote) == (claim.start, claim.end, claim.text)
    assert src.raw[ev.start:ev.end] == ev.quote
    trig = text.index("signed")
    assert ev.event_mention_id == stable_id("V", "De", ev.start, ev.end, trig)
    assert ev.locator == claim.locator == "doc.txt#L1"


# -- nominal events ------------------------------------------------------------------------


@pytest.mark.parametrize("text, year, event_type, trigger", [
    ("Relations improved months after the NATO bombing of Yugoslavia.", "", "FIGHT", "bombing"),
    ("After the Axis invasion of Yugoslavia in 1941, the Partisans became the main resistance.",
     "1941", "FIGHT", "invasion"),
    ("It was during an uprising in 1804 that Russia became involved.", "1804", "REBELLION",
     "uprising"),
    ("The king was killed in a coup d'état in 1903.", "1903", "COUP", "coup d'état"),
    ("On 11 March 2022, the People's Patrol held a rally in support of Russia in Belgrade.", "",
     "PROTEST", "rally"),
    ("Relations improved after Stalin's death in 1953.", "1953", "DEATH", "death"),
    ("Russia strongly opposed NATO's bombing campaign against Serbia.", "", "FIGHT",
     "bombing campaign"),
    ("The Belgrade Offensive (1944) freed the city.", "1944", "FIGHT", "Offensive"),
])
def test_events_nominal_event(nlp, text, year, event_type, trigger):
    timexes = [tx(text, year, year, f"{year}-01-01", f"{year}-12-31", "year")] if year else []
    ev = one(events_of(nlp, text, timexes=timexes)[0], event_type)
    assert ev.trigger == trigger
    if year:
        assert ev.date_value == year


def test_events_undated_unanchored_event_noun_is_not_an_event(nlp):
    events, _, _ = events_of(nlp, "Russia planned for conflict with the Ottoman Empire.")
    assert events == []


def test_events_an_intended_act_is_not_an_event_but_the_request_is(nlp):
    events, _, _ = events_of(nlp, "The rebels petitioned the emperor to send troops.")
    assert [e.event_type for e in events] == ["REQUEST"]


def test_events_named_event_object_of_its_verb_is_one_event(nlp):
    events, _, _ = events_of(nlp, "Russia and France signed the Peace of Tilsit (July 1807).")
    ev = one(events)
    assert ev.event_type == "AGREE" and ev.trigger == "signed"
    assert {a.text for a in ev.actors} == {"Russia", "France"}


def test_events_an_event_noun_a_verb_is_about_is_a_mention_of_its_own(nlp):
    # The condemnation and the invasion it condemns are two happenings; so are the charge and
    # the murder, and the alliance a treaty nullified.
    events, _, _ = events_of(nlp, "It openly condemned the Russian invasion.")
    assert sorted(e.event_type for e in events) == ["ACCUSE", "FIGHT"]
    events, _, _ = events_of(nlp, "A Vancouver man has been charged with first-degree murder.")
    assert sorted(e.event_type for e in events) == ["ASSAULT", "LEGAL_ACTION"]
    events, _, _ = events_of(nlp, "Rome effectively nullified its alliance.")
    assert [e.event_type for e in events] == ["AGREE"]


# -- not events: states, opinions, the unreal ---------------------------------------------


@pytest.mark.parametrize("text", [
    "Serbia and Russia share a notable cultural heritage.",
    "Many Serbs were primarily drawn to Europe.",
    "Russia strongly opposed the plan.",
    "The Serbs sought to establish a nation-state.",
    "If Austria attacks Serbia, Russia will fall upon Austria.",
    "Serbia bought fuel despite the threat of US sanctions.",
    "Serbia did not sign the treaty.",
    "This alliance had global implications.",
    "Serbia and the Russian Federation recognize all documents signed between the two countries.",
    "Tito refused to join the Warsaw Pact.",
])
def test_events_states_opinions_and_unreal_happenings_are_not_events(nlp, text):
    events, claims, _ = events_of(nlp, text)
    assert claims, "still a claim"
    assert [e for e in events if e.event_type not in ("REJECT",)] == []


def test_events_a_negated_verb_denies_what_it_governs_not_its_subject(nlp):
    # The assistance is denied; the treaty, the subject, is still told (as in "The treaty
    # contained ten articles").
    events, _, _ = events_of(nlp, "The treaty did not commit the parties to military assistance.")
    assert [e.event_type for e in events] == ["AGREE"]


def test_events_hedge_is_kept(nlp):
    ev = one(events_of(nlp, "Serbia reportedly supplied arms to Ukraine.")[0])
    assert ev.event_type == "ARMS_TRANSFER"
    assert ev.hedge == "reportedly"


# -- actors, places, numbers ---------------------------------------------------------------


def test_events_actors_have_roles(nlp):
    ev = one(events_of(nlp, "Relations improved months after the NATO bombing of Yugoslavia.")[0])
    assert [(a.text, a.role) for a in ev.actors] == [("NATO", "agent"), ("Yugoslavia", "patient")]
    assert all(a.mention_id for a in ev.actors)


def test_events_passive_agent_and_patient(nlp):
    ev = one(events_of(nlp, "The Ottoman Empire was attacked by Russia and Britain in 1806.")[0])
    roles = {(a.text, a.role) for a in ev.actors}
    assert {("Russia", "agent"), ("Britain", "agent"), ("Ottoman Empire", "patient")} <= roles


def test_events_participle_joined_to_a_passive_shares_its_voice(nlp):
    evs = events_of(nlp, "John Smith was arrested by the police and taken to London.",
                    broad=True)[0]
    taken = next(e for e in evs if e.trigger == "taken")
    assert ("John Smith", "patient") in {(a.text, a.role) for a in taken.actors}
    # with a subject of its own, the second verb is active: "... and he took them home"
    evs = events_of(nlp, "John Smith was arrested in London and later sued the police.",
                    broad=True)[0]
    sued = next(e for e in evs if e.trigger == "sued")
    assert ("John Smith", "agent") in {(a.text, a.role) for a in sued.actors}


def test_events_destination_of_a_motion_verb_is_a_place(nlp):
    evs = events_of(nlp, "The troops marched to London. France sent aid to Germany.",
                    broad=True)[0]
    marched = next(e for e in evs if e.trigger == "marched")
    assert marched.places == ("London",) and not marched.actors[1:]
    sent = next(e for e in evs if e.trigger == "sent")
    assert "Germany" in sent.places  # sending leads aid somewhere: there


def test_events_what_a_happening_reaches_is_its_place(nlp):
    evs = events_of(nlp, "A powerful earthquake struck Japan on Friday.", broad=True)[0]
    struck = next(e for e in evs if e.trigger == "struck")
    assert struck.places == ("Japan",) and not struck.actors
    # a doer's object stays a party: "Russia attacked Georgia"
    evs = events_of(nlp, "Russia attacked Georgia in August.", broad=True)[0]
    attacked = next(e for e in evs if e.trigger == "attacked")
    assert ("Georgia", "patient") in {(a.text, a.role) for a in attacked.actors}


def test_events_place_of_the_subject(nlp):
    ev = next(e for e in events_of(nlp, "A court in Paris sentenced the man to prison.",
                                   broad=True)[0] if e.trigger == "sentenced")
    assert ev.places == ("Paris",)


def test_events_places_are_governed_locations_not_dates(nlp):
    text = "On 11 March 2022, the People's Patrol held a rally in support of Russia in Belgrade."
    ev = one(events_of(nlp, text, timexes=[tx(text, "11 March 2022", "2022-03-11", "2022-03-11",
                                                "2022-03-11", "day")])[0])
    assert ev.places == ("Belgrade",)
    assert "Russia" not in ev.places
    assert all(a.text != "11 March 2022" for a in ev.actors)


def test_events_numbers_are_recorded(nlp):
    text = "Serbia had supplied Ukraine with over $800 million worth of ammunition."
    ev = one(events_of(nlp, text)[0])
    assert any("800 million" in n for n in ev.numbers)


# -- time ----------------------------------------------------------------------------------


def test_events_date_from_own_clause(nlp):
    text = "On 5 April 1941, Yugoslavia and the USSR signed the Treaty of Friendship."
    t = tx(text, "5 April 1941", "1941-04-05", "1941-04-05", "1941-04-05", "day")
    ev = one(events_of(nlp, text, timexes=[t])[0])
    assert (ev.date_value, ev.earliest, ev.latest, ev.precision) == (
        "1941-04-05", "1941-04-05", "1941-04-05", "day")
    assert ev.date_source == "clause" and ev.timex_id == t.timex_id
    assert ev.confidence >= CONFIDENCE["clause"]


def test_events_nominal_event_takes_its_own_date_not_the_clause_date(nlp):
    text = ("After victories at Mišar and Deligrad in 1806, and liberation of Belgrade in 1807, "
            "the Serbs hoped to secure statehood.")
    timexes = [tx(text, "1806", "1806", "1806-01-01", "1806-12-31", "year"),
               tx(text, "1807", "1807", "1807-01-01", "1807-12-31", "year")]
    events, _, _ = events_of(nlp, text, timexes=timexes)
    dates = {e.trigger: e.date_value for e in events}
    assert dates == {"victories": "1806", "liberation": "1807"}


def test_events_date_from_the_sentence_when_the_clause_has_none(nlp):
    text = "In late 1806 the Serbian rebels demanded independence and declared Serbia an independent state."
    t = tx(text, "late 1806", "1806", "1806-09-01", "1806-12-31", "year")
    events, _, _ = events_of(nlp, text, timexes=[t])
    declared = one(events, "INDEPENDENCE")
    assert declared.date_value == "1806"
    assert declared.date_source in ("clause", "sentence")


def test_events_narrative_time_from_context_has_lower_confidence_and_an_anchor(nlp):
    text = ("Russia's invasion of Ukraine in February 2022 placed Serbia in a challenging position. "
            "Unlike most European states, Serbia refused to impose sanctions on Russia.")
    t = tx(text, "February 2022", "2022-02", "2022-02-01", "2022-02-28", "month")
    events, _, _ = events_of(nlp, text, timexes=[t])
    refusal = one(events, "REJECT")
    assert refusal.date_source == "context"
    assert refusal.anchor == "February 2022"
    assert refusal.date_value == "2022-02"
    invasion = one(events, "FIGHT")
    assert refusal.confidence < invasion.confidence


def test_events_narrative_time_stops_at_a_section_boundary(nlp):
    text = ("Russia's invasion of Ukraine in February 2022 placed Serbia in a difficult position. "
            "Serbia refused to impose sanctions on Russia.")
    t = tx(text, "February 2022", "2022-02", "2022-02-01", "2022-02-28", "month")
    events, _, _ = events_of(nlp, text, timexes=[t], sections=["War", "Aftermath"])
    refusal = one(events, "REJECT")
    assert (refusal.date_source, refusal.date_value) == ("none", "")


def test_events_parenthetical_and_since_dates_set_no_narrative_time(nlp):
    text = ("Russia inspired the Balkans in the Russo-Turkish War (1768–1774) and was an ally since 1799. "
            "Austria refused to support the Serbs.")
    timexes = [tx(text, "1768–1774", "1768", "1768-01-01", "1774-12-31", "year"),
               tx(text, "1799", "1799", "1799-01-01", "1799-12-31", "year")]
    events, _, _ = events_of(nlp, text, timexes=timexes)
    refusal = one(events, "REJECT")
    assert refusal.date_source == "none"


def test_events_after_a_dated_clause_gives_a_bound_not_a_date(nlp):
    text = ("After Putin became President at the start of 2000, months after the NATO bombing of "
            "Yugoslavia, relations began to gain momentum.")
    t = tx(text, "the start of 2000", "2000", "2000-01-01", "2000-04-30", "year")
    events, _, _ = events_of(nlp, text, timexes=[t])
    bombing = one(events, "FIGHT")
    assert bombing.date_source == "relative"
    assert bombing.date_value == ""
    assert bombing.latest == "2000-04-30"
    assert bombing.earliest == "1999-01-01"
    assert bombing.anchor == "the start of 2000"


def test_events_durations_are_not_event_dates(nlp):
    text = "The Serbs rebelled for three years."
    t = tx(text, "three years", "P3Y", "", "", "year", type_="DURATION")
    ev = one(events_of(nlp, text, timexes=[t])[0])
    assert ev.event_type == "REBELLION"
    assert (ev.date_value, ev.date_source) == ("", "none")


# -- the ontology --------------------------------------------------------------------------


def test_events_ontology_types_have_definitions_and_triggers():
    onto = load_ontology()
    assert len(onto.types) == len(set(onto.names)) >= 15
    for t in onto.types:
        assert t.definition, t.name
        assert t.verbs or t.nouns, t.name


def test_events_ontology_doc_is_generated_from_the_yaml():
    assert (ROOT / "docs" / "event_types.md").read_text(encoding="utf-8") == ontology_markdown()


def test_events_ontology_rejects_an_entry_without_a_lemma():
    with pytest.raises(AnnalistError, match="E310.*event_triggers.yaml"):
        load_ontology("types:\n  - name: X\n    definition: d\n",
                      "triggers:\n  X:\n    verbs: [{objects: [a]}]\n")


def test_events_ontology_rejects_triggers_of_an_unknown_type():
    with pytest.raises(AnnalistError, match="E311.*Y"):
        load_ontology("types:\n  - name: X\n    definition: d\n",
                      "triggers:\n  Y:\n    verbs: [sign]\n")


def test_events_ontology_reads_types_and_triggers_from_their_own_files():
    onto = load_ontology("types:\n  - name: X\n    definition: d\n",
                         "triggers:\n  X:\n    verbs: [sign]\n    nouns: [treaty]\n"
                         "light_verbs: {description: d, words: [hold]}\n")
    assert [r.lemma for r in onto.verb_rules["sign"]] == ["sign"]
    assert onto.noun_rules["treaty"][0].event_type == "X"
    assert onto.light_verbs == {"hold"}


def test_events_parties_between_are_participants(nlp):
    text = "Diplomatic relations between Yugoslavia and the USSR were established on 24 June 1940."
    ev = one(events_of(nlp, text)[0])
    assert {(a.text, a.role) for a in ev.actors} == {("Yugoslavia", "participant"),
                                                      ("USSR", "participant")}


@pytest.mark.parametrize("text, event_type", [
    ("Meeting in memory of opposition leader Alexei Navalny in Novi Sad on 16 February 2024.", "PROTEST"),
    ("The meeting between Georgy Chicherin and Momčilo Ninčić took place on the sidelines.", "CONSULT"),
])
def test_events_a_meeting_in_memory_of_someone_is_a_demonstration(nlp, text, event_type):
    t = tx(text, "16 February 2024", "2024-02-16", "2024-02-16", "2024-02-16", "day") \
        if "2024" in text else None
    ev = one(events_of(nlp, text, timexes=[t] if t else [])[0])
    assert ev.event_type == event_type


@pytest.mark.parametrize("text", [
    "Italy had been allied with the German Empire since 1882.",
    "The general had dreams of taking Ljubljana and threatening Vienna.",
    "The gun never proved decisive in winning a battle.",
])
def test_events_states_dreams_and_negated_frames_are_not_events(nlp, text):
    assert events_of(nlp, text)[0] == []


def test_events_a_date_naming_a_thing_sets_no_narrative_time(nlp):
    text = "Rome had a secret 1902 pact with France. At the start of hostilities, Italy refused to commit troops."
    t = tx(text, "1902", "1902", "1902-01-01", "1902-12-31", "year")
    events, _, _ = events_of(nlp, text, timexes=[t])
    assert one(events, "AGREE").date_value == "1902"
    assert one(events, "REJECT").date_source == "none"


@pytest.mark.parametrize("text, event_type", [
    ("Putin met with the Serbian president in Belgrade.", "CONSULT"),
    ("The two leaders met in Paris.", "CONSULT"),
    ("Expeditions against Omoa met with only temporary success.", None),
    ("Under their policies, Gonzalez met the test.", None),
    ("General Walker was killed in an automobile accident.", "DEATH"),
    ("A Serb nationalist killed the Archduke.", "ASSAULT"),
])
def test_events_readings_of_meet_and_kill(nlp, text, event_type):
    events = [e for e in events_of(nlp, text)[0] if e.trigger_lemma in ("meet", "kill")]
    assert [e.event_type for e in events] == ([event_type] if event_type else [])


@pytest.mark.parametrize("text", [
    "The concordat established the rules for a relationship between the Church and the State.",
    "There were substantial US forces occupying Japan.",
    "The British had 30,000 garrison troops occupying New York City.",
])
def test_events_abstract_objects_and_existential_states_are_not_events(nlp, text):
    assert events_of(nlp, text)[0] == []


def test_events_narrative_time_from_an_earlier_paragraph_is_less_certain(nlp):
    same = ("Russia's invasion of Ukraine in February 2022 placed Serbia in a challenging position. "
            "Serbia refused to impose sanctions on Russia.")
    far = same.replace("position. ", "position.\n\n")
    confidences = []
    for text in (same, far):
        t = tx(text, "February 2022", "2022-02", "2022-02-01", "2022-02-28", "month")
        refusal = one(events_of(nlp, text, timexes=[t])[0], "REJECT")
        assert refusal.date_source == "context"
        confidences.append(refusal.confidence)
    assert confidences[1] < confidences[0] < CONFIDENCE["sentence"]


def test_events_a_march_in_support_is_a_protest_but_troops_marching_is_not(nlp):
    protest = events_of(nlp, "Thousands marched through Belgrade in support of Russia.")[0]
    assert [e.event_type for e in protest] == ["PROTEST"]
    troops = events_of(nlp, "French troops marched into Moscow in September 1812.")[0]
    assert all(e.event_type != "PROTEST" for e in troops)


# -- the broad layer: every eventive predicate, typed where the ontology fits ----------------


@pytest.mark.parametrize("text, trigger, event_type", [
    ("Prosecutors have charged 13 people.", "charged", "LEGAL_ACTION"),
    ("Protesters blocked a major intersection in Belgrade.", "blocked", "PROTEST"),
    ("Russian troops raced to seize Pristina airport in June 1999.", "raced", "OTHER"),
    ("An earthquake struck the region on Monday.", "earthquake", "DISASTER"),
    ("Lindsay Lohan checks into Betty Ford Center", "checks", "OTHER"),
])
def test_events_every_eventive_predicate_is_a_mention(nlp, text, trigger, event_type):
    found, _, src = events_of(nlp, text, broad=True)
    hits = [e for e in found if e.trigger.split()[0] == trigger]
    assert hits and hits[0].event_type == event_type, [(e.trigger, e.event_type) for e in found]
    e = hits[0]
    assert src.raw[e.trigger_start:e.trigger_end] == trigger


@pytest.mark.parametrize("text", [
    "The centre has 50 beds.",
    "It seems likely.",
])
def test_events_states_are_not_mentions(nlp, text):
    found, _, _ = events_of(nlp, text, broad=True)
    assert {e.trigger_lemma for e in found} & {"have", "seem"} == set()


@pytest.mark.parametrize("text, trigger", [
    ("Officials said that the talks had failed.", "said"),
    ("The talks had failed, officials said.", "said"),
    ("The man was arrested, according to police.", "according"),
    ("Lohan made it to the facility late Thursday, TMZ reported.", "reported"),
    ('Medvedev announced "We intend to continue to coordinate our policy".', "announced"),
])
def test_events_a_verb_that_only_introduces_speech_is_an_attribution_mention(nlp, text, trigger):
    found, _, src = events_of(nlp, text, broad=True)
    hits = [e for e in found if e.trigger == trigger]
    assert len(hits) == 1, [(e.trigger, e.event_type, e.attribution) for e in found]
    assert hits[0].event_type == "STATEMENT" and hits[0].attribution
    assert src.raw[hits[0].trigger_start:hits[0].trigger_end] == trigger


def test_events_an_announcement_of_a_deal_is_a_statement_and_a_deal(nlp):
    found, _, _ = events_of(nlp, "Oracle announced the acquisition of Sun Microsystems in 2009.")
    assert sorted((e.event_type, e.attribution) for e in found) == [
        ("BUSINESS", False), ("STATEMENT", False)]


@pytest.mark.parametrize("text, trigger, modality", [
    ("Serbia did not sign the treaty in 1999.", "sign", "negated"),
    ("The court will rule on the appeal.", "rule", "future"),
    ("Russia might send troops.", "send", "hypothetical"),
    ("NATO bombed Belgrade in 1999.", "bombed", "asserted"),
    # "would" in what a reporting verb introduces is the future seen from then.
    ("Microsoft said on Tuesday it would buy Activision.", "buy", "future"),
    ("The minister announced that the army would withdraw.", "withdraw", "future"),
    ("Had the talks failed, the army would attack the town.", "attack", "hypothetical"),
    # A negated verb denies its object, not its subject or a circumstance.
    ("No agreement was signed in 1999.", "signed", "negated"),
    ("The attack did not kill anyone.", "attack", "asserted"),
    ("The attack did not kill anyone.", "kill", "negated"),
    ("No one was hurt in the blast.", "blast", "asserted"),
    ("No one was hurt in the blast.", "hurt", "negated"),
])
def test_events_negated_hypothetical_and_future_are_kept_and_flagged(nlp, text, trigger, modality):
    found, _, _ = events_of(nlp, text, broad=True)
    hits = [e for e in found if e.trigger.split()[0].startswith(trigger[:4])]
    assert hits, [(e.trigger, e.modality) for e in found]
    assert hits[0].modality == modality


def test_events_light_verb_names_its_noun(nlp):
    found, _, _ = events_of(nlp, "NATO carried out strikes against Serbia in 1999.", broad=True)
    assert [e.trigger_lemma for e in found] == ["strike"]


# -- the news examples of the broad-events issue, with the types a reader would give ----------


@pytest.mark.parametrize("text, trigger, event_type, modality", [
    ("NATO launched air strikes against Yugoslavia on 24 March 1999.", "strikes", "FIGHT",
     "asserted"),
    ("Protesters toppled Slobodan Milošević in October 2000.", "toppled", "COUP", "asserted"),
    ("Prosecutors have charged 13 people over the collapse.", "charged", "LEGAL_ACTION",
     "asserted"),
    ("Students blocked a major intersection in Belgrade.", "blocked", "PROTEST", "asserted"),
    ("Russian troops raced to seize Pristina airport.", "seize", "FIGHT", "hypothetical"),
    ("A canopy collapsed at the station on Friday, killing 15 people.", "killing", "DEATH",
     "asserted"),
    ("A canopy collapsed at the station on Friday, killing 15 people.", "collapsed", "DISASTER",
     "asserted"),
    ("Esther Williams Dies At 91", "Dies", "DEATH", "asserted"),
    ("Chargers' Jackson arrested on suspicion of DUI", "arrested", "LEGAL_ACTION", "asserted"),
    ("Apple unveiled the iPhone in January 2007.", "unveiled", "LAUNCH", "asserted"),
    ("Two players were injured in the second half.", "injured", "INJURY", "asserted"),
    # The parser splits "A magnitude 6.0 earthquake" into two subjects: either may be the cause.
    ("A magnitude 6.0 earthquake struck eastern Turkey on Monday, killing at least 51 people.",
     "killing", "DEATH", "asserted"),
    # The parser hangs "that killed" on the main verb: "that" is still the quake.
    ("The region was hit by a magnitude 8.0 quake in 2005 that killed 11 people.", "killed",
     "DEATH", "asserted"),
    ("A gunman opened fire at a school, killing three pupils.", "opened", "ASSAULT", "asserted"),
    ("Soldiers shot the protesters in the square.", "shot", "ASSAULT", "asserted"),
    ("Police said the shooting left two people dead.", "shooting", "ASSAULT", "reported"),
])
def test_events_news_examples_get_sensible_types(nlp, text, trigger, event_type, modality):
    found, _, src = events_of(nlp, text, broad=True)
    hits = [e for e in found if e.trigger.split()[0] == trigger]
    assert hits, [(e.trigger, e.event_type) for e in found]
    assert (hits[0].event_type, hits[0].modality) == (event_type, modality)
    assert src.raw[hits[0].trigger_start:hits[0].trigger_end] == hits[0].trigger  # "opened fire"


@pytest.mark.parametrize("text, trigger, event_type", [
    ("About 150 people were later put on trial in Sarajevo.", "trial", "LEGAL_ACTION"),
    ("The convoy came under attack near the border.", "attack", "FIGHT"),
    ("Dockers went on strike on Friday.", "strike", "OTHER"),
    ("The two countries went to war in 1914.", "war", "FIGHT"),
])
def test_events_a_verb_framing_its_event_noun_adds_no_event(nlp, text, trigger, event_type):
    found, _, _ = events_of(nlp, text, broad=True)
    assert [(e.trigger, e.event_type) for e in found] == [(trigger, event_type)]


@pytest.mark.parametrize("text, event_type", [
    ("The attack on the convoy killed two soldiers.", "FIGHT"),
    ("He died of a heart attack in 1920.", "OTHER"),
    ("The last comparable disaster struck the region in 1957.", "DISASTER"),
])
def test_events_attack_and_disaster_nouns_are_typed(nlp, text, event_type):
    found, _, _ = events_of(nlp, text, broad=True)
    nouns = [e for e in found if e.trigger_lemma in ("attack", "disaster")]
    assert [e.event_type for e in nouns] == [event_type], [(e.trigger, e.event_type) for e in found]


def test_events_a_light_verb_yields_to_its_event_noun(nlp):
    found, _, _ = events_of(nlp, "NATO launched air strikes against Yugoslavia.", broad=True)
    assert [e.trigger for e in found] == ["strikes"]


def test_events_a_bare_state_phrase_is_not_a_mention_but_a_reference_is(nlp):
    assert events_of(nlp, "Serbia was at war with the Ottomans.")[0] == []
    refs = events_of(nlp, "The emperor made peace with the sultan in the last war.")[0]
    assert "FIGHT" in [e.event_type for e in refs]


def test_events_a_named_event_takes_no_date_from_its_neighbours(nlp):
    text = "In 1903 the dynasty changed. This led to the beginning of World War I."
    t = tx(text, "1903", "1903", "1903-01-01", "1903-12-31", "year")
    found, _, _ = events_of(nlp, text, timexes=[t], broad=True)
    war = [e for e in found if e.trigger_lemma == "war"]
    assert war and war[0].date_value == "" and war[0].date_source == "none"


@pytest.mark.parametrize("text, trigger", [
    ("Serbia sought Russian aid.", "aid"),
    ("The rebels asked for aid from Russia.", "aid"),
    ("They discussed a future alliance.", "alliance"),
])
def test_events_an_event_sought_or_planned_is_hypothetical(nlp, text, trigger):
    found, _, _ = events_of(nlp, text, broad=True)
    hits = [e for e in found if e.trigger == trigger]
    assert hits and hits[0].modality == "hypothetical", [(e.trigger, e.modality) for e in found]


@pytest.mark.parametrize("text", [
    "Floods killed 12 people in northern Italy.",
    "Torrential rain burst the river banks on Wednesday, killing at least 12 people.",
    "The Turia river flooded Valencia in October 1957 and killed at least 81 people.",
])
def test_events_a_killing_by_a_natural_force_is_a_death(nlp, text):
    found, _, _ = events_of(nlp, text, broad=True)
    assert [e.event_type for e in found if e.trigger_lemma == "kill"] == ["DEATH"]


@pytest.mark.parametrize("text, expected", [
    ("Heavy floods, which killed 12 people, hit the region in May 2014.", ["DEATH"]),
    ("Prosecutors charged 13 people over the collapse of a canopy at the station, which "
     "killed 15 people.", ["DEATH"]),
    ("A gunman who killed four people was arrested in Novi Sad.", ["ASSAULT"]),
])
def test_events_a_relative_clause_killing_takes_its_cause_from_the_noun_phrase(nlp, text,
                                                                                expected):
    found, _, _ = events_of(nlp, text, broad=True)
    assert [e.event_type for e in found if e.trigger_lemma == "kill"] == expected



@pytest.mark.parametrize("text, trigger, not_type", [
    ("A gunman opened fire at a school.", "fire", ""),  # the object "open" needs is no act
    ("The crew shot a film about the war in Belgrade.", "shot", "ASSAULT"),
    ("The mayor opened a school in Novi Sad.", "opened", "ASSAULT"),
])
def test_events_idiom_objects_and_filming_are_not_assaults(nlp, text, trigger, not_type):
    found, _, _ = events_of(nlp, text, broad=True)
    types = {e.event_type for e in found if e.trigger == trigger}
    assert (types and not_type not in types) if not_type else not types, \
        [(e.trigger, e.event_type) for e in found]


@pytest.mark.parametrize("text, triggers", [
    ("Two people were killed in a shooting at the plant.", ["killed", "shooting"]),
    ("A former employee opened fire at the party, killing one man.", ["opened fire", "killing"]),
    ("Napoleon and Alexander signed the Peace of Tilsit in July 1807.", ["signed"]),
])
def test_events_a_circumstance_or_a_result_is_a_mention_of_its_own(nlp, text, triggers):
    found, _, _ = events_of(nlp, text, broad=True)
    assert sorted(e.trigger for e in found if e.event_type != "OTHER") == sorted(triggers)


def test_events_a_dateline_place_is_no_actor(nlp):
    text = ("BELGRADE, Dec 22 (Wire) - Thousands of students blocked a major intersection in "
            "central Belgrade on Sunday.")  # the parser makes BELGRADE a subject of "blocked"
    found, _, _ = events_of(nlp, text, broad=True)
    (blocked,) = [e for e in found if e.trigger == "blocked"]
    assert "BELGRADE" not in {a.text for a in blocked.actors}


@pytest.mark.parametrize("dateline", ["REDMOND, Washington (AP) — ", "NEW YORK (AP) — ",
                                      "REDMOND, Washington — "])
def test_events_an_ap_dateline_is_no_actor(nlp, dateline):
    text = dateline + "Microsoft Corp. said on Monday it would acquire LinkedIn Corp."
    found, _, _ = events_of(nlp, text, broad=True)
    said = next(e for e in found if e.trigger == "said")
    assert {a.text for a in said.actors} == {"Microsoft Corp."}, said.actors


@pytest.mark.parametrize("text", [
    "At month's end, UN forces held 135,000 prisoners of war.",
    "The Minister of War resigned in March 1917.",
])
def test_events_an_of_phrase_that_classifies_is_no_war(nlp, text):
    found, _, _ = events_of(nlp, text, broad=True)
    assert "war" not in {e.trigger.lower() for e in found}, [e.trigger for e in found]


@pytest.mark.parametrize("text, injury", [
    ("Two people were hurt in the blast.", True),
    ("Nobody was hurt.", True),
    ("Last year's results were hurt by $41.3 million in restructuring charges.", False),
])
def test_events_hurt_is_an_injury_only_when_someone_is_hurt(nlp, text, injury):
    found, _, _ = events_of(nlp, text, broad=True)
    assert any(e.event_type == "INJURY" for e in found) == injury, \
        [(e.trigger, e.event_type) for e in found]


def test_events_a_named_war_fought_over_a_range_takes_the_range(nlp):
    text = ("The Crimean War was fought from October 1853 to February 1856.")
    timexes = [tx(text, "October 1853", "1853-10", "1853-10-01", "1853-10-31", "month"),
               tx(text, "February 1856", "1856-02", "1856-02-01", "1856-02-29", "month")]
    found, _, _ = events_of(nlp, text, timexes=timexes, broad=True)
    (war,) = [e for e in found if e.trigger == "War"]
    assert war.date_source == "clause"


@pytest.mark.parametrize("text, trigger, event_type", [
    ("Tsar Nicholas I died on 2 March 1855.", "died", "DEATH"),
    ("In 1855 his son Alexander II succeeded him.", "succeeded", "LEADERSHIP"),
    ("He succeeded in crossing the river in 1855.", "crossing", "OTHER"),
])
def test_events_deaths_and_successions(nlp, text, trigger, event_type):
    found, _, _ = events_of(nlp, text, broad=True)
    (e,) = [e for e in found if e.trigger == trigger]
    assert e.event_type == event_type


def test_events_a_date_past_a_semicolon_dates_only_its_own_statement(nlp):
    text = ("Karađorđe was to receive arms; nevertheless, the settlement agreed in May 1812 "
            "provided for Turkish rule. At the Genoa Conference in spring of 1922 there was a "
            "spat; a meeting between the two ministers took place on the sidelines.")
    timexes = [tx(text, "May 1812", "1812-05", "1812-05-01", "1812-05-31", "month"),
               tx(text, "spring of 1922", "1922-SP", "1922-03-01", "1922-05-31", "season")]
    found, _, _ = events_of(nlp, text, timexes=timexes, broad=True)
    dates = {e.trigger: (e.date_value, e.date_source) for e in found}
    assert dates["receive"] == ("", "none")
    assert dates["meeting"] == ("1922-SP", "sentence")


def test_events_a_context_date_gives_its_day_not_its_hour(nlp):
    # "at 8 p.m. on Tuesday" times the alert; the soldiers of the next sentence get the
    # day from context (inferred), never the hour.
    text = ("The region sent the alert at 8 p.m. on Tuesday. "
            "Spain deployed more than 1,000 soldiers to help with the rescue.")
    t = tx(text, "8 p.m. on Tuesday", "2024-10-29T20:00", "2024-10-29", "2024-10-29", "day")
    found, _, _ = events_of(nlp, text, timexes=[t], broad=True)
    sent = [e for e in found if e.trigger_lemma == "send"]
    deployed = [e for e in found if e.trigger_lemma == "deploy"]
    assert sent and sent[0].date_value == "2024-10-29T20:00"
    assert deployed and deployed[0].date_source == "context"
    assert (deployed[0].date_value, deployed[0].earliest, deployed[0].precision) == (
        "2024-10-29", "2024-10-29", "day")


@pytest.mark.parametrize("text, trigger, earliest, latest", [
    # No date in its sentence: the narrative time is the reference.
    ("Microsoft bought the studio on 18 January 2022. The deal comes months after "
     "California sued the studio.", "sue", "", "2022-01-18"),
    ("Microsoft bought the studio on 18 January 2022. Its chief will stay until the "
     "deal closes.", "close", "2022-01-18", ""),
    ("The archduke was shot on 18 January 2022. About 150 people were later put on "
     "trial.", "trial", "2022-01-18", ""),
])
def test_events_a_clause_after_or_before_another_is_bounded_by_its_date(
        nlp, text, trigger, earliest, latest):
    t = tx(text, "18 January 2022", "2022-01-18", "2022-01-18", "2022-01-18", "day")
    found, _, _ = events_of(nlp, text, timexes=[t], broad=True)
    hits = [e for e in found if e.trigger_lemma == trigger]
    assert hits, [(e.trigger, e.date_source) for e in found]
    assert (hits[0].date_source, hits[0].earliest, hits[0].latest) == ("relative", earliest,
                                                                        latest)


@pytest.mark.parametrize("text, era, dated, want", [
    # The decade is the actress's era; the death has its own date.
    ("The 1940s Hollywood actress and record-setting swimmer, Esther Williams, died on 6th "
     "June in her sleep.", ("The 1940s", "194", "1940-01-01", "1949-12-31", "decade"),
     ("6th June", "2013-06-06", "2013-06-06", "2013-06-06", "day"), ("died", "2013-06-06")),
    ("The 1990s pop band Oasis split up in Paris.",
     ("1990s", "199", "1990-01-01", "1999-12-31", "decade"), None, ("split", "")),
    ("The 2008 Olympic champion Michael Phelps was arrested.",
     ("2008", "2008", "2008-01-01", "2008-12-31", "year"), None, ("arrested", "")),
    ("Bettie Page, the 1950s pinup and bondage model, died Thursday at age 85.",
     ("the 1950s", "195", "1950-01-01", "1959-12-31", "decade"), None, ("died", "")),
    ("The woman was hit by a 2013 Toyota Camry near the school.",
     ("2013", "2013", "2013-01-01", "2013-12-31", "year"), None, ("hit", "")),
])
def test_events_a_date_describing_a_person_or_thing_dates_no_happening(nlp, text, era, dated, want):
    timexes = [tx(text, *era)] + ([tx(text, *dated)] if dated else [])
    events, _, _ = events_of(nlp, text, timexes=timexes, broad=True)
    ev = next(e for e in events if e.trigger.startswith(want[0]))
    assert ev.date_value == want[1], (ev.date_value, ev.date_source)


@pytest.mark.parametrize("text, year, trigger", [
    ("The 1999 NATO bombing killed hundreds of civilians.", "1999", "bombing"),
    ("The 2006 constitution was adopted in a referendum.", "2006", "adopted"),
    ("Russia signed the 2008 agreement in Moscow.", "2008", "signed"),
    ("Thomas suffered through an injury-plagued 2010 season.", "2010", "suffered"),
    ("Felt admitted in a 2005 Vanity Fair article that he was the source.", "2005", "admitted"),
    ("In a 1979 book, he bragged about the bugging.", "1979", "bragged"),
    ("Page was also celebrated in the 2006 HBO movie, The Notorious Bettie Page.", "2006",
     "celebrated"),
])
def test_events_a_date_before_an_event_noun_or_a_theme_still_dates_it(nlp, text, year, trigger):
    timexes = [tx(text, year, year, f"{year}-01-01", f"{year}-12-31", "year")]
    events, _, _ = events_of(nlp, text, timexes=timexes, broad=True)
    ev = next(e for e in events if e.trigger.startswith(trigger))
    assert ev.date_value == year, (ev.trigger, ev.date_value, ev.date_source)


def test_events_a_date_in_a_clause_describing_a_person_dates_only_that_clause(nlp):
    text = ("Esther Williams, the champion turned actress who starred in aquatic musicals of "
            "the 1940s, has died.")
    timexes = [tx(text, "the 1940s", "194", "1940-01-01", "1949-12-31", "decade")]
    events, _, _ = events_of(nlp, text, timexes=timexes, broad=True)
    died = next(e for e in events if e.trigger.endswith("died"))
    assert died.date_value == "", (died.date_value, died.date_source)


@pytest.mark.parametrize("text, date, trigger", [
    ("Williams , one of the biggest box - office stars of the 1940s , died peacefully in her "
     "sleep .", ("the 1940s", "194", "1940-01-01", "1949-12-31", "decade"), "died"),
    ("Vladimir Putin, president since 2000, visited Belgrade.",
     ("2000", "2000", "2000-01-01", "2000-12-31", "year"), "visited"),
])
def test_events_a_date_in_an_apposition_to_a_name_describes_its_bearer(nlp, text, date, trigger):
    events, _, _ = events_of(nlp, text, timexes=[tx(text, *date)], broad=True)
    ev = next(e for e in events if e.trigger == trigger)
    assert ev.date_value == "", (ev.date_value, ev.date_source)


def test_events_a_date_in_an_apposition_naming_a_happening_still_dates_it(nlp):
    text = "The attack, a bombing on 5 March 1999, killed ten people."
    timexes = [tx(text, "5 March 1999", "1999-03-05", "1999-03-05", "1999-03-05", "day")]
    events, _, _ = events_of(nlp, text, timexes=timexes, broad=True)
    assert {e.trigger: e.date_value for e in events}.get("killed") == "1999-03-05"


def test_events_a_date_in_a_clause_describing_a_happening_still_dates_the_sentence(nlp):
    text = "The attack, which took place on 5 March 1999, killed ten people."
    timexes = [tx(text, "5 March 1999", "1999-03-05", "1999-03-05", "1999-03-05", "day")]
    events, _, _ = events_of(nlp, text, timexes=timexes, broad=True)
    assert {e.trigger: e.date_value for e in events}.get("killed") == "1999-03-05"


def test_events_a_date_in_a_participle_phrase_still_dates_the_act_it_serves(nlp):
    text = "This service was terminated by a law passed in April 1922."
    timexes = [tx(text, "April 1922", "1922-04", "1922-04-01", "1922-04-30", "month")]
    events, _, _ = events_of(nlp, text, timexes=timexes, broad=True)
    assert {e.trigger: e.date_value for e in events}.get("terminated") == "1922-04"


def test_events_a_date_describing_a_person_sets_no_narrative_time(nlp):
    text = ("Esther Williams, the champion turned actress who starred in aquatic musicals of "
            "the 1940s, has died. Williams died early Thursday in her sleep.")
    timexes = [tx(text, "the 1940s", "194", "1940-01-01", "1949-12-31", "decade")]
    events, _, _ = events_of(nlp, text, timexes=timexes, broad=True)
    assert {e.date_value for e in events if e.trigger.endswith("died")} == {""}


def test_events_a_date_beside_a_name_describes_its_bearer_in_any_role(nlp):
    text = "Bettie Page, the 1950s pin-up queen and pop culture icon, will be remembered."
    timexes = [tx(text, "the 1950s", "195", "1950-01-01", "1959-12-31", "decade")]
    events, _, _ = events_of(nlp, text, timexes=timexes, broad=True)
    assert all(e.date_value == "" for e in events), [(e.trigger, e.date_value) for e in events]


def test_events_the_name_beside_a_common_noun_is_the_actor(nlp):
    text = "The Hollywood actress and record-setting swimmer, Esther Williams, died on Thursday."
    events, _, _ = events_of(nlp, text, broad=True)
    died = next(e for e in events if e.trigger == "died")
    assert [(a.text, a.role) for a in died.actors if a.role == "agent"] == [
        ("Esther Williams", "agent")]


@pytest.mark.parametrize("text, date", [
    # An era describes in any role; a noun that "who" follows is a person.
    ("The 1990s pop star was arrested in Miami.",
     ("1990s", "199", "1990-01-01", "1999-12-31", "decade")),
    ("The 1996 Cy Young winner, who starred for the Braves, was released.",
     ("1996", "1996", "1996-01-01", "1996-12-31", "year")),
    # The parser hangs these decades on the verb (npadvmod, nsubj): nouns follow them.
    ("Famous 1950s pin up star Betty Page has died in Los Angeles , aged 85 .",
     ("1950s", "195", "1950-01-01", "1959-12-31", "decade")),
    ("The 1950s pinup model Bettie Page died .",
     ("1950s", "195", "1950-01-01", "1959-12-31", "decade")),
])
def test_events_an_era_or_a_persons_date_dates_nothing_done_to_them(nlp, text, date):
    events, _, _ = events_of(nlp, text, timexes=[tx(text, *date)], broad=True)
    assert all(e.date_value == "" for e in events), [(e.trigger, e.date_value) for e in events]


@pytest.mark.parametrize("text", [
    "In the 1950s prices rose sharply.",
    "The 1990s oil crisis hit Russia hard.",
])
def test_events_an_era_heading_a_time_or_a_happening_still_dates_it(nlp, text):
    date = ("1950s" if "1950s" in text else "1990s")
    value = date[:3]
    events, _, _ = events_of(nlp, text, timexes=[tx(text, date, value, f"{value}0-01-01",
                                                   f"{value}9-12-31", "decade")], broad=True)
    assert any(e.date_value == value for e in events), [(e.trigger, e.date_value) for e in events]


def test_events_a_date_after_the_document_date_sets_no_narrative_time(nlp):
    text = ("Smolz will start for the Padres on Saturday. The Padres have lost 12 of their "
            "last 15 games.")
    timexes = [tx(text, "Saturday", "2009-07-18", "2009-07-18", "2009-07-18", "day")]
    events, _, _ = events_of(nlp, text, timexes=timexes, broad=True, published="2009-07-15")
    assert {e.trigger: e.date_value for e in events}.get("lost") == ""


def test_events_an_undated_statement_in_news_is_the_datelines(nlp):
    from pipeline.temporal.mode import ModeChoice

    text = ("BOSTON, July 14, 2009 - He had shoulder surgery in 2008.\n\n"
            "\"We wish him well,\" Theo Epstein said.")
    timexes = [tx(text, "July 14, 2009", "2009-07-14", "2009-07-14", "2009-07-14", "day"),
               tx(text, "2008", "2008", "2008-01-01", "2008-12-31", "year")]
    for mode, want in (("news", "2009-07-14"), ("narrative", "2008")):
        events, _, _ = events_of(nlp, text, timexes=timexes, broad=True, published="2009-07-14",
                                 anchoring=ModeChoice(mode, "test"))
        said = next(e for e in events if e.trigger == "said")
        assert said.date_value == want, (mode, said.date_value, said.date_source)


def test_events_a_subject_the_parser_gives_to_a_preposition_is_the_clauses_own(nlp):
    # "inmates" parsed as the object of "after": the escape is theirs, not the president's.
    text = ("President Michelle Bachelet sent 100 police officers to Iquique after about 300 "
            "inmates escaped from a prison there.")
    events, _, _ = events_of(nlp, text, broad=True)
    escaped = next(e for e in events if e.trigger == "escaped")
    assert [a.text for a in escaped.actors if a.role == "agent"] == []


def test_events_a_background_year_in_news_dates_nothing_in_the_next_paragraph(nlp):
    from pipeline.temporal.mode import ModeChoice

    text = ("Microsoft bought Mojang in 2014. The deal was worth $2.5 billion.\n\n"
            "The two companies had been talking for months.")
    timexes = [tx(text, "2014", "2014", "2014-01-01", "2014-12-31", "year")]
    for mode, talking in (("news", ""), ("narrative", "2014")):
        events, _, _ = events_of(nlp, text, timexes=timexes, broad=True, published="2016-06-13",
                                 anchoring=ModeChoice(mode, "test"))
        dates = {e.trigger: e.date_value for e in events}
        assert (dates["deal"], dates["talking"]) == ("2014", talking), (mode, dates)


@pytest.mark.parametrize("text, said", [
    ("Police said on Tuesday that the man was arrested in 2005.", "2009-07-14"),
    ("The man was arrested in 2005, police said on Tuesday.", "2009-07-14"),
    ("Police said the man was arrested in 2005.", ""),
])
def test_events_a_reporting_verb_is_not_dated_by_what_it_reports(nlp, text, said):
    timexes = [tx(text, "2005", "2005", "2005-01-01", "2005-12-31", "year")]
    if "Tuesday" in text:
        timexes.append(tx(text, "Tuesday", "2009-07-14", "2009-07-14", "2009-07-14", "day"))
    events, _, _ = events_of(nlp, text, timexes=timexes, broad=True, published="2009-07-15")
    dates = {e.trigger: e.date_value for e in events}
    assert (dates["arrested"], dates["said"]) == ("2005", said), dates


@pytest.mark.parametrize("text, trigger, agents", [
    # ", which alarmed": the destruction alarmed them, not the place named last.
    ("On 30 November the Russian fleet destroyed an Ottoman squadron at Sinope, which "
     "alarmed Britain and France.", "alarmed", []),
    ("Serbia, which declared war on Austria, mobilised.", "declared", ["Serbia"]),
])
def test_events_a_reaction_to_a_happening_is_not_the_places(nlp, text, trigger, agents):
    events, _, _ = events_of(nlp, text, broad=True)
    ev = next(e for e in events if e.trigger == trigger)
    assert [a.text for a in ev.actors if a.role == "agent"] == agents, ev.actors
    assert "Sinope" not in {a.text for a in ev.actors}


@pytest.mark.parametrize("text, lemmas", [
    # the subject of a negated verb still happened
    ("The arrest will not affect his status for the game.", {"arrest"}),
    # an ordinal under "such" makes a new happening of the kind told
    ("Williams was arrested on suspicion of drunk driving, the team's second such arrest "
     "in a month.", {"arrest"}),
    # "prior to" gives a circumstance, not a participant: two legal actions
    ("Lo Presti, who was convicted prior to his latest arrest, was found dead.",
     {"convict", "arrest"}),
    # a compound a head presupposes is a happening of its own
    ("A provisional trial date has been set.", {"trial"}),
    ("He faces a murder charge.", {"murder", "charge"}),
    ("He was sentenced for a 2005 shooting spree in a courthouse.", {"shooting"}),
])
def test_events_nouns_the_parse_used_to_hide(nlp, text, lemmas):
    found, _, _ = events_of(nlp, text, broad=True)
    assert lemmas <= {e.trigger_lemma for e in found}, [(e.trigger, e.event_type) for e in found]


def test_events_a_compound_naming_a_kind_of_thing_is_still_no_event(nlp):
    found, _, _ = events_of(nlp, "A bomb disposal technician and a war memorial were there.",
                            broad=True)
    assert not {"bomb", "war"} & {e.trigger_lemma for e in found}


@pytest.mark.parametrize("text, trigger, place", [
    ("Pro-Russia rally held in Belgrade", "rally", "Belgrade"),
    ("A Pro-Russia rally was held in Belgrade on Saturday.", "rally", "Belgrade"),
    ("Talks held in Geneva ended without a deal.", "Talks", "Geneva"),
])
def test_events_a_support_verb_after_its_noun_adds_no_event(nlp, text, trigger, place):
    found, _, _ = events_of(nlp, text, broad=True)
    assert "held" not in {e.trigger for e in found}
    (e,) = [e for e in found if e.trigger == trigger]
    assert place in e.places
    assert "Russia" not in {a.text for a in e.actors}  # "Pro-Russia" is a stance, no agent


@pytest.mark.parametrize("text, trigger", [
    ("A fired accountant bought a shotgun.", "fired"),
    ("Two wounded soldiers were flown home.", "wounded"),
    ("Police found two women dead in a house.", "found"),
    ("A Mafia boss has been found dead in his cell, police sources have said.", "found"),
    ("Millom double murder : Man charged with killing mother and sister", "charged"),
])
def test_events_what_befell_people_is_told(nlp, text, trigger):
    found, _, _ = events_of(nlp, text, broad=True)
    assert trigger in {e.trigger for e in found}, [(e.trigger, e.event_type) for e in found]


def test_events_a_standing_before_a_person_is_no_event(nlp):
    found, _, _ = events_of(nlp, "A married man and an experienced officer spoke.", broad=True)
    assert {e.trigger for e in found} == {"spoke"}


def test_events_a_sentence_opening_with_two_capitalised_names_is_no_dateline(nlp):
    found, _, _ = events_of(nlp, "US, Russia - talks failed in Geneva on Monday.", broad=True)
    assert found  # the sentence is a claim, not a dateline


def test_events_a_relative_clause_on_another_happening_dates_only_that_one(nlp):
    text = "The strike was called to protest a pension reform that the government approved last week."
    t = tx(text, "last week", "2009-W28", "2009-07-06", "2009-07-12", "week")
    found, _, _ = events_of(nlp, text, timexes=[t], broad=True, published="2009-07-15")
    dated = {e.trigger: e.date_value for e in found}
    assert dated["approved"] == dated["reform"] == "2009-W28"
    assert dated["strike"] != "2009-W28" and dated["called"] != "2009-W28"
    # A clause on the subject still dates what the sentence tells.
    text = "The attack, which took place on 5 March, killed ten."
    t = tx(text, "5 March", "2009-03-05", "2009-03-05", "2009-03-05", "day")
    found, _, _ = events_of(nlp, text, timexes=[t], broad=True, published="2009-07-15")
    assert {e.trigger: e.date_value for e in found}["killed"] == "2009-03-05"


@pytest.mark.parametrize("text, trigger, kind", [
    ("Two wounded soldiers were flown home.", "wounded", "INJURY"),
    ("Ten people were dead after the quake.", "dead", "DEATH"),
])
def test_events_an_event_adjective_takes_its_verbs_type(nlp, text, trigger, kind):
    found, _, _ = events_of(nlp, text, broad=True)
    assert {e.trigger: e.event_type for e in found}[trigger] == kind


@pytest.mark.parametrize("text, date, verb, planned", [
    ("The farm union called a national strike for next Wednesday.", "next Wednesday",
     "called", "strike"),
    ("The government scheduled talks for Friday.", "Friday", "scheduled", "talks"),
])
def test_events_a_date_a_verb_aims_at_dates_what_it_plans(nlp, text, date, verb, planned):
    timexes = [tx(text, date, "2024-02-07", "2024-02-07", "2024-02-07", "day")]
    found, _, _ = events_of(nlp, text, timexes=timexes, broad=True)
    dates = {e.trigger: e.date_value for e in found}
    assert dates[verb] == "" and dates[planned] == "2024-02-07"


@pytest.mark.parametrize("text, trigger, event_type", [
    ("On August 16, British troops captured Detroit without a fight.", "captured", "FIGHT"),
    ("She captured the title in 2019.", "captured", "OTHER"),
    ("Police fired tear gas at the crowd.", "fired", "ASSAULT"),
    ("Soldiers fired at protesters.", "fired", "ASSAULT"),
    ("The company fired its chief executive on Monday.", "fired", "OTHER"),
])
def test_events_taking_a_named_place_is_fighting_and_firing_a_weapon_an_assault(
        nlp, text, trigger, event_type):
    found, _, _ = events_of(nlp, text, broad=True)
    (e,) = [e for e in found if e.trigger == trigger]
    assert e.event_type == event_type


@pytest.mark.parametrize("text, event_type", [
    ("The fire started at 3 a.m. and destroyed the church.", "DISASTER"),
    ("Iraqi troops have set fire to large sections of the city.", "DISASTER"),
    ("Rebels returned fire.", "OTHER"),
    ("The convoy came under fire near the border.", "OTHER"),
    ("The senator came under fire for his remarks.", "OTHER"),
])
def test_events_a_blaze_is_a_disaster_gunfire_is_not(nlp, text, event_type):
    found, _, _ = events_of(nlp, text, broad=True)
    (fire,) = [e for e in found if e.trigger.lower() == "fire"]
    assert fire.event_type == event_type


@pytest.mark.parametrize("text, phrase, value, bounds, anchor, trigger", [
    ("In August 1814 troops burned the town. A few weeks later an attack on the port was "
     "repulsed.", "A few weeks later", "FUTURE_REF", ("1814-08-02", "1814-11-30"),
     "August 1814", "repulsed"),
    ("The fort was taken in 1755, and the general died of his wounds days later.",
     "days later", "FUTURE_REF", ("1755-01-02", "1756-01-31"), "1755", "died"),
    ("The treaty was signed in 1920. Weeks earlier the rebels had surrendered.",
     "Weeks earlier", "PAST_REF", ("1919-10-01", "1920-12-30"), "1920", "surrendered"),
])
def test_events_a_past_or_future_reference_is_bounds_not_a_date(
        nlp, text, phrase, value, bounds, anchor, trigger):
    year = anchor[-4:]
    timexes = [tx(text, anchor, anchor if anchor == year else f"{year}-08",
                  f"{year}-01-01" if anchor == year else f"{year}-08-01",
                  f"{year}-12-31" if anchor == year else f"{year}-08-31",
                  "year" if anchor == year else "month"),
               dataclasses.replace(tx(text, phrase, value, *bounds, "unknown"), anchor=anchor)]
    ev = next(e for e in events_of(nlp, text, timexes=timexes, broad=True)[0]
              if e.trigger == trigger)
    assert (ev.date_value, ev.date_source, (ev.earliest, ev.latest), ev.anchor) == (
        "", "relative", bounds, anchor)


@pytest.mark.parametrize("text, now, trigger, expected", [
    # The writer's present in a history: no narrative year.
    ("Brant was born in 1743 in the Ohio Country. Traffic now runs along the old trail.",
     "now", "runs", ("none", "")),
    ("The fort was built in 1759. Today the site is used as a park.", "Today", "used",
     ("none", "")),
    # In the past tense "now" is the narrative's own now.
    ("The siege began in 1759. Starving, the garrison now surrendered to the British.",
     "now", "surrendered", ("context", "1759")),
])
def test_events_the_writers_present_takes_no_narrative_year(nlp, text, now, trigger, expected):
    year = text.split(" in ", 1)[1][:4]
    timexes = [tx(text, year, year, f"{year}-01-01", f"{year}-12-31", "year"),
               tx(text, now, "PRESENT_REF", "", "", "unknown")]
    ev = next(e for e in events_of(nlp, text, timexes=timexes, broad=True)[0]
              if e.trigger == trigger)
    assert (ev.date_source, ev.date_value) == expected


@pytest.mark.parametrize("text, dated, expected", [
    # The new paragraph goes back to 1854: the digression's 1864 is not its time.
    ("The war ended in 1856. The Red Cross was founded in 1864.\n\n"
     "The admiral was killed at Sevastopol. Another admiral died in October 1854.",
     ["1856", "1864", "October 1854"], ("none", "")),
    # A paragraph that goes on forward keeps the time it inherits.
    ("The war ended in 1856. The Red Cross was founded in 1864.\n\n"
     "The admiral was killed at Sevastopol. Another admiral died in October 1870.",
     ["1856", "1864", "October 1870"], ("context", "1864")),
    # Within one paragraph the latest date before the mention holds.
    ("The war ended in 1856. The Red Cross was founded in 1864. "
     "The admiral was killed at Sevastopol. Another admiral died in October 1854.",
     ["1856", "1864", "October 1854"], ("context", "1864")),
])
def test_events_a_paragraph_going_back_in_time_inherits_no_later_year(nlp, text, dated,
                                                                      expected):
    months = {"October": "10"}
    timexes = []
    for d in dated:
        if " " in d:
            month, year = d.split()
            v = f"{year}-{months[month]}"
            timexes.append(tx(text, d, v, f"{v}-01", f"{v}-31", "month"))
        else:
            timexes.append(tx(text, d, d, f"{d}-01-01", f"{d}-12-31", "year"))
    killed = next(e for e in events_of(nlp, text, timexes=timexes, broad=True)[0]
                  if e.trigger == "killed")
    assert (killed.date_source, killed.date_value) == expected


@pytest.mark.parametrize("text, trigger, expected", [
    # The past perfect is before the narrative time: a bound, not its date.
    ("In October 1813 the Americans won at the Thames. The chief had built a confederacy "
     "of many nations.", "built", ("", "relative", "", "1813-10-31")),
    ("In October 1813 the army crossed the river. The fort had been abandoned.", "abandoned",
     ("", "relative", "", "1813-10-31")),
    # The simple past takes the narrative time.
    ("In October 1813 the Americans won at the Thames. The chief built a confederacy of "
     "many nations.", "built", ("1813-10", "context", "1813-10-01", "1813-10-31")),
    # Reported, the past perfect is before the report, not the narrative time.
    ("In October 1813 the Americans won at the Thames. A newspaper reported that the chief "
     "had built a confederacy.", "built", ("1813-10", "context", "1813-10-01", "1813-10-31")),
])
def test_events_a_past_perfect_is_before_the_narrative_time(nlp, text, trigger, expected):
    t = tx(text, "October 1813", "1813-10", "1813-10-01", "1813-10-31", "month")
    ev = next(e for e in events_of(nlp, text, timexes=[t], broad=True)[0]
              if e.trigger == trigger)
    assert (ev.date_value, ev.date_source, ev.earliest, ev.latest) == expected


@pytest.mark.parametrize("text, trigger, place", [
    # "lay" lays the siege: the noun is the happening, its target the place (and patient)
    ("In 1759 the British laid siege to Quebec.", "siege", "Quebec"),
    ("The siege of Quebec lasted three months.", "siege", "Quebec"),
    # an assault or a raid aimed at a named place is fighting there
    ("An assault on Montreal in 1760 ended French rule.", "assault", "Montreal"),
    ("The Boers launched a raid against Johannesburg.", "raid", "Johannesburg"),
])
def test_events_a_place_an_attack_is_aimed_at_is_its_place_not_a_party(nlp, text, trigger, place):
    found, _, _ = events_of(nlp, text, broad=True)
    assert "laid" not in {e.trigger for e in found}
    (e,) = [e for e in found if e.trigger == trigger]
    assert e.event_type == "FIGHT" and place in e.places, (e.event_type, e.places)
    assert {a.role for a in e.actors if a.text == place} <= {"patient"}, e.actors


@pytest.mark.parametrize("text, trigger, event_type", [
    ("The company laid off 300 workers in May.", "laid off", "BUSINESS"),
    ("Veterans laid a wreath at the memorial.", "laid", "OTHER"),
    ("He was charged with assault on a woman.", "assault", "OTHER"),
])
def test_events_lay_needs_its_particle_and_an_assault_on_a_person_is_no_battle(
        nlp, text, trigger, event_type):
    found, _, _ = events_of(nlp, text, broad=True)
    assert {e.trigger: e.event_type for e in found}.get(trigger) == event_type, \
        [(e.trigger, e.event_type) for e in found]


def test_events_ontology_rejects_a_particle_yaml_reads_as_a_boolean():
    with pytest.raises(AnnalistError, match="E312.*off"):
        load_ontology("types:\n  - name: X\n    definition: d\n",
                      "triggers:\n  X:\n    verbs: [{lemma: lay, particle: off}]\n")


@pytest.mark.parametrize("text, trigger", [
    ("The Geneva Convention set rules for the wounded.", "wounded"),
    ("The Red Cross treated the wounded at a field hospital.", "wounded"),
    ("Many of the wounded were carried to Durban.", "wounded"),
    ("The dead were buried at Scutari.", "dead"),
])
def test_events_an_adjective_naming_its_bearers_is_no_happening(nlp, text, trigger):
    found, _, _ = events_of(nlp, text, broad=True)
    assert trigger not in {e.trigger for e in found}, [(e.trigger, e.event_type) for e in found]


@pytest.mark.parametrize("text, trigger, event_type", [
    ("Two soldiers were wounded near the bridge.", "wounded", "INJURY"),
    ("Two wounded soldiers were flown home.", "wounded", "INJURY"),
])
def test_events_wounding_told_of_people_is_still_an_injury(nlp, text, trigger, event_type):
    found, _, _ = events_of(nlp, text, broad=True)
    assert {e.trigger: e.event_type for e in found}.get(trigger) == event_type


@pytest.mark.parametrize("text, trigger, event_type", [
    ("Isaac Brock died at Queenston Heights in 1812.", "died", "DEATH"),
    ("Smith died on Friday, his family said.", "died", "DEATH"),
    # organisations and plans die only in figures
    ("The Ford Motor Company died in the eyes of investors.", "died", "OTHER"),
    ("The bill died in committee.", "died", "OTHER"),
])
def test_events_a_death_needs_a_living_subject(nlp, text, trigger, event_type):
    found, _, _ = events_of(nlp, text, broad=True)
    assert {e.trigger: e.event_type for e in found}.get(trigger) == event_type, \
        [(e.trigger, e.event_type) for e in found]


@pytest.mark.parametrize("text, trigger, event_type", [
    ("Merkel was born in Hamburg.", "born", "BIRTH"),
    ("A man born in 1950 was arrested in Lyon.", "born", "BIRTH"),
    ("She gave birth to a son in 1801.", "birth", "BIRTH"),
    # an organisation is born when it is founded; what is borne is carried
    ("The Liberal Party was born in 1920.", "born", "ESTABLISH"),
    ("The costs were borne by the state.", "borne", "OTHER"),
])
def test_events_births_are_typed_and_an_organisations_birth_is_its_founding(
        nlp, text, trigger, event_type):
    found, _, _ = events_of(nlp, text, broad=True)
    assert {e.trigger: e.event_type for e in found}.get(trigger) == event_type, \
        [(e.trigger, e.event_type) for e in found]
    assert "gave" not in {e.trigger for e in found}


def test_events_the_born_is_where_a_birth_is_placed(nlp):
    found, _, _ = events_of(nlp, "Merkel was born in Hamburg.", broad=True)
    (born,) = found
    assert born.places == ("Hamburg",) and [a.text for a in born.actors] == ["Merkel"]


@pytest.mark.parametrize("text, trigger, event_type", [
    # territories merged by a law are unified, no business deal
    ("The Act of Union 1707 merged England and Scotland.", "merged", "ESTABLISH"),
    ("The Act of Union 1840 merged Upper and Lower Canada.", "merged", "ESTABLISH"),
    ("The Act of Union 1840 merged the two colonies into the Province of Canada.", "merged",
     "ESTABLISH"),
    ("Italy's parliament passed a law merging two regions.", "merging", "ESTABLISH"),
    # a merger of companies is
    ("Exxon merged with Mobil in 1999.", "merged", "BUSINESS"),
    ("The two banks merged in 2005.", "merged", "BUSINESS"),
    ("The two rivers merged near the town.", "merged", "OTHER"),
])
def test_events_a_merger_is_business_only_between_companies(nlp, text, trigger, event_type):
    found, _, _ = events_of(nlp, text, broad=True)
    assert {e.trigger: e.event_type for e in found}.get(trigger) == event_type, \
        [(e.trigger, e.event_type) for e in found]


@pytest.mark.parametrize("text, trigger", [
    ("The Act of Union 1840 merged the two colonies into the Province of Canada.", "merged"),
    ("The Treaty of Paris of 1783 ignored the Indigenous nations.", "ignored"),
])
def test_events_a_law_or_treaty_is_no_party(nlp, text, trigger):
    found, _, _ = events_of(nlp, text, broad=True)
    (e,) = [e for e in found if e.trigger == trigger]
    assert not {a.text for a in e.actors} & {"Act", "Treaty", "Treaty of Paris", "Act of Union"}, \
        e.actors


def test_events_where_people_are_carried_is_a_place(nlp):
    found, _, _ = events_of(nlp, "Many of the wounded were carried to London.", broad=True)
    (carried,) = [e for e in found if e.trigger == "carried"]
    assert carried.places == ("London",) and not carried.actors


def test_events_ontology_flattens_an_anchored_list_in_a_condition():
    onto = load_ontology("types:\n  - name: X\n    definition: d\n",
                         "triggers:\n  X:\n    verbs:\n      - {lemma: a, objects: &w [p, q]}\n"
                         "      - {lemma: b, not_subjects: [r, *w]}\n")
    assert onto.verb_rules["b"][0].not_subjects == {"p", "q", "r"}


@pytest.mark.parametrize("text, trigger, event_type", [
    ("In 1837 reformers in Lower Canada rose against the colonial government.", "rose",
     "REBELLION"),
    ("The euro rose against the dollar on Friday.", "rose", "OTHER"),
    ("In August 1814 British troops burned Washington.", "burned", "FIGHT"),
    ("The fire burned London for four days.", "burned", "OTHER"),
    ("The siege went on for a year, but the city fell in September.", "fell", "FIGHT"),
    ("Prices fell sharply in March.", "fell", "OTHER"),
    ("Following the 1917 revolution, Russia fell under communist rule.", "fell", "OTHER"),
    ("Indigenous nations had fought beside the Crown in 1812.", "fought", "FIGHT"),
    ("He fought the charges in court.", "fought", "OTHER"),
])
def test_events_risings_burnings_falls_and_fighting_beside(nlp, text, trigger, event_type):
    found, _, _ = events_of(nlp, text, broad=True)
    assert {e.trigger: e.event_type for e in found}.get(trigger) == event_type, \
        [(e.trigger, e.event_type) for e in found]


@pytest.mark.parametrize("text, trigger, place", [
    ("Rebels laid siege to the town of Goma last week.", "siege", "Goma"),
    ("Dockers blocked the port of Hamburg on Monday.", "blocked", "Hamburg"),
])
def test_events_a_settlement_of_a_named_place_is_that_place_not_a_party(nlp, text, trigger, place):
    found, _, _ = events_of(nlp, text, broad=True)
    (e,) = [e for e in found if e.trigger == trigger]
    assert place in e.places, e.places
    assert not any(a.text.startswith(("town of", "port of")) for a in e.actors), e.actors


def test_events_staged_is_the_support_verb_stage(nlp):
    found, _, _ = events_of(nlp, "Farmers in Canada have staged similar protests.", broad=True)
    assert [e.trigger for e in found] == ["protests"]


def test_events_catching_fire_is_the_fire(nlp):
    found, _, _ = events_of(nlp, "A supermarket caught fire yesterday.", broad=True)
    assert [(e.trigger, e.event_type) for e in found] == [("fire", "DISASTER")]
