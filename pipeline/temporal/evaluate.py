"""Score the tagger against TimeML gold with the TempEval-3 definitions.

For each gold directory (scored separately):

* **strict span** P/R/F1: a system expression matches a gold one when both offsets are
  identical. P = matches / system expressions, R = matches / gold expressions.
* **relaxed span** P/R/F1: the spans overlap by at least one character; pairs are made
  one-to-one, each gold expression taking the unmatched system expression that overlaps
  it most.
* **value F1** and **type F1** (TempEval-3 attribute F1): over the relaxed-matched pairs,
  ``correct`` = pairs whose attribute agrees (values compared case-insensitively, after
  :func:`canonical_value` has rewritten notations that denote the same thing: see
  ``CANONICALIZATIONS``);
  P = correct / system, R = correct / gold, F1 their harmonic mean. This equals
  attribute accuracy on matched pairs × relaxed span F1.

Each directory is scored in two settings:

* **labelled**: the directory says what kind of text it holds, as a ``source_type`` would:
  a name containing ``wiki`` is narrative history (``mode="narrative"``, DCT as the
  fallback anchor); anything else news (``mode="news"``, relative expressions anchored at
  the file's DCT).
* **unlabelled**: nothing says; the tagger chooses per document (``mode="auto"``,
  :func:`pipeline.temporal.choose_mode`) with the file's DCT as the document date. For
  WikiWars that DCT is the retrieval date (2009-12-19), as a downloaded article's
  ``published`` value would be: the setting the done-when of issue 22 measures.

TimeML annotates the two ends of a range as two TIMEX3s, so the tagger runs with
``ranges="split"`` here.
"""

from __future__ import annotations

import re
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from .tagger import AUTO, choose_mode, tag
from .timeml import GoldDoc, GoldTimex, read_gold_dir


# Notations that denote the same value, rewritten on both sides before values are compared.
# Only equivalences: an underspecified gold value ("1989-WXX") against a specific system
# value ("1989-W42") stays a disagreement.
CANONICALIZATIONS = (
    ("decade with a trailing X", "198X -> 198 (TIMEX2/TimeBank vs TIMEX3: the 1980s)"),
    ("century with trailing Xs", "19XX -> 19 (the 1900s)"),
    ("ISO week without zero padding", "2000-W7 -> 2000-W07"),
    ("duration in decades/centuries/millennia", "P1DE, P1E -> P10Y; P2CE, P2C -> P200Y; "
     "P2ML, P2L -> P2000Y; PXE -> PXDE, PXC -> PXCE, PXL -> PXML"),
    ("duration in quarters", "P3Q -> P9M (a quarter is three months)"),
)
_DECADE_X = re.compile(r"(BC)?(\d{3})X")
_CENTURY_X = re.compile(r"(BC)?(\d{2})XX")
_WEEK = re.compile(r"((?:BC)?\d{4})-W(\d)(?=$|-)")
_DUR_LONG = re.compile(r"P(\d+(?:\.\d+)?|X)(DE|E|CE|C|ML|L)")
_DUR_Q = re.compile(r"P(\d+)Q")
_LONG_UNIT = {"DE": ("DE", 10), "E": ("DE", 10), "CE": ("CE", 100), "C": ("CE", 100),
              "ML": ("ML", 1000), "L": ("ML", 1000)}


def canonical_value(value: str) -> str:
    """``value`` upper-cased, with equivalent notations rewritten (``CANONICALIZATIONS``)."""
    v = (value or "").strip().upper()
    m = _DECADE_X.fullmatch(v)
    if m:
        return (m.group(1) or "") + m.group(2)
    m = _CENTURY_X.fullmatch(v)
    if m:
        return (m.group(1) or "") + m.group(2)
    v = _WEEK.sub(lambda m: f"{m.group(1)}-W0{m.group(2)}", v)
    m = _DUR_LONG.fullmatch(v)
    if m:
        unit, factor = _LONG_UNIT[m.group(2)]
        if m.group(1) == "X":
            return f"PX{unit}"
        years = float(m.group(1)) * factor
        return f"P{int(years) if years.is_integer() else years:g}Y"
    m = _DUR_Q.fullmatch(v)
    if m:
        return f"P{3 * int(m.group(1))}M"
    return v


