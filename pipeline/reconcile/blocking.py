"""Blocking: which event mentions are compared at all (see ``pipeline.reconcile.events``).

Comparing every mention with every other is quadratic; this module files each mention
under a few block keys and pairs only neighbours within a block, so the cost stays
O(n log n) plus a bounded number of comparisons per mention.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Sequence

from pipeline.reconcile.features import DAYS_PER_YEAR, PRECISION_RANK, Mention
from pipeline.reconcile.scoring import NEAR_VERBATIM, token_jaccard, too_far_to_conflict


WINDOW = 6
LOOSE_SCAN = 8


def block_keys(m: Mention) -> list[tuple]:
    fam = m.family  # "" for a generic type: those meet others through the trigger blocks
    # Within a document telling one story, whatever the dates: mentions of one trigger
    # meet (a history's mentions meet through their years and actors only).
    # These two hold every type ("*"): a generic "the incident" meets a typed "the attack"
    # of its story (the family test is scoring's), and a partition holds one family anyway.
    # They are keyed by the trigger's ``story_synonyms`` group, if any ("hit" ~ "struck").
    keys: list[tuple] = [("d", "*", m.doc_id, m.told_key)] if m.story else []
    # Across documents telling the same story (``stories``): one block per pair of them.
    keys += [("s", "*", m.told_key, *sorted((m.doc_id, other))) for other in m.related]
    # The loose channel: dated to a decade or coarser or by a relative bound ("x"), or not
    # dated at all ("xu", narrower: it also needs the trigger), meets year-or-finer ones.
    if m.e is None:
        keys += [("xu", fam, actor, m.lemma) for actor in m.actors] or [("xu", fam, "", m.lemma)]
    else:
        keys += [("x", fam, actor) for actor in m.actors] or [("x", fam, "", m.lemma)]
    if m.e is not None and m.rank <= PRECISION_RANK["year"]:
        keys += [("xu", fam, actor, m.lemma) for actor in m.actors] or [("xu", fam, "", m.lemma)]
        y0, y1 = m.e // DAYS_PER_YEAR, m.l // DAYS_PER_YEAR
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


def candidate_pairs(ms: Sequence[Mention]) -> set[tuple[int, int]]:
    """Pairs of positions in ``ms`` sharing a block (see the module docstring)."""
    n = len(ms)
    return {divmod(code, n) for code in pair_codes(ms)}


def pair_codes(ms: Sequence[Mention]) -> set[int]:
    """``candidate_pairs`` with each pair ``(a, b)`` coded as the int ``a * len(ms) + b``:
    a set of ints is a fraction of the memory of a set of tuples, and sorting the codes
    gives the pairs in mention order, so scoring walks the mentions sequentially."""
    stride = len(ms)
    # A loose or trigger block matters only if a mention seeks in it (see ``seeks``):
    # the others join only those, which keeps the block index small. Keys are made as
    # they are filed, not kept per mention: at 100k mentions that was a million key
    # tuples held at once.
    sought = {key for m in ms if may_seek(m) for key in block_keys(m) if seeks(m, key)}
    blocks: dict[tuple, list[int]] = defaultdict(list)
    for i, m in enumerate(ms):
        for key in block_keys(m):
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
            return too_far_to_conflict(da[2], db[2], max(da[0], db[0]) - min(da[1], db[1]))
        wa, wb = dated[a], dated[b]  # one is a context date, or undated
        if wa is not None and wb is not None and \
                max(wa[0], wb[0]) - min(wa[1], wb[1]) > DAYS_PER_YEAR:
            return token_jaccard(ms[a].tokens, ms[b].tokens) < NEAR_VERBATIM
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


def _by_family(positions: list[int], ms: Sequence[Mention]) -> list[tuple[str, list[int]]]:
    """``positions`` grouped by their mention's type family, families in sorted order."""
    groups: dict[str, list[int]] = defaultdict(list)
    for k in positions:
        groups[ms[k].family].append(k)
    return sorted(groups.items())


def partitions(ms: Sequence[Mention]) -> list[list[Mention]]:
    """The mentions split into groups no candidate pair crosses: one per type family.

    Every block key but the trigger's holds the family, and a trigger block pairs a
    mention only with compatible types, so two families never meet; a generic type meets
    every family, so then there is one group. Pairs are found and scored group by group:
    a group's block index and mentions stay small enough for the CPU caches (the whole
    corpus at 100k mentions does not), and a group is the unit to hand to a worker.
    """
    if not ms or any(not m.family for m in ms):
        return [list(ms)]
    groups: dict[str, list[Mention]] = defaultdict(list)
    for m in ms:
        groups[m.family].append(m)
    return [groups[family] for family in sorted(groups)]


def seeks(m: Mention, key: tuple) -> bool:
    """Whether ``m`` looks for partners in block ``key``: a loose mention in a loose
    block, a mention without an actor or with a generic type in a trigger block."""
    if key[0] == "x":
        return not _fine(m)
    if key[0] == "xu":
        return m.e is None or m.weak
    return key[1] == "l" and (not m.actors or not m.family)


def may_seek(m: Mention) -> bool:
    """Whether ``seeks`` can hold for any of ``m``'s blocks."""
    return m.e is None or m.weak or not _fine(m) or not m.actors or not m.family


def _fine(m: Mention) -> bool:
    """Dated to a year or finer (context dates included): it has year blocks."""
    return m.e is not None and m.rank <= PRECISION_RANK["year"]
