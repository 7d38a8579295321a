"""Event coreference scored on ECB+: MUC, B³, CEAF-e and CoNLL F1, within and across documents.

The metrics follow the reference scorer's definitions (Pradhan et al. 2014, "Scoring
Coreference Partitions of Predicted Mentions"): key and response are partitions of possibly
different mention sets, so they apply end to end on predicted mentions. Singletons are kept
(ECB+ practice); MUC ignores them by construction.

- MUC (Vilain et al. 1995): recall = Σ(|K| − p(K)) / Σ(|K| − 1), p(K) the number of
  pieces the response cuts K into (a mention absent from the response is a piece of its own);
  precision swaps key and response.
- B³ (Bagga & Baldwin 1998): recall = Σ_K Σ_R |K∩R|² / |K| over Σ|K|; precision swaps.
- CEAF-e (Luo 2005): φ₄(K, R) = 2|K∩R| / (|K| + |R|), the best one-to-one alignment of
  key and response entities (Kuhn–Munkres, per connected component of the overlap graph);
  recall = Σφ₄ / #key entities, precision = Σφ₄ / #response entities.
- CoNLL F1 = the mean of the three F1.

:func:`evaluate` runs the real pipeline's per-document stages and its reconciliation on the
ECB+ texts (what ``annalist extract`` does, without writing files), restricted to the
validated sentences, aligns predicted event mentions to gold ones by trigger overlap
(:func:`.events.align`) and scores the predicted events (``event_id``) against the gold
chains: within-document (each document's clusters on their own) and cross-document (all
documents of a topic at once), beside the same-lemma baseline (within a document, within a
topic) computed by the same code. Three settings:

- *predicted mentions*: end to end, the pipeline's mentions and events;
- *gold mentions*: the reconciler clusters exactly the gold mentions (:func:`gold_results`):
  a detected one keeps what the events stage found (type, actors, date), a missed one is a
  bare mention (its words, their lemma, type ``OTHER``, no date, no actor) in its sentence;
- *detected gold mentions*: the gold mentions, detected ones in their predicted event and
  missed ones alone (a floor: what the predicted events give the gold mentions).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

@dataclass(frozen=True)
class PRF:
    recall: float
    precision: float

    @property
    def f1(self) -> float:
        r, p = self.recall, self.precision
        return 2 * p * r / (p + r) if p + r else 0.0


def _ratio(num: float, den: float) -> float:
    return num / den if den else 0.0


def _clean(clusters: Iterable[Iterable[Hashable]]) -> list[frozenset]:
    return [frozenset(c) for c in clusters if c]


def _index(clusters: Sequence[frozenset]) -> dict[Hashable, int]:
    return {m: i for i, c in enumerate(clusters) for m in c}


def _muc_recall(key: Sequence[frozenset], response: Sequence[frozenset]) -> tuple[float, float]:
    where = _index(response)
    num = den = 0
    for k in key:
        pieces = {where.get(m, ("absent", m)) for m in k}
        num += len(k) - len(pieces)
        den += len(k) - 1
    return num, den


def muc(key, response) -> PRF:
    key, response = _clean(key), _clean(response)
    rn, rd = _muc_recall(key, response)
    pn, pd = _muc_recall(response, key)
    return PRF(_ratio(rn, rd), _ratio(pn, pd))


def _b3_recall(key: Sequence[frozenset], response: Sequence[frozenset]) -> tuple[float, float]:
    where = _index(response)
    num = 0.0
    for k in key:
        counts: dict[int, int] = defaultdict(int)
        for m in k:
            if m in where:
                counts[where[m]] += 1
        num += sum(n * n for n in counts.values()) / len(k)
    return num, sum(len(k) for k in key)


def b_cubed(key, response) -> PRF:
    key, response = _clean(key), _clean(response)
    rn, rd = _b3_recall(key, response)
    pn, pd = _b3_recall(response, key)
    return PRF(_ratio(rn, rd), _ratio(pn, pd))


def ceaf_e(key, response) -> PRF:
    key, response = _clean(key), _clean(response)
    total = _best_alignment(key, response)
    return PRF(_ratio(total, len(key)), _ratio(total, len(response)))


def _best_alignment(key: Sequence[frozenset], response: Sequence[frozenset]) -> float:
    """Σφ₄ of the best one-to-one alignment, solved per connected component of the overlaps."""
    where = _index(response)
    edges: dict[int, set[int]] = defaultdict(set)
    for i, k in enumerate(key):
        for m in k:
            if m in where:
                edges[i].add(where[m])
    back: dict[int, set[int]] = defaultdict(set)
    for i, js in edges.items():
        for j in js:
            back[j].add(i)
    seen: set[int] = set()
    total = 0.0
    for start in sorted(edges):
        if start in seen:
            continue
        keys, resps, todo = set(), set(), [start]
        while todo:
            i = todo.pop()
            if i in keys:
                continue
            keys.add(i)
            for j in edges[i]:
                if j not in resps:
                    resps.add(j)
                    todo.extend(back[j] - keys)
        seen |= keys
        ks, rs = sorted(keys), sorted(resps)
        weights = [[2 * len(key[i] & response[j]) / (len(key[i]) + len(response[j]))
                    for j in rs] for i in ks]
        total += _max_assignment(weights)
    return total


def _max_assignment(weights: list[list[float]]) -> float:
    """The largest total weight of a one-to-one assignment (Kuhn–Munkres, O(n³))."""
    n_rows, n_cols = len(weights), len(weights[0]) if weights else 0
    if n_rows == 0 or n_cols == 0:
        return 0.0
    if n_rows == 1 or n_cols == 1:
        return max(max(row) for row in weights)
    transpose = n_rows > n_cols
    if transpose:
        weights = [list(col) for col in zip(*weights)]
        n_rows, n_cols = n_cols, n_rows
    top = max(max(row) for row in weights)
    cost = [[0.0] + [top - w for w in row] for row in weights]  # 1-based columns
    inf = float("inf")
    u, v = [0.0] * (n_rows + 1), [0.0] * (n_cols + 1)
    owner, way = [0] * (n_cols + 1), [0] * (n_cols + 1)
    for i in range(1, n_rows + 1):
        owner[0], j0 = i, 0
        minv, used = [inf] * (n_cols + 1), [False] * (n_cols + 1)
        while True:
            used[j0] = True
            i0, delta, j1 = owner[j0], inf, 0
            for j in range(1, n_cols + 1):
                if not used[j]:
                    cur = cost[i0 - 1][j] - u[i0] - v[j]
                    if cur < minv[j]:
                        minv[j], way[j] = cur, j0
                    if minv[j] < delta:
                        delta, j1 = minv[j], j
            for j in range(n_cols + 1):
                if used[j]:
                    u[owner[j]] += delta
                    v[j] -= delta
                else:
                    minv[j] -= delta
            j0 = j1
            if owner[j0] == 0:
                break
        while j0:
            j1 = way[j0]
            owner[j0] = owner[j1]
            j0 = j1
    return sum(weights[owner[j] - 1][j - 1] for j in range(1, n_cols + 1) if owner[j])


@dataclass(frozen=True)
class Scores:
    muc: PRF
    b3: PRF
    ceafe: PRF

    @property
    def conll(self) -> float:
        return (self.muc.f1 + self.b3.f1 + self.ceafe.f1) / 3


def score_partitions(key, response) -> Scores:
    key, response = _clean(key), _clean(response)
    return Scores(muc(key, response), b_cubed(key, response), ceaf_e(key, response))


# --- ECB+ ---------------------------------------------------------------------------------


def _clusters(items: Iterable[tuple[Hashable, Hashable]]) -> list[frozenset]:
    groups: dict[Hashable, set] = defaultdict(set)
    for mention, label in items:
        groups[label].add(mention)
    return [frozenset(groups[label]) for label in sorted(groups, key=repr)]


@dataclass
class Setting:
    """Within- and cross-document scores of one response against the gold chains."""
    within: Scores
    cross: Scores


@dataclass
class Report:
    documents: int
    gold_mentions: int
    system_mentions: int
    matched: int
    settings: dict[str, Setting] = field(default_factory=dict)


def _setting(gold_items, response_items) -> Setting:
    """``*_items``: (mention id, doc, topic, cluster label). Within: labels split by doc."""
    def part(items, scope):
        return _clusters((m, (scope(d, t), label)) for m, d, t, label in items)
    return Setting(
        within=score_partitions(part(gold_items, lambda d, t: d), part(response_items, lambda d, t: d)),
        cross=score_partitions(part(gold_items, lambda d, t: t), part(response_items, lambda d, t: t)))


def lemmatizer(model: str | None = None):
    """text -> lemma string, spaCy's lemmas of the words (out of context), lower-cased."""
    from pipeline.config import Settings
    from pipeline.stages.nlp import load_model

    nlp = load_model(model or Settings().model)
    cache: dict[str, str] = {}

    def lemma(text: str) -> str:
        if text not in cache:
            with nlp.select_pipes(enable=[p for p in ("tok2vec", "tagger", "attribute_ruler",
                                                      "lemmatizer") if p in nlp.pipe_names]):
                cache[text] = " ".join(t.lemma_.lower() for t in nlp(text))
        return cache[text]
    return lemma


