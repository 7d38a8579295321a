"""Claims a reader can quote (issue 26): the examples from the issue, each built by hand.

Subjects resolved past misparses, hedges and negation as properties, attribution as
(source, cue, content) for direct, indirect and split speech, no claims from captions and
datelines, and spans that never start inside Markdown markup.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.document import run_stages
from pipeline.readers import read_source
from pipeline.stages.claims import dateline_end_at
from pipeline.stages.nlp import parse
from test_claims import claims_of, only


def test_claims_subject_is_the_nearer_of_two(nlp):
    claims = claims_of(nlp, "While successful joint operations commenced in 1807, Russia and "
                            "France signed the Peace of Tilsit (July 1807).")
    c = next(c for c in claims if c.predicate == "signed")
    assert c.subject == "Russia and France"
    assert c.object == "the Peace of Tilsit (July 1807)"


@pytest.mark.parametrize(("text", "predicate", "subject"), [
    ("Serbian King Alexander I was assassinated in a coup in 1903.", "was assassinated",
     "Serbian King Alexander I"),
    ("One of the factors that led to the beginning of World War I was close bilateral "
     "relations between Serbia and Russia.", "was",
     "One of the factors that led to the beginning of World War I"),
])
def test_claims_capital_i_after_a_name_is_a_numeral(nlp, text, predicate, subject):
    c = next(c for c in claims_of(nlp, text) if c.predicate == predicate)
    assert c.subject == subject
    assert subject not in " ".join(c.adjuncts)


def test_claims_adjuncts_time_and_place_are_fields(nlp):
    c = claims_of(nlp, "In 1941, Tom Bradley opened a shop in London.")[0]
    assert (c.subject, c.predicate, c.object) == ("Tom Bradley", "opened", "a shop")
    assert c.time == "In 1941" and c.place == "in London"
    assert c.adjuncts == ("In 1941", "in London")


def test_claims_chained_infinitive_is_part_of_the_predicate(nlp):
    c = claims_of(nlp, "The debt ceiling is scheduled to fall to $2.8 trillion at midnight.")[0]
    assert c.subject == "The debt ceiling" and c.predicate == "is scheduled to fall"
    assert c.object.startswith("to $")


@pytest.mark.parametrize(("text", "kept", "hedge"), [
    ("Serbia's position was less pro-Russian than it appeared.", "Serbia's position",
     "appeared"),
    ("Public opinion in Serbia was also less uniformly supportive of Russia than it might "
     "have seemed.", "Public opinion", "might have seemed"),
])
def test_claims_hedge_clause_is_a_property_not_a_claim(nlp, text, kept, hedge):
    claims = claims_of(nlp, text)
    assert len(claims) == 1, [c.text for c in claims]
    assert claims[0].subject == kept and hedge in claims[0].hedge.split("|")


def test_claims_negated_report_of_a_question(nlp):
    claims = claims_of(nlp, "He did not say who might succeed Vučević.")
    assert len(claims) == 1
    c = claims[0]
    assert c.negated and c.predicate == "did not say"
    assert c.object == "who might succeed Vučević" and not c.attributed_to


def test_claims_stance_verb_subject_is_not_its_own_source(nlp):
    c = only(claims_of(nlp, "President Aleksandar Vučić praised ties to Russia."), "praised")
    assert c.subject == "Aleksandar Vučić" and c.attributed_to == ""


@pytest.mark.parametrize(("text", "fragment"), [
    ('"Serbia will not impose sanctions," Vučić said, "because it is a sovereign country."',
     "sovereign"),
    ('"We will not impose sanctions," Vučić said. "Serbia is a sovereign country."',
     "sovereign"),
])
def test_claims_split_quotation_keeps_its_speaker(nlp, text, fragment):
    claims = claims_of(nlp, text)
    first = only(claims, "impose")
    assert (first.attributed_to, first.attribution_cue, first.negated) == ("Vučić", "said", True)
    second = only(claims, fragment)
    assert (second.attributed_to, second.attribution_cue) == ("Vučić", "said")


@pytest.mark.parametrize(("text", "source", "cue"), [
    ("The newspaper reported that the army had withdrawn.", "newspaper", "reported"),
    ("According to the ministry, the army withdrew.", "ministry", "According to"),
    ("The minister said the talks had failed.", "minister", "said"),
    ("Reuters reports that the army withdrew.", "Reuters", "reports"),
    ("The government claims that the army withdrew.", "government", "claims"),
])
def test_claims_attribution_cue(nlp, text, source, cue):
    c = only(claims_of(nlp, text), "army" if "army" in text else "talks")
    assert (c.attributed_to, c.attribution_cue) == (source, cue)
    assert c.subject != c.attributed_to


def test_claims_dateline_is_neither_subject_nor_source(nlp):
    claims = claims_of(nlp, "BELGRADE, Jan 28 (Annalist Wire) - Serbia said it would not "
                            "join the sanctions.")
    assert claims
    for c in claims:
        assert "Jan 28" not in c.subject and "Wire" not in c.attributed_to
        assert not c.text.startswith(("BELGRADE", "Jan"))
    assert only(claims, "join").attributed_to == "Serbia"


@pytest.mark.parametrize("text", [
    "ISTANBUL — The death toll from the earthquake rose to 41 on Sunday.",
    "ISTANBUL – The death toll from the earthquake rose to 41 on Sunday.",
])
def test_claims_a_place_alone_before_a_long_dash_is_a_dateline(nlp, text):
    c = only(claims_of(nlp, text), "toll")
    assert not c.text.startswith("ISTANBUL") and "ISTANBUL" not in c.subject


def test_claims_a_hyphen_after_capitals_is_no_dateline(nlp):
    # "US, Russia - talks failed" and "NATO - the alliance ..." stay sentences
    assert dateline_end_at("NATO - the alliance said it would act.", 0) == -1


def _extract(tmp_path: Path, nlp, name: str, text: str):
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    src = read_source(path, corpus_root=tmp_path, manifest={})
    doc = next(iter(parse(nlp, [src.text])))
    from pipeline.config import Settings

    return src, run_stages(src, doc, Settings())["claims"]


def test_claims_never_start_inside_markdown_markup(tmp_path, nlp):
    text = ("# Serbia\n\n[Public opinion in Serbia](https://example.org/po) was less "
            "supportive of Russia than it seemed.\n\n**Serbia** joined the talks in 2022.\n")
    src, claims = _extract(tmp_path, nlp, "a.md", text)
    statements = [c for c in claims if c.kind == "statement"]
    assert len(statements) == 2
    for c in statements:
        assert src.raw[c.start] in "[*", src.raw[c.start:c.end]


def test_claims_none_from_captions(tmp_path, nlp):
    html = ("<html><body><p>Serbia joined the talks in 2022.</p><figure><img src='a.png'>"
            "<figcaption>Troops entering Belgrade during the offensive (1944)</figcaption>"
            "</figure></body></html>")
    _, claims = _extract(tmp_path, nlp, "a.html", html)
    assert [c.predicate for c in claims if c.kind == "statement"] == ["joined"]


def test_claims_sentence_rooted_in_its_subject_noun(nlp):
    c = claims_of(nlp, "This intervention led to Serbia gaining autonomy within the Ottoman "
                       "Empire in 1829, following a Russo-Turkish war.")[0]
    assert (c.subject, c.predicate) == ("This intervention", "led")
    assert c.object.startswith("to Serbia gaining autonomy")


@pytest.mark.parametrize(("text", "subject", "obj"), [
    ("Russia and France signed the Peace of Tilsit.", "Russia and France", "the Peace of Tilsit"),
    ("Serbia signed treaties with Russia and France.", "Serbia",
     "treaties with Russia and France"),
    ("Serbia courted Russia and China.", "Serbia", "Russia and China"),
])
def test_claims_conjoined_subjects_and_objects_keep_their_list(nlp, text, subject, obj):
    (c,) = claims_of(nlp, text)
    assert (c.subject, c.object) == (subject, obj)
