"""Event mentions: the happenings a claim reports, with type, actors, place and time.

A trigger is a verb ("signed", "was assassinated") or a noun ("the NATO bombing of
Yugoslavia", "the Peace of Tilsit") whose lemma the ontology (``data/event_types.yaml``,
documented in ``docs/event_types.md``) lists for an event type. A noun counts as a happening
only when the text anchors it: it has a date of its own ("an uprising in 1804"), a verb that
stages it ("held a rally", "a meeting took place") or an actor ("Russia's invasion").
Happenings the text does not assert are dropped: negated ones, those under a modal or an
intention ("sought to establish", "would joyfully unite", "the threat of US sanctions"),
conditionals, and present-tense generalities. States and opinions have no trigger.

Time: a date attached to the trigger, else one in the same clause, else one in the same
sentence; failing those the narrative time of the section (the latest preceding absolute
date) with a lower ``confidence`` and the anchor recorded. An event introduced by "after" or
"before" a dated clause gets that date as a bound ("months after the NATO bombing").
"""

from __future__ import annotations

import bisect
import functools
import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from importlib import resources
from typing import TYPE_CHECKING

import yaml

from pipeline.ids import stable_id
from pipeline.records import Actor, Claim, EntityMention, EventMention, Sentence, SourceDoc, Timex
from pipeline.stages import cues, syntax

if TYPE_CHECKING:  # spaCy loads with the model; working out cache keys must not import it
    from spacy.tokens import Doc, Span, Token


def _ontology_text() -> str:
    return resources.files("pipeline").joinpath("data/event_types.yaml").read_text("utf-8")


# Editing the ontology changes the output, so its hash is part of the version (cache key).
VERSION = "2+onto" + hashlib.sha256(_ontology_text().encode("utf-8")).hexdigest()[:8]

ACTOR_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP"})
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
NUMBER_LABELS = frozenset({"MONEY", "CARDINAL", "QUANTITY", "PERCENT"})
PLACE_PREPS = frozenset({"in", "at", "near", "outside", "inside", "within", "around"})
# Prepositions through which a staging verb governs its event noun ("descended into war").
LIGHT_PREPS = frozenset({"into", "to", "at"})
RELATIVE_PREPS = {"after": "after", "following": "after", "before": "before", "since": "after",
                  "prior": "before", "until": "before", "preceding": "before"}
# Dates that set no narrative time: "an ally since 1799", "until 1999", "from 1806".
NON_ANCHOR_PREPS = frozenset({"since", "until", "till", "from", "before", "after", "by", "to",
                              "through", "throughout", "between", "following"})
# How a noun is a participant of a verb's event ("condemned the invasion", "withdrew from
# the conflict"); temporal prepositions ("after a war") are not such relations.
# "Killed in a coup in 1903": "in"/"at"/"during" give circumstances, which can be events.
ARGUMENT_RELATIONS = frozenset({"dobj", "nsubjpass", "attr", "oprd", "dative", "with", "to", "from",
                                "against", "for", "of", "into", "on", "by", "over"})
ANAPHORIC_DETS = frozenset({"this", "that", "these", "those", "such", "same"})
TIME_TYPES = frozenset({"DATE", "TIME"})

CONFIDENCE = {"trigger": 0.9, "clause": 0.85, "sentence": 0.7, "relative": 0.5,
              "context": 0.4, "context_far": 0.3, "none": 0.2}


# -- the ontology ----------------------------------------------------------------------------


@dataclass(frozen=True)
class TriggerRule:
    """One trigger lemma of one event type, with the conditions it needs."""

    event_type: str
    lemma: str
    objects: frozenset[str] = frozenset()
    not_objects: frozenset[str] = frozenset()
    particle: str = ""
    passive: bool = False
    active: bool = False
    with_child: frozenset[str] = frozenset()
    modifiers: frozenset[str] = frozenset()
    context: frozenset[str] = frozenset()

    @property
    def conditional(self) -> bool:
        return bool(self.objects or self.particle or self.passive or self.active or self.with_child
                    or self.modifiers or self.context)

    def describe(self) -> str:
        """``make`` + peace/treaty, ``break away``: how the lemma reads in the docs table."""
        text = self.lemma + (f" {self.particle}" if self.particle else "")
        if self.passive:
            text += " (passive)"
        if self.active:
            text += " (active)"
        if self.objects:
            shown = {"@entity": "[a named party]", "@none": "[no object]"}
            text += " + " + "/".join(sorted(shown.get(o, o) for o in self.objects))
        if self.not_objects:
            text += " (not + " + "/".join(sorted(self.not_objects)) + ")"
        if self.modifiers:
            text = "/".join(sorted(self.modifiers)) + " " + text
        if self.with_child:
            text += " (with " + "/".join(sorted(self.with_child)) + ")"
        if self.context:
            text += " (in " + "/".join(sorted(self.context)) + " of ...)"
        return text