@dataclass
class Counts:
    gold: int = 0
    system: int = 0
    strict: int = 0
    relaxed: int = 0
    value: int = 0
    type: int = 0
    canonicalized: int = 0   # value matches that needed canonical_value

    def add(self, other: "Counts") -> None:
        for f in ("gold", "system", "strict", "relaxed", "value", "type", "canonicalized"):
            setattr(self, f, getattr(self, f) + getattr(other, f))

    def prf(self, correct: int) -> tuple[float, float, float]:
        p = correct / self.system if self.system else 0.0
        r = correct / self.gold if self.gold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return p, r, f


@dataclass
class DirReport:
    gold_dir: str
    mode: str
    setting: str = "labelled"
    totals: Counts = field(default_factory=Counts)
    per_doc: list[tuple[str, Counts]] = field(default_factory=list)
    missed: Counter = field(default_factory=Counter)
    wrong_value: Counter = field(default_factory=Counter)
    spurious: Counter = field(default_factory=Counter)
    n_words: int = 0
    seconds: float = 0.0
    chosen: Counter = field(default_factory=Counter)  # unlabelled: documents per mode


SETTINGS = ("labelled", "unlabelled")


@dataclass
class Report:
    dirs: list[DirReport] = field(default_factory=list)


def _mode_for(gold_dir: Path) -> str:
    return "narrative" if "wiki" in gold_dir.name.lower() else "news"


def score_doc(doc: GoldDoc, mode: str) -> tuple[Counts, list, list, list]:
    """Counts for one document plus its misses, wrong values and spurious expressions."""
    system = tag(doc.text, dct=doc.dct or None, mode=mode, ranges="split")
    c = Counts(gold=len(doc.timexes), system=len(system))
    strict_spans = {(t.start, t.end) for t in doc.timexes}
    c.strict = sum(1 for s in system if (s.start, s.end) in strict_spans)
    used: set[int] = set()
    missed: list[str] = []
    wrong: list[str] = []
    for g in doc.timexes:
        best, best_ov = -1, 0
        for i, s in enumerate(system):
            if i in used or s.end <= g.start or s.start >= g.end:
                continue
            ov = min(s.end, g.end) - max(s.start, g.start)
            if ov > best_ov:
                best, best_ov = i, ov
        if best < 0:
            missed.append(_label(g))
            continue
        used.add(best)
        s = system[best]
        c.relaxed += 1
        if s.value.lower() == g.value.lower():
            c.value += 1
        elif canonical_value(s.value) == canonical_value(g.value):
            c.value += 1
            c.canonicalized += 1
        else:
            wrong.append(f"{_label(g)} -> {s.value}")
        if s.type == g.type:
            c.type += 1
    spurious = [system[i].text for i in range(len(system)) if i not in used]
    return c, missed, wrong, spurious


def _label(g: GoldTimex) -> str:
    return f"{' '.join(g.text.split())!r} ({g.value})"


