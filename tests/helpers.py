"""Small builders for hand-made test inputs."""

from __future__ import annotations

import hashlib

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
