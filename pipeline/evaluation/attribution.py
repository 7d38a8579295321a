"""Attribution scored on a hand-written test set: who says so (source) and how (cue).

The gold (``gold.tsv``: id, text, source, cue, content; ``#`` lines are comments) holds one
row per attribution an item's text makes, or one row with the three left empty for an item
that attributes nothing. Each item is its own document, run through the real reader, parser
and stages. A system attribution is a distinct (``attributed_to``, ``attribution_cue``) pair
of the item's statement claims, with the texts of the claims it covers.

Matching, case-insensitive:

- **source**: the words of one, articles aside, are all among the other's ("the Serbian
  government" matches "Serbian government", "Vučić" matches "Aleksandar Vučić", "spokesman"
  matches "spokesman for the railway company");
- **cue**: a source match whose cue holds every word of the gold cue ("has said" matches
  "said", "According to" matches "according to");
- **content**: a cue match with a claim whose text holds the gold fragment.

Precision is the share of the system's pairs that match a gold row of their item, recall
the share of gold rows some pair matches (one speaker quoted in two sentences is one pair
and two gold rows), pooled over the items.
"""

from __future__ import annotations

import csv
import tempfile
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

_ARTICLES = ("the", "a", "an")


@dataclass(frozen=True)
class Attribution:
    """One attribution: who (source), how (cue) and what (a content fragment or the claims)."""

    source: str
    cue: str
    content: tuple[str, ...] = ()


@dataclass(frozen=True)
class Item:
    id: str
    text: str
    gold: tuple[Attribution, ...]


@dataclass(frozen=True)
class Level:
    """Precision and recall at one level of matching (source, cue or content)."""

    matched_system: int
    system: int
    matched_gold: int
    gold: int

    @property
    def precision(self) -> float:
        return self.matched_system / self.system if self.system else 1.0

    @property
    def recall(self) -> float:
        return self.matched_gold / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(frozen=True)
class Scores:
    items: int
    source: Level
    cue: Level
    content: Level
    misses: tuple[str, ...] = field(default=())  # "id: what went wrong", for the report


def read_gold(root: Path) -> list[Item]:
    """The items of ``root/gold.tsv`` in file order."""
    texts: dict[str, str] = {}
    gold: dict[str, list[Attribution]] = defaultdict(list)
    with open(Path(root) / "gold.tsv", encoding="utf-8", newline="") as fh:
        lines = (line for line in fh if not line.startswith("#"))
        for row in csv.DictReader(lines, delimiter="\t"):
            texts.setdefault(row["id"], row["text"])
            if row["source"]:
                gold[row["id"]].append(Attribution(row["source"], row["cue"], (row["content"],)))
    return [Item(k, t, tuple(gold.get(k, ()))) for k, t in texts.items()]


def _words(text: str) -> list[str]:
    words = [w.strip(".,;:\"“”'") for w in text.lower().split()]
    words = [w for w in words if w]
    while words and words[0] in _ARTICLES:
        words = words[1:]
    return words


def source_match(gold: str, system: str) -> bool:
    g, s = set(_words(gold)), set(_words(system))
    return bool(g and s) and (g <= s or s <= g)


def cue_match(gold: str, system: str) -> bool:
    s = _words(system)
    return bool(s) and all(w in s for w in _words(gold))


def content_match(gold: Attribution, system: Attribution) -> bool:
    fragment = gold.content[0].lower() if gold.content else ""
    return not fragment or any(fragment in text.lower() for text in system.content)


