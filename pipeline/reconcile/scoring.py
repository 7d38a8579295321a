"""Pair scores: why two event mentions may report one event, or why they cannot.

``score_pair`` holds the hard requirements and the weighted score of the scheme in
``pipeline.reconcile.events``; blocking calls the same date tests to drop hopeless pairs
before they are scored.
"""

from __future__ import annotations

from typing import NamedTuple

from pipeline import lang
from pipeline.reconcile.features import DAYS_PER_YEAR, PRECISION_RANK, SEPARATE_MODALITIES, Mention

_NO_ACTORS: frozenset[str] = frozenset()
# A sentencing, a resignation: one per party within days ("sentenced on Monday" and "on
# Tuesday" are one event with a date conflict, worded as they may be).
ONCE_PER_PARTY_FAMILIES = lang.words("reconcile", "once_per_party_families")


CROSS_DOC = 0.55
SAME_DOC = 0.85
# Two mentions of one trigger in one document, neither stating a date ("Serbia supplying
# arms", "Serbia had supplied Ukraine"): a news story retells its event without a date.
SAME_DOC_UNDATED = 0.6
# Two mentions of one trigger in a document that tells one story (few distinct years,
# ``features.STORY_MAX_YEARS``): one event unless their stated dates differ or their
# agents or places contradict ("checked into rehab" ... "her rehab stay").
SAME_STORY = 0.5
# Two mentions of one trigger in documents telling the same story (``stories``): the
# documents' shared names stand in for a shared actor.
STORY = 0.5
CONFLICT_MIN = 0.45
MIN_JACCARD = 0.25
SENSE_JACCARD = 0.1  # below it, two mentions share (next to) nothing but their trigger
NEAR_VERBATIM = 0.5  # wording that overrides a context date a year or more off
# Day- or month-precision dates at most this many ordinal days apart may be one event told
# with a disagreeing date ("24 June 1940" vs "25 June 1940", "June" vs "July"): a date
# conflict, when the type is the same and the sources share an actor. Beyond it, two
# different days or months are two events.
NEAR_DAYS = 2
SAME_DOCUMENT_ROUTES = frozenset({"same-document", "same-story"})
STORY_ROUTES = frozenset({"same-story", "story"})
# Pairs scoring up to this much below their bar are kept as candidate links
# (``candidate_links.csv``): two events a reader may want to review as one.
REVIEW_MARGIN = 0.1
_THRESHOLDS = {"match": CROSS_DOC, "same-document": SAME_DOC, "same-story": SAME_STORY, "story": STORY,
               "date-conflict": CONFLICT_MIN}


class Edge(NamedTuple):
    """Why two mentions (indexes ``a`` < ``b``) may be one event."""

    a: int
    b: int
    score: float
    time: float
    actors: float
    type: float
    wording: float
    jaccard: float
    same_trigger: bool
    shared: frozenset[str]
    route: str  # match|same-document|same-story|story|date-conflict
    threshold: float  # the bar of its route: an edge below it is only a candidate link

    @property
    def merges(self) -> bool:
        return self.score >= self.threshold


