"""Which tokens denote a happening at all: the broad event-mention layer under the ontology.

Every eventive verb and event nominal is a mention candidate; the ontology only types them
(``event_triggers``), and what it does not know is ``OTHER`` with its lemma. States,
copulas and auxiliaries are not happenings, and a reporting verb that introduces speech is
the attribution of a claim, not an event. The words are data:
``lang/<lang>/event_lexicon.yaml``.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING

from pipeline import lang
from pipeline.stages import cues
from pipeline.stages.event_triggers import _lemma

if TYPE_CHECKING:  # spaCy loads with the model; working out cache keys must not import it
    from spacy.tokens import Token

NON_EVENT_VERBS = lang.words("event_lexicon", "non_event_verbs")
LABEL_VERBS = lang.words("event_lexicon", "label_verbs")
PERSON_NOUNS = lang.words("event_lexicon", "person_nouns")
STATE_PARTICIPLES = lang.words("event_lexicon", "state_participles")
EVENT_NOUNS = lang.words("event_lexicon", "event_nouns")
EVENT_ADJECTIVES = lang.words("event_lexicon", "event_adjectives")
NON_EVENT_NOUNS = lang.words("event_lexicon", "non_event_nouns")
MODIFIER_NOUNS = lang.words("event_lexicon", "modifier_nouns")
NOMINAL_SUFFIXES = lang.ordered("event_lexicon", "nominal_suffixes")
SUPPORT_VERBS = lang.words("event_lexicon", "support_verbs")
PRESUPPOSING_HEADS = lang.words("event_lexicon", "presupposing_heads")
INFLECTIONS = tuple((s, r) for s, r in (tuple(pair.split(">")) for pair in
                    lang.ordered("event_lexicon", "headline_inflections")))
IDIOMS = tuple(tuple(phrase.split()) for phrase in lang.ordered("event_lexicon", "idiom_nouns"))
MIN_STEM = 4  # letters before a nominal suffix: "station" has a stem, "ring" has none

# Dependencies through which a reporting verb governs the speech it introduces.
_SPEECH_DEPS = frozenset({"ccomp", "parataxis"})
_NAMED = frozenset({"PERSON", "ORG", "GPE", "NORP", "FAC", "LOC", "PRODUCT", "WORK_OF_ART",
                    "LAW", "LANGUAGE", "DATE", "TIME", "MONEY", "QUANTITY", "PERCENT",
                    "CARDINAL", "ORDINAL"})


def introduces_speech(verb: Token) -> bool:
    """"said (that) ...", "told reporters ...", "..., she said": the verb attributes a claim."""
    if _lemma(verb) not in cues.REPORTING_VERBS:
        return False
    # "police found two women dead": an adjective's small clause is what was found, no speech
    if any(c.dep_ in _SPEECH_DEPS and c.pos_ != "ADJ" for c in verb.children):
        return True
    # The reporting clause of a quotation is attached as parataxis or ccomp of the quote
    # (not of another reporting verb: "was found dead, police said" reports the finding);
    # 'announced "We intend ..."' has the quotation as its object.
    if verb.dep_ in _SPEECH_DEPS and _lemma(verb.head) not in cues.REPORTING_VERBS:
        return True
    return any(
        c.is_quote or (c.dep_ in ("dobj", "xcomp") and c.left_edge.is_quote)
        for c in verb.children)


def is_eventive_verb(tok: Token) -> bool:
    # "following the disclosure", "according to": a participle used as a preposition.
    if tok.pos_ != "VERB" or tok.dep_ in ("aux", "auxpass", "compound", "prep"):
        return False
    if tok.tag_ == "VBG" and any(c.dep_ == "pobj" for c in tok.children):
        return False  # "Following its defeat, Serbia fell": parsed a verb, read as "after"
    if tok.dep_ == "amod" and not befalls_person(tok):
        return False
    lemma = _lemma(tok)
    if lemma in NON_EVENT_VERBS or not lemma.isalpha():
        return False
    return not introduces_speech(tok)


def is_label(tok: Token) -> bool:
    """"Posted:", "Last Updated:": a page's metadata label, not a happening."""
    if tok.i + 1 >= len(tok.doc) or tok.nbor(1).text != ":":
        return False
    word = tok.lower_
    return any(form in LABEL_VERBS for form in
               (_lemma(tok), word, word.removesuffix("d"), word.removesuffix("ed")))