def score(docs, found, validated, lemma, *, on_gold: dict | None = None) -> Report:
    """``found``: system mentions by document name (from :func:`predicted_mentions`);
    ``on_gold``: the event of each gold mention ``(doc name, start, end)`` when the
    reconciler clusters the gold mentions themselves (:func:`gold_events`)."""
    from .events import align

    gold_items, sys_items, gold_on_gold, base_gold, base_sys = [], [], [], [], []
    true_gold = []
    n_gold = n_sys = n_matched = 0
    for doc in docs:
        keep_g = [g for g in doc.mentions if (doc.name, g.sentence) in validated]
        keep_s = [m for m in found.get(doc.name, []) if (doc.name, m.sentence) in validated]
        pairs, _missed, _spurious = align(keep_g, keep_s)
        twin = {id(m): g for g, m in pairs}
        system_of = {id(g): m for g, m in pairs}
        n_gold, n_sys, n_matched = n_gold + len(keep_g), n_sys + len(keep_s), n_matched + len(pairs)
        for g in keep_g:
            gid = ("g", doc.name, g.start, g.end)
            gold_items.append((gid, doc.name, doc.topic, ("chain", g.chain)))
            m = system_of.get(id(g))
            label = ("event", m.event_id or m.mention_id) if m else ("alone", gid)
            gold_on_gold.append((gid, doc.name, doc.topic, label))
            if on_gold is not None:
                event = on_gold.get((doc.name, g.start, g.end))
                true_gold.append((gid, doc.name, doc.topic, ("event", event) if event
                                  else ("alone", gid)))
            base_gold.append((gid, doc.name, doc.topic, ("lemma", lemma(g.text))))
        for m in keep_s:
            g = twin.get(id(m))
            mid = ("g", doc.name, g.start, g.end) if g else ("s", doc.name, m.start, m.end)
            sys_items.append((mid, doc.name, doc.topic, ("event", m.event_id or m.mention_id)))
            base_sys.append((mid, doc.name, doc.topic, ("lemma", lemma(m.trigger))))
    report = Report(len(docs), n_gold, n_sys, n_matched)
    report.settings["predicted mentions"] = _setting(gold_items, sys_items)
    report.settings["  same-lemma baseline"] = _setting(gold_items, base_sys)
    if on_gold is not None:
        report.settings["gold mentions"] = _setting(gold_items, true_gold)
    # The gold-mention baseline follows the gold-mention rows it is the bar for.
    report.settings["  same-lemma baseline "] = _setting(gold_items, base_gold)
    report.settings["detected gold mentions"] = _setting(gold_items, gold_on_gold)
    return report