@dataclass(frozen=True)
class EventType:
    name: str
    definition: str
    plover: str
    verbs: tuple[TriggerRule, ...]
    nouns: tuple[TriggerRule, ...]


@dataclass(frozen=True)
class Ontology:
    types: tuple[EventType, ...]
    verb_rules: dict[str, tuple[TriggerRule, ...]] = field(hash=False)
    noun_rules: dict[str, tuple[TriggerRule, ...]] = field(hash=False)
    light_verbs: frozenset[str] = frozenset()
    irrealis_verbs: frozenset[str] = frozenset()
    implicative_verbs: frozenset[str] = frozenset()
    blocking_nouns: frozenset[str] = frozenset()

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(t.name for t in self.types)


def _rule(event_type: str, entry: object) -> TriggerRule:
    if isinstance(entry, str):
        return TriggerRule(event_type, entry.lower())
    if not isinstance(entry, dict) or "lemma" not in entry:
        raise ValueError(
            f"E310: event type {event_type} has a trigger entry {entry!r} without a lemma. "
            "Write a plain lemma or a mapping with `lemma:` in pipeline/data/event_types.yaml."
        )

    def words(key: str) -> frozenset[str]:
        return frozenset(str(w).lower() for w in entry.get(key) or ())

    return TriggerRule(
        event_type,
        str(entry["lemma"]).lower(),
        objects=words("objects"),
        not_objects=words("not_objects"),
        particle=str(entry.get("particle") or "").lower(),
        passive=bool(entry.get("passive")),
        active=bool(entry.get("active")),
        with_child=words("with_child"),
        modifiers=words("modifiers"),
        context=words("context"),
    )


def _index(rules: Iterable[TriggerRule]) -> dict[str, tuple[TriggerRule, ...]]:
    by_lemma: dict[str, list[TriggerRule]] = {}
    for r in rules:
        by_lemma.setdefault(r.lemma, []).append(r)
    # Conditional readings first: "establish" + "relations" is COOPERATE before ESTABLISH.
    # A reading tied to its phrase ("a meeting in memory of") before all others.
    return {k: tuple(sorted(v, key=lambda r: (not r.context, not r.conditional)))
            for k, v in by_lemma.items()}


@functools.lru_cache(maxsize=4)
def load_ontology(text: str | None = None) -> Ontology:
    """The event ontology, parsed once (``text`` overrides the packaged YAML, for tests)."""
    if text is None:
        text = _ontology_text()
    data = yaml.safe_load(text)
    types = []
    for t in data["types"]:
        name = t["name"]
        types.append(EventType(
            name=name,
            definition=" ".join(str(t.get("definition", "")).split()),
            plover=str(t.get("plover") or ""),
            verbs=tuple(_rule(name, e) for e in t.get("verbs") or ()),
            nouns=tuple(_rule(name, e) for e in t.get("nouns") or ()),
        ))

    def words(key: str) -> frozenset[str]:
        return frozenset(str(w).lower() for w in data.get(key) or ())

    return Ontology(
        types=tuple(types),
        verb_rules=_index(r for t in types for r in t.verbs),
        noun_rules=_index(r for t in types for r in t.nouns),
        light_verbs=words("light_verbs"),
        irrealis_verbs=words("irrealis_verbs"),
        implicative_verbs=words("implicative_verbs"),
        blocking_nouns=words("blocking_nouns"),
    )


def ontology_markdown(ontology: Ontology | None = None) -> str:
    """The ontology as a Markdown table (``docs/event_types.md`` is this, verbatim)."""
    onto = ontology or load_ontology()
    lines = [
        "# Event types",
        "",
        "Generated from `pipeline/data/event_types.yaml` by "
        "`pipeline.stages.events.ontology_markdown()`; edit the YAML, not this file.",
        "",
        "A verb trigger counts when its lemma is listed (with the argument it needs, after `+`); "
        "a noun trigger counts when the text anchors it: a date of its own (\"an uprising in "
        "1804\"), a verb that stages it (\"held a rally\") or an actor (\"Russia's invasion\"). "
        "Negated, hypothetical, intended and conditional happenings are not events; states "
        "and opinions are claims only.",
        "",
        "| type | PLOVER | definition | verb triggers | noun triggers |",
        "|---|---|---|---|---|",
    ]
    for t in onto.types:
        verbs = ", ".join(_describe_group(t.verbs)) or "–"
        nouns = ", ".join(_describe_group(t.nouns)) or "–"
        lines.append(f"| {t.name} | {t.plover or '–'} | {t.definition} | {verbs} | {nouns} |")
    lines.append("")
    return "\n".join(lines)