def is_person_noun(tok: Token) -> bool:
    """A common noun for people (``person_nouns``), by lemma or as written (a headline's
    "Man")."""
    return _lemma(tok) in PERSON_NOUNS or tok.lower_ in PERSON_NOUNS


def names_its_bearers(tok: Token) -> bool:
    """"rules for the wounded", "treated the wounded", "the dead were buried": an adjective
    or participle with a determiner of its own stands for the people it describes, no
    happening ("three dead", "two were wounded" are)."""
    return tok.pos_ in ("ADJ", "VERB") and tok.tag_ in ("JJ", "VBN") and any(
        c.dep_ == "det" and c.i < tok.i for c in tok.children)


def befalls_person(tok: Token) -> bool:
    """A past participle before a person tells what happened to them: "a fired
    accountant", "wounded soldiers" (not "a married man", "the alleged killer")."""
    head = tok.head
    if tok.dep_ != "amod" or not (head.ent_type_ in ("PERSON", "NORP") or is_person_noun(head)):
        return False
    if tok.pos_ == "ADJ":  # "wounded soldiers", tagged as an adjective (not "the guilty man")
        return tok.lower_ in EVENT_ADJECTIVES and tok.lower_ not in STATE_PARTICIPLES
    return tok.tag_ == "VBN" and _lemma(tok) not in STATE_PARTICIPLES


def _line_of_work(tok: Token) -> bool:
    """"a sales manager", "election officials": a noun compounded before a person noun
    says what the person does ("a murder suspect", "shooting victims" presuppose theirs)."""
    head = tok
    while head.dep_ == "compound" and head.head.i != head.i:
        head = head.head
    if head is tok:
        return False
    return is_person_noun(head) and _lemma(head) not in PRESUPPOSING_HEADS


def headline_base(tok: Token, *, verbs: Collection[str]) -> str:
    """The base form of a capitalised headline word spaCy took for a name ("Dies",
    "Shooting", "Arrested"), when it is an event noun or one of ``verbs`` (the ontology's
    verb lemmas); else "". Headlines in title case are where the tagger errs most."""
    if tok.pos_ != "PROPN" or not tok.is_title or (tok.ent_type_ in _NAMED and tok.dep_ != "ROOT"):
        return ""  # the root of a headline is its verb even inside a name: "Esther Williams Dies"
    last = tok.sent[-1]
    if (last.is_punct and last.text in ".!?;:") or last.is_quote:
        return ""  # a sentence with closing punctuation is prose, not a headline
    word = tok.lower_
    for suffix, repl in INFLECTIONS:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            base = word[: len(word) - len(suffix)] + repl
            if base in EVENT_NOUNS or base in verbs:
                return base
    return word if word in EVENT_NOUNS or word in verbs else ""


def is_event_noun(tok: Token) -> bool:
    """An event nominal ("the bombing", "an earthquake"), or a predicative adjective that
    reports a happening ("three dead")."""
    if tok.pos_ == "ADJ":
        return tok.lower_ in EVENT_ADJECTIVES and (tok.dep_ != "amod" or befalls_person(tok)) \
            and not names_its_bearers(tok)
    if tok.pos_ == "PROPN" and tok.ent_type_ == "EVENT":
        # "Watergate", "the Cold War", "a Watergate figure": a named happening (its last word)
        return tok.dep_ != "compound" or tok.head.ent_type_ != "EVENT"
    if tok.pos_ != "NOUN" or tok.ent_type_ in _NAMED:
        return False
    lemma = _lemma(tok)
    if lemma in NON_EVENT_NOUNS or _line_of_work(tok):
        return False
    if lemma in MODIFIER_NOUNS and tok.dep_ == "compound" and _lemma(tok.head) not in PRESUPPOSING_HEADS:
        return False  # "the emergency room"
    if lemma in EVENT_NOUNS or tok.lower_ in EVENT_NOUNS:
        return True
    if tok.dep_ == "compound":
        return False  # "a bomb disposal technician", "an entertainment magazine": a kind of thing
    return any(lemma.endswith(s) and len(lemma) - len(s) >= MIN_STEM for s in NOMINAL_SUFFIXES)


def in_idiom(tok: Token) -> bool:
    """Is ``tok`` a word of a fixed phrase that names no happening ("free of charge", "in
    charge", "in any case")?"""
    doc = tok.doc
    for phrase in IDIOMS:
        for k, word in enumerate(phrase):
            start = tok.i - k
            if word == tok.lower_ and start >= 0 and start + len(phrase) <= len(doc) and all(
                    doc[start + j].lower_ == w for j, w in enumerate(phrase)):
                return True
    return False
