"""Headlines in Title Case or capitals are parsed as the running text writes their words."""

from __future__ import annotations

from pathlib import Path

from pipeline.stages import headlines
from pipeline.stages.nlp import parse
from tests.helpers import extract, rows

BODY = ("Lindsay Lohan has checked into the Betty Ford Center for a court-ordered stay in "
        "rehab, her lawyer said on Thursday.")


def _parsed(nlp, text):
    return next(parse(nlp, [text]))


def _line(doc, words):
    return [t for t in doc if t.text in words]


def test_title_case_headline_verb_is_a_verb(nlp):
    text = "Lindsay Lohan Checks Into Betty Ford Rehab\n\n" + BODY
    doc = _parsed(nlp, text)
    checks = _line(doc, {"Checks"})[0]
    assert checks.pos_ == "VERB" and checks.dep_ == "ROOT"
    assert checks.lemma_ == "check"
    # Only the analysis changes: the text, the tokens and the names stay as written.
    assert doc.text == text
    assert [t.text for t in doc[:7]] == "Lindsay Lohan Checks Into Betty Ford Rehab".split()
    assert any(e.text == "Lindsay Lohan" and e.label_ == "PERSON" for e in doc.ents)


def test_capitals_headline_takes_the_running_texts_case(nlp):
    text = ("CHARGERS ' RECEIVER ARRESTED\n\nChargers receiver Vincent Jackson was arrested "
            "on suspicion of drunken driving, the team said.")
    doc = _parsed(nlp, text)
    receiver, arrested = _line(doc, {"RECEIVER"})[0], _line(doc, {"ARRESTED"})[0]
    assert receiver.pos_ == "NOUN" and arrested.pos_ == "VERB"
    assert doc.text == text


def test_running_text_is_left_alone(nlp):
    text = "Barack Obama met Vladimir Putin in Moscow on Friday, officials said."
    before = [(t.pos_, t.dep_, t.head.i) for t in nlp(text)]
    assert [(t.pos_, t.dep_, t.head.i) for t in _parsed(nlp, text)] == before


def test_word_case_follows_the_document(nlp):
    doc = nlp("FIRE SERVICE CALLED\n\nFire crews came. The fire spread to Waitrose in "
              "Wellington, where Waitrose staff left.")
    lines = headlines._headline_lines(doc)
    usage = headlines._running_text_usage(doc, lines)
    fw = headlines._function_words()
    title = nlp("Fire at Waitrose in Wellington")
    # "fire" is written in lower case, but a headline's first word keeps its capital;
    # the names stay; a capitals line is no evidence ("FIRE" is not an acronym).
    assert headlines._truecased(title, 0, len(title), usage, fw) == \
        "Fire at Waitrose in Wellington"
    caps = nlp("WAITROSE FIRE SPREAD")
    assert headlines._truecased(caps, 0, len(caps), usage, fw) == "Waitrose fire spread"


def test_entity_running_into_the_blank_line_does_not_break_the_parse(nlp):
    # The first parse ran an entity from the headline into the blank line after it.
    text = ("Indian Naval Ship Interdicts Three Pirate Vessels In A Single Operation\n\n"
            "Posted on November 15 , 2011 by the navy , which said its ship interdicted "
            "three vessels in a single operation .")
    doc = _parsed(nlp, text)
    assert doc.text == text
    assert all(not e.text.isspace() for e in doc.ents)


def test_headline_events_reach_the_tables(tmp_path: Path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "lohan.txt").write_text(
        "http://example.com/lohan\n\nLindsay Lohan Checks Into Betty Ford Rehab\n\n"
        + BODY + "\n\nUPDATED : 05 / 03 / 2013 at 11 : 00 AM EDT\n", encoding="utf-8")
    found = rows(extract(corpus, tmp_path / "out"), "event_mentions")
    triggers = {r["trigger"] for r in found}
    assert "Checks" in triggers
    assert "UPDATED" not in triggers  # a metadata label is no happening
    raw = (corpus / "lohan.txt").read_text(encoding="utf-8")
    for r in found:
        assert raw[int(r["trigger_start"]):int(r["trigger_end"])].startswith(r["trigger"][:3])


def test_a_title_line_is_a_headline_whose_event_is_the_storys(tmp_path: Path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "wire.txt").write_text(
        "Jackson arrested on DUI charge\n\nDespite his arrest on suspicion of driving under "
        "the influence early yesterday, Chargers receiver Vincent Jackson will play on "
        "Sunday.\n", encoding="utf-8")
    out = extract(corpus, tmp_path / "out")
    arrests = [r for r in rows(out, "event_mentions") if r["event_type"] == "LEGAL_ACTION"]
    assert [r["trigger"] for r in arrests] == ["arrested", "arrest"]
    assert arrests[0]["trigger_start"] == "8"  # in the headline, raw offsets
    assert len({r["event_id"] for r in arrests}) == 1  # told twice, one event
    (row,) = rows(out, "documents")
    assert row["title"] == "Jackson arrested on DUI charge"