def _describe_group(rules: Sequence[TriggerRule]) -> list[str]:
    """Rules sharing their conditions read as one: "supply/sell/buy + arms/weapons"."""
    groups: dict[tuple, list[TriggerRule]] = {}
    for r in rules:
        key = (r.objects, r.not_objects, r.particle, r.passive, r.active, r.with_child, r.modifiers,
               r.context)
        groups.setdefault(key, []).append(r)
    out = []
    for members in groups.values():
        first = members[0]
        if len(members) == 1 or not first.conditional:
            out.extend(r.describe() for r in members)
            continue
        lemmas = "/".join(r.lemma for r in members)
        out.append(first.describe().replace(first.lemma, lemmas, 1))
    return out


# -- trigger matching ------------------------------------------------------------------------

_CLAUSAL = frozenset({"relcl", "acl", "advcl", "ccomp", "csubj", "parataxis"})


def _lemma(tok: Token) -> str:
    return tok.lemma_.lower()


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
ROLE_NOUNS = frozenset({
    "president", "minister", "king", "queen", "leader", "ambassador", "envoy", "delegation",
    "delegate", "counterpart", "official", "representative", "chancellor", "emperor", "tsar",
    "czar", "pope", "premier", "general", "commander", "diplomat", "government", "sultan",
    "prince", "monarch", "mayor", "governor", "secretary", "chairman", "head", "rebel",
})


def _names_a_party(tok: Token) -> bool:
    if tok.ent_type_ in ("PERSON", "ORG", "GPE", "NORP") or tok.pos_ in ("PRON", "PROPN"):
        return True
    return _lemma(tok) in ROLE_NOUNS


def _is_passive(verb: Token) -> bool:
    return any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children) or (
        verb.tag_ == "VBN" and verb.dep_ == "acl")


def match_verb(verb: Token, onto: Ontology) -> TriggerRule | None:
    """The first trigger rule whose conditions the verb meets."""
    rules = onto.verb_rules.get(_lemma(verb))
    if not rules:
        return None
    args = verb_arguments(verb)
    # Pseudo-words for conditions on the kind of object: "@entity" (a named participant:
    # "Putin met Vučić") and "@none" (no object at all: "the two leaders met in Paris").
    objects = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")]
    with_objects = [p for c in verb.children if c.dep_ == "prep" and c.lower_ == "with"
                    for p in c.children if p.dep_ == "pobj"]
    if not objects and not with_objects:
        args.add("@none")
    if any(_names_a_party(c) for c in objects + with_objects):
        args.add("@entity")  # "met Vučić", "met with the president" (not "met with success")
    # "breaking away" is often parsed with "away" as an adverb.
    particles = {c.lower_ for c in verb.children if c.dep_ in ("prt", "advmod") and c.i > verb.i}
    child_marks = {c.dep_ for c in verb.children} | {c.lower_ for c in verb.children}
    context = {_lemma(p) for c in verb.children if c.dep_ == "prep" for p in c.children
               if p.dep_ == "pobj"}
    for r in rules:
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


def match_noun(noun: Token, onto: Ontology) -> TriggerRule | None:
    rules = onto.noun_rules.get(_lemma(noun)) or onto.noun_rules.get(noun.lower_)
    if not rules:
        return None
    mods = {_lemma(c) for c in noun.children if c.dep_ in ("amod", "compound", "nmod")}
    mods |= {c.lower_ for c in noun.children if c.dep_ in ("amod", "compound", "nmod")}
    if noun.dep_ == "compound":
        mods |= {_lemma(noun.head)}
    objs: set[str] = set()
    for c in noun.children:
        if c.dep_ == "prep" and c.lower_ == "of":
            for p in c.children:
                objs |= _words_below(p, depth=2)
    context: set[str] = set()
    for c in noun.children:
        if c.dep_ == "prep" and c.lower_ != "of":
            context |= {_lemma(p) for p in c.children if p.dep_ == "pobj"}
    for r in rules:
        if r.context and not (r.context & context):
            continue
        if r.modifiers and not (r.modifiers & mods):
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


def is_irrealis(tok: Token, onto: Ontology) -> bool:
    """Is the happening at ``tok`` hypothetical, intended, conditional or merely feared?"""
    t = tok
    for _ in range(12):
        if t.pos_ in ("VERB", "AUX") and t.i != tok.i and _bare_participle(tok) and t.dep_ == "pcomp":
            return False  # "with ... relations only established in 1940": an absolute clause
        if t.pos_ in ("VERB", "AUX"):
            if _has_modal(t):
                return True
            if any(c.dep_ == "mark" and c.lower_ in ("if", "unless", "whether") for c in t.children):
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
            if (t.dep_ == "pobj" and t.head.lower_ == "of"
                    and _lemma(t.head.head) in onto.blocking_nouns):
                return True
        if (t.dep_ == "pcomp" and t.head.lower_ == "of"
                and _lemma(t.head.head) in onto.blocking_nouns):
            return True  # "had dreams of ... threatening Vienna"
            if t.dep_ in ("dobj", "pobj") and t.head.pos_ == "VERB" and _lemma(t.head) in onto.irrealis_verbs:
                return True
            if t.dep_ == "pobj" and t.head.head.pos_ == "VERB" and _lemma(t.head.head) in onto.irrealis_verbs:
                return True
        if t.head.i == t.i:
            return False
        t = t.head
    return False


