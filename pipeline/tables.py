"""Every output table in one registry: how its rows are built and how they are sorted.

Each table has one row builder. Tables of what each document produced on its own
(documents, dates, claims, facts) are built here; the reconciled ones come from
``pipeline.reconcile`` (entity rows in ``reconcile/entities.py``, event and event mention
rows in ``reconcile/rows.py``, conflict rows in ``reconcile/conflicts.py``, merged IDs in
``reconcile/__init__.py``). A new column is a field in ``pipeline/schema.py`` and a key
in its table's builder; a new table is a schema entry and one line in ``TABLES``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pipeline.cells import join_values
from pipeline.records import DocResult

if TYPE_CHECKING:
    from pipeline.reconcile import Reconciled


@dataclass(frozen=True)
class OutputTable:
    """How one table's rows are made (from the documents, the reconciliation and the
    model name) and the key that sorts them in the file."""

    sort_key: tuple[str, ...]
    rows: Callable[[Sequence[DocResult], Reconciled, str], list[dict]]


# In file order: datapackage.json and the run summary list the tables in this order.
TABLES: dict[str, OutputTable] = {
    "documents": OutputTable(
        ("path",),
        lambda results, rec, model: document_rows(results, model=model)),
    "entities": OutputTable(
        ("entity_id",),
        lambda results, rec, model: rec.entities),
    "entity_mentions": OutputTable(
        ("doc_id", "start", "end", "mention_id"),
        lambda results, rec, model: rec.entity_mentions),
    "dates": OutputTable(
        ("doc_id", "start", "end", "timex_id"),
        lambda results, rec, model: date_rows(results)),
    "claims": OutputTable(
        ("doc_id", "start", "end", "claim_id"),
        lambda results, rec, model: claim_rows(results, rec.mention_entity)),
    "event_mentions": OutputTable(
        ("doc_id", "start", "end", "event_mention_id"),
        lambda results, rec, model: rec.event_mentions),
    "events": OutputTable(
        ("event_id",),
        lambda results, rec, model: rec.events),
    "conflicts": OutputTable(
        ("event_id", "field", "doc_id", "event_mention_id", "value"),
        lambda results, rec, model: rec.conflicts),
    "merged_ids": OutputTable(
        ("kind", "old_id"),
        lambda results, rec, model: rec.merged_ids),
    "facts": OutputTable(
        ("doc_id", "start", "key"),
        lambda results, rec, model: fact_rows(results)),
    "candidate_links": OutputTable(
        ("event_id", "other_event_id"),
        lambda results, rec, model: rec.candidate_links),
}


def build_tables(results: Sequence[DocResult], reconciled: Reconciled, *,
                 model: str) -> dict[str, list[dict]]:
    """Every output table as rows, in ``TABLES`` order (the writer sorts them)."""
    return {name: table.rows(results, reconciled, model) for name, table in TABLES.items()}


def sort_key(name: str) -> tuple[str, ...]:
    """The columns ``name``'s rows are sorted by in its file."""
    return TABLES[name].sort_key


def document_rows(results: Sequence[DocResult], *, model: str = "") -> list[dict]:
    """One row per document, read or refused; ``model`` only for those read."""
    return [
        {
            "doc_id": r.doc_id,
            "path": r.path,
            "sha256": r.sha256,
            "title": r.title,
            "source_type": r.source_type,
            "url": r.url,
            "published": r.published,
            "published_from": r.published_from,
            "n_chars": r.n_chars,
            "n_tokens": r.n_tokens,
            "status": r.status,
            "message": r.message,
            "author": r.author,
            "video_id": r.video_id,
            "reader": r.reader,
            "model": model if r.status == "ok" else "",
            "n_words": r.n_words,
            "warnings": join_values(r.warnings),
            "temporal_mode": r.temporal_mode,
            "temporal_mode_reason": r.temporal_mode_reason,
            "language": r.language,
            "language_probability": r.language_probability if r.language else None,
        }
        for r in results
    ]


def date_rows(results: Sequence[DocResult]) -> list[dict]:
    """One row per temporal expression."""
    return [
        {
            "timex_id": t.timex_id,
            "doc_id": t.doc_id,
            "start": t.start,
            "end": t.end,
            "line": t.line,
            "text": t.text,
            "type": t.type,
            "value": t.value,
            "mod": t.mod,
            "earliest": t.earliest,
            "latest": t.latest,
            "precision": t.precision,
            "anchor": t.anchor,
            "anchor_timex_id": t.anchor_timex_id,
            "anchor_offset": t.anchor_offset,
            "range_start_id": t.range_start_id,
            "range_end_id": t.range_end_id,
            "calendar": t.calendar,
        }
        for r in results
        for t in r.timexes
    ]


def claim_rows(results: Sequence[DocResult], mention_entity: Mapping[str, str]) -> list[dict]:
    """One row per claim, its subject resolved to an entity where reconciliation did."""
    return [
        {
            "claim_id": c.claim_id,
            "doc_id": c.doc_id,
            "start": c.start,
            "end": c.end,
            "line": c.line,
            "text": c.text,
            "subject": c.subject,
            "predicate": c.predicate,
            "object": c.object,
            "subject_entity_id": mention_entity.get(c.subject_mention_id, ""),
            "attributed_to": c.attributed_to,
            "hedge": c.hedge,
            "negated": c.negated,
            "citations": join_values(c.citations),
            "citation_needed": c.citation_needed,
            "timex_ids": join_values(c.timex_ids),
            "locator": c.locator,
            "kind": c.kind,
            "adjuncts": join_values(c.adjuncts),
            "time": c.time,
            "place": c.place,
            "attribution_cue": c.attribution_cue,
            "is_a": c.is_a,
            "subject_resolution": c.subject_resolution,
            "reported_by": c.reported_by,
            "reported_by_cue": c.reported_by_cue,
            "attributed_to_entity_id": mention_entity.get(c.source_mention_id, ""),
            "hedge_start": c.hedge_start if c.hedge_start >= 0 else None,
            "hedge_end": c.hedge_end if c.hedge_end >= 0 else None,
            "hedge_scope": c.hedge_scope,
        }
        for r in results
        for c in r.claims
    ]


def fact_rows(results: Sequence[DocResult]) -> list[dict]:
    """One row per key-value fact a document states."""
    return [
        {
            "doc_id": r.doc_id,
            "key": f.key,
            "value": f.value,
            "start": f.start,
            "end": f.end,
            "line": f.line,
        }
        for r in results
        for f in r.facts
    ]
