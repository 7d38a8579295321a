"""Event-mention detection scored on ECB+: run the real pipeline, align by trigger overlap.

The gold texts are written to a scratch corpus exactly as :mod:`.ecbplus` lays them out and
``annalist extract`` runs over it, so what is scored is what a user gets. A system mention
matches a gold one when its trigger's characters overlap one of the gold mention's tokens;
pairs are one to one (each gold mention takes the first unmatched system mention over it).
Precision = matched / system, recall = matched / gold. Scores are given over all sentences
and over the validated ones (both sides restricted to them), since outside them many events
were never annotated.
"""

from __future__ import annotations

import csv
import tempfile
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .ecbplus import GoldDoc, read_corpus, read_validated


@dataclass(frozen=True)
class SystemMention:
    doc: str
    start: int
    end: int
    trigger: str
    event_type: str
    sentence: int
    mention_id: str = ""
    event_id: str = ""


@dataclass
class Counts:
    gold: int = 0
    system: int = 0
    matched: int = 0

    @property
    def precision(self) -> float:
        return self.matched / self.system if self.system else 0.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Report:
    documents: int
    all: Counts
    validated: Counts
    by_tag: dict[str, Counts] = field(default_factory=dict)       # validated, recall per gold tag
    by_type: dict[str, Counts] = field(default_factory=dict)      # validated, precision per type
    missed: Counter = field(default_factory=Counter)              # validated misses by lemma-ish
    spurious: Counter = field(default_factory=Counter)


def run_pipeline(docs: Sequence[GoldDoc], *, workers: int | None = None,
                 model: str | None = None) -> dict[str, list[SystemMention]]:
    """The event mentions ``annalist extract`` finds in each document, by document name."""
    from pipeline.config import Settings
    from pipeline.run import extract_corpus

    settings = Settings(model=model) if model else Settings()
    with tempfile.TemporaryDirectory(prefix="annalist-ecb-") as tmp:
        corpus, out = Path(tmp, "corpus"), Path(tmp, "out")
        corpus.mkdir()
        by_file = {}
        for doc in docs:
            (corpus / doc.file_name).write_text(doc.text, encoding="utf-8")
            by_file[doc.file_name] = doc
        extract_corpus(corpus, out, settings=settings, cache_dir=None, workers=workers,
                       progress=False)
        return _read_mentions(out, by_file)


def _read_mentions(out: Path, by_file: dict[str, GoldDoc]) -> dict[str, list[SystemMention]]:
    with (out / "documents.csv").open(newline="", encoding="utf-8") as fh:
        names = {row["doc_id"]: by_file[row["path"]] for row in csv.DictReader(fh)
                 if row["path"] in by_file}
    found: dict[str, list[SystemMention]] = {doc.name: [] for doc in by_file.values()}
    with (out / "event_mentions.csv").open(newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            doc = names.get(row["doc_id"])
            if doc is None:
                continue
            start, end = int(row["trigger_start"]), int(row["trigger_end"])
            found[doc.name].append(SystemMention(
                doc.name, start, end, row["trigger"], row["event_type"],
                doc.sentence_at(start), row["event_mention_id"], row.get("event_id", "")))
    return found


def align(gold: Sequence, system: Sequence[SystemMention]) -> tuple[list, list, list]:
    """(matched pairs, missed gold, spurious system), one to one by trigger overlap."""
    free = sorted(system, key=lambda m: (m.start, m.end))
    used: set[int] = set()
    pairs, missed = [], []
    for g in gold:
        hit = next((i for i, m in enumerate(free) if i not in used and g.overlaps(m.start, m.end)),
                   None)
        if hit is None:
            missed.append(g)
        else:
            used.add(hit)
            pairs.append((g, free[hit]))
    spurious = [m for i, m in enumerate(free) if i not in used]
    return pairs, missed, spurious


def score(docs: Sequence[GoldDoc], found: dict[str, list[SystemMention]],
          validated: set[tuple[str, int]]) -> Report:
    report = Report(len(docs), Counts(), Counts())
    for doc in docs:
        system = found.get(doc.name, [])
        pairs, missed, spurious = align(doc.mentions, system)
        _add(report.all, doc.mentions, system, pairs)
        keep_g = [g for g in doc.mentions if (doc.name, g.sentence) in validated]
        keep_s = [m for m in system if (doc.name, m.sentence) in validated]
        v_pairs, v_missed, v_spurious = align(keep_g, keep_s)
        _add(report.validated, keep_g, keep_s, v_pairs)
        for g in keep_g:
            report.by_tag.setdefault(g.tag, Counts()).gold += 1
        for g, m in v_pairs:
            report.by_tag[g.tag].matched += 1
            report.by_type.setdefault(m.event_type, Counts()).matched += 1
        for m in keep_s:
            report.by_type.setdefault(m.event_type, Counts()).system += 1
        report.missed.update(g.text.lower() for g in v_missed)
        report.spurious.update(m.trigger.lower() for m in v_spurious)
    return report


def _add(counts: Counts, gold, system, pairs) -> None:
    counts.gold += len(gold)
    counts.system += len(system)
    counts.matched += len(pairs)


def evaluate(root: Path, *, topics: set[int] | None = None, workers: int | None = None,
             model: str | None = None) -> Report:
    docs = read_corpus(root, topics)
    return score(docs, run_pipeline(docs, workers=workers, model=model), read_validated(root))


def _line(label: str, c: Counts) -> str:
    return (f"  {label:<22} P {c.precision:.3f}  R {c.recall:.3f}  F1 {c.f1:.3f}"
            f"   (gold {c.gold}, system {c.system}, matched {c.matched})")


def format_report(report: Report, *, top: int = 15) -> str:
    lines = [f"ECB+ event mentions: {report.documents} documents",
             _line("all sentences", report.all), _line("validated sentences", report.validated),
             "  recall by gold class (validated):"]
    for tag, c in sorted(report.by_tag.items(), key=lambda kv: -kv[1].gold):
        lines.append(f"    {tag:<24} {c.recall:.3f}  ({c.matched}/{c.gold})")
    lines.append("  precision by predicted type (validated):")
    for etype, c in sorted(report.by_type.items(), key=lambda kv: -kv[1].system):
        lines.append(f"    {etype:<24} {c.precision:.3f}  ({c.matched}/{c.system})")
    lines.append("  most frequent misses: " + ", ".join(
        f"{w} ({n})" for w, n in report.missed.most_common(top)))
    lines.append("  most frequent spurious: " + ", ".join(
        f"{w} ({n})" for w, n in report.spurious.most_common(top)))
    return "\n".join(lines)


if __name__ == "__main__":  # python -m pipeline.evaluation.events DIR [TOPICS]
    import sys

    from .ecbplus import parse_topics

    print(format_report(evaluate(Path(sys.argv[1]),
                                 topics=parse_topics(sys.argv[2] if len(sys.argv) > 2 else None))))
