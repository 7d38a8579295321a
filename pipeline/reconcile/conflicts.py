"""Where the sources of one event disagree: its date, places, actors and numbers.

An event's date is chosen here because the choice and the date conflict are one
decision: asserted dates that do not all overlap give a conflict row for each. Places,
actors and numbers conflict only between documents, and only when no source's value
appears in the other's quote. Numbers are compared by kind and value (``number_key``),
so "about 150 metres" agrees with "150 meters".
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from pipeline import lang
from pipeline.cells import join_values
from pipeline.reconcile import names
from pipeline.reconcile.features import Mention


def date_and_conflicts(eid: str, members: Sequence[Mention]) -> tuple[Mention | None, list[dict]]:
    """The mention whose date the event takes (None if undated), and its conflict rows."""
    date_m, conflicts_date = _choose_date(members)
    conflicts: list[dict] = []
    if conflicts_date:
        conflicts += [_conflict(eid, "date", m.em.date_value or f"{m.em.earliest}/{m.em.latest}", m)
                      for m in conflicts_date]
    if len({m.em.doc_id for m in members}) > 1:  # the rest conflict only between documents
        conflicts += _conflicts_between_documents(eid, members)
    return date_m, conflicts


def _conflicts_between_documents(eid: str, members: Sequence[Mention]) -> list[dict]:
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


def _choose_date(members: Sequence[Mention]) -> tuple[Mention | None, list[Mention]]:
    """The most precise date the mentions support, and the mentions in conflict (if any).

    Asserted dates (clause, sentence, fact) decide; a context date only fills in when no
    mention asserts one. If asserted intervals do not all overlap, the group supported by
    most documents wins (then the more precise) and every asserted date disjoint from
    another is listed (a date compatible with all of them is no side of the conflict).
    """
    strong = [m for m in members if m.e is not None and not m.weak]
    pool = strong or [m for m in members if m.e is not None]
    if not pool:
        return None, []
    if len(pool) == 1:  # most events: one dated mention, nothing to choose or disagree
        return pool[0], []
    groups: list[list[Mention]] = []
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
    if len(groups) < 2 or not strong:
        return chosen, []
    # Every asserted date that disagrees with another is listed; one compatible with all
    # of them ("1940" beside "24 June 1940" and "25 June 1940") disagrees with none.
    first_end, last_start = min(m.l for m in strong), max(m.e for m in strong)
    disagreeing = [m for m in strong if m.e > first_end or m.l < last_start]
    return chosen, sorted(disagreeing, key=lambda m: m.em.event_mention_id)


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


def _conflict(eid: str, field_name: str, value: str, m: Mention) -> dict:
    return {"event_id": eid, "field": field_name, "value": value, "doc_id": m.em.doc_id,
            "event_mention_id": m.em.event_mention_id, "quote": m.em.quote}
