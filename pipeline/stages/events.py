"""Event mentions: the happenings a claim reports, with type, actors, place and time.

A trigger is a verb ("signed", "was assassinated") or a noun ("the NATO bombing of
Yugoslavia", "the Peace of Tilsit") whose lemma the ontology lists for an event type (types
in ``data/event_types.yaml``, their English triggers in ``lang/en/event_triggers.yaml``,
both documented in ``docs/event_types.md``). A noun counts as a happening only when the
text anchors it: it has a date of its own ("an uprising in 1804"), a verb that stages it
("held a rally", "a meeting took place") or an actor ("Russia's invasion"). Happenings the
text does not assert are dropped: negated ones, those under a modal or an intention
("sought to establish", "would joyfully unite", "the threat of US sanctions"),
conditionals, and present-tense generalities. States and opinions have no trigger.

This module composes the stage from its parts: the ontology (``event_ontology``), trigger
matching and factuality (``event_triggers``), candidates and their merging
(``event_candidates``), participants (``event_participants``) and time (``event_time``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from pipeline import lang
from pipeline.ids import stable_id
from pipeline.records import Claim, EntityMention, EventMention, Sentence, SourceDoc, Timex
from pipeline.stages import syntax
from pipeline.stages.claims import dateline_end
from pipeline.stages.event_candidates import (
    STATEMENT,
    framed_by,
    _attached_to,
    _Candidate,
    _candidates,
    _DocContext,
    _name_words,
    _resolve,
    _timex_root,
    _timexes_within,
)
from pipeline.stages.event_lexicon import introduces_speech, is_person_noun
from pipeline.stages.event_ontology import Ontology, load_ontology, ontology_fingerprint
from pipeline.stages.event_participants import PLACE_PREPS, _numbers, _participants
from pipeline.stages.event_time import (
    _anchors,
    _confidence,
    act_of_reason,
    describes_referent,
    describing_clause,
    _own_timexes,
    _sets_narrative_time,
    heading_anchors,
    _time,
)
from pipeline.stages.event_triggers import (
    _finite_or_participle,
    _names_a_party,
    _lemma,
    _negated,
    modality,
)
from pipeline.stages.syntax import OF

if TYPE_CHECKING:  # spaCy loads with the model; working out cache keys must not import it
    from spacy.tokens import Doc, Span

    from pipeline.temporal.mode import ModeChoice


# Editing the ontology changes the output, so its hash is part of the version (cache key).
ERA_PRECISIONS = frozenset({"decade", "century"})  # "the 1990s band": an era, not a time
VERSION = "58+onto" + ontology_fingerprint()  # 58: a verb that only says a happening came about ("a fire broke out", "the explosion occurred", "happened") is no event beside it (support verbs with their particle); 57: the list of verbs reacting to a happening no longer replaces the list of verbs a happening prompts (two YAML keys of one name; "which alarmed Britain" again has no place as its agent); "protest" is no such verb (a reform protested may be to come); 56: the happening a reaction verb takes as its object ("condemned the bombing on Thursday", "investigating the fire") is bounded by that verb's date, not dated by it; 55: a leading dateline's date dates no happening of its sentence; the act a charge, arrest or sentence is about ("charged on Monday with the murders") is bounded by that verb's date, not dated by it; event times of the tagger 1.34-1.41 (section anchors, stretches, scheduled present tense); 54: "found guilty", "pleaded guilty" are legal steps (not "the guilty man"); "a state of emergency" is a mention, "the emergency room" is not; 53: an evacuation of people is MIGRATE, of troops RETREAT; "the city of Paris rebelled": Paris acts and is where; 52: a named storm the model calls a person ("Hurricane Odile", also after a dateline) is one DISASTER mention, no actor; "World War I" is one mention; where someone went or the ground crossed ("marched to the statue", "crossed the border") is no party; "fired on demonstrators" is an assault; 51: executions, drownings, a surrendering force, water flooding, appeals of verdicts, release on bail, product recalls typed; a named storm ("Hurricane Katrina") is one DISASTER mention and kills as a disaster; "the proposed acquisition ... by Helix" is a hypothetical happening with its buyer, not the blocker's; "threatened sanctions" are hypothetical; idioms ("free of charge", "in charge") name nothing; a possessed happening in a purpose clause is presupposed; "LONDON - " is a dateline; 50: "caught fire" is the fire; 49: "rose against" a government is a rebellion, burning or sacking a named place and a place that falls are fighting, "fought beside" is war; "the town of Goma" is Goma; "staged" is "stage"; BIRTH ("was born", "birth"; an organisation born is founded); a death needs a living subject ("the Ford Motor Company died" is a figure); a merger is business only between companies (territories merged, or merged by a law, are unified: ESTABLISH); a law or treaty is no party; "the wounded" are people, no injury; "laid siege to Quebec" is the siege, a place an attack is aimed at is its place ("an assault on Montreal"), "lay off" needs its particle; 48: a fire is a disaster unless it is gunfire ("opened/returned/came under fire"; not_governors); 47: an undated past perfect ("the Shawnee leader had built a confederacy") is before the narrative time, a bound, not at it (reported, it is left as before); 46: a paragraph that goes on to a date wholly before the narrative time it inherits from an earlier paragraph does not take that time (a digression's "1864" does not date "Nakhimov was killed during the siege" before "October 1854"); 45: a FUTURE_REF/PAST_REF date ("a few weeks later") gives an event bounds after or before its anchor, never the token as its date; "now runs" in the present tense is the writer's present (the document date or none), not the narrative year; 44: "its defeat at the Battle of X" is one happening; 43: taking a named place is fighting ("captured Detroit"); 42: a date a verb aims at ("called a strike for next Wednesday") dates what it plans, not the verb; 41: "set fire": the fire is the happening; mentions know they are in a headline; "fired tear gas", "fired at" are an assault; 40: a taken or entered place is the place ("recaptured Adrianople", "fell to"); a pronoun object of a joined verb is the first verb's object; a date after the report from another clause dates only what the text puts ahead; "fined" is fine; 39: what a happening reaches is its place ("the quake struck Japan"); 38: one mention per trigger word (nested clauses reported "told" twice); a gerund of reason ("sentenced for bribing officials in 2015") keeps its date; 37: a stance-prefixed name ("Pro-Russia rally") is no agent; 36: "three dead", "two wounded" take their verb's type (DEATH, INJURY); 35: a relative clause on a happening other than the subject dates only that happening ("called to protest a reform that the government approved last week"); 34: a participle before a person ("a fired accountant", "wounded soldiers") and "found dead" (also when reported: "..., police said") are happenings; 33: "a rally held in Belgrade" is the rally, in Belgrade; 32: a negated verb denies its object, not its subject or a circumstance ("the arrest will not affect"); "second such arrest" is new; "prior to his arrest" is a circumstance; 31: a metadata label ("Posted:", "UPDATED:") is no event; 30: ", which alarmed Britain" after a place is no act of the place; 29: a reporting verb is dated by its own clause, not by the clause it reports; 28: in news a background year dates nothing in a later paragraph; AP datelines ("REDMOND, Wash. (AP) —") act in nothing; 27: a subject the parser gives to "after" is its clause's own, "a quake in 2005 that killed 11" is a death; 26: an era the parser hangs on the verb still describes the nouns after it, an apposition to a name describes its bearer; 25: an undated statement in news is the dateline's; 24: an era before a noun, or a noun with "who", describes; no narrative time after the document date; 23: the name in apposition is the actor ("the actress, Esther Williams, died"); 22: a date beside a name describes its bearer; describing dates set no narrative time; 21: a date in a clause describing a person dates only that clause; 20: only a doer or a person is so described; 19: a date describing a thing ("the 1940s actress") dates no happening; 18: "later" bounds by the context date; 17: "said it would buy" is future; 16: "after X-ed" clauses are bounded, headings anchor sections; 15: support frames ("put on trial"), a context date gives its day not its hour, a conjoined killing shares its subject; 14: no sentence date past a semicolon; 13: fight/rage/last stage a named event, succession; 12: "hurt" needs someone; 11: classifier heads ("prisoners of war"); 10: no dateline actors; 9: shootings, "opened fire"; 8: claim spans start at their markup

# Prepositions through which a staging verb governs its event noun ("descended into war").
LIGHT_PREPS = lang.words("events", "light_preps")
ANAPHORIC_DETS = lang.words("events", "anaphoric_determiners")
NEW_INSTANCE_WORDS = lang.words("events", "new_instance_words")
STATE_VERBS = lang.words("events", "state_verbs")
STATE_PREPOSITIONS = lang.words("event_lexicon", "state_prepositions")


def _trigger_text(cand: _Candidate) -> str:
    t = cand.tok
    parts = [t]
    if cand.is_verb:
        parts += [c for c in t.children if c.dep_ == "prt" or (
            c.dep_ == "advmod" and c.i == t.i + 1 and c.lower_ == cand.rule.particle)]
        parts += _merged_object(cand)
    else:  # "coup d'état", "bombing campaign": the merged compound reads with its head
        member_ids = {m.i for m in cand.members}
        parts += [c for c in t.children if c.dep_ == "compound" and c.i in member_ids]
        head = cand.np_head
        if t in _name_words(head):
            parts = [*_name_words(head), head]  # "Hurricane Katrina", "World War I"
    return syntax.tokens_text(parts, strip_article=False)


def _merged_object(cand: _Candidate) -> list:
    """The object a verb's type needs, merged into it ("opened fire"): part of the trigger."""
    return [cand.idiom_object] if cand.idiom_object is not None else []


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
    anchoring: ModeChoice | None = None,
) -> list[EventMention]:
    """Event mentions for the statement claims of one document (``parsed`` as for
    :func:`pipeline.stages.claims.extract_claims`; ``anchoring``: the document's temporal
    mode, whose news dates an undated statement by the dateline)."""
    onto = ontology or load_ontology()
    parsed = parsed or syntax.parse_clauses(doc, sents, mentions)
    placed = sorted((t for t in timexes if t.clean_start >= 0), key=lambda t: t.clean_start)
    tok_timex: dict[int, Timex] = {}
    usable = []  # the dates that can date a happening: not "the 1940s" of "the 1940s actress"
    spans: dict[int, Span] = {}  # id() of a usable date -> its tokens, when it has any
    for tx in placed:
        span = doc.char_span(tx.clean_start, tx.clean_end, alignment_mode="expand")
        if span is not None:
            for t in span:
                tok_timex[t.i] = tx
        if span is None or not len(span) or not describes_referent(
                span, onto, era=tx.precision in ERA_PRECISIONS):
            usable.append(tx)
            if span is not None and len(span):
                spans[id(tx)] = span
    ctx = _DocContext(doc, src, sents, onto, parsed.index, usable, tok_timex, [])
    ctx.dateline_ids = _dateline_dates(src.text, sents, usable)
    for tx in usable:
        span = spans.get(id(tx))
        if span is not None and (scope := describing_clause(span, onto)):
            ctx.scopes[id(tx)] = scope
    eligible = _anchors(ctx)
    ctx.anchor_ids = {id(tx) for _, _, tx in eligible}
    # A date describing a person or thing sets no narrative time either, nor does one
    # after the document's date: "will start on Saturday. The Padres have lost 12 of
    # their last 15 games" tells the losses before the report, not on Saturday.
    published = src.published[:10]
    if anchoring is not None and anchoring.mode == "news" and published:
        ctx.news_date = next((t for t in usable if t.value[:10] == published), None)
        ctx.news_year = published[:4]
    ctx.anchors = sorted([a for a in eligible if id(a[2]) not in ctx.scopes
                          and not (published and a[2].earliest[:10] > published)
                          and _sets_narrative_time(doc, src.text, a[2])]
                         + heading_anchors(src, timexes), key=lambda a: a[0])
    for tx in usable:  # after the anchors: these dates still set the narrative time
        span = spans.get(id(tx))
        if id(tx) not in ctx.scopes and span is not None and (scope := act_of_reason(span)):
            ctx.scopes[id(tx)] = scope
    by_span = {(c.sent_index, c.clean_start, c.clean_end): c for c in claims if c.kind == "statement"}
    by_sent: dict[int, list[Claim]] = {}
    for c in claims:
        if c.kind == "statement":
            by_sent.setdefault(c.sent_index, []).append(c)
    out: list[EventMention] = []
    by_trigger: dict[tuple[int, int], int] = {}  # raw trigger span -> its index in ``out``
    for sent, clause_list in parsed.sentences:
        clause_heads = {c.head.i for c in clause_list}
        for clause in clause_list:
            claim = by_span.get((sent.index, clause.clean_start, clause.clean_end)) or next(
                (c for c in by_sent.get(sent.index, ()) if clause.clean_start <= c.clean_start
                 and c.clean_end <= clause.clean_end), None)  # the claim trims a dateline
            if claim is None:
                claim = _clause_evidence(src, sent, clause)
            for ev in _clause_events(clause, claim, sent, clause_heads, ctx):
                _add_once(out, by_trigger, ev)
    return _placed(out, mentions)


