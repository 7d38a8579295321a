"""Entity reconciliation: name keys, aliases, label votes, and what must stay apart."""

from __future__ import annotations

import pytest

from pipeline.cells import split_values
from pipeline.records import PlaceRef, Sentence
from pipeline.reconcile import names, reconcile
from bench.synthetic import doc, entity


def _entity_of(rec, text):
    by_text = {}
    for row in rec.entity_mentions:
        by_text.setdefault(row["text"], set()).add(row["entity_id"])
    (eid,) = by_text[text]
    return eid


def _row(rec, eid):
    return next(r for r in rec.entities if r["entity_id"] == eid)


def _two_docs(first: list[tuple[str, str]], second: list[tuple[str, str]]):
    a = doc("a", mentions=[entity("a", t, lab, i * 40) for i, (t, lab) in enumerate(first)])
    b = doc("b", mentions=[entity("b", t, lab, i * 40) for i, (t, lab) in enumerate(second)])
    return reconcile([a, b])


@pytest.mark.parametrize("a,b", [
    ("Karađorđe", "Karadjordje"),
    ("Karađorđe", "Карађорђе"),
    ("Momčilo Ninčić", "Momcilo Nincic"),
    ("the Russian Empire", "Russian Empire's"),
    ("U.S.", "US"),
])
def test_names_key_folds_spelling(a, b):
    assert names.name_key(a) == names.name_key(b)


@pytest.mark.parametrize("a,b", [
    ("Serbia", "Serbian"),
    ("Austria", "Austria-Hungary"),
    ("Kosovo", "the Kosovo issue"),
    ("Russia", "Russian Empire"),
])
def test_names_key_keeps_referents_apart(a, b):
    assert names.name_key(a) != names.name_key(b)


def test_names_honorific_dropped_for_people_only():
    assert names.name_key("President Dmitry Medvedev", "PERSON") == "dmitry medvedev"
    assert names.name_key("Saint Petersburg", "GPE") == "saint petersburg"
    assert names.name_key("General Assembly", "ORG") == "general assembly"


def test_names_acronym_definitions_check_initials():
    text = ("The North Atlantic Treaty Organization (NATO) met. The Balkan Pact (BDU) "
            "did not. The United Nations (the UN) did.")
    assert names.acronym_definitions(text) == [
        ("North Atlantic Treaty Organization", "NATO"), ("United Nations", "UN")]


def test_names_split_parenthetical():
    assert names.split_parenthetical("Đorđe Petrović (Karađorđe)") == (
        "Đorđe Petrović", "Karađorđe")
    assert names.split_parenthetical("Russo-Serbian Alliance (1807)") == (
        "Russo-Serbian Alliance (1807)",)


@pytest.mark.parametrize("first,second,label", [
    ("Karađorđe", "Karadjordje", "PERSON"),
    ("Karađorđe", "Karageorge", "PERSON"),
    ("USSR", "Soviet Union", "GPE"),
    ("Imperial Russia", "Russian Empire", "GPE"),
    ("Kingdom of Yugoslavia", "Yugoslavia", "GPE"),
    ("North Atlantic Treaty Organization", "NATO", "ORG"),
    ("Britain", "United Kingdom", "GPE"),
    ("Konstantin Rodofinikin", "Konstantin Rodofinkin", "PERSON"),
])
def test_entities_merge_across_documents(first, second, label):
    rec = _two_docs([(first, label)], [(second, label)])
    assert len(rec.entities) == 1
    row = rec.entities[0]
    assert row["n_documents"] == 2 and row["doc_ids"] == "a|b"
    assert {first, second} <= {row["name"], *split_values(row["aliases"])}


