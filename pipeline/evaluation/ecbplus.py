"""ECB+ (Cybulska & Vossen 2014) read as a user's corpus would look, with its gold events.

Each XML file becomes plain text, its tokens joined by single spaces and each sentence a
paragraph of its own (a blank line between sentences, as in the bench corpus), so the gold token offsets map exactly onto characters of that text. Event mentions
are the ``ACTION_*`` and ``NEG_ACTION_*`` markables; a mention's chain is the instance its
``CROSS_DOC_COREF`` or ``INTRA_DOC_COREF`` relation points to, else a singleton.
``ECBplus_coreference_sentences.csv`` lists the validated sentences the usual evaluation is
restricted to.
"""

from __future__ import annotations

import bisect
import csv
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

EVENT_TAG = re.compile(r"(NEG_)?ACTION_")
VALIDATED_SENTENCES = "ECBplus_coreference_sentences.csv"


@dataclass(frozen=True)
class GoldMention:
    start: int
    end: int
    tag: str          # ACTION_OCCURRENCE, NEG_ACTION_STATE ...
    chain: str        # coreference instance id (``singleton:<doc>:<m_id>`` when none)
    sentence: int
    text: str
    tokens: tuple[tuple[int, int], ...] = ()  # the anchored tokens (a mention may be discontinuous)

    def overlaps(self, start: int, end: int) -> bool:
        return any(s < end and start < e for s, e in self.tokens)


@dataclass
class GoldDoc:
    topic: int
    name: str         # "1_10ecbplus"
    text: str
    mentions: list[GoldMention] = field(default_factory=list)
    line_starts: list[int] = field(default_factory=list)  # character offset of each sentence
    sentence_numbers: list[int] = field(default_factory=list)  # sentence number per line

    @property
    def file_name(self) -> str:
        return f"ecb_{self.name}.txt"

    def sentence_at(self, offset: int) -> int:
        """The ECB+ sentence number of the line holding character ``offset``."""
        return self.sentence_numbers[bisect.bisect_right(self.line_starts, offset) - 1]


def read_doc(path: Path, topic: int) -> GoldDoc:
    root = ET.parse(path).getroot()
    sentences: dict[int, list[tuple[str, str]]] = {}
    for tok in root.iter("token"):
        sentences.setdefault(int(tok.get("sentence")), []).append((tok.get("t_id"), tok.text or ""))
    name = path.name.removesuffix(".xml")
    doc = GoldDoc(topic=topic, name=name, text="")
    char: dict[str, tuple[int, int, int]] = {}
    lines, offset = [], 0
    for number in sorted(sentences):
        doc.line_starts.append(offset)
        doc.sentence_numbers.append(number)
        words = []
        for t_id, word in sentences[number]:
            word = word.strip() or "_"
            start = offset + sum(len(w) + 1 for w in words)
            char[t_id] = (start, start + len(word), number)
            words.append(word)
        line = " ".join(words)
        lines.append(line)
        offset += len(line) + 2
    doc.text = "\n\n".join(lines) + "\n"
    chains = _chains(root)
    for markable in root.find("Markables") or ():
        anchors = [a.get("t_id") for a in markable.findall("token_anchor")]
        if not anchors or not EVENT_TAG.match(markable.tag):
            continue
        spans = [char[t] for t in anchors if t in char]
        if not spans:
            continue
        start, end = min(s for s, _, _ in spans), max(e for _, e, _ in spans)
        m_id = markable.get("m_id")
        doc.mentions.append(GoldMention(
            start, end, markable.tag, chains.get(m_id, f"singleton:{name}:{m_id}"),
            spans[0][2], doc.text[start:end], tuple((s, e) for s, e, _ in spans)))
    doc.mentions.sort(key=lambda m: (m.start, m.end))
    return doc


def _chains(root: ET.Element) -> dict[str, str]:
    """m_id -> instance id, through the relations' targets (instances carry ``instance_id``)."""
    instances = {m.get("m_id"): m.get("instance_id") for m in root.find("Markables") or ()
                 if m.get("instance_id")}
    chains: dict[str, str] = {}
    for rel in root.find("Relations") or ():
        if rel.tag not in ("CROSS_DOC_COREF", "INTRA_DOC_COREF"):
            continue
        target = rel.find("target")
        if target is None:
            continue
        instance = instances.get(target.get("m_id")) or rel.get("note") or rel.get("r_id")
        for source in rel.findall("source"):
            chains[source.get("m_id")] = instance
    return chains


def read_validated(root: Path) -> set[tuple[str, int]]:
    """(doc name, sentence number) pairs of the validated sentences."""
    path = root / VALIDATED_SENTENCES
    if not path.is_file():
        return set()
    with path.open(newline="", encoding="utf-8") as fh:
        return {(f"{row['Topic']}_{row['File']}", int(row["Sentence Number"]))
                for row in csv.DictReader(fh)}


def parse_topics(spec: str | None) -> set[int] | None:
    """``"1-5,8"`` -> {1, 2, 3, 4, 5, 8}; None or "" -> every topic."""
    if not spec:
        return None
    topics: set[int] = set()
    for part in spec.split(","):
        lo, _, hi = part.strip().partition("-")
        topics.update(range(int(lo), int(hi or lo) + 1))
    return topics


def read_corpus(root: Path, topics: Iterable[int] | None = None) -> list[GoldDoc]:
    """Every document of the chosen topics (all topics found when ``topics`` is None)."""
    wanted = set(topics) if topics is not None else None
    docs = []
    for folder in sorted((p for p in root.iterdir() if p.is_dir() and p.name.isdigit()),
                         key=lambda p: int(p.name)):
        topic = int(folder.name)
        if wanted is not None and topic not in wanted:
            continue
        docs.extend(read_doc(path, topic) for path in sorted(folder.glob("*.xml")))
    return docs
