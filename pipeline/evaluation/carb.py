"""Claims scored as Open IE tuples on CaRB (Bhardwaj, Aggarwal and Mausam, EMNLP 2019).

The sentences are written to a scratch text file (a paragraph each), read by the text reader,
parsed by spaCy and run through every per-document stage, exactly as a user's corpus is;
each statement claim becomes one tuple ``(predicate; subject, object, adjuncts...)``.

Matching follows the published scorer (github.com/dair-iitd/CaRB, ``carb.py`` and
``matcher.py``, its default ``binary_linient_tuple_match``): arguments after the first are
joined into one; a system tuple scores against a gold one by whitespace-token overlap per
slot (predicate, subject, rest), the predicate must share a word (a system "be" matches any
form of it), and precision and recall are the matched tokens over the system's and the gold
tuple's tokens. For a "said"-type gold predicate the system's arguments may also match in
reverse order. Recall of a gold tuple is its best match; precision pairs system and gold
tuples one to one, best first. Both are computed at every distinct confidence of the
system's tuples: F1 is the best point of that curve, AUC its area with (recall 0,
precision 1) added.
"""

from __future__ import annotations

import re
import string
import tempfile
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

TUPLE_KINDS = ("statement", "appositive")
_FORMS_OF_BE = ("be", "is", "am", "are", "was", "were", "been", "being")
_SAID_TYPE = ("said", "told", "added", "adds", "says")
_PUNCT = re.compile(f"[{re.escape(string.punctuation)}]")
_PTB_ESCAPES = (("(", "-LRB-"), (")", "-RRB-"), ("[", "-LSB-"), ("]", "-RSB-"),
                ("{", "-LCB-"), ("}", "-RCB-"))


@dataclass(frozen=True)
class Extraction:
    """One Open IE tuple: a predicate, its arguments (subject first) and a confidence."""

    pred: str
    args: tuple[str, ...]
    confidence: float = 1.0


@dataclass(frozen=True)
class Scores:
    """CaRB's figures: the best-F1 point of the P-R curve and the curve's area."""

    precision: float
    recall: float
    f1: float
    auc: float
    sentences: int = 0
    gold: int = 0
    system: int = 0


# -- reading ---------------------------------------------------------------------------------


def sentence_key(sentence: str) -> str:
    """CaRB's key for a sentence: no spaces, PTB brackets unescaped, no punctuation."""
    s = sentence.replace(" ", "")
    for plain, escaped in _PTB_ESCAPES:
        s = s.replace(escaped, plain)
    return _PUNCT.sub("", s)


def read_gold(root: Path) -> dict[str, list[Extraction]]:
    """Gold tuples by sentence from ``gold.tsv`` (sentence, predicate, arg1, arg2, ...)."""
    gold: dict[str, list[Extraction]] = defaultdict(list)
    with open(Path(root) / "gold.tsv", encoding="utf-8") as fh:
        for line in fh:
            cells = line.strip().split("\t")
            if len(cells) < 2:
                continue
            gold[cells[0].strip()].append(
                Extraction(cells[1].strip(), tuple(a.strip() for a in cells[2:])))
    return dict(gold)


def read_sentences(root: Path) -> list[str]:
    """The benchmark's sentences, one a line of ``sentences.txt``."""
    with open(Path(root) / "sentences.txt", encoding="utf-8") as fh:
        return [line.strip() for line in fh if line.strip()]


# -- matching --------------------------------------------------------------------------------


def _overlap(gold_words: list[str], system_words: list[str]) -> int:
    """Gold words found among the system's, each system word used once."""
    free = list(system_words)
    n = 0
    for w in gold_words:
        if w in free:
            n += 1
            free.remove(w)
    return n