@pytest.mark.parametrize("first,second", [
    (("Kosovo", "GPE"), ("Kosovo issue", "ORG")),
    (("Austria", "GPE"), ("Austria-Hungary", "GPE")),
    (("Serbia", "GPE"), ("Serbian", "NORP")),
    (("Russia", "GPE"), ("Russian Empire", "GPE")),
    (("Alexander I", "PERSON"), ("Alexander II", "PERSON")),
    (("Slovenia", "GPE"), ("Slovakia", "GPE")),
    (("USSR", "GPE"), ("Russia", "GPE")),
])
def test_entities_different_referents_stay_apart(first, second):
    rec = _two_docs([first], [second])
    assert len(rec.entities) == 2


def test_entities_label_vote_is_kept():
    rec = _two_docs([("Washington", "GPE"), ("Washington", "GPE")], [("Washington", "PERSON")])
    (row,) = rec.entities
    assert row["label"] == "GPE"
    assert row["label_votes"] == "GPE:2|PERSON:1"
    assert row["n_mentions"] == 3


def test_entities_alias_table_names_the_entity():
    rec = _two_docs([("USSR", "ORG"), ("USSR", "GPE")], [("USSR", "GPE")])
    (row,) = rec.entities
    assert row["name"] == "Soviet Union"
    assert row["aliases"] == "USSR"
    assert row["label"] == "GPE"


def _sentence_doc(doc_id: str, text: str, spans: list[tuple[str, str]]):
    mentions = []
    for surface, label in spans:
        start = text.index(surface)
        mentions.append(entity(doc_id, surface, label, start))
    sent = Sentence(doc_id=doc_id, index=0, start=0, end=len(text), line=1, text=text,
                    clean_start=0, clean_end=len(text))
    return doc(doc_id, mentions=mentions, sentences=[sent])


@pytest.mark.parametrize("text,spans", [
    ("Revolutionary Serbia under Milan Kostić (Kole) rose.",
     [("Milan Kostić", "PERSON"), ("Kole", "PERSON")]),
    ("Colonel Dragutin Dimitrijević, known by his codename Apis, led it.",
     [("Dragutin Dimitrijević", "PERSON"), ("Apis", "PERSON")]),
    ("The Balkan Defence Union (BDU) was founded.",
     [("Balkan Defence Union", "ORG"), ("BDU", "ORG")]),
])
def test_entities_aliases_defined_in_text(text, spans):
    rec = reconcile([_sentence_doc("a", text, spans)])
    assert len(rec.entities) == 1, rec.entities


def test_entities_acronym_applies_to_other_documents():
    a = _sentence_doc("a", "The Balkan Defence Union (BDU) was founded.",
                      [("Balkan Defence Union", "ORG")])
    b = doc("b", mentions=[entity("b", "BDU", "ORG", 0)])
    rec = reconcile([a, b])
    assert len(rec.entities) == 1 and rec.entities[0]["n_documents"] == 2


def test_entities_surname_joins_full_name_within_document_only():
    a = doc("a", mentions=[entity("a", "Nikola Pašić", "PERSON", 0),
                           entity("a", "Pašić", "PERSON", 50)])
    b = doc("b", mentions=[entity("b", "Pašić", "PERSON", 0),
                           entity("b", "Nikola Pašić", "PERSON", 30),
                           entity("b", "Ana Pašić", "PERSON", 60)])
    rec = reconcile([a, b])
    # In b the lone surname may be either: it stays an entity of its own, and a's link
    # (made in a only) does not pull it in.
    assert len(rec.entities) == 3
    assert _entity_of(rec, "Ana Pašić") != _entity_of(rec, "Nikola Pašić")
    assert _row(rec, _entity_of(rec, "Nikola Pašić"))["n_mentions"] == 3


