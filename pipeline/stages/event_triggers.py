"""Trigger matching: does a verb or noun report a happening of some event type, and is it real?

:func:`match_verb` and :func:`match_noun` find the first ontology rule whose conditions a
token meets; :func:`is_irrealis` and :func:`_negated` drop the happenings the text does not
assert (hypothetical, intended, conditional, feared or negated ones).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from pipeline import lang
from pipeline.stages import cues
from pipeline.stages.event_ontology import Ontology, TriggerRule
from pipeline.stages.syntax import CONDITION_MARKS, OF, PLACE_LABELS, WITH, subject_token

FOR = "for"

if TYPE_CHECKING:  # spaCy loads with the model; working out cache keys must not import it
    from spacy.tokens import Token


_CLAUSAL = frozenset({"relcl", "acl", "advcl", "ccomp", "csubj", "parataxis"})


LEMMA_FIXES = lang.table("syntax", "lemma_fixes")  # "fined": spaCy says "fin"


def _lemma(tok: Token) -> str:
    return LEMMA_FIXES.get(tok.lower_) or tok.lemma_.lower()


def _words_below(tok: Token, *, depth: int = 4) -> set[str]:
    """Lemmas and forms in a phrase, not descending into clauses or too deep."""
    out = {_lemma(tok), tok.lower_}
    if depth:
        for c in tok.children:
            if c.dep_ not in _CLAUSAL:
                out |= _words_below(c, depth=depth - 1)
    return out


def verb_arguments(verb: Token) -> set[str]:
    """Words a verb's conditions look at: its objects, complements, particles, prepositions."""
    out: set[str] = set()
    for c in verb.children:
        if c.dep_ in ("dobj", "nsubjpass", "attr", "oprd", "dative", "acomp", "pobj"):
            out |= _words_below(c)
        elif c.dep_ == "ccomp" and c.pos_ in ("NOUN", "PROPN", "ADJ"):
            out |= _words_below(c)  # "declared Serbia an independent state"
        elif c.dep_ in ("prep", "agent", "prt"):
            out |= _words_below(c)
    if verb.dep_ == "acl" and verb.head.pos_ in ("NOUN", "PROPN"):
        out |= {_lemma(verb.head), verb.head.lower_}
    if _bare_participle(verb):
        # "... and diplomatic relations only established in 1940": the "subject" of a bare
        # past participle is what it was done to.
        for c in verb.children:
            if c.dep_ == "nsubj":
                out |= _words_below(c)
    return out


def _bare_participle(verb: Token) -> bool:
    return verb.tag_ == "VBN" and not any(c.dep_ in ("aux", "auxpass") for c in verb.children)


# Common nouns that name a party to a meeting: "met with the Serbian president".
ROLE_NOUNS = lang.words("events", "role_nouns")
# Common nouns for people something befalls: "a man was hurt".
PERSON_NOUNS = lang.words("event_lexicon", "person_nouns")


def _names_a_party(tok: Token) -> bool:
    if tok.ent_type_ in ("PERSON", "ORG", "GPE", "NORP") or tok.pos_ in ("PRON", "PROPN"):
        return True
    return _lemma(tok) in ROLE_NOUNS


def _is_passive(verb: Token) -> bool:
    """"was arrested", "a man arrested", and "was arrested and taken to Sarajevo": a
    participle joined to a passive verb, with no subject or auxiliary of its own, shares
    its voice."""
    def marked(v: Token) -> bool:
        return any(c.dep_ in ("auxpass", "nsubjpass") for c in v.children)

    if marked(verb) or (verb.tag_ == "VBN" and verb.dep_ == "acl"):
        return True
    return (verb.dep_ == "conj" and verb.tag_ == "VBN" and verb.head.i != verb.i
            and not any(c.dep_ in ("nsubj", "aux") for c in verb.children) and marked(verb.head))


AIM_PREPS = lang.words("events", "aim_preps")  # "an assault on Montreal"
Labeller = Callable[["Token"], str]


def _model_label(tok: Token) -> str:
    return tok.ent_type_


