"""Event reconciliation on hand-built mentions mirroring the sample corpus."""

from __future__ import annotations

import random
from dataclasses import replace

import pytest

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.cells import split_values
from pipeline.reconcile import explain, reconcile
from bench.synthetic import doc, entity, event


def _relations_docs():
    a = doc("001", events=[event(
        "001", 100,
        "Diplomatic relations between the Kingdom of Yugoslavia and the USSR were "
        "established on 24 June 1940",
        "established", "diplomacy", lemma="establish",
        actors=["Kingdom of Yugoslavia", "USSR"], date="1940-06-24")])
    b = doc("002", events=[event(
        "002", 900,
        "Relations between Serb-dominated Yugoslavia and the Russian-dominated Soviet Union "
        "were limited, with the Yugoslav monarchy fearing communism and diplomatic relations "
        "only established in 1940",
        "established", "diplomacy", lemma="establish",
        actors=["Yugoslavia", "Soviet Union"], date="1940")])
    return [a, b]


def _ottoman_docs():
    q1 = ("After the Ottoman Empire had allied itself with Napoleon's France in late 1806, "
          "and was subsequently at war with Russia and Britain")
    q2 = ("After the Ottoman Empire had allied itself with Napoleon in late 1806 and was "
          "attacked by Russia and Britain")
    late = dict(date="1806", earliest="1806-09-01", latest="1806-12-31", precision="year")
    return [doc("000", events=[event("000", 700, q1, "allied", "alliance", lemma="ally",
                                     actors=["Ottoman Empire", "Napoleon", "France"], **late)]),
            doc("001", events=[event("001", 400, q2, "allied", "alliance", lemma="ally",
                                     actors=["Ottoman Empire", "Napoleon"], **late)])]


def _nato_docs():
    # As the events stage reports them: a relative bound ("months after ..." the start of
    # 2000) in one document, a year and a multiword trigger in the other.
    a = doc("001", events=[event(
        "001", 300,
        "months after the NATO bombing of Yugoslavia, relations between the countries began "
        "to gain momentum",
        "bombing", "FIGHT", lemma="bombing", actors=["NATO", "Yugoslavia"], date="",
        earliest="1999-01-01", latest="2000-04-30", precision="unknown", source="relative")])
    b = doc("002", events=[event(
        "002", 500, "Russia strongly opposed NATO's bombing campaign against Serbia",
        "bombing campaign", "FIGHT", lemma="campaign", actors=["NATO", "Serbia"], date="1999",
        source="sentence")])
    return [a, b]


def _alliance_1807():
    """Distinct 1807 events of the alliance article: one document, overlapping dates."""
    quotes = [
        (0, "The Russo-Serbian Alliance was signed on 10 July 1807 between Revolutionary "
            "Serbia under Karađorđe and the Russian Empire", "signed", "treaty", "sign",
         ["Revolutionary Serbia", "Karađorđe", "Russian Empire"], "1807-07-10"),
        (400, "Russia and France signed the Peace of Tilsit (July 1807)", "signed", "treaty",
         "sign", ["Russia", "France"], "1807-07"),
        (800, "In March 1807 the Serbian leadership summoned an assembly at Belgrade and "
              "decided to enter alliance with Russia", "decided", "alliance", "decide",
         ["Russia"], "1807-03"),
        (1200, "Serbia wished to be included in the Russo-Turkish truce signed at Slobozia "
               "in 1807", "signed", "treaty", "sign", ["Serbia"], "1807"),
        (1600, "liberation of Belgrade in 1807", "liberation", "conflict", "liberation",
         ["Belgrade"], "1807"),
    ]
    return [doc("000", events=[event("000", s, q, t, ty, lemma=lem, actors=ac, date=d)
                               for s, q, t, ty, lem, ac, d in quotes])]


def _event_of(rec, doc_id):
    return {r["event_id"] for r in rec.event_mentions if r["doc_id"] == doc_id}


def test_events_refinement_merges_and_takes_precise_date():
    rec = reconcile(_relations_docs())
    (ev,) = rec.events
    assert ev["date"] == "1940-06-24" and ev["precision"] == "day"
    assert ev["n_documents"] == 2 and ev["doc_ids"] == "001|002"
    assert ev["has_conflict"] is False and rec.conflicts == []
    assert set(split_values(ev["actors"])) == {"Yugoslavia", "Soviet Union"}


