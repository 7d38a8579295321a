"""Event clustering across documents: blocking, pair scores, constrained merging, conflicts.

Blocking (what gets compared)
-----------------------------
Comparing every mention with every other is quadratic, so each mention is put in a few
blocks and only mentions sharing a block are scored. Types are part of most keys because
two mentions of different types are never one event.

* Year blocks. A mention dated to a year or finer gets ``(year, "a", type, actor)`` for
  each actor and ``(year, "l", trigger stem)``, for every year its interval touches.
  Year- and season-precision mentions also go in shadow blocks ``(year, "s", type,
  actor)`` for their year and the next, shared only with each other, so "1804" meets
  "1805" (a possible date conflict); a context-dated mention goes in the years either
  side. The trigger block only serves mentions without an actor or with a generic type,
  and each looks there only at mentions of its own type family or a generic type.
* Loose blocks. A mention dated only to a decade or coarser, or by a relative bound
  ("months after ..."), gets ``("x", type, actor)`` (``("x", type, "", trigger stem)``
  without an actor). An undated or context-dated one gets ``("xu", type, actor, trigger
  stem)``. Year-or-finer mentions join these blocks as the side they are compared with.

Within a block, mentions are sorted by date and each is compared with the next ``WINDOW``
(the sorted-neighbourhood method; a small block is all against all), so a popular actor
in a busy year costs no more per mention than a rare one. In a loose block only the loose
mentions look around: one with an interval at up to ``LOOSE_SCAN`` dated mentions
starting inside it, a context-dated one at its ``WINDOW`` nearest in time, an undated one
at an evenly spaced sample of ``LOOSE_SCAN``. Cost: O(n log n) for the sorts plus
O(n * blocks per mention * WINDOW) comparisons. No block pairs two type families, so
pairs are found and scored one family at a time (``partitions``), which keeps each pass's
working set small; a generic type meets every family and makes one partition of all.

Pair score (why two mentions may be one event)
----------------------------------------------
Hard requirements: compatible type (equal, or one generic); similar wording (a shared
trigger stem, "bombing campaign" sharing "bomb" with "bombing", or content-token Jaccard
>= 0.25); and, across documents, two kinds of evidence: a shared actor, or dates both
mentions assert and that overlap. Mentions that both name actors must share one. Then::

    score = 0.25 time + 0.30 actors + 0.15 type + 0.30 wording

``time`` is 1 for the same interval, 0.85 nested ("1940" and "24 June 1940"), 0.7 for a
partial overlap, scaled by how the date was found (clause or fact 1, sentence 0.9, context
or relative 0.5); 0.4 when a date is missing; 0.3 when a context or relative date
disagrees by less than a year (weak evidence, never a conflict), 0.1 beyond that and then
only for near-verbatim quotes (Jaccard >= 0.5); 0 when two asserted dates are disjoint.
``actors`` is the overlap coefficient of resolved entities (0.3 when one side names none,
0.5 when neither does). ``wording`` is 0.6 for a shared trigger stem plus 0.4 times the
content-token Jaccard.

Merging
-------
Edges are taken best first (ties by mention IDs, so input order never matters). Two
clusters merge when the edge clears ``CROSS_DOC`` (0.55), or ``SAME_DOC`` (0.85) for two
mentions of one document (a document rarely tells one event twice), and the clusters stay
consistent: the intersection of their asserted date intervals is not empty (so "1807"
cannot chain "March 1807" to "10 July 1807") and they share no document unless this edge
joins mentions of that document. The exception is a date conflict (score >=
``CONFLICT_MIN``): mentions from different documents of one type with a shared trigger,
dates no finer than a season and at most a year apart ("1804" vs "1805"), and either a
shared actor with Jaccard >= 0.3, or no actor on either side when each is its document's
only mention of that trigger within a year. They merge with ``has_conflict``; two
different days or months never do.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter, defaultdict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple

from pipeline import lang
from pipeline.cells import join_values
from pipeline.records import DocResult, EventMention
from pipeline.reconcile import names
from pipeline.reconcile.entities import EntityIndex
from pipeline.reconcile.registry import IdRegistry

WINDOW = 6
LOOSE_SCAN = 8
CROSS_DOC = 0.55
SAME_DOC = 0.85
CONFLICT_MIN = 0.45
MIN_JACCARD = 0.25
NEAR_VERBATIM = 0.5  # wording that overrides a context date a year or more off
_THRESHOLDS = {"match": CROSS_DOC, "same-document": SAME_DOC, "date-conflict": CONFLICT_MIN}

PRECISION_RANK = {"day": 0, "month": 1, "season": 2, "quarter": 2, "year": 3, "decade": 4,
                  "century": 5, "millennium": 6}
SOURCE_WEIGHT = {"clause": 1.0, "sentence": 0.9, "fact": 1.0, "context": 0.5, "relative": 0.5,
                 "": 0.8, "none": 0.8}
WEAK_SOURCES = frozenset({"context", "relative"})
GENERIC_TYPES = frozenset({"", "other", "event", "unknown", "misc", "generic"})
_DAYS_PER_YEAR = 372  # ordinal = year * 372 + (month - 1) * 31 + day: monotone, no calendar
_MIN_ORDINAL, _MAX_ORDINAL = -10**9, 10**9  # open ends of relative bounds
_ISO = re.compile(r"^(-?\d{1,6})(?:-(\d{1,2}))?(?:-(\d{1,2}))?")
_STOP = lang.words("reconcile", "stop_words")
_SUFFIXES = lang.ordered("reconcile", "stem_suffixes")  # tried in order: longest first


def stem(word: str) -> str:
    """A crude English stem: "bombing"/"bombed" -> "bomb", "allied"/"alliance" -> "alli"."""
    for suf in _SUFFIXES:
        if word.endswith(suf) and len(word) - len(suf) >= 4:
            return word[: -len(suf)]
    # "capture" meets "captured": a final silent e goes too.
    return word[:-1] if word.endswith("e") and len(word) > 5 else word


def content_tokens(folded: str) -> frozenset[str]:
    """Stemmed content words of a folded quote (no stop words, numbers or short words)."""
    return frozenset(filter(None, map(_content_stem, folded.split())))


_stem_cached = lru_cache(maxsize=None)(stem)  # words: a bounded vocabulary; no LRU upkeep per hit


@lru_cache(maxsize=None)
def _content_stem(word: str) -> str:
    """The stem of a content word, "" for a stop word, a number or a short word (decided
    once per distinct word, not once per occurrence)."""
    if len(word) > 2 and word not in _STOP and not word.isdigit():
        return _stem_cached(word)
    return ""


def ordinal(iso: str, *, end: bool = False) -> int | None:
    """An order-preserving integer for an ISO date (BCE as a leading ``-``)."""
    m = _ISO.match(iso or "")
    if not m:
        return None
    year = int(m.group(1))
    month = int(m.group(2)) if m.group(2) else (12 if end else 1)
    day = int(m.group(3)) if m.group(3) else (31 if end else 1)
    return year * _DAYS_PER_YEAR + (month - 1) * 31 + day


_ordinal_cached = lru_cache(maxsize=None)(ordinal)  # dates repeat: years, decades


@lru_cache(maxsize=4096)
def type_family(event_type: str) -> str:
    fam = re.split(r"[.:/]", (event_type or "").lower(), maxsplit=1)[0].strip()
    return "" if fam in GENERIC_TYPES else fam


@dataclass(slots=True)
class _Mention:
    idx: int
    em: EventMention
    doc_id: str  # em.doc_id and em.event_type, kept here: scoring reads them per pair
    etype: str
    family: str
    lemma: str  # stem of the trigger's first content word: the blocking key
    trig: frozenset[str]  # stems of all its content words: "bombing campaign" meets "bombing"
    tokens: frozenset[str]
    fquote: str  # folded quote
    actors: frozenset[str]
    agents: frozenset[str]
    places: frozenset[str]
    actor_pairs: tuple[tuple[str, str], ...]  # (identity, display name)
    place_pairs: tuple[tuple[str, str], ...]
    e: int | None
    l: int | None  # noqa: E741
    rank: int
    weak: bool  # a context or relative date: evidence, never a conflict
    sole: bool  # its document's only mention of this trigger within a year either side
    weight: float


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
    route: str  # match|same-document|date-conflict


class MergeEvidence(Mapping):
    """event ID -> the edges that joined its mentions, best first, as plain dicts.

    Built on lookup: only ``annalist explain`` reads it, one event at a time, and building
    a dict per edge for every event was a tenth of reconciliation at 100k mentions.
    """

    def __init__(self, ms: Sequence[_Mention], edges: dict[str, list[Edge]]) -> None:
        self._ms = ms
        self._edges = edges

    def __getitem__(self, event_id: str) -> list[dict]:
        edges = self._edges[event_id]
        return [_edge_dict(ed, self._ms) for ed in
                sorted(edges, key=lambda ed: (-ed.score, ed.a, ed.b))]

    def __iter__(self) -> Iterator[str]:
        return iter(self._edges)

    def __len__(self) -> int:
        return len(self._edges)


@dataclass
class EventTables:
    rows: list[dict] = field(default_factory=list)
    mention_rows: list[dict] = field(default_factory=list)
    conflicts: list[dict] = field(default_factory=list)
    evidence: Mapping[str, list[dict]] = field(default_factory=dict)


def _features(results: Sequence[DocResult], index: EntityIndex) -> list[_Mention]:
    """One ``_Mention`` per event mention, indexed in mention-ID order."""
    # Built in input order, which walks the records as they lie in memory (in ID order
    # every access was a cache miss at 100k mentions), then put in ID order.
    ems = [em for r in results for em in r.event_mentions]
    out = []
    # ``index.resolve`` answers from the mention ID when the entity stage clustered it,
    # else from the text alone: only the latter is worth caching (mention IDs are unique,
    # so a cache keyed on them only grew the working set).
    by_mention, entity_names = index.mention_entity, index.names
    resolve_cache: dict[str, tuple[str, str]] = {}
    # Trigger stems and actor and place sets repeat across mentions: one shared frozenset
    # each, instead of one per mention, is a sixth less memory at 100k mentions, and
    # memory traffic is what grows the cost per mention with the corpus.
    shared: dict[frozenset[str], frozenset[str]] = {}
    share = shared.setdefault

    def one(values) -> frozenset[str]:
        values = frozenset(values)
        return share(values, values)

    def resolve(text: str, mid: str) -> tuple[str, str]:
        if mid:
            eid = by_mention.get(mid)
            if eid is not None:
                return eid, entity_names[eid]
        hit = resolve_cache.get(text)
        if hit is None:
            hit = resolve_cache[text] = index.resolve(text)
        return hit

    for em in ems:
        actor_pairs, agent_ids = [], set()
        for a in em.actors:
            ident, name = resolve(a.text, a.mention_id)
            if ident:
                actor_pairs.append((ident, name))
                if a.role == "agent":
                    agent_ids.add(ident)
        place_pairs = [p for p in (resolve(text, "") for text in em.places) if p[0]]
        e, l = _ordinal_cached(em.earliest), _ordinal_cached(em.latest, end=True)  # noqa: E741
        relative = em.date_source == "relative"
        if relative and (e is not None or l is not None):
            # "months after the NATO bombing": only bounds, maybe open on one side.
            e = _MIN_ORDINAL if e is None else e
            l = _MAX_ORDINAL if l is None else l  # noqa: E741
        elif e is None or l is None:
            e = l = None  # noqa: E741
        rank = PRECISION_RANK.get(em.precision, 7) if e is not None and not relative else 7
        # "bombing campaign" (lemma "campaign") meets "bombing": every content word counts.
        words = names.fold(em.trigger_lemma or em.trigger).split()
        stems = ([_stem_cached(w) for w in words if w not in _STOP]
                 or [_stem_cached(w) for w in words])
        lemma = stems[0] if stems else ""
        stems += [_stem_cached(w) for w in names.fold(em.trigger).split() if w not in _STOP]
        fquote = names.fold(em.quote)
        out.append(_Mention(
            idx=-1, em=em, doc_id=em.doc_id, etype=em.event_type,
            family=type_family(em.event_type), lemma=lemma, trig=one(stems),
            tokens=content_tokens(fquote), fquote=fquote,
            actors=one(i for i, _ in actor_pairs),
            agents=one(agent_ids), places=one(i for i, _ in place_pairs),
            actor_pairs=tuple(actor_pairs), place_pairs=tuple(place_pairs),
            e=e, l=l, rank=rank, weak=em.date_source in WEAK_SOURCES, sole=True,
            weight=SOURCE_WEIGHT.get(em.date_source, 0.8),
        ))
    out.sort(key=_mention_id)
    for i, m in enumerate(out):
        m.idx = i
    _mark_sole(out)
    return out


def _mention_id(m: _Mention) -> str:
    return m.em.event_mention_id


def _mark_sole(ms: list[_Mention]) -> None:
    """Flag mentions that are their document's only one of a trigger within a year."""
    groups: dict[tuple[str, str], list[_Mention]] = defaultdict(list)
    for m in ms:
        groups[(m.em.doc_id, m.lemma)].append(m)
    for group in groups.values():
        if len(group) < 2:
            continue
        for m in group:
            m.sole = not any(
                o is not m and (m.e is None or o.e is None
                                or (o.e - _DAYS_PER_YEAR <= m.l and m.e <= o.l + _DAYS_PER_YEAR))
                for o in group[:64])