def _add_once(out: list[EventMention], by_trigger: dict[tuple[int, int], int],
              ev: EventMention) -> None:
    """One mention per trigger word. Clauses nest ("told detectives" inside "told
    detectives that she ..."), and each would report the trigger again: the first is kept,
    unless a later one quotes a statement claim and the first none (its link to claims.csv
    is the better provenance)."""
    key = (ev.trigger_start, ev.trigger_end)
    at = by_trigger.get(key)
    if at is None:
        by_trigger[key] = len(out)
        out.append(ev)
    elif ev.claim_id and not out[at].claim_id:
        out[at] = ev


def _dateline_dates(text: str, sents: Sequence[Sentence], timexes: Sequence[Timex]) -> set[int]:
    """id() of the dates inside a sentence's leading dateline ("MILLOM, England, June 11,
    2013 (Wire) - A man was charged on Monday"): the report's date, never a happening's."""
    out: set[int] = set()
    for sent in sents:
        end = dateline_end(text, sent)
        if end > 0:
            out.update(id(t) for t in timexes if sent.clean_start <= t.clean_start < end)
    return out


def _placed(events: list[EventMention], mentions: Sequence[EntityMention]) -> list[EventMention]:
    """Each event with the coordinates of its first geocoded place: the mention of that
    name in the event's sentence, else the document's first."""
    by_text: dict[str, list[EntityMention]] = {}
    for m in mentions:
        if m.place is not None:
            by_text.setdefault(m.text, []).append(m)
    if not by_text:
        return events
    out = []
    for ev in events:
        for name in ev.places:
            found = by_text.get(name)
            if found:
                here = next((m for m in found if m.sent_index == ev.sent_index), found[0])
                ev = replace(ev, place=here.place)
                break
        out.append(ev)
    return out