def test_events_ottoman_alliance_told_twice_is_one_event():
    rec = reconcile(_ottoman_docs())
    (ev,) = rec.events
    assert ev["n_documents"] == 2 and ev["n_mentions"] == 2
    assert ev["date"] == "1806"
    # The description is the more informative quote (names France too).
    assert "France" in ev["description"]


def test_events_relative_bound_and_multiword_trigger_merge():
    rec = reconcile(_nato_docs())
    (ev,) = rec.events
    assert ev["n_documents"] == 2
    assert ev["date"] == "1999"
    assert ev["has_conflict"] is False


def test_events_context_date_disagreeing_is_weak_evidence_not_conflict():
    q = "NATO's bombing campaign against Serbia"
    docs = [doc("a", events=[event("a", 0, "the NATO bombing of Serbia", "bombing", "FIGHT",
                                   actors=["NATO", "Serbia"], date="2000", source="context")]),
            doc("b", events=[event("b", 0, q, "bombing", "FIGHT", actors=["NATO", "Serbia"],
                                   date="1999")])]
    rec = reconcile(docs)
    (ev,) = rec.events
    assert ev["date"] == "1999" and ev["has_conflict"] is False and rec.conflicts == []


def test_events_no_actor_and_no_asserted_date_never_merge():
    # "the Russo-Turkish War (1768-1774)" and "following a Russo-Turkish war" (no date,
    # no actor): only the wording agrees, which is not enough.
    docs = [doc("a", events=[event("a", 0, "inspired the Balkans in the Russo-Turkish War "
                                   "(1768-1774)", "War", "FIGHT", lemma="war", date="1768")]),
            doc("b", events=[event("b", 0, "Serbia gained autonomy following a Russo-Turkish "
                                   "war", "war", "FIGHT", lemma="war")])]
    assert len(reconcile(docs).events) == 2


def test_events_actorless_adjacent_years_are_a_candidate_link_not_a_conflict():
    # "in 1804" and "expanded into a national uprising in 1805": with no actor on either
    # side only the wording says one event, and the two may be phases of one rising, so
    # they stay two events a reader can review through candidate_links.csv.
    a = event("000", 10, "The peasant rebellion against the Dahije expanded into a national "
              "uprising in 1805", "uprising", "REBELLION", date="1805")
    b = event("002", 20, "It was during an uprising in 1804", "uprising", "REBELLION",
              date="1804")
    rec = reconcile([doc("000", events=[a]), doc("002", events=[b])])
    assert len(rec.events) == 2 and not rec.conflicts
    assert all(not e["has_conflict"] for e in rec.events)
    (link,) = rec.candidate_links
    assert {link["event_id"], link["other_event_id"]} == {e["event_id"] for e in rec.events}
    assert "no actor on either side" in link["reasons"]
    other = event("002", 90, "another uprising broke out in 1805", "uprising", "REBELLION",
                  date="1805")
    rec = reconcile([doc("000", events=[a]), doc("002", events=[b, other])])
    assert all(not e["has_conflict"] for e in rec.events)


def test_events_distinct_1807_events_stay_distinct():
    rec = reconcile(_alliance_1807())
    assert len(rec.events) == 5


def test_events_different_days_never_merge():
    q = "Russia and the Ottoman Empire signed a truce at Slobozia"
    docs = [doc("a", events=[event("a", 0, q, "signed", "treaty", actors=["Russia"],
                                   date="1807-08-24")]),
            doc("b", events=[event("b", 0, q, "signed", "treaty", actors=["Russia"],
                                   date="1807-08-12")])]
    assert len(reconcile(docs).events) == 2


def test_events_year_conflict_is_kept_once_with_every_value():
    docs = [
        doc("000", events=[event("000", 10, "The Serbs under Karađorđe rose in a national "
                                 "uprising against the Dahije in 1805", "uprising", "uprising",
                                 actors=["Karađorđe", "Dahije"], date="1805")]),
        doc("002", events=[event("002", 20, "Karađorđe led the Serbs in a national uprising "
                                 "against the Dahije in 1804", "uprising", "uprising",
                                 actors=["Karadjordje"], date="1804")]),
    ]
    rec = reconcile(docs)
    (ev,) = rec.events
    assert ev["has_conflict"] is True
    rows = [(c["field"], c["value"], c["doc_id"]) for c in rec.conflicts]
    assert rows == [("date", "1805", "000"), ("date", "1804", "002")]
    assert all(c["quote"] for c in rec.conflicts)
    assert ev["date"] in {"1804", "1805"}