def _block_keys(m: _Mention) -> list[tuple]:
    keys: list[tuple] = []
    fam = m.family  # "" for a generic type: those meet others through the trigger blocks
    # The loose channel: dated to a decade or coarser or by a relative bound ("x"), or not
    # dated at all ("xu", narrower: it also needs the trigger), meets year-or-finer ones.
    if m.e is None:
        keys += [("xu", fam, actor, m.lemma) for actor in m.actors] or [("xu", fam, "", m.lemma)]
    else:
        keys += [("x", fam, actor) for actor in m.actors] or [("x", fam, "", m.lemma)]
    if m.e is not None and m.rank <= PRECISION_RANK["year"]:
        keys += [("xu", fam, actor, m.lemma) for actor in m.actors] or [("xu", fam, "", m.lemma)]
        y0, y1 = m.e // _DAYS_PER_YEAR, m.l // _DAYS_PER_YEAR
        coarse = m.rank >= PRECISION_RANK["season"] and not m.weak
        if m.weak:
            y0, y1 = y0 - 1, y1 + 1
        for y in range(y0, min(y1, y0 + 3) + 1):
            keys.append((y, "l", m.lemma))
            for actor in m.actors:
                keys.append((y, "a", fam, actor))
        if coarse:
            # Shadow blocks where "1804" meets "1805" (a possible date conflict); only
            # year- and season-precision mentions, the only ones that may conflict.
            keys.append((y1 + 1, "l", m.lemma))
            for y in (y0, y0 + 1):
                for actor in m.actors:
                    keys.append((y, "s", fam, actor))
    return keys


