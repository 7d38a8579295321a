"""Reading the corpus for the engine: a file's bytes (or why it is refused), its path
relative to the corpus, its cache-index key and the manifest rows."""

from __future__ import annotations

from pathlib import Path

from pipeline import errors
from pipeline.config import Settings


def load_manifest(corpus_root: Path, warnings: list[str] | None = None
                  ) -> dict[str, dict[str, str]]:
    """``sources.csv`` rows by relative path (``{}`` when the corpus has no manifest)."""
    from pipeline.readers.manifest import load_manifest as load

    return load(corpus_root, warnings=warnings) or {}


def relative(path: Path, corpus_root: Path) -> str:
    """``path`` relative to the corpus, with ``/``: the name results and keys use."""
    try:
        return path.relative_to(corpus_root).as_posix()
    except ValueError:
        try:
            return path.resolve().relative_to(corpus_root.resolve()).as_posix()
        except ValueError:
            return path.as_posix()


def index_key(path: Path) -> str:
    """The cache index's key for ``path`` (absolute, so it survives a change of directory)."""
    return str(path.absolute())


def read_bytes(path: Path, rel: str, settings: Settings) -> bytes | BaseException:
    """The file's bytes, or the error that refuses it: over ``--max-bytes``, or unreadable."""
    try:
        size = path.stat().st_size
        if size > settings.max_file_bytes:
            # Refused before reading, so a huge file never sits in memory.
            return errors.too_large(rel, size, settings.max_file_bytes, "--max-bytes")
        return path.read_bytes()
    except OSError as exc:
        return errors.unreadable_file(rel, exc.strerror or type(exc).__name__)