def test_events_number_conflict_listed():
    q1 = "NATO aircraft bombed Belgrade in 1999, killing 500 civilians"
    q2 = "NATO aircraft bombed Belgrade in 1999, killing 2000 civilians"
    docs = [doc("a", events=[event("a", 0, q1, "bombed", "attack", lemma="bomb",
                                   actors=["NATO"], places=["Belgrade"], date="1999",
                                   numbers=["500"])]),
            doc("b", events=[event("b", 0, q2, "bombed", "attack", lemma="bomb",
                                   actors=["NATO"], places=["Belgrade"], date="1999",
                                   numbers=["2,000"])])]
    rec = reconcile(docs)
    (ev,) = rec.events
    assert ev["has_conflict"] is True
    assert [(c["field"], c["value"]) for c in rec.conflicts] == [("number", "500"),
                                                                 ("number", "2,000")]


def test_events_place_conflict_listed_but_containment_is_not():
    q = "Russia and Serbia signed the military agreement in 2016"
    base = dict(lemma="sign", actors=["Russia", "Serbia"], date="2016")
    docs = [doc("a", events=[event("a", 0, q + " in Belgrade", "signed", "treaty",
                                   places=["Belgrade"], **base)]),
            doc("b", events=[event("b", 0, q + " in Moscow", "signed", "treaty",
                                   places=["Moscow"], **base)]),
            doc("c", events=[event("c", 0, q + " in Serbia's capital, Belgrade", "signed",
                                   "treaty", places=["Serbia"], **base)])]
    rec = reconcile(docs)
    (ev,) = rec.events
    assert ev["has_conflict"] is True
    places = [(c["doc_id"], c["value"]) for c in rec.conflicts if c["field"] == "place"]
    assert places == [("a", "Belgrade"), ("b", "Moscow"), ("c", "Serbia")]


def test_events_confidence_grows_with_documents_not_mentions():
    q = "NATO bombed Serbia in 1999 during the Kosovo conflict"
    one_doc = [doc("a", events=[event("a", 0, q, "bombed", "attack", actors=["NATO"],
                                      date="1999"),
                                event("a", 100, q, "bombed", "attack", actors=["NATO"],
                                      date="1999")])]
    two_docs = [doc("a", events=[event("a", 0, q, "bombed", "attack", actors=["NATO"],
                                       date="1999")]),
                doc("b", events=[event("b", 0, q, "bombed", "attack", actors=["NATO"],
                                       date="1999")])]
    single = reconcile([one_doc[0]])
    assert len(single.events) == 1 and single.events[0]["n_mentions"] == 2
    assert reconcile(two_docs).events[0]["confidence"] > single.events[0]["confidence"]


def test_events_actor_resolved_through_entity_mentions():
    a = doc("a", mentions=[entity("a", "Karađorđe", "PERSON", 0)],
            events=[event("a", 0, "Karađorđe captured Belgrade in 1806", "captured",
                          "conflict", actors=["Karađorđe"], date="1806-12")])
    b = doc("b", events=[event("b", 0, "Karageorge took Belgrade in December 1806",
                               "took", "conflict", lemma="capture", actors=["Karageorge"],
                               date="1806-12")])
    rec = reconcile([a, b])
    (ev,) = rec.events
    assert split_values(ev["actors"]) == ["Karađorđe"]


def test_events_rows_have_contract_columns():
    rec = reconcile(_relations_docs())
    assert set(rec.event_mentions[0]) >= {
        "event_mention_id", "event_id", "doc_id", "claim_id", "start", "end", "line", "quote",
        "trigger", "event_type", "actors", "places", "date_value", "earliest", "latest",
        "precision", "locator", "confidence", "date_source", "anchor"}
    assert set(rec.events[0]) >= {
        "event_id", "event_type", "title", "date", "earliest", "latest", "precision", "actors",
        "places", "description", "n_mentions", "n_documents", "doc_ids", "confidence",
        "has_conflict", "mention_ids", "merged_from"}
    for row in rec.events + rec.event_mentions + rec.entities:
        assert all(isinstance(v, (str, int, float, bool, type(None))) for v in row.values())


def test_events_explain_shows_quotes_locators_and_scores():
    docs = _relations_docs()
    rec = reconcile(docs)
    text = explain(rec.events[0]["event_id"], rec, docs)
    assert "24 June 1940" in text and "only established in 1940" in text
    assert "001#L1" in text and "002#L1" in text
    assert "score" in text and "shared: Soviet Union" in text


def test_events_explain_unknown_id_raises_key_error():
    import pytest

    with pytest.raises(KeyError):
        explain("EVnope", reconcile(_relations_docs()), _relations_docs())


