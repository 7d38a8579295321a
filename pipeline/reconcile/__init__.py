"""Cross-document reconciliation: one row per real-world entity and event.

``reconcile(results, registry=...)`` clusters entity mentions into entities
(:mod:`.entities`), event mentions into events with their conflicts (:mod:`.events`), and
gives both stable IDs (:mod:`.registry`). The scheme, its blocking and its limits are
described in ``docs/reconciliation.md``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from pipeline.gcpause import gc_paused
from pipeline.records import DocResult
from pipeline.reconcile.entities import cluster_entities
from pipeline.reconcile.events import reconcile_events
from pipeline.reconcile.explain import explain
from pipeline.reconcile.registry import IdRegistry

VERSION = "21"  # 21: acronyms from word beginnings (KFOR) and listings in brackets (IBM); a lone given name, a respelled surname (Gadhafi), a two-letter family name (Xi) join their full name in the document; titles the text also drops and bracketed aliases are no part of the name shown; an organisation word breaks a PERSON/ORG tie; 20: two reports of one story telling a happening a day apart are one event with a date conflict, typed or not, parties named or not; the parties and places of its events count in a report's story vector; 19: a model label a rule corrected on one mention of a name votes for the correction on its other mentions in the document ("Tecumseh's confederacy" with "Tecumseh was killed"); 18: a place in dateline capitals is shown as written elsewhere ("Oslo"); a company read as a person by its first word joins the company; a headline with the parties of a dated retelling is that event; one word typed two ways with nothing else shared is two senses, even in one story; 17: a sentencing or resignation a day or two apart sharing a party is one event with a date conflict, however worded; "stepped down" is "resign"; 16: a place's administrative word is no part of its key ("Elazig province" is Elazig); 15: a background mention is not the story another document retells ("In 1999, two earthquakes killed 18,000" vs an undated report of this quake's killing); 14: a company called by its first word joins its full name in the document ("Brightline", "Brightline Bio Inc"); a person-tagged name ending in a written legal form ("Halvorsen ASA") is the company; 13: a person's lone surname counts for their full name when choosing the name shown; 12: titles write decades and centuries as "1990s", "1400s"; 11: an actor phrase around a name ("Russian troops") is shown as written, counted as its entity; 10: a company's legal form ("Corp.", "Inc.") is no part of its name key; 9: no appositive link between a person and a thing, no short form of a person named alone by surname; 8: organisation short forms join their full names ("the Red Sox"); 2: near-day date conflicts; a date compatible with every side is no side; 3: one-story documents retell one event; candidate links; 4: actorless adjacent-year pairs are candidate links, not conflicts; 5: no actorless bridge between named actors, surnames join full names per document; 6: story_synonyms name one happening inside one story; a background year is not the story retold; "-ment" nouns meet their verbs; 7: surnames follow the most-named full name and a 2:1 majority of documents

__all__ = ["IdRegistry", "Reconciled", "explain", "reconcile"]


@dataclass(frozen=True)
class Reconciled:
    """Every reconciled table as rows (column -> plain value), sorted by ID."""

    entities: list[dict] = field(default_factory=list)
    entity_mentions: list[dict] = field(default_factory=list)
    events: list[dict] = field(default_factory=list)
    event_mentions: list[dict] = field(default_factory=list)
    conflicts: list[dict] = field(default_factory=list)
    merged_ids: list[dict] = field(default_factory=list)
    candidate_links: list[dict] = field(default_factory=list)
    mention_entity: dict[str, str] = field(default_factory=dict)
    merge_evidence: Mapping[str, list[dict]] = field(default_factory=dict)


def reconcile(results: Sequence[DocResult], *, registry: IdRegistry | None = None) -> Reconciled:
    """Merge entities and events across ``results``.

    Deterministic: the same documents give the same rows whatever their order. With a
    ``registry`` (updated in place; the caller saves it) IDs survive a growing corpus;
    without one they are derived from content alone, and equal those a registry built
    from the same corpus gives.
    """
    registry = registry if registry is not None else IdRegistry()
    ok = sorted((r for r in results if r.status == "ok"), key=lambda r: r.doc_id)
    with gc_paused():
        index = cluster_entities(ok, registry)
        events = reconcile_events(ok, index, registry)
    merged = [
        {"old_id": m.old_id, "new_id": registry.resolve(m.new_id), "kind": m.kind,
         "reason": m.reason}
        for kind in ("entity", "event") for m in registry.merges(kind)
    ]
    return Reconciled(
        entities=index.rows,
        entity_mentions=index.mention_rows,
        events=events.rows,
        event_mentions=events.mention_rows,
        conflicts=events.conflicts,
        merged_ids=merged,
        candidate_links=events.candidate_links,
        mention_entity=index.mention_entity,
        merge_evidence=events.evidence,
    )
