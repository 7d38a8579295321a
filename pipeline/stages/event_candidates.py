"""Event candidates: trigger tokens of one clause, the document context they are read in,
and the merging of triggers that name one happening.

Names with a leading underscore are internals of the events stage, shared by its modules
(``event_participants``, ``event_time``, ``events``).
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from pipeline import lang
from pipeline.records import Sentence, SourceDoc, Timex
from pipeline.stages import syntax
from pipeline.stages.event_ontology import Ontology, TriggerRule
from pipeline.stages.event_lexicon import (
    PRESUPPOSING_HEADS,
    SUPPORT_VERBS,
    befalls_person,
    headline_base,
    in_idiom,
    is_event_noun,
    is_eventive_verb,
    is_label,
    names_its_bearers,
)
from pipeline.stages.event_triggers import _lemma, match_noun, match_verb

if TYPE_CHECKING:  # spaCy loads with the model; working out cache keys must not import it
    from spacy.tokens import Doc, Span, Token


# How a noun is a participant of a verb's event ("condemned the invasion", "withdrew from
# the conflict"): a dependency, or a preposition (``gov_rel`` holds either).
ARGUMENT_RELATIONS = frozenset({"dobj", "nsubjpass", "attr", "oprd", "dative"}) | lang.words(
    "events", "argument_preps")
TIME_TYPES = frozenset({"DATE", "TIME"})
OTHER = "OTHER"  # a happening the ontology has no type for: kept, typed by its lemma
STATEMENT = "STATEMENT"  # said, announced: the attribution of a claim when it introduces speech
# (type of the happening, type of what caused it) -> the type it really is.
CAUSED = {("ASSAULT", "DISASTER"): "DEATH", ("FIGHT", "DISASTER"): "DISASTER"}
KILLINGS = {"ASSAULT": "DEATH"}  # a killing by a natural force is a death
NATURAL_CAUSES = lang.words("event_lexicon", "natural_causes")
# Names of these kinds are no happening whatever their first word ("Battle Creek").
NOT_HAPPENING_LABELS = frozenset({"GPE", "LOC", "FAC", "ORG", "NORP", "PRODUCT", "WORK_OF_ART", "LAW"})
RESULT_VERBS = lang.words("event_lexicon", "result_verbs")
SUPPORT_FRAMES = lang.words("event_lexicon", "support_frames")
CLASSIFIER_HEADS = lang.words("event_lexicon", "classifier_heads")
SETTING_PREPS = lang.words("events", "setting_preps")  # "its defeat at the Battle of X"
ADJECTIVE_VERBS = dict(pair.split(">") for pair in lang.ordered("event_lexicon", "adjective_verbs"))


@dataclass
class _Candidate:
    tok: Token
    rule: TriggerRule
    is_verb: bool
    np_head: Token  # the noun phrase head (the head of a compound trigger)
    gov: Token | None = None  # verb governing a noun trigger
    gov_rel: str = ""  # dep (or preposition) linking the noun to ``gov``
    own_timexes: list[Timex] = field(default_factory=list)
    targets: list[Timex] = field(default_factory=list)  # "called a strike for Wednesday"
    members: list[Token] = field(default_factory=list)
    light: Token | None = None
    merged_into: _Candidate | None = None
    keep: bool = True
    keep_if_dated: bool = False
    gov_dated: bool = False  # its verb carries a date: "hit with sanctions throughout the 1990s"
    idiom_object: Token | None = None  # the object its type needs, part of its trigger: "fire"

    @property
    def typed(self) -> bool:
        return self.rule.event_type != OTHER


@dataclass
class _DocContext:
    doc: Doc
    src: SourceDoc
    sents: Sequence[Sentence]
    onto: Ontology
    index: syntax.MentionIndex
    timexes: list[Timex]
    tok_timex: dict[int, Timex]
    anchors: list[tuple[int, str, Timex]]  # (clean_start, section, timex)
    anchor_ids: set[int] = field(default_factory=set)  # id() of dates that can set the time
    # Number entities, taken from doc.ents once: doc.ents (and span.ents, which goes through
    # it) rebuilds every entity on each access, which made long documents quadratic.
    numbers: list[Span] | None = None
    number_starts: list[int] = field(default_factory=list)
    timex_starts: list[int] | None = None  # clean_start of each of ``timexes`` (sorted)
    reporters: set[int] = field(default_factory=set)  # reporting verbs already a mention
    # id() of a date inside a relative clause describing a person or thing ("Williams, who starred in
    # musicals of the 1940s, has died") -> that clause's token range: it dates only what
    # happens in that clause.
    scopes: dict[int, tuple[int, int]] = field(default_factory=dict)
    # In news, the dateline's date: when an undated statement was made ("..., Epstein
    # said" after a paragraph recalling 2008 is the report's, not 2008's).
    news_date: Timex | None = None
    dateline_ids: set[int] = field(default_factory=set)  # id() of dates in a leading dateline
    # In news, the document date's year: a date of an earlier year is background, and a
    # new paragraph returns to the report's own time.
    news_year: str = ""

    def label(self, tok: Token) -> str:
        """The entity label of ``tok``: its mention's (which the labels and places stages
        correct: "Kertch" the model called an organisation is a city), else the model's."""
        m = self.index.at(tok)
        return m.label if m is not None else tok.ent_type_


