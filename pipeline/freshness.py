"""Is OUT already what this corpus, these settings and this code would write?

A re-run with nothing changed should cost a directory walk and some hashing, not a
reconciliation and a rewrite of every table. Each run records a fingerprint of its inputs
(every file's bytes, the manifest, the settings, the output options and the
source of Annalist itself) and the SHA-256 of each file it wrote. When the next run's
fingerprint matches and every recorded file is intact, the outputs stand as they are.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from pathlib import Path

import pipeline
from pipeline.config import Settings

STATE = ".annalist-state.json"
_FORMAT = 2
# The report's templates, CSS and script are code too: editing one must re-render.
_CODE_SUFFIXES = frozenset({".py", ".yaml", ".csv", ".json", ".j2", ".html", ".css", ".js"})


def _code_digest() -> str:
    """Hash of Annalist's own source and data, so any code change forces a full run."""
    root = Path(pipeline.__file__).parent
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if path.suffix in _CODE_SUFFIXES and path.is_file():
            digest.update(path.relative_to(root).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def inputs_fingerprint(
    paths: Sequence[Path],
    refused: Sequence[str],
    *,
    corpus_root: Path,
    settings: Settings,
    options: Mapping[str, object],
) -> str:
    """One hash over everything that decides what a run writes.

    It holds what the extract cache keys hold (each file's bytes, its manifest row, the
    model, spaCy's version, the settings) except the stage and reader versions, which the
    code digest covers. So no stage is imported: a no-op re-run never loads spaCy.
    """
    from pipeline import engine

    files: dict[str, str] = {}
    for path in paths:
        rel = path.relative_to(corpus_root).as_posix()
        raw = engine.read_bytes(path, rel, settings)
        # A refused file (too large, unreadable) is fingerprinted by why it was refused.
        files[rel] = hashlib.sha256(raw).hexdigest() if isinstance(raw, bytes) else str(raw)
    blob = {
        "format": _FORMAT,
        "code": _code_digest(),
        "settings": settings.fingerprint(),
        "model": engine.model_fingerprint(settings.model),
        "spacy": engine.package_version("spacy"),
        "options": {k: options[k] for k in sorted(options)},
        "refused": sorted(refused),
        "files": files,
    }
    digest = hashlib.sha256(json.dumps(blob, sort_keys=True).encode())
    manifest = corpus_root / "sources.csv"
    if manifest.is_file():
        digest.update(manifest.read_bytes())
    return digest.hexdigest()


def state_bytes(fingerprint: str, files: Mapping[str, bytes], summary: Mapping[str, object]) -> bytes:
    """The record a later run compares against."""
    state = {
        "format": _FORMAT,
        "inputs": fingerprint,
        "files": {name: hashlib.sha256(data).hexdigest() for name, data in sorted(files.items())},
        "summary": dict(summary),
    }
    return (json.dumps(state, indent=1, sort_keys=True, ensure_ascii=False) + "\n").encode()


def up_to_date(out_dir: Path, fingerprint: str) -> dict | None:
    """The previous run's summary if OUT is current and intact, else ``None``."""
    try:
        state = json.loads((out_dir / STATE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(state, dict) or state.get("format") != _FORMAT:
        return None
    if state.get("inputs") != fingerprint:
        return None
    for name, sha in state.get("files", {}).items():
        try:
            if hashlib.sha256((out_dir / name).read_bytes()).hexdigest() != sha:
                return None
        except OSError:
            return None
    summary = state.get("summary")
    return summary if isinstance(summary, dict) else None