def _clause_evidence(src: SourceDoc, sent: Sentence, clause: syntax.Clause | None) -> Claim:
    """The clause (or with none, the sentence) as quoted evidence when no statement claim
    covers the trigger (a heading, a fragment, the "officials said" of a quotation): its
    happenings are still events, with no claim to point to."""
    lo, hi = (clause.clean_start, clause.clean_end) if clause else (sent.clean_start, sent.clean_end)
    start, end = src.offsets.to_raw(lo, hi)
    return Claim(claim_id="", doc_id=src.doc_id, start=start, end=end, line=src.line_of(start),
                 text=src.text[lo:hi], subject="", predicate="", object="",
                 sent_index=sent.index, clean_start=lo, clean_end=hi, locator=sent.locator)


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
        if not c.is_verb and c.gov is not None and ((_lemma(c.gov) in onto.light_verbs and (
                c.gov_rel in ("dobj", "nsubj", "nsubjpass", "attr", "oprd") or c.gov_rel in LIGHT_PREPS))
                or framed_by(c)):
            c.light = c.gov
    roots = []
    for tx in _timexes_within(ctx, clause.clean_start, clause.clean_end):
        r = _timex_root(doc, tx)
        if r is not None:
            roots.append((r, tx))
    _resolve(cands, onto)
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
    """Does the candidate report a happening? Negated, hypothetical and future ones do (their
    ``modality`` says so); states, generalities and names of things do not."""
    if not c.typed:
        return _accepted_other(c, ctx)
    onto = ctx.onto
    tok = c.tok
    dated = bool(c.own_timexes)
    if c.is_verb:
        if c.rule.event_type == STATEMENT:
            return True  # "police say": news reports speech in the present tense
        if not _finite_or_participle(tok) and not _in_headline(tok):
            return False
        if tok.dep_ == "acl" and tok.tag_ == "VBG" and _lemma(tok.head.head) in STATE_VERBS \
                and not dated:
            return False  # "there were US forces occupying Japan": a state of affairs
        if tok.dep_ == "acl" and tok.tag_ == "VBN" and not dated:
            # "documents signed between the two countries": no date, no claim of a happening;
            # but "a teenager killed by police", "26 pirates arrested", "the man accused of
            # shooting" report what happened to someone, as a headline's "Man charged with
            # killing" (the parser gives the participle its subject) does.
            if not (any(ch.dep_ == "prep" and ch.lower_ in PLACE_PREPS for ch in tok.children)
                    or any(ch.dep_ in ("agent", "nsubj", "nsubjpass") for ch in tok.children)
                    or _is_someone(tok.head)):
                return False
        return True
    head = c.np_head
    if any(ch.dep_ == "det" and ch.lower_ in ANAPHORIC_DETS for ch in head.children) \
            and not dated and not _counted(head):
        return False
    if head.dep_ == "pobj" and head.head.lower_ == OF and _lemma(head.head.head) in onto.blocking_nouns:
        return False
    if any(ch.dep_ == "amod" and ch.pos_ == "VERB" and ch.tag_ != "VBN"
           and _lemma(ch) in onto.irrealis_verbs for ch in head.children):
        # "demanding assistance" parsed as a modifier; "the proposed acquisition", "the
        # planned strike" are happenings the text names, not yet real (hypothetical).
        return False
    named = ctx.index.at(head)
    if not dated and named is not None and named.label in ("ORG", "GPE", "FAC", "PERSON", "NORP") \
            and not (named.label == "PERSON" and tok in _name_words(head)):  # "Hurricane Odile"
        return False  # "the Warsaw Pact", "the First Serbian Uprising" as an organisation
    if not dated and _in_negated_scope(head):
        return False  # "it never proved decisive in winning a battle"
    agent = any(
        (ch.dep_ == "poss" and ch.pos_ != "PRON") or (
            ch.dep_ in ("compound", "nmod") and (m := ctx.index.at(ch)) is not None
            and m is not named and m.label in ("ORG", "NORP", "PERSON"))
        for ch in head.children
    )
    if dated or c.light is not None or agent or c.gov_dated:
        return True
    # An unanchored noun still names a happening ("arrested on suspicion of murder", "the
    # death of ..."), unless it is a bare state phrase: "at war with Russia", "at peace".
    return not (head.dep_ == "pobj" and head.head.lower_ in STATE_PREPOSITIONS
                and not any(ch.dep_ in ("det", "poss", "amod") for ch in head.children))