def match_verb(verb: Token, onto: Ontology, *, label: Labeller = _model_label) -> TriggerRule | None:
    """The first trigger rule whose conditions the verb meets (``label``: the entity label
    of a token, the model's unless the caller knows the corrected one)."""
    rules = onto.verb_rules.get(_lemma(verb))
    if not rules:
        return None
    args = verb_arguments(verb)
    # Pseudo-words for conditions on the kind of object: "@entity" (a named participant:
    # "Putin met Vučić") and "@none" (no object at all: "the two leaders met in Paris").
    objects = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")]
    with_objects = [p for c in verb.children if c.dep_ == "prep" and c.lower_ == WITH
                    for p in c.children if p.dep_ == "pobj"]
    if not objects and not with_objects:
        args.add("@none")
    if any(_names_a_party(c) for c in objects + with_objects):
        args.add("@entity")  # "met Vučić", "met with the president" (not "met with success")
    if any(label(c) in PLACE_LABELS for c in _with_conjuncts(objects)):
        args.add("@place")  # "captured Detroit" (not "captured the title")
    if any(label(c) == "ORG" for c in objects + with_objects):
        args.add("@organisation")  # "merged with Mobil"
    if any(_names_a_party(c) or c.like_num or c.ent_type_ == "CARDINAL"
           or _lemma(c) in PERSON_NOUNS for c in objects):
        args.add("@someone")  # "two were hurt", "a man was hurt" (not "results were hurt")
    # "breaking away" is often parsed with "away" as an adverb.
    particles = {c.lower_ for c in verb.children if c.dep_ in ("prt", "advmod") and c.i > verb.i}
    child_marks = {c.dep_ for c in verb.children} | {c.lower_ for c in verb.children}
    context = {_lemma(p) for c in verb.children if c.dep_ == "prep" for p in c.children
               if p.dep_ == "pobj"}
    subject_words: set[str] | None = None
    for r in rules:
        if r.subjects or r.not_subjects:
            subject_words = _subject_words(verb, label) if subject_words is None else subject_words
            if (r.subjects and not (r.subjects & subject_words)) or r.not_subjects & subject_words:
                continue
        if r.context and not (r.context & context):
            continue
        if r.objects and not (r.objects & args):
            continue
        if r.not_objects & args:
            continue
        if r.particle and r.particle not in particles:
            continue
        if r.passive and not _is_passive(verb):
            continue
        if r.active and _is_passive(verb):
            continue
        if r.with_child and not (r.with_child & child_marks):
            continue
        return r
    return None


def _governors(noun: Token) -> set[str]:
    """The lemma of the word governing ``noun`` and, through a preposition, the
    preposition and its head: "returned fire", "came under fire" -> {"come", "under"}."""
    head = noun.head
    if head.i == noun.i:
        return set()
    out = {_lemma(head), head.lower_}
    if noun.dep_ == "pobj" and head.head.i != head.i:
        out.add(_lemma(head.head))
    return out


def _with_conjuncts(toks: list[Token]) -> list[Token]:
    return toks + [cj for t in toks for cj in t.conjuncts if cj.i > t.i]


def _subject_words(verb: Token, label: Labeller) -> set[str]:
    """What a verb's subject conditions look at: the lemma and form of each subject head and
    of its compounds ("The Ford Motor *Company*"; not deeper: "the son of the party leader"
    is a person), "@organisation" for a named organisation, "@place" for a named place."""
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    if not subjects and (subj := subject_token(verb)) is not None:
        subjects = [subj]
    out: set[str] = set()
    for s in _with_conjuncts(subjects):
        for t in [s] + [c for c in s.children if c.dep_ == "compound"]:
            out |= {_lemma(t), t.lower_}
        if label(s) == "ORG":
            out.add("@organisation")
        elif label(s) in PLACE_LABELS:
            out.add("@place")
    return out