def test_entities_a_lone_surname_joins_a_full_name_only_when_the_corpus_has_one():
    # "Wilson" in a about Woodrow, in b about Tanya: never one person across documents.
    a = doc("a", mentions=[entity("a", "Woodrow Wilson", "PERSON", 0),
                           entity("a", "Wilson", "PERSON", 50)])
    b = doc("b", mentions=[entity("b", "Tanya Wilson", "PERSON", 0),
                           entity("b", "Wilson", "PERSON", 40)])
    c = doc("c", mentions=[entity("c", "Wilson", "PERSON", 0),
                           entity("c", "Vučić", "PERSON", 20)])
    d = doc("d", mentions=[entity("d", "Aleksandar Vučić", "PERSON", 0)])
    rec = reconcile([a, b, c, d])
    assert _entity_of(rec, "Woodrow Wilson") != _entity_of(rec, "Tanya Wilson")
    assert _row(rec, _entity_of(rec, "Woodrow Wilson"))["n_mentions"] == 2
    assert _row(rec, _entity_of(rec, "Tanya Wilson"))["n_mentions"] == 2
    # c's lone "Wilson" may be either; its "Vučić" has one full name in the corpus.
    assert _row(rec, _entity_of(rec, "Aleksandar Vučić"))["n_mentions"] == 2
    assert len(rec.entities) == 4  # Woodrow, Tanya, c's Wilson, Vučić


@pytest.mark.parametrize("short, long, one", [
    ("Richard Nixon", "Richard M. Nixon", True),
    ("Mark Felt", "W. Mark Felt", True),
    ("Eric Kirkpatrick", "Eric Allen Kirkpatrick", True),
    ("Jennifer Lawrence", "Gary Lawrence", False),
    ("J. Smith", "John Paul Smith", False),  # an initial alone could be anyone
])
def test_entities_a_full_name_written_out_more_is_one_person(short, long, one):
    rec = reconcile([doc("a", mentions=[entity("a", short, "PERSON", 0)]),
                     doc("b", mentions=[entity("b", long, "PERSON", 0)])])
    assert (_entity_of(rec, short) == _entity_of(rec, long)) is one


def test_entities_a_lone_surname_the_tagger_called_otherwise_follows_its_documents():
    # "Teixeira" is read as ORG in most reports that never give the full name; the one
    # report that does links it to Mark Teixeira, and the others follow.
    a = doc("a", mentions=[entity("a", "Mark Teixeira", "PERSON", 0),
                           entity("a", "Teixeira", "PERSON", 40)])
    others = [doc(d, mentions=[entity(d, "Teixeira", "ORG", 0)]) for d in ("b", "c")]
    rec = reconcile([a, *others])
    assert _row(rec, _entity_of(rec, "Mark Teixeira"))["n_mentions"] == 4


def test_entities_a_rulers_given_name_is_no_surname():
    # "King Hussein" folds to "Hussein", a given name: not Saddam Hussein.
    a = doc("a", mentions=[entity("a", "Saddam Hussein", "PERSON", 0),
                           entity("a", "King Hussein", "PERSON", 40)])
    b = doc("b", mentions=[entity("b", "King Hussein", "PERSON", 0)])
    rec = reconcile([a, b])
    assert _entity_of(rec, "King Hussein") != _entity_of(rec, "Saddam Hussein")


def test_entities_a_surname_goes_to_the_full_name_its_document_repeats():
    # "Lindsay Lohan" three times, "Dina Lohan" once: "Lohan" is Lindsay.
    a = doc("a", mentions=[entity("a", "Lindsay Lohan", "PERSON", 0),
                           entity("a", "Dina Lohan", "PERSON", 30),
                           entity("a", "Lindsay Lohan", "PERSON", 60),
                           entity("a", "Lindsay Lohan", "PERSON", 90),
                           entity("a", "Lohan", "PERSON", 120)])
    rec = reconcile([a])
    assert _entity_of(rec, "Lohan") == _entity_of(rec, "Lindsay Lohan")
    assert _entity_of(rec, "Dina Lohan") != _entity_of(rec, "Lindsay Lohan")


