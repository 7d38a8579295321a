"""The optional corpus manifest ``sources.csv``: per-file metadata that overrides or fills
what a reader finds.

Columns: ``path,title,url,published,author,source_type`` (extra columns are ignored,
missing ones are allowed). ``path`` is relative to the corpus folder, with ``/`` or ``\\``
separators. Rows whose path is absolute, climbs out of the corpus (``../x``) or resolves
through a symlink to outside it are refused with a warning
(``errors.manifest_path_warning``) and never followed.
``published`` is normalized to an ISO date where parseable (``1 May 2024`` ->
``2024-05-01``).
"""

from __future__ import annotations

import csv
import errno
import io
import logging
import os
import re
from pathlib import Path, PurePosixPath

from pipeline import errors
from pipeline.readers.base import normalize_date

MANIFEST_NAME = "sources.csv"
COLUMNS = ("path", "title", "url", "published", "author", "source_type")

log = logging.getLogger("annalist.readers")
# URL values that may become links; others (javascript:, data:, …) stay text with a warning.
_LINKABLE = re.compile(r"^(https?|file)://", re.IGNORECASE)

_CACHE: dict[tuple[str, int, int], tuple[dict[str, dict[str, str]], tuple[str, ...]]] = {}


def load_manifest(corpus_root: Path, *, warnings: list[str] | None = None
                  ) -> dict[str, dict[str, str]]:
    """Rows of ``corpus_root/sources.csv`` keyed by corpus-relative posix path.

    Returns ``{}`` when there is no manifest. Problems (unreadable file, refused paths)
    are appended to ``warnings`` when given (on every call) and logged to
    ``annalist.readers`` (once per version of the file); they never raise. The parsed
    file is cached by path, mtime and size. Each row holds the known columns present in the file, stripped,
    ``published`` normalized.
    """
    manifest = Path(corpus_root) / MANIFEST_NAME
    try:
        st = manifest.stat()
    except OSError:
        return {}
    key = (str(manifest.resolve()), st.st_mtime_ns, st.st_size)
    if key not in _CACHE:
        _CACHE.clear()
        _CACHE[key] = _load(manifest, Path(corpus_root))
        for note in _CACHE[key][1]:  # logged once per version of the file
            log.warning(note)
    rows, notes = _CACHE[key]
    if warnings is not None:
        warnings.extend(notes)
    return {path: dict(row) for path, row in rows.items()}


def _load(manifest: Path, corpus_root: Path) -> tuple[dict[str, dict[str, str]], tuple[str, ...]]:
    name = f"{corpus_root.name or '.'}/{MANIFEST_NAME}"
    notes: list[str] = []
    try:
        data = manifest.read_bytes()
    except OSError as exc:
        return {}, (errors.manifest_unreadable_warning(name, exc.strerror or str(exc)),)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
        notes.append(errors.decode_fallback_warning(name, "cp1252", 0))
    try:
        reader = csv.DictReader(io.StringIO(text, newline=""))
        header = [h.strip().lower() for h in (reader.fieldnames or [])]
        if "path" not in header:
            return {}, (errors.manifest_unreadable_warning(name, "no 'path' column"),)
        rows: dict[str, dict[str, str]] = {}
        root_real = os.path.realpath(corpus_root)
        dirs: dict[str, str] = {}  # folder -> its real path
        first_row: dict[str, int] = {}
        missing: list[str] = []
        dates: dict[str, str] = {}  # free-form dates repeat: parse each distinct value once
        for n, record in enumerate(reader, start=2):
            row = {
                (k or "").strip().lower(): (v if isinstance(v, str) else "").strip()
                for k, v in record.items()
            }
            value = row.get("path", "")
            if not value:
                continue
            rel, problem = resolve_inside(value, corpus_root, root_real=root_real,
                                          _dirs=dirs)
            if problem:
                notes.append(errors.manifest_path_warning(name, n, value, problem))
                continue
            if rel in first_row:
                notes.append(errors.manifest_duplicate_warning(name, n, rel, first_row[rel]))
            else:
                first_row[rel] = n
                if not os.path.isfile(os.path.join(root_real, rel)):
                    missing.append(f"row {n} {rel!r}")
            clean = {c: row[c] for c in COLUMNS[1:] if c in row}
            published = clean.get("published")
            if published:
                if published not in dates:
                    dates[published] = normalize_date(published)
                clean["published"] = dates[published]
            url = clean.get("url")
            if url and not _LINKABLE.match(url):
                notes.append(errors.manifest_url_warning(name, n, url))
            rows[rel] = clean
    except csv.Error as exc:
        return {}, (errors.manifest_unreadable_warning(name, f"CSV error: {exc}"),)
    if missing:  # one warning, however many rows: a manifest may list a whole archive
        notes.append(errors.manifest_missing_file_warning(name, missing))
    return rows, tuple(notes)


def resolve_inside(value: str, corpus_root: Path, *, root_real: str | None = None,
                   _dirs: dict[str, str] | None = None) -> tuple[str, str]:
    """``(relative posix path, "")`` for a manifest path inside the corpus, else
    ``("", why it was refused)``."""
    text = value.strip().replace("\\", "/")
    if text.startswith("/") or (len(text) > 1 and text[1] == ":") or os.path.isabs(value):
        return "", "is absolute"
    parts = [p for p in PurePosixPath(text).parts if p not in ("", ".")]
    if not parts:
        return "", "is empty"
    if ".." in parts:
        return "", "climbs out of the corpus with '..'"
    rel = "/".join(parts)
    root = root_real or os.path.realpath(corpus_root)
    # realpath never raises (a loop is returned unresolved, and then lies outside). Rows
    # share folders: each folder is resolved once, then only the file name is looked at.
    folder, _, leaf = rel.rpartition("/")
    dirs = _dirs if _dirs is not None else {}
    if folder not in dirs:
        dirs[folder] = os.path.realpath(os.path.join(root, folder))
    resolved = os.path.join(dirs[folder], leaf)
    if os.path.islink(resolved):
        resolved = os.path.realpath(resolved)
    if resolved != root and not resolved.startswith(root.rstrip(os.sep) + os.sep):
        try:
            os.stat(resolved)
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                return "", "cannot be resolved (symlink loop?)"
        return "", f"resolves to {resolved}, outside the corpus (a symlink?)"
    return rel, ""