def _timexes_within(ctx: _DocContext, start: int, end: int) -> list[Timex]:
    """The usable dates lying inside ``[start, end)``, in order, found by bisection: every
    clause scanning every date of the document made long documents quadratic."""
    if ctx.timex_starts is None:
        ctx.timex_starts = [t.clean_start for t in ctx.timexes]
    lo = bisect.bisect_left(ctx.timex_starts, start)
    hi = bisect.bisect_right(ctx.timex_starts, end)
    return [t for t in ctx.timexes[lo:hi] if t.clean_end <= end and _usable(t)]


def _governor(noun: Token) -> tuple[Token | None, str]:
    """The verb a noun phrase is an argument of, and how: ("held", "dobj"), ("descended", "into")."""
    t = noun
    if t.dep_ == "compound":
        t = t.head
    while t.dep_ == "conj" and t.head.i != t.i and t.head.pos_ in ("NOUN", "PROPN"):
        t = t.head
    if t.dep_ in ("dobj", "nsubj", "nsubjpass", "attr", "oprd", "dative") and t.head.pos_ in ("VERB", "AUX"):
        return t.head, t.dep_
    if t.dep_ == "pobj" and t.head.dep_ in ("prep", "agent") and t.head.head.pos_ in ("VERB", "AUX"):
        return t.head.head, t.head.lower_
    return None, ""



def _supports(v: _Candidate) -> bool:
    """Is the verb a support verb (``support_verbs``), alone or with its particle ("break
    out")?"""
    if v.rule.lemma in SUPPORT_VERBS:
        return True
    prt = next((ch.lower_ for ch in v.tok.children if ch.dep_ == "prt"), "")
    return bool(prt) and f"{v.rule.lemma} {prt}" in SUPPORT_VERBS

def _timex_root(doc: Doc, tx: Timex) -> Token | None:
    span = doc.char_span(tx.clean_start, tx.clean_end, alignment_mode="expand")
    if span is None or not len(span):
        return None
    return span.root


def _usable(tx: Timex) -> bool:
    return tx.type in TIME_TYPES and bool(tx.earliest) and bool(tx.latest)


def _attached_to(root: Token, stops: set[int], clause_heads: set[int]) -> int | None:
    """The first trigger or clause head above a date: the happening it dates."""
    t = root
    for _ in range(12):
        if t.i in stops or t.i in clause_heads:
            return t.i
        if t.head.i == t.i:
            return t.i
        t = t.head
    return None


