"""Claims as relations (issue 26): appositive and copular is-a facts, subjects resolved
within the document, nested reports, quotations over several sentences, hedging frames.

Inputs are built by hand with :func:`test_claims.build`, so each test runs the claims stage
alone on the shared spaCy model.
"""

from __future__ import annotations

import pytest

from pipeline.stages.claims import extract_claims
from pipeline.stages.subjects import SubjectResolver
from test_claims import build, claims_of, only


def _appositives(claims):
    return [c for c in claims if c.kind == "appositive"]


@pytest.mark.parametrize(("text", "subject", "obj"), [
    ("George W. Bush, the President, said the war was over.", "George W. Bush", "the President"),
    ("Belgrade, the capital of Serbia, lies on the Danube.", "Belgrade", "the capital of Serbia"),
    ("The talks were held in Belgrade, the capital of Serbia.", "Belgrade",
     "the capital of Serbia"),
    ("Russia's president, Vladimir Putin, met Vučić in 2019.", "Vladimir Putin",
     "Russia's president"),
    ("The People's Patrol, a far-right anti-immigrant group, marched in Belgrade.",
     "People's Patrol", "a far-right anti-immigrant group"),
])
def test_claims_appositive_is_an_is_a_claim(nlp, text, subject, obj):
    (c,) = _appositives(claims_of(nlp, text))
    assert (c.subject, c.predicate, c.object, c.is_a) == (subject, "is", obj, True)
    assert c.subject_mention_id and c.subject_resolution == "stated"


@pytest.mark.parametrize("prefix", ["", "Title line\n\n"])
def test_claims_appositive_offsets_are_raw(nlp, prefix):
    text = "Talks began in Belgrade, the capital of Serbia, on Monday."
    src, doc, sents, mentions, timexes = build(nlp, text, prefix=prefix)
    (c,) = _appositives(extract_claims(doc, src, sents, mentions, timexes))
    assert src.raw[c.start:c.end] == "Belgrade, the capital of Serbia" == c.text


@pytest.mark.parametrize("text", [
    "Belgrade, Serbia, hosted the talks.",  # two names: a place and where it is
    "The newspaper Politika reported the news.",  # no comma: a name, not an apposition
    "The Alliance (Savez) was signed in 1940.",  # a name in brackets: another name
    "Refusal to Sanction Russia: Serbia refused.",  # a heading
    "On Monday, March 3, the talks began.",  # dates
    "Novak Djokovic, 36, won the final.",  # an age
    "Russia and France, the two powers, signed the treaty.",  # a fact of each, not the list
])
def test_claims_no_appositive_without_a_name_and_a_description(nlp, text):
    assert _appositives(claims_of(nlp, text)) == []


def test_claims_appositive_is_not_a_clause_claim(nlp):
    claims = claims_of(nlp, "George W. Bush, the President, said the war was over.")
    statement = only([c for c in claims if c.kind == "statement"], "war")
    assert (statement.attributed_to, statement.attribution_cue) == ("George W. Bush", "said")
    assert not statement.is_a


@pytest.mark.parametrize(("text", "is_a"), [
    ("Aleksandar Vučić became president of Serbia in 2017.", True),
    ("The talks were a failure.", True),
    ("The border was closed.", False),
    ("The army was tired.", False),
])
def test_claims_copula_with_a_noun_phrase_is_an_is_a_claim(nlp, text, is_a):
    (c,) = [c for c in claims_of(nlp, text) if c.kind == "statement"]
    assert c.is_a is is_a


# -- subjects resolved within the document --------------------------------------------------


def _mention(claims, mentions, fragment):
    c = only(claims, fragment)
    return c, next((m for m in mentions if m.mention_id == c.subject_mention_id), None)


