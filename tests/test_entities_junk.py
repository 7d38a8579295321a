"""The junk filter and trimming of stages/entities.py on hand-made spans."""

import pytest

from pipeline.stages.entities import _trim, is_junk, is_ticker


@pytest.mark.parametrize("text, label", [
    ("Field Marshal", "ORG"),
    ("Prime Minister", "ORG"),
    ("Foreign Minister", "PERSON"),
    ("Major General", "PERSON"),
    ("Sgt", "PERSON"),  # "Sgt. Paul Hernandez" cut after the title
    ("Lt. Col.", "PERSON"),
    ("Søren Bidstrup / Ritzau Scanpix", "ORG"),  # a photo credit
    ("Siege", "GPE"),  # cut from "Siege of Belgrade"
    ("Treaty", "LAW"),
])
def test_entities_title_alone_is_junk(text, label):
    assert is_junk(text, label)


@pytest.mark.parametrize("text, label", [
    ("General Motors", "ORG"),
    ("Prince Edward Island", "GPE"),
    ("Marshal Tito", "PERSON"),
    ("General Assembly", "ORG"),
    ("Prince", "PERSON"),  # the musician: a full word alone may be a name
    ("Drew", "PERSON"),
    ("AC/DC", "ORG"),
    ("Siege of Belgrade", "EVENT"),
])
def test_entities_title_with_a_name_is_kept(text, label):
    assert not is_junk(text, label)


@pytest.mark.parametrize("span, expected", [
    ("Prince Henry of", "Prince Henry"),
    ("Lower Bavaria for", "Lower Bavaria"),
    ("Franz Moritz von Lacy", "Franz Moritz von Lacy"),
    ("Bank of", "Bank"),
])
def test_entities_trailing_function_word_is_trimmed(span, expected):
    start, end = _trim(span, 0, len(span))
    assert span[start:end] == expected


@pytest.mark.parametrize("text, symbol, expected", [
    ("Nordvik Holding ASA (OSE: NORD) agreed", "NORD", True),
    ("Apple Inc (NASDAQ: AAPL) said", "AAPL", True),
    ("Rival Maersk (MAERSK-B.CO) fell", "MAERSK-B.CO", True),
    ("Nordvik Holding ASA (OSE: NORD) agreed", "OSE", False),  # the exchange
    ("Agriculture Organization (FAO) said", "FAO", False),  # a short form
    ("the Kosovo Force (KFOR), the mission", "KFOR", False),
])
def test_entities_stock_symbol_in_listing_is_no_name(text, symbol, expected):
    start = text.index(symbol)
    assert is_ticker(text, start, start + len(symbol)) is expected


def _names(nlp, text):
    from pipeline.stages.entities import entity_mentions
    from pipeline.stages.sentences import sentences
    from tests.helpers import plain_source
    src = plain_source(text)
    doc = nlp(src.text)
    return {(m.text, m.label) for m in entity_mentions(doc, src, sentences(doc, src))}


def test_entities_a_firm_joined_by_an_ampersand_is_one_name(nlp):
    text = ("Goldman Sachs Group Inc. and Cleary Gottlieb Steen & Hamilton LLP advised "
            "Baltic Freight.")
    found = _names(nlp, text)
    assert not any(t.endswith("&") or t == "Hamilton LLP" for t, _ in found), found


def test_entities_a_bracket_the_model_left_open_is_closed(nlp):
    text = "Frederick answered by founding the League of Princes (Fürstenbund) in 1785."
    found = _names(nlp, text)
    assert not any("(" in t and ")" not in t for t, _ in found), found


def test_entities_a_known_event_the_model_left_untagged_is_found(nlp):
    text = ("Serbia in WWI\n\nLeaders met a hundred years after the end of the First World "
            "War. After WW2 nobody talked about it.")
    found = _names(nlp, text)
    assert {("WWI", "EVENT"), ("First World War", "EVENT"), ("WW2", "EVENT")} <= found, found
    assert not any(t in ("WWII", "World War") for t, _ in found)  # no part of a longer one


@pytest.mark.parametrize("text, word, expected", [
    ("Share on Facebook | Share on Twitter | Email\nThe court met.", "Twitter", True),
    ("Home | News | Politics | Log In", "Politics", True),
    ("| Karađorđe | 1804 | Orašac |", "Karađorđe", False),  # a table row
    ("Rangers beat Celtic | Report", "Celtic", False),  # one bar: a headline's section
])
def test_entities_a_navigation_line_names_no_one(text, word, expected):
    from pipeline.stages.entities import in_menu_line
    assert in_menu_line(text, text.index(word)) is expected
