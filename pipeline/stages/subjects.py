"""Claim subjects resolved to the entity mention they refer to, within one document.

Conservative rules, no model: a subject that names an entity is ``stated``; a pronoun
(he, she, it, they) stands for the nearest earlier name of a compatible label within a few
sentences (``pronoun``), unless a subject that names nothing comes between; a person's name that
repeats part of an earlier, longer one ("Putin" after "Vladimir Putin") stands for that one
(``partial_name``); places and organisations are not shortened so ("Serbia" is not the
"Kingdom of Serbia"). Gender is not
used, so "he" and "she" both take the nearest person. "It" on a raising or weather verb
("it seems that", "it rained") is left alone.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from pipeline import lang
from pipeline.records import EntityMention

if TYPE_CHECKING:  # spaCy loads with the model; working out cache keys must not import it
    from spacy.tokens import Doc, Token

NAME_LABELS = lang.words("claims", "name_labels")
PARTIAL_NAME_LABELS = lang.words("claims", "partial_name_labels")
PRONOUN_LABELS = {k: frozenset(v) for k, v in lang.table("claims", "subject_pronouns").items()}
WINDOW = int(lang.value("claims", "pronoun_window"))
NON_REFERRING_IT_HEADS = lang.words("claims", "non_referring_it_heads")
PLACE_PREPS = lang.words("syntax", "place_prepositions")
_CLAUSAL = frozenset({"ccomp", "xcomp", "csubj"})
_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})


def _words(text: str) -> tuple[str, ...]:
    return tuple(w.strip(".,").lower() for w in text.split() if w.strip(".,"))


class SubjectResolver:
    """Looks up, for a subject token, the name it refers to (built once per document)."""

    def __init__(self, mentions: Sequence[EntityMention], doc: Doc | None = None):
        self.names = sorted((m for m in mentions if m.label in NAME_LABELS and m.clean_start >= 0),
                            key=lambda m: (m.clean_start, m.clean_end))
        self.starts = [m.clean_start for m in self.names]
        self.doc = doc
        # Longer names by (label, last word), in text order: a partial name looks only at
        # the names it can shorten, so a document of many names stays linear.
        self.by_last: dict[tuple[str, str], list[EntityMention]] = {}
        for m in self.names:
            words = _words(m.text)
            if len(words) > 1 and m.label in PARTIAL_NAME_LABELS:
                self.by_last.setdefault((m.label, words[-1]), []).append(m)

    def _role(self, m: EntityMention) -> str:
        """The dependency of a mention's head word: "subject", "place" (the object of a
        place preposition, "in Moscow") or "other"."""
        span = self.doc.char_span(m.clean_start, m.clean_end, alignment_mode="expand") \
            if self.doc is not None else None
        if span is None or not len(span):
            return "other"
        root = span.root
        if root.dep_ in _SUBJECT_DEPS:
            return "subject"
        if root.dep_ == "pobj" and root.head.lower_ in PLACE_PREPS:
            return "place"
        return "other"

    def _before(self, pos: int, earliest: int) -> Iterator[EntityMention]:
        """Names ending at or before ``pos`` and starting at or after ``earliest``, nearest
        first."""
        k = bisect.bisect_left(self.starts, pos)
        lo = bisect.bisect_left(self.starts, earliest)
        for j in range(k - 1, lo - 1, -1):
            if self.names[j].clean_end <= pos:
                yield self.names[j]

    def full_name(self, mention: EntityMention) -> EntityMention | None:
        """The nearest earlier, longer name of the same label that ``mention`` repeats part
        of, ending with the same word ("Vladimir Putin" for "Putin")."""
        words = _words(mention.text)
        if not words:
            return None
        found = self.by_last.get((mention.label, words[-1]), [])
        k = bisect.bisect_left(found, mention.clean_start, key=lambda m: m.clean_start)
        for j in range(k - 1, -1, -1):
            m = found[j]
            if m.clean_end > mention.clean_start:
                continue
            longer = _words(m.text)
            if len(longer) > len(words) and all(w in longer for w in words):
                return m
        return None

    def antecedent(self, pronoun: Token, earliest: int, *, blocks_until: int | None = None
                   ) -> EntityMention | None:
        """The nearest name a subject pronoun can stand for, starting at or after clean
        offset ``earliest`` (where the window of sentences begins), or None. Only subjects
        before clean offset ``blocks_until`` (default: the pronoun) come between."""
        labels = PRONOUN_LABELS.get(pronoun.lower_)
        if labels is None:
            return None
        head = pronoun.head
        if pronoun.lower_ == "it" and (head.lemma_.lower() in NON_REFERRING_IT_HEADS or any(
                c.dep_ in _CLAUSAL and c.i > head.i for c in head.children)):
            return None  # "it seems that ...", "it is likely that ...": no referent
        # A subject is the likelier antecedent ("Putin met Vučić. He said ..." is Putin);
        # the nearest other name will do, but never a place a pronoun other than "it" or
        # "they" stands for ("Vučić met Putin in Moscow. It was ...").
        candidates = [m for m in self._before(pronoun.idx, earliest) if m.label in labels]
        roles = [self._role(m) for m in candidates]
        found = next((m for m, r in zip(candidates, roles) if r == "subject"), None) or next(
            (m for m, r in zip(candidates, roles) if r != "place"), None)
        if found is None or self._noun_subject_between(found, pronoun, blocks_until):
            return None
        return found

    def _noun_subject_between(self, m: EntityMention, pronoun: Token,
                              blocks_until: int | None = None) -> bool:
        """Is there a subject that names nothing between ``m`` and the pronoun? "The
        Russian community in Yugoslavia ..., as it enjoyed": "it" is the community, no name."""
        doc = pronoun.doc
        span = doc.char_span(m.clean_start, m.clean_end, alignment_mode="expand")
        if span is None:
            return False
        for t in doc[span.end:pronoun.i]:
            if blocks_until is not None and t.idx >= blocks_until:
                break
            if t.dep_ in _SUBJECT_DEPS and t.pos_ == "NOUN" and not self._in_name(t.idx):
                return True
        return False

    def _in_name(self, pos: int) -> bool:
        k = bisect.bisect_right(self.starts, pos) - 1
        return any(self.names[j].clean_start <= pos < self.names[j].clean_end
                   for j in range(max(0, k - 2), k + 1))

    def resolve(self, subj: Token | None, mention: EntityMention | None, *, earliest: int = 0,
                blocks_until: int | None = None) -> tuple[EntityMention | None, str]:
        """(the mention ``subj`` refers to, how it was found) for a claim's subject token
        ``subj`` whose own mention is ``mention``; (None, "") when it names nothing.
        ``earliest`` is the clean offset of the first sentence a pronoun may look back to;
        ``blocks_until``, where subjects stop coming between (a speaker's own sentence holds
        what they say: "“The government will stay,” she said")."""
        if mention is not None:
            full = self.full_name(mention) if mention.label in PARTIAL_NAME_LABELS else None
            return (full, "partial_name") if full is not None else (mention, "stated")
        if subj is None or subj.lower_ not in PRONOUN_LABELS:
            return None, ""
        found = self.antecedent(subj, earliest, blocks_until=blocks_until)
        if found is None:
            return None, ""
        full = self.full_name(found) if found.label in PARTIAL_NAME_LABELS else None
        return full or found, "pronoun"
