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
* Story blocks. A mention of a document telling one story gets ``("d", type, document,
  trigger stem)``: the document's mentions of one trigger meet whatever their dates; and,
  for each document telling the same story as its own (:mod:`.stories`), ``("s", type,
  trigger stem, document pair)``.
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
Hard requirements: compatible type (equal, one generic, or types of one family:
``pipeline/data/event_families.csv`` puts DEATH with ASSAULT, a killing and the death it
caused); similar wording (a shared trigger stem, "bombing campaign" sharing "bomb" with
"bombing", a synonym group of ``trigger_synonyms`` in ``lang/en/reconcile.yaml``, "died"
with "killed", or content-token Jaccard >= 0.25); and, across documents, two kinds of
evidence: a shared actor, or dates both mentions assert and that overlap, or documents
telling the same story (below). Mentions that both name actors must share one, unless
their documents tell the same story. Then::

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
Edges inside one document are taken first (within-document coreference first), then
the rest; each set best first (ties by mention IDs, so input order never matters). Two
clusters merge when the edge clears ``CROSS_DOC`` (0.55), or ``SAME_DOC`` (0.85) for two
mentions of one document (a history rarely tells one event twice), ``SAME_DOC_UNDATED``
(0.6) for two of one document sharing a trigger stem when neither states a date, and the
clusters stay consistent: the intersection of their asserted date intervals is not empty
(so "1807" cannot chain "March 1807" to "10 July 1807") and they share no document unless
this edge joins mentions of that document.

