"""Event time: the date of a happening, how it was found, and how sure that is.

A date attached to the trigger, else one in the same clause, else one in the same sentence;
failing those the narrative time of the section (the latest preceding absolute date) with
a lower ``confidence`` and the anchor recorded. An event introduced by "after" or "before"
a dated clause gets that date as a bound ("months after the NATO bombing").
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING, Sequence

from pipeline import lang
from pipeline.records import Sentence, SourceDoc, Timex
from pipeline.stages import syntax
from pipeline.stages.event_candidates import (
    STATEMENT,
    _attached_to,
    _Candidate,
    _DocContext,
    _timex_root,
    _timexes_within,
    _usable,
)
from pipeline.stages.event_lexicon import is_event_noun
from pipeline.stages.event_ontology import Ontology
from pipeline.stages.event_triggers import FUTURE, HYPOTHETICAL, _lemma, match_noun, modality
from pipeline.stages.syntax import OF
from pipeline.temporal.calendar import PRECISION_RANK, add_days
from pipeline.temporal.lexicon import PATTERNS

if TYPE_CHECKING:  # spaCy loads with the model; working out cache keys must not import it
    from spacy.tokens import Doc, Span, Token


RELATIVE_PREPS = lang.table("events", "relative_preps")  # preposition -> "after"/"before"
LATER_ADVERBS = lang.words("events", "later_adverbs")  # "later put on trial": after its context
LATER = "later"  # the relation of a happening to what was told before it
# Dates that set no narrative time: "an ally since 1799", "until 1999", "from 1806".
NON_ANCHOR_PREPS = lang.words("events", "non_anchor_preps")
QUANTITY_NOUNS = lang.words("events", "quantity_nouns")
SHORT_SPAN_NOUNS = lang.words("events", "short_span_nouns")
PERIOD_NOUNS = lang.words("events", "period_nouns")  # "the 2010 season": a time, not a thing


# A date before the noun it modifies: "the 1940s actress", "the March 5 attack".
PRENOMINAL_DEPS = frozenset({"nummod", "compound", "nmod", "amod", "poss"})
PERSON_LIKE = frozenset({"PERSON", "NORP"})
_BEARER_LABELS = frozenset({"PERSON", "NORP", "ORG"})  # an apposition to these describes them
PERSON_RELATIVES = lang.words("events", "person_relatives")  # "who", "whom", "whose"
TARGET_PREPS = lang.words("events", "target_preps")  # "scheduled talks for Friday"
REASON_PREPS = lang.words("events", "reason_preps")  # "sentenced for bribing officials in 2015"
PRIOR_ACT_VERBS = lang.words("events", "prior_act_verbs")  # "charged on Monday with the murders"
PRIOR_ACT_PREPS = lang.words("events", "prior_act_preps")
REACTED_TO_VERBS = lang.words("events", "reacted_to_verbs")  # "condemned the bombing on Thursday"

# TimeML's values for a time told only as past, present or future of its anchor.
REFERENCE_VALUES = frozenset({"PAST_REF", "PRESENT_REF", "FUTURE_REF"})
PRESENT_TAGS = frozenset({"VBZ", "VBP"})  # Penn tags of a present-tense finite verb

CONFIDENCE = {"trigger": 0.9, "clause": 0.85, "sentence": 0.7, "relative": 0.5,
              "context": 0.4, "context_far": 0.3, "none": 0.2}


def _own_timexes(cand: _Candidate, trigger_ids: set[int], clause_heads: set[int], ctx: _DocContext,
                 roots: list[tuple[Token, Timex]]) -> list[Timex]:
    ids = {m.i for m in cand.members} | ({cand.np_head.i} if not cand.is_verb else set())
    head = cand.np_head
    if not cand.is_verb and head.dep_ == "pobj" and head.head.lower_ == OF and (
            _lemma(head.head.head) in QUANTITY_NOUNS):
        ids.add(head.head.head.i)  # "a string of victories in 1806"
    if cand.light is not None:
        ids.add(cand.light.i)
    out = []
    for root, tx in roots:
        if not reaches(tx, cand, ctx):
            continue
        if cand.is_verb and _aimed_at(root, cand):
            cand.targets.append(tx)  # the date of what it fixes, not of its own act
            continue
        at = _attached_to(root, trigger_ids | ids | {c for c in clause_heads}, clause_heads)
        if at in ids:
            out.append(tx)
    return out


def _verb_ids(cand: _Candidate) -> set[int]:
    """The token indices of the verb ``cand`` with the words it merged ("opened fire")."""
    return {cand.tok.i, *(m.i for m in cand.members)}


def _aimed_at(root: Token, cand: _Candidate) -> bool:
    """Is the date rooted at ``root`` the time the verb ``cand`` aims at ("called a strike
    for next Wednesday", "scheduled talks for Friday": on the verb or on its object)?"""
    if root.dep_ != "pobj" or root.head.lower_ not in TARGET_PREPS:
        return False
    verb = _verb_ids(cand)
    held = root.head.head
    return held.i in verb or (held.dep_ == "dobj" and held.head.i in verb)


def _time(
    cand: _Candidate,
    clause: syntax.Clause,
    sent: Sentence,
    ctx: _DocContext,
) -> tuple[Timex | None, str, str, tuple[str, str]]:
    """(timex, date_source, anchor, (earliest, latest) override for relative bounds).
    A timex that is one end of a written range dates the event with the whole range."""
    tx, source, anchor, bounds = _time_of(cand, clause, sent, ctx)
    if tx is not None and tx.value in REFERENCE_VALUES:
        # "A few weeks later an attack on Baltimore was repulsed": TimeML's FUTURE_REF says
        # only "after the anchor"; a reader gets that as bounds after August 1814, not as a
        # date.
        return None, "relative", tx.anchor or tx.text, (tx.earliest, tx.latest)
    if source == "context" and tx is not None and tx.value[10:11] == "T":
        # "sent the alert only at 8 p.m. on Tuesday. ... Spain deployed 1,000 soldiers":
        # an earlier sentence gives this one its day, not its hour.
        tx = replace(tx, value=tx.value[:10])
    return _with_range(tx, ctx), source, anchor, bounds


def describes_referent(span: Span, onto: Ontology, *, era: bool = False) -> bool:
    """Is the date an attribute of a person or thing, not the time of a happening?
    "The 1940s Hollywood actress ... died on 6th June", "the 1990s pop band split up":
    the decade is the actress's era, not the death's. Only a doer is described so (a
    subject, or a person or a group): a noun of its own happening keeps its date ("the
    March 5 attack"), so does a stretch of time ("the 2010 season") and a thing done to or
    in ("the 2006 constitution was adopted", "admitted in a 2005 Vanity Fair article").
    An ``era`` (a decade or century: "the 1990s Cy Young winner") describes in any role."""
    # The date's last word to attach outside it: "1940s" in "The 1940s", whose "The" also
    # attaches to the noun.
    root = next((t for t in reversed(span) if not span.start <= t.head.i < span.end), span.root)
    noun = root.head
    if root.dep_ in PRENOMINAL_DEPS and any(t.is_punct for t in span.doc[span.end:noun.i]):
        # "That winter, disease killed more men": a comma between them, the parser's
        # modifier is the clause's time.
        return False
    if root.dep_ not in PRENOMINAL_DEPS or noun.i <= root.i or noun.pos_ not in ("NOUN", "PROPN"):
        return era and _era_before_nouns(span, root, onto)
    if _names_a_time_or_happening(noun, onto):
        return False
    return era or _doer(noun) or _person_like(noun)


def _names_a_time_or_happening(noun: Token, onto: Ontology) -> bool:
    return _lemma(noun) in PERIOD_NOUNS or is_event_noun(noun) or match_noun(noun, onto) is not None


def _era_before_nouns(span: Span, root: Token, onto: Ontology) -> bool:
    """An era the parser hangs on the verb though nouns follow it: "Famous 1950s pin up
    star Betty Page has died" (npadvmod), "The 1950s pinup model Bettie Page died" (nsubj).
    Words that follow a decade inside its noun phrase are what it describes; after a
    preposition ("in the 1950s prices rose") it is a time."""
    if root.dep_ in ("pobj", "prep") or root.head.dep_ == "prep":
        return False
    nouns = []
    for t in span.doc[span.end:span.end + 6]:
        if t.pos_ in ("NOUN", "PROPN"):
            nouns.append(t)
        elif not (t.dep_ in PRENOMINAL_DEPS or t.dep_ == "prt" or t.is_punct and t.text == "-"):
            break
    return bool(nouns) and not any(_names_a_time_or_happening(n, onto) for n in nouns)


def describing_clause(span: Span, onto: Ontology) -> tuple[int, int] | None:
    """The token range of the relative clause holding the date when that clause describes a
    person or thing ("Williams, who starred in musicals of the 1940s, has died": the 1940s
    are the starring's, not the death's); ``None`` when the date is in no such clause or the
    clause describes the happening its sentence tells ("the attack, which took place on 5
    March, killed ten"); one describing another happening dates that one.
    An apposition to a name is such a clause too ("Williams, a star of the 1940s, died")."""
    t = span.root
    for _ in range(12):
        # Only a relative clause: a participle ("terminated by a law passed in April 1922")
        # mostly dates the act it serves, and the parser makes main verbs participles
        # ("relations soured in 1948").
        if t.dep_ == "relcl" and t.head.pos_ in ("NOUN", "PROPN", "PRON"):
            noun = t.head
            if is_event_noun(noun) or match_noun(noun, onto) is not None:
                if noun.dep_ in ("nsubj", "nsubjpass"):
                    return None
                # "called to protest a reform that the government approved last week":
                # the clause dates the reform it describes, not the strike
                return noun.left_edge.i, t.right_edge.i
            return t.left_edge.i, t.right_edge.i
        # "Williams, one of the biggest stars of the 1940s, died": an apposition to the
        # name of a person or group describes its bearer, as a relative clause does; one
        # to a title ("'A Threatening Situation', a comic from July 1914: 'If Austria
        # attacks ...'") dates the work and what it says. A date in apposition itself
        # ("the Belgrade Offensive (1944)") dates the name.
        if (t.dep_ == "appos" and t.head.ent_type_ in _BEARER_LABELS
                and t.pos_ in ("NOUN", "PROPN", "NUM") and not span.start <= t.i < span.end):
            if is_event_noun(t) or match_noun(t, onto) is not None:
                return None
            return t.left_edge.i, t.right_edge.i
        if t.head.i == t.i:
            return None
        t = t.head
    return None


def act_of_reason(span: Span) -> tuple[int, int] | None:
    """The token range of the gerund holding the date when it is the act its verb is for
    or about: "sentenced on Friday for bribing officials in 2015" (the bribing's date; the
    sentence was passed on Friday, or when, unknown), "charged with killing a man in 2019".
    The date still sets the narrative time of what follows."""
    t = span.root
    for _ in range(12):
        # (not "with the Ottomans declaring war in 1806": a gerund with its own subject
        # tells the circumstance of the sentence, and dates it)
        if (t.dep_ == "pcomp" and t.tag_ == "VBG" and t.head.lower_ in REASON_PREPS
                and t.head.head.pos_ in ("VERB", "AUX")
                and not any(c.dep_ == "nsubj" for c in t.children)):
            return t.left_edge.i, t.right_edge.i
        if t.head.i == t.i or t.dep_ in ("ROOT", "ccomp", "advcl", "relcl"):
            return None
        t = t.head
    return None


def reaches(tx: Timex, cand: _Candidate, ctx: _DocContext) -> bool:
    """Can the date ``tx`` date ``cand``: not when it lies in a clause describing a person
    or thing that ``cand`` is outside of, nor when it is a dateline's (the report's date)."""
    if id(tx) in ctx.dateline_ids:
        return False
    scope = ctx.scopes.get(id(tx))
    return scope is None or scope[0] <= cand.tok.i <= scope[1]


def _doer(noun: Token) -> bool:
    """The subject of its verb, or in apposition to it or to a name: "the band split up",
    "was hit by a 2013 Toyota Camry", "Bettie Page, the 1950s pinup and bondage model, has
    died"."""
    t, beside_a_name = noun, False
    while t.dep_ in ("appos", "conj", "compound") and t.head.i != t.i:
        beside_a_name |= t.dep_ == "appos" and t.head.pos_ == "PROPN"
        t = t.head
    # "Bettie Page, the 1950s pin-up queen, will be remembered": what describes a name
    # describes its bearer, whatever the bearer's role.
    return beside_a_name or t.dep_ == "nsubj" or (t.dep_ == "pobj" and t.head.dep_ == "agent")


def _person_like(noun: Token) -> bool:
    """"the 2008 Olympic champion Michael Phelps", "a 2008 GMC Sierra": the noun names, or
    stands beside the name of, a person. A named organisation counts only as the noun
    itself: beside a noun it mostly names a work ("the 2006 HBO movie, The Notorious Bettie
    Page", which dates the celebration in it)."""
    if noun.ent_type_ in PERSON_LIKE or noun.ent_type_ == "ORG":
        return True
    if any(c.dep_ == "relcl" and any(w.lower_ in PERSON_RELATIVES for w in c.children)
           for c in noun.children):
        return True  # "the winner, who starred for the Braves"
    near = [c for c in noun.children if c.dep_ == "appos"]
    if noun.dep_ in ("compound", "appos"):
        near.append(noun.head)
    return any(t.ent_type_ in PERSON_LIKE for t in near)


def _with_range(tx: Timex | None, ctx: _DocContext) -> Timex | None:
    """``tx``, or, when it is one end of a range ("from April to September 1957"), ``tx``
    with the range's interval: the first end's value and earliest, the last end's latest."""
    if tx is None or not tx.range_start_id:
        return tx
    by_id = {t.timex_id: t for t in ctx.timexes
             if t.timex_id in (tx.range_start_id, tx.range_end_id)}
    first, last = by_id.get(tx.range_start_id), by_id.get(tx.range_end_id)
    if first is None or last is None:
        return tx
    prec = max(first.precision, last.precision, key=lambda p: PRECISION_RANK.get(p, 7))
    return replace(tx, value=first.value, mod=first.mod, earliest=first.earliest,
                   latest=last.latest, precision=prec)


def _time_of(
    cand: _Candidate,
    clause: syntax.Clause,
    sent: Sentence,
    ctx: _DocContext,
) -> tuple[Timex | None, str, str, tuple[str, str]]:
    trig = cand.tok.idx
    if cand.own_timexes:
        # "Fifty years later, in 1878": the explicit date over the relative one.
        # A date looked back to ("walked off on Wednesday ... for the first time since the
        # 2019 dispute") bounds another happening; it comes last. A weekday told from the
        # report's date is as explicit as a written one, and the nearer one wins ("March
        # 14, 2024 - Dock workers walked off the job on Wednesday").
        best = min(cand.own_timexes, key=lambda t: (
            _after_non_anchor_prep(ctx.src.text, t),
            (bool(t.anchor) and t.anchor != "DCT") or not t.value[:1].isdigit(),
            abs(t.clean_start - trig), t.clean_start))
        return best, "clause", "", ("", "")
    named = None if cand.is_verb else ctx.index.at(cand.np_head)
    if named is not None and named.label == "EVENT" and cand.light is None:
        # "the beginning of World War I", "the rest of the Cold War": a named event has its
        # own dates, which a neighbouring date does not give ("triggering the First World
        # War" in 1914 does: the verb stages it).
        return None, "none", "", ("", "")

    if cand.is_verb and _told_as_now(cand, clause, ctx):
        # "Brant was born in 1743. Traffic now runs along Highway 401": the writer's present,
        # which is the document's date when it has one, never the narrative's year.
        if ctx.news_date is not None:
            return ctx.news_date, "context", ctx.news_date.text, ("", "")
        return None, "none", "", ("", "")

    def nearest(txs: list[Timex]) -> Timex | None:
        if not txs:
            return None
        return min(txs, key=lambda t: (abs(t.clean_start - trig), t.clean_start > trig))

    # A reporting verb outside the clause it reports ("said on Tuesday that the man was
    # arrested in 2005"): the report's dates are the saying's, the clause's its own.
    reported = (clause.clean_start, clause.clean_end) if (
        cand.rule.event_type == STATEMENT
        and not clause.clean_start <= trig < clause.clean_end) else None
    in_clause = [] if reported else [
        t for t in _timexes_within(ctx, clause.clean_start, clause.clean_end)
        if reaches(t, cand, ctx) and t not in cand.targets]
    # A date in a later statement of the sentence, past a semicolon, is that statement's:
    # "X was to receive arms; nevertheless, the settlement agreed in May 1812 ..." does
    # not date the arms (a date before it sets the scene for what follows it).
    text = ctx.src.text
    in_sent = [t for t in _timexes_within(ctx, sent.clean_start, sent.clean_end)
               if id(t) in ctx.anchor_ids and reaches(t, cand, ctx) and t not in cand.targets
               and not (t.clean_start > trig and ";" in text[trig:t.clean_start])
               and not (reported and reported[0] <= t.clean_start < reported[1])]
    later = [t for t in in_sent if _after_report(t, ctx.news_date)] if ctx.news_date else []
    if later:
        # "The ruling comes as France prepares for elections next year": a date after the
        # report, from another clause, is that clause's plan; it dates only a happening the
        # text itself puts ahead.
        tok = cand.tok if cand.is_verb else cand.np_head
        if modality(tok, ctx.onto, gov=None if cand.is_verb else cand.gov) not in (
                FUTURE, HYPOTHETICAL):
            in_sent = [t for t in in_sent if t not in later]
    if _prior_act(cand):
        ref = nearest(in_clause) or nearest(in_sent)
        if ref is not None:
            # "charged on Monday with the murders": the murders came before the charge.
            return None, "relative", ref.text, ("", ref.latest)
    # "months after the NATO bombing": the clause's date bounds the event, it is not its date.
    relation = _relative_relation(cand)
    if relation:
        # The reference is a date of the clause or sentence, else the narrative time (in
        # news, mostly the document date): "The deal comes months after California sued"
        # dates the suit before the deal's report, not on its day.
        if relation == LATER:
            # "Tito eventually rejected ... and in 1950s became": what "later" follows was
            # told before it, not in the rest of its sentence.
            before = [t for t in in_clause + in_sent if t.clean_end <= trig]
            ref = max(before, key=lambda t: t.clean_start) if before else _narrative_time(sent, ctx)
            relation = "before"
        else:
            ref = nearest(in_clause) or nearest(in_sent) or _narrative_time(sent, ctx)
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
    if ctx.news_date is not None and cand.rule.event_type == STATEMENT:
        return ctx.news_date, "context", ctx.news_date.text, ("", "")
    anchor = _narrative_time(sent, ctx)
    if anchor is not None and _background_of_another_paragraph(anchor, sent, ctx):
        # "Microsoft bought Mojang in 2014." then, a paragraph on, "Nadella told employees
        # the companies had been talking for months": the report's time, not 2014.
        anchor = ctx.news_date
    if anchor is not None and _paragraph_goes_back(anchor, sent, ctx):
        anchor = None
    forward, deictic = _forward_stretch(clause, ctx)
    start = ctx.news_date if deictic and ctx.news_date is not None else anchor
    if start is not None and forward is not None:
        # "Within a week, soldiers had evacuated 70,000", "In the following months engineers
        # repaired 67 breaches": from the narrative time to that far after it ("in the
        # coming weeks": from the report's date).
        latest = _shift_iso(start.latest, forward)
        if latest:
            return None, "relative", start.text, (start.earliest, latest)
    if (anchor is not None and ctx.news_date is not None and not _after_report(anchor, ctx.news_date)
            and modality(cand.tok if cand.is_verb else cand.np_head, ctx.onto,
                         gov=None if cand.is_verb else cand.gov) in (FUTURE, HYPOTHETICAL)):
        # "Two weeks ago the union rejected an offer. The dispute could soon spread": what
        # may happen is after the report, not on an earlier sentence's date.
        return None, "relative", ctx.news_date.text, (ctx.news_date.earliest, "")
    if anchor is not None and cand.is_verb and _past_perfect(cand.tok) and (
            clause.reporter is None and cand.tok.dep_ != "ccomp"):
        # "In October 1813 ... Tecumseh was killed. The Shawnee leader had built a
        # confederacy": the past perfect tells a time before the narrative's, not at it.
        # (Reported, "reporting that Serbia had supplied Ukraine", it is before the report.)
        return None, "relative", anchor.text, ("", anchor.latest)
    if anchor is not None:
        return anchor, "context", anchor.text, ("", "")
    return None, "none", "", ("", "")


_NON_ANCHOR_BEFORE = re.compile(
    rf"(?i:\b(?:{'|'.join(sorted(NON_ANCHOR_PREPS, key=len, reverse=True))})\s+(?:the\s+)?)$")
# "within a week", "in the following months": a stretch from the narrative time on.
_FORWARD_BEFORE = re.compile(lang.value(PATTERNS, "forward_stretch_before"))
_FORWARD_TEXT = re.compile(lang.value(PATTERNS, "forward_stretch"))
_DURATION = re.compile(r"P(\d+|X)([DWMY])")
# How far a vague stretch ("the following months") reaches, in days.
_VAGUE_DAYS = {"D": 30, "W": 91, "M": 365, "Y": 3652}
_UNIT_DAYS = {"D": 1, "W": 7, "M": 31, "Y": 366}


def _after_non_anchor_prep(text: str, tx: Timex) -> bool:
    """Is ``tx`` after "since", "until", "from" ... ("since the 2019 dispute")?"""
    return bool(_NON_ANCHOR_BEFORE.search(text, max(0, tx.clean_start - 16), tx.clean_start))


def _forward_stretch(clause: syntax.Clause, ctx: _DocContext) -> tuple[int | None, bool]:
    """Days that a forward stretch of the clause ("within a week", "in the following
    months") reaches past the narrative time, or ``None``; and whether it counts from now
    ("in the coming weeks") rather than from the narrative time."""
    text = ctx.src.text
    for t in ctx.timexes:
        if not (clause.clean_start <= t.clean_start and t.clean_end <= clause.clean_end):
            continue
        if t.type != "DURATION" or t.anchor:
            continue
        m = _DURATION.fullmatch(t.value)
        before = _FORWARD_BEFORE.search(text, max(0, t.clean_start - 24), t.clean_start)
        if not m or not (_FORWARD_TEXT.match(t.text) or before):
            continue
        n, unit = m.groups()
        deictic = "coming" in (t.text + (before.group() if before else "")).lower()
        return (_VAGUE_DAYS[unit] if n == "X" else int(n) * _UNIT_DAYS[unit]), deictic
    return None, False


def _shift_iso(day: str, days: int) -> str:
    """The ISO date ``days`` after ``day`` (``""`` when it is not a plain date)."""
    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", day or "")
    if not m:
        return ""
    y, mo, d = add_days(int(m.group(1)), int(m.group(2)), int(m.group(3)), days)
    return f"{y:04d}-{mo:02d}-{d:02d}"


def _told_as_now(cand: _Candidate, clause: syntax.Clause, ctx: _DocContext) -> bool:
    """Does a present reference of the clause ("now", "today", "currently", left
    PRESENT_REF by the tagger) modify the present-tense verb ``cand``? In the past tense
    "now" is the narrative's ("by 1760 the French were now outnumbered")."""
    verb = _verb_ids(cand)
    tensed = [cand.tok, *(c for c in cand.tok.children if c.dep_ in ("aux", "auxpass"))]
    if not any(t.tag_ in PRESENT_TAGS for t in tensed):
        return False
    seen: set[int] = set()
    for i in range(clause.start, clause.end):
        tx = ctx.tok_timex.get(i)
        if tx is None or id(tx) in seen or tx.value != "PRESENT_REF":
            continue
        seen.add(id(tx))
        root = _timex_root(ctx.doc, tx)
        if root is not None and root.head.i in verb and root.dep_ in ("advmod", "npadvmod"):
            return True
    return False


def _after_report(tx: Timex, report: Timex) -> bool:
    """Does ``tx`` lie wholly after the report's own date?"""
    return bool(tx.earliest and report.latest) and tx.earliest > report.latest


def _background_of_another_paragraph(anchor: Timex, sent: Sentence, ctx: _DocContext) -> bool:
    """In news, is ``anchor`` a date of a year before the report's, in an earlier
    paragraph than ``sent``? A report recalls the past a paragraph at a time."""
    if not ctx.news_year or anchor.earliest[:4] >= ctx.news_year:
        return False
    return _block_of(ctx.src, anchor.clean_start) != _block_of(ctx.src, sent.clean_start)


def _paragraph_goes_back(anchor: Timex, sent: Sentence, ctx: _DocContext) -> bool:
    """Does the paragraph of ``sent``, which inherits ``anchor`` from an earlier one, go on
    to a date wholly before it? "... The Geneva Convention of 1864 set rules." then "Nakhimov
    was killed during the siege. Kornilov died in October 1854.": the new paragraph is back
    in the war, and 1864 was a digression's time, not its own. (The later date is no date
    for ``sent`` either: a context date comes from before the mention.)"""
    if anchor.clean_start < 0:
        return False  # a heading's date opens its section
    block = _block_of(ctx.src, sent.clean_start)
    if block < 0 or _block_of(ctx.src, anchor.clean_start) == block:
        return False
    for pos, section, tx in ctx.anchors:
        if pos < sent.clean_end or section != sent.section:
            continue
        if _block_of(ctx.src, pos) != block:
            return False
        return _wholly_before(tx, anchor)
    return False


def _past_perfect(verb: Token) -> bool:
    """"had built", "had been defeated": a participle with the auxiliary "had"."""
    return verb.tag_ == "VBN" and any(
        c.dep_ == "aux" and c.tag_ == "VBD" and c.lemma_.lower() == "have" for c in verb.children)


def _wholly_before(a: Timex, b: Timex) -> bool:
    """Does ``a`` end before ``b`` begins? (Not judged across BCE dates, whose ISO strings
    do not sort.)"""
    if not (a.latest and b.earliest) or "-" in (a.latest[:1], b.earliest[:1]):
        return False
    return a.latest < b.earliest


def _relative_relation(cand: _Candidate) -> str:
    """"after" when the mention names what the reference date follows ("months after the
    bombing", "after California sued"), "before" when it follows the reference ("until
    the deal closes", "were later put on trial"), else ""."""
    verb = cand.tok if cand.is_verb else cand.light
    if verb is not None and any(c.dep_ == "advmod" and c.lower_ in LATER_ADVERBS
                                for c in verb.children):
        return LATER
    if cand.is_verb:
        t = cand.tok
        if t.dep_ == "pcomp" and t.head.lower_ in RELATIVE_PREPS:
            return RELATIVE_PREPS[t.head.lower_]
        # "comes months after California sued Activision" (advcl); the parser sometimes
        # makes the subordinate verb the root ("A memorial was unveiled in 1925,
        # twenty-seven years after the war began"): its "after" still marks it.
        return _marked_relation(t)
    head = cand.np_head
    if head.dep_ == "pobj" and head.head.lower_ in RELATIVE_PREPS:
        return RELATIVE_PREPS[head.head.lower_]
    if head.dep_ in ("nsubj", "nsubjpass") and head.head.pos_ in ("VERB", "AUX"):
        return _marked_relation(head.head)  # "after the war began": the war is the began's
    return ""


def _marked_relation(verb: Token) -> str:
    """The relation an "after"/"before"/"until" marking ``verb``'s clause gives it."""
    if verb.dep_ not in ("advcl", "ROOT"):
        return ""
    for c in verb.children:
        if c.dep_ == "mark" and c.lower_ in RELATIVE_PREPS:
            return RELATIVE_PREPS[c.lower_]
    return ""


def _prior_act(cand: _Candidate) -> bool:
    """Is the mention the earlier act a verb of ``prior_act_verbs`` is about ("charged with
    the murders", "accused of killing his mother", "arrested in the slaying"), or the
    happening a verb of ``reacted_to_verbs`` reacts to ("condemned the bombing")?"""
    tok = cand.tok if cand.is_verb else cand.np_head
    if not cand.is_verb and tok.dep_ == "dobj":
        # "condemned the bombing on Thursday": the bombing came before the condemnation.
        return tok.head.pos_ == "VERB" and _lemma(tok.head) in REACTED_TO_VERBS
    if tok.dep_ not in ("pobj", "pcomp") or tok.head.lower_ not in PRIOR_ACT_PREPS:
        return False
    verb = tok.head.head
    return verb.pos_ == "VERB" and _lemma(verb) in PRIOR_ACT_VERBS


def _mentions_months(cand: _Candidate) -> bool:
    prep = cand.np_head.head if not cand.is_verb else cand.tok.head
    return any(c.lemma_.lower() in SHORT_SPAN_NOUNS for c in prep.children) or (
        prep.i > 0 and prep.doc[prep.i - 1].lemma_.lower() in SHORT_SPAN_NOUNS)


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


def heading_anchors(src: SourceDoc, timexes: Sequence[Timex]) -> list[tuple[int, str, Timex]]:
    """The first absolute date of each heading the reader took out of the text ("1905:
    Defeat", "First Balkan War (1912–1913)"): the narrative time its section opens with.
    A heading sits just before its section, so its position is one before the section's."""
    if not src.sections:
        return []
    # Dates outside the clean text: the headings' (and infobox facts', which lie in none).
    apart = [tx for tx in timexes if tx.clean_start < 0 and _absolute(tx)
             and not (tx.range_start_id and tx.range_start_id != tx.timex_id)]
    out = []
    for sec in src.sections:
        dated = [tx for tx in apart if sec.start <= tx.start and tx.end <= sec.end]
        if dated:
            out.append((sec.clean_start - 1, sec.title, min(dated, key=lambda tx: tx.start)))
    return out


def _sets_narrative_time(doc: Doc, text: str, tx: Timex) -> bool:
    """An absolute date in the narrative's own voice, not "the Russo-Turkish War (1768–1774)"
    or "a secret 1902 pact", whose dates belong to the thing named. A range
    ("1768–1774") is judged by its first end; its last end alone sets nothing."""
    if tx.range_start_id and tx.range_start_id != tx.timex_id:
        return False
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