def tuple_match(ref: Extraction, ex: Extraction) -> tuple[float, float]:
    """(precision, recall) of system tuple ``ex`` against gold ``ref`` (CaRB's lenient match)."""
    sys_words, gold_words = ex.pred.split(), ref.pred.split()
    p_num, p_den, r_num, r_den = 0, len(sys_words), 0, len(gold_words)
    free = list(sys_words)
    matched = 0
    for w in gold_words:
        if w in free:
            matched += 1
            free.remove(w)
    if "be" in free and any(form in gold_words for form in _FORMS_OF_BE):
        matched += 1
    if matched == 0:
        return 0.0, 0.0
    p_num += matched
    r_num += matched
    for i, gold_arg in enumerate(ref.args):
        gold_words = gold_arg.split()
        r_den += len(gold_words)
        if i >= len(ex.args):
            if i < 2:
                return 0.0, 0.0
            continue
        sys_words = ex.args[i].split()
        p_den += len(sys_words)
        n = _overlap(gold_words, sys_words)
        p_num += n
        r_num += n
    return (p_num / p_den if p_den else 0.0), (r_num / r_den if r_den else 0.0)


def _binary(ex: Extraction, *, reverse: bool = False) -> Extraction:
    if len(ex.args) < 2:
        return ex
    first, rest = ex.args[0], " ".join(ex.args[1:])
    return Extraction(ex.pred, (rest, first) if reverse else (first, rest), ex.confidence)


def binary_match(ref: Extraction, ex: Extraction) -> tuple[float, float]:
    """CaRB's default match: arguments after the subject joined; "said" tuples either way."""
    ref_b = _binary(ref)
    straight = tuple_match(ref_b, _binary(ex))
    if not any(verb in ref.pred for verb in _SAID_TYPE):
        return straight
    return max(straight, tuple_match(ref_b, _binary(ex, reverse=True)))


# -- scoring ---------------------------------------------------------------------------------


def _precision_numerator(scores: list[list[tuple[float, float]]], cols: list[int]) -> float:
    """Greedy one-to-one pairing of gold rows and system columns, best precision first."""
    rows_used: set[int] = set()
    cols_used: set[int] = set()
    total = 0.0
    for _ in range(min(len(scores), len(cols))):
        best, best_row, best_col = -1.0, -1, -1
        for i, row in enumerate(scores):
            if i in rows_used:
                continue
            for j in cols:
                if j not in cols_used and row[j][0] > best:
                    best, best_row, best_col = row[j][0], i, j
        rows_used.add(best_row)
        cols_used.add(best_col)
        total += best
    return total


def _auc(x: Sequence[float], y: Sequence[float]) -> float:
    """Trapezoidal area under y(x) for monotonic x (``sklearn.metrics.auc``)."""
    area = sum((x[k + 1] - x[k]) * (y[k + 1] + y[k]) / 2 for k in range(len(x) - 1))
    return abs(area)


def score(gold: Mapping[str, Sequence[Extraction]],
          predicted: Mapping[str, Sequence[Extraction]]) -> Scores:
    """CaRB's precision, recall, F1 (best point over confidence thresholds) and AUC.

    Sentences are matched by :func:`sentence_key`; system tuples for sentences without gold
    are not scored, gold sentences without system tuples count against recall.
    """
    gold_k = {sentence_key(s): list(v) for s, v in gold.items()}
    pred_k = {sentence_key(s): list(v) for s, v in predicted.items()}
    thresholds = sorted({ex.confidence for exs in pred_k.values() for ex in exs})
    position = {c: k for k, c in enumerate(thresholds)}
    n = len(thresholds)
    p, pl, r, rl = [0.0] * n, [0] * n, [0.0] * n, [0] * n
    system = 0
    for key, golds in gold_k.items():
        preds = pred_k.get(key, [])
        system += len(preds)
        scores = [[binary_match(g, ex) for ex in preds] for g in golds]
        prev = 0
        for conf in sorted(ex.confidence for ex in preds):
            c = position[conf]
            cols = [j for j, ex in enumerate(preds) if ex.confidence >= conf]
            rec = sum(max((row[j][1] for j in cols), default=0.0) for row in scores)
            prec = _precision_numerator(scores, cols)
            for k in range(prev, c + 1):
                p[k] += prec
                pl[k] += len(cols)
                r[k] += rec
                rl[k] += len(scores)
            prev = c + 1
        for k in range(prev, n):
            rl[k] += len(scores)
    precisions = [a / b if b else 1.0 for a, b in zip(p, pl)]
    recalls = [a / b if b else 0.0 for a, b in zip(r, rl)]
    f1s = [2 * a * b / (a + b) if a + b else 0.0 for a, b in zip(precisions, recalls)]
    counts = {"sentences": len(gold_k), "gold": sum(len(v) for v in gold_k.values()),
              "system": system}
    if not f1s:
        return Scores(0.0, 0.0, 0.0, 0.0, **counts)
    best = max(range(n), key=lambda k: (f1s[k], -k))  # numpy's argmax: the first maximum
    auc = _auc([*recalls, 0.0], [*precisions, 1.0])
    return Scores(precisions[best], recalls[best], f1s[best], auc, **counts)


