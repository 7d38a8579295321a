"""What a run would do, without doing it: document states and keys for
``annalist status``, the run key for a no-op re-run, and ``annalist cache prune``."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from pipeline.cache import Cache
from pipeline.config import Settings
from pipeline.engine import files
from pipeline.engine.keys import versions

STATES = ("new", "changed", "cached", "failed")


@dataclass(frozen=True)
class Plan:
    """What a run would do, found without decoding or computing anything."""

    states: dict[str, str]  # path -> new|changed|cached|failed, sorted by path
    keys: dict[str, str]  # path -> extract key ("" when the file cannot be read)
    run_key: str  # changes when any document, version or setting changes

    @property
    def all_cached(self) -> bool:
        return all(state in ("cached", "failed") for state in self.states.values()) and all(
            self.keys.values())


def run_key(keys: dict[str, str]) -> str:
    """One hash of every document's path and extract key: equal keys, equal results."""
    blob = json.dumps(sorted(keys.items()), separators=(",", ":")).encode("utf-8",
                                                                          "surrogatepass")
    return hashlib.sha256(blob).hexdigest()


def plan(paths: Sequence[Path], *, corpus_root: Path, settings: Settings,
         cache: Cache | None) -> Plan:
    """States and keys of ``paths`` (cheap: read, hash, look at the index; no spaCy model).

    ``changed`` means the cache index knows the path under a different key (the file, a
    version or a setting changed). A caller that recorded ``run_key`` next to its outputs
    can tell a no-op re-run before loading a single result.
    """
    corpus_root = Path(corpus_root)
    vers = versions(settings)
    manifest = files.load_manifest(corpus_root)
    index = cache.load_index() if cache is not None else {}
    states: dict[str, str] = {}
    keys: dict[str, str] = {}
    for path in (Path(p) for p in paths):
        rel = files.relative(path, corpus_root)
        raw = files.read_bytes(path, rel, settings, corpus_root=corpus_root)
        if isinstance(raw, BaseException):
            states[rel], keys[rel] = "failed", ""
            continue
        pk, ek = vers.keys(rel=rel, sha256=hashlib.sha256(raw).hexdigest(),
                           row=manifest.get(rel))
        keys[rel] = ek
        known = index.get(files.index_key(path))
        if cache is not None and cache.has("extract", ek):
            if known is not None and known.get("extract") == ek:
                failed = known.get("status") == "error"
            else:
                result = cache.get_extract(ek)
                failed = result is not None and result.status == "error"
            states[rel] = "failed" if failed else "cached"
        else:
            states[rel] = "changed" if known is not None else "new"
    order = sorted(states)
    return Plan(states={rel: states[rel] for rel in order},
                keys={rel: keys[rel] for rel in order}, run_key=run_key(keys))


def status(paths: Sequence[Path], *, corpus_root: Path, settings: Settings,
           cache: Cache | None) -> list[tuple[str, str]]:
    """``(path, state)`` per document, sorted by path; state is new|changed|cached|failed."""
    return list(plan(paths, corpus_root=corpus_root, settings=settings,
                     cache=cache).states.items())


def live_keys(paths: Sequence[Path], *, corpus_root: Path, settings: Settings) -> set[str]:
    """Parse and extract keys the current documents use (everything else is prunable)."""
    corpus_root = Path(corpus_root)
    vers = versions(settings)
    manifest = files.load_manifest(corpus_root)
    keep: set[str] = set()
    for path in (Path(p) for p in paths):
        rel = files.relative(path, corpus_root)
        raw = files.read_bytes(path, rel, settings, corpus_root=corpus_root)
        if isinstance(raw, BaseException):
            continue
        keep.update(vers.keys(rel=rel, sha256=hashlib.sha256(raw).hexdigest(),
                              row=manifest.get(rel)))
    return keep


def prune(paths: Sequence[Path], *, corpus_root: Path, settings: Settings,
          cache: Cache) -> tuple[int, int]:
    """Drop cache entries no current document uses: ``(n_removed, bytes_freed)``."""
    return cache.prune(live_keys(paths, corpus_root=corpus_root, settings=settings))
