"""Appositive facts: what a sentence says a name is, in passing.

"George W. Bush, the President, said ..." states that Bush is the President; "talks in
Belgrade, the capital of Serbia" that Belgrade is the capital of Serbia; a title before a
person's name ("President Bush", "author Bill Bryson") says the same without a comma. Each such pair of
a name and a description becomes an ``is-a`` claim of ``kind="appositive"`` (subject: the
name; predicate: "is"; object: the description), spanning both at raw offsets. Two names
("Belgrade, Serbia"), dates ("Monday, March 3") and numbers are no such facts.

Used by :mod:`pipeline.stages.claims`, which hands over each sentence's parse.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from pipeline import lang
from pipeline.ids import stable_id
from pipeline.records import Claim, Sentence, SourceDoc, Timex
from pipeline.stages.spans import markup_start
from pipeline.stages.syntax import MentionIndex, np_tokens, phrase_text, tokens_text

if TYPE_CHECKING:  # spaCy loads with the model; working out cache keys must not import it
    from spacy.tokens import Span, Token

NAME_LABELS = lang.words("claims", "name_labels")
NON_DESCRIPTION_LABELS = lang.words("claims", "non_description_labels")
PREDICATE = lang.value("claims", "appositive_predicate")
_NOMINAL = ("NOUN", "PROPN")
TITLED_LABELS = frozenset({"PERSON"})
_TITLE_DEPS = frozenset({"compound", "amod", "nmod"})
# A description's own clauses and asides are not part of what the name is said to be, nor
# is a list it heads ("Belgrade, Novi Sad and Niš" misparsed as apposition).
_NOT_IN_DESCRIPTION = frozenset({"relcl", "acl", "appos", "advcl"})
_NOT_UNDER_DESCRIPTION = frozenset({"cc", "conj"})
_BREAKS = frozenset(",;:()[]—–\"“”")


def is_name(tok: Token, index: MentionIndex) -> bool:
    """Does ``tok`` belong to a name: an entity mention, or a token the parser labels as one?"""
    m = index.at(tok)
    return (m is not None and m.label in NAME_LABELS) or tok.ent_type_ in NAME_LABELS


def _description(tok: Token) -> list[Token]:
    """The description's words: the noun and what modifies it, without clauses or asides."""
    out, stack = [], [tok]
    while stack:
        t = stack.pop()
        out.append(t)
        stack.extend(c for c in t.children if c.dep_ not in _NOT_IN_DESCRIPTION
                     and not (c.dep_ == "punct" and c.text in _BREAKS)
                     and not (t.i == tok.i and c.dep_ in _NOT_UNDER_DESCRIPTION))
    return sorted(out, key=lambda t: t.i)


def span_between(head: Token, appos: Token) -> list[Token]:
    """The tokens from the end of the head's own words to the apposition's first word."""
    doc = head.doc
    first = min(t.i for t in appos.subtree)
    return [doc[i] for i in range(head.i + 1, first)]


def pairs(sent: Span, index: MentionIndex) -> list[tuple[Token, list[Token], list[Token]]]:
    """(name token, name words, description words) for each appositive fact of a sentence."""
    out = []
    for tok in sent:
        if tok.dep_ != "appos" or tok.pos_ not in _NOMINAL or tok.head.pos_ not in _NOMINAL:
            continue
        head = tok.head
        if tok.ent_type_ in NON_DESCRIPTION_LABELS or head.ent_type_ in NON_DESCRIPTION_LABELS:
            continue
        head_named, appos_named = is_name(head, index), is_name(tok, index)
        if head_named == appos_named:
            continue  # two names ("Belgrade, Serbia") or none: no name to say it of
        between = [t.text for t in span_between(head, tok)]
        if "," not in between or "(" in between or "[" in between:
            continue  # "the newspaper Politika", "Alliance (Руско-српски савез)": no apposition
        name, desc = (head, tok) if head_named else (tok, head)
        if any(c.dep_ == "conj" for c in name.children):
            continue  # "Russia and France, the two powers": a fact of each, not of the list
        desc_words = _description(desc) if desc is tok else [
            t for t in np_tokens(desc, with_of=True) if t.i < tok.i and t.dep_ != "appos"]
        name_words = np_tokens(name, with_of=False) if desc is tok else _description(name)
        if not any(t.is_alpha for t in desc_words) or not name_words:
            continue
        out.append((name, name_words, desc_words))
    return out


def title_pairs(sent: Span, index: MentionIndex) -> list[tuple[Token, list[Token], list[Token]]]:
    """(name token, name words, title words) for each person named with a title before the
    name: "President Bush", "author Bill Bryson", "wealthy aristocrat Lydia Carew"."""
    doc = sent.doc
    out = []
    seen: set[str] = set()
    for tok in sent:
        m = index.at(tok)
        if m is None or m.label not in TITLED_LABELS or m.mention_id in seen:
            continue
        seen.add(m.mention_id)
        name = doc.char_span(m.clean_start, m.clean_end, alignment_mode="expand")
        if name is None or name.start <= sent.start:
            continue
        ids = {t.i for t in name}
        title: list[Token] = []
        k = name.start - 1
        while k >= sent.start:
            t = doc[k]
            if (t.dep_ not in _TITLE_DEPS or t.head.i not in ids or index.at(t) is not None
                    or t.ent_type_ in NON_DESCRIPTION_LABELS or not t.is_alpha):
                break
            if not title and t.ent_type_ in NAME_LABELS:
                break  # "Serbian Vučić": a name's adjective, no title
            title.insert(0, t)
            ids.add(t.i)
            k -= 1
        if any(t.pos_ in _NOMINAL for t in title):
            out.append((name.root, list(name), title))
    return out


def appositive_claims(
    src: SourceDoc,
    sent: Sentence,
    span: Span,
    index: MentionIndex,
    timexes: Sequence[Timex],
    *,
    citations: tuple[str, ...] = (),
    skip_to: int = -1,
) -> list[Claim]:
    """The is-a claims the appositives of one sentence state (see the module docstring).

    ``skip_to`` is where a leading dateline ends: appositives before it are not stated.
    """
    out = []
    for name, name_words, desc_words in (*pairs(span, index), *title_pairs(span, index)):
        words = sorted({t.i: t for t in (*name_words, *desc_words)}.values(), key=lambda t: t.i)
        first, last = words[0], words[-1]
        clean_start, clean_end = first.idx, last.idx + len(last.text)
        if clean_start < skip_to:
            continue
        start, end = src.offsets.to_raw(clean_start, clean_end)
        start = markup_start(src, start, clean_start)
        mention = index.at(name)
        subject = phrase_text(name, index) if mention is not None else tokens_text(name_words)
        out.append(Claim(
            claim_id=stable_id("C", src.doc_id, start, end, "appositive"),
            doc_id=src.doc_id,
            start=start,
            end=end,
            line=src.line_of(start),
            text=src.text[clean_start:clean_end],
            subject=subject,
            predicate=PREDICATE,
            object=tokens_text(desc_words, strip_article=False),
            sent_index=sent.index,
            clean_start=clean_start,
            clean_end=clean_end,
            subject_mention_id=mention.mention_id if mention is not None else "",
            subject_resolution="stated" if mention is not None else "",
            citations=citations,
            citation_needed=sent.citation_needed,
            timex_ids=tuple(t.timex_id for t in timexes
                            if clean_start <= t.clean_start and t.clean_end <= clean_end),
            locator=sent.locator,
            kind="appositive",
            is_a=True,
        ))
    return out