def evaluate(gold_dirs: list[Path], *, settings: tuple[str, ...] = ("labelled",)) -> Report:
    """Score the tagger on every TimeML gold directory given, in each of ``settings``
    (``labelled``, ``unlabelled``; each directory and setting reported separately)."""
    report = Report()
    for d in gold_dirs:
        d = Path(d)
        docs = read_gold_dir(d)
        for setting in settings:
            mode = _mode_for(d) if setting == "labelled" else AUTO
            r = DirReport(str(d), mode, setting)
            t0 = time.perf_counter()
            for doc in docs:
                doc_mode = mode
                if mode == AUTO:
                    doc_mode = choose_mode(doc.text, dct=doc.dct or None).mode
                    r.chosen[doc_mode] += 1
                c, m, w, s = score_doc(doc, doc_mode)
                r.totals.add(c)
                r.per_doc.append((doc.doc_id, c))
                r.missed.update(m)
                r.wrong_value.update(w)
                r.spurious.update(' '.join(x.split()) for x in s)
            r.seconds = time.perf_counter() - t0
            r.n_words = sum(len(doc.text.split()) for doc in docs)
            report.dirs.append(r)
    return report


def format_report(report: Report, *, top: int = 15) -> str:
    """Human-readable scores: totals, per-document breakdown, worst misses."""
    lines: list[str] = ["values are compared after rewriting equivalent notations:"]
    lines += [f"  {name}: {example}" for name, example in CANONICALIZATIONS]
    lines.append("")
    for r in report.dirs:
        t = r.totals
        lines.append(f"== {r.gold_dir}  [{r.setting}] (mode={r.mode}, {len(r.per_doc)} "
                     f"documents, {t.gold} gold / {t.system} system expressions)")
        if r.chosen:
            lines.append("chosen per document: " + ", ".join(
                f"{mode} {n}" for mode, n in sorted(r.chosen.items())))
        lines.append(f"{'':14}{'P':>7}{'R':>7}{'F1':>7}")
        for name, correct in (("strict span", t.strict), ("relaxed span", t.relaxed),
                              ("value", t.value), ("type", t.type)):
            p, rr, f = t.prf(correct)
            lines.append(f"{name:14}{p:7.3f}{rr:7.3f}{f:7.3f}")
        if t.relaxed:
            lines.append(f"value accuracy on relaxed matches: {t.value / t.relaxed:.3f}; "
                         f"type accuracy: {t.type / t.relaxed:.3f}")
        if t.canonicalized:
            lines.append(f"{t.canonicalized} value matches needed an equivalent notation "
                         "rewritten (see CANONICALIZATIONS in pipeline/temporal/evaluate.py)")
        if r.seconds > 0:
            lines.append(f"tagged {r.n_words:,} words in {r.seconds:.2f} s "
                         f"({r.n_words / r.seconds:,.0f} words/s, wall clock)")
        lines.append("")
        lines.append(f"{'document':40}{'gold':>6}{'sys':>6}{'strictF':>9}{'relaxF':>8}"
                     f"{'valueF':>8}")
        for name, c in r.per_doc:
            lines.append(f"{name[:40]:40}{c.gold:6d}{c.system:6d}{c.prf(c.strict)[2]:9.3f}"
                         f"{c.prf(c.relaxed)[2]:8.3f}{c.prf(c.value)[2]:8.3f}")
        for title, counter in (("most frequent missed gold expressions", r.missed),
                               ("most frequent wrong values (gold -> system)", r.wrong_value),
                               ("most frequent spurious system expressions", r.spurious)):
            lines.append("")
            lines.append(f"{title}:")
            for text, n in counter.most_common(top):
                lines.append(f"  {n:4d}  {text}")
        lines.append("")
    lines += summary(report)
    return "\n".join(lines)


def summary(report: Report) -> list[str]:
    """One line per directory and setting: strict span, relaxed span, value and type F1."""
    lines = ["summary (F1):", f"  {'gold directory':24}{'setting':12}{'strict':>8}"
                              f"{'relaxed':>9}{'value':>8}{'type':>8}"]
    for r in report.dirs:
        t = r.totals
        f = [t.prf(c)[2] for c in (t.strict, t.relaxed, t.value, t.type)]
        lines.append(f"  {Path(r.gold_dir).name[:24]:24}{r.setting:12}{f[0]:8.3f}{f[1]:9.3f}"
                     f"{f[2]:8.3f}{f[3]:8.3f}")
    return lines