def candidate_pairs(ms: Sequence[_Mention]) -> set[tuple[int, int]]:
    """Pairs of positions in ``ms`` sharing a block (see the module docstring)."""
    n = len(ms)
    return {divmod(code, n) for code in _pair_codes(ms)}


def _pair_codes(ms: Sequence[_Mention]) -> set[int]:
    """``candidate_pairs`` with each pair ``(a, b)`` coded as the int ``a * len(ms) + b``:
    a set of ints is a fraction of the memory of a set of tuples, and sorting the codes
    gives the pairs in mention order, so scoring walks the mentions sequentially."""
    stride = len(ms)
    # A loose or trigger block matters only if a mention seeks in it (see ``_seeks``):
    # the others join only those, which keeps the block index small. Keys are made as
    # they are filed, not kept per mention: at 100k mentions that was a million key
    # tuples held at once.
    sought = {key for m in ms if _may_seek(m) for key in _block_keys(m) if _seeks(m, key)}
    blocks: dict[tuple, list[int]] = defaultdict(list)
    for i, m in enumerate(ms):
        for key in _block_keys(m):
            if key in sought or (key[0] not in ("x", "xu") and key[1] != "l"):
                blocks[key].append(i)
    del sought
    pairs: set[int] = set()
    add = pairs.add
    far = float("inf")
    when = [(m.e if m.e is not None else far, m.l if m.l is not None else far, m.idx)
            for m in ms].__getitem__
    # (earliest, latest, rank) of asserted dates, in a flat list: reading the mentions
    # themselves here cost a tenth of pair finding at 100k mentions.
    asserted = [(m.e, m.l, m.rank) if m.e is not None and not m.weak else None for m in ms]
    dated = [(m.e, m.l) if m.e is not None else None for m in ms]

    def apart(a: int, b: int) -> bool:
        """Dates that rule the pair out before it is scored (``score_pair`` would reject
        it): asserted dates disjoint and not a possible date conflict, or a context date
        more than a year from the other's without a near-verbatim retelling. In a crowded
        block most date-sorted neighbours are such pairs."""
        da, db = asserted[a], asserted[b]
        if da is not None and db is not None:
            if da[0] <= db[1] and db[0] <= da[1]:
                return False
            return _too_far_to_conflict(da[2], db[2], max(da[0], db[0]) - min(da[1], db[1]))
        wa, wb = dated[a], dated[b]  # one is a context date, or undated
        if wa is not None and wb is not None and \
                max(wa[0], wb[0]) - min(wa[1], wb[1]) > _DAYS_PER_YEAR:
            return _jaccard(ms[a].tokens, ms[b].tokens) < NEAR_VERBATIM
        return False

    def window(members: list[int]) -> None:
        members = sorted(members, key=when) if len(members) > WINDOW + 1 else members
        n = len(members)
        for i in range(n):
            a = members[i]
            for j in range(i + 1, min(n, i + 1 + WINDOW)):
                b = members[j]
                if not apart(a, b):
                    add(a * stride + b if a < b else b * stride + a)

    def look_around(seekers: list[int], pool: list[int]) -> None:
        pool = sorted(pool, key=when)
        starts = [when(k)[0] for k in pool]
        for k in seekers:
            m = ms[k]
            if m.e is None:
                # Undated: a deterministic sample; recall here is capped, by design.
                near = pool[:: max(1, len(pool) // LOOSE_SCAN)][:LOOSE_SCAN]
            elif m.rank > PRECISION_RANK["year"]:
                # Dated mentions starting inside its decade or century.
                lo = bisect.bisect_left(starts, m.e)
                near = pool[lo:min(bisect.bisect_right(starts, m.l), lo + LOOSE_SCAN)]
            else:
                i = bisect.bisect_left(starts, m.e)
                near = pool[max(0, i - WINDOW // 2):i + WINDOW // 2 + 1]
            for j in near:
                if j != k and not apart(k, j):
                    add(k * stride + j if k < j else j * stride + k)

    for key, members in blocks.items():
        if len(members) < 2:
            continue
        if key[0] == "x":
            # Year-or-finer pairs already met in their year blocks: this channel serves
            # mentions dated to a decade or coarser, or by a relative bound.
            loose = [k for k in members if not _fine(ms[k])]
            if loose:
                look_around(loose, [k for k in members if _fine(ms[k])])
                window(loose)
        elif key[0] == "xu":
            # Undated mentions, and context-dated ones whose guessed year may be far off,
            # meet asserted dates of the same type, actor and trigger.
            loose = [k for k in members if ms[k].e is None or ms[k].weak]
            if loose:
                look_around(loose, [k for k in members if ms[k].e is not None
                                    and not ms[k].weak])
                window(loose)
        elif key[1] == "l":
            # Mentions with actors and a specific type already met in their actor blocks;
            # the trigger block is for mentions that name no actor or have a generic type.
            seekers = [k for k in members if not ms[k].actors or not ms[k].family]
            if seekers:
                for family, group in _by_family(seekers, ms):
                    # A seeker looks only at mentions its type is compatible with: its
                    # own family or a generic type (a generic seeker, at everything).
                    look_around(group, members if not family else
                                [k for k in members if ms[k].family in (family, "")])
        else:
            window(members)
    return pairs


def _by_family(positions: list[int], ms: Sequence[_Mention]) -> list[tuple[str, list[int]]]:
    """``positions`` grouped by their mention's type family, families in sorted order."""
    groups: dict[str, list[int]] = defaultdict(list)
    for k in positions:
        groups[ms[k].family].append(k)
    return sorted(groups.items())


def partitions(ms: Sequence[_Mention]) -> list[list[_Mention]]:
    """The mentions split into groups no candidate pair crosses: one per type family.

    Every block key but the trigger's holds the family, and a trigger block pairs a
    mention only with compatible types, so two families never meet; a generic type meets
    every family, so then there is one group. Pairs are found and scored group by group:
    a group's block index and mentions stay small enough for the CPU caches (the whole
    corpus at 100k mentions does not), and a group is the unit to hand to a worker.
    """
    if not ms or any(not m.family for m in ms):
        return [list(ms)]
    groups: dict[str, list[_Mention]] = defaultdict(list)
    for m in ms:
        groups[m.family].append(m)
    return [groups[family] for family in sorted(groups)]


def _seeks(m: _Mention, key: tuple) -> bool:
    """Whether ``m`` looks for partners in block ``key``: a loose mention in a loose
    block, a mention without an actor or with a generic type in a trigger block."""
    if key[0] == "x":
        return not _fine(m)
    if key[0] == "xu":
        return m.e is None or m.weak
    return key[1] == "l" and (not m.actors or not m.family)


def _may_seek(m: _Mention) -> bool:
    """Whether ``_seeks`` can hold for any of ``m``'s blocks."""
    return m.e is None or m.weak or not _fine(m) or not m.actors or not m.family


def _fine(m: _Mention) -> bool:
    """Dated to a year or finer (context dates included): it has year blocks."""
    return m.e is not None and m.rank <= PRECISION_RANK["year"]


def score_pair(a: _Mention, b: _Mention) -> Edge | None:
    """The evidence that two mentions report one event, or None if they cannot."""
    if a.family and b.family and a.family != b.family:
        return None
    if a.etype == b.etype:
        type_score = 1.0
    else:
        type_score = 0.8 if a.family == b.family else 0.5
    same_doc = a.doc_id == b.doc_id
    shared = a.actors & b.actors
    if a.actors and b.actors:
        if not shared and not same_doc:
            return None
        actor_score = len(shared) / min(len(a.actors), len(b.actors))
    elif a.actors or b.actors:
        actor_score = 0.3
    else:
        actor_score = 0.5
    same_trigger = bool(a.trig & b.trig)
    jaccard = _jaccard(a.tokens, b.tokens)
    if not same_trigger and jaccard < MIN_JACCARD:
        return None
    wording = 0.6 * same_trigger + 0.4 * jaccard
    route = "same-document" if same_doc else "match"
    asserted_overlap = False
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
        if max(a.e, b.e) - min(a.l, b.l) > _DAYS_PER_YEAR:
            if jaccard < NEAR_VERBATIM:
                return None
            time_score = 0.1
        else:
            time_score = 0.3
    else:
        if (same_doc or _too_far_to_conflict(a.rank, b.rank, max(a.e, b.e) - min(a.l, b.l))
                or not same_trigger or not a.family or a.family != b.family):
            return None
        if shared:
            if jaccard < 0.3:
                return None
        elif a.actors or b.actors or not (a.sole and b.sole):
            return None
        time_score = 0.0
        route = "date-conflict"
    if route == "match" and not shared and not asserted_overlap:
        # Two kinds of evidence or none: a shared actor, or dates both sources assert.
        return None
    score = 0.25 * time_score + 0.30 * actor_score + 0.15 * type_score + 0.30 * wording
    if score < _THRESHOLDS[route]:
        return None
    return Edge(a.idx, b.idx, score, time_score, actor_score, type_score, wording, jaccard,
                same_trigger, shared, route)


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    inter = len(a & b)
    union = len(a) + len(b) - inter  # |A | B| without building the union
    return inter / union if union else 0.0


def _too_far_to_conflict(rank_a: int, rank_b: int, gap: int) -> bool:
    """Disjoint asserted dates ``gap`` days apart that can never be a date conflict: one
    is finer than a season, or they lie more than a year apart."""
    season = PRECISION_RANK["season"]
    return rank_a < season or rank_b < season or gap > _DAYS_PER_YEAR


@dataclass(slots=True)
class _Cluster:
    members: list[int]
    docs: set[str]
    e: int | None
    l: int | None  # noqa: E741
    families: set[str]
    edges: list[Edge]


def _score_of(edge: Edge) -> float:
    return edge.score


def _singleton(m: _Mention) -> _Cluster:
    strong = m.e is not None and not m.weak
    return _Cluster([m.idx], {m.doc_id}, m.e if strong else None, m.l if strong else None,
                    {m.family} - {""}, [])


def cluster(ms: Sequence[_Mention], edges: Sequence[Edge]) -> list[_Cluster]:
    """Greedy best-first merging under the consistency rules of the module docstring."""
    parent = list(range(len(ms)))
    # A root's cluster (two sets, two lists) is made when an edge first reaches it, and
    # a mention no edge reaches gets one at the end: made up front for every mention,
    # they took 81 MB at 100k mentions where this peaks at 34 MB.
    state: list[_Cluster | None] = [None] * len(ms)

    def cluster_at(root: int) -> _Cluster:
        c = state[root]
        if c is None:
            c = state[root] = _singleton(ms[root])
        return c

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    # Best first, ties by (a, b): ``edges`` come in (a, b) order and the sort is stable
    # (also with reverse=True), so a float key gives the order of (-score, a, b).
    if any(x > y for x, y in zip(edges, edges[1:])):
        edges = sorted(edges, key=lambda ed: (ed.a, ed.b))
    for edge in sorted(edges, key=_score_of, reverse=True):
        ra, rb = find(edge.a), find(edge.b)
        if ra == rb:
            continue
        ca, cb = cluster_at(ra), cluster_at(rb)
        if ca.families and cb.families and ca.families != cb.families:
            continue
        if not ca.docs.isdisjoint(cb.docs) and not (
                edge.route == "same-document" and ca.docs & cb.docs == {ms[edge.a].doc_id}):
            continue
        if ca.e is not None and cb.e is not None:
            lo, hi = max(ca.e, cb.e), min(ca.l, cb.l)
            if lo <= hi:
                e, l = lo, hi  # noqa: E741
            elif edge.route == "date-conflict" and lo - hi <= _DAYS_PER_YEAR:
                ka = (len(ca.docs), -(ca.l - ca.e))
                keep = ca if ka >= (len(cb.docs), -(cb.l - cb.e)) else cb
                e, l = keep.e, keep.l  # noqa: E741
            else:
                continue
        else:
            e, l = (ca.e, ca.l) if ca.e is not None else (cb.e, cb.l)  # noqa: E741
        # The larger cluster absorbs the smaller: merging stays O(n log n) overall.
        big, small = (ca, cb) if len(ca.members) >= len(cb.members) else (cb, ca)
        big.members.extend(small.members)
        big.docs |= small.docs
        big.families |= small.families
        big.edges.extend(small.edges)
        big.edges.append(edge)
        big.e, big.l = e, l
        root, other = (ra, rb) if ra < rb else (rb, ra)
        parent[other] = root
        state[root] = big
        state[other] = None
    out = [c if c is not None else _singleton(ms[i])
           for i, c in enumerate(state) if parent[i] == i]
    for c in out:
        c.members.sort()
    return out


def reconcile_events(
    results: Sequence[DocResult], index: EntityIndex, registry: IdRegistry
) -> EventTables:
    """Cluster every event mention into events with stable IDs, fields and conflicts."""
    ms = _features(results, index)
    edges = []
    for part in partitions(ms):  # each in mention order: local pair order is global order
        stride = len(part)
        for code in sorted(_pair_codes(part)):
            a, b = divmod(code, stride)
            edge = score_pair(part[a], part[b])
            if edge is not None:
                edges.append(edge)
    clusters = sorted(cluster(ms, edges), key=lambda c: ms[c.members[0]].em.event_mention_id)
    plans = [(ms[c.members[0]].em.event_mention_id,
              [ms[i].em.event_mention_id for i in c.members]) for c in clusters]
    reasons = [_merge_reason(c) for c in clusters]
    ids = registry.assign("event", "EV", plans, reasons=reasons)
    merged_into: dict[str, list[str]] = defaultdict(list)
    for mg in registry.merges("event"):
        merged_into[registry.resolve(mg.new_id)].append(mg.old_id)

    out = EventTables()
    edges_of: dict[str, list[Edge]] = {}
    for c, eid in zip(clusters, ids):
        members = [ms[i] for i in c.members]
        row, conflicts = _event_row(eid, members)
        row["merged_from"] = join_values(sorted(merged_into.get(eid, [])))
        out.rows.append(row)
        out.conflicts.extend(conflicts)
        edges_of[eid] = c.edges
        for m in members:
            out.mention_rows.append(_mention_row(m.em, eid))
    out.evidence = MergeEvidence(ms, edges_of)
    out.rows.sort(key=lambda r: r["event_id"])
    out.mention_rows.sort(key=lambda r: r["event_mention_id"])
    out.conflicts.sort(key=lambda r: (r["event_id"], r["field"], r["doc_id"],
                                      r["event_mention_id"], r["value"]))
    return out


def _merge_reason(c: _Cluster) -> str:
    if not c.edges:
        return "joined by new evidence"
    best = max(c.edges, key=lambda ed: (ed.score, -ed.a, -ed.b))
    return f"mentions matched ({best.route}, score {best.score:.2f})"


def _edge_dict(ed: Edge, ms: Sequence[_Mention]) -> dict:
    names_of = dict(ms[ed.a].actor_pairs + ms[ed.b].actor_pairs)
    return {
        "a": ms[ed.a].em.event_mention_id, "b": ms[ed.b].em.event_mention_id,
        "score": round(ed.score, 4), "time": round(ed.time, 3), "actors": round(ed.actors, 3),
        "type": ed.type, "wording": round(ed.wording, 4), "jaccard": round(ed.jaccard, 4),
        "same_trigger": ed.same_trigger,
        "shared_actors": sorted(names_of.get(i, i) for i in ed.shared), "route": ed.route,
    }


def _mention_row(em: EventMention, eid: str) -> dict:
    return {
        "event_mention_id": em.event_mention_id,
        "event_id": eid,
        "doc_id": em.doc_id,
        "claim_id": em.claim_id,
        "start": em.start,
        "end": em.end,
        "line": em.line,
        "quote": em.quote,
        "trigger": em.trigger,
        "event_type": em.event_type,
        "actors": join_values(a.text for a in em.actors),
        "places": join_values(em.places),
        "date_value": em.date_value,
        "earliest": em.earliest,
        "latest": em.latest,
        "precision": em.precision,
        "locator": em.locator,
        "confidence": em.confidence,
        "date_source": em.date_source,
        "anchor": em.anchor,
    }


def _ordered_names(pairs: Sequence[tuple[str, str]]) -> list[str]:
    """Distinct display names of ``(identity, name)`` pairs, most mentioned first."""
    if len(pairs) <= 1:
        return [name for _, name in pairs]
    counts = Counter(ident for ident, _ in pairs)
    name_of = {}
    for ident, name in sorted(pairs):
        name_of.setdefault(ident, name)
    return [name_of[i] for i in sorted(counts, key=lambda i: (-counts[i], name_of[i], i))]


def _most_common(values: Sequence[str]) -> str:
    """The most frequent value, ties to the smallest; "" for none."""
    if len(values) == 1:
        return values[0]
    counts = Counter(values)
    return min(counts, key=lambda v: (-counts[v], v)) if counts else ""


def _event_row(eid: str, members: Sequence[_Mention]) -> tuple[dict, list[dict]]:
    docs = sorted({m.em.doc_id for m in members})
    event_type = _most_common([m.em.event_type for m in members
                               if type_family(m.em.event_type)]
                              or [m.em.event_type for m in members])
    actors = _ordered_names([p for m in members for p in m.actor_pairs])
    places = _ordered_names([p for m in members for p in m.place_pairs])
    date_m, conflicts_date = _choose_date(members)
    conflicts: list[dict] = []
    if conflicts_date:
        conflicts += [_conflict(eid, "date", m.em.date_value or f"{m.em.earliest}/{m.em.latest}", m)
                      for m in conflicts_date]
    if len(docs) > 1:  # places, actors and numbers conflict only between documents
        conflicts += _conflicts_between_documents(eid, members)
    has_conflict = bool(conflicts)
    trigger = _most_common([_title_words(m.em) for m in members])
    title = trigger + (f" ({', '.join(actors[:3])})" if actors else "")
    when = _title_date(date_m.em) if date_m is not None else ""
    if when:
        title += f", {when}"
    row = {
        "event_id": eid,
        "event_type": event_type,
        "title": title.strip(),
        "date": date_m.em.date_value if date_m else "",
        "earliest": date_m.em.earliest if date_m else "",
        "latest": date_m.em.latest if date_m else "",
        "precision": date_m.em.precision if date_m else "",
        "actors": join_values(actors),
        "places": join_values(places),
        "description": _description(members, set(actors) | set(places)),
        "n_mentions": len(members),
        "n_documents": len(docs),
        "doc_ids": join_values(docs),
        "confidence": _confidence(members, has_conflict),
        "has_conflict": has_conflict,
        "mention_ids": join_values(m.em.event_mention_id for m in members),
    }
    return row, conflicts


def _title_words(em: EventMention) -> str:
    """What the title calls the event: the trigger's lemma ("signed away" -> "sign"), but a
    compound noun whole with its head lemmatised ("coup d'état", "peace treaties" ->
    "peace treaty"): its head alone ("d'état") does not name the event. A noun's head
    comes last, a verb's before its particle."""
    lemma = em.trigger_lemma or em.trigger.lower()
    words = em.trigger.lower().split()
    if len(words) > 1 and em.trigger_lemma and words[-1].startswith(lemma[:4]):
        return " ".join([*words[:-1], lemma])
    return lemma


def _title_date(em: EventMention) -> str:
    """The date for the title: the value, or the interval a relative date bounds ("by
    1878-12-31" for "in 1878, after another war"); "" when nothing bounds it."""
    if em.date_value:
        return em.date_value
    if em.earliest and em.latest:
        return f"{em.earliest}/{em.latest}"
    if em.earliest:
        return f"from {em.earliest}"
    return f"by {em.latest}" if em.latest else ""


def _conflicts_between_documents(eid: str, members: Sequence[_Mention]) -> list[dict]:
    return (
        _set_conflicts(eid, "place", members, lambda m: m.places, lambda m: m.em.places)
        + _set_conflicts(eid, "actor", members, lambda m: m.agents,
                         lambda m: [a.text for a in m.em.actors if a.role == "agent"],
                         outer=lambda m: m.actors)
        + _set_conflicts(eid, "number", members,
                         lambda m: frozenset(map(number_key, m.em.numbers)),
                         lambda m: m.em.numbers, comparable=_share_a_kind)
    )


def _share_a_kind(a: frozenset[tuple[str, str]], b: frozenset[tuple[str, str]]) -> bool:
    return not {kind for kind, _ in a}.isdisjoint(kind for kind, _ in b)


def _choose_date(members: Sequence[_Mention]) -> tuple[_Mention | None, list[_Mention]]:
    """The most precise date the mentions support, and the mentions in conflict (if any).

    Asserted dates (clause, sentence, fact) decide; a context date only fills in when no
    mention asserts one. If asserted intervals do not all overlap, the group supported by
    most documents wins (then the more precise) and every asserted date is listed.
    """
    strong = [m for m in members if m.e is not None and not m.weak]
    pool = strong or [m for m in members if m.e is not None]
    if not pool:
        return None, []
    groups: list[list[_Mention]] = []
    for m in sorted(pool, key=lambda m: (m.e, m.l, m.idx)):
        for g in groups:
            if all(m.e <= o.l and o.e <= m.l for o in g):
                g.append(m)
                break
        else:
            groups.append([m])
    best = max(groups, key=lambda g: (len({m.em.doc_id for m in g}), len(g),
                                      -min(x.rank for x in g), -g[0].e))
    chosen = min(best, key=lambda m: (m.l - m.e, m.rank, -m.weight, m.em.event_mention_id))
    return chosen, (sorted(strong, key=lambda m: m.em.event_mention_id)
                    if len(groups) > 1 and strong else [])


def _set_conflicts(eid, field_name, members, ids_of, values_of, outer=None,
                   comparable=None) -> list[dict]:
    """Rows for every mention giving ``field_name`` when two documents give disjoint values.

    Values count as agreeing when one mention's value appears anywhere in the other
    (its quote, or ``outer`` such as all its actors): "Belgrade" vs "Serbia" is not a
    conflict when the quote naming Belgrade also says Serbia. With ``comparable``, two
    mentions whose value sets it rejects never conflict (a distance and a sum of money).
    """
    given = [(m, ids) for m in members if (ids := ids_of(m))]  # each set made once
    found = False
    for i, (a, ids_a) in enumerate(given):
        for b, ids_b in given[i + 1:]:
            if a.em.doc_id == b.em.doc_id or ids_a & ids_b:
                continue
            if comparable is not None and not comparable(ids_a, ids_b):
                continue
            if outer is not None and (ids_a & outer(b) or ids_b & outer(a)):
                continue
            qa, qb = a.fquote, b.fquote
            if any(names.fold_name(v) in qb for v in values_of(a)) or \
               any(names.fold_name(v) in qa for v in values_of(b)):
                continue
            found = True
            break
        if found:
            break
    if not found:
        return []
    return [_conflict(eid, field_name, join_values(values_of(m)), m) for m, _ in given]


def _any_word(key: str) -> str:
    """A regular expression for any whole word or phrase of the list ``key``."""
    return rf"\b(?:{'|'.join(map(re.escape, lang.ordered('reconcile', key)))})\b"


_CURRENCY = re.compile(
    f"[{re.escape(''.join(lang.ordered('reconcile', 'currency_signs')))}]|{_any_word('currency_words')}")
_HEDGES = re.compile(_any_word("number_hedges"))
_UNITS = lang.table("reconcile", "units")
_WORD_NUMBERS = lang.table("reconcile", "word_numbers")


@lru_cache(maxsize=4096)
def number_key(text: str) -> tuple[str, str]:
    """(kind, value) of a number as a source gives it, so that only like compares with
    like: "about 150 metres" and "150 meters" -> ("m", "150"), "Twelve" -> ("count", "12"),
    "$70 billion" -> ("money", "70billion"), "1,200-mile" -> ("mi", "1200"). Hedges
    ("nearly", "at least") go: they qualify the figure, they do not change it."""
    t = text.lower()
    kind = "money" if _CURRENCY.search(t) else ""
    t = _HEDGES.sub(" ", _CURRENCY.sub(" ", t))
    value = []
    for w in re.findall(r"\d[\d,.]*|[^\W\d_]+|%", t):
        if w in _UNITS:
            kind = kind or _UNITS[w]
        else:
            value.append(_WORD_NUMBERS.get(w, w.replace(",", "").rstrip(".")))
    return kind or "count", "".join(value)


def _conflict(eid: str, field_name: str, value: str, m: _Mention) -> dict:
    return {"event_id": eid, "field": field_name, "value": value, "doc_id": m.em.doc_id,
            "event_mention_id": m.em.event_mention_id, "quote": m.em.quote}


def _description(members: Sequence[_Mention], known: set[str]) -> str:
    """The most informative quote: names the most of the event's actors and places, is
    precisely dated, has the most content words; then the smallest mention ID."""
    if len(members) == 1:
        return members[0].em.quote
    folded_known = [f for f in map(names.fold_name, sorted(known)) if f]

    def info(m: _Mention) -> tuple:
        named = sum(1 for k in folded_known if k in m.fquote)
        return (-named, m.rank, -min(len(m.tokens), 40), m.em.event_mention_id)

    return min(members, key=info).em.quote


def _confidence(members: Sequence[_Mention], has_conflict: bool) -> float:
    """1 - prod(1 - c_d) over documents, c_d the best mention confidence in document d.

    Independent sources raise it; more mentions in one document do not. A conflict
    lowers it by 15 %.
    """
    best: dict[str, float] = {}
    for m in members:
        c = m.em.confidence if m.em.confidence > 0 else 0.5
        best[m.em.doc_id] = max(best.get(m.em.doc_id, 0.0), min(max(c, 0.05), 0.95))
    miss = 1.0
    for c in best.values():
        miss *= 1.0 - c
    conf = 1.0 - miss
    if has_conflict:
        conf *= 0.85
    return round(conf, 3)
