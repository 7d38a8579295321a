"""Per-document records -> output rows (documents, dates, claims, facts).

Entity and event tables come from reconciliation; this module turns what each document
produced on its own into plain row dicts, the shape writers and the report consume.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from pipeline.cells import join_values
from pipeline.records import DocResult


def document_rows(results: Sequence[DocResult], *, model: str = "") -> list[dict]:
    return [
        {
            "doc_id": r.doc_id,
            "path": r.path,
            "sha256": r.sha256,
            "title": r.title,
            "source_type": r.source_type,
            "url": r.url,
            "published": r.published,
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
        }
        for r in results
    ]


def date_rows(results: Sequence[DocResult]) -> list[dict]:
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
            "calendar": t.calendar,
        }
        for r in results
        for t in r.timexes
    ]


def claim_rows(results: Sequence[DocResult], mention_entity: Mapping[str, str]) -> list[dict]:
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
        }
        for r in results
        for c in r.claims
    ]


def fact_rows(results: Sequence[DocResult]) -> list[dict]:
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