# -- the system's tuples ---------------------------------------------------------------------


def claim_tuples(claims: Iterable) -> list[Extraction]:
    """The statement and appositive claims with a predicate, as Open IE tuples."""
    out = []
    for c in claims:
        if c.kind not in TUPLE_KINDS or not c.predicate:
            continue
        args = (c.subject, c.object, *c.adjuncts)
        out.append(Extraction(c.predicate, args, confidence(c)))
        if c.attributed_to and c.attribution_cue:
            # attribution is a relation of its own: (cue; source, what is said)
            out.append(Extraction(c.attribution_cue, (c.attributed_to, c.text), confidence(c)))
        if c.reported_by and c.reported_by_cue:
            # a nested report: (said; X, Y claimed what is said)
            said = f"{c.attributed_to} {c.attribution_cue} {c.text}"
            out.append(Extraction(c.reported_by_cue, (c.reported_by, said), confidence(c)))
    return out


def confidence(claim) -> float:
    """How complete a claim's tuple is: a subject and an object each add to it."""
    return 0.5 + 0.25 * bool(claim.subject) + 0.25 * bool(claim.object)


def run_extractor(sentences: Sequence[str], *, model: str | None = None
                  ) -> dict[str, list[Extraction]]:
    """Each sentence's tuples, from the real reader, parser and stages."""
    import bisect

    from pipeline.config import Settings
    from pipeline.document import extract
    from pipeline.readers import read_source
    from pipeline.stages.nlp import load_model, parse

    settings = Settings(model=model) if model else Settings()
    text = "\n\n".join(sentences) + "\n"
    starts, pos = [], 0
    for s in sentences:
        starts.append(pos)
        pos += len(s) + 2
    with tempfile.TemporaryDirectory(prefix="annalist-carb-") as tmp:
        path = Path(tmp, "carb.txt")
        path.write_bytes(text.encode("utf-8"))
        src = read_source(path, corpus_root=Path(tmp), manifest={}, settings=settings)
    nlp = load_model(settings.model)
    doc = next(iter(parse(nlp, [src.text])))
    result = extract(src, doc, settings)
    by_sentence: dict[str, list] = {s: [] for s in sentences}
    for claim in result.claims:
        if claim.start < 0:
            continue
        k = bisect.bisect_right(starts, claim.start) - 1
        by_sentence[sentences[k]].append(claim)
    return {s: claim_tuples(cs) for s, cs in by_sentence.items()}


def evaluate(root: Path, *, model: str | None = None) -> Scores:
    """Run the extractor on CaRB's sentences in ``root`` and score it against the gold."""
    return score(read_gold(root), run_extractor(read_sentences(root), model=model))


def format_report(s: Scores) -> str:
    return (f"CaRB claims (Open IE tuples): {s.sentences} sentences, gold {s.gold} tuples, "
            f"system {s.system}\n"
            f"  P {s.precision:.3f}  R {s.recall:.3f}  F1 {s.f1:.3f}  AUC {s.auc:.3f}")


if __name__ == "__main__":  # python -m pipeline.evaluation.carb DIR
    import sys

    print(format_report(evaluate(Path(sys.argv[1]))))