def test_entities_a_surname_tagged_as_organisation_joins_the_person():
    # "Prime Minister Pedro Sanchez ... Sanchez said": the tagger calls the lone surname ORG.
    a = doc("a", mentions=[entity("a", "Pedro Sanchez", "PERSON", 0),
                           entity("a", "Sanchez", "ORG", 50)])
    rec = reconcile([a])
    (row,) = rec.entities
    assert row["label"] == "PERSON" and row["n_mentions"] == 2
    # Not when an organisation of the document is named by the word: "Ford Motor" ... "Ford".
    b = doc("b", mentions=[entity("b", "Harrison Ford", "PERSON", 0),
                           entity("b", "Ford Motor", "ORG", 40), entity("b", "Ford", "ORG", 80)])
    assert _entity_of(reconcile([b]), "Ford") != _entity_of(reconcile([b]), "Harrison Ford")


def test_entities_mention_entity_map_covers_every_mention():
    rec = _two_docs([("Serbia", "GPE"), ("Belgrade", "GPE")], [("Serbia", "GPE")])
    assert set(rec.mention_entity) == {r["mention_id"] for r in rec.entity_mentions}
    assert all(rec.mention_entity[r["mention_id"]] == r["entity_id"] for r in rec.entity_mentions)
    assert [r["entity_id"] for r in rec.entities] == sorted(r["entity_id"] for r in rec.entities)


def test_entities_an_organisations_short_form_joins_its_full_name():
    # "the Red Sox" after "the Boston Red Sox" in a; b never says "Boston" and follows a.
    a = doc("a", mentions=[entity("a", "Boston Red Sox", "ORG", 0),
                           entity("a", "Red Sox", "ORG", 40)])
    b = doc("b", mentions=[entity("b", "Red Sox", "ORG", 0)])
    rec = reconcile([a, b])
    assert _row(rec, _entity_of(rec, "Boston Red Sox"))["n_mentions"] == 3


def test_entities_a_short_form_two_organisations_share_stays_apart():
    # "Democratic Party" is short for the Serbian one in a, for another in b: b's lone
    # "Democratic Party" in c follows neither, and one word never links ("the Party").
    a = doc("a", mentions=[entity("a", "Serbian Democratic Party", "ORG", 0),
                           entity("a", "Democratic Party", "ORG", 40),
                           entity("a", "Communist Party", "ORG", 80),
                           entity("a", "Party", "ORG", 120)])
    b = doc("b", mentions=[entity("b", "Progressive Democratic Party", "ORG", 0),
                           entity("b", "Democratic Party", "ORG", 40)])
    c = doc("c", mentions=[entity("c", "Democratic Party", "ORG", 0)])
    rec = reconcile([a, b, c])
    assert _entity_of(rec, "Serbian Democratic Party") != _entity_of(
        rec, "Progressive Democratic Party")
    assert _row(rec, _entity_of(rec, "Serbian Democratic Party"))["n_mentions"] == 2
    assert _row(rec, _entity_of(rec, "Communist Party"))["n_mentions"] == 1


def test_entities_a_person_is_no_short_form_of_a_title():
    # The tagger calls her an organisation; "Page" alone says she is a person, not a
    # short form of the film "The Notorious Bettie Page".
    a = doc("a", mentions=[entity("a", "Notorious Bettie Page", "ORG", 0),
                           entity("a", "Bettie Page", "ORG", 40),
                           entity("a", "Page", "PERSON", 80)])
    rec = reconcile([a])
    assert _entity_of(rec, "Notorious Bettie Page") != _entity_of(rec, "Bettie Page")


def test_entities_an_appositive_never_names_a_person_as_a_thing():
    text = "She wrote a biography by Richard Foster called The Real Bettie Page."
    rec = reconcile([_sentence_doc("a", text, [("Richard Foster", "PERSON"),
                                                ("The Real Bettie Page", "ORG")])])
    assert len(rec.entities) == 2, rec.entities