def _negated(tok: Token) -> bool:
    """"did not sign", "never visited", "no agreement", "neither adhering ... nor joining"."""
    for c in tok.children:
        if c.dep_ == "neg" or (c.dep_ == "advmod" and c.lower_ == "never"):
            return True
        if (c.dep_ == "det" and c.lower_ == "no") or (c.dep_ == "preconj" and c.lower_ == "neither"):
            return True
    if tok.dep_ == "conj" and any(c.lower_ == "nor" for c in tok.head.children):
        return True
    return False


def _finite_or_participle(verb: Token) -> bool:
    """Present-tense generalities ("Serbia and Russia recognize ...") report no happening."""
    if verb.tag_ in ("VBZ", "VBP"):
        return any(c.dep_ in ("aux", "auxpass") for c in verb.children)
    if verb.tag_ == "VB":
        # A bare infinitive with no auxiliary is a misparsed purpose clause or an imperative.
        return any(c.dep_ in ("aux", "auxpass") for c in verb.children)
    return True


# -- per-clause analysis ---------------------------------------------------------------------


@dataclass
class _Candidate:
    tok: Token
    rule: TriggerRule
    is_verb: bool
    np_head: Token  # the noun phrase head (the head of a compound trigger)
    gov: Token | None = None  # verb governing a noun trigger
    gov_rel: str = ""  # dep (or preposition) linking the noun to ``gov``
    own_timexes: list[Timex] = field(default_factory=list)
    members: list[Token] = field(default_factory=list)
    light: Token | None = None
    merged_into: _Candidate | None = None
    keep: bool = True
    keep_if_dated: bool = False
    gov_dated: bool = False  # its verb carries a date: "hit with sanctions throughout the 1990s"


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


def _phrase_tokens(tok: Token) -> list[Token]:
    return [tok] + [c for c in tok.conjuncts if c.i > tok.i]


def _actor(tok: Token, role: str, ctx: _DocContext) -> Actor | None:
    if tok.pos_ == "PRON" or tok.i in ctx.tok_timex or tok.like_num:
        return None
    m = ctx.index.at(tok)
    if m is not None and m.label in ACTOR_LABELS:
        return Actor(m.text, role, m.mention_id)
    if m is not None:
        return None
    # "the Serbian rebels": a common noun made an actor by its nationality.
    for c in tok.children:
        if c.dep_ in ("amod", "compound"):
            mm = ctx.index.at(c)
            if mm is not None and mm.label in ("NORP", "GPE", "ORG"):
                return Actor(_head_text(tok), role, mm.mention_id)
    if tok.pos_ == "PROPN" and tok.ent_type_ not in ("DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY"):
        return Actor(_head_text(tok), role, "")
    # "the new government of Yugoslavia", "the President of Russia"
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ == "of":
            pobj = next((p for p in c.children if p.dep_ == "pobj"), None)
            mm = ctx.index.at(pobj)
            if mm is not None and mm.label in ("GPE", "ORG", "NORP"):
                return Actor(f"{_head_text(tok)} of {mm.text}", role, mm.mention_id)
    return None


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

    def nested_places(tok: Token) -> None:
        for sub in tok.children:
            if sub.dep_ == "prep" and sub.lower_ in PLACE_PREPS:
                for p in sub.children:
                    if p.dep_ == "pobj":
                        add_place(p)

    def preps(head: Token) -> None:
        for c in head.children:
            if c.dep_ not in ("prep", "agent"):
                continue
            pobj = next((p for p in c.children if p.dep_ == "pobj"), None)
            if pobj is None:
                continue
            word = c.lower_
            if c.dep_ == "agent" or word == "by":
                add(pobj, "agent")
            elif word == "against":
                add(pobj, "patient")
            elif word in ("between", "among"):
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
            elif word == "with":
                add(pobj, "participant")
                nested_places(pobj)  # "met with the president in Belgrade"
            elif word == "to" and cand.rule.event_type == "CONSULT":
                add_place(pobj)
            elif word == "to":
                add(pobj, "participant")
            elif word in PLACE_PREPS:
                add_place(pobj)
                nested_places(pobj)  # "in support of Russia in Belgrade"
            elif word == "of" and not cand.is_verb and head.i == cand.np_head.i:
                if cand.tok.pos_ == "PROPN":
                    add_place(pobj)
                else:
                    add(pobj, "patient")

    tok = cand.tok
    if cand.is_verb:
        passive = _is_passive(tok)
        subjects = [c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")
                    and c.lower_ not in ("which", "who", "that")]
        if not subjects:
            subj = syntax.subject_token(tok)
            subjects = [subj] if subj is not None else []
        for subj in subjects:
            add(subj, "patient" if passive else "agent")
            for p in subj.children:  # "relations between Yugoslavia and the USSR"
                if p.dep_ == "prep" and p.lower_ in ("between", "with"):
                    for pobj in p.children:
                        if pobj.dep_ == "pobj":
                            add(pobj, "participant")
        for c in tok.children:
            if c.dep_ in ("dobj", "dative"):
                if c.i not in trigger_ids:
                    add(c, "patient")
                for p in c.children:  # "summoned an assembly at Belgrade"
                    if p.dep_ == "prep" and p.lower_ in PLACE_PREPS:
                        for pobj in p.children:
                            if pobj.dep_ == "pobj":
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
                add(subj, "agent")
        for c in head.children:
            if c.dep_ == "poss":
                add(c, "participant" if gov is not None else "agent")
            elif c.dep_ in ("compound", "amod", "nmod") and c.i not in trigger_ids:
                m = ctx.index.at(c)
                if m is not None and m.label in ("ORG", "NORP", "PERSON"):
                    add(c, "agent")
                elif m is not None and m.label in PLACE_LABELS:
                    add_place(c)
        preps(head)
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
        if ent.end <= span.end and ent.text.lower() not in ("one", "two")\
                and not any(t.i in ctx.tok_timex for t in ent):
            out.append(ent.text)
    return tuple(out)