def match_noun(noun: Token, onto: Ontology, *, label: Labeller = _model_label) -> TriggerRule | None:
    """The first trigger rule whose conditions the noun meets (``label`` as for
    :func:`match_verb`)."""
    rules = onto.noun_rules.get(_lemma(noun)) or onto.noun_rules.get(noun.lower_)
    if not rules:
        return None
    mods = {_lemma(c) for c in noun.children if c.dep_ in ("amod", "compound", "nmod")}
    mods |= {c.lower_ for c in noun.children if c.dep_ in ("amod", "compound", "nmod")}
    if noun.dep_ == "compound":
        mods |= {_lemma(noun.head)}
    objs: set[str] = set()
    for c in noun.children:
        if c.dep_ == "prep" and c.lower_ == OF:
            for p in c.children:
                objs |= _words_below(p, depth=2)
    context: set[str] = set()
    for c in noun.children:
        if c.dep_ == "prep" and c.lower_ != OF:
            context |= {_lemma(p) for p in c.children if p.dep_ == "pobj"}
            if c.lower_ in AIM_PREPS and any(p.dep_ == "pobj" and label(p) in PLACE_LABELS
                                             for p in c.children):
                context.add("@place")  # "an assault on Montreal" (not "an assault on a woman")
    governors = _governors(noun)
    for r in rules:
        if r.context and not (r.context & context):
            continue
        if r.not_governors & governors:
            continue
        if r.modifiers and not (r.modifiers & mods):
            continue
        if r.not_modifiers & mods:
            continue
        if r.objects and not (r.objects & objs):
            continue
        if r.not_objects & objs:
            continue
        return r
    return None


# -- factuality ------------------------------------------------------------------------------


def _has_modal(verb: Token) -> bool:
    return any(
        (c.tag_ == "MD" or c.dep_ == "aux") and c.lower_ in cues.IRREALIS_MODALS
        for c in verb.children
    )


def _has_to(verb: Token) -> bool:
    return any(c.dep_ == "aux" and c.tag_ == "TO" for c in verb.children)


IRREALIS_MODIFIERS = lang.words("event_lexicon", "irrealis_modifiers")


def is_irrealis(tok: Token, onto: Ontology) -> bool:
    """Is the happening at ``tok`` hypothetical, intended, conditional or merely feared?"""
    if tok.pos_ in ("NOUN", "PROPN") and any(
            c.dep_ == "amod" and c.lower_ in IRREALIS_MODIFIERS for c in tok.children):
        return True  # "a future alliance", "the planned summit"
    verb = tok.head.head
    if tok.pos_ == "NOUN" and tok.dep_ == "pobj" and any(c.dep_ == "poss" for c in tok.children) \
            and verb.pos_ == "VERB" and _has_to(verb) and verb.dep_ in ("advcl", "xcomp") \
            and _lemma(verb) not in onto.irrealis_verbs and _lemma(verb.head) not in onto.irrealis_verbs:
        # "raised taxes to pay for his war": a possessed happening in a purpose clause is
        # presupposed ("hoped to secure statehood with Russia's aid" still only hopes for it).
        return False
    t = tok
    for _ in range(12):
        if t.pos_ in ("VERB", "AUX") and t.i != tok.i and _bare_participle(tok) and t.dep_ == "pcomp":
            return False  # "with ... relations only established in 1940": an absolute clause
        if t.pos_ in ("VERB", "AUX"):
            if _has_modal(t):
                return True
            if any(c.dep_ == "mark" and c.lower_ in CONDITION_MARKS for c in t.children):
                return True
            if t.dep_ in ("acl", "relcl") and t.head.pos_ in ("NOUN", "PROPN", "PRON"):
                # "the truce signed at Slobozia": a participle presupposes its noun's event;
                # "efforts to prevent", "refusal to impose": an infinitive does not.
                return _has_to(t) or _lemma(t.head) in onto.blocking_nouns
            if _has_to(t) or t.dep_ == "xcomp":
                if _lemma(t.head) in onto.implicative_verbs:
                    t = t.head
                    continue
                return True
            if t.dep_ == "ccomp" and _lemma(t.head) in onto.irrealis_verbs and not _bare_participle(t):
                return True
        else:
            if t.dep_ == "dobj" and _lemma(t.head) in onto.irrealis_verbs:
                return True  # "sought Russian aid", "demanded sanctions"
            if (t.dep_ == "pobj" and t.head.lower_ == FOR
                    and _lemma(t.head.head) in onto.irrealis_verbs):
                return True  # "asking for aid", "called for a ceasefire"
            if (t.dep_ == "pobj" and t.head.lower_ == OF
                    and _lemma(t.head.head) in onto.blocking_nouns):
                return True
        if (t.dep_ == "pcomp" and t.head.lower_ == OF
                and _lemma(t.head.head) in onto.blocking_nouns):
            return True  # "had dreams of ... threatening Vienna"
        if t.head.i == t.i:
            return False
        t = t.head
    return False