def run_stages(docs, *, workers: int | None = None, model: str | None = None) -> list:
    """The per-document results (``DocResult``) of the ECB+ texts, as ``annalist extract``
    computes them (no cache), sorted by path."""
    import tempfile

    from pipeline import engine
    from pipeline.config import Settings
    from pipeline.run import discover

    settings = Settings(model=model) if model else Settings()
    with tempfile.TemporaryDirectory(prefix="annalist-ecb-") as tmp:
        corpus = Path(tmp, "corpus")
        corpus.mkdir()
        for doc in docs:
            (corpus / doc.file_name).write_text(doc.text, encoding="utf-8")
        paths, _refused = discover(corpus)
        outcome = engine.run(paths, corpus_root=corpus, settings=settings, cache=None,
                             workers=workers, progress=False)
    return sorted((r for r in outcome.results if r.status == "ok"), key=lambda r: r.path)


def predicted_mentions(docs, results) -> dict:
    """System mentions with their reconciled events, by document name."""
    from pipeline.reconcile import reconcile

    from .events import SystemMention

    by_file = {doc.file_name: doc for doc in docs}
    doc_of = {r.doc_id: by_file[r.path] for r in results if r.path in by_file}
    found: dict[str, list] = {doc.name: [] for doc in docs}
    for row in reconcile(results).event_mentions:
        doc = doc_of.get(row["doc_id"])
        if doc is None:
            continue
        start, end = row["trigger_start"], row["trigger_end"]
        found[doc.name].append(SystemMention(
            doc.name, start, end, row["trigger"], row["event_type"], doc.sentence_at(start),
            row["event_mention_id"], row["event_id"]))
    return found


