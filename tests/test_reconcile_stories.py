"""Documents telling the same story, and the events their shared context joins."""

from __future__ import annotations

import dataclasses

import pytest

from pipeline.reconcile import reconcile
from pipeline.reconcile.entities import cluster_entities
from pipeline.reconcile.features import mention_features
from pipeline.reconcile.registry import IdRegistry
from pipeline.reconcile.stories import related_documents
from bench.synthetic import doc, entity, event


def _report(doc_id: str, names: list[tuple[str, str]], *, year: str = "2008",
            quote: str = "she checked into a clinic on Tuesday") -> object:
    """A news report naming ``names`` (text, label) and one undated "checked" mention."""
    mentions = [entity(doc_id, text, label, 10 * k) for k, (text, label) in enumerate(names)]
    events = [event(doc_id, 500, quote, "checked", "OTHER", lemma="check", source="none"),
              event(doc_id, 800, f"the film opened in {year}", "opened", "OTHER",
                    lemma="open", date=year)]
    return doc(doc_id, mentions=mentions, events=events)


REID = [("Tara Reid", "PERSON"), ("Promises Treatment Center", "ORG"), ("Malibu", "GPE")]
LOHAN = [("Lindsay Lohan", "PERSON"), ("Betty Ford Center", "ORG"), ("Palm Springs", "GPE")]


def _related(results):
    ok = sorted(results, key=lambda r: r.doc_id)
    index = cluster_entities(ok, IdRegistry())
    return related_documents(ok, index, mention_features(ok, index))


def _checked(rec) -> dict[str, str]:
    return {r["doc_id"]: r["event_id"] for r in rec.event_mentions if r["trigger"] == "checked"}


def test_stories_reports_naming_the_same_people_and_places_are_related():
    related = _related([_report("a", REID), _report("b", REID[:2]), _report("c", LOHAN)])
    assert related["a"] == {"b"} and related["b"] == {"a"}
    assert "c" not in related


def test_stories_reports_of_different_years_are_not_related():
    assert _related([_report("a", REID), _report("b", REID, year="2013")]) == {}


def test_stories_same_trigger_in_related_reports_is_one_event():
    rec = reconcile([_report("a", REID), _report("b", REID[:2]), _report("c", LOHAN)])
    ids = _checked(rec)
    assert ids["a"] == ids["b"] != ids["c"]
    routes = {e["route"] for e in rec.merge_evidence[ids["a"]]}
    assert routes == {"story"}


def test_stories_history_documents_are_never_related():
    # Stated dates over many years: a history, where one word names many events.
    def history(doc_id):
        r = _report(doc_id, REID)
        extra = [event(doc_id, 900 + 100 * k, f"a war began in {y}", "began", "FIGHT",
                       lemma="begin", date=y) for k, y in enumerate(["1914", "1939"])]
        return doc(doc_id, mentions=r.mentions, events=[*r.event_mentions, *extra])
    rec = reconcile([history("a"), history("b")])
    ids = _checked(rec)
    assert ids["a"] != ids["b"]


def test_stories_never_join_a_documents_mentions_of_different_agents():
    # Report "a" tells of two people checking in; "b", naming nobody, links to both.
    a = _report("a", REID)
    two = [event("a", 100, "Tara Reid checked in", "checked", "OTHER", lemma="check",
                 actors=["Tara Reid"], source="none"),
           event("a", 200, "Lindsay Lohan checked in", "checked", "OTHER", lemma="check",
                 actors=["Lindsay Lohan"], source="none")]
    a = doc("a", mentions=a.mentions, events=two)
    rec = reconcile([a, _report("b", REID)])
    ids = {r["quote"]: r["event_id"] for r in rec.event_mentions}
    assert ids["Tara Reid checked in"] != ids["Lindsay Lohan checked in"]
    assert ids["she checked into a clinic on Tuesday"] in {
        ids["Tara Reid checked in"], ids["Lindsay Lohan checked in"]}


def _with_modality(report, modality):
    ems = tuple(dataclasses.replace(em, modality=modality) if em.trigger == "checked" else em
                for em in report.event_mentions)
    return dataclasses.replace(report, event_mentions=ems)


@pytest.mark.parametrize("modality", ["future", "hypothetical"])
def test_stories_a_planned_retelling_joins_the_asserted_one(modality):
    # "Reid will check into a clinic" in one report of the story, "checked" in another.
    rec = reconcile([_with_modality(_report("a", REID), modality), _report("b", REID[:2])])
    ids = _checked(rec)
    assert ids["a"] == ids["b"]


def test_stories_a_negated_retelling_stays_apart():
    rec = reconcile([_with_modality(_report("a", REID), "negated"), _report("b", REID[:2])])
    ids = _checked(rec)
    assert ids["a"] != ids["b"]


def _dated_report(doc_id: str, year: str, date: str) -> object:
    """A report telling one check-in twice: undated, and with ``date`` in the clause."""
    r = _report(doc_id, REID, year=year)
    dated = event(doc_id, 600, f"she checked in on {date}", "checked", "OTHER",
                  lemma="check", date=date)
    return doc(doc_id, mentions=r.mentions, events=[*r.event_mentions, dated])


@pytest.mark.parametrize("date_a, date_b, one", [
    ("2008", "2009", True),  # years a year apart: one check-in, the date a conflict
    ("2008-12-09", "2008-12-20", False),  # two different days never join
])
def test_stories_retold_check_in_dated_apart_is_one_event_with_a_conflict(date_a, date_b, one):
    rec = reconcile([_dated_report("a", "2008", date_a), _dated_report("b", "2008", date_b)])
    ids = _checked(rec)
    assert (ids["a"] == ids["b"]) is one
    if one:
        (ev,) = [e for e in rec.events if e["event_id"] == ids["a"]]
        assert ev["has_conflict"] is True


