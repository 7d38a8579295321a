"""Synthetic documents for timing reconciliation, and small builders for tests.

``make_results(n)`` draws ``n`` event mentions of about ``n / 2.5`` true events spread
over a thousand years, a dozen event types and a Zipf-distributed pool of actors, so
popular actors crowd their blocks as real corpora do. Each true event is told by one to
six mentions in different documents, re-dated at a coarser precision (day, month, year,
none), sometimes only from context, sometimes with the year off by one (a conflict), with
actor names re-spelled (diacritics dropped, "the", possessives) and the quote re-worded.

Run ``python -m bench.synthetic 10000 100000`` to time reconciliation.
"""

from __future__ import annotations

import random
import sys
import time
from collections.abc import Sequence
from itertools import accumulate

from pipeline.ids import stable_id
from pipeline.records import Actor, DocResult, EntityMention, EventMention, Sentence

_TYPES: dict[str, tuple[str, ...]] = {
    "conflict.battle": ("defeat", "fight", "win"),
    "conflict.attack": ("attack", "bomb", "invade"),
    "conflict.war": ("declare", "wage"),
    "treaty.signing": ("sign", "conclude"),
    "treaty.alliance": ("ally", "join"),
    "diplomacy.relations": ("establish", "restore", "break"),
    "diplomacy.visit": ("visit", "meet"),
    "politics.election": ("elect", "win"),
    "politics.coup": ("overthrow", "assassinate"),
    "politics.independence": ("declare", "proclaim"),
    "movement.uprising": ("rise", "rebel"),
    "life.death": ("die", "kill"),
}
_PAST = {"defeat": "defeated", "fight": "fought", "win": "won", "attack": "attacked",
         "bomb": "bombed", "invade": "invaded", "declare": "declared", "wage": "waged",
         "sign": "signed", "conclude": "concluded", "ally": "allied with", "join": "joined",
         "establish": "established", "restore": "restored", "break": "broke with",
         "visit": "visited", "meet": "met", "elect": "elected", "overthrow": "overthrew",
         "assassinate": "assassinated", "proclaim": "proclaimed", "rise": "rose against",
         "rebel": "rebelled against", "die": "died near", "kill": "killed"}
_SYLLABLES = ("ka", "ra", "đor", "đe", "pe", "tro", "vić", "mi", "lo", "še", "ni", "ko",
              "la", "bel", "gra", "du", "san", "ste", "fan", "ža", "ča", "no", "vo", "sla",
              "bor", "mir", "ve", "li", "ki", "ja", "ne", "me", "sto", "jan", "ić", "ov")
_FILLER = tuple(
    "army forces government treaty border crown court envoy capital fortress river valley "
    "province council delegation assembly troops campaign siege fleet garrison rebels "
    "negotiations ceasefire agreement protocol dynasty kingdom republic empire ministers "
    "parliament reform decree tribute loan trade railway harbour mission embassy press "
    "clergy peasants nobles merchants students officers volunteers refugees winter summer "
    "spring autumn northern southern eastern western heavy brief decisive secret formal".split()
)
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")


def _name(rng: random.Random, words: int) -> str:
    return " ".join(
        "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()
        for _ in range(words)
    )


def _respell(rng: random.Random, name: str) -> str:
    r = rng.random()
    if r < 0.15:
        return name.replace("đ", "dj").replace("Đ", "Dj").replace("ć", "c").replace(
            "č", "c").replace("š", "s").replace("ž", "z")
    if r < 0.22:
        return name + "'s"
    if r < 0.27:
        return "the " + name
    return name


