"""Rows of the events and event_mentions tables, and the merge evidence ``explain`` reads.

One function per table row (``event_row``, ``mention_row``): a new column is a new key
here and a new field in ``pipeline/schema.py``. Sort orders live in ``pipeline/tables.py``.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import NamedTuple

from pipeline.cells import join_values
from pipeline.records import EventMention, PlaceRef
from pipeline.reconcile import names
from pipeline.reconcile.conflicts import date_and_conflicts
from pipeline.reconcile.entities import geo_columns, majority_place
from pipeline.reconcile.features import Mention, type_family
from pipeline.reconcile.scoring import Edge
from pipeline.reconcile.shared_rows import SharedRows
from pipeline.schema import DATE_GRADE_OF_SOURCE


class Told(NamedTuple):
    """What the merge evidence and the candidate links read of a mention: once its
    event's row is made, ``events`` puts one in its ``Mention``'s place, so the features
    are freed while the rows that follow are built."""

    em: EventMention
    actor_pairs: tuple[tuple[str, str], ...]


class MergeEvidence(Mapping):
    """event ID -> the edges that joined its mentions, best first, as plain dicts.

    Built on lookup: only ``annalist explain`` reads it, one event at a time, and building
    a dict per edge for every event was a tenth of reconciliation at 100k mentions.
    """

    def __init__(self, ms: Sequence[Mention | Told], edges: dict[str, list[Edge]]) -> None:
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


def _edge_dict(ed: Edge, ms: Sequence[Mention | Told]) -> dict:
    names_of = dict(ms[ed.a].actor_pairs + ms[ed.b].actor_pairs)
    return {
        "a": ms[ed.a].em.event_mention_id, "b": ms[ed.b].em.event_mention_id,
        "score": round(ed.score, 4), "time": round(ed.time, 3), "actors": round(ed.actors, 3),
        "type": ed.type, "wording": round(ed.wording, 4), "jaccard": round(ed.jaccard, 4),
        "same_trigger": ed.same_trigger,
        "shared_actors": sorted(names_of.get(i, i) for i in ed.shared), "route": ed.route,
    }


def candidate_rows(ms: Sequence[Mention | Told], edges: Sequence[Edge],
                   event_of: Sequence[str]) -> list[dict]:
    """One row per pair of events that an edge under its route's bar (``edges``) links:
    its best edge (ties to the smaller mention indexes), the score, the bar, and why."""
    best: dict[tuple[str, str], Edge] = {}
    for ed in edges:
        ea, eb = event_of[ed.a], event_of[ed.b]
        if ea == eb:
            continue
        key = (ea, eb) if ea < eb else (eb, ea)
        old = best.get(key)
        if old is None or (-ed.score, ed.a, ed.b) < (-old.score, old.a, old.b):
            best[key] = ed
    rows = []
    for (ea, eb), ed in sorted(best.items()):
        ma, mb = (ms[ed.a], ms[ed.b]) if event_of[ed.a] == ea else (ms[ed.b], ms[ed.a])
        d = _edge_dict(ed, ms)
        held = f"score {d['score']:.2f} under the {ed.route} bar {ed.threshold:.2f}"
        if ed.route == "date-conflict" and not ed.shared:
            held += " (no actor on either side: differing dates may be two phases or two events)"
        rows.append({
            "event_id": ea, "other_event_id": eb,
            "event_mention_id": ma.em.event_mention_id,
            "other_event_mention_id": mb.em.event_mention_id,
            "score": d["score"], "threshold": round(ed.threshold, 4), "route": ed.route,
            "reasons": (f"{held}; time {d['time']:.2f}, actors {d['actors']:.2f} (shared: "
                        f"{', '.join(d['shared_actors']) or 'none'}), type {d['type']:.2f}, "
                        f"wording {d['wording']:.2f} (same trigger: "
                        f"{'yes' if ed.same_trigger else 'no'}, token overlap "
                        f"{d['jaccard']:.2f})"),
        })
    return rows


_EVENT_ROWS = SharedRows("event")


def mention_row(em: EventMention, eid: str) -> dict:
    # 32 columns: more than rows can share (``shared_rows``), so a literal.
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
        "places": join_values(em.places) if em.places else "",
        "date_value": em.date_value,
        "earliest": em.earliest,
        "latest": em.latest,
        "precision": em.precision,
        "locator": em.locator,
        "confidence": em.confidence,
        "date_source": em.date_source,
        "anchor": em.anchor,
        "modality": em.modality,
        "trigger_start": em.trigger_start,
        "trigger_end": em.trigger_end,
        "attribution": em.attribution,
        **(_NO_PLACE if em.place is None else place_columns(em.place)),
    }


def place_columns(place: PlaceRef | None) -> dict[str, object]:
    """Where an event is: its geocoded place's gazetteer name and coordinates."""
    return {"place_name": place.name if place else "", **geo_columns(place)}


