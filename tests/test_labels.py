"""Label cues of a name's own words or the words after it (pipeline/stages/labels.py)."""

from __future__ import annotations

import pytest

from pipeline.records import EntityMention
from pipeline.stages import labels


def _mention(text: str, label: str, start: int) -> EntityMention:
    return EntityMention(f"M{start}", "D", start, start + len(text), 1, text, label, start,
                         start + len(text), 0)


def _relabelled(text: str, name: str, label: str) -> EntityMention:
    return labels.relabel(text, _mention(name, label, text.index(name)))


@pytest.mark.parametrize("text, name, model, label", [
    ("The Treaty of Ghent was signed in 1814.", "Treaty of Ghent", "WORK_OF_ART", "LAW"),
    ("The Edict of Nantes was revoked.", "Edict of Nantes", "WORK_OF_ART", "LAW"),
    ("The Peace of Westphalia ended the war.", "Peace of Westphalia", "PERSON", "LAW"),
    ("Both sides signed the Oslo Accords.", "Oslo Accords", "ORG", "LAW"),
    ("The Molotov-Ribbentrop Pact was signed.", "Molotov-Ribbentrop Pact", "WORK_OF_ART", "LAW"),
    ("The Dayton Agreement held.", "Dayton Agreement", "PRODUCT", "LAW"),
    ("The Battle of the Thames was fought in 1813.", "Battle of the Thames", "WORK_OF_ART",
     "EVENT"),
    ("After the Siege of Detroit the town fell.", "Siege of Detroit", "ORG", "EVENT"),
    ("Tractors blocked the E40 motorway near Leuven.", "E40", "PRODUCT", "FAC"),
    ("A convoy slowed the M25 motorway.", "M25", "PRODUCT", "FAC"),
    ("Traffic on the I-95 interstate was heavy.", "I-95", "PRODUCT", "FAC"),
    ("The British and their Indigenous allies took Detroit.", "Indigenous", "ORG", "NORP"),
    ("Aboriginal groups protested.", "Aboriginal", "ORG", "NORP"),
    ("First Nations leaders met.", "First Nations", "ORG", "NORP"),
    ("At the Thames, where Tecumseh was killed, the line broke.", "Tecumseh", "ORG", "PERSON"),
    ("Nakhimov was mortally wounded on the Malakhov.", "Nakhimov", "ORG", "PERSON"),
    ("Pontiac died in 1769.", "Pontiac", "PRODUCT", "PERSON"),
    ("Pontiac was later killed in Cahokia.", "Pontiac", "ORG", "PERSON"),
])
def test_labels_a_cue_relabels_and_says_why(text, name, model, label):
    m = _relabelled(text, name, model)
    assert (m.label, m.model_label) == (label, model) and m.label_rule


@pytest.mark.parametrize("text, name, model", [
    ("The Paris Agreement took effect.", "Paris Agreement", "EVENT"),  # a fitting reading
    ("Delegates left the Democratic National Convention.", "Democratic National Convention",
     "ORG"),
    ("The mayor of Odessa was killed.", "Odessa", "ORG"),       # the mayor was
    ("The leader of Hamas was killed.", "Hamas", "ORG"),
    ("NATO was born in 1949.", "NATO", "ORG"),                  # capitals, and no death
    ("Hamas was born in 1987.", "Hamas", "ORG"),                # birth is no cue
    ("The Liberal Party died in 1988.", "Liberal Party", "ORG"),
    ("Members of the Warsaw Pact met.", "Warsaw Pact", "ORG"),  # the alliance
    ("Operation Overlord was executed in June.", "Operation Overlord", "ORG"),
    ("Sales of the E40 rose.", "E40", "PRODUCT"),               # no road noun after it
    ("The Native Instruments deal closed.", "Native Instruments", "ORG"),
    ("Shares of Boeing were killed in trading.", "Boeing", "ORG"),  # after "of"
])
def test_labels_no_cue_keeps_the_model_s_label(text, name, model):
    m = _relabelled(text, name, model)
    assert (m.label, m.model_label, m.label_rule) == (model, "", "")


@pytest.mark.parametrize("text, name, model, label", [
    ("Nora ran the place with her brother Seamus, who came home.", "Seamus", "GPE", "PERSON"),
    ("When Uncle Seamus died, Nora sold the cows.", "Seamus", "GPE", "PERSON"),
    ("Mam said he had left a girl there.", "Mam", "ORG", "PERSON"),
    ("Granny did not speak to us.", "Granny", "GPE", "PERSON"),
    ("Seamus laughed until he cried.", "Seamus", "GPE", "PERSON"),
    ("Seamus never married.", "Seamus", "GPE", "PERSON"),
    ("Prime Minister Helena Marques said on Tuesday.", "Helena Marques", "ORG", "PERSON"),
    ("Foreign Minister Sergei Lavrov spoke.", "Sergei Lavrov", "PRODUCT", "PERSON"),
    ("Shares in Jeronimo Martins rose 2.1 percent.", "Jeronimo Martins", "PERSON", "ORG"),
    ("He bought a stake in Halvorsen Marine.", "Halvorsen Marine", "PERSON", "ORG"),
])
def test_labels_people_and_companies_by_the_words_around_them(text, name, model, label):
    m = _relabelled(text, name, model)
    assert (m.label, m.model_label) == (label, model)
    assert m.label_rule