def _candidates(clause: syntax.Clause, ctx: _DocContext) -> list[_Candidate]:
    doc = ctx.doc
    found: list[_Candidate] = []
    for i in clause.tokens:
        t = doc[i]
        if t.pos_ == "VERB" and t.dep_ not in ("amod",):
            rule = match_verb(t, ctx.onto)
            if rule is not None:
                found.append(_Candidate(t, rule, True, t, members=[t]))
        elif t.pos_ in ("NOUN", "PROPN") and i not in ctx.tok_timex:
            rule = match_noun(t, ctx.onto)
            if rule is not None:
                np_head = t.head if t.dep_ == "compound" and t.head.pos_ in ("NOUN", "PROPN") else t
                gov, rel = _governor(t)
                found.append(_Candidate(t, rule, False, np_head, gov, rel, members=[t]))
    return found


QUANTITY_NOUNS = frozenset({"string", "series", "wave", "spate", "round", "succession", "number"})


def _own_timexes(cand: _Candidate, trigger_ids: set[int], clause_heads: set[int], ctx: _DocContext,
                 roots: list[tuple[Token, Timex]]) -> list[Timex]:
    ids = {m.i for m in cand.members} | ({cand.np_head.i} if not cand.is_verb else set())
    head = cand.np_head
    if not cand.is_verb and head.dep_ == "pobj" and head.head.lower_ == "of" and (
            _lemma(head.head.head) in QUANTITY_NOUNS):
        ids.add(head.head.head.i)  # "a string of victories in 1806"
    if cand.light is not None:
        ids.add(cand.light.i)
    out = []
    for root, tx in roots:
        at = _attached_to(root, trigger_ids | ids | {c for c in clause_heads}, clause_heads)
        if at in ids:
            out.append(tx)
    return out


def _resolve(cands: list[_Candidate]) -> None:
    """Merge triggers naming one happening; mark nouns that are only a participant."""
    by_tok = {c.tok.i: c for c in cands}
    by_np = {c.np_head.i: c for c in cands if not c.is_verb}
    for c in cands:
        if c.is_verb:
            continue
        outer = by_np.get(c.np_head.i)
        if c.tok.dep_ == "compound" and c.np_head.i != c.tok.i and c.np_head.i not in by_tok and outer is c:
            c.keep = False  # "post-Cold War weakness": the noun names a thing, not an event
            continue
        if c.tok.dep_ == "compound" and outer is not None and outer is not c:
            if outer.rule.event_type == c.rule.event_type:
                c.merged_into = outer  # "NATO's bombing campaign"
            else:
                c.keep = False  # "an assistance agreement" is an agreement
            continue
        v = by_tok.get(c.gov.i) if c.gov is not None else None
        if v is not None and v.is_verb and c.gov_rel in ARGUMENT_RELATIONS:
            if v.rule.event_type == c.rule.event_type:
                c.merged_into = v  # "signed the Peace of Tilsit"
            else:
                c.keep = False  # "condemned the Russian invasion": a participant ...
                c.keep_if_dated = True  # ... unless dated: "assassinated in a coup in 1903"
    # Nested triggers of one type name one happening: "the visit ... and his conference
    # ... in 1897", "sent a petition ... asking for aid".
    live = [c for c in cands if c.merged_into is None and c.keep]
    for c in live:
        for d in live:
            if d is c or d.merged_into is not None or c.merged_into is not None:
                continue
            if d.is_verb and d.tok.dep_ == "conj":
                continue  # "took in refugees, provided humanitarian aid": two acts
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