# The columns of an event or mention that has no geocoded place (most), spread from one
# constant instead of built per row.
_NO_PLACE = place_columns(None)


def _ordered_names(pairs: Sequence[tuple[str, str]]) -> list[str]:
    """Distinct display names of ``(identity, name)`` pairs, most mentioned first."""
    if len(pairs) <= 1:
        return [name for _, name in pairs]
    counts: dict[str, int] = {}  # a plain dict: a Counter's setup costs more than a few items
    for ident, _ in pairs:
        counts[ident] = counts.get(ident, 0) + 1
    name_of = {}
    for ident, name in sorted(pairs):
        name_of.setdefault(ident, name)
    return [name_of[i] for i in sorted(counts, key=lambda i: (-counts[i], name_of[i], i))]


def _most_common(values: Sequence[str]) -> str:
    """The most frequent value, ties to the smallest; "" for none."""
    if len(values) == 1:
        return values[0]
    counts: dict[str, int] = {}
    for v in values:
        counts[v] = counts.get(v, 0) + 1
    return min(counts, key=lambda v: (-counts[v], v)) if counts else ""


def event_row(eid: str, members: Sequence[Mention], *, merged_from: Sequence[str] = ()
              ) -> tuple[dict, list[dict]]:
    docs = sorted({m.em.doc_id for m in members})
    event_type = _most_common([m.em.event_type for m in members
                               if type_family(m.em.event_type)]
                              or [m.em.event_type for m in members])
    actors = _ordered_names([p for m in members for p in m.actor_pairs])
    places = _ordered_names([p for m in members for p in m.place_pairs])
    date_m, conflicts = date_and_conflicts(eid, members)
    has_conflict = bool(conflicts)
    trigger = _most_common([_title_words(m.em) for m in members])
    title = trigger + (f" ({', '.join(actors[:3])})" if actors else "")
    when = _title_date(date_m.em) if date_m is not None else ""
    if when:
        title += f", {when}"
    place = majority_place([m.em.place for m in members])[0]
    row = _EVENT_ROWS.make({
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
        "date_grade": date_grade(date_m.em.date_source) if date_m else "",
        "n_documents_stating_date": _stating(members, date_m),
        "mention_ids": join_values(m.em.event_mention_id for m in members),
        "merged_from": join_values(sorted(merged_from)),
        **(_NO_PLACE if place is None else place_columns(place)),
    })
    return row, conflicts


def date_grade(date_source: str) -> str:
    """``stated`` (the mention's clause, a fact) > ``sentence`` > ``inferred`` (context,
    relative: a guess); ``""`` for a source that names none."""
    return DATE_GRADE_OF_SOURCE.get(date_source, "")


def _stating(members: Sequence[Mention], date_m: Mention | None) -> int:
    """Documents with a stated (not inferred) date overlapping the event's date."""
    if date_m is None:
        return 0
    return len({m.em.doc_id for m in members
                if m.e is not None and not m.weak and m.e <= date_m.l and date_m.e <= m.l})


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
        # TIMEX3 writes a decade "199" and a century "19": a title says "1990s", "1900s".
        if em.precision == "decade" and len(em.date_value) == 3 and em.date_value.isdigit():
            return f"{em.date_value}0s"
        if em.precision == "century" and len(em.date_value) == 2 and em.date_value.isdigit():
            return f"{int(em.date_value)}00s"
        return em.date_value
    if em.earliest and em.latest:
        return f"{em.earliest}/{em.latest}"
    if em.earliest:
        return f"from {em.earliest}"
    return f"by {em.latest}" if em.latest else ""


def _description(members: Sequence[Mention], known: set[str]) -> str:
    """The most informative quote: names the most of the event's actors and places, is
    precisely dated, has the most content words; then the smallest mention ID."""
    if len(members) == 1:
        return members[0].em.quote
    folded_known = [f for f in map(names.fold_name, sorted(known)) if f]

    def info(m: Mention) -> tuple:
        named = sum(1 for k in folded_known if k in m.fquote)
        return (-named, m.rank, -min(m.n_tokens, 40), m.em.event_mention_id)

    return min(members, key=info).em.quote


def _confidence(members: Sequence[Mention], has_conflict: bool) -> float:
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