_ALL = _relations_docs() + _ottoman_docs()[:1] + _nato_docs()[1:] + _alliance_1807()


@settings(max_examples=15, deadline=None)
@given(st.randoms(use_true_random=False))
def test_reconcile_independent_of_input_order(rnd: random.Random):
    docs = [doc(d.doc_id + "x", events=list(d.event_mentions)) for d in _ALL]
    expected = reconcile(docs)
    shuffled = docs[:]
    rnd.shuffle(shuffled)
    assert reconcile(shuffled) == expected


def _crowded_trigger_block():
    # Two actor-less tellings of one declaration of war (a month, then its day) meet only
    # in the trigger block of "declare", which eight declarations of independence dated
    # between them crowd: by date alone, neither is among the other's nearest.
    quote = "war was declared on the kingdom after the ultimatum expired"
    docs = [doc("a", events=[event("a", 10, quote, "declared", "conflict.war", lemma="declare",
                                   date="1914-07", earliest="1914-07-01",
                                   latest="1914-07-28", precision="month")]),
            doc("b", events=[event("b", 10, quote, "declared", "conflict.war", lemma="declare",
                                   date="1914-07-28")])]
    for day in range(10, 18):
        d = f"p{day}"
        docs.append(doc(d, events=[event(
            d, 10, f"independence was declared by the assembly on day {day}", "declared",
            "politics.independence", lemma="declare", date=f"1914-07-{day}")]))
    return docs


def test_events_trigger_block_seekers_look_only_at_compatible_types(monkeypatch):
    from pipeline.reconcile import events as ev

    for one_partition in (False, True):  # the block rule itself, and split by family
        if one_partition:
            monkeypatch.setattr(ev, "partitions", lambda ms: [list(ms)])
        rec = reconcile(_crowded_trigger_block())
        assert _event_of(rec, "a") == _event_of(rec, "b")
        assert len({frozenset(_event_of(rec, f"p{day}")) for day in range(10, 18)}) == 8


def test_events_partitions_by_family_give_the_same_events_as_one_partition(monkeypatch):
    from pipeline.reconcile import events as ev
    from bench.synthetic import make_results

    corpus = make_results(1500, seed=5) + _crowded_trigger_block() + _nato_docs()
    split = reconcile(corpus)
    monkeypatch.setattr(ev, "partitions", lambda ms: [list(ms)])
    whole = reconcile(corpus)
    assert split.event_mentions == whole.event_mentions
    assert split.events == whole.events and split.conflicts == whole.conflicts


def test_events_partitions_split_by_family_unless_a_type_is_generic():
    from pipeline.reconcile.blocking import partitions
    from pipeline.reconcile.entities import cluster_entities
    from pipeline.reconcile.features import mention_features
    from pipeline.reconcile.registry import IdRegistry

    docs = _crowded_trigger_block()
    ms = mention_features(docs, cluster_entities(docs, IdRegistry()))
    parts = partitions(ms)
    assert [{m.family for m in p} for p in parts] == [{"conflict"}, {"politics"}]
    assert all([m.idx for m in p] == sorted(m.idx for m in p) for p in parts)
    generic = docs + [doc("g", events=[event("g", 10, "it was declared", "declared", "other",
                                             lemma="declare", date="1914-07-28")])]
    ms = mention_features(generic, cluster_entities(generic, IdRegistry()))
    assert [len(p) for p in partitions(ms)] == [len(ms)]


@pytest.mark.parametrize("trigger, lemma, expected", [
    ("coup d'état", "d'état", "coup d'état"),  # a compound noun's head alone names nothing
    ("peace treaties", "treaty", "peace treaty"),
    ("bombing campaign", "campaign", "bombing campaign"),
    ("broke away", "break", "break"),  # a verb's particle stays out
    ("signed on", "sign", "sign"),
    ("signed", "sign", "sign"),
])
def test_events_title_names_the_event_by_its_trigger(trigger, lemma, expected):
    rec = reconcile([doc("001", events=[
        event("001", 0, f"They {trigger} it in 1903.", trigger, "conflict.coup", lemma=lemma,
              date="1903")])])
    assert rec.events[0]["title"] == f"{expected}, 1903"


@pytest.mark.parametrize("earliest, latest, expected", [
    ("", "1878-12-31", "war, by 1878-12-31"),  # "in 1878, after another war"
    ("2000-01-01", "", "war, from 2000-01-01"),
    ("1806-09-01", "1806-12-31", "war, 1806-09-01/1806-12-31"),
    ("", "", "war"),
])
def test_events_title_states_a_relative_date_as_its_bounds(earliest, latest, expected):
    import dataclasses

    em = dataclasses.replace(event(
        "001", 0, "Serbia gained independence after another war.", "war", "conflict.war",
        earliest=earliest, latest=latest, precision="unknown"), date_source="relative")
    (row,) = reconcile([doc("001", events=[em])]).events
    assert row["title"] == expected and not row["title"].endswith(",")