def _candidates(clause: syntax.Clause, ctx: _DocContext) -> list[_Candidate]:
    """Every happening in the clause: typed by the ontology where a rule matches, else
    ``OTHER`` when the lexicon calls the verb or noun eventive."""
    doc = ctx.doc
    found: list[_Candidate] = []
    for i in clause.tokens:
        t = doc[i]
        if is_label(t) or in_idiom(t):
            continue
        if t.pos_ == "VERB" and names_its_bearers(t):
            continue  # "treated the wounded": the people, not their wounding
        if t.pos_ == "VERB" and (t.dep_ != "amod" or befalls_person(t)):
            rule = match_verb(t, ctx.onto, label=ctx.label)
            if rule is None and is_eventive_verb(t):
                rule = _other(t)
            if rule is not None:
                found.append(_Candidate(t, rule, True, t, members=[t]))
        elif (base := headline_base(t, verbs=ctx.onto.verb_rules)) and i not in ctx.tok_timex:
            # "Esther Williams Dies At 91": a title-case headline word tagged as a name.
            is_verb = base in ctx.onto.verb_rules
            rules = (ctx.onto.verb_rules if is_verb else ctx.onto.noun_rules).get(base, ())
            rule = next((r for r in rules if not r.conditional), None) or TriggerRule(OTHER, base)
            gov, rel = (None, "") if is_verb else _governor(t)
            # "Hurricane Odile" (tagged a person): the kind word heads no phrase, the name does
            np_head = t.head if not is_verb and t in _name_words(t.head, ctx.label) else t
            found.append(_Candidate(t, rule, is_verb, np_head, gov, rel, members=[t]))
        elif t.pos_ in ("NOUN", "PROPN", "ADJ") and i not in ctx.tok_timex:
            rule = match_noun(t, ctx.onto, label=ctx.label) if t.pos_ != "ADJ" else None
            members = [t]
            if rule is None and is_event_noun(t):
                rule = _adjective_type(t, ctx.onto) if t.pos_ == "ADJ" else None
                rule = rule or _other(t)
            if rule is not None:
                np_head = t.head if t.dep_ == "compound" and t.head.pos_ in ("NOUN", "PROPN") else t
                gov, rel = _governor(t)
                found.append(_Candidate(t, rule, False, np_head, gov, rel, members=members))
    rep = clause.reporter
    if rep is not None and rep.i not in ctx.reporters and rep.i not in clause.tokens:
        # "..., TMZ reported": the verb reporting this clause lies outside it.
        rule = match_verb(rep, ctx.onto)
        if rule is not None and rule.event_type == STATEMENT:
            ctx.reporters.add(rep.i)
            found.append(_Candidate(rep, rule, True, rep, members=[rep]))
    return found


def _name_words(head: Token, label: Callable[[Token], str] = lambda t: t.ent_type_) -> list[Token]:
    """The capitalised words before the last word ``head`` of a named happening
    ("Hurricane", "World War" of "Hurricane Katrina", "World War II"), none for a place or
    an organisation ("Battle Creek", "the War Office"; ``label`` as for ``match_noun``)."""
    if head.pos_ != "PROPN" or label(head) in NOT_HAPPENING_LABELS:
        return []
    words: list[Token] = []
    for t in reversed(head.doc[max(head.left_edge.i, 0):head.i]):
        if t.pos_ != "PROPN" or t.dep_ != "compound" or not head.is_ancestor(t):
            break
        words.insert(0, t)
    return words


def framed_by(c: _Candidate) -> bool:
    """Is the noun ``c`` the happening of a support frame ("put on trial", "came under
    attack"), its verb adding no event of its own?"""
    return not c.is_verb and c.gov is not None and f"{_lemma(c.gov)} {c.gov_rel}" in SUPPORT_FRAMES


def _natural_killer(verb: Token) -> bool:
    """Is the subject of a killing (or, for "..., killing 12", of the clause it ends) a
    natural force or an accident rather than someone: "floods", "torrential rain"?"""
    # Every subject counts: the parser may split "A magnitude 6.0 earthquake" into two.
    subjects = [ch for ch in verb.children if ch.dep_ == "nsubj"]
    if not subjects and (verb.dep_ == "conj" or (verb.dep_ == "advcl" and verb.tag_ == "VBG")):
        # "..., killing 12"; "the river flooded Valencia and killed 81": the subject of
        # the clause it ends or shares.
        subjects = [ch for ch in verb.head.children if ch.dep_ == "nsubj"]
    if (stands_for := _relative_antecedent(verb)) is not None:
        subjects = [stands_for]  # "floods, which killed 12": "which" is the floods
    # A named storm is its kind: "Hurricane Delphine", "Typhoon Haiyan", "Cyclone Idai".
    return any(_lemma(t) in NATURAL_CAUSES for subj in subjects
               for t in [subj, *(ch for ch in subj.children if ch.dep_ == "compound")])


