"""Event participants: the actors, places and numbers of a happening.

Actors are named parties (or common nouns made parties by a nationality: "the Serbian
rebels") with a role (agent, patient, participant); places come from locative phrases;
numbers are the quantities the clause mentions.
"""

from __future__ import annotations

import bisect
from typing import TYPE_CHECKING

from pipeline import lang
from pipeline.records import Actor
from pipeline.stages import syntax
from pipeline.stages.claims import dateline_end_at
from pipeline.stages.event_candidates import _Candidate, _DocContext, _name_words, framed_by
from pipeline.stages.entities import after_stance_prefix
from pipeline.stages.event_lexicon import SUPPORT_VERBS, is_event_noun, is_person_noun
from pipeline.stages.event_triggers import (
    AIM_PREPS,
    ROLE_NOUNS,
    _is_passive,
    _lemma,
    _names_a_party,
    match_noun,
)
from pipeline.stages.syntax import AGAINST, BY, OF, TO, WITH

if TYPE_CHECKING:  # spaCy loads with the model; working out cache keys must not import it
    from spacy.tokens import Span, Token


ACTOR_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP"})
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
DISASTER = "DISASTER"  # the type whose reach is a place ("the quake struck Japan")
AIMED_TYPES = frozenset({"FIGHT"})  # whose target, when a named place, is where it was fought
POLITY_FEATURES = frozenset({"country", "historical_state"})  # gazetteer features of states
MOTION_VERBS = lang.words("events", "motion_verbs")  # "came to Višegrad": a place, no party
PLACE_TAKING_VERBS = lang.words("events", "place_taking_verbs")  # "recaptured Adrianople"
PLACE_FALLING_VERBS = lang.words("events", "place_falling_verbs")  # "Adrianople fell to"
NOT_FALLEN_PREPS = frozenset({"upon", "under", "into", "behind", "apart", "back", "out"})
DESTINATION_PREPS = frozenset({"to", "into", "towards", "toward"})
PATH_VERBS = lang.words("events", "path_verbs")  # "crossed the border": where, no party
NUMBER_LABELS = frozenset({"MONEY", "CARDINAL", "QUANTITY", "PERCENT"})
PLACE_PREPS = lang.words("events", "place_preps")
PARTY_PREPS = lang.words("events", "party_preps")
RELATION_PREPS = lang.words("events", "relation_preps")
SUBJECT_RELATIVE_PRONOUNS = lang.words("syntax", "subject_relative_pronouns")
REACTION_VERBS = lang.words("events", "reaction_verbs")  # ", which alarmed Britain"
UNCOUNTED_NUMBERS = lang.words("events", "uncounted_numbers")
OBJECT_PRONOUNS = lang.table("syntax", "object_pronouns")  # "him" -> singular
AGREEMENT_HEADS = lang.words("labels", "agreement_heads")  # "Treaty" of Ghent, "Act" of Union
PLACE_NOUNS = lang.words("events", "place_nouns")  # "the town of Goma" is Goma


def _phrase_tokens(tok: Token) -> list[Token]:
    return [tok] + [c for c in tok.conjuncts if c.i > tok.i]


def _actor(tok: Token, role: str, ctx: _DocContext) -> Actor | None:
    if tok.i in ctx.tok_timex or tok.like_num or _in_dateline(tok):
        return None
    m = ctx.index.at(tok)
    if m is not None and m.label in ACTOR_LABELS:
        return Actor(m.text, role, m.mention_id)  # also the "I" of "Tsar Nicholas I"
    if m is not None or tok.pos_ == "PRON" or _names_agreement(tok):
        return None
    # "the 1940s Hollywood actress, Esther Williams, died": the name beside the noun.
    for c in tok.children:
        if c.dep_ == "appos":
            mm = ctx.index.at(c)
            if mm is not None and mm.label in ACTOR_LABELS:
                return Actor(mm.text, role, mm.mention_id)
    if is_person_noun(tok) or _lemma(tok) in ROLE_NOUNS:
        # "the former mayor of Villeurbanne, Gérard Mottin,": the parser hangs the person's
        # name on the place; a place has no person in apposition, the mayor has.
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ == OF:
                for pobj in c.children:
                    for a in pobj.children:
                        mm = ctx.index.at(a) if a.dep_ == "appos" else None
                        if mm is not None and mm.label == "PERSON" and _names_place(pobj, ctx):
                            return Actor(mm.text, role, mm.mention_id)
    # "the Serbian rebels": a common noun made an actor by its nationality.
    for c in tok.children:
        if c.dep_ in ("amod", "compound"):
            mm = ctx.index.at(c)
            if mm is not None and mm.label in ("NORP", "GPE", "ORG"):
                return Actor(_head_text(tok), role, mm.mention_id)
    if tok.pos_ == "PROPN" and tok.ent_type_ not in ("DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY",
                                                     "LAW"):
        return Actor(_head_text(tok), role, "")
    # "the new government of Yugoslavia", "the President of Russia" (not "the port of Genoa")
    for c in tok.children if _lemma(tok) not in PLACE_NOUNS else ():
        if c.dep_ == "prep" and c.lower_ == OF:
            pobj = next((p for p in c.children if p.dep_ == "pobj"), None)
            mm = ctx.index.at(pobj)
            if mm is not None and mm.label in ("GPE", "ORG", "NORP"):
                return Actor(f"{_head_text(tok)} of {mm.text}", role, mm.mention_id)
    return None