@pytest.mark.parametrize("text, key", [
    ("about 150 metres", ("m", "150")),
    ("150 meters", ("m", "150")),
    ("Twelve", ("count", "12")),
    ("2,000", ("count", "2000")),
    ("nearly $80 million", ("money", "80million")),
    ("1,200-mile", ("mi", "1200")),
    ("at least 217", ("count", "217")),
    ("10%", ("%", "10")),
])
def test_events_number_key_gives_kind_and_value(text, key):
    from pipeline.reconcile.conflicts import number_key

    assert number_key(text) == key


def _told_twice(numbers_a, numbers_b):
    q = "NATO aircraft bombed Belgrade in 1999"
    return reconcile([doc(d, events=[event(d, 0, q, "bombed", "attack", lemma="bomb",
                                           actors=["NATO"], places=["Belgrade"], date="1999",
                                           numbers=n)])
                      for d, n in (("a", numbers_a), ("b", numbers_b))])


@pytest.mark.parametrize("numbers_a, numbers_b, conflict", [
    (["500"], ["2,000"], True),
    (["Twelve"], ["12"], False),  # words and digits
    (["about 150 metres"], ["150 meters"], False),  # a hedge and a spelling of the unit
    (["1,200-mile"], ["$70 billion"], False),  # a distance and a sum: nothing to compare
    (["$82 million"], ["nearly $80 million"], True),
    (["$82 million", "three"], ["five"], True),  # counts compared, the money aside
])
def test_events_numbers_conflict_only_like_with_like(numbers_a, numbers_b, conflict):
    (ev,) = _told_twice(numbers_a, numbers_b).events
    assert ev["has_conflict"] is conflict


def test_events_a_negated_happening_never_joins_the_asserted_one():
    import dataclasses

    a, b = _relations_docs()
    negated = dataclasses.replace(b.event_mentions[0], modality="negated")
    b = dataclasses.replace(b, event_mentions=(negated,))
    rec = reconcile([a, b])
    assert len(rec.events) == 2
    assert _event_of(rec, "001") != _event_of(rec, "002")


@pytest.mark.parametrize("modality", ["future", "hypothetical"])
def test_events_a_planned_happening_outside_a_story_stays_apart(modality):
    # Two documents that do not tell one story: "were to establish relations" and
    # "established relations" are two events even with the same actors and year.
    import dataclasses

    a, b = _relations_docs()
    planned = dataclasses.replace(b.event_mentions[0], modality=modality)
    b = dataclasses.replace(b, event_mentions=(planned,))
    rec = reconcile([a, b])
    assert _event_of(rec, "001") != _event_of(rec, "002")


def _established(doc_id, start, quote, date, **kw):
    return doc(doc_id, events=[event(doc_id, start, quote, "established", "diplomacy",
                                     lemma="establish", actors=["Kingdom of Yugoslavia", "USSR"],
                                     date=date, **kw)])


def test_events_dates_a_day_apart_are_one_event_with_a_conflict():
    q = "Diplomatic relations between the Kingdom of Yugoslavia and the USSR were established"
    docs = [_established("001", 100, f"{q} on 24 June 1940", "1940-06-24"),
            _established("002", 200, f"{q} on 25 June 1940", "1940-06-25"),
            _established("003", 300, f"{q} in 1940", "1940")]
    rec = reconcile(docs)
    (ev,) = rec.events
    assert ev["n_documents"] == 3 and ev["has_conflict"] is True
    assert ev["date"] in {"1940-06-24", "1940-06-25"}
    # The year-only mention joins without being a side of the conflict.
    rows = sorted((c["field"], c["value"], c["doc_id"]) for c in rec.conflicts)
    assert rows == [("date", "1940-06-24", "001"), ("date", "1940-06-25", "002")]
    # Same answer in every input order.
    assert [e["mention_ids"] for e in reconcile(docs[::-1]).events] == [ev["mention_ids"]]


