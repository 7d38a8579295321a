"""Headlines in Title Case or CAPITALS, parsed as the document's running text writes them.

The model learnt its tags from running text. In "Lindsay Lohan Checks Into Betty Ford Rehab"
every word looks like part of a name, so "Checks" is tagged a proper noun and no event is
found; "JACKSON ARRESTED" fares no better. Such a line is parsed a second time with each
word in the case the same document's running text gives it ("checks", "rehab"; "Betty
Ford", "DUI" stay), and the second parse's tags, lemmas, heads, dependencies and entities
replace the first's for that line. Token texts, offsets and ``doc.text`` never change.

A word the running text never uses keeps its case unless it is a function word ("Into",
"Of"), and a capitalised word of a line in capitals becomes "Capitalised", the way names
are written.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Token

MIN_LONG_WORDS = 2  # a Title Case line has at least this many words of 4+ letters ...
LONG_WORD = 4
_LINE = re.compile(r"[^\n]+")


def _function_words() -> frozenset[str]:
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS)


def reparse_headlines(nlp: Language, docs: Sequence[Doc]) -> None:
    """Re-parse, in place, every Title Case or all-capitals line of ``docs`` (one
    ``nlp.pipe`` call for all of them)."""
    jobs: list[tuple[Doc, int, int]] = []  # doc, first token, end token of the line
    texts: list[str] = []
    function_words = _function_words()
    for doc in docs:
        lines = _headline_lines(doc)
        if not lines:
            continue
        usage = _running_text_usage(doc, lines)
        for first, end in lines:
            text = _truecased(doc, first, end, usage, function_words)
            if text != doc[first:end].text:
                jobs.append((doc, first, end))
                texts.append(text)
    for (doc, first, end), line_doc in zip(jobs, nlp.pipe(texts), strict=True):
        _transfer(doc, first, end, line_doc)


def _headline_lines(doc: Doc) -> list[tuple[int, int]]:
    """Token ranges of the lines that are whole sentences written in Title Case or
    capitals."""
    found = []
    for m in _LINE.finditer(doc.text):
        span = doc.char_span(m.start(), m.end(), alignment_mode="contract")
        if span is None or len(span) < 2:
            continue
        while len(span) and span[-1].is_space:
            span = span[:-1]
        if not _is_headline(span) or not _whole_sentences(doc, span.start, span.end):
            continue
        found.append((span.start, span.end))
    return found


def _is_headline(span) -> bool:
    words = [t.text for t in span if t.is_alpha]
    if len(words) < 2:
        return False
    if all(w.isupper() for w in words if len(w) > 1) and sum(len(w) > 1 for w in words) >= 2:
        return True
    long_words = [w for w in words if len(w) >= LONG_WORD]
    return len(long_words) >= MIN_LONG_WORDS and all(w[0].isupper() for w in long_words)


def _whole_sentences(doc: Doc, first: int, end: int) -> bool:
    """The line starts a sentence and the next real token starts another (its parse can be
    swapped without touching a tree outside it)."""
    if not doc[first].is_sent_start:
        return False
    following = next((t for t in doc[end:] if not t.is_space), None)
    if following is not None and not following.is_sent_start:
        return False
    return all(first <= t.head.i < end for t in doc[first:end])


def _running_text_usage(doc: Doc, lines: list[tuple[int, int]]) -> Counter:
    """(lower-cased word, "lower" | "title" | "upper") -> how often the document's other
    lines write it so; a capitalised word opening a sentence says nothing."""
    inside = set()
    for first, end in lines:
        inside.update(range(first, end))
    for sent in doc.sents:  # a line in capitals says nothing of how its words are written
        words = [t for t in sent if t.is_alpha and len(t.text) > 1]
        if words and sum(t.text.isupper() for t in words) * 2 >= len(words):
            inside.update(range(sent.start, sent.end))
    usage: Counter = Counter()
    for t in doc:
        if t.i in inside or not t.is_alpha:
            continue
        if t.text.islower():
            usage[t.lower_, "lower"] += 1
            if t.lemma_ != t.lower_:
                usage[t.lemma_, "lemma"] += 1
        elif t.is_sent_start:
            continue
        elif t.text.isupper() and len(t.text) > 1:
            usage[t.lower_, "upper"] += 1
        elif t.text[0].isupper():
            usage[t.lower_, "title"] += 1
    return usage


def _truecased(doc: Doc, first: int, end: int, usage: Counter,
               function_words: frozenset[str]) -> str:
    capitals = all(t.text.isupper() for t in doc[first:end] if t.is_alpha and len(t.text) > 1)
    parts = []
    for t in doc[first:end]:
        form = _word_case(t, usage, function_words, capitals) if t.is_alpha else t.text
        if t.i == first and form.islower():
            form = form[:1].upper() + form[1:]
        if len(form) != len(t.text):  # a case change that alters length: leave the word
            form = t.text
        parts.append(form + t.whitespace_)
    return "".join(parts).rstrip()


def _word_case(t: Token, usage: Counter, function_words: frozenset[str],
               capitals: bool) -> str:
    word = t.text
    if word.islower() or word == "I":
        return word
    key = t.lower_
    lower, title, upper = (usage[key, "lower"], usage[key, "title"], usage[key, "upper"])
    if lower > title + upper:
        return word.lower()
    if not title + upper and any(usage[stem, "lemma"] or usage[stem, "lower"]
                                 for stem in _stems(key)):
        return word.lower()  # "Checks" where the text has "checked"
    if capitals and upper > title and upper >= lower:
        return word  # "DUI"
    if title:
        return word[:1].upper() + word[1:].lower()
    if key in function_words:
        return word.lower()
    return word[:1].upper() + word[1:].lower() if capitals else word


_SUFFIXES = (("ies", "y"), ("ing", ""), ("ing", "e"), ("es", ""), ("ed", ""), ("ed", "e"),
             ("s", ""), ("d", ""))


def _stems(word: str) -> list[str]:
    """The lemmas an inflected word may have ("checks" -> "check", "begins" -> "begin")."""
    return [word[:-len(end)] + add for end, add in _SUFFIXES
            if word.endswith(end) and len(word) - len(end) >= 3]


def _transfer(doc: Doc, first: int, end: int, line_doc: Doc) -> None:
    """Copy ``line_doc``'s analysis onto tokens ``first:end`` of ``doc`` if both were
    tokenised alike."""
    if len(line_doc) != end - first:
        return
    base = doc[first].idx
    if any(lt.idx != t.idx - base or len(lt) != len(t) for lt, t in zip(line_doc, doc[first:end])):
        return
    from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, HEAD, LEMMA, MORPH, POS, TAG

    attrs = [TAG, POS, MORPH, LEMMA, HEAD, DEP, ENT_IOB, ENT_TYPE]
    whole = doc.to_array(attrs)
    whole[first:end] = line_doc.to_array(attrs)
    # An entity the first parse ran on into the blank line after the headline ends with it.
    iob, kind = attrs.index(ENT_IOB), attrs.index(ENT_TYPE)
    i = end
    while i < len(doc) and whole[i, iob] == _INSIDE and whole[i - 1, iob] == _OUTSIDE:
        whole[i, iob], whole[i, kind] = _OUTSIDE, 0
        i += 1
    column = whole[:, iob]
    if column[0] == _INSIDE or ((column[1:] == _INSIDE) & (column[:-1] == _OUTSIDE)).any():
        return  # an entity this swap would cut open: the first parse stays
    doc.from_array(attrs, whole)


_INSIDE, _OUTSIDE = 1, 2  # spaCy's ENT_IOB codes (0 unset, 3 begin)