def _counted(noun) -> bool:
    """"the team's second such arrest", "another such attack": an ordinal makes the noun a new happening of the
    kind already told, not that one again."""
    return any(ch.ent_type_ == "ORDINAL" or ch.lower_ in NEW_INSTANCE_WORDS
               for ch in noun.children)


def _in_negated_scope(noun) -> bool:
    """Is the noun under a negated verb other than as its subject? "never proved decisive
    in winning a battle" denies the battle; "the arrest will not affect his status" does
    not deny the arrest."""
    tok = noun
    for above in noun.ancestors:
        if above.pos_ in ("VERB", "AUX") and _negated(above) \
                and tok.dep_ not in ("nsubj", "nsubjpass"):
            return True
        tok = above
    return False


def _is_someone(noun) -> bool:
    """A person or group a happening befalls: a name, a role, or a counted noun."""
    return (_names_a_party(noun) or noun.ent_type_ in ("PERSON", "NORP")
            or any(ch.dep_ == "nummod" for ch in noun.children)
            or is_person_noun(noun))  # "Man charged with killing": a headline's "Man"


def _in_headline(tok) -> bool:
    """A line with no closing punctuation is a headline, whose present tense reports the
    news: "Esther Williams dies", "Klitschko stops Thompson"."""
    last = tok.sent[-1]
    return not (last.is_punct and last.text in ".!?;:") and not last.is_quote