def _aimed_at_place(cand: _Candidate, prep: str, pobj: Token, ctx: _DocContext) -> Token | None:
    """The place a fighting noun (or the support verb that lays it) is aimed at: "the siege
    of Quebec", "laid siege to the town of Goma", "a raid against Kertch"; else None."""
    if cand.is_verb or cand.rule.event_type not in AIMED_TYPES or not (
            prep in AIM_PREPS or prep in (OF, TO)):
        return None
    place = pobj if _names_place(pobj, ctx) else _settlement_of(pobj, ctx)
    # "the war against Russia", "the invasion of Poland": a state is the party fought.
    m = ctx.index.at(place)
    return place if place is not None and (m is None or m.place is None or
                                           m.place.feature not in POLITY_FEATURES) else None


def _settlement_of(tok: Token, ctx: _DocContext) -> Token | None:
    """The named place of "the town of Goma", "the port of Genoa" (``place_nouns``)."""
    return _named_place_in(tok, ctx) if _lemma(tok) in PLACE_NOUNS else None


def _names_agreement(tok: Token) -> bool:
    """"The Act of Union 1840 merged ...", "the Treaty of Paris ... ignored them": a law or
    a treaty the model did not name is the instrument of a happening, no party to it (as
    the LAW names the labels stage finds are not)."""
    return tok.text in AGREEMENT_HEADS and any(c.dep_ == "prep" and c.lower_ == OF for c in tok.children)


def _names_place(tok: Token, ctx: _DocContext) -> bool:
    m = ctx.index.at(tok)
    return m is not None and m.label in PLACE_LABELS


def _leads_to(verb: Token, prep: Token, pobj: Token, ctx: _DocContext) -> bool:
    """Does ``verb`` go, bring or send somewhere, and ``prep pobj`` name where ("came to
    Višegrad", "sent aid to Serbia")?"""
    return prep.lower_ in DESTINATION_PREPS and _lemma(verb) in MOTION_VERBS and _names_place(pobj, ctx)


def _named_place_in(tok: Token, ctx: _DocContext) -> Token | None:
    """``tok`` when it names a place, or the place of "the province of Elazig", else None."""
    if _names_place(tok, ctx):
        return tok
    for p in tok.children:
        if p.dep_ == "prep" and p.lower_ == OF:
            pobj = next((x for x in p.children if x.dep_ == "pobj"), None)
            if pobj is not None and _names_place(pobj, ctx):
                return pobj
    return None


def _antecedent_object(verb: Token, obj: Token) -> Token | None:
    """"convicted the former mayor, Gérard Mottin, ... and sentenced *him*": a pronoun
    object of a verb joined to another stands for that verb's object, when they agree in
    number (the parallel reading; other pronouns are left unresolved)."""
    if obj.pos_ != "PRON" or verb.dep_ != "conj" or obj.lower_ not in OBJECT_PRONOUNS:
        return None
    first = next((c for c in verb.head.children if c.dep_ == "dobj"), None)
    if first is None or first.pos_ == "PRON":
        return None
    plural = first.tag_ in ("NNS", "NNPS") or any(c.dep_ == "conj" for c in first.children)
    return first if plural == (OBJECT_PRONOUNS[obj.lower_] == "plural") else None


def _event_as_subject(verb: Token, subj: Token, ctx: _DocContext) -> bool:
    """"... destroyed a squadron at Sinope, which alarmed Britain": the "which" is the
    destruction, not the place it names last (``reaction_verbs``)."""
    return verb.dep_ == "relcl" and _lemma(verb) in REACTION_VERBS and _names_place(subj, ctx)