def _relative_antecedent(verb: Token) -> Token | None:
    """The noun a relative "which"/"that" subject of ``verb`` stands for: the head of its
    relative clause, or, where the parser hangs the clause on the main verb ("hit by a
    quake in 2005 that killed 11 people"), the nearest noun before the pronoun that is not
    a date or a number."""
    pronoun = next((ch for ch in verb.children
                    if ch.dep_ == "nsubj" and ch.tag_ in ("WDT", "WP")), None)
    if pronoun is None:
        return None
    if verb.dep_ == "relcl":
        return verb.head
    for t in reversed(verb.doc[max(pronoun.i - 4, 0):pronoun.i]):
        if t.pos_ in ("NOUN", "PROPN") and t.ent_type_ not in TIME_TYPES:
            return t
        if t.is_punct and t.text != ",":
            break
    return None


def _noun_phrase_type(noun: Token, by_tok: dict[int, _Candidate], onto: Ontology | None) -> str:
    """The event type of ``noun``, or of the nearest event noun whose phrase holds it
    through prepositions ("the collapse of a canopy at the station" from "station"); the
    noun may lie in another clause, so the ontology is asked when it is no candidate here."""
    tok = noun
    for _ in range(6):
        if tok.i in by_tok:
            return by_tok[tok.i].rule.event_type
        rule = match_noun(tok, onto) if onto is not None and tok.pos_ in ("NOUN", "PROPN") else None
        if rule is not None:
            return rule.event_type
        if tok.dep_ not in ("pobj", "prep") or tok.head.i == tok.i:
            return ""
        tok = tok.head
    return ""


def _adjective_type(adj: Token, onto: Ontology | None) -> TriggerRule | None:
    """"three dead", "two wounded soldiers": the type of the verb the adjective reports."""
    verb = ADJECTIVE_VERBS.get(adj.lower_)
    rules = onto.verb_rules.get(verb, ()) if onto is not None and verb else ()
    return next((r for r in rules if not r.conditional), None)


def _other(tok: Token) -> TriggerRule:
    return TriggerRule(OTHER, _lemma(tok))


def _named_setting(c: _Candidate) -> bool:
    """A named happening a same-typed one took place at: "its defeat at the Battle of
    Kosovo Polje", "defeated a squadron in the Battle of Lake Erie" tell the battle twice;
    it is no circumstance of its own."""
    head = c.np_head
    return (head.head.lower_ in SETTING_PREPS and head.is_title and head.i != head.sent.start
            and head.i > 0 and head.doc[head.i - 1].lower_ == "the")


