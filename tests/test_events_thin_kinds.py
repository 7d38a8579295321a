"""Kinds of story the dev data is thin on: courts and appeals, recalls, storms, takeovers
blocked by a regulator, coups, history with sieges. Each case is a bug a reader of the CSVs
of hand-written stories saw (a missed or mistyped happening, a junk mention, a lost or
wrong participant)."""

from __future__ import annotations

import pytest

from tests.test_events import events_of


def _typed(events):
    return [(e.trigger, e.event_type) for e in events]


@pytest.mark.parametrize("text, trigger, event_type", [
    ("In 1413 the duke executed the town's leaders.", "executed", "ASSAULT"),
    ("The rebel commander was executed in 1920.", "executed", "ASSAULT"),
    ("Two men drowned in the river on Monday.", "drowned", "DEATH"),
    ("After five months the garrison surrendered in 1413.", "surrendered", "RETREAT"),
    ("The surrender of the garrison came in May 1413.", "surrender", "RETREAT"),
    ("The storm flooded low-lying neighborhoods on Monday.", "flooded", "DISASTER"),
    ("His lawyers appealed the verdict on Monday.", "appealed", "LEGAL_ACTION"),
    ("The mayor appealed for calm on Sunday.", "appealed", "REQUEST"),
    ("Korver was released on bail in 2019.", "released", "LEGAL_ACTION"),
    ("Toyota announced a recall of 2 million cars in 2010.", "recall", "BUSINESS"),
    ("The governor ordered a mandatory evacuation of coastal parishes on Saturday.", "evacuation",
     "MIGRATE"),
    ("The evacuation of British troops from Dunkirk began on 26 May 1940.", "evacuation", "RETREAT"),
    # people taken off a ship or a building are helped, not a force retreating
    ("Coast guard vessels evacuated 312 passengers from the ferry.", "evacuated", "AID"),
    ("Firefighters evacuated the crew and 40 workers from the plant.", "evacuated", "AID"),
    ("The army evacuated its garrison from the island.", "evacuated", "RETREAT"),
    ("That night the police fired on the crowd outside the radio building.", "fired", "ASSAULT"),
])
def test_events_thin_kinds_trigger_and_type(nlp, text, trigger, event_type):
    found, _, _ = events_of(nlp, text, broad=True)
    assert (trigger, event_type) in _typed(found)


@pytest.mark.parametrize("text, trigger", [
    ("The manager executed the plan in 2019.", "executed"),
    ("The suspect surrendered to police on Monday.", "surrendered"),
    ("Fans flooded the streets of the city on Saturday.", "flooded"),
    ("The company fired its chief executive on Monday.", "fired"),
])
def test_events_thin_kinds_figures_are_not_typed(nlp, text, trigger):
    found, _, _ = events_of(nlp, text, broad=True)
    assert all(e.event_type in ("OTHER",) for e in found if e.trigger == trigger), _typed(found)


def test_events_a_named_storm_kills_as_a_disaster_and_is_one_mention(nlp):
    found, _, _ = events_of(nlp, "Hurricane Delphine slammed into the coast early Monday, "
                                 "killing at least 11 people.", broad=True)
    assert ("killing", "DEATH") in _typed(found)
    found, _, _ = events_of(nlp, "Hurricane Katrina struck New Orleans in 2005.", broad=True)
    storm = [e for e in found if e.event_type == "DISASTER"]
    assert [e.trigger for e in storm] == ["Hurricane Katrina"]
    assert all(e.trigger not in ("Hurricane", "Katrina") for e in found if e not in storm)
    struck = next(e for e in found if e.trigger == "struck")
    assert "New Orleans" in struck.places and not struck.actors


def test_events_a_proposed_acquisition_is_a_hypothetical_happening_with_its_buyer(nlp):
    text = ("The regulator on Friday blocked the proposed $12 billion acquisition of chipmaker "
            "Quorra by rival Helix Systems.")
    found, _, _ = events_of(nlp, text, broad=True)
    deal = next(e for e in found if e.trigger == "acquisition")
    assert (deal.event_type, deal.modality) == ("BUSINESS", "hypothetical")
    assert "Helix Systems" in [a.text for a in deal.actors if a.role == "agent"]
    blocked = next(e for e in found if e.trigger == "blocked")
    assert "Helix Systems" not in [a.text for a in blocked.actors]


