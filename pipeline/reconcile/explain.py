"""``annalist explain EVENT_ID``: an event, its mentions and why they were merged."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from pipeline.cells import split_values
from pipeline.records import DocResult

if TYPE_CHECKING:
    from pipeline.reconcile import Reconciled


def explain(event_id: str, reconciled: Reconciled, results: Sequence[DocResult]) -> str:
    """Plain text: the event row, each mention's quote and locator, the merge evidence.

    Raises ``KeyError`` if ``event_id`` is not an event (nor an ID merged into one).
    """
    events = {r["event_id"]: r for r in reconciled.events}
    redirect = {m["old_id"]: m["new_id"] for m in reconciled.merged_ids if m["kind"] == "event"}
    lines: list[str] = []
    if event_id not in events and event_id in redirect:
        lines.append(f"{event_id} was merged into {redirect[event_id]}.")
        event_id = redirect[event_id]
    ev = events[event_id]
    paths = {r.doc_id: r.path for r in results}
    lines += [
        f"{ev['event_id']}  {ev['title']}",
        f"  type: {ev['event_type']}   date: {ev['date'] or '?'} "
        f"({ev['earliest']} .. {ev['latest']}, {ev['precision'] or 'unknown'})",
        f"  actors: {', '.join(split_values(ev['actors'])) or '-'}",
        f"  places: {', '.join(split_values(ev['places'])) or '-'}",
        f"  {ev['n_mentions']} mentions in {ev['n_documents']} documents; "
        f"confidence {ev['confidence']}; conflict: {'yes' if ev['has_conflict'] else 'no'}",
    ]
    if ev.get("merged_from"):
        lines.append(f"  earlier IDs merged into it: {', '.join(split_values(ev['merged_from']))}")
    mentions = [m for m in reconciled.event_mentions if m["event_id"] == event_id]
    lines.append("")
    lines.append("Mentions:")
    for m in mentions:
        where = m["locator"] or f"{paths.get(m['doc_id'], m['doc_id'])}#L{m['line']}"
        date = m["date_value"] or "no date"
        lines.append(f"  [{m['event_mention_id']}] {where}")
        lines.append(f"    date {date} (from {m['date_source'] or '?'}), trigger "
                     f"\"{m['trigger']}\", actors: {', '.join(split_values(m['actors'])) or '-'}")
        lines.append(f"    \"{m['quote']}\"")
    evidence = reconciled.merge_evidence.get(event_id, [])
    lines.append("")
    if not evidence:
        lines.append("Why merged: a single mention, nothing was merged.")
    else:
        lines.append("Why merged (each link that joined two groups, best first; "
                     "score = 0.25 time + 0.30 actors + 0.15 type + 0.30 wording):")
        for ed in evidence:
            shared = ", ".join(ed["shared_actors"]) or "none"
            lines.append(
                f"  {ed['a']} + {ed['b']}: score {ed['score']:.2f} [{ed['route']}] "
                f"time {ed['time']:.2f}, actors {ed['actors']:.2f} (shared: {shared}), "
                f"type {ed['type']:.2f}, wording {ed['wording']:.2f} (same trigger: "
                f"{'yes' if ed['same_trigger'] else 'no'}, token overlap {ed['jaccard']:.2f})")
    links = [c for c in reconciled.candidate_links if event_id in (c["event_id"],
                                                                    c["other_event_id"])]
    if links:
        lines.append("")
        lines.append("May be the same as (candidate links, not merged):")
        for c in links:
            other = c["other_event_id"] if c["event_id"] == event_id else c["event_id"]
            lines.append(f"  {other}: {c['reasons']} [{c['event_mention_id']} + "
                         f"{c['other_event_mention_id']}]")
    conflicts = [c for c in reconciled.conflicts if c["event_id"] == event_id]
    if conflicts:
        lines.append("")
        lines.append("Conflicts (every value, with its source):")
        for c in conflicts:
            lines.append(f"  {c['field']} = {c['value']!r}  in {c['doc_id']} "
                         f"[{c['event_mention_id']}]: \"{c['quote']}\"")
    return "\n".join(lines) + "\n"