def _time(
    cand: _Candidate,
    clause: syntax.Clause,
    sent: Sentence,
    ctx: _DocContext,
) -> tuple[Timex | None, str, str, tuple[str, str]]:
    """(timex, date_source, anchor, (earliest, latest) override for relative bounds)."""
    trig = cand.tok.idx
    if cand.own_timexes:
        # "Fifty years later, in 1878": the explicit date over the relative one.
        best = min(cand.own_timexes, key=lambda t: (bool(t.anchor) or not t.value[:1].isdigit(),
                                                    t.clean_start))
        return best, "clause", "", ("", "")

    def nearest(txs: list[Timex]) -> Timex | None:
        if not txs:
            return None
        return min(txs, key=lambda t: (abs(t.clean_start - trig), t.clean_start > trig))

    in_clause = _timexes_within(ctx, clause.clean_start, clause.clean_end)
    in_sent = [t for t in _timexes_within(ctx, sent.clean_start, sent.clean_end)
               if id(t) in ctx.anchor_ids]
    # "months after the NATO bombing": the clause's date bounds the event, it is not its date.
    relation = _relative_relation(cand)
    if relation:
        ref = nearest(in_clause) or nearest(in_sent)
        if ref is not None:
            if relation == "after":
                earliest = _shift_year(ref.earliest, -1) if _mentions_months(cand) else ""
                return None, "relative", ref.text, (earliest, ref.latest)
            return None, "relative", ref.text, (ref.earliest, "")
    tx = nearest(in_clause)
    if tx is not None:
        return tx, "clause", "", ("", "")
    tx = nearest(in_sent)
    if tx is not None:
        return tx, "sentence", "", ("", "")
    anchor = _narrative_time(sent, ctx)
    if anchor is not None:
        return anchor, "context", anchor.text, ("", "")
    return None, "none", "", ("", "")


def _relative_relation(cand: _Candidate) -> str:
    if cand.is_verb:
        t = cand.tok
        if t.dep_ == "pcomp" and t.head.lower_ in RELATIVE_PREPS:
            return RELATIVE_PREPS[t.head.lower_]
        return ""
    head = cand.np_head
    if head.dep_ == "pobj" and head.head.lower_ in RELATIVE_PREPS:
        return RELATIVE_PREPS[head.head.lower_]
    return ""


def _mentions_months(cand: _Candidate) -> bool:
    prep = cand.np_head.head if not cand.is_verb else cand.tok.head
    return any(c.lemma_.lower() in ("month", "week", "day") for c in prep.children) or (
        prep.i > 0 and prep.doc[prep.i - 1].lemma_.lower() in ("month", "week", "day"))


def _shift_year(iso: str, years: int) -> str:
    if not iso:
        return ""
    neg = iso.startswith("-")
    body = iso[1:] if neg else iso
    parts = body.split("-")
    try:
        year = (-1 if neg else 1) * int(parts[0]) + years
    except ValueError:
        return ""
    sign = "-" if year < 0 else ""
    return sign + f"{abs(year):04d}" + ("-" + "-".join(parts[1:]) if len(parts) > 1 else "")


def _confidence(c: _Candidate, source: str, tx: Timex | None, sent: Sentence,
                ctx: _DocContext) -> float:
    if c.own_timexes:
        return CONFIDENCE["trigger"]
    if source == "context" and tx is not None and _block_of(ctx.src, tx.clean_start) != _block_of(
            ctx.src, sent.clean_start):
        return CONFIDENCE["context_far"]  # the narrative time comes from an earlier paragraph
    return CONFIDENCE[source]


def _block_of(src: SourceDoc, pos: int) -> int:
    for i, b in enumerate(src.blocks):
        if b.clean_start <= pos < max(b.clean_end, b.clean_start + 1):
            return i
    return -1


def _narrative_time(sent: Sentence, ctx: _DocContext) -> Timex | None:
    """The latest absolute date before the sentence in its section: the narrative 'now'."""
    best = None
    for pos, section, tx in ctx.anchors:
        if pos >= sent.clean_start:
            break
        if section == sent.section:
            best = tx
    return best