def test_events_threatened_sanctions_are_not_asserted(nlp):
    found, _, _ = events_of(nlp, "The African Union condemned the coup and threatened sanctions.",
                            broad=True)
    sanctions = next(e for e in found if e.trigger == "sanctions")
    assert sanctions.modality == "hypothetical"


@pytest.mark.parametrize("text, word", [
    ("The company would replace every battery free of charge.", "charge"),
    ("The officer in charge was arrested in 2010.", "charge"),
])
def test_events_an_idiom_names_no_happening(nlp, text, word):
    found, _, _ = events_of(nlp, text, broad=True)
    assert word not in [e.trigger for e in found]


def test_events_a_possessed_happening_in_a_purpose_clause_is_presupposed(nlp):
    found, _, _ = events_of(nlp, "In 1412 the duke raised taxes to pay for his war with Lorin.",
                            broad=True)
    assert next(e for e in found if e.trigger == "war").modality == "asserted"
    found, _, _ = events_of(nlp, "In 1807 the Serbs hoped to secure statehood with Russia's aid.",
                            broad=True)
    assert next(e for e in found if e.trigger == "aid").modality == "hypothetical"


def test_events_a_capitals_place_before_a_hyphen_is_a_dateline_not_an_actor(nlp):
    text = "LONDON - Britain's Competition and Markets Authority on Friday blocked the merger."
    found, _, _ = events_of(nlp, text, broad=True)
    blocked = next(e for e in found if e.trigger == "blocked")
    assert "LONDON" not in [a.text for a in blocked.actors]
    assert "Competition and Markets Authority" in [a.text for a in blocked.actors]


def test_events_a_settlement_subject_acts_and_is_where(nlp):
    found, _, _ = events_of(nlp, "In 1412 the city of Paris rebelled against the king.")
    rebelled = next(e for e in found if e.trigger == "rebelled")
    assert [(a.text, a.role) for a in rebelled.actors] == [("Paris", "agent")]
    assert rebelled.places == ("Paris",)


@pytest.mark.parametrize("text, negated", [
    ("A jury found him guilty of murder in 2010.", False),
    ("He pleaded guilty to manslaughter on Monday.", False),
    ("He pleaded not guilty in 2011.", True),
])
def test_events_a_guilty_verdict_or_plea_is_a_legal_step(nlp, text, negated):
    found, _, _ = events_of(nlp, text, broad=True)
    guilty = next(e for e in found if e.trigger == "guilty")
    assert guilty.event_type == "LEGAL_ACTION"
    assert (guilty.modality == "negated") == negated


@pytest.mark.parametrize("text, word, expected", [
    ("The guilty man fled in 2011.", "guilty", False),
    ("She was taken to the emergency room.", "emergency", False),
    ("The governor declared a state of emergency on Saturday.", "emergency", True),
])
def test_events_a_describing_word_is_no_happening(nlp, text, word, expected):
    found, _, _ = events_of(nlp, text, broad=True)
    assert (word in [e.trigger for e in found]) == expected


@pytest.mark.parametrize("text, kept, dropped", [
    # a verb that only says the happening came about is no second event
    ("A fire broke out on the ferry near Corfu on Saturday.", "fire", "broke out"),
    ("War broke out in 1914.", "War", "broke out"),
    ("The explosion occurred at dawn.", "explosion", "occurred"),
    ("The accident happened on the bridge.", "accident", "happened"),
])
def test_events_a_happening_that_breaks_out_or_occurs_is_one_mention(nlp, text, kept, dropped):
    found, _, _ = events_of(nlp, text, broad=True)
    triggers = {e.trigger for e in found}
    assert kept in triggers and dropped not in triggers


def test_events_a_verb_with_out_that_acts_stays_an_event(nlp):
    found, _, _ = events_of(nlp, "Prisoners broke out of the jail.", broad=True)
    assert any(e.trigger.startswith("broke") for e in found)