def _in_dateline(tok: Token) -> bool:
    start = tok.sent.start_char
    # A dateline is short and opens with a place in capitals ("REDMOND, Washington (AP) —").
    if tok.idx - start > 80 or not tok.sent[0].is_upper:
        return False
    # "BELGRADE, Dec 22 (Wire) - Students blocked ...": the dateline places the story, it
    # acts in nothing.
    if tok.idx < dateline_end_at(tok.doc.text, start):
        return True
    # "LONDON - Britain's regulator ...": a place in capitals alone before a spaced hyphen.
    sent = tok.sent
    k = 0
    while k < len(sent) and sent[k].is_upper:
        k += 1
    return 0 < k < len(sent) - 1 and tok.i < sent[k].i and sent[k].text == "-" \
        and bool(sent[k - 1].whitespace_) and bool(sent[k].whitespace_)


def _head_text(tok: Token) -> str:
    """A noun with its left modifiers only: "Russian instructors", not its conjuncts."""
    toks = [tok]
    for c in tok.lefts:
        if c.dep_ in ("amod", "compound", "nmod", "nummod", "poss", "case"):
            toks.extend(c.subtree)
    toks += [c for c in tok.rights if c.dep_ in ("case", "compound")]
    return syntax.tokens_text(toks)


def _place(tok: Token, ctx: _DocContext, trigger_ids: set[int]) -> str:
    if tok.i in ctx.tok_timex or tok.i in trigger_ids or tok.like_num:
        return ""
    m = ctx.index.at(tok)
    if m is not None and not any(ctx.index.at(ctx.doc[i]) is m for i in trigger_ids):
        return m.text if m.label in PLACE_LABELS else ""
    if tok.pos_ == "PROPN" and tok.ent_type_ in ("", "GPE", "LOC", "FAC", "ORG", "EVENT"):
        return syntax.tokens_text(syntax.np_tokens(tok, with_of=False))
    return ""