def _resolve(cands: list[_Candidate], onto: Ontology | None = None) -> None:
    """Merge triggers naming one happening; mark nouns that are only a participant."""
    by_tok = {c.tok.i: c for c in cands}
    for name in cands:
        # "Hurricane Katrina", "World War I": the kind word types the named happening, which
        # is one mention (the name's last word merges into it).
        if name.is_verb or name.typed or name.tok.pos_ != "PROPN":
            continue
        words = _name_words(name.tok)
        kind = next((c for c in cands if not c.is_verb and c.typed and c.tok in words), None)
        if kind is not None:
            name.merged_into = kind
            kind.np_head = name.tok
    by_np = {c.np_head.i: c for c in cands if not c.is_verb and c.merged_into is None}
    for c in cands:
        if c.is_verb:
            continue
        of = c.np_head.head
        if c.np_head.dep_ == "pobj" and of.lower_ == "of" and of.head.i != of.i \
                and _lemma(of.head) in CLASSIFIER_HEADS:
            c.keep = False  # "prisoners of war", "the Minister of War": no happening
            continue
        if not c.typed:
            v = by_tok.get(c.gov.i) if c.gov is not None else None
            if v is not None and v.is_verb and v.typed and c.tok.dep_ == "dobj" \
                    and c.tok.head.i == v.tok.i and _lemma(c.tok) in v.rule.objects:
                c.merged_into = v  # "opened fire": the object its verb's type needs is no act
                v.idiom_object = c.tok
            continue
        outer = by_np.get(c.np_head.i)
        presupposed = c.tok.dep_ == "compound" and _lemma(c.np_head) in PRESUPPOSING_HEADS
        if c.tok.dep_ == "compound" and c.np_head.i != c.tok.i and c.np_head.i not in by_tok \
                and outer is c and not presupposed and c.tok not in _name_words(c.np_head):
            c.keep = False  # "post-Cold War weakness": the noun names a thing, not an event
            continue
        if c.tok.dep_ == "compound" and outer is not None and outer is not c:
            if outer.merged_into is c:
                pass
            elif outer.rule.event_type == c.rule.event_type:
                c.merged_into = outer  # "NATO's bombing campaign"
            elif not presupposed:
                c.keep = False  # "an assistance agreement" is an agreement
            continue  # "murder charges": the murder and the charges
        v = by_tok.get(c.gov.i) if c.gov is not None else None
        if v is not None and v.is_verb and v.typed and c.gov_rel in ARGUMENT_RELATIONS \
                and v.rule.event_type != STATEMENT:  # "announced the merger": both happened
            if v.rule.event_type == c.rule.event_type:
                c.merged_into = v  # "signed the Peace of Tilsit"
            # else "condemned the Russian invasion", "charged with murder": two happenings
    for c in cands:
        # "the canopy collapsed, killing 15 people": a killing an accident causes is a death.
        cause = by_tok.get(c.tok.head.i) if c.tok.dep_ in ("advcl", "conj") else None
        cause = cause or next((by_tok.get(ch.i) for ch in c.tok.children if ch.dep_ == "nsubj"
                               and ch.i in by_tok), None)
        cause_type = cause.rule.event_type if cause else ""
        if (cause is None or not cause.typed) and (stands_for := _relative_antecedent(c.tok)):
            # "the collapse of a canopy at the station, which killed 15 people"
            cause_type = _noun_phrase_type(stands_for, by_tok, onto) or cause_type
        retyped = CAUSED.get((c.rule.event_type, cause_type))
        if c.is_verb and c.rule.event_type in KILLINGS and _natural_killer(c.tok):
            retyped = KILLINGS[c.rule.event_type]  # "floods kill 12", "rain ..., killing 12"
        if c.is_verb and retyped:
            c.rule = TriggerRule(retyped, c.rule.lemma)
    # Nested triggers of one type name one happening: "the visit ... and his conference
    # ... in 1897", "sent a petition ... asking for aid".
    for c in cands:
        v = by_tok.get(c.gov.i) if not c.is_verb and c.gov is not None else None
        if v is not None and not v.typed and (
                (c.gov_rel in ("dobj", "nsubj", "nsubjpass") and _supports(v))
                or framed_by(c)):
            # "carried out strikes", "took place", "were put on trial", "a fire broke
            # out": the noun is the happening.
            v.keep = False
        if not c.is_verb:
            for ch in c.np_head.children:
                held = by_tok.get(ch.i)
                if held is not None and held.is_verb and not held.typed and ch.dep_ == "acl" \
                        and held.rule.lemma in SUPPORT_VERBS:
                    held.keep = False  # "a rally held in Belgrade": the rally is the happening
    live = [c for c in cands if c.merged_into is None and c.keep and c.typed]
    for c in live:
        for d in live:
            if d is c or d.merged_into is not None or c.merged_into is not None:
                continue
            if d.is_verb and d.tok.dep_ == "conj":
                continue  # "took in refugees, provided humanitarian aid": two acts
            if d.is_verb and d.tok.dep_ == "advcl" and d.tok.tag_ == "VBG" \
                    and d.rule.lemma in RESULT_VERBS:
                continue  # "opened fire at the party, killing one": the act and its result
            if not d.is_verb and d.np_head.dep_ == "pobj" and not _named_setting(d) and (
                    d.np_head.head.lower_ not in ARGUMENT_RELATIONS
                    or d.np_head.head.head.i not in (c.tok.i, c.np_head.i)):
                # "killed in a shooting", "convicted prior to his arrest": a circumstance
                # is a happening of its own
                continue
            if d.rule.event_type == c.rule.event_type and c.np_head.is_ancestor(d.np_head):
                d.merged_into = c
    for c in cands:
        root = c
        for _ in range(len(cands)):
            if root.merged_into is None:
                break
            root = root.merged_into
        if root is not c:
            root.members.append(c.tok)
            if c.np_head.i != c.tok.i:
                root.members.append(c.np_head)