def gold_results(docs, results, validated, lemma) -> tuple[list, dict[str, tuple]]:
    """``results`` with each document's event mentions replaced by its gold mentions in
    the validated sentences, and gold key ``(doc name, start, end)`` per mention ID."""
    import bisect
    from dataclasses import replace

    from pipeline.ids import stable_id
    from pipeline.records import EventMention

    from .events import SystemMention, align

    by_file = {doc.file_name: doc for doc in docs}
    out, key_of = [], {}
    for r in results:
        doc = by_file.get(r.path)
        if doc is None:
            continue
        keep_g = [g for g in doc.mentions if (doc.name, g.sentence) in validated]
        ems = {em.event_mention_id: em for em in r.event_mentions}
        system = [SystemMention(doc.name, em.trigger_start, em.trigger_end, em.trigger,
                                em.event_type, doc.sentence_at(em.trigger_start),
                                em.event_mention_id) for em in r.event_mentions]
        twin = {id(g): m for g, m in align(keep_g, system)[0]}
        mentions = []
        for g in keep_g:
            m = twin.get(id(g))
            if m is not None:
                em = replace(ems[m.mention_id], attribution=False)
            else:
                line = bisect.bisect_right(doc.line_starts, g.start) - 1
                start = doc.line_starts[line]
                end = doc.text.find("\n", start)
                em = EventMention(
                    event_mention_id=stable_id("EM", r.doc_id, "gold", g.start, g.end),
                    doc_id=r.doc_id, claim_id="", start=start, end=end, line=2 * line + 1,
                    quote=doc.text[start:end], trigger=g.text, event_type="OTHER",
                    date_source="none", sent_index=line, trigger_lemma=lemma(g.text),
                    trigger_start=g.start, trigger_end=g.end)
            key_of[em.event_mention_id] = (doc.name, g.start, g.end)
            mentions.append(em)
        out.append(replace(r, event_mentions=tuple(mentions)))
    return out, key_of


def gold_events(docs, results, validated, lemma) -> dict[tuple, str]:
    """The reconciled event of every gold mention ``(doc name, start, end)``."""
    from pipeline.reconcile import reconcile

    gold, key_of = gold_results(docs, results, validated, lemma)
    return {key_of[row["event_mention_id"]]: row["event_id"]
            for row in reconcile(gold).event_mentions if row["event_mention_id"] in key_of}


def evaluate(root: Path, *, topics: set[int] | None = None, workers: int | None = None,
             model: str | None = None) -> Report:
    from .ecbplus import read_corpus, read_validated

    docs = read_corpus(root, topics)
    validated, lemma = read_validated(root), lemmatizer(model)
    results = run_stages(docs, workers=workers, model=model)
    return score(docs, predicted_mentions(docs, results), validated, lemma,
                 on_gold=gold_events(docs, results, validated, lemma))


def _row(label: str, s: Scores) -> str:
    return (f"  {label:<24} MUC {s.muc.f1 * 100:5.1f}  B3 {s.b3.f1 * 100:5.1f}  "
            f"CEAF-e {s.ceafe.f1 * 100:5.1f}  CoNLL {s.conll * 100:5.1f}")


def format_report(report: Report) -> str:
    lines = [f"ECB+ event coreference: {report.documents} documents, validated sentences; "
             f"gold mentions {report.gold_mentions}, system {report.system_mentions}, "
             f"matched {report.matched}"]
    for scope in ("within", "cross"):
        lines.append(f" {scope}-document (F1 x 100):")
        for label, setting in report.settings.items():
            lines.append(_row(label.rstrip(), getattr(setting, scope)))
    lines.append(" gold mentions: the reconciler clusters the gold mentions (missed ones as bare "
                 "mentions); detected gold mentions: detected ones take their predicted event, "
                 "missed ones stay singletons; each baseline clusters the mentions above it "
                 "(predicted / gold) by lemma within the document / topic")
    return "\n".join(lines)