def _anchors(ctx: _DocContext) -> list[tuple[int, str, Timex]]:
    """Dates that can date another happening of their sentence: not "since/until X"."""
    doc = ctx.doc
    sent_by_index = {s.index: s for s in ctx.sents}
    starts = [(s.clean_start, s.clean_end, s) for s in ctx.sents]
    out = []
    for tx in ctx.timexes:
        if not _usable(tx):
            continue
        span = doc.char_span(tx.clean_start, tx.clean_end, alignment_mode="expand")
        if span is None:
            continue
        first = span[0]
        prev = doc[first.i - 1] if first.i > 0 else None
        if prev is not None and prev.lower_ in NON_ANCHOR_PREPS:
            continue
        root = span.root
        if root.dep_ == "pobj" and root.head.lower_ in NON_ANCHOR_PREPS:
            continue
        sent = sent_by_index.get(tx.sent_index)
        if sent is None:
            sent = next((s for a, b, s in starts if a <= tx.clean_start < b), None)
        if sent is None or syntax.skipped(sent):
            continue
        out.append((tx.clean_start, sent.section, tx))
    out.sort(key=lambda x: x[0])
    return out


def _sets_narrative_time(doc: Doc, text: str, tx: Timex) -> bool:
    """An absolute date in the narrative's own voice, not "the Russo-Turkish War (1768–1774)"
    or "a secret 1902 pact", whose dates belong to the thing named."""
    if "(" in text[max(0, tx.clean_start - 2):tx.clean_start]:
        return False
    return _absolute(tx) and not _modifies_noun(doc, tx)


def _modifies_noun(doc: Doc, tx: Timex) -> bool:
    """"A secret 1902 pact", "the 1917 revolution": the date belongs to the thing named and
    does not move the narrative to 1902."""
    root = _timex_root(doc, tx)
    return root is not None and root.dep_ in ("nummod", "compound", "amod", "nmod") and (
        root.head.pos_ in ("NOUN", "PROPN"))


def _absolute(tx: Timex) -> bool:
    return tx.value[:1].isdigit() and tx.precision in (
        "day", "month", "season", "quarter", "year", "decade")


def _trigger_text(cand: _Candidate) -> str:
    t = cand.tok
    parts = [t]
    if cand.is_verb:
        parts += [c for c in t.children if c.dep_ == "prt" or (
            c.dep_ == "advmod" and c.i == t.i + 1 and c.lower_ == cand.rule.particle)]
    else:  # "coup d'état", "bombing campaign": the merged compound reads with its head
        member_ids = {m.i for m in cand.members}
        parts += [c for c in t.children if c.dep_ == "compound" and c.i in member_ids]
    return syntax.tokens_text(parts, strip_article=False)


def extract_events(
    doc: Doc,
    src: SourceDoc,
    sents: Sequence[Sentence],
    mentions: Sequence[EntityMention],
    timexes: Sequence[Timex],
    claims: Sequence[Claim],
    *,
    ontology: Ontology | None = None,
    parsed: syntax.Parsed | None = None,
) -> list[EventMention]:
    """Event mentions for the statement claims of one document (``parsed`` as for
    :func:`pipeline.stages.claims.extract_claims`)."""
    onto = ontology or load_ontology()
    parsed = parsed or syntax.parse_clauses(doc, sents, mentions)
    usable = sorted((t for t in timexes if t.clean_start >= 0), key=lambda t: t.clean_start)
    tok_timex: dict[int, Timex] = {}
    for tx in usable:
        span = doc.char_span(tx.clean_start, tx.clean_end, alignment_mode="expand")
        if span is not None:
            for t in span:
                tok_timex[t.i] = tx
    ctx = _DocContext(doc, src, sents, onto, parsed.index, usable, tok_timex, [])
    eligible = _anchors(ctx)
    ctx.anchor_ids = {id(tx) for _, _, tx in eligible}
    ctx.anchors = [a for a in eligible if _sets_narrative_time(doc, src.text, a[2])]
    by_span = {(c.sent_index, c.clean_start, c.clean_end): c for c in claims if c.kind == "statement"}
    out: list[EventMention] = []
    seen: set[str] = set()
    for sent, clause_list in parsed.sentences:
        clause_heads = {c.head.i for c in clause_list}
        for clause in clause_list:
            claim = by_span.get((sent.index, clause.clean_start, clause.clean_end))
            if claim is None:
                continue
            for ev in _clause_events(clause, claim, sent, clause_heads, ctx):
                if ev.event_mention_id not in seen:
                    seen.add(ev.event_mention_id)
                    out.append(ev)
    return out


