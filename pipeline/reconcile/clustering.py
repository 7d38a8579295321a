"""Constrained merging: scored pairs -> clusters of mentions, one per event.

Best edge first, under the consistency rules of ``pipeline.reconcile.events`` (asserted
dates keep a common part, one document joins only through its own edge), with a
union-find so merging stays O(n log n).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from operator import itemgetter

from pipeline.reconcile.features import DAYS_PER_YEAR, PRECISION_RANK, Mention
from pipeline.reconcile.scoring import SAME_DOCUMENT_ROUTES, Edge, too_far_to_conflict


@dataclass(slots=True)
class Cluster:
    members: list[int]
    docs: set[str]
    e: int | None
    l: int | None  # noqa: E741
    families: set[str]
    edges: list[Edge]
    agents: frozenset[str]  # of every member: a one-story merge refuses disjoint ones
    places: frozenset[str]
    actors: frozenset[str]  # of every member: a match across documents refuses disjoint ones


# Routes whose pairs need a shared actor when both name one: their clusters do too.
_ACTOR_ROUTES = frozenset({"match", "date-conflict"})


_NO_DOCS: frozenset[str] = frozenset()
_SCORE = itemgetter(2)  # Edge.score, read as a tuple item: no key function call per edge


def _best_first(edges: Sequence[Edge]) -> list[Edge]:
    """Edges inside one document first, each part by score, highest first, ties in
    input order (a stable sort keeps them so with ``reverse=True`` too). Split in two,
    the sort compares floats, not ``(inside, score)`` tuples made per edge."""
    inside = [ed for ed in edges if ed.route in SAME_DOCUMENT_ROUTES]
    between = [ed for ed in edges if ed.route not in SAME_DOCUMENT_ROUTES]
    inside.sort(key=_SCORE, reverse=True)
    between.sort(key=_SCORE, reverse=True)
    return inside + between


def _singleton(m: Mention) -> Cluster:
    strong = m.e is not None and not m.weak
    return Cluster([m.idx], {m.doc_id}, m.e if strong else None, m.l if strong else None,
                    {m.family} - {""}, [], m.agents, m.places, m.actors)


def cluster(ms: Sequence[Mention], edges: Sequence[Edge]) -> list[Cluster]:
    """Greedy best-first merging under the consistency rules of the module docstring."""
    parent = list(range(len(ms)))
    # A root's cluster (two sets, two lists) is made when an edge first reaches it, and
    # a mention no edge reaches gets one at the end: made up front for every mention,
    # they took 81 MB at 100k mentions where this peaks at 34 MB.
    state: list[Cluster | None] = [None] * len(ms)

    def cluster_at(root: int) -> Cluster:
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
    # Within-document coreference first: a document's retellings of one event join before
    # other documents' mentions link them, which would then keep them apart (a document
    # joins only through its own edge).
    for edge in _best_first(edges):
        ra, rb = find(edge.a), find(edge.b)
        if ra == rb:
            continue
        ca, cb = cluster_at(ra), cluster_at(rb)
        if ca.families and cb.families and ca.families != cb.families:
            continue
        # Most merging clusters share no document: testing that builds no set.
        shared_docs = _NO_DOCS if ca.docs.isdisjoint(cb.docs) else ca.docs & cb.docs
        # Two groups holding one document merge only through an edge inside it, or through
        # two documents telling the same story: those retell one event by its trigger.
        if shared_docs and edge.route != "story" and not (
                edge.route in SAME_DOCUMENT_ROUTES and shared_docs == {ms[edge.a].doc_id}):
            continue
        if (edge.route == "same-story" or (edge.route == "story" and shared_docs)) and (
                _disjoint(ca.agents, cb.agents) or _disjoint(ca.places, cb.places)):
            # "Reid checked in", "the actress checked in", "Lohan checked in": a chain
            # through a mention naming nobody must not join two named agents of a document.
            continue
        if edge.route in _ACTOR_ROUTES and _disjoint(ca.actors, cb.actors):
            # "BellSouth shares fell", "Unisys stock fell": two mentions naming different
            # actors never match (``scoring``), nor through a third that names none.
            continue
        if ca.e is not None and cb.e is not None:
            lo, hi = max(ca.e, cb.e), min(ca.l, cb.l)
            if lo <= hi:
                e, l = lo, hi  # noqa: E741
            elif (edge.route == "date-conflict" and lo - hi <= DAYS_PER_YEAR) or (
                    edge.route == "story" and not _too_far(ca, cb, lo - hi)):
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
        big.agents |= small.agents
        big.places |= small.places
        big.actors |= small.actors
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


def _too_far(ca: Cluster, cb: Cluster, gap: int) -> bool:
    """Whether clusters whose asserted dates lie ``gap`` days apart stay two events when
    two documents telling one story link them by their trigger ("Lohan checked into rehab"
    dated 2012 in one report, 2013 in the other: one event, a date conflict). As for a
    pair (``scoring.too_far_to_conflict``), two different days or months never join."""
    return too_far_to_conflict(_rank(ca), _rank(cb), gap)


def _rank(c: Cluster) -> int:
    # A cluster's interval is its members' common part: narrower than a season, it is a
    # day or a month.
    return PRECISION_RANK["month"] if c.l - c.e < 3 * 31 else PRECISION_RANK["year"]


def _disjoint(a: frozenset[str], b: frozenset[str]) -> bool:
    return bool(a and b and a.isdisjoint(b))


def merge_reason(c: Cluster) -> str:
    if not c.edges:
        return "joined by new evidence"
    best = max(c.edges, key=lambda ed: (ed.score, -ed.a, -ed.b))
    return f"mentions matched ({best.route}, score {best.score:.2f})"