def _participants(cand: _Candidate, ctx: _DocContext, trigger_ids: set[int]) -> tuple[list[Actor], list[str]]:
    actors: list[Actor] = []
    places: list[str] = []

    def add(tok: Token | None, role: str) -> None:
        if tok is None:
            return
        for t in _phrase_tokens(tok):
            if t.i in trigger_ids:
                continue
            a = _actor(t, role, ctx)
            if a is not None and all(x.text != a.text for x in actors):
                actors.append(a)

    def add_place(tok: Token) -> None:
        for t in _phrase_tokens(tok):
            p = _place(t, ctx, trigger_ids)
            if p and p not in places and all(a.text != p for a in actors):
                places.append(p)

    def nested_places(tok: Token, *, named: bool = False) -> None:
        """Places in the phrase of ``tok``; with ``named``, only places the text names
        ("a court in Oslo", not "his belief in God")."""
        for sub in tok.children:
            if sub.dep_ == "prep" and sub.lower_ in PLACE_PREPS:
                for p in sub.children:
                    if p.dep_ == "pobj" and (not named or _names_place(p, ctx)):
                        add_place(p)

    def preps(head: Token) -> None:
        for c in head.children:
            # "sent aid to Serbia": the parser makes a recipient's "to" a dative
            if c.dep_ not in ("prep", "agent") and not (c.dep_ == "dative" and c.lower_ == TO):
                continue
            if (c.dep_ == "agent" or c.lower_ == BY) and (moved := _misplaced_agent(head)) is not None \
                    and moved[1].head.i == c.i:
                continue  # the "by" of the verb's event object, not of the verb
            pobj = next((p for p in c.children if p.dep_ == "pobj"), None)
            if pobj is None:
                continue
            word = c.lower_
            if (aim := _aimed_at_place(cand, word, pobj, ctx)) is not None:
                add_place(aim)  # "laid siege to Quebec", "an attack on Kharkiv": where, and
                add(aim, "patient")  # what it was done to (as "besieged Quebec"), no party
            elif c.dep_ == "agent" or word == BY:
                add(pobj, "agent")
            elif word == AGAINST:
                add(pobj, "patient")
            elif word in PARTY_PREPS:
                # "between Revolutionary Serbia under Karađorđe and the Russian Empire": every
                # named party in the phrase, however the parser attached the coordination.
                parties = [t for t in pobj.subtree if t.dep_ in ("pobj", "conj", "appos")]
                if not any(t.dep_ == "conj" for t in parties):
                    # "between X under Y and Z": the parser hangs "and Z" on a later phrase.
                    later = [x for x in head.children if x.dep_ == "prep" and x.i > c.i]
                    parties += [t for x in later[:1] for t in x.subtree if t.dep_ == "conj"]
                for t in parties:
                    if t.i not in trigger_ids:
                        a = _actor(t, "participant", ctx)
                        if a is not None and all(x.text != a.text for x in actors):
                            actors.append(a)
            elif word == WITH:
                add(pobj, "participant")
                nested_places(pobj)  # "met with the president in Belgrade"
            elif word == TO and cand.rule.event_type == "CONSULT":
                add_place(pobj)
            elif _leads_to(head, c, pobj, ctx):
                add_place(pobj)  # "came to Višegrad", "was taken to Sarajevo"
            elif word == TO and _lemma(head) in PLACE_FALLING_VERBS:
                add(pobj, "agent")  # "fell to Bulgarian and Serbian troops"
            elif word in DESTINATION_PREPS and _lemma(head) in MOTION_VERBS and not _someone(pobj):
                pass  # "marched to the statue of General Bem": where they went, no party
            elif word == TO:
                add(pobj, "participant")
            elif word in PLACE_PREPS:
                add_place(pobj)
                nested_places(pobj)  # "in support of Russia in Belgrade"
            elif word == OF and not cand.is_verb and head.i == cand.np_head.i:
                if cand.tok.pos_ == "PROPN":
                    add_place(pobj)
                else:
                    add(pobj, "patient")

    tok = cand.tok
    if cand.is_verb:
        passive = _is_passive(tok)
        subjects = [c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")
                    and c.lower_ not in SUBJECT_RELATIVE_PRONOUNS]
        if not subjects:
            subj = syntax.subject_token(tok)
            subjects = [subj] if subj is not None and not _event_as_subject(tok, subj, ctx) \
                else []
        lemma = _lemma(tok)
        takes = lemma in PLACE_TAKING_VERBS
        # "fell to the Bulgarians", not "fell under communist rule", "will fall upon Austria"
        falls = lemma in PLACE_FALLING_VERBS and not any(
            c.dep_ in ("prep", "prt") and c.lower_ in NOT_FALLEN_PREPS for c in tok.children)
        for subj in subjects:
            if falls and _names_place(subj, ctx):
                add_place(subj)  # "Adrianople fell to the Bulgarians": where, and what
                add(subj, "patient")
                continue
            if (place_of := _settlement_of(subj, ctx)) is not None:
                add_place(place_of)  # "the city of Varnholt rebelled": where, and who acted
                add(place_of, "patient" if passive else "agent")
                continue
            add(subj, "patient" if passive else "agent")
            if subj.pos_ in ("NOUN", "PROPN"):
                # "a court in Oslo sentenced", "police in Lyon said" (not "his belief in God")
                nested_places(subj, named=True)
            for p in subj.children:  # "relations between Yugoslavia and the USSR"
                if p.dep_ == "prep" and p.lower_ in RELATION_PREPS:
                    for pobj in p.children:
                        if pobj.dep_ == "pobj":
                            add(pobj, "participant")
        # "the quake struck eastern Turkey", "floods hit the province of Elazig": the place
        # a disaster reaches is where it happened, no party to it ("the embargo crippled
        # Iraq", "the attacks prompted the United States" keep their patients)
        happening_subject = any(
            (r := match_noun(k, ctx.onto)) is not None and r.event_type == DISASTER
            for s in subjects
            for k in ([s] if s.pos_ == "NOUN" else _name_words(s, ctx.label)))
        for c in tok.children:
            if c.dep_ in ("dobj", "dative"):
                if happening_subject and (place_of := _named_place_in(c, ctx)) is not None:
                    add_place(place_of)
                elif c.dep_ == "dobj" and (takes or lemma in MOTION_VERBS) and _names_place(c, ctx):
                    # "recaptured Adrianople": where, and what was taken; "entered
                    # Thessaloniki": only where.
                    add_place(c)
                    if takes:
                        add(c, "patient")
                elif c.dep_ == "dobj" and (place_of := _settlement_of(c, ctx)) is not None:
                    add_place(place_of)  # "blocked the port of Genoa": where, no party
                elif c.dep_ == "dobj" and lemma in PATH_VERBS and not _someone(c):
                    pass  # "crossed the Austrian border": the ground, no party
                elif c.i not in trigger_ids:
                    add(_antecedent_object(tok, c) or c, "patient")
                for p in c.children:  # "summoned an assembly at Belgrade", "sent aid to Serbia"
                    if p.dep_ != "prep":
                        continue
                    for pobj in p.children:
                        if pobj.dep_ == "pobj" and (p.lower_ in PLACE_PREPS
                                                    or _leads_to(tok, p, pobj, ctx)):
                            add_place(pobj)
        preps(tok)
        for m in cand.members:
            if m.i != tok.i:
                preps(m)
    else:
        head = cand.np_head
        gov = cand.light
        if gov is not None:
            subj = syntax.subject_token(gov)
            if subj is not None and subj.i != head.i:
                # "150 people were put on trial", "the convoy came under attack": the
                # subject of a support frame undergoes the happening as often as it acts.
                add(subj, "participant" if framed_by(cand) else "agent")
        for c in head.children:
            if c.dep_ == "poss":
                add(c, "participant" if gov is not None else "agent")
            elif c.dep_ in ("compound", "amod", "nmod") and c.i not in trigger_ids:
                m = ctx.index.at(c)
                if m is not None and after_stance_prefix(ctx.src.text, m.clean_start):
                    continue  # "a Pro-Russia rally": how its people stand, not who acts
                if m is not None and m.label in ("ORG", "NORP", "PERSON"):
                    add(c, "agent")
                elif m is not None and m.label in PLACE_LABELS:
                    add_place(c)
        if head.dep_ == "dobj" and (agent := _misplaced_agent(head.head)) is not None \
                and agent[0].i == head.i:
            add(agent[1], "agent")  # "blocked the acquisition of Quorra by Helix"
        preps(head)
        for held in head.children:  # "a rally held in Belgrade": the support verb's phrases
            if held.dep_ == "acl" and held.pos_ == "VERB" and _lemma(held) in SUPPORT_VERBS:
                preps(held)
        for d in head.subtree:  # "a rally in support of Russia in Belgrade"
            if d.dep_ == "prep" and d.lower_ in PLACE_PREPS and d.head.i != head.i and d.head.pos_ != "VERB":
                for pobj in d.children:
                    if pobj.dep_ == "pobj":
                        add_place(pobj)
        if gov is not None:
            preps(gov)
        for m in cand.members:
            if m.i != head.i:
                preps(m)
    return actors, places