@pytest.mark.parametrize(("text", "fragment", "antecedent"), [
    ("Ana Brnabić was prime minister. She resigned in 2024.", "resigned", "Brnabić"),
    ("Serbia said it would not join the sanctions.", "join", "Serbia"),
    ("Putin met Vučić in Belgrade. He praised the talks.", "praised", "Putin"),
])
def test_claims_pronoun_subject_resolves_to_the_nearest_name(nlp, text, fragment, antecedent):
    src, doc, sents, mentions, timexes = build(nlp, text)
    c, m = _mention(extract_claims(doc, src, sents, mentions, timexes), mentions, fragment)
    assert c.subject_resolution == "pronoun"
    assert m is not None and antecedent in m.text


def test_claims_partial_name_of_a_place_is_not_resolved_to_a_longer_one(nlp):
    text = "The Kingdom of Serbia was proclaimed in 1882. Serbia joined the talks in 2022."
    src, doc, sents, mentions, timexes = build(nlp, text)
    c, m = _mention(extract_claims(doc, src, sents, mentions, timexes), mentions, "joined")
    assert c.subject_resolution == "stated" and m is not None and m.text == "Serbia"


def test_claims_partial_name_resolves_to_the_full_name(nlp):
    text = "Vladimir Putin arrived in Belgrade on Monday. Putin met the president."
    src, doc, sents, mentions, timexes = build(nlp, text)
    c, m = _mention(extract_claims(doc, src, sents, mentions, timexes), mentions, "met")
    assert c.subject == "Putin" and c.subject_resolution == "partial_name"
    assert m is not None and m.text == "Vladimir Putin"


@pytest.mark.parametrize(("text", "fragment"), [
    ("It rained on Monday in Belgrade.", "rained"),  # weather "it"
    ("The Russian community in Belgrade grew, as it enjoyed the support of the king.",
     "enjoyed"),  # "it" is the community, which names nothing
    ("Serbia joined the talks. Nobody knew why. Many hoped so. They were wrong.", "wrong"),
    ("The talks in Belgrade failed. It will be hard to start again.", "hard"),
])
def test_claims_pronoun_without_a_sure_name_stays_unresolved(nlp, text, fragment):
    c = only(claims_of(nlp, text), fragment)
    assert (c.subject_mention_id, c.subject_resolution) == ("", "")


def test_claims_stated_subject_is_marked_stated(nlp):
    c = claims_of(nlp, "Serbia joined the talks in 2022.")[0]
    assert c.subject_mention_id and c.subject_resolution == "stated"


def test_subjects_pronoun_window_is_a_few_sentences(nlp):
    text = "Serbia joined. Then nothing happened. Nobody spoke. Some left. It declined."
    src, doc, sents, mentions, timexes = build(nlp, text)
    pronoun = next(t for t in doc if t.text == "It")
    resolver = SubjectResolver(mentions, doc)
    assert resolver.antecedent(pronoun, earliest=0) is not None
    assert resolver.antecedent(pronoun, earliest=sents[-2].clean_start) is None


# -- nested reports and quotations ----------------------------------------------------------


@pytest.mark.parametrize(("text", "source", "cue", "outer", "outer_cue"), [
    ("The minister said that the general claimed the army had withdrawn.", "general",
     "claimed", "minister", "said"),
    ("Reuters reported that officials said the talks had failed.", "officials", "said",
     "Reuters", "reported"),
    ("According to the agency, the minister said the talks had failed.", "minister", "said",
     "agency", "According to"),
])
def test_claims_nested_report_keeps_both_sources(nlp, text, source, cue, outer, outer_cue):
    c = only(claims_of(nlp, text), "withdrawn" if "army" in text else "failed")
    assert (c.attributed_to, c.attribution_cue) == (source, cue)
    assert (c.reported_by, c.reported_by_cue) == (outer, outer_cue)


def test_claims_simple_report_has_no_outer_source(nlp):
    c = only(claims_of(nlp, "The minister said the talks had failed."), "talks")
    assert (c.reported_by, c.reported_by_cue) == ("", "")