def _negated(tok: Token) -> bool:
    """"did not sign", "never visited", "no agreement", "neither adhering ... nor joining"."""
    for c in tok.children:
        if c.dep_ == "neg" or (c.dep_ == "advmod" and c.lower_ in cues.NEGATION_ADVERBS):
            return True
        if (c.dep_ == "det" and c.lower_ in cues.NEGATING_DETERMINERS) or (
                c.dep_ == "preconj" and c.lower_ in cues.NEGATING_PRECONJUNCTIONS):
            return True
    if tok.dep_ == "conj" and any(c.lower_ in cues.NEGATING_CONJUNCTIONS for c in tok.head.children):
        return True
    # "no agreement was signed", "signed no agreement", "no one was hurt"
    return tok.pos_ in ("VERB", "AUX") and any(
        c.dep_ in ("nsubj", "nsubjpass", "dobj") and any(
            d.dep_ == "det" and d.lower_ in cues.NEGATING_DETERMINERS for d in c.children)
        for c in tok.children)


FUTURE_AUXILIARIES = lang.words("event_lexicon", "future_auxiliaries")
REPORTED_FUTURE_AUXILIARIES = lang.words("event_lexicon", "reported_future_auxiliaries")
GOING_TO = lang.words("event_lexicon", "future_going_to")
ASSERTED, NEGATED, HYPOTHETICAL, FUTURE, REPORTED = (
    "asserted", "negated", "hypothetical", "future", "reported")


def _is_future(tok: Token) -> bool:
    """"will rule", "is going to resign" (the verb itself or the verb governing a noun),
    "said it would buy" (the future seen from a report)."""
    if any(c.dep_ == "aux" and c.lower_ in FUTURE_AUXILIARIES for c in tok.children):
        return True
    if tok.dep_ == "ccomp" and _lemma(tok.head) in cues.REPORTING_VERBS and any(
            c.dep_ == "aux" and c.lower_ in REPORTED_FUTURE_AUXILIARIES for c in tok.children):
        return True
    head = tok.head
    return (tok.dep_ == "xcomp" and _has_to(tok) and _lemma(head) in GOING_TO
            and head.tag_ == "VBG")


ARGUMENT_PREPS = lang.words("events", "argument_preps")


def _denied_with(noun: Token) -> bool:
    """Does a negated verb deny the happening its noun names? Its object, yes ("did not
    sign the treaty"); its subject or a circumstance, no ("the attack did not kill anyone",
    "no one was hurt in the blast")."""
    if noun.dep_ in ("nsubj", "nsubjpass"):
        return False
    return not (noun.dep_ == "pobj" and noun.head.lower_ not in ARGUMENT_PREPS)


def modality(tok: Token, onto: Ontology, *, gov: Token | None = None, attributed: bool = False) -> str:
    """How the text presents the happening at ``tok``: asserted, negated, hypothetical,
    future, or reported (asserted by a source the claim names). A verb's negation denies
    what it governs only where :func:`_denied_with` says so."""
    if _negated(tok) or (gov is not None and _negated(gov) and _denied_with(tok)):
        return NEGATED
    if _is_future(tok) or (gov is not None and _is_future(gov)):
        return FUTURE
    if is_irrealis(tok, onto):
        return HYPOTHETICAL
    return REPORTED if attributed else ASSERTED


def _finite_or_participle(verb: Token) -> bool:
    """Present-tense generalities ("Serbia and Russia recognize ...") report no happening."""
    if verb.tag_ in ("VBZ", "VBP"):
        return any(c.dep_ in ("aux", "auxpass") for c in verb.children)
    if verb.tag_ == "VB":
        # A bare infinitive with no auxiliary is a misparsed purpose clause or an imperative.
        return any(c.dep_ in ("aux", "auxpass") for c in verb.children)
    return True