def test_events_near_days_need_the_same_type_and_a_shared_actor():
    q = "relations were established"
    a = doc("001", events=[event("001", 0, q + " on 24 June 1940", "established", "diplomacy",
                                 lemma="establish", date="1940-06-24")])
    b = doc("002", events=[event("002", 0, q + " on 25 June 1940", "established", "diplomacy",
                                 lemma="establish", date="1940-06-25")])
    assert len(reconcile([a, b]).events) == 2  # no participants: identity is doubtful
    q = "Diplomatic relations between the Kingdom of Yugoslavia and the USSR were established"
    far = [_established("001", 100, f"{q} on 24 June 1940", "1940-06-24"),
           _established("002", 200, f"{q} on 30 June 1940", "1940-06-30")]
    assert len(reconcile(far).events) == 2  # a week apart: two events


def test_events_inherited_date_neither_corroborates_nor_conflicts():
    q = "Diplomatic relations between the Kingdom of Yugoslavia and the USSR were established"
    docs = [_established("001", 100, f"{q} on 24 June 1940", "1940-06-24"),
            _established("002", 200, q, "1940-06-25", source="context")]
    rec = reconcile(docs)
    (ev,) = rec.events
    assert ev["date"] == "1940-06-24" and ev["has_conflict"] is False and rec.conflicts == []


def test_events_date_grade_and_documents_stating_it():
    q = "Diplomatic relations between the Kingdom of Yugoslavia and the USSR were established"
    rec = reconcile([_established("001", 100, f"{q} on 24 June 1940", "1940-06-24"),
                     _established("002", 200, f"{q} in 1940", "1940", source="sentence"),
                     _established("003", 300, q, "1940-06-24", source="context")])
    (ev,) = rec.events
    assert ev["date_grade"] == "stated" and ev["n_documents_stating_date"] == 2
    (only,) = reconcile([_established("003", 300, q, "1940-06-24", source="context")]).events
    assert only["date_grade"] == "inferred" and only["n_documents_stating_date"] == 0


def test_events_one_document_retelling_its_undated_event_is_one_event():
    a = event("001", 0, "reports suggest Serbia supplying ammunition to Ukraine", "supplying",
              "TRANSFER", lemma="supply", actors=["Serbia", "Ukraine"], source="none")
    b = event("001", 300, "Serbia, a major arms producer, had supplied Ukraine with shells",
              "supplied", "TRANSFER", lemma="supply", actors=["Serbia", "Ukraine"],
              date="2022-02", source="context")
    (ev,) = reconcile([doc("001", events=[a, b])]).events
    assert ev["n_mentions"] == 2
    # A stated date on either side keeps the stricter same-document bar in a history
    # (dates over many years); a document telling one story retells its event.
    c = event("001", 300, "Serbia, a major arms producer, had supplied Ukraine with shells",
              "supplied", "TRANSFER", lemma="supply", actors=["Serbia", "Ukraine"],
              date="2022-02")
    assert len(reconcile([doc("001", events=[a, c])]).events) == 1
    history = [event("001", 600 + 100 * k, f"Serbia signed a treaty in {year}", "signed",
                     "TREATY", lemma="sign", actors=["Serbia"], date=year)
               for k, year in enumerate(["1990", "1995", "2005"])]
    rows = reconcile([doc("001", events=[a, c, *history])]).event_mentions
    assert len({r["event_id"] for r in rows if r["trigger"].startswith("suppl")}) == 2
    # ... but a headline restates its story's news: undated, with the parties of the
    # dated retelling, it is that event.
    title = replace(a, quote="Serbia supplies Ukraine", trigger="supplies", headline=True)
    rows = reconcile([doc("001", events=[title, c, *history])]).event_mentions
    assert len({r["event_id"] for r in rows if r["trigger"].startswith("suppl")}) == 1


def _rehab(*, agents=("Tara Reid", "Tara Reid"), history: bool = False):
    a = event("001", 0, "Tara Reid has checked into Promises Treatment Center", "checked",
              "OTHER", lemma="check", actors=[agents[0]], source="none")
    b = event("001", 300, "the actress checked in on Tuesday, her spokesman said", "checked",
              "OTHER", lemma="check", source="none")
    c = event("001", 600, f"{agents[1]} checked into the clinic", "checked", "OTHER",
              lemma="check", actors=[agents[1]], source="none")
    years = [event("001", 900 + 100 * k, f"a film released in {y}", "released", "OTHER",
                   lemma="release", date=y) for k, y in enumerate(["1998", "2001", "2004"])]
    return [doc("001", events=[a, b, c, *(years if history else [])])]


def _checked_events(rec) -> list[str]:
    """The events of the three "checked" mentions, in the order ``_rehab`` gives them."""
    rows = sorted((r for r in rec.event_mentions if r["trigger"] == "checked"),
                  key=lambda r: r["start"])
    return [r["event_id"] for r in rows]