def _someone(tok: Token) -> bool:
    """A person, a people or a named party, who can take part ("fled to the Americans",
    "came to the president"), not a thing or a spot ("the statue", "the border")."""
    return tok.ent_type_ in ("PERSON", "ORG", "NORP") or tok.pos_ == "PRON" or is_person_noun(tok) \
        or _lemma(tok) in ROLE_NOUNS


def _misplaced_agent(verb: Token) -> tuple[Token, Token] | None:
    """(event object, "by" object) when the parser hangs the "by" of an active verb's event
    object on the verb ("blocked the acquisition of Quorra *by Helix*": Helix acquires, it
    does not block), else None. A passive verb's "by" is its own agent."""
    if verb.pos_ != "VERB" or _is_passive(verb):
        return None
    obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
    if obj is None or not is_event_noun(obj):
        return None
    agent = next((c for c in verb.children if c.i > obj.i and (
        c.dep_ == "agent" or (c.dep_ == "prep" and c.lower_ == BY))), None)
    pobj = next((p for p in agent.children if p.dep_ == "pobj"), None) if agent is not None else None
    # Only a named party: "ended the war by treaty" says how, not who.
    return (obj, pobj) if pobj is not None and _names_a_party(pobj) else None


def _numbers(span: Span, ctx: _DocContext) -> tuple[str, ...]:
    if ctx.numbers is None:
        ctx.numbers = [e for e in ctx.doc.ents if e.label_ in NUMBER_LABELS]
        ctx.number_starts = [e.start for e in ctx.numbers]
    out = []
    # The entities wholly inside the span, as span.ents gives them.
    for k in range(bisect.bisect_left(ctx.number_starts, span.start), len(ctx.numbers)):
        ent = ctx.numbers[k]
        if ent.start >= span.end:
            break
        if ent.end <= span.end and ent.text.lower() not in UNCOUNTED_NUMBERS\
                and not any(t.i in ctx.tok_timex for t in ent):
            out.append(ent.text)
    return tuple(out)