@pytest.mark.parametrize("text", [
    '"Serbia will not join the sanctions. It is a sovereign country. We decide," Vučić said.',
    'Vučić said: "Serbia will not join the sanctions. It is a sovereign country. We decide."',
])
def test_claims_quotation_over_several_sentences_has_one_speaker(nlp, text):
    claims = claims_of(nlp, text)
    for fragment in ("join", "sovereign", "decide"):
        c = only(claims, fragment)
        assert (c.attributed_to, c.attribution_cue) == ("Vučić", "said"), fragment


def test_claims_quotation_with_two_speakers_is_left_to_the_parse(nlp):
    text = ('"The border is closed," the minister said. "It will open," the mayor said. '
            'Trade fell.')
    claims = claims_of(nlp, text)
    assert only(claims, "closed").attributed_to == "minister"
    assert only(claims, "open").attributed_to == "mayor"
    assert only(claims, "Trade").attributed_to == ""


@pytest.mark.parametrize(("text", "kept", "hedge"), [
    ("It seems that the talks failed.", "the talks", "seems"),
    ("It appears the border was closed.", "the border", "appears"),
    ("It is likely that the army withdrew.", "the army", "likely"),
])
def test_claims_hedging_frame_is_a_property_of_its_content(nlp, text, kept, hedge):
    claims = claims_of(nlp, text)
    assert len(claims) == 1, [c.text for c in claims]
    assert claims[0].subject == kept and hedge in claims[0].hedge.split("|")


def test_claims_plain_it_is_frame_stays_a_claim(nlp):
    claims = claims_of(nlp, "It is true that the army withdrew.")
    assert {c.subject for c in claims} >= {"the army"}


@pytest.mark.parametrize(("text", "fragment", "source"), [
    ("The newspaper Politika reported that the factory would close in March.", "factory",
     "Politika"),  # the name, not the noun it is in apposition to
    ("Scientists believe the lake formed at the end of the last ice age.", "lake",
     "Scientists"),  # "formed" tagged a participle: still the reported clause
])
def test_claims_source_of_a_report(nlp, text, fragment, source):
    c = only(claims_of(nlp, text), fragment)
    assert c.attributed_to == source and c.subject != source


@pytest.mark.parametrize(("text", "fragment", "subject", "source"), [
    ("The strike ended, the union said, after the company agreed to raise wages.", "strike",
     "The strike", "union"),
    ("The talks, officials said, had failed.", "failed", "The talks", "officials"),
    ("The emperor, the chronicle says, died of a fever in the camp.", "fever", "The emperor",
     "chronicle"),  # the parser hangs the subject on the frame
])
def test_claims_parenthetical_frame_attributes_the_clause_around_it(nlp, text, fragment,
                                                                    subject, source):
    claims = claims_of(nlp, text)
    c = only(claims, fragment)
    assert (c.subject, c.attributed_to) == (subject, source)
    assert not any(x.predicate in ("said", "says") for x in claims)  # the frame is no claim


# -- participial phrases --------------------------------------------------------------------


@pytest.mark.parametrize(("text", "subject", "predicate", "obj"), [
    ("Thomas soon became a regular in the Arsenal side, making his league debut in 1987.",
     "Thomas", "making", "his league debut"),  # an adverbial takes the clause's subject
    ("When two particles come close, the baskets surrounding them merge.", "the baskets",
     "surrounding", "them"),  # one hung on a noun takes the noun
])
def test_claims_participial_phrase_is_a_claim(nlp, text, subject, predicate, obj):
    c = next(c for c in claims_of(nlp, text) if c.predicate == predicate)
    assert (c.subject, c.kind) == (subject, "statement")
    assert c.object.startswith(obj) and c.text.startswith(predicate)


def test_claims_participial_phrase_keeps_its_clause_attribution(nlp):
    c = only(claims_of(nlp, "Officials said the army withdrew, leaving the town undefended."),
             "leaving")
    assert (c.subject, c.attributed_to, c.attribution_cue) == ("the army", "Officials", "said")