def score(items: Sequence[Item], predicted: Mapping[str, Sequence[Attribution]]) -> Scores:
    """Source, cue and content precision and recall of ``predicted`` (by item id)."""
    levels = {
        "source": lambda g, s: source_match(g.source, s.source),
        "cue": lambda g, s: source_match(g.source, s.source) and cue_match(g.cue, s.cue),
        "content": lambda g, s: (source_match(g.source, s.source) and cue_match(g.cue, s.cue)
                                 and content_match(g, s)),
    }
    totals = {k: [0, 0, 0, 0] for k in levels}
    misses = []
    for item in items:
        system = list(predicted.get(item.id, ()))
        for name, ok in levels.items():
            t = totals[name]
            t[0] += sum(any(ok(g, s) for g in item.gold) for s in system)
            t[1] += len(system)
            found = sum(any(ok(g, s) for s in system) for g in item.gold)
            t[2] += found
            t[3] += len(item.gold)
        right = all(any(levels["content"](g, s) for s in system) for g in item.gold) and all(
            any(levels["content"](g, s) for g in item.gold) for s in system)
        if not right:
            said = "; ".join(f"{s.source} / {s.cue}" for s in system) or "nothing"
            want = "; ".join(f"{g.source} / {g.cue}" for g in item.gold) or "nothing"
            misses.append(f"{item.id}: gold {want}; system {said}")
    return Scores(len(items), *(Level(*totals[k]) for k in levels), misses=tuple(misses))


def run_extractor(items: Sequence[Item], *, model: str | None = None
                  ) -> dict[str, list[Attribution]]:
    """Each item's attributions, from the real reader, parser and stages."""
    from pipeline.config import Settings
    from pipeline.document import extract
    from pipeline.readers import read_source
    from pipeline.stages.nlp import load_model, parse

    settings = Settings(model=model) if model else Settings()
    with tempfile.TemporaryDirectory(prefix="annalist-attribution-") as tmp:
        sources = []
        for item in items:
            path = Path(tmp, f"{item.id}.txt")
            path.write_bytes((item.text + "\n").encode("utf-8"))
            sources.append(read_source(path, corpus_root=Path(tmp), manifest={},
                                       settings=settings))
    nlp = load_model(settings.model)
    out: dict[str, list[Attribution]] = {}
    for item, src, doc in zip(items, sources, parse(nlp, [s.text for s in sources])):
        pairs: dict[tuple[str, str], list[str]] = {}
        for c in extract(src, doc, settings).claims:
            if c.kind == "statement" and c.attributed_to and c.attribution_cue:
                pairs.setdefault((c.attributed_to, c.attribution_cue), []).append(c.text)
        out[item.id] = [Attribution(s, q, tuple(texts)) for (s, q), texts in pairs.items()]
    return out


def evaluate(root: Path, *, model: str | None = None) -> Scores:
    """Run the extractor on the items in ``root`` and score it against their gold."""
    return evaluate_batches(root, model=model)[""]


def evaluate_batches(root: Path, *, model: str | None = None) -> dict[str, Scores]:
    """Scores of all items (key "") and of each batch, the items whose ids share their
    leading letters ("a01", "a02" ... are batch "a"), from one run of the extractor."""
    items = read_gold(root)
    predicted = run_extractor(items, model=model)
    out = {"": score(items, predicted)}
    for batch in dict.fromkeys(i.id.rstrip("0123456789") for i in items):
        chosen = [i for i in items if i.id.rstrip("0123456789") == batch]
        out[batch] = score(chosen, predicted)
    return out


def format_report(s: Scores, *, misses: bool = False) -> str:
    lines = [f"Attribution ({s.items} items, gold {s.source.gold} attributions, "
             f"system {s.source.system})"]
    for name, level in (("source", s.source), ("source+cue", s.cue),
                        ("+content", s.content)):
        lines.append(f"  {name:<11} P {level.precision:.3f}  R {level.recall:.3f}  "
                     f"F1 {level.f1:.3f}")
    if misses:
        lines += [f"  miss {m}" for m in s.misses]
    return "\n".join(lines)


def format_batches(scores: Mapping[str, Scores], *, misses: bool = False) -> str:
    """All items, then a line per batch (source and cue)."""
    lines = [format_report(scores[""], misses=misses)]
    for batch, s in scores.items():
        if batch:
            lines.append(f"  batch {batch:<5} ({s.items} items) source+cue P {s.cue.precision:.3f}  "
                         f"R {s.cue.recall:.3f}")
    return "\n".join(lines)
