"""Small builders for hand-made test inputs, and a run of ``annalist extract`` over them."""

from __future__ import annotations

import csv
import hashlib
from pathlib import Path

from pipeline.records import Block, Marker, OffsetMap, SourceDoc


def plain_source(
    text: str,
    *,
    path: str = "doc.txt",
    markers: tuple[Marker, ...] = (),
    video_id: str = "",
    **meta,
) -> SourceDoc:
    """A SourceDoc whose cleaned text is its raw text, one prose block per paragraph."""
    blocks = []
    pos = 0
    for para in text.split("\n\n"):
        blocks.append(Block("prose", pos, pos + len(para)))
        pos += len(para) + 2
    return SourceDoc(
        doc_id="Dtest",
        path=path,
        sha256=hashlib.sha256(text.encode()).hexdigest(),
        raw=text,
        text=text,
        offsets=OffsetMap(segments=((0, 0, len(text)),), raw_length=len(text)),
        reader="test@1",
        blocks=tuple(blocks),
        markers=markers,
        video_id=video_id,
        **meta,
    )


def extract(corpus: Path, out: Path) -> Path:
    """``out`` after ``annalist extract`` of ``corpus`` (no cache, one worker)."""
    from click.testing import CliRunner

    from pipeline.cli import main

    result = CliRunner().invoke(main, ["extract", "--corpus", str(corpus), "--out", str(out),
                                       "--no-cache", "--workers", "1", "--quiet"])
    assert result.exit_code == 0, result.output
    return out


def rows(out: Path, table: str) -> list[dict]:
    """The rows of ``out/<table>.csv`` as dicts."""
    with open(out / f"{table}.csv", newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))