def score_pair(a: Mention, b: Mention) -> Edge | None:
    """The evidence that two mentions report one event, or None if they cannot."""
    if a.family and b.family and a.family != b.family:
        return None
    if (a.em.modality in SEPARATE_MODALITIES) != (b.em.modality in SEPARATE_MODALITIES):
        return None  # "did not sign" never joins "signed", even through a generic type
    if a.etype == b.etype:
        type_score = 1.0
    else:
        type_score = 0.8 if a.family == b.family else 0.5
    same_doc = a.doc_id == b.doc_id
    story = b.doc_id in a.related  # documents telling the same story (``stories``)
    shared = _shared(a.actors, b.actors)
    if a.actors and b.actors:
        if not shared and not same_doc and not story:
            return None
        actor_score = len(shared) / min(len(a.actors), len(b.actors))
    elif a.actors or b.actors:
        actor_score = 0.3
    else:
        actor_score = 0.5
    same_trigger = bool(a.trig & b.trig)
    jaccard = token_jaccard(a.tokens, b.tokens)
    route = "same-document" if same_doc else "match"
    if (same_trigger or a.told & b.told) and not contradicting(a, b):
        # Inside one story, words of one ``story_synonyms`` group ("hit" ~ "struck",
        # "checked into" ~ "entered") are its trigger told again; a background mention
        # ("she first hosted in 2007") is not the story its document retells.
        # A word typed one way in one mention and another way in the other, with no
        # other word or party in common, is two senses of it ("fired tear gas", "set
        # fire to bales of hay"): no story makes them one.
        if same_doc and a.story and a.background == b.background and (
                a.etype == b.etype or shared or jaccard >= SENSE_JACCARD):
            route = "same-story"
        elif story and not _background_against_undated(a, b):
            route = "story"
        same_trigger = same_trigger or route in STORY_ROUTES
    if not same_trigger and jaccard < MIN_JACCARD:
        return None
    wording = 0.6 * same_trigger + 0.4 * jaccard
    if a.unreal != b.unreal and not same_doc and route != "story":
        # "planned to sign" and "signed" in two documents: one event only in a retold
        # story. Inside one document the same-document bar asks for a near-retelling
        # ("efforts to prevent Kosovo's recognition" ... "allies against Kosovo's
        # recognition").
        return None
    asserted_overlap = False
    doubtful = False
    if a.e is None or b.e is None:
        time_score = 0.4
    elif a.e <= b.l and b.e <= a.l:
        if a.e == b.e and a.l == b.l:
            time_score = 1.0
        elif (a.e <= b.e and b.l <= a.l) or (b.e <= a.e and a.l <= b.l):
            time_score = 0.85
        else:
            time_score = 0.7
        time_score *= min(a.weight, b.weight)
        asserted_overlap = not (a.weak or b.weak)
    elif a.weak or b.weak:
        # An inferred date a year or more off: only a near-verbatim retelling overrides it.
        if max(a.e, b.e) - min(a.l, b.l) > DAYS_PER_YEAR:
            if jaccard < NEAR_VERBATIM:
                return None
            time_score = 0.1
        else:
            time_score = 0.3
    elif route == "story" and a.etype == b.etype and not too_far_to_conflict(
            a.rank, b.rank, max(a.e, b.e) - min(a.l, b.l)):
        # Two reports of one story telling its happening a day apart ("ran aground on
        # Wednesday", "on Thursday"): one event, its dates a conflict, whether or not the
        # model typed it or either report names a party.
        time_score = 0.0
    else:
        if (same_doc or too_far_to_conflict(a.rank, b.rank, max(a.e, b.e) - min(a.l, b.l))
                or not same_trigger or not a.family or a.family != b.family):
            return None
        if shared:
            if jaccard < 0.3 and a.family not in ONCE_PER_PARTY_FAMILIES:
                return None
        elif a.actors or b.actors or not (a.sole and b.sole):
            return None
        else:
            # No actor on either side: the wording alone says one event ("an uprising in
            # 1804", "expanded into a national uprising in 1805" may be two phases), so
            # the pair is only a candidate link for a reader, never a merge.
            doubtful = True
        if min(a.rank, b.rank) < PRECISION_RANK["season"] and (not shared or a.etype != b.etype):
            return None  # a near day or month: same type and a shared actor, or two events
        time_score = 0.0
        route = "date-conflict"
    if route == "match" and not shared and not asserted_overlap:
        # Two kinds of evidence or none: a shared actor, or dates both sources assert.
        return None
    score = 0.25 * time_score + 0.30 * actor_score + 0.15 * type_score + 0.30 * wording
    # A headline ("Halvard buys Borealis") states no date: with the parties of a dated
    # retelling below it, it is that event told undated.
    undated = route == "same-document" and same_trigger and (
        not (_asserts(a) or _asserts(b))
        or (_headline_undated(a, b) and len(shared) >= 2 and actor_score == 1.0))
    threshold = SAME_DOC_UNDATED if undated else _THRESHOLDS[route]
    if doubtful:
        score = min(score, threshold - REVIEW_MARGIN / 2)
    if score < threshold - REVIEW_MARGIN:
        return None
    return Edge(a.idx, b.idx, score, time_score, actor_score, type_score, wording, jaccard,
                same_trigger, shared, route, threshold)


def _shared(a: frozenset[str], b: frozenset[str]) -> frozenset[str]:
    """``a & b``, as ``a`` or ``b`` itself when it is one of them (most shared actor sets
    are: one side names no one the other does not): the edges keep it, and a new set per
    edge was a third of an edge's memory."""
    shared = a & b
    if len(shared) == len(a):
        return a
    if len(shared) == len(b):
        return b
    return shared or _NO_ACTORS


def contradicting(a: Mention, b: Mention) -> bool:
    """Whether the two mentions name different participants: agents both give and none
    shared, or places both give and none shared."""
    return bool((a.agents and b.agents and a.agents.isdisjoint(b.agents))
                or (a.places and b.places and a.places.isdisjoint(b.places)))


def _background_against_undated(a: Mention, b: Mention) -> bool:
    """One mention remote background to its document's story, the other undated: "In
    1999, two earthquakes killed 18,000" in one report of a quake is not the killing an
    undated report of this quake tells (two dated mentions are weighed by their dates; a
    year off may be the story told with a disagreeing date)."""
    return a.remote != b.remote and (a.e is None or b.e is None)


def _headline_undated(a: Mention, b: Mention) -> bool:
    """One of the two an undated mention in a headline."""
    return (a.em.headline and not _asserts(a)) or (b.em.headline and not _asserts(b))


def _asserts(m: Mention) -> bool:
    """Whether the mention states its date (not undated, not a context or relative guess)."""
    return m.e is not None and not m.weak


def token_jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    inter = len(a & b)
    union = len(a) + len(b) - inter  # |A | B| without building the union
    return inter / union if union else 0.0


def too_far_to_conflict(rank_a: int, rank_b: int, gap: int) -> bool:
    """Disjoint asserted dates ``gap`` days apart that can never be a date conflict: one
    is finer than a season and they lie more than ``NEAR_DAYS`` apart, or they lie more
    than a year apart."""
    season = PRECISION_RANK["season"]
    if rank_a < season or rank_b < season:
        return gap > NEAR_DAYS
    return gap > DAYS_PER_YEAR