def _clause_events(
    clause: syntax.Clause,
    claim: Claim,
    sent: Sentence,
    clause_heads: set[int],
    ctx: _DocContext,
) -> list[EventMention]:
    cands = _candidates(clause, ctx)
    if not cands:
        return []
    doc = ctx.doc
    onto = ctx.onto
    trigger_ids = {c.tok.i for c in cands} | {c.np_head.i for c in cands}
    for c in cands:
        if not c.is_verb and c.gov is not None and _lemma(c.gov) in onto.light_verbs and (
                c.gov_rel in ("dobj", "nsubj", "nsubjpass", "attr", "oprd") or c.gov_rel in LIGHT_PREPS):
            c.light = c.gov
    roots = []
    for tx in _timexes_within(ctx, clause.clean_start, clause.clean_end):
        r = _timex_root(doc, tx)
        if r is not None:
            roots.append((r, tx))
    _resolve(cands)
    for c in cands:
        c.own_timexes = _own_timexes(c, trigger_ids, clause_heads, ctx, roots)
        if not c.is_verb and c.gov is not None:
            stops = (trigger_ids - {c.tok.i, c.np_head.i}) | clause_heads | {c.gov.i}
            c.gov_dated = any(_attached_to(r, stops, clause_heads) == c.gov.i for r, _ in roots)
    events = []
    for c in cands:
        if c.merged_into is not None:
            continue
        if not c.keep and not (c.keep_if_dated and c.own_timexes):
            continue
        if not _accepted(c, ctx):
            continue
        events.append(_event(c, clause, claim, sent, ctx, trigger_ids))
    return events


def _accepted(c: _Candidate, ctx: _DocContext) -> bool:
    onto = ctx.onto
    tok = c.tok
    dated = bool(c.own_timexes)
    if c.is_verb:
        if not _finite_or_participle(tok) or _negated(tok):
            return False
        if tok.dep_ == "acl" and tok.tag_ == "VBG" and _lemma(tok.head.head) in ("be", "have") \
                and not dated:
            return False  # "there were US forces occupying Japan": a state of affairs
        if tok.dep_ == "acl" and tok.tag_ == "VBN" and not dated:
            # "documents signed between the two countries": no date, no claim of a happening.
            if not any(ch.dep_ == "prep" and ch.lower_ in PLACE_PREPS for ch in tok.children):
                return False
        return not is_irrealis(tok, onto)
    head = c.np_head
    if any(ch.dep_ == "det" and ch.lower_ in ANAPHORIC_DETS for ch in head.children) and not dated:
        return False
    if _negated(head) or (c.gov is not None and _negated(c.gov)):
        return False
    if head.dep_ == "pobj" and head.head.lower_ == "of" and _lemma(head.head.head) in onto.blocking_nouns:
        return False
    if not dated and is_irrealis(head, onto):
        return False
    if any(ch.dep_ == "amod" and ch.pos_ == "VERB" and _lemma(ch) in onto.irrealis_verbs
           for ch in head.children):
        return False  # "demanding assistance" parsed as a modifier
    named = ctx.index.at(head)
    if not dated and named is not None and named.label in ("ORG", "GPE", "FAC", "PERSON", "NORP"):
        return False  # "the Warsaw Pact", "the First Serbian Uprising" as an organisation
    if not dated and any(a.pos_ in ("VERB", "AUX") and _negated(a) for a in head.ancestors):
        return False  # "it never proved decisive in winning a battle"
    agent = any(
        (ch.dep_ == "poss" and ch.pos_ != "PRON") or (
            ch.dep_ in ("compound", "nmod") and (m := ctx.index.at(ch)) is not None
            and m is not named and m.label in ("ORG", "NORP", "PERSON"))
        for ch in head.children
    )
    return dated or c.light is not None or agent or c.gov_dated


def _event(
    c: _Candidate,
    clause: syntax.Clause,
    claim: Claim,
    sent: Sentence,
    ctx: _DocContext,
    trigger_ids: set[int],
) -> EventMention:
    src = ctx.src
    tx, source, anchor, bounds = _time(c, clause, sent, ctx)
    actors, places = _participants(c, ctx, trigger_ids)
    trig_raw, _ = src.offsets.to_raw(c.tok.idx, c.tok.idx + len(c.tok.text))
    span = ctx.doc[clause.start:clause.end]
    if tx is not None:
        date_value, earliest, latest, precision = tx.value, tx.earliest, tx.latest, tx.precision
    else:
        date_value, (earliest, latest), precision = "", bounds, ("unknown" if any(bounds) else "")
    return EventMention(
        event_mention_id=stable_id("V", src.doc_id, claim.start, claim.end, trig_raw),
        doc_id=src.doc_id,
        claim_id=claim.claim_id,
        start=claim.start,
        end=claim.end,
        line=claim.line,
        quote=claim.text,
        trigger=_trigger_text(c),
        event_type=c.rule.event_type,
        actors=tuple(actors),
        places=tuple(places),
        timex_id=tx.timex_id if tx is not None else "",
        date_value=date_value,
        earliest=earliest,
        latest=latest,
        precision=precision,
        date_source=source,
        anchor=anchor,
        confidence=_confidence(c, source, tx, sent, ctx),
        locator=claim.locator,
        sent_index=sent.index,
        trigger_lemma=_lemma(c.tok),
        numbers=_numbers(span, ctx),
        negated=False,
        hedge=claim.hedge,
    )
