import pytest

from pipeline.records import Marker
from pipeline.stages.entities import entity_mentions, is_junk
from pipeline.stages.sentences import sentences
from tests.helpers import plain_source


def test_sentences_never_cross_blocks(nlp):
    src = plain_source("Serbia rose in 1804.\n\nThe Russian House was opened in Belgrade in 1933")
    sents = sentences(nlp(src.text), src)
    assert [s.text for s in sents] == [
        "Serbia rose in 1804.",
        "The Russian House was opened in Belgrade in 1933",
    ]
    assert all(src.raw[s.start:s.end] == s.text for s in sents)
    assert sents[1].line == 3


def test_sentences_attach_leading_inline_and_trailing_citations(nlp):
    text = "This service was terminated in 1922.\n\nThe treaty, which was signed, held. It failed."
    needed = Marker("citation_needed", "[citation needed]", 0, 0, 0)
    inline = Marker("citation", "[37]", 0, 0, text.index(", which"), "37")
    trailing = Marker("citation", "[5]", 0, 0, text.index(" It failed"), "5")
    src = plain_source(text, markers=(needed, inline, trailing))
    first, second, third = sentences(nlp(src.text), src)
    assert first.citation_needed and first.citation_position == "leading"
    assert second.citations == ("[37]", "[5]")
    assert second.citation_position == "inline|trailing"
    assert third.citations == () and not third.citation_needed


def test_sentences_take_the_next_video_timestamp_in_their_paragraph(nlp):
    text = "Serbia won in 1878. Russia helped. Then a new paragraph.\n\nLast one."
    stamp = Marker("timestamp", "[00:03:04]", 0, 0, text.index(" Russia"), "184")
    src = plain_source(text, markers=(stamp,), video_id="abc")
    sents = sentences(nlp(src.text), src)
    assert sents[0].locator == "https://www.youtube.com/watch?v=abc&t=184s"
    assert sents[1].locator.endswith("t=184s")  # after the last anchor: takes the one before
    assert sents[3].locator == "doc.txt#L3" and sents[3].time_offset == -1


def test_entities_trim_articles_and_possessives(nlp):
    src = plain_source("The Soviet Union's army entered the Kingdom of Yugoslavia in 1941.")
    sents = sentences(nlp(src.text), src)
    texts = {m.text for m in entity_mentions(nlp(src.text), src, sents)}
    assert "Soviet Union" in texts
    assert not any(t.startswith(("The ", "the ")) or t.endswith("'s") for t in texts)


def test_entities_raw_slice_is_the_mention(nlp):
    src = plain_source("Karađorđe met Konstantin Rodofinikin in Belgrade.")
    doc = nlp(src.text)
    for m in entity_mentions(doc, src, sentences(doc, src)):
        assert src.raw[m.start:m.end] == m.text


def test_entities_junk_is_rejected():
    assert is_junk("## Post-Cold War Era", "EVENT")
    assert is_junk("[70][71][72]", "ORG")
    assert is_junk("200px", "PRODUCT")
    assert is_junk("30", "CARDINAL")
    assert is_junk("GMT", "ORG")  # "at about 1630 GMT"
    assert is_junk("Bengals 13 - 10", "LAW")  # a score or a date the model read as a law
    assert is_junk("Sep 10, 2010", "LAW")
    assert not is_junk("Resolution 1244-99", "LAW")
    assert not is_junk("May 4 Movement", "LAW")
    assert not is_junk("Karađorđe", "PERSON")
    assert not is_junk("Serbs", "NORP")


@pytest.mark.parametrize("text, marker, expected", [
    ("The war ended in 241 BC when Carthage sued for peace.", "BC", True),
    ("founded in the middle of the 9th century BC, it grew", "BC", True),
    ("crowned in AD 1066 at Westminster", "AD", True),
    ("by the 3rd millennium BCE the city", "BCE", True),
    ("the B.C. premier met Ottawa", "B.C.", False),  # British Columbia
    ("the BC Lions won", "BC", False),
])
def test_entities_era_marker_needs_a_number_or_century_beside_it(text, marker, expected):
    from pipeline.stages.entities import is_era_marker

    start = text.index(marker)
    assert is_era_marker(text, start, start + len(marker)) is expected


def test_entities_era_of_a_date_is_not_an_organisation(nlp):
    src = plain_source("Carthage was founded by Phoenicians in the middle of the 9th century "
                       "BC. The war ended in 241 BC when Carthage sued for peace.")
    doc = nlp(src.text)
    texts = [m.text for m in entity_mentions(doc, src, sentences(doc, src))]
    assert "BC" not in texts and "Phoenicians" in texts


def test_entities_a_stance_prefix_is_no_part_of_the_name(nlp):
    src = plain_source("A Pro-Russia rally was held in Belgrade on Saturday.")
    doc = nlp(src.text)
    (m,) = [m for m in entity_mentions(doc, src, sentences(doc, src)) if "Russia" in m.text]
    assert m.text == "Russia" and src.text[m.clean_start - 4:m.clean_start] == "Pro-"


def test_nlp_long_text_is_parsed_in_chunks_with_offsets_intact(nlp):
    from pipeline.stages.nlp import chunks, parse

    text = ("Serbia signed a treaty with Russia in 1807. " * 700).strip() + "\n\nEnd here."
    pieces = chunks(text, limit=2_000)
    assert "".join(pieces) == text and max(map(len, pieces)) <= 2_000
    (doc,) = list(parse(nlp, [text]))
    assert doc.text == text
    assert len(list(parse(nlp, ["a b", text, "c d"]))) == 3


def test_nlp_chunks_split_a_huge_line_without_whitespace():
    from pipeline.stages.nlp import chunks

    text = "x" * 50_001
    assert "".join(chunks(text, limit=20_000)) == text


def test_entities_hyphenated_names_stay_whole_and_suffixes_go(nlp):
    src = plain_source("Austria-Hungary feared Serbia. The U.S.-led NATO acted in a Russo-Turkish war.")
    doc = nlp(src.text)
    texts = {m.text for m in entity_mentions(doc, src, sentences(doc, src))}
    assert "Hungary" not in texts and "Austria" not in texts
    assert not any(t.endswith("-led") or t.startswith("a ") for t in texts)


def test_entities_a_regnal_numeral_belongs_to_the_name(nlp):
    """The model tags "Tsar Nicholas" and parses "I" as a pronoun."""
    src = plain_source("Tsar Nicholas I died in 1855, and Alexander II succeeded him. I agree.")
    doc = nlp(src.text)
    texts = {m.text for m in entity_mentions(doc, src, sentences(doc, src))
             if m.label == "PERSON"}
    assert {"Tsar Nicholas I", "Alexander II"} <= texts


def test_entities_a_headline_verb_is_no_part_of_the_name(nlp):
    """The model reads "Esther Williams Dies" in a title-case headline as one name."""
    src = plain_source("Actress Esther Williams Dies at 91\n\nShe died in her sleep.")
    doc = nlp(src.text)
    texts = {m.text for m in entity_mentions(doc, src, sentences(doc, src))
             if m.label == "PERSON"}
    assert texts == {"Esther Williams"}
