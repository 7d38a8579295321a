"""Documents that tell the same story: the document-level context of event coreference.

Two news reports of one happening name the same people, organisations and places ("Tara
Reid", "Promises Treatment Center", "Malibu") and the same year; two reports of different
happenings of one kind ("checked into rehab" in 2008 and in 2013) share the words but not
the names. A document *tells one story* when its stated dates fall in at most
``features.STORY_MAX_YEARS`` distinct years; two such documents are *related* when the
cosine of their named-entity vectors (the entities named, and the entities its events'
parties and places resolve to; each entity weighted by its inverse document
frequency, ``log(1 + N / df)``) is at least ``MIN_SIMILARITY`` and, when both state dates,
one states the other's main year. Each document keeps its ``MAX_RELATED`` most similar related
documents, so the relation stays linear in the corpus; an entity named in more than
``MAX_DF`` documents is no evidence (and would make the candidate search quadratic).

Event scoring lets two mentions of related documents with the same trigger be one event
without a shared actor or stated date (route ``story`` in ``pipeline.reconcile.scoring``).
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Sequence

from pipeline.records import DocResult
from pipeline.reconcile.entities import EntityIndex
from pipeline.reconcile.features import Mention, stated_years

# Names that identify a happening's participants and place; dates, numbers and
# nationalities ("American") do not tell two stories apart.
NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "EVENT", "PRODUCT",
                         "WORK_OF_ART", "LAW"})
MIN_SIMILARITY = 0.15
MAX_RELATED = 8
MAX_DF = 50


def related_documents(results: Sequence[DocResult], index: EntityIndex,
                      ms: Sequence[Mention]) -> dict[str, frozenset[str]]:
    """doc ID -> the documents telling the same story (symmetric; only one-story ones)."""
    story = {m.doc_id for m in ms if m.story}
    years = stated_years(ms)
    vectors = _entity_counts(results, index, story)
    # The parties and places of its events count too, where they resolve to an entity
    # found in the corpus: a name the model missed in one report ("Blue Wave Lines, which
    # operates the vessel") is still resolved as an event's actor.
    for m in ms:
        if m.doc_id in vectors:
            vectors[m.doc_id].update(i for i in m.actors | m.places if not i.startswith("k:"))
    df = Counter(e for ents in vectors.values() for e in ents)
    n = max(len(vectors), 1)
    weights = {d: {e: math.log(1 + n / df[e]) for e in ents if df[e] <= MAX_DF}
               for d, ents in vectors.items()}
    norms = {d: math.sqrt(sum(w * w for w in ws.values())) for d, ws in weights.items()}
    postings: dict[str, list[str]] = defaultdict(list)
    for d in sorted(weights):
        for e in weights[d]:
            postings[e].append(d)
    best: dict[str, list[tuple[float, str]]] = {}
    for d in sorted(weights):
        if not norms[d]:
            continue
        dots: dict[str, float] = defaultdict(float)
        for e, w in weights[d].items():
            for other in postings[e]:
                if other != d:
                    dots[other] += w * weights[other][e]
        scored = []
        for other, dot in dots.items():
            sim = dot / (norms[d] * norms[other])
            if sim >= MIN_SIMILARITY and _years_agree(years.get(d), years.get(other)):
                scored.append((-sim, other))
        best[d] = sorted(scored)[:MAX_RELATED]
    related: dict[str, set[str]] = defaultdict(set)
    for d, top in best.items():
        for _, other in top:
            related[d].add(other)
            related[other].add(d)
    return {d: frozenset(others) for d, others in related.items()}


def _entity_counts(results: Sequence[DocResult], index: EntityIndex,
                   story: set[str]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    of = index.mention_entity
    for r in results:
        if r.doc_id in story:
            out[r.doc_id] = {of[m.mention_id] for m in r.mentions
                             if m.label in NAME_LABELS and m.mention_id in of}
    return out


def _years_agree(a: Counter[int] | None, b: Counter[int] | None) -> bool:
    """One document states the other's main year (the year it dates most mentions in), or
    one states none."""
    return not a or not b or _main(a) in b or _main(b) in a


def _main(years: Counter[int]) -> int:
    return min(years, key=lambda y: (-years[y], y))