def _accepted_other(c: _Candidate, ctx: _DocContext) -> bool:
    """A happening the ontology does not type: any eventive verb, and event nouns that are
    not the name of something ("the Warsaw Pact") or a modifier of a thing ("war museum")."""
    if c.is_verb:
        return True
    head = c.np_head
    named = ctx.index.at(head)
    if named is not None and named.label in ("ORG", "GPE", "FAC", "PERSON", "NORP", "LOC"):
        return False
    return c.tok.dep_ != "compound" or c.tok.head.pos_ != "PROPN"


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
    last = max([c.tok, *_merged_object(c)], key=lambda t: t.i)  # "opened fire"
    trig_raw, trig_end = src.offsets.to_raw(c.tok.idx, last.idx + len(last.text))
    if not claim.start <= trig_raw <= trig_end <= claim.end:
        claim = _clause_evidence(src, sent, clause)  # the quote always holds the trigger ...
        if not claim.start <= trig_raw <= trig_end <= claim.end:
            claim = _clause_evidence(src, sent, None)  # ... "…, officials said": the sentence
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
        modality=modality(c.np_head if not c.is_verb else c.tok, ctx.onto,
                          gov=c.gov if not c.is_verb else None,
                          attributed=bool(claim.attributed_to)),
        trigger_start=trig_raw,
        trigger_end=trig_end,
        headline=_in_headline(c.tok),
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
        hedge=claim.hedge,
        attribution=c.rule.event_type == STATEMENT and (
            introduces_speech(c.tok) or c.tok.dep_ == "prep"),
    )
