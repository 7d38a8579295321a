"""Claims: the statements a sentence asserts, with their source, hedging and citations.

One claim per clause: a main clause, each coordinated clause, each subordinate or relative
clause with a subject of its own. A clause reporting speech or belief ("the *Financial Times*
reported that X", "some outsiders believe X") is not a claim itself: its content X is, with
the speaker in ``attributed_to``. Subject, predicate and object come from the dependency
parse. Infobox facts become claims of ``kind="fact"`` about the document's topic.

The clause analysis lives in :mod:`pipeline.stages.syntax`, shared with
:mod:`pipeline.stages.events`, which finds happenings inside the same clauses.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from pipeline import lang
from pipeline.ids import stable_id
from pipeline.records import Block, Claim, DocFact, EntityMention, Marker, Sentence, SourceDoc, Timex
from pipeline.stages import cues, quotes
from pipeline.stages.appositives import appositive_claims
from pipeline.stages.participles import participle_claims
from pipeline.stages.spans import markup_start
from pipeline.stages.subjects import WINDOW, SubjectResolver
from pipeline.stages.syntax import (
    RELATIVE_PRONOUNS,
    Clause,
    MentionIndex,
    Parsed,
    arguments,
    parse_clauses,
    phrase_text,
    predicate_text,
    reporter_of,
    sentence_span,
    subject_token,
    tokens_text,
)

if TYPE_CHECKING:  # spaCy loads with the model; working out cache keys must not import it
    from spacy.tokens import Doc, Token

VERSION = f"10+cues{cues.VERSION}"  # 10: a dateline may give the place, its country or state and a date ("MILLOM, England, June 11, 2013 (Wire) - "); 9: a place in capitals alone before a long dash is a dateline ("ISTANBUL — "); 8: a dateline of a place and its country without an agency ("ANTWERP, Belgium —"); 7: AP datelines without a date ("NEW YORK (AP) —") are no part of a claim

LAYOUT_FACT_KEYS = lang.words("claims", "layout_fact_keys")
LAYOUT_FACT_PREFIXES = lang.ordered("claims", "layout_fact_prefixes")
SOURCE_PREPS = lang.words("claims", "source_preps")
NON_CLAIM_BLOCKS = lang.words("claims", "non_claim_blocks")
NUMERAL_PRONOUNS = lang.words("claims", "numeral_pronouns")
EMPTY_SUBJECTS = lang.words("claims", "empty_subjects")
COPULA_LEMMAS = lang.words("claims", "copula_lemmas")
QUOTING_PREPS = lang.words("claims", "quoting_preps")
DATELINE = re.compile(lang.value("claims", "dateline_pattern"))
LIST_LABEL = re.compile(lang.value("claims", "list_label_pattern"))
_DASH = re.compile(r"\s[-–—]+\s")
_ACCORDING, _TO = cues.ACCORDING_TO

_HEDGE_WORDS = cues.HEDGE_ADVERBS | cues.HEDGE_MODALS | cues.HEDGE_ADJECTIVES


# -- attribution, hedging, negation ----------------------------------------------------------


def _quoting_verb(verb: Token) -> Token | None:
    """The verb that quotes the speaker of "X quoted Y *as saying* ...", else None."""
    if verb.dep_ == "pcomp" and verb.head.lower_ in QUOTING_PREPS and verb.head.dep_ == "prep":
        return verb.head.head
    return None


def _quotes_a_speaker(head: Token) -> bool:
    """Is ``head`` the verb of "X quoted Y as saying ...", a frame round a report?"""
    if not any(c.dep_ == "dobj" for c in head.children):
        return False
    return any(c.dep_ == "prep" and c.lower_ in QUOTING_PREPS and any(
        p.dep_ == "pcomp" and p.lemma_.lower() in cues.REPORTING_VERBS
        and any(x.dep_ == "ccomp" for x in p.children) for p in c.children)
        for c in head.children)


def source_of(verb: Token, index: MentionIndex) -> str:
    """Who says so: the subject of a reporting verb, or where a participle leads."""
    return source_token(verb, index)[0]


def _said_by(tok: Token, index: MentionIndex) -> tuple[str, Token]:
    return phrase_text(tok, index, strip_article=True), tok


def source_token(verb: Token, index: MentionIndex) -> tuple[str, Token | None]:
    """(who says so, the head word of that phrase) for a reporting verb: its subject, or
    where a participle leads; ("", None) when nobody is named."""
    quoting = _quoting_verb(verb)
    speaker = next((c for c in quoting.children if c.dep_ == "dobj"), None) if quoting else None
    if speaker is not None:  # "The agency quoted a police officer as saying ..."
        return _said_by(speaker, index)
    for _ in range(6):
        subj = None
        for c in verb.children:
            if c.dep_ in ("nsubj", "csubj"):
                subj = c
            elif c.dep_ == "agent":
                subj = next((p for p in c.children if p.dep_ == "pobj"), subj)
        if subj is not None:
            if subj.lower_ in RELATIVE_PRONOUNS and verb.dep_ == "relcl":
                subj = verb.head
            # "The newspaper Politika reported ...": the name says who, not the noun.
            name = next((c for c in subj.children if c.dep_ == "appos" and c.pos_ == "PROPN"),
                        None)
            if name is not None and subj.pos_ == "NOUN" and index.at(subj) is None:
                subj = name
            return _said_by(subj, index)
        if verb.dep_ == "acl":
            return _said_by(verb.head, index)
        if verb.head.i == verb.i:
            return "", None
        governor = verb.head
        # "A revelation came from the Financial Times, reporting that ...": the source is
        # the "from" phrase of the verb the participle hangs on.
        for c in governor.children:
            if c.dep_ in ("prep", "agent") and c.lower_ in SOURCE_PREPS:
                pobj = next((p for p in c.children if p.dep_ == "pobj"), None)
                if pobj is not None:
                    return _said_by(pobj, index)
        verb = governor
    return "", None


def attribution(clause: Clause, index: MentionIndex) -> tuple[str, str]:
    """(source, cue) for a clause: a reporting frame or "according to".

    The cue is the reporting verb group ("also noted", "has said") or "according to"; both
    are empty when the document asserts the clause itself.
    """
    source, cue, _ = attribution_token(clause, index)
    return source, cue


def attribution_token(clause: Clause, index: MentionIndex) -> tuple[str, str, Token | None]:
    """(source, cue, the source's head word) for a clause, as :func:`attribution`; the word
    lets a pronoun source ("he said") be resolved to the person it stands for."""
    if clause.reporter is not None:
        src, tok = source_token(clause.reporter, index)
        if src:
            return src, predicate_text(clause.reporter), tok
    doc = clause.head.doc
    for i in clause.tokens:
        t = doc[i]
        if t.lower_ == _ACCORDING:
            for c in t.children:
                pobj = next((p for p in c.children if p.dep_ == "pobj"), None) if c.lower_ == _TO else None
                if pobj is not None:
                    return phrase_text(pobj, index, strip_article=True), f"{t.text} {c.text}", pobj
                if c.dep_ == "pobj":
                    return phrase_text(c, index, strip_article=True), t.text, c
    # A stance verb ("Vučić praised ...") is the document's claim about its subject: the
    # subject is not also its source.
    return "", "", None


def nested_report(clause: Clause, index: MentionIndex) -> tuple[str, str]:
    """(source, cue) of the report a reported clause's own report sits in: in "the minister
    said that the general claimed the army had withdrawn", the general claims it (the
    clause's attribution) and the minister reports that (this one). Empty when the report
    is the document's own, or when the clause's attribution is an "according to"."""
    reporter = clause.reporter
    if reporter is None:
        return "", ""
    outer = reporter_of(reporter) or _quoting_verb(reporter)
    if outer is not None and outer.i != reporter.i:
        src = source_of(outer, index)
        if src:
            return src, predicate_text(outer)
    for c in reporter.children:  # "According to the agency, the minister said ..."
        if c.lower_ == _ACCORDING:
            for to in c.children:
                pobj = next((p for p in to.children if p.dep_ == "pobj"), None)
                if to.lower_ == _TO and pobj is not None:
                    return phrase_text(pobj, index, strip_article=True), f"{c.text} {to.text}"
    return "", ""


def _verb_group(tok: Token) -> list[Token]:
    """A hedging verb with its auxiliaries and the adverbs between: "is often perceived"."""
    toks = [tok] + [c for c in tok.children if c.dep_ in ("aux", "auxpass") and c.i < tok.i]
    left = min(t.i for t in toks)
    toks += [c for c in tok.children if c.dep_ == "advmod" and left < c.i < tok.i]
    return toks


def hedge_cues(clause: Clause) -> list[str]:
    """Hedging cues in the clause (and on the verb that reports it), in text order."""
    found = hedge_cue_tokens(clause)
    cues_found = [found[i] for i in sorted(found)]
    # "might" is already part of "might have seemed".
    return [c for c in cues_found if not any(c != o and c in o.split() for o in cues_found)]


def hedge_cue_tokens(clause: Clause) -> dict[int, str]:
    """Hedging cues of the clause by the index of their word: what :func:`hedge_cues`
    lists, before the cues inside a longer one are dropped."""
    doc = clause.head.doc
    candidates = [doc[i] for i in clause.tokens]
    if clause.reporter is not None:
        r = clause.reporter
        candidates += [r] + [c for c in r.children if c.dep_ in ("advmod", "aux")]
    found: dict[int, str] = {}
    if clause.reporter is not None and clause.reporter.dep_ == "advcl":
        candidates += [c for c in clause.reporter.children if c.dep_ == "advmod"]
    for t in candidates:
        low, lemma = t.lower_, t.lemma_.lower()
        if low not in _HEDGE_WORDS and lemma not in cues.HEDGE_VERBS:
            continue  # most words: no need to look at their part of speech
        if t.pos_ == "ADV" and low in cues.HEDGE_ADVERBS:
            found[t.i] = t.text
        elif t.tag_ == "MD" and low in cues.HEDGE_MODALS:
            found[t.i] = t.text
        elif t.pos_ == "VERB" and lemma in cues.HEDGE_VERBS:
            found[t.i] = tokens_text(_verb_group(t), strip_article=False)
        elif t.pos_ in ("ADJ", "VERB") and t.dep_ == "amod" and (low in cues.HEDGE_ADJECTIVES):
            found[t.i] = t.text
        elif t.pos_ == "ADJ" and low in cues.HEDGE_ADJECTIVES and t.dep_ in ("acomp", "attr"):
            found[t.i] = t.text
    return found


# A dependent cue hedges the word it hangs on ("*may* sign", "*reportedly* died", "the
# *alleged* plot", "is *likely* to"); a hedging verb ("*appears* to be") hedges its own phrase.
_CUE_ON_HEAD = frozenset({"aux", "auxpass", "advmod", "amod", "acomp", "attr", "neg"})


def hedge_scope(clause: Clause, cue_tokens: Sequence[int], *, framed: bool,
                clean_start: int, clean_end: int) -> tuple[int, int]:
    """Clean (start, end) of what the clause's hedges hedge, or (-1, -1) without a hedge.

    A cue in the clause scopes over the phrase of the word it modifies, cue included, within
    the clause (a modal or "reportedly" on the verb: the whole clause; "alleged" on a noun:
    that noun phrase). A cue outside it, on the reporting verb ("reportedly said that X")
    or in a frame that only hedges ("it seems that X"), scopes over the whole clause X.
    Several cues: the span covering all their scopes.
    """
    if framed and not cue_tokens:
        return clean_start, clean_end
    doc = clause.head.doc
    inside = set(clause.tokens)
    lo, hi = -1, -1
    for i in cue_tokens:
        if framed or i not in inside:
            return clean_start, clean_end
        t = doc[i]
        anchor = t.head if t.dep_ in _CUE_ON_HEAD and t.head.i in inside else t
        words = [doc[j] for j in range(anchor.left_edge.i, anchor.right_edge.i + 1)
                 if j in inside and not doc[j].is_punct and not doc[j].is_space]
        if not words:
            continue
        s, e = words[0].idx, words[-1].idx + len(words[-1].text)
        lo = s if lo < 0 else min(lo, s)
        hi = max(hi, e)
    if lo < 0:
        return -1, -1
    return max(lo, clean_start), min(hi, clean_end)


def is_negated(head: Token) -> bool:
    """Is the clause's main predication negated ("did not commit", "doesn't fully hold")?"""
    for t in (head, *[c for c in head.children if c.dep_ == "xcomp"]):
        for c in t.children:
            if c.dep_ == "neg" or (c.dep_ == "advmod" and c.lower_ in cues.NEGATION_ADVERBS):
                return True
    return False


# -- what a clause says and who says it -----------------------------------------------------


def _verb_of(head: Token) -> Token | None:
    """The verb a clause predicates with: its head, or, for a sentence the parser rooted in
    its subject noun ("This intervention *led* to ..."), the tensed verb hung on that noun.
    None for a verbless line (a heading, a caption, a label): it claims nothing."""
    if head.pos_ in ("VERB", "AUX"):
        return head
    if head.pos_ in ("NOUN", "PROPN", "PRON") and head.dep_ == "ROOT":
        return next((c for c in head.children if c.dep_ == "acl" and c.i > head.i
                     and c.tag_ in ("VBD", "VBZ", "VBP")), None)
    return None


def claim_subject(head: Token, reporter: Token | None = None) -> Token | None:
    """The clause's subject; of two on one verb (a misparse of "While X began, Y signed"),
    the nearer. A clause interrupted by its speech frame ("The emperor, the chronicle says,
    died ...") may find its subject hung on the frame, before the frame's own."""
    subj = subject_token(head)
    if subj is None and reporter is not None and reporter.dep_ == "parataxis":
        subjects = [c for c in reporter.children if c.dep_ == "nsubj"]
        if len(subjects) > 1 and subjects[0].i < head.i:
            return subjects[0]
    if subj is not None and subj.head.i == head.i:
        near = [c for c in head.children if c.dep_ in ("nsubj", "nsubjpass") and c.i < head.i]
        if len(near) > 1:
            subj = max(near, key=lambda t: t.i)
    return subj


def subject_text(subj: Token, head: Token, index: MentionIndex) -> str:
    """The subject's words. A capital "I" right after a name is a numeral, not the
    pronoun: "King Alexander I was assassinated", "... of World War I was ..."; the parser
    then hangs the name (or the true subject) on the verb as a noun-phrase adverbial."""
    doc = subj.doc
    if (subj.text.lower() in NUMERAL_PRONOUNS and subj.text.isupper() and subj.i > 0
            and doc[subj.i - 1].pos_ == "PROPN"):
        name = next((c for c in head.children if c.dep_ == "npadvmod" and c.i < subj.i), None)
        if name is not None:
            m = index.at(name)
            if m is not None and index.at(subj) is m:
                return m.text
            return tokens_text([*name.subtree, subj], strip_article=False)
    return phrase_text(subj, index)


def hedge_only(sent_clauses: Sequence[Clause]) -> tuple[set[int], dict[int, tuple[str, ...]]]:
    """Clauses that only hedge another ("less pro-Russian than *it appeared*", "than *it
    might have seemed*", "*it seems that* the talks failed", "*it is likely that* ..."):
    a hedging verb, or a copula with a hedging adjective, with an empty subject and no
    complement but, at most, the clause it hedges.

    Returns the heads of such clauses (left out) and, by the head of the clause each
    hedges, the cues that clause carries.
    """
    heads = {c.head.i: c for c in sent_clauses}
    skip: set[int] = set()
    out: dict[int, tuple[str, ...]] = {}
    for clause in sent_clauses:
        h = clause.head
        hedge_adj = next((c for c in h.children if c.dep_ == "acomp"
                          and c.lower_ in cues.HEDGE_ADJECTIVES), None)
        if h.lemma_.lower() not in cues.HEDGE_VERBS and hedge_adj is None:
            continue
        subj = subject_token(h)
        if subj is None or subj.lower_ not in EMPTY_SUBJECTS:
            continue
        content = [c.i for c in h.children if c.dep_ == "ccomp" and c.i > h.i and c.i in heads]
        allowed = {*content, hedge_adj.i if hedge_adj is not None else -1}
        if any(c.dep_ in ("ccomp", "xcomp", "acomp", "attr", "dobj", "oprd")
               and c.i not in allowed for c in h.children):
            continue
        cue = hedge_cues(clause) or [predicate_text(h)]
        skip.add(h.i)
        if content:  # "it seems that X": X is hedged
            out[content[0]] = out.get(content[0], ()) + tuple(cue)
            continue
        t = h
        for _ in range(8):  # up to the clause it sits in
            if t.head.i == t.i:
                break
            t = t.head
            if t.i in heads:
                out[t.i] = out.get(t.i, ()) + tuple(cue)
                break
    return skip, out


def dateline_end(text: str, sent: Sentence) -> int:
    """Where a leading dateline ("BELGRADE, Jan 28 (Annalist Wire) - ") ends, else -1."""
    return dateline_end_at(text, sent.clean_start, sent.clean_end)


def dateline_end_at(text: str, start: int, end: int | None = None) -> int:
    """Where a dateline starting at ``start`` ends, else -1: what places and events ask
    of a capitalised name opening a story ("ANKARA, March 9 (Reuters) -")."""
    m = DATELINE.match(text, start, len(text) if end is None else end)
    return m.end() if m else -1


def list_labels(text: str, blocks: Sequence[Block]) -> list[tuple[int, int]]:
    """Clean (start, end) of the label opening each list item ("Arms Supply: "), which
    names what the item is about and is no part of its claims."""
    out = []
    for b in blocks:
        if b.kind == "list_item":
            m = LIST_LABEL.match(text, b.clean_start, b.clean_end)
            if m:
                out.append((b.clean_start, m.end()))
    return out


def label_end(labels: Sequence[tuple[int, int]], clean_start: int) -> int:
    """Where the list label a clause starting at ``clean_start`` starts in ends, else -1."""
    k = bisect.bisect_right(labels, (clean_start, 1 << 62)) - 1
    if k >= 0 and labels[k][0] <= clean_start < labels[k][1]:
        return labels[k][1]
    return -1


# -- citations -------------------------------------------------------------------------------


def _inline_citations(sent: Sentence, markers: Sequence[Marker]) -> dict[str, int]:
    """Citation markers sitting inside a sentence: they support only the text before them."""
    out: dict[str, int] = {}
    for m in markers:
        if m.kind == "citation" and sent.clean_start < m.clean_pos < sent.clean_end - 1:
            out.setdefault(m.text, m.clean_pos)
    return out


def claim_citations(sent: Sentence, inline: dict[str, int], clean_start: int) -> tuple[str, ...]:
    """The sentence's citations that support a claim starting at ``clean_start``."""
    return tuple(c for c in sent.citations if c not in inline or clean_start < inline[c])


# -- the stage -------------------------------------------------------------------------------


def extract_claims(
    doc: Doc,
    src: SourceDoc,
    sents: Sequence[Sentence],
    mentions: Sequence[EntityMention],
    timexes: Sequence[Timex],
    *,
    parsed: Parsed | None = None,
) -> list[Claim]:
    """Claims for every clause of every sentence, plus one per infobox fact.

    ``doc`` is spaCy's parse of ``src.text``; offsets of the returned claims are raw
    (``start``/``end``) and cleaned (``clean_start``/``clean_end``). ``parsed`` is
    :func:`parse_clauses` of the same arguments, when the caller has it already.
    """
    parsed = parsed or parse_clauses(doc, sents, mentions)
    index = parsed.index
    resolver = SubjectResolver(mentions, doc)
    sent_starts = [s.clean_start for s in sents]
    dated = sorted((t for t in timexes if t.clean_start >= 0), key=lambda t: t.clean_start)
    out: list[Claim] = []
    seen: set[str] = set()
    # Markers by position, so a sentence looks only at its own (a document may hold
    # 100,000); each slice goes back into document order, which _inline_citations keeps.
    by_pos = sorted(range(len(src.markers)), key=lambda i: src.markers[i].clean_pos)
    marker_pos = [src.markers[i].clean_pos for i in by_pos]
    quote_source: tuple[str, str, str] | None = None  # the speaker of a quote still open
    labels = list_labels(src.text, sorted(src.blocks, key=lambda b: b.clean_start))
    for sent, sent_clauses in parsed.sentences:
        if sent.kind in NON_CLAIM_BLOCKS:
            continue  # a caption labels a picture: context, not a statement
        lo = bisect.bisect_right(marker_pos, sent.clean_start)
        hi = bisect.bisect_left(marker_pos, sent.clean_end - 1)
        inline = _inline_citations(sent, [src.markers[i] for i in sorted(by_pos[lo:hi])])
        skip_to = dateline_end(src.text, sent)
        hedging, hedges = hedge_only(sent_clauses)
        quoted = quotes.is_quotation(src.text, sent)
        k = bisect.bisect_right(sent_starts, sent.clean_start) - 1
        earliest = sent_starts[max(0, k - WINDOW + 1)] if k >= 0 else 0
        found, made = [], []
        for clause in sent_clauses:
            if clause.head.i in hedging or _verb_of(clause.head) is None:
                continue  # "than it appeared": a hedge of its governor; verbless: a label
            if _quotes_a_speaker(clause.head):
                continue  # "the agency quoted X as saying Y": Y's outer report, not a claim
            if clause.clean_end <= skip_to:
                continue
            label = label_end(labels, clause.clean_start)
            if clause.clean_end <= label:
                continue  # "Arms Supply:": the item's label
            claim = _claim(src, sent, clause, index, dated, inline, resolver=resolver,
                           earliest=earliest, extra_hedges=hedges.get(clause.head.i, ()),
                           skip_to=max(skip_to, label))
            if quoted and quote_source is not None and not claim.attributed_to:
                # A quotation going on in the next sentence: the same speaker says it.
                claim = replace(claim, attributed_to=quote_source[0],
                                attribution_cue=quote_source[1],
                                source_mention_id=quote_source[2])
            found.append(claim)
            made.append(clause)
        found = quotes.split_quotes(src.text, sent, found)
        by_head = {c.head.i: claim for c, claim in zip(made, found)}
        phrases = participle_claims(src, sent, sent_clauses, by_head, index, dated)
        span = sentence_span(doc, sent) if sent_clauses else None
        facts = [] if span is None else appositive_claims(
            src, sent, span, index, dated, skip_to=skip_to,
            citations=claim_citations(sent, inline, sent.clean_start))
        for claim in (*found, *phrases, *facts):
            if claim.claim_id not in seen:
                seen.add(claim.claim_id)
                out.append(claim)
        quote_source = quotes.open_quote_speaker(src.text, sent, found)
    out = quotes.spread_over_quotations(src.text, out)
    for claim in fact_claims(src, timexes):
        if claim.claim_id not in seen:
            seen.add(claim.claim_id)
            out.append(claim)
    return out


def _claim(
    src: SourceDoc,
    sent: Sentence,
    clause: Clause,
    index: MentionIndex,
    timexes: Sequence[Timex],
    inline: dict[str, int],
    *,
    resolver: SubjectResolver | None = None,
    earliest: int = 0,
    extra_hedges: Sequence[str] = (),
    skip_to: int = -1,
) -> Claim:
    head = clause.head
    clean_start, clean_end = clause.clean_start, clause.clean_end
    if clean_start < skip_to:  # "BELGRADE, Jan 28 (Wire) - ...": the dateline is not said
        doc = head.doc
        first = next((i for i in clause.tokens if doc[i].idx >= skip_to and not doc[i].is_punct
                      and not doc[i].is_space), None)
        clean_start = doc[first].idx if first is not None else clean_start
    start, end = src.offsets.to_raw(clean_start, clean_end)
    start = markup_start(src, start, clean_start)
    subj = claim_subject(head, clause.reporter)
    if subj is not None and subj.idx < skip_to:
        subj = None
    if head.pos_ in ("VERB", "AUX"):
        subject = subject_text(subj, head, index) if subj is not None else ""
        predicate, args = predicate_text(head), arguments(head, clause.tokens)
    else:  # "This intervention led to ...", parsed as a noun with a clause hung on it
        verb = _verb_of(head)
        subj = head
        subject = phrase_text(head, index)
        predicate, args = predicate_text(verb), arguments(verb, clause.tokens)
    if subject:  # a name the parser hung on the verb is the subject, not an adjunct
        args = replace(args, adjuncts=tuple(a for a in args.adjuncts if a not in subject))
    mention, resolution = (resolver or SubjectResolver(())).resolve(
        subj, index.at(subj), earliest=earliest)
    source, cue, source_tok = attribution_token(clause, index)
    speaker = None
    if source_tok is not None:  # "he said": the person "he" stands for
        speaker, _ = (resolver or SubjectResolver(())).resolve(
            source_tok, index.at(source_tok), earliest=earliest, blocks_until=sent.clean_start)
    outer, outer_cue = nested_report(clause, index) if source else ("", "")
    cue_found = hedge_cue_tokens(clause)
    hedge_lo, hedge_hi = hedge_scope(clause, sorted(cue_found), framed=bool(extra_hedges),
                                     clean_start=clean_start, clean_end=clean_end)
    hedge_raw = src.offsets.to_raw(hedge_lo, hedge_hi) if hedge_lo >= 0 else (-1, -1)
    if skip_to > 0:  # the dateline is not part of who speaks
        source = _DASH.split(source)[-1]
        outer = _DASH.split(outer)[-1]
    return Claim(
        claim_id=stable_id("C", src.doc_id, start, end),
        doc_id=src.doc_id,
        start=start,
        end=end,
        line=src.line_of(start),
        text=src.text[clean_start:clean_end],
        subject=subject,
        predicate=predicate,
        object=args.object,
        sent_index=sent.index,
        clean_start=clean_start,
        clean_end=clean_end,
        subject_mention_id=mention.mention_id if mention is not None else "",
        attributed_to=source,
        attribution_cue=cue,
        hedge="|".join(dict.fromkeys([*hedge_cues(clause), *extra_hedges])),
        negated=is_negated(head),
        citations=claim_citations(sent, inline, clean_start),
        citation_needed=sent.citation_needed,
        timex_ids=tuple(
            t.timex_id for t in timexes if clean_start <= t.clean_start and t.clean_end <= clean_end
        ),
        locator=sent.locator,
        kind="statement",
        adjuncts=args.adjuncts,
        time=args.time,
        place=args.place,
        is_a=is_copula(head),
        subject_resolution=resolution,
        reported_by=outer,
        reported_by_cue=outer_cue,
        source_mention_id=speaker.mention_id if speaker is not None else "",
        hedge_start=hedge_raw[0],
        hedge_end=hedge_raw[1],
        hedge_scope=src.text[hedge_lo:hedge_hi] if hedge_lo >= 0 else "",
    )


def is_copula(head: Token) -> bool:
    """Does the clause say what its subject is ("Belgrade is the capital of Serbia")?"""
    return head.lemma_.lower() in COPULA_LEMMAS and any(
        c.dep_ == "attr" and c.pos_ in ("NOUN", "PROPN") for c in head.children)


def topic(src: SourceDoc) -> str:
    """What the document is about: its title without wiki heading marks."""
    return src.title.strip().strip("=").strip()


def fact_claims(src: SourceDoc, timexes: Sequence[Timex] = ()) -> list[Claim]:
    """Infobox facts as claims: subject = the topic, predicate = the key, object = the value."""
    out = []
    for fact in src.facts:
        if not _meaningful(fact):
            continue
        start, end = fact.start, fact.end
        line = fact.line or src.line_of(start)
        out.append(Claim(
            claim_id=stable_id("C", src.doc_id, start, end),
            doc_id=src.doc_id,
            start=start,
            end=end,
            line=line,
            text=fact.value.strip(),
            subject=topic(src),
            predicate=fact.key.strip().lower(),
            object=fact.value.strip(),
            sent_index=-1,
            timex_ids=tuple(t.timex_id for t in timexes if start <= t.start and t.end <= end and t.timex_id),
            locator=f"{src.path}#L{line}",
            kind="fact",
        ))
    return out


def _meaningful(fact: DocFact) -> bool:
    key = fact.key.strip().lower()
    if not key or key in LAYOUT_FACT_KEYS or key.startswith(LAYOUT_FACT_PREFIXES):
        return False
    return any(ch.isalnum() for ch in fact.value)
