"""Participial phrases as claims of their own: what a sentence asserts without a tensed verb.

"Thomas became a regular, *making his league debut in 1987*" asserts that Thomas made his
debut; "the baskets *surrounding them* merge" that the baskets surround them. A participle
hung on a clause (an adverbial) takes that clause's subject; one hung on a noun takes the
noun. Each becomes a ``statement`` claim spanning the participial phrase, with the
attribution of the clause it sits in. A participle under a condition ("if elected"), in a set
phrase ("as opposed to") or with nothing after it ("the army, retreating, ...") asserts nothing checkable and is left
out; so are reporting participles, which the clause analysis already reads as frames.

Used by :mod:`pipeline.stages.claims` after it has built the clause claims of a sentence.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from pipeline import lang
from pipeline.ids import stable_id
from pipeline.records import Claim, Sentence, SourceDoc, Timex
from pipeline.stages import cues
from pipeline.stages.spans import markup_start
from pipeline.stages.syntax import (
    CONDITION_MARKS,
    Clause,
    MentionIndex,
    arguments,
    np_tokens,
    predicate_text,
    tokens_text,
)

if TYPE_CHECKING:  # spaCy loads with the model; working out cache keys must not import it
    from spacy.tokens import Token

SKIP_MARKS = lang.words("claims", "participle_skip_marks")
_PARTICIPLES = frozenset({"VBG", "VBN"})
_ATTACHMENTS = frozenset({"advcl", "acl"})
_OWN_CLAUSE = frozenset({"nsubj", "nsubjpass", "aux", "auxpass", "expl"})


def _participles(clause: Clause) -> list[Token]:
    doc = clause.head.doc
    own = set(clause.tokens)
    out = []
    for i in clause.tokens:
        t = doc[i]
        if (i == clause.head.i or t.pos_ != "VERB" or t.tag_ not in _PARTICIPLES
                or t.dep_ not in _ATTACHMENTS or t.lemma_.lower() in cues.REPORTING_VERBS):
            continue
        if any(c.dep_ in ("mark", "advmod") and c.i < t.i
               and (c.lower_ in CONDITION_MARKS or c.lower_ in SKIP_MARKS) for c in t.children):
            continue  # "if elected", "as opposed to", "as set by"
        if any(c.dep_ in _OWN_CLAUSE for c in t.children):
            continue  # "relations improved after ...": a clause the parse left unfinished
        if t.dep_ == "acl" and t.head.pos_ not in ("NOUN", "PROPN"):
            continue
        if not any(c.i in own and c.dep_ in ("dobj", "prep", "attr", "oprd", "dative", "agent",
                                            "npadvmod", "ccomp", "xcomp")
                   for c in t.children):
            continue
        out.append(t)
    return out


def _negated(verb: Token) -> bool:
    """"not knowing ...", "neither adhering to NATO nor joining the Pact"."""
    return any(c.dep_ == "neg" or (c.dep_ == "preconj" and c.lower_ in cues.NEGATING_PRECONJUNCTIONS)
               for c in verb.children)


def participle_claims(
    src: SourceDoc,
    sent: Sentence,
    clauses: Sequence[Clause],
    claims: Mapping[int, Claim],
    index: MentionIndex,
    timexes: Sequence[Timex],
) -> list[Claim]:
    """The claims the participial phrases inside ``clauses`` assert; ``claims`` maps a
    clause head's token index to the claim made of that clause."""
    out = []
    for clause in clauses:
        parent = claims.get(clause.head.i)
        if parent is None:
            continue
        own = set(clause.tokens)
        for verb in _participles(clause):
            phrase = sorted((t for t in verb.subtree if t.i in own), key=lambda t: t.i)
            while phrase and (phrase[0].is_punct or phrase[0].dep_ in ("mark", "cc")):
                phrase = phrase[1:]
            while phrase and phrase[-1].is_punct:
                phrase = phrase[:-1]
            if not phrase:
                continue
            clean_start = phrase[0].idx
            clean_end = phrase[-1].idx + len(phrase[-1].text)
            if clean_start < parent.clean_start or clean_end > parent.clean_end:
                continue  # part of a dateline the clause's claim leaves out
            if verb.dep_ == "acl":
                noun = verb.head
                subject = tokens_text([t for t in np_tokens(noun) if t.i < verb.i],
                                      strip_article=False)
                mention = index.at(noun)
                mention_id = mention.mention_id if mention is not None else ""
                resolution = "stated" if mention is not None else ""
            else:
                subject = parent.subject
                mention_id, resolution = parent.subject_mention_id, parent.subject_resolution
            if not subject:
                continue
            args = arguments(verb, [t.i for t in phrase])
            start, end = src.offsets.to_raw(clean_start, clean_end)
            start = markup_start(src, start, clean_start)
            out.append(replace(
                parent,
                claim_id=stable_id("C", src.doc_id, start, end, "participle"),
                start=start,
                end=end,
                line=src.line_of(start),
                text=src.text[clean_start:clean_end],
                subject=subject,
                predicate=predicate_text(verb),
                object=args.object,
                clean_start=clean_start,
                clean_end=clean_end,
                subject_mention_id=mention_id,
                subject_resolution=resolution,
                hedge="",
                hedge_start=-1,
                hedge_end=-1,
                hedge_scope="",
                negated=_negated(verb),
                timex_ids=tuple(t.timex_id for t in timexes
                                if clean_start <= t.clean_start and t.clean_end <= clean_end),
                adjuncts=args.adjuncts,
                time=args.time,
                place=args.place,
                is_a=False,
            ))
    return out