def test_events_one_story_document_retells_one_event_by_its_trigger():
    ids = _checked_events(reconcile(_rehab()))
    assert len(set(ids)) == 1
    (edge,) = {e["route"] for evs in reconcile(_rehab()).merge_evidence.values() for e in evs}
    assert edge == "same-story"


def test_events_one_story_document_keeps_contradicting_agents_apart():
    ids = _checked_events(reconcile(_rehab(agents=("Tara Reid", "Lindsay Lohan"))))
    assert ids[0] != ids[2]


def test_events_history_document_keeps_its_same_trigger_mentions_apart():
    # Dates over many years: the same word names many events, the strict bar holds (the
    # two naming the same agent still clear it; the one naming none does not).
    ids = _checked_events(reconcile(_rehab(history=True)))
    assert ids[0] == ids[2] and len(set(ids)) == 2


def test_events_document_with_background_years_still_tells_one_story():
    # Most of its dates in 2008; two background years are fewer than 20 % of its mentions.
    (story,) = _rehab()
    main = [event("001", 2000 + 100 * k, f"on day {k} of 2008 the clinic said", "said",
                  "STATEMENT", lemma="say", date=f"2008-03-{k + 1:02d}") for k in range(14)]
    back = [event("001", 5000 + 100 * k, f"she was first treated in {y}", "treated",
                  "OTHER", lemma="treat", date=y) for k, y in enumerate(["2001", "2005"])]
    docs = [doc("001", events=[*story.event_mentions, *main, *back])]
    assert len(set(_checked_events(reconcile(docs)))) == 1
    # 2 of 9 in two background years: under 30 % in at most six years, still one story.
    docs = [doc("001", events=[*story.event_mentions, *main[:4], *back])]
    assert len(set(_checked_events(reconcile(docs)))) == 1


def test_events_document_with_dates_over_many_years_is_a_history():
    # 7 of 24 mentions stated in seven other years: under 30 %, but over more than six
    # years, as a history's are (the sample's articles state 10 to 25 years).
    (story,) = _rehab()
    main = [event("001", 2000 + 100 * k, f"on day {k} of 2008 the clinic said", "said",
                  "STATEMENT", lemma="say", date=f"2008-03-{k + 1:02d}") for k in range(14)]
    years = ["1990", "1993", "1996", "1999", "2001", "2003", "2005"]
    back = [event("001", 5000 + 100 * k, f"she was treated in {y}", "treated",
                  "OTHER", lemma="treat", date=y) for k, y in enumerate(years)]
    docs = [doc("001", events=[*story.event_mentions, *main, *back])]
    assert len(docs[0].event_mentions) == 24
    assert len(set(_checked_events(reconcile(docs)))) == 2


@pytest.mark.parametrize("first,second", [
    (("was killed", "killed", "ASSAULT", "kill"), ("died", "died", "DEATH", "die")),
    (("the earthquake struck", "earthquake", "DISASTER", "earthquake"),
     ("the quake was felt", "quake", "DISASTER", "quake")),
])
def test_events_synonymous_triggers_of_one_story_are_one_event(first, second):
    # A killing and the death it caused: trigger synonyms, and DEATH joins ASSAULT's family.
    mentions = [event("001", 100 * k, f"Tara Reid {q}", t, ty, lemma=lem, source="none")
                for k, (q, t, ty, lem) in enumerate([first, second])]
    assert len(reconcile([doc("001", events=mentions)]).events) == 1


def test_events_different_triggers_of_one_story_stay_apart():
    mentions = [event("001", 0, "Tara Reid was killed", "killed", "ASSAULT", lemma="kill",
                      source="none"),
                event("001", 100, "Tara Reid was arrested", "arrested", "LEGAL_ACTION",
                      lemma="arrest", source="none")]
    assert len(reconcile([doc("001", events=mentions)]).events) == 2


def _near_miss():
    a = event("001", 0, "Serbia, Russia and Britain signed a trade treaty in Belgrade",
              "signed", "AGREE", lemma="sign", actors=["Serbia", "Russia", "Britain"],
              date="1807")
    b = event("002", 0, "Serbia, France and Austria agreed on a trade treaty in Belgrade",
              "agreed", "AGREE:TRADE", lemma="agree", actors=["Serbia", "France", "Austria"],
              date="1807")
    return [doc("001", events=[a]), doc("002", events=[b])]