def test_entities_a_companys_legal_form_does_not_split_it():
    rec = _two_docs([("Microsoft Corp.", "ORG"), ("LinkedIn Corp.", "ORG")],
                    [("Microsoft", "ORG"), ("LinkedIn", "ORG"), ("Corp.", "ORG")])
    assert _entity_of(rec, "Microsoft Corp.") == _entity_of(rec, "Microsoft")
    assert _entity_of(rec, "LinkedIn Corp.") == _entity_of(rec, "LinkedIn")
    assert _entity_of(rec, "Corp.") not in {_entity_of(rec, "Microsoft"),
                                            _entity_of(rec, "LinkedIn")}


def test_entities_a_legal_form_makes_a_person_tagged_name_a_company():
    # (the lone "Maria" in another document: in one, a given name joins its full name)
    rec = _two_docs([("Halvorsen ASA", "PERSON"), ("Siemens AG", "PERSON"), ("Maria", "ORG")],
                    [("Halvorsen", "ORG"), ("Siemens", "ORG"), ("Maria Sa", "PERSON")])
    assert _entity_of(rec, "Halvorsen ASA") == _entity_of(rec, "Halvorsen")
    assert _entity_of(rec, "Siemens AG") == _entity_of(rec, "Siemens")
    # "Sa" written as a name is a name: Maria Sa is no company called Maria
    assert _entity_of(rec, "Maria Sa") != _entity_of(rec, "Maria")


def test_entities_a_datelines_agency_is_no_alias_of_its_place():
    text = "REDMOND, Washington (AP) — Microsoft said on Monday it would buy LinkedIn."
    rec = reconcile([_sentence_doc("a", text, [("Washington", "GPE"), ("AP", "ORG"),
                                                ("Microsoft", "ORG")])])
    assert len(rec.entities) == 3, rec.entities


def test_a_person_is_shown_by_full_name_though_the_surname_is_more_frequent():
    rec = _two_docs([("Vučić", "PERSON"), ("Aleksandar Vučić", "PERSON"), ("Vučić", "PERSON")],
                    [("Vučić", "PERSON")])
    assert _row(rec, _entity_of(rec, "Vučić"))["name"] == "Aleksandar Vučić"
    # A surname two full names end in counts for neither.
    rec = _two_docs([("Bush", "PERSON"), ("Bush", "PERSON"), ("George Bush", "PERSON")],
                    [("Laura Bush", "PERSON")])
    assert _row(rec, _entity_of(rec, "George Bush"))["name"] == "George Bush"


def test_entities_a_place_in_dateline_capitals_is_shown_as_the_text_writes_it():
    rec = _two_docs([("OSLO", "GPE"), ("OSLO", "GPE")], [("Oslo", "GPE")])
    assert _row(rec, _entity_of(rec, "OSLO"))["name"] == "Oslo"
    rec = _two_docs([("NATO", "ORG")], [("Nato", "ORG")])  # no place: an acronym stays
    assert _row(rec, _entity_of(rec, "Nato"))["name"] == "NATO"


def test_entities_a_company_s_first_word_read_as_a_person_joins_the_company():
    text = "Halvard buys Borealis. Halvard agreed to buy Borealis Systems Inc, a maker."
    rec = reconcile([_sentence_doc("a", text, [("Borealis", "PERSON"),
                                                ("Borealis Systems Inc", "ORG")])])
    assert len(rec.entities) == 1, rec.entities
    assert rec.entities[0]["label"] == "ORG"  # its legal form says so, whatever the votes
    # ... but not where a person of the document bears that name
    text = "Gerald Ford toured Ford Motor. Ford said it would hire."
    rec = reconcile([_sentence_doc("b", text, [("Gerald Ford", "PERSON"),
                                                ("Ford Motor", "ORG"), ("Ford", "PERSON")])])
    assert _entity_of(rec, "Ford") != _entity_of(rec, "Ford Motor")


