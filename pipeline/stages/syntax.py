"""Clause analysis shared by the claims and events stages: clauses, noun phrases, subjects.

Both stages read the same dependency parse the same way: which tokens head an asserted
clause (:func:`clauses`), what a clause's subject, predicate and object are, and which
entity mention a token belongs to. :func:`parse_clauses` works this out once per document
and hands it to both.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pipeline import lang
from pipeline.records import EntityMention, Sentence
from pipeline.stages import cues

if TYPE_CHECKING:  # spaCy loads with the model; working out cache keys must not import it
    from spacy.tokens import Doc, Span, Token

SKIPPED_SECTIONS = lang.words("claims", "skipped_sections")
RELATIVE_PRONOUNS = lang.words("syntax", "relative_pronouns")
CONDITION_MARKS = lang.words("syntax", "condition_marks")
OF = lang.value("syntax", "genitive_preposition")
WITH = lang.value("syntax", "comitative_preposition")
BY = lang.value("syntax", "agent_preposition")
AGAINST = lang.value("syntax", "adversative_preposition")
TO = lang.value("syntax", "goal_preposition")

_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj", "csubjpass", "expl"})
_OBJECT_DEPS = ("dobj", "attr", "oprd", "acomp", "dative")
_NP_LEFT_DEPS = frozenset({"det", "amod", "compound", "poss", "nummod", "nmod", "quantmod",
                           "case", "predet", "npadvmod", "advmod", "punct"})
_WH_TAGS = frozenset({"WP", "WDT", "WRB", "WP$"})
_ADJUNCT_DEPS = frozenset({"prep", "agent", "npadvmod", "dative"})
_ARTICLES = lang.words("syntax", "articles")
PLACE_PREPS = lang.words("syntax", "place_prepositions")
TIME_LABELS = frozenset({"DATE", "TIME"})
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
_QUOTE_MARKS = frozenset({'"', "“", "”"})
_OPENERS = {")": "(", "]": "[", "”": "“", '"': '"', "’": "‘"}


@dataclass(frozen=True)
class Clause:
    """One asserted clause of a sentence (token indices into the spaCy ``Doc``)."""

    head: Token
    tokens: tuple[int, ...]  # the clause's own tokens, sorted; sub-clauses excluded
    start: int  # token index of the first token of the trimmed span
    end: int  # token index after the last one
    reporter: Token | None  # the reporting verb whose content this clause is

    @property
    def clean_start(self) -> int:
        return self.head.doc[self.start].idx

    @property
    def clean_end(self) -> int:
        last = self.head.doc[self.end - 1]
        return last.idx + len(last.text)


# -- clause analysis ------------------------------------------------------------------------


def is_clause_head(tok: Token, sent: Span, root: int | None = None) -> bool:
    """Does ``tok`` head a clause that asserts something on its own?

    ``root`` is ``sent.root.i`` when the caller has it: ``Span.root`` walks the whole
    sentence, and asking for it per token made clause finding quadratic.
    """
    if tok.i == (sent.root.i if root is None else root) or tok.dep_ == "ROOT":
        return True
    if tok.pos_ not in ("VERB", "AUX"):
        return False
    if not is_finite(tok):
        return False
    if tok.dep_ == "conj":
        head = tok.head
        return (head.pos_ in ("VERB", "AUX") and head.i != tok.i
                and is_clause_head(head, sent, root))
    if tok.dep_ == "relcl":
        return True
    if tok.dep_ in ("advcl", "ccomp", "parataxis"):
        # "If Austria attacks Serbia, ...": a condition is not asserted on its own.
        if any(c.dep_ == "mark" and c.lower_ in CONDITION_MARKS for c in tok.children):
            return False
        # "did not say who might succeed him": an embedded question asserts nothing.
        if tok.dep_ == "ccomp" and any(c.tag_ in _WH_TAGS and c.i < tok.i for c in tok.children):
            return False
        return any(c.dep_ in _SUBJECT_DEPS for c in tok.children)
    return False


def is_finite(verb: Token) -> bool:
    """A tensed verb, or one with a tensed auxiliary ("was founded", "has purchased")."""
    if verb.tag_ in ("VBD", "VBZ", "VBP", "MD"):
        return True
    children = [(c.dep_, c.tag_) for c in verb.children]
    if any(dep in ("aux", "auxpass") and tag in ("VBD", "VBZ", "VBP", "MD") for dep, tag in children):
        return True
    # "believe the lake formed at ...": a past tense the tagger took for a participle; a
    # reported participle with an active subject and no auxiliary is one.
    return verb.tag_ == "VBN" and verb.dep_ == "ccomp" \
        and verb.head.lemma_.lower() in cues.REPORTING_VERBS \
        and any(dep == "nsubj" for dep, _ in children) \
        and not any(dep in ("aux", "auxpass") for dep, _ in children)


def reporter_of(head: Token) -> Token | None:
    """The reporting verb whose clausal complement ``head`` is ("reported that <head>")."""
    t = head
    while t.dep_ == "conj" and t.head.pos_ in ("VERB", "AUX") and t.head.i != t.i:
        t = t.head
    if t.dep_ in ("ccomp", "parataxis") and reports(t.head, t):
        return t.head
    for c in t.children:
        if _is_adverbial_frame(c):
            return c
    return None


def _is_adverbial_frame(verb: Token) -> bool:
    """"As the FT reported, X ...", the common misparse of "some believe X exists" and a
    parenthetical "X, officials said, Y" or "X, the union said, after Y": a reporting verb
    without a complement of its own, attached to the clause it reports."""
    return (
        (verb.dep_ == "advcl" and verb.i < verb.head.i or verb.dep_ == "parataxis")
        and verb.head.i != verb.i
        and verb.lemma_.lower() in cues.REPORTING_VERBS
        and not any(c.dep_ in ("ccomp", "dobj", "xcomp", "attr", "oprd", "prep") for c in verb.children)
        # "..., TMZ reports, barely making the deadline": what hangs on the frame is said too
        and not (verb.dep_ == "parataxis" and (verb.pos_ != "VERB" or any(
            c.dep_ in ("advcl", "acl", "conj") for c in verb.children)))
    )


def _quoted(content: Token) -> bool:
    """Is a clausal complement a quotation (its words open or close with a quote mark)?"""
    toks = list(content.subtree)
    doc = content.doc
    before = doc[toks[0].i - 1] if toks[0].i > 0 else None
    return any(t.text in _QUOTE_MARKS for t in (toks[0], toks[-1], before) if t is not None)


def reports(verb: Token, content: Token | None) -> bool:
    """Does ``verb`` report ``content``: a reporting verb ("said"), or a verb of speaking
    ("promised", "asked") whose complement is a quotation?"""
    lemma = verb.lemma_.lower()
    return lemma in cues.REPORTING_VERBS or (
        content is not None and lemma in cues.QUOTE_VERBS and _quoted(content))


def _is_frame(head: Token, heads: set[int]) -> bool:
    """A reporting verb whose only content is a clausal complement: not a claim itself."""
    first = next((c for c in head.children if c.dep_ in ("ccomp", "parataxis") and c.i in heads),
                 None)
    if not reports(head, first):
        return False
    if any(c.dep_ == "neg" for c in head.children):
        return False  # "did not say that ...": the denial is the claim
    if _is_adverbial_frame(head):
        return True
    content = [c for c in head.children if c.dep_ in ("ccomp", "parataxis") and c.i in heads]
    if not content:
        return False
    return not any(c.dep_ in ("dobj", "attr", "oprd") for c in head.children)


def clauses(sent: Span) -> list[Clause]:
    """The claim-bearing clauses of one sentence, in text order."""
    root = sent.root.i
    heads = [t for t in sent if is_clause_head(t, sent, root)]
    head_ids = {t.i for t in heads}
    # A participle that only reports another clause ("..., reporting that X") is left out
    # of the clause it hangs on: X carries it as attribution.
    reporters = {r.i for h in heads if (r := reporter_of(h)) is not None and r.i not in head_ids}
    out: list[Clause] = []
    for head in heads:
        if _is_frame(head, head_ids):
            continue
        own: list[int] = []
        stack = [head]
        while stack:
            t = stack.pop()
            own.append(t.i)
            for c in t.children:
                if c.i in head_ids or c.i in reporters or not (sent.start <= c.i < sent.end):
                    continue
                stack.append(c)
        own.sort()
        words = [i for i in own if not sent.doc[i].is_punct] or own
        trimmed = _trim(sent.doc, own, words[0], words[-1] + 1)
        if trimmed is None:
            continue
        start, end = trimmed
        out.append(Clause(head, tuple(own), start, end, reporter_of(head)))
    out.sort(key=lambda c: (c.start, c.end))
    return out


def _trim(doc: Doc, own: list[int], start: int, end: int) -> tuple[int, int] | None:
    """Token range of a clause without leading connectives and unbalanced punctuation."""
    ownset = set(own)
    # Keep a closing bracket or quote that directly follows: "the Peace of Tilsit (July 1807)".
    while end in ownset and doc[end].text in _OPENERS:
        end += 1
    while start < end and (
        doc[start].is_punct and doc[start].text not in "([“\"‘"
        or doc[start].dep_ in ("cc", "mark", "preconj")
        or doc[start].is_space
        or (doc[start].lower_ in RELATIVE_PRONOUNS and doc[start].dep_ in _SUBJECT_DEPS)
    ):
        start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space or doc[end - 1].dep_ == "cc"):
        closer = doc[end - 1].text
        if closer in _OPENERS and any(doc[i].text == _OPENERS[closer] for i in range(start, end - 1)):
            break
        end -= 1
    if start >= end or not any(doc[i].is_alpha for i in range(start, end)):
        return None
    return start, end


# -- noun phrases, subjects, predicates, objects --------------------------------------------


def np_tokens(tok: Token, *, with_of: bool = True) -> list[Token]:
    """A compact noun phrase around ``tok``: its modifiers, "of"-complement and conjuncts."""
    out: list[Token] = []
    _collect_np(tok, out, with_of=with_of, depth=0)
    return sorted({t.i: t for t in out}.values(), key=lambda t: t.i)


def _collect_np(tok: Token, out: list[Token], *, with_of: bool, depth: int) -> None:
    out.append(tok)
    if depth > 4:
        return
    for c in tok.lefts:
        if c.dep_ in _NP_LEFT_DEPS and not (c.dep_ == "punct" and c.text in ",;:"):
            out.extend(c.subtree)
    has_conj = any(c.dep_ == "conj" for c in tok.rights)
    for c in tok.rights:
        if c.dep_ == "punct" and has_conj and c.text == "," and c.i < max(x.i for x in tok.rights if x.dep_ == "conj"):
            out.append(c)
        elif c.dep_ in ("conj", "appos") and c.pos_ in ("PROPN", "NOUN", "PRON", "NUM", "ADJ"):
            if c.dep_ == "appos":
                continue
            _collect_np(c, out, with_of=with_of, depth=depth + 1)
        elif c.dep_ == "cc" and any(x.dep_ == "conj" for x in tok.rights):
            out.append(c)
        elif c.dep_ == "case" or (c.dep_ == "compound"):
            out.append(c)
        elif c.dep_ == "prep" and c.lower_ == OF and with_of:
            out.append(c)
            for p in c.children:
                if p.dep_ == "pobj":
                    _collect_np(p, out, with_of=False, depth=depth + 1)


def tokens_text(tokens: Iterable[Token], *, strip_article: bool = True) -> str:
    """Text of (possibly gappy) tokens joined with their own whitespace."""
    toks = sorted(tokens, key=lambda t: t.i)
    while strip_article and toks and toks[0].lower_ in _ARTICLES:
        toks = toks[1:]
    while toks and toks[-1].is_punct and toks[-1].text not in ")]”\"":
        toks = toks[:-1]
    while toks and toks[0].is_punct and toks[0].text not in "([“\"":
        toks = toks[1:]
    quotes = [t for t in toks if t.text in ('"', "“", "”")]
    if len(quotes) % 2:  # a quote opened or closed outside the phrase
        toks = [t for t in toks if t.text not in ('"', "“", "”")]
    parts = []
    for k, t in enumerate(toks):
        parts.append(t.text)
        if k + 1 < len(toks) and (t.whitespace_ or toks[k + 1].i != t.i + 1):
            parts.append(" ")
    text = re.sub(r"\s+", " ", "".join(parts)).strip()
    text = re.sub(r"(?:\s*,)+(?=\s*,)", "", text)  # gaps left by dropped appositions
    return re.sub(r"\s+,", ",", text)


def antecedent(relcl: Token) -> Token:
    """What a relative clause is about: "the Treaty of Friendship and Non-Aggression, which"
    is about the treaty, though the parser hangs the clause on its last conjunct."""
    t = relcl.head
    while t.dep_ == "conj" and t.head.i != t.i:
        t = t.head
    if t is not relcl.head and t.dep_ == "pobj" and t.head.lower_ == OF and t.head.head.pos_ == "PROPN":
        t = t.head.head
    return t


_FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP"})


def subject_token(head: Token) -> Token | None:
    """The subject of the clause headed by ``head`` (the antecedent for relative clauses)."""
    seen = 0
    t = head
    while t is not None and seen < 8:
        seen += 1
        for c in t.children:
            if c.dep_ in _SUBJECT_DEPS:
                if c.lower_ in RELATIVE_PRONOUNS and t.dep_ == "relcl":
                    return antecedent(t)
                if c.dep_ == "expl":
                    continue
                return c
        if t.dep_ == "relcl":
            return antecedent(t)
        if t.dep_ == "advcl" and (own := _subject_taken_by_preposition(t)) is not None:
            return own
        if t.dep_ in ("conj", "xcomp", "advcl") and t.head.i != t.i and t.head.pos_ in ("VERB", "AUX"):
            t = t.head
            continue
        if t.dep_ == "acl" and t.head.i != t.i:
            return t.head
        return None
    return None


def _subject_taken_by_preposition(verb: Token) -> Token | None:
    """"sent police after about 300 inmates escaped": the parser makes "inmates" the object
    of "after" and the finite verb a subjectless clause, whose subject is that noun."""
    if verb.tag_ not in _FINITE_TAGS or verb.i == 0:
        return None
    before = verb.doc[verb.i - 1]
    if before.pos_ in ("NOUN", "PROPN", "PRON") and before.dep_ == "pobj" and (
            before.head.head.i == verb.head.i and before.head.i < verb.i):
        return before
    return None


def predicate_text(head: Token) -> str:
    """The verb group: auxiliaries, negation, the verb, its particle, an infinitival xcomp."""
    return tokens_text(predicate_tokens(head), strip_article=False) if head.pos_ in ("VERB", "AUX") else ""


def _chained_xcomp(head: Token) -> Token | None:
    """An infinitive or participle completing the verb with nothing between ("is scheduled
    to fall", "began selling"); "was possible to overcome" keeps "possible" as the object."""
    for c in head.children:
        if c.dep_ == "xcomp" and c.pos_ in ("VERB", "AUX") and c.i > head.i:
            if any(x.dep_ in _OBJECT_DEPS and head.i < x.i < c.i for x in head.children):
                return None
            return c
    return None


def predicate_tokens(head: Token) -> list[Token]:
    """Tokens of the verb group headed by ``head`` (see :func:`predicate_text`)."""
    children = [(c, c.dep_) for c in head.children]  # spaCy builds each Token anew per walk
    toks = [head]
    for c, c_dep in children:
        if c_dep in ("aux", "auxpass", "neg", "prt"):
            toks.append(c)
    left = min(t.i for t in toks)
    for c, c_dep in children:
        if c_dep == "advmod" and left < c.i < head.i:
            toks.append(c)
    x = _chained_xcomp(head)
    if x is not None:
        toks.append(x)
        toks.extend(c for c in x.children if c.dep_ in ("aux", "neg", "prt", "auxpass"))
    return toks


def object_text(head: Token) -> str:
    """The clause's object: direct object, complement, or the first prepositional phrase."""
    return arguments(head, None).object


@dataclass(frozen=True)
class Arguments:
    """What a clause says of its subject besides the verb: an object and adjuncts."""

    object: str
    adjuncts: tuple[str, ...]  # other complements and modifiers, in text order
    time: str  # the first adjunct naming a time ("in 1941", "Earlier this year")
    place: str  # the first adjunct naming a place ("at Kettering")


def _is_time(toks: Sequence[Token]) -> bool:
    return any(t.ent_type_ in TIME_LABELS for t in toks)


def _is_place(toks: Sequence[Token]) -> bool:
    return (toks[0].lower_ in PLACE_PREPS and any(t.ent_type_ in PLACE_LABELS for t in toks[1:]))


def arguments(head: Token, own: Iterable[int] | None) -> Arguments:
    """The object and adjuncts of the clause headed by verb ``head``.

    ``own`` holds the clause's own token indices (sub-clauses left out); each argument is
    the part of a dependent's subtree inside it, so a relative clause inside an object is
    its own claim, not part of this one. The object is the first of a direct object,
    complement or dative, else the first prepositional phrase after the verb; every other
    prepositional phrase, noun-phrase adverbial and adverb outside the verb group is an
    adjunct. The dependents of a chained infinitive ("is scheduled to fall to $2.8
    trillion") count as the clause's own.
    """
    keep = None if own is None else set(own)
    verbs = [head]
    x = _chained_xcomp(head)
    if x is not None:
        verbs.append(x)
    in_verb = {t.i for v in verbs for t in predicate_tokens(v)}
    deps = [c for v in verbs for c in v.children
            if c.i not in in_verb and (keep is None or c.i in keep)]
    deps.sort(key=lambda t: t.i)

    def phrase(tok: Token) -> list[Token]:
        # Walk down within the clause only: a sub-clause's tokens are never visited, so a
        # sentence's clauses cost its length in all, however deeply they nest.
        toks, stack = [], [tok]
        while stack:
            t = stack.pop()
            toks.append(t)
            stack.extend(c for c in t.children if keep is None or c.i in keep)
        toks.sort(key=lambda t: t.i)
        # "the Peace of Tilsit (July 1807)": a bracket the parser hung elsewhere closes here.
        after = toks[-1].i + 1
        if (after < len(tok.doc) and tok.doc[after].text == ")"
                and sum(t.text == "(" for t in toks) > sum(t.text == ")" for t in toks)):
            toks.append(tok.doc[after])
        return toks

    obj_tok = next((c for dep in _OBJECT_DEPS for c in deps if c.dep_ == dep), None)
    if obj_tok is None:
        obj_tok = next((c for c in deps if c.dep_ in ("prep", "agent") and c.i > head.i
                        and any(p.dep_ in ("pobj", "pcomp") and p.ent_type_ not in TIME_LABELS
                                for p in c.children)), None)
    if obj_tok is None:  # "did not say who might succeed him": the question is the object
        obj_tok = next((c for c in deps if c.dep_ == "ccomp"), None)
    adjunct_toks = [c for c in deps if c is not obj_tok and (
        c.dep_ in _ADJUNCT_DEPS or (c.dep_ == "advmod" and c.pos_ == "ADV"))]
    obj = tokens_text(phrase(obj_tok), strip_article=False) if obj_tok is not None else ""
    adjuncts, time, place = [], "", ""
    for c in adjunct_toks:
        toks = phrase(c)
        text = tokens_text(toks, strip_article=False)
        if not text:
            continue
        adjuncts.append(text)
        if not time and _is_time(toks):
            time = text
        elif not place and _is_place(toks):
            place = text
    return Arguments(obj, tuple(adjuncts), time, place)


# -- entity mentions by token ----------------------------------------------------------------


class MentionIndex:
    """Entity mentions looked up by token: built once per document."""

    def __init__(self, doc: Doc, mentions: Sequence[EntityMention]):
        self.by_token: dict[int, EntityMention] = {}
        for m in mentions:
            span = doc.char_span(m.clean_start, m.clean_end, alignment_mode="expand")
            if span is None:
                continue
            for t in span:
                self.by_token.setdefault(t.i, m)

    def at(self, tok: Token | None) -> EntityMention | None:
        return None if tok is None else self.by_token.get(tok.i)


def phrase_text(tok: Token, index: MentionIndex, *, strip_article: bool = False) -> str:
    """Canonical surface text for a participant: its entity mention, else its noun phrase
    (with its article unless ``strip_article``: "the debt ceiling" is what the text says)."""
    m = index.at(tok)
    if m is not None and not any(c.dep_ == "conj" for c in tok.children):
        return m.text
    return tokens_text(np_tokens(tok, with_of=True), strip_article=strip_article)


# -- sentences that assert, and their clauses ---------------------------------------------


def sentence_span(doc: Doc, sent: Sentence) -> Span | None:
    """The spaCy span of a sentence record, expanded to token boundaries."""
    if sent.clean_end <= sent.clean_start:
        return None
    span = doc.char_span(sent.clean_start, sent.clean_end, alignment_mode="expand")
    return span if span is not None and len(span) else None


def skipped(sent: Sentence) -> bool:
    """Sentences in link lists ("See also", "References") assert nothing."""
    return sent.section.strip().strip("=# ").lower() in SKIPPED_SECTIONS


@dataclass(frozen=True)
class Parsed:
    """One document's clause analysis, shared by the claims and events stages.

    Finding clauses walks every token's dependents and was a third of both stages' time;
    :func:`pipeline.document.extract` works it out once and hands it to both.
    """

    index: MentionIndex
    sentences: tuple[tuple[Sentence, list[Clause]], ...]  # asserting sentences only


def parse_clauses(doc: Doc, sents: Sequence[Sentence],
                  mentions: Sequence[EntityMention]) -> Parsed:
    """The mention index and the clauses of every sentence that can assert something."""
    found = []
    for sent in sents:
        if skipped(sent):
            continue
        span = sentence_span(doc, sent)
        if span is not None:
            found.append((sent, clauses(span)))
    return Parsed(MentionIndex(doc, mentions), tuple(found))