def test_stories_a_generic_retelling_meets_a_typed_one():
    # "the attack" left untyped in one report, "attacked" typed ASSAULT in a related one.
    def report(doc_id, event_type):
        r = _report(doc_id, REID)
        attack = event(doc_id, 700, "the attack outside the clinic", "attack", event_type,
                       lemma="attack", source="none")
        return doc(doc_id, mentions=r.mentions, events=[*r.event_mentions, attack])
    rec = reconcile([report("a", "OTHER"), report("b", "ASSAULT")])
    ids = {r["doc_id"]: r["event_id"] for r in rec.event_mentions if r["trigger"] == "attack"}
    assert ids["a"] == ids["b"]


@pytest.mark.parametrize("lemma_a, lemma_b", [
    ("escape", "flee"), ("injure", "wound"), ("thwart", "foil"), ("robbery", "heist"),
    ("win", "defeat"), ("arrest", "apprehend"),
])
def test_stories_synonyms_of_one_happening_are_one_event(lemma_a, lemma_b):
    # Related reports telling one happening by two words of ``trigger_synonyms``.
    def report(doc_id, lemma):
        r = _report(doc_id, REID)
        told = event(doc_id, 700, f"the {lemma} outside the clinic", lemma, "OTHER",
                     lemma=lemma, source="none")
        return doc(doc_id, mentions=r.mentions, events=[*r.event_mentions, told])
    rec = reconcile([report("a", lemma_a), report("b", lemma_b)])
    ids = {r["doc_id"]: r["event_id"] for r in rec.event_mentions
           if r["trigger"] in (lemma_a, lemma_b)}
    assert ids["a"] == ids["b"]


def _told_report(doc_id: str, trigger: str, lemma: str, *, names=REID) -> object:
    r = _report(doc_id, names)
    told = event(doc_id, 700, f"the storm {trigger} the clinic", trigger, "OTHER",
                 lemma=lemma, source="none")
    return doc(doc_id, mentions=r.mentions, events=[*r.event_mentions, told])


def _told_ids(rec, *triggers: str) -> dict[str, str]:
    return {r["doc_id"]: r["event_id"] for r in rec.event_mentions if r["trigger"] in triggers}


@pytest.mark.parametrize("trigger_a, lemma_a, trigger_b, lemma_b", [
    ("hit", "hit", "struck", "strike"), ("checked into", "check", "entered", "enter"),
    ("opened fire", "open", "shooting", "shooting"), ("passed away", "pass", "died", "die"),
    ("gunned down", "gun", "shot", "shoot"), ("blaze", "blaze", "fire", "fire"),
])
def test_stories_story_synonyms_in_related_reports_are_one_event(trigger_a, lemma_a,
                                                                 trigger_b, lemma_b):
    # Two reports of one story telling one happening by two words of ``story_synonyms``.
    rec = reconcile([_told_report("a", trigger_a, lemma_a),
                     _told_report("b", trigger_b, lemma_b)])
    ids = _told_ids(rec, trigger_a, trigger_b)
    assert ids["a"] == ids["b"]
    assert "story" in {e["route"] for e in rec.merge_evidence[ids["a"]]}


def test_stories_story_synonyms_outside_one_story_stay_two_events():
    # Reports of different stories (other people, other places): "hit" and "struck" are
    # two words, though they name no one and state no date that disagrees.
    rec = reconcile([_told_report("a", "hit", "hit"),
                     _told_report("b", "struck", "strike", names=LOHAN)])
    ids = _told_ids(rec, "hit", "struck")
    assert ids["a"] != ids["b"]


def test_stories_story_synonyms_in_histories_stay_two_events():
    # Two histories naming one actor in one year: "hit" and "struck" may be two blows.
    def history(doc_id, quote, trigger, lemma):
        told = event(doc_id, 700, quote, trigger, "FIGHT",
                     lemma=lemma, actors=["Russian Empire"], date="1807")
        wars = [event(doc_id, 900 + 100 * k, f"a war began in {y}", "began", "FIGHT",
                      lemma="begin", date=y) for k, y in enumerate(["1770", "1789", "1812"])]
        return doc(doc_id, mentions=[entity(doc_id, "Russian Empire", "GPE", 700)],
                   events=[told, *wars])
    rec = reconcile([history("a", "Russian troops hit Friedland", "hit", "hit"),
                     history("b", "the Russian army struck at Eylau", "struck", "strike")])
    ids = _told_ids(rec, "hit", "struck")
    assert ids["a"] != ids["b"]


def test_stories_a_phrase_takes_its_own_story_group_not_its_words():
    # "opened fire" is a shooting, not a blaze, though it holds the word "fire".
    rec = reconcile([_told_report("a", "opened fire", "open"),
                     _told_report("b", "blaze", "blaze")])
    ids = _told_ids(rec, "opened fire", "blaze")
    assert ids["a"] != ids["b"]


def test_stories_a_background_year_is_not_the_story_retold():
    # A report of the 2014 show names its host's first show, in 2007: "to host" (undated)
    # retells the 2014 story, not the background one.
    events = [event("a", 100 * k, "the 2014 Oscars", "Oscars", "OTHER", lemma="oscar",
                    date="2014") for k in range(1, 4)]
    events += [event("a", 500, "DeGeneres will host the Oscars", "host", "OTHER",
                     lemma="host", source="none"),
               event("a", 600, "she first hosted the Oscars in 2007", "hosted", "OTHER",
                     lemma="host", date="2007")]
    rec = reconcile([doc("a", events=events)])
    ids = {r["trigger"]: r["event_id"] for r in rec.event_mentions}
    assert ids["host"] != ids["hosted"]