def _corrected(doc_id: str, text: str, label: str, model: str, start: int):
    from dataclasses import replace
    return replace(entity(doc_id, text, label, start), model_label=model, label_rule="a rule")


@pytest.mark.parametrize("mentions, label", [
    # "Tecumseh's confederacy", "Tecumseh's brother" (ORG) with "Tecumseh was killed"
    ([("a", "Tecumseh", "ORG", ""), ("a", "Tecumseh", "ORG", ""),
      ("a", "Tecumseh", "PERSON", "ORG")], "PERSON"),
    # the correction holds in its own document only
    ([("a", "Tecumseh", "PERSON", "ORG"), ("b", "Tecumseh", "ORG", ""),
      ("b", "Tecumseh", "ORG", "")], "ORG"),
    # a person and a place are both senses of a name: a surname rule moves no vote of a
    # GPE the gazetteer placed
    ([("a", "Washington", "GPE", ""), ("a", "Washington", "GPE", ""),
      ("a", "Washington", "PERSON", "GPE")], "GPE"),
])
def test_entities_a_rule_s_correction_votes_for_the_name_s_other_mentions(mentions, label):
    from dataclasses import replace
    dc = PlaceRef("geonames:4140963", "4140963", "Washington", 38.9, -77.0, "US", "city", 0.9)
    ms = [_corrected(d, t, lab, model, i * 40) if model else
          replace(entity(d, t, lab, i * 40), place=dc if lab == "GPE" else None)
          for i, (d, t, lab, model) in enumerate(mentions)]
    rec = reconcile([doc(d, mentions=[m for m in ms if m.doc_id == d])
                     for d in sorted({m.doc_id for m in ms})])
    (row,) = rec.entities
    assert row["label"] == label, row["label_votes"]


@pytest.mark.parametrize("text, expected", [
    ("The Kosovo Force (KFOR) patrols the north.", [("Kosovo Force", "KFOR")]),
    ("The Republic of Korea (ROK) voted.", [("Republic of Korea", "ROK")]),
    ("The Serbian Progressive Party (SNS) won.", []),  # initials of another language
    ("Talks with Kosovo Force (KOSFOR) stalled.", [("Kosovo Force", "KOSFOR")]),
    ("The Kosovo Force (KFX) is no spelling of it.", []),
])
def test_names_acronym_spelled_by_word_beginnings(text, expected):
    assert names.acronym_definitions(text) == expected


def test_entities_an_appositive_after_of_renames_the_longer_name():
    # "known as Frederick the Great" renames Frederick II of Prussia, not Prussia
    text = "Frederick II of Prussia, known as Frederick the Great, opposed it."
    rec = reconcile([_sentence_doc("a", text, [("Frederick II", "PERSON"),
                                                ("Prussia", "GPE"),
                                                ("Frederick the Great", "PRODUCT")])])
    assert _entity_of(rec, "Prussia") != _entity_of(rec, "Frederick the Great")
    text = "Dragutin Dimitrijević, known as Apis, led it."
    rec = reconcile([_sentence_doc("a", text, [("Dragutin Dimitrijević", "PERSON"),
                                                ("Apis", "PERSON")])])
    assert len(rec.entities) == 1


def test_entities_a_rulers_last_name_is_no_surname():
    # "Joseph later tried ..." is Joseph II, not Maximilian III Joseph
    a = doc("a", mentions=[entity("a", "Maximilian III Joseph", "PERSON", 0),
                           entity("a", "Joseph II", "PERSON", 40),
                           entity("a", "Joseph", "PERSON", 80)])
    rec = reconcile([a])
    assert _entity_of(rec, "Joseph") != _entity_of(rec, "Maximilian III Joseph")
    assert _entity_of(rec, "Joseph") != _entity_of(rec, "Joseph II")  # which one is unsaid