def test_events_pair_just_under_its_bar_is_a_candidate_link():
    rec = reconcile(_near_miss())
    assert len(rec.events) == 2
    (link,) = rec.candidate_links
    assert {link["event_id"], link["other_event_id"]} == {r["event_id"] for r in rec.events}
    assert link["event_id"] < link["other_event_id"]
    assert 0.45 <= link["score"] < link["threshold"] == 0.55
    assert link["route"] == "match" and link["reasons"].startswith("score 0.5")
    assert "under the match bar 0.55" in link["reasons"]
    assert "shared: Serbia" in link["reasons"]


def test_events_merged_mentions_are_no_candidate_link():
    rec = reconcile(_relations_docs())
    assert len(rec.events) == 1 and rec.candidate_links == []


def test_events_explain_lists_candidate_links():
    rec = reconcile(_near_miss())
    (link,) = rec.candidate_links
    text = explain(link["event_id"], rec, _near_miss())
    assert "May be the same as" in text and link["other_event_id"] in text


def _two_reports():
    def report(doc_id):
        return doc(doc_id, events=[
            event(doc_id, 0, "Tara Reid checked into Promises on 1 March 2008", "checked",
                  "OTHER", lemma="check", actors=["Tara Reid", "Promises"],
                  date="2008-03-01"),
            event(doc_id, 300, "Tara Reid checked into the Malibu clinic", "checked",
                  "OTHER", lemma="check", actors=["Tara Reid", "Malibu"], source="none")])
    return [report("001"), report("002")]


def test_events_within_document_edges_are_merged_first(monkeypatch):
    # Each report tells its check-in twice; linked report to report first, the two pairs
    # would each hold both documents and could never join.
    assert len(reconcile(_two_reports()).events) == 1
    from pipeline.reconcile import clustering
    monkeypatch.setattr(clustering, "_best_first",
                        lambda edges: sorted(edges, key=lambda ed: ed.score, reverse=True))
    assert len(reconcile(_two_reports()).events) == 2


def test_events_a_mention_naming_no_actor_never_bridges_two_named_actors():
    # "BellSouth shares fell" and "Unisys stock fell" never match (different actors); a
    # third report, "shares fell 50 cents" naming no one, matches each of them but must
    # not join them into one event through itself.
    q = "shares fell 50 cents on Friday to close in New York Stock Exchange composite trading"
    docs = [doc("a", events=[event("a", 0, "BellSouth " + q, "fell", "OTHER",
                                   actors=["BellSouth"], date="1989-10-27")]),
            doc("b", events=[event("b", 0, "Telerate " + q, "fell", "OTHER",
                                   date="1989-10-27")]),
            doc("c", events=[event("c", 0, "Unisys " + q, "fell", "OTHER",
                                   actors=["Unisys"], date="1989-10-27")])]
    rec = reconcile(docs)
    by_doc = {d: e["event_id"] for e in rec.events for d in split_values(e["doc_ids"])}
    assert by_doc["a"] != by_doc["c"]
    assert not any(c["field"] == "actor" for c in rec.conflicts)


def test_events_an_actor_phrase_around_a_name_is_shown_as_written():
    # The events stage makes "Serbian rebels" an actor through the mention "Serbian": it
    # counts as that entity and reads as the text says.
    import dataclasses

    from pipeline.records import Actor

    m = entity("001", "Serbian", "NORP", 10)
    ev = event("001", 10, "In 1807 the Serbian rebels declared independence", "declared",
               "INDEPENDENCE", date="1807")
    ev = dataclasses.replace(ev, actors=(Actor("Serbian rebels", "agent", m.mention_id),))
    rec = reconcile([doc("001", mentions=[m], events=[ev])])
    (row,) = rec.events
    assert split_values(row["actors"]) == ["Serbian rebels"], row["actors"]
    assert "(Serbian rebels)" in row["title"], row["title"]


@pytest.mark.parametrize("value, earliest, latest, precision, shown", [
    ("199", "1990-01-01", "1999-12-31", "decade", "1990s"),
    ("14", "1400-01-01", "1499-12-31", "century", "1400s"),
    ("1807", "1807-01-01", "1807-12-31", "year", "1807"),
])
def test_events_a_title_writes_decades_and_centuries_as_a_reader_does(
        value, earliest, latest, precision, shown):
    ev = event("001", 10, "Yugoslavia descended into war", "descended", "FIGHT", date=value,
               earliest=earliest, latest=latest, precision=precision)
    (row,) = reconcile([doc("001", events=[ev])]).events
    assert row["title"].endswith(", " + shown), row["title"]
