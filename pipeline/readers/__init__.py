"""Source readers: one module per format, registered by file suffix.

``read_source`` is the only entry point the rest of the pipeline needs. It reads (or is
given) the raw bytes, refuses what cannot be read with a coded :class:`DocumentError`
that names the fix, decodes the bytes exactly (see :func:`base.decode`), picks a reader by
suffix and returns a :class:`SourceDoc` whose metadata the manifest (``sources.csv``)
overrides or fills.

Sniffing: a ``.txt`` (or ``.text``) file whose content starts with YAML front matter
(``---`` on the first line, a closing ``---`` or ``...`` line later) is markdown saved
with the wrong suffix (video summaries are exported that way), so the markdown reader
reads it. Nothing else is sniffed.

Adding a format: write a module with ``NAME``, ``VERSION``, ``SUFFIXES``,
``read(raw_text, *, path) -> ParsedText`` and ``clean_fragment(raw_slice) -> str``, and
add it to ``_MODULES``.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from types import ModuleType

from pipeline import errors
from pipeline.config import Settings
from pipeline.ids import stable_id
from pipeline.readers import html, markdown, text
from pipeline.readers.datelines import opening_date
from pipeline.readers.base import (HEADLINE, Line, decode, is_blank, normalize_date,
                                   published_warning, split_lines)
from pipeline.readers.manifest import MANIFEST_NAME, load_manifest
from pipeline.records import SourceDoc

_MODULES: tuple[ModuleType, ...] = (text, markdown, html)
_BY_SUFFIX: dict[str, ModuleType] = {s: m for m in _MODULES for s in m.SUFFIXES}

#: ``{"text": "1", "markdown": "1", "html": "1"}``: part of every cache key.
READER_VERSIONS: dict[str, str] = {m.NAME: m.VERSION for m in _MODULES}
_BY_NAME: dict[str, ModuleType] = {m.NAME: m for m in _MODULES}

_META_KEYS = ("url", "published", "author", "source_type", "video_id")

__all__ = ["READER_VERSIONS", "known_suffixes", "read_source", "reader_for", "reader_module",
           "MANIFEST_NAME", "load_manifest"]


def known_suffixes() -> list[str]:
    """Every suffix a reader is registered for, sorted (``[".htm", ".html", ".md", ...]``)."""
    return sorted(_BY_SUFFIX)


def reader_module(reader: str) -> ModuleType:
    """The module behind a ``SourceDoc.reader`` value such as ``"markdown@1"`` (its
    ``clean_fragment`` cleans any raw slice of that document's blocks)."""
    return _BY_NAME[reader.split("@", 1)[0]]


def reader_for(suffix: str, raw_text: str = "") -> ModuleType | None:
    """The reader module for a suffix, sniffing ``.txt`` files that are really markdown."""
    module = _BY_SUFFIX.get(suffix.lower())
    if module is text and raw_text.lstrip("\ufeff").startswith("---"):
        head = raw_text[:65536]
        lines = split_lines(head)
        if lines and lines[0].text.startswith("\ufeff"):
            lines[0] = Line(0, 1, lines[0].end, lines[0].text[1:])
        if markdown.front_matter(lines) is not None:
            return markdown
    return module


def _relative(path: Path, corpus_root: Path) -> tuple[Path, str]:
    """The file to open and its corpus-relative posix path.

    A relative ``path`` is taken as given when it exists (relative to the working
    directory) or already starts with ``corpus_root``; otherwise as relative to the corpus.
    """
    full = path
    if not path.is_absolute() and not path.exists():
        root_parts = Path(os.path.normpath(corpus_root)).parts
        inside = Path(os.path.normpath(path)).parts[:len(root_parts)] == root_parts
        if not inside or root_parts == (".",):
            full = corpus_root / path
    rel = os.path.relpath(os.path.abspath(full), os.path.abspath(corpus_root))
    return full, Path(rel).as_posix()


def read_source(
    path: Path,
    *,
    corpus_root: Path,
    raw: bytes | None = None,
    manifest: dict[str, str] | None = None,
    settings: Settings | None = None,
) -> SourceDoc:
    """Read one corpus file into a :class:`SourceDoc`.

    ``path`` may be absolute, relative to the working directory, or relative to
    ``corpus_root``. ``raw`` skips reading the file (the bytes are used as given).
    ``manifest`` is this file's row of ``sources.csv``; when it is None the manifest in
    ``corpus_root`` (if any) is consulted, pass ``{}`` to ignore it. Manifest values
    override what the reader found; empty manifest cells leave the reader's values.

    Raises :class:`DocumentError` from :mod:`pipeline.errors`: ``unknown_suffix``,
    ``binary_file``, ``empty_file``, ``unreadable_file``, ``too_large``, ``reader_failed``
    or ``missing_file``.
    """
    settings = settings or Settings()
    full, rel = _relative(Path(path), Path(corpus_root))
    suffix = full.suffix.lower()
    if suffix not in _BY_SUFFIX:
        raise errors.unknown_suffix(rel, known_suffixes())
    limit = settings.max_file_bytes
    if raw is None:
        try:
            size = full.stat().st_size
            if size > limit:
                raise errors.too_large(rel, size, limit, "--max-bytes")
            with open(full, "rb") as fh:
                raw = fh.read(limit + 1)
        except errors.DocumentError:
            raise
        except FileNotFoundError:
            raise errors.missing_file(rel, str(Path(corpus_root))) from None
        except OSError as exc:
            raise errors.unreadable_file(rel, exc.strerror or type(exc).__name__) from None
    if len(raw) > limit:
        raise errors.too_large(rel, len(raw), limit, "--max-bytes")
    raw_text, warnings = decode(raw, rel)
    if is_blank(raw_text):
        raise errors.empty_file(rel)
    module = reader_for(suffix, raw_text)
    assert module is not None
    try:
        parsed = module.read(raw_text, path=rel)
    except errors.DocumentError:
        raise
    except (RecursionError, MemoryError, AssertionError) as exc:
        # AssertionError: the standard library's HTML parser asserts on a marked section
        # it does not know ("<![x](y)").
        raise errors.reader_failed(rel, module.NAME, exc) from None
    meta = dict(parsed.meta)
    title = parsed.title or full.stem
    if manifest is None:
        manifest = load_manifest(Path(corpus_root)).get(rel, {})
    if manifest:
        title = (manifest.get("title") or "").strip() or title
        for key in _META_KEYS:
            value = (manifest.get(key) or "").strip()
            if value:
                meta[key] = value
    meta["published_from"] = _published_from(meta, manifest, _after_headline(parsed))
    date_notes: tuple[str, ...] = ()
    if meta.get("published"):
        meta["published"] = normalize_date(meta["published"])
        note = published_warning(rel, meta["published"])
        date_notes = (note,) if note else ()
    if meta.get("video_id") and not meta.get("url"):
        meta["url"] = f"https://www.youtube.com/watch?v={meta['video_id']}"
    notes = tuple(warnings) + parsed.warnings + date_notes
    if not parsed.text:
        notes += (errors.no_prose_warning(rel),)
    return SourceDoc(
        doc_id=stable_id("D", rel, length=10),
        path=rel,
        sha256=hashlib.sha256(raw).hexdigest(),
        raw=raw_text,
        text=parsed.text,
        offsets=parsed.offsets,
        reader=f"{module.NAME}@{module.VERSION}",
        title=title,
        url=meta.get("url", ""),
        published=meta.get("published", ""),
        published_from=meta["published_from"],
        author=meta.get("author", ""),
        source_type=meta.get("source_type", ""),
        video_id=meta.get("video_id", ""),
        blocks=parsed.blocks,
        sections=parsed.sections,
        facts=parsed.facts,
        markers=parsed.markers,
        hints=parsed.hints,
        warnings=notes,
    )


def _after_headline(parsed) -> str:
    """The cleaned text from its first paragraph on: a dateline opens the story, not the
    headline above it."""
    first = next((b for b in parsed.blocks if b.kind != HEADLINE), None)
    return parsed.text[first.clean_start:] if first is not None else ""


def _published_from(meta: dict, manifest: dict, text: str) -> str:
    """Where ``published`` comes from, filling it from an opening dateline if nothing gave
    one: ``manifest``, ``metadata`` (front matter, meta tags), ``title`` (a dateline title),
    ``dateline`` (the first paragraph's), or ``""``."""
    if (manifest.get("published") or "").strip():
        return "manifest"
    if meta.get("published"):
        return meta.get("published_from") or "metadata"
    if published := opening_date(text):
        meta["published"] = published
        return "dateline"
    return ""