@pytest.mark.parametrize("full, alone", [
    ("Nora Fitzgerald", "Nora"),
    ("Frederick II", "Frederick"),
])
def test_entities_a_given_name_alone_joins_its_full_name_in_the_document(full, alone):
    a = doc("a", mentions=[entity("a", full, "PERSON", 0), entity("a", alone, "PERSON", 40)])
    b = doc("b", mentions=[entity("b", alone, "PERSON", 0)])
    rec = reconcile([a, b])
    ids = {r["entity_id"] for r in rec.entity_mentions if r["doc_id"] == "a"}
    assert len(ids) == 1
    # another document's lone "Nora" is nobody in particular
    other = next(r["entity_id"] for r in rec.entity_mentions if r["doc_id"] == "b")
    assert other not in ids


def test_entities_a_given_name_of_two_full_names_stays_alone():
    a = doc("a", mentions=[entity("a", "Nora Fitzgerald", "PERSON", 0),
                           entity("a", "Nora Kavanagh", "PERSON", 40),
                           entity("a", "Nora", "PERSON", 80)])
    rec = reconcile([a])
    assert len(rec.entities) == 3


def test_entities_an_unplaced_place_reading_follows_a_persons_rule():
    from dataclasses import replace
    a = doc("a", mentions=[
        entity("a", "Seamus", "GPE", 0), entity("a", "Seamus", "GPE", 40),
        entity("a", "Seamus", "GPE", 80),
        replace(entity("a", "Seamus", "PERSON", 120), model_label="GPE",
                label_rule="the subject of 'laughed'")])
    rec = reconcile([a])
    assert _row(rec, _entity_of(rec, "Seamus"))["label"] == "PERSON"


def test_entities_a_person_is_shown_by_full_name_though_the_given_name_is_more_frequent():
    a = doc("a", mentions=[entity("a", "Nora Fitzgerald", "PERSON", 0),
                           entity("a", "Nora", "PERSON", 40), entity("a", "Nora", "PERSON", 80)])
    rec = reconcile([a])
    assert _row(rec, _entity_of(rec, "Nora"))["name"] == "Nora Fitzgerald"


def test_entities_the_first_of_two_surnames_joins_the_full_name():
    a = doc("a", mentions=[entity("a", "Luis Ortega Blanco", "PERSON", 0),
                           entity("a", "Ortega", "PERSON", 40)])
    rec = reconcile([a])
    assert len(rec.entities) == 1
    # a middle word of two full names is nobody's in particular
    a = doc("a", mentions=[entity("a", "Luis Ortega Blanco", "PERSON", 0),
                           entity("a", "Ana Ortega Ruiz", "PERSON", 40),
                           entity("a", "Ortega", "PERSON", 80)])
    assert len(reconcile([a]).entities) == 3


def test_entities_a_companys_first_words_join_its_full_name_in_the_document():
    a = doc("a", mentions=[entity("a", "Baltic Freight Group Ltd", "ORG", 0),
                           entity("a", "Baltic Freight", "ORG", 40)])
    assert len(reconcile([a]).entities) == 1
    a = doc("a", mentions=[entity("a", "Baltic Freight Group", "ORG", 0),
                           entity("a", "Baltic Freight Lines", "ORG", 40),
                           entity("a", "Baltic Freight", "ORG", 80)])
    assert len(reconcile([a]).entities) == 3  # which of the two is unsaid


def test_entities_a_bracketed_alias_is_no_part_of_the_name_shown():
    rec = reconcile([doc("a", mentions=[entity("a", "League of Princes (Fürstenbund)", "ORG", 0)])])
    (row,) = rec.entities
    assert (row["name"], row["aliases"]) == ("League of Princes", "Fürstenbund")


@pytest.mark.parametrize("first, second, name", [
    ("WWI", "First World War", "World War I"),
    ("the Great War", "World War One", "World War I"),
    ("WW2", "Second World War", "World War II"),
])
def test_entities_the_world_wars_are_one_event_under_any_name(first, second, name):
    rec = _two_docs([(first, "EVENT")], [(second, "EVENT")])
    (row,) = rec.entities
    assert (row["name"], row["label"]) == (name, "EVENT")