def make_results(n_mentions: int, *, seed: int = 0, n_docs: int | None = None,
                 doc_prefix: str = "syn") -> list[DocResult]:
    """``n_mentions`` synthetic event mentions (and their actors' entity mentions) in
    documents named ``{doc_prefix}00000`` and up."""
    rng = random.Random(seed)
    n_docs = n_docs or max(2, n_mentions // 40)
    n_true = max(1, int(n_mentions / 2.5))
    # Vocabulary grows with the corpus (Heaps' law): more documents, more people.
    n_entities = max(40, int(n_true ** 0.9))
    pool = []
    seen = set()
    while len(pool) < n_entities:
        label = rng.choices(("PERSON", "GPE", "ORG"), (0.5, 0.35, 0.15))[0]
        name = _name(rng, 2 if label == "PERSON" else rng.choice((1, 1, 2)))
        if name not in seen:
            seen.add(name)
            pool.append((name, label))
    # Cumulative once: ``choices`` with plain weights sums all of them on every call,
    # which made a million mentions take a quarter of an hour to draw.
    cum_weights = list(accumulate(1.0 / (i + 1) ** 0.9 for i in range(len(pool))))
    places = [p for p in pool if p[1] == "GPE"]
    types = sorted(_TYPES)

    docs: list[dict] = [{"events": [], "mentions": [], "pos": 0, "truth": {}}
                        for _ in range(n_docs)]
    produced = 0
    truth = 0
    while produced < n_mentions:
        truth += 1
        etype = rng.choice(types)
        year = rng.randint(1000, 2020)
        month, day = rng.randint(1, 12), rng.randint(1, 28)
        actors = []
        for a in rng.choices(pool, cum_weights=cum_weights, k=rng.choice((1, 2, 2, 3))):
            if a not in actors:
                actors.append(a)
        place = rng.choice(places) if places and rng.random() < 0.6 else None
        number = str(rng.randint(2, 90) * 1000) if rng.random() < 0.2 else ""
        copies = rng.choices((1, 2, 3, 4, 6), (0.4, 0.25, 0.17, 0.1, 0.08))[0]
        k = min(n_mentions - produced, copies)
        lemma = rng.choice(_TYPES[etype])
        for doc_i in rng.sample(range(n_docs), min(k, n_docs)):
            _add_mention(rng, docs[doc_i], f"{doc_prefix}{doc_i:05d}", etype, lemma,
                         year, month, day, actors, place, number)
            docs[doc_i]["truth"][docs[doc_i]["events"][-1].event_mention_id] = truth
            produced += 1
    return [_doc_result(f"{doc_prefix}{i:05d}", d) for i, d in enumerate(docs)]


def _add_mention(rng, doc, doc_id, etype, lemma, year, month, day, actors, place, number):
    r = rng.random()
    if r < 0.02:
        year += rng.choice((-1, 1))  # a source that gets the year wrong
    p = rng.random()
    if p < 0.4:
        precision, value = "day", f"{year:04d}-{month:02d}-{day:02d}"
        earliest = latest = value
        date_text = f"on {day} {_MONTHS[month - 1]} {year}"
    elif p < 0.6:
        precision, value = "month", f"{year:04d}-{month:02d}"
        earliest, latest = f"{value}-01", f"{value}-28"
        date_text = f"in {_MONTHS[month - 1]} {year}"
    elif p < 0.95:
        precision, value = "year", f"{year:04d}"
        earliest, latest = f"{value}-01-01", f"{value}-12-31"
        date_text = f"in {year}"
    else:
        precision = value = earliest = latest = date_text = ""
    source = "" if not value else rng.choices(("clause", "sentence", "context"), (0.7, 0.2, 0.1))[0]
    texts = [_respell(rng, a[0]) for a in actors]
    fillers = " ".join(rng.sample(_FILLER, rng.randint(3, 8)))
    verb = _PAST[lemma]
    if len(texts) > 1:
        quote = f"{texts[0]} {verb} {' and '.join(texts[1:])} {date_text} with {fillers}."
    else:
        quote = f"{texts[0]} {verb} {date_text}, {fillers}."
    if place:
        quote = quote[:-1] + f" at {place[0]}."
    if number:
        quote = quote[:-1] + f", {number} men."
    start = doc["pos"]
    sent_index = len(doc["events"])
    actor_records = []
    cursor = start
    for text, (_, label) in zip(texts, actors):
        mid = stable_id("M", doc_id, cursor, label)
        doc["mentions"].append(EntityMention(mid, doc_id, cursor, cursor + len(text),
                                             sent_index + 1, text, label, cursor,
                                             cursor + len(text), sent_index))
        actor_records.append(Actor(text, "agent" if not actor_records else "patient", mid))
        cursor += len(text) + 1
    em_id = stable_id("EM", doc_id, start)
    doc["events"].append(EventMention(
        event_mention_id=em_id, doc_id=doc_id, claim_id=stable_id("C", doc_id, start),
        start=start, end=start + len(quote), line=sent_index + 1, quote=quote,
        trigger=verb.split()[0],
        event_type=etype, actors=tuple(actor_records), places=(place[0],) if place else (),
        date_value=value, earliest=earliest, latest=latest, precision=precision,
        date_source=source, confidence=round(rng.uniform(0.4, 0.9), 2),
        locator=f"{doc_id}.txt#L{sent_index + 1}", sent_index=sent_index, trigger_lemma=lemma,
        numbers=(number,) if number else (),
    ))
    doc["pos"] = start + len(quote) + 1


def _doc_result(doc_id: str, d: dict) -> DocResult:
    return DocResult(doc_id=doc_id, path=f"{doc_id}.txt", sha256=stable_id("S", doc_id),
                     status="ok", mentions=tuple(d["mentions"]),
                     event_mentions=tuple(d["events"]), extra={"truth": d["truth"]})


def bcubed(results: Sequence[DocResult], event_mention_rows: Sequence[dict]) -> tuple[float, float]:
    """B-cubed precision and recall of reconciled events against the synthetic truth."""
    truth = {k: v for r in results for k, v in r.extra.get("truth", {}).items()}
    got = {row["event_mention_id"]: row["event_id"] for row in event_mention_rows}
    by_truth: dict[int, set[str]] = {}
    by_got: dict[str, set[str]] = {}
    for mid, t in truth.items():
        by_truth.setdefault(t, set()).add(mid)
        by_got.setdefault(got[mid], set()).add(mid)
    precision = recall = 0.0
    for mid, t in truth.items():
        same = by_truth[t] & by_got[got[mid]]
        precision += len(same) / len(by_got[got[mid]])
        recall += len(same) / len(by_truth[t])
    n = max(1, len(truth))
    return precision / n, recall / n


# -- hand-built records for tests ------------------------------------------------------------


def entity(doc_id: str, text: str, label: str, start: int, *, sent: int = 0) -> EntityMention:
    """An entity mention at ``start`` (raw and clean offsets equal)."""
    return EntityMention(stable_id("M", doc_id, start, label), doc_id, start, start + len(text),
                         sent + 1, text, label, start, start + len(text), sent)


def event(doc_id: str, start: int, quote: str, trigger: str, event_type: str, *,
          actors: Sequence[str] = (), places: Sequence[str] = (), date: str = "",
          earliest: str = "", latest: str = "", precision: str = "",
          source: str = "clause", lemma: str = "", numbers: Sequence[str] = (),
          confidence: float = 0.7, agent: bool = True) -> EventMention:
    """An event mention; a bare year ``date`` fills in its interval and precision."""
    if date and not earliest:
        earliest, latest, precision = _interval(date)
    return EventMention(
        event_mention_id=stable_id("EM", doc_id, start), doc_id=doc_id,
        claim_id=stable_id("C", doc_id, start), start=start, end=start + len(quote), line=1,
        quote=quote, trigger=trigger, event_type=event_type,
        actors=tuple(Actor(a, "agent" if (agent and i == 0) else "participant")
                     for i, a in enumerate(actors)),
        places=tuple(places), date_value=date, earliest=earliest, latest=latest,
        precision=precision, date_source=source if (date or earliest) else "none",
        confidence=confidence, locator=f"{doc_id}#L1", trigger_lemma=lemma or trigger,
        numbers=tuple(numbers),
    )


def _interval(value: str) -> tuple[str, str, str]:
    parts = value.split("-")
    if len(parts) == 3:
        return value, value, "day"
    if len(parts) == 2:
        return f"{value}-01", f"{value}-28", "month"
    return f"{value}-01-01", f"{value}-12-31", "year"


def doc(doc_id: str, *, mentions: Sequence[EntityMention] = (),
        events: Sequence[EventMention] = (), sentences: Sequence[Sentence] = ()) -> DocResult:
    """A successful ``DocResult`` holding the given records."""
    return DocResult(doc_id=doc_id, path=f"{doc_id}.txt", sha256=stable_id("S", doc_id),
                     status="ok", mentions=tuple(mentions), event_mentions=tuple(events),
                     sentences=tuple(sentences))


def make_side_by_side(n_mentions: int, copies: int) -> list[DocResult]:
    """``copies`` independent corpora of ``n_mentions`` each, in one list: ``copies`` times
    the work of one, at ``copies`` times the size. Copy 0 is ``make_results(n_mentions)`` itself; copy
    ``s`` has seed ``s`` and documents ``syn{s}-00000`` and up. Reconciling it against one
    corpus of ``n_mentions * copies`` separates what size costs on this machine (caches,
    memory) from what denser blocks cost the algorithm."""
    out: list[DocResult] = []
    for s in range(copies):
        out += make_results(n_mentions, seed=s, doc_prefix="syn" if s == 0 else f"syn{s}-")
    return sorted(out, key=lambda r: r.doc_id)


def time_reconcile(n_mentions: int, *, seed: int = 0) -> float:
    """Seconds to reconcile ``n_mentions`` synthetic mentions (generation not counted)."""
    from pipeline.reconcile import reconcile

    results = make_results(n_mentions, seed=seed)
    started = time.perf_counter()
    reconcile(results)
    return time.perf_counter() - started


def _main(argv: Sequence[str]) -> None:
    import math
    import resource

    from pipeline.reconcile import reconcile

    sizes = [int(a) for a in argv] or [10_000, 100_000]
    timings = []
    for n in sizes:
        results = make_results(n)
        wall, cpu = time.perf_counter(), time.process_time()
        rec = reconcile(results)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        precision, recall = bcubed(results, rec.event_mentions)
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        timings.append((n, wall))
        print(f"{n:>8} mentions: {wall:6.2f} s wall, {cpu:6.2f} s CPU -> {len(rec.events)} events, "
              f"B-cubed P {precision:.3f} R {recall:.3f}, peak RSS {peak:.0f} MB")
        del results, rec
    for (n0, t0), (n1, t1) in zip(timings, timings[1:]):
        bound = (n1 / n0) * math.log(n1) / math.log(n0)
        print(f"x{n1 / n0:.0f} mentions -> x{t1 / t0:.2f} time (n log n bound x{bound:.2f})")


if __name__ == "__main__":
    _main(sys.argv[1:])
