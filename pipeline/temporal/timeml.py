"""Read TimeML gold (TimeBank, AQUAINT, WikiWars): plain text, DCT and TIMEX3 spans.

Offsets are computed in the plain text of the ``TEXT`` element (all its descendant text,
tags removed), which is also what the tagger is run on.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from lxml import etree


@dataclass(frozen=True)
class GoldTimex:
    start: int
    end: int
    text: str
    type: str
    value: str
    mod: str = ""


@dataclass(frozen=True)
class GoldDoc:
    doc_id: str
    path: str
    text: str
    dct: str
    timexes: tuple[GoldTimex, ...]


def _local(tag: object) -> str:
    return tag.split("}", 1)[-1] if isinstance(tag, str) else ""


def read_timeml(path: Path) -> GoldDoc:
    """Parse one ``.tml`` file with lxml (recovering from minor markup errors)."""
    parser = etree.XMLParser(recover=True, resolve_entities=False, huge_tree=True)
    root = etree.parse(str(path), parser).getroot()
    dct = ""
    text_el = None
    for el in root.iter():
        name = _local(el.tag)
        if name == "DCT" and not dct:
            for t in el.iter():
                if _local(t.tag) == "TIMEX3" and t.get("value"):
                    dct = t.get("value", "")[:10]
                    break
        elif name == "TIMEX3" and el.get("functionInDocument") == "CREATION_TIME" and not dct:
            dct = (el.get("value") or "")[:10]
        elif name == "TEXT" and text_el is None:
            text_el = el
    pieces: list[str] = []
    timexes: list[GoldTimex] = []
    pos = 0

    def walk(el: etree._Element) -> None:
        nonlocal pos
        start = pos
        if el.text:
            pieces.append(el.text)
            pos += len(el.text)
        for child in el:
            walk(child)
            if child.tail:
                pieces.append(child.tail)
                pos += len(child.tail)
        if _local(el.tag) == "TIMEX3" and el is not text_el:
            surface = "".join(el.itertext())
            timexes.append(GoldTimex(start, pos, surface, el.get("type", ""),
                                     el.get("value", ""), el.get("mod", "")))

    if text_el is not None:
        walk(text_el)
    doc_id = path.stem
    for el in root.iter():
        if _local(el.tag) == "DOCID" and el.text:
            doc_id = el.text.strip()
            break
    timexes.sort(key=lambda t: (t.start, t.end))
    return GoldDoc(doc_id, str(path), "".join(pieces), dct, tuple(timexes))


def read_gold_dir(gold_dir: Path) -> list[GoldDoc]:
    """Every ``*.tml`` under ``gold_dir`` (recursively), in path order."""
    return [read_timeml(p) for p in sorted(Path(gold_dir).rglob("*.tml"))]