def test_entities_the_two_world_wars_stay_apart():
    rec = _two_docs([("WWI", "EVENT")], [("WWII", "EVENT")])
    assert len(rec.entities) == 2


def test_entities_a_hyphenated_surname_counts_for_the_full_name_shown():
    a = doc("a", mentions=[entity("a", "Yael Ben-David", "PERSON", 0),
                           entity("a", "Ben-David", "PERSON", 40),
                           entity("a", "Ben-David", "PERSON", 80)])
    rec = reconcile([a])
    assert _row(rec, _entity_of(rec, "Ben-David"))["name"] == "Yael Ben-David"


def test_entities_a_person_is_shown_without_the_title_the_text_also_drops():
    a = doc("a", mentions=[entity("a", "Marshal Saint-Arnaud", "PERSON", 0),
                           entity("a", "Saint-Arnaud", "PERSON", 40)])
    rec = reconcile([a])
    assert _row(rec, _entity_of(rec, "Saint-Arnaud"))["name"] == "Saint-Arnaud"
    a = doc("a", mentions=[entity("a", "Tsar Nicholas I", "PERSON", 0)])
    assert reconcile([a]).entities[0]["name"] == "Tsar Nicholas I"  # as the text has it


@pytest.mark.parametrize("full, alone, label", [
    ("Muammar Gaddafi", "Gadhafi", "ORG"),  # a surname spelled another way in one story
    ("Xi Jinping", "Xi", "PERSON"),  # a two-letter family name first
])
def test_entities_a_lone_name_joins_its_full_name_however_written(full, alone, label):
    a = doc("a", mentions=[entity("a", full, "PERSON", 0), entity("a", alone, label, 40)])
    assert len(reconcile([a]).entities) == 1


def test_entities_a_respelled_surname_of_two_full_names_stays_alone():
    a = doc("a", mentions=[entity("a", "John Peterson", "PERSON", 0),
                           entity("a", "Ann Petersan", "PERSON", 40),
                           entity("a", "Petersen", "PERSON", 80)])
    assert len(reconcile([a]).entities) == 3


def test_entities_lone_surnames_tagged_org_vote_for_their_person():
    a = doc("a", mentions=[entity("a", "Muammar Gaddafi", "PERSON", 0),
                           entity("a", "Gaddafi", "ORG", 40), entity("a", "Gaddafi", "ORG", 80)])
    (row,) = reconcile([a]).entities
    assert row["label"] == "PERSON", row["label_votes"]


def test_entities_a_name_with_an_organisations_word_breaks_a_tie_for_org():
    text = "He appealed to the Western High Court (Vestre Landsret) on Monday."
    rec = reconcile([_sentence_doc("a", text, [("Western High Court", "ORG"),
                                                ("Vestre Landsret", "PERSON")])])
    (row,) = rec.entities
    assert row["label"] == "ORG", row["label_votes"]


def test_entities_a_familys_name_is_no_respelling_of_its_members():
    a = doc("a", mentions=[entity("a", "Tom Kavanagh", "PERSON", 0),
                           entity("a", "Kavanaghs", "PERSON", 40)])
    assert len(reconcile([a]).entities) == 2


@pytest.mark.parametrize("text, expected", [
    ("International Business Machines Corp. (NYSE:IBM) gained $1.25.",
     [("International Business Machines", "IBM")]),
    ("Nordvik Holding ASA (OSE: NORD) agreed.", []),  # a symbol that spells nothing
])
def test_names_acronym_defined_by_a_listing(text, expected):
    assert names.acronym_definitions(text) == expected


def test_names_acronym_keeps_a_legal_form_it_spells():
    text = "The Ford Motor Company (FMC) said."
    assert names.acronym_definitions(text) == [("Ford Motor Company", "FMC")]