@pytest.mark.parametrize("text, name, model", [
    ("Paris said it would veto the plan.", "Paris", "GPE"),  # states speak
    ("The sister city of Paris is Rome.", "Paris", "GPE"),
    ("President Obama Library opened.", "Obama Library", "ORG"),  # not a plain name? kept
    ("Shares in Asia fell.", "Asia", "LOC"),  # a market, not a company
    ("Secretary General Ban visited the Foreign Ministry.", "Foreign Ministry", "ORG"),
    ("Pa. officials said.", "Pa", "GPE"),  # Pennsylvania, not a father
])
def test_labels_no_person_or_company_without_its_cue(text, name, model):
    m = _relabelled(text, name, model)
    assert m.label == model, m.label_rule


@pytest.mark.parametrize("text, name", [
    ("Vantara shares rose 3.4% to $87.12.", "Vantara"),
    ("Helixon co-founder and CEO Yael Ben-David will join.", "Helixon"),
    ("Vantara CEO Rajiv Menon said the deal would close.", "Vantara"),
    ("Helixon was founded in 2016 by two veterans.", "Helixon"),
])
def test_labels_a_name_before_its_shares_officers_or_founding_is_a_company(text, name):
    m = _relabelled(text, name, "PERSON")
    assert (m.label, m.model_label) == ("ORG", "PERSON")


@pytest.mark.parametrize("text, name", [
    ("Obama spokesman Josh Earnest said.", "Obama"),
    ("Kennedy was shot in Dallas.", "Kennedy"),
    ("Rome was founded in 753 BC.", "Rome"),  # a place is founded too: not a company
])
def test_labels_a_person_or_place_before_other_words_stays(text, name):
    label = "GPE" if name == "Rome" else "PERSON"
    assert _relabelled(text, name, label).label == label


@pytest.mark.parametrize("text, name, model, label", [
    ("The First Serbian Uprising began in 1804.", "First Serbian Uprising", "PERSON", "EVENT"),
    ("The Belgrade Offensive freed the city.", "Belgrade Offensive", "FAC", "EVENT"),
    ("Envoys of the Byzantine Empires met.", "Byzantine Empires", "PERSON", "GPE"),
    ("The Holy Roman Empire was dissolved.", "Holy Roman Empire", "ORG", "GPE"),
])
def test_labels_a_name_closing_with_a_happenings_or_states_word(text, name, model, label):
    m = _relabelled(text, name, model)
    assert (m.label, m.model_label) == (label, model)


@pytest.mark.parametrize("text, name, model", [
    ("He watched Star Wars again.", "Star Wars", "WORK_OF_ART"),
    ("The Ministry of War objected.", "Ministry of War", "ORG"),
    ("The Czech Republic voted.", "Czech Republic", "GPE"),
    ("The Southeastern Conference expanded.", "Southeastern Conference", "ORG"),
    ("The First Serbian Uprising began in 1804.", "First Serbian Uprising", "ORG"),
])
def test_labels_a_tail_word_does_not_retype_these(text, name, model):
    assert _relabelled(text, name, model).label == model


@pytest.mark.parametrize("text, name, model", [
    ("Larsen's lawyer, Anne-Sofie Dahl, said he would appeal.", "Anne-Sofie Dahl", "ORG"),
    ("The Franciscan friar Giovanni da Capistrano preached a crusade.",
     "Giovanni da Capistrano", "ORG"),
    ("My father, Brendan, came down once a summer.", "Brendan", "GPE"),
])
def test_labels_a_name_after_a_word_for_a_person_is_a_person(text, name, model):
    m = _relabelled(text, name, model)
    assert (m.label, m.model_label) == ("PERSON", model)


@pytest.mark.parametrize("text, name, model", [
    ("The lawyer, NATO said, was wrong.", "NATO", "ORG"),  # no name's shape
    ("His adviser at Goldman Sachs Group called.", "Goldman Sachs Group", "ORG"),
])
def test_labels_a_word_for_a_person_before_an_organisation_keeps_it(text, name, model):
    assert _relabelled(text, name, model).label == model


@pytest.mark.parametrize("text, name, model, label", [
    ("He would appeal to the Western High Court.", "Western High Court", "PERSON", "ORG"),
    ("After the Fall of Constantinople in 1453.", "Fall of Constantinople", "ORG", "EVENT"),
    ("The Marshall Plan was signed.", "Marshall Plan", "PERSON", "PERSON"),  # no org's name
])
def test_labels_an_organisations_or_happenings_name_by_its_words(text, name, model, label):
    assert _relabelled(text, name, model).label == label
