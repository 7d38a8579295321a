"""Content-derived identifiers: same input, same ID, on every machine."""

from __future__ import annotations

import hashlib


def stable_id(prefix: str, *parts: object, length: int = 12) -> str:
    """``prefix`` + a short hash of ``parts``; e.g. ``stable_id("M", doc_id, 10, 20)``."""
    blob = "\x1f".join(str(p) for p in parts).encode("utf-8", "surrogatepass")
    return prefix + hashlib.blake2b(blob, digest_size=16).hexdigest()[:length]