@pytest.mark.parametrize("text", [
    "If elected, he will cut taxes.",  # a condition
    "The army, retreating, burned the bridges.",  # nothing after it
    "Yugoslavism, as opposed to Austro-Slavism, put fear in Austria.",  # a set phrase
])
def test_claims_no_claim_from_a_bare_or_conditional_participle(nlp, text):
    assert [c.predicate for c in claims_of(nlp, text)
            if c.predicate in ("elected", "retreating", "opposed")] == []


def test_claims_participial_phrase_under_neither_is_negated(nlp):
    claims = claims_of(nlp, "Tito kept Yugoslavia apart, neither adhering to NATO nor joining "
                            "the Warsaw Pact.")
    c = next(c for c in claims if c.text.startswith("neither"))
    assert (c.subject, c.predicate, c.negated) == ("Tito", "adhering", True)


def test_claims_participle_with_its_own_subject_is_no_participial_claim(nlp):
    claims = claims_of(nlp, "The argument that the relationship is solely driven by Kosovo "
                            "is weak.")
    assert not any(c.subject == "The argument" and "driven" in c.predicate for c in claims)


@pytest.mark.parametrize(("text", "subject", "title"), [
    ("Earlier this year, President Bush made a final offer.", "Bush", "President"),
    ("In his book, author Bill Bryson suggests Siddal was poisoned.", "Bill Bryson", "author"),
    ("He tries to woo wealthy aristocrat Lydia Carew.", "Lydia Carew", "wealthy aristocrat"),
])
def test_claims_title_before_a_name_is_an_is_a_claim(nlp, text, subject, title):
    (c,) = _appositives(claims_of(nlp, text))
    assert (c.subject, c.predicate, c.object) == (subject, "is", title)
    assert c.text == f"{title} {subject}"


def test_claims_adjective_alone_before_a_name_is_no_title(nlp):
    assert _appositives(claims_of(nlp, "The late Milan Kundera wrote novels.")) == []


@pytest.mark.timing
def test_subjects_resolution_stays_linear_in_the_names(within):
    """20,000 names: each partial name looks only at the names it can shorten."""
    import time

    from pipeline.records import EntityMention

    mentions, pos = [], 0
    for k in range(10_000):
        for text in (f"Person{k} Putin", "Putin"):
            mentions.append(EntityMention(f"M{len(mentions)}", "D", pos, pos + len(text), 1,
                                          text, "PERSON", pos, pos + len(text), k))
            pos += len(text) + 1
    resolver = SubjectResolver(mentions)
    t = time.perf_counter()
    found = [resolver.full_name(m) for m in mentions[1::2]]
    within(time.perf_counter() - t, 2.0, "20,000 names")
    assert all(f is not None and f.text.endswith(" Putin") for f in found)
    assert found[-1].text == "Person9999 Putin"


def test_claims_verb_of_speaking_frames_a_quotation(nlp):
    text = ('"The bridge will be rebuilt," the mayor promised. "Work starts in May, and it '
            'will take a year."')
    claims = claims_of(nlp, text)
    for fragment in ("rebuilt", "Work starts", "a year"):
        c = only(claims, fragment)
        assert (c.attributed_to, c.attribution_cue) == ("mayor", "promised"), fragment


def test_claims_verb_of_speaking_without_a_quotation_is_a_statement(nlp):
    (c,) = claims_of(nlp, "The mayor promised to rebuild the bridge.")
    assert (c.subject, c.predicate, c.attributed_to) == ("The mayor", "promised to rebuild", "")


def test_claims_quoted_as_saying_names_the_speaker_and_the_outer_source(nlp):
    claims = claims_of(nlp, "The agency quoted a police officer as saying that the suspect "
                            "had fled abroad.")
    (c,) = claims
    assert (c.subject, c.attributed_to, c.attribution_cue) == ("the suspect", "police officer",
                                                              "saying")
    assert (c.reported_by, c.reported_by_cue) == ("agency", "quoted")


def test_claims_described_as_saying_nothing_stays_a_claim(nlp):
    assert [c.predicate for c in claims_of(nlp, "He was described as saying nothing.")] == [
        "was described"]