Stories. A document *tells one story* (``features.STORY_MAX_YEARS``) when its stated
dates fall in at most two years, or fewer than 20 % of its mentions are stated outside its
main year: a news report, not a history. In such a document two mentions sharing a
trigger stem, or words of one ``story_synonyms`` group ("hit", "struck"), are one event
(route ``same-story``, ``SAME_STORY`` 0.5), unless one is background (stated in a year
apart from the document's main one, ``features.Mention.background``) and the other not,
or their stated dates are disjoint or their agents or places are disjoint (checked on the
whole clusters,
so an agentless "the actress checked in" cannot chain "Reid checked in" to "Lohan checked
in"). Two one-story documents are *related* when their named entities are alike
(:mod:`.stories`: idf-weighted cosine >= 0.15, the main years agree); two mentions of
related documents sharing a trigger stem are one event on that evidence (route ``story``,
``STORY`` 0.5) unless their stated dates, agents or places disagree; such an edge may join
clusters holding one document when their agents and places are not disjoint. Histories
keep the strict rules above.

The exception is a date conflict (score >=
``CONFLICT_MIN``): mentions from different documents of one type with a shared trigger,
dates no finer than a season and at most a year apart ("1804" vs "1805"), and either a
shared actor with Jaccard >= 0.3, or no actor on either side when each is its document's
only mention of that trigger within a year. Days or months at most ``NEAR_DAYS`` (2)
apart ("24 June 1940" vs "25 June 1940") are a date conflict too, but only for the same
type and a shared actor; further apart, two days or months are two events. They merge with
``has_conflict``; a date compatible with every side ("1940") joins without being listed
in the conflict. Context and relative dates (guesses) never corroborate a merge across
documents and are never a side of a conflict.

Where each part lives
---------------------
This module runs the steps in order; each step is a module of its own:
:mod:`.features` (what a mention is compared by), :mod:`.blocking` (which pairs are
compared), :mod:`.stories` (documents telling the same story), :mod:`.scoring` (the
pair score), :mod:`.clustering` (merging),
:mod:`.conflicts` (the chosen date and disagreements) and :mod:`.rows` (table rows).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from pipeline.records import DocResult
from pipeline.reconcile.blocking import pair_codes, partitions
from pipeline.reconcile.clustering import Cluster, cluster, merge_reason
from pipeline.reconcile.entities import EntityIndex
from pipeline.reconcile.features import mention_features, release_tokens
from pipeline.reconcile.registry import IdRegistry
from pipeline.reconcile.rows import MergeEvidence, Told, candidate_rows, event_row, mention_row
from pipeline.reconcile.scoring import SAME_DOCUMENT_ROUTES, Edge, score_pair
from pipeline.reconcile.stories import related_documents


@dataclass
class EventTables:
    """The events, event_mentions and conflicts rows, and the merge evidence per event."""

    rows: list[dict] = field(default_factory=list)
    mention_rows: list[dict] = field(default_factory=list)
    conflicts: list[dict] = field(default_factory=list)
    evidence: Mapping[str, list[dict]] = field(default_factory=dict)
    candidate_links: list[dict] = field(default_factory=list)


def reconcile_events(
    results: Sequence[DocResult], index: EntityIndex, registry: IdRegistry
) -> EventTables:
    """Cluster every event mention into events with stable IDs, fields and conflicts."""
    ms = mention_features(results, index)
    related = related_documents(results, index, ms)
    if related:
        for m in ms:
            m.related = related.get(m.doc_id, m.related)
    edges, review = [], []
    for part in partitions(ms):  # each in mention order: local pair order is global order
        stride = len(part)
        for code in sorted(pair_codes(part)):
            a, b = divmod(code, stride)
            edge = score_pair(part[a], part[b])
            if edge is not None:
                (edges if edge.merges else review).append(edge)
    part = []  # held the last family's mentions: ``ms`` is to be their only holder
    release_tokens(ms)
    # Members are sorted and ``ms`` is in mention-ID order: the first member's index
    # orders clusters by their smallest mention ID without reading the mentions.
    clusters = sorted(cluster(ms, edges), key=lambda c: c.members[0])
    # Clusters keep the edges that joined them; the rest (two in three on the synthetic
    # corpus: refused, or inside a cluster already) are freed before the rows are built.
    del edges
    plans = [(ms[c.members[0]].em.event_mention_id,
              [ms[i].em.event_mention_id for i in c.members]) for c in clusters]
    reasons = [merge_reason(c) for c in clusters]
    ids = registry.assign("event", "EV", plans, reasons=reasons)
    merged_into: dict[str, list[str]] = defaultdict(list)
    for mg in registry.merges("event"):
        merged_into[registry.resolve(mg.new_id)].append(mg.old_id)

    out = EventTables()
    edges_of: dict[str, list[Edge]] = {}
    # Mention rows are filed at their mention's index, which is mention-ID order: the
    # final sort then finds them in order instead of sorting a million rows.
    mention_rows: list[dict] = [{}] * len(ms)
    for c, eid in zip(clusters, ids):
        members = [ms[i] for i in c.members]
        row, conflicts = event_row(eid, members, merged_from=merged_into.get(eid, ()))
        out.rows.append(row)
        out.conflicts.extend(conflicts)
        edges_of[eid] = c.edges
        for m in members:
            mention_rows[m.idx] = mention_row(m.em, eid)
            # Its features are done with: freed, they make room for the rows still to
            # come (half a gigabyte at a million mentions).
            ms[m.idx] = Told(m.em, m.actor_pairs)
    out.mention_rows = mention_rows
    # "police said": a reporting verb that only introduces a claim is listed as a mention
    # (its trigger and offsets) but is the claim's attribution, not an event of its own.
    out.mention_rows.extend(mention_row(em, "") for r in results for em in r.event_mentions
                            if em.attribution)
    out.evidence = MergeEvidence(ms, edges_of)
    # Pairs of documents just under their bar: two events a reader may want to review as
    # one. Inside one document such pairs are mostly two happenings of one sentence.
    out.candidate_links = candidate_rows(
        ms, [ed for ed in review if ed.route not in SAME_DOCUMENT_ROUTES],
        _event_of(clusters, ids))
    out.rows.sort(key=lambda r: r["event_id"])
    out.mention_rows.sort(key=lambda r: r["event_mention_id"])
    out.conflicts.sort(key=lambda r: (r["event_id"], r["field"], r["doc_id"],
                                      r["event_mention_id"], r["value"]))
    return out


def _event_of(clusters: Sequence[Cluster], ids: Sequence[str]) -> list[str]:
    """The event ID of each mention index."""
    out = [""] * sum(len(c.members) for c in clusters)
    for c, eid in zip(clusters, ids):
        for i in c.members:
            out[i] = eid
    return out
