"""Per-document cache: results keyed by content + versions, atomic and checksummed.

Two layers, so that a change downstream of the parser never re-runs the model:

* **parse** — key = H(raw sha256, reader version, manifest row, model, nlp stage version,
  settings) -> the ``SourceDoc`` and spaCy's parse of its text (a ``DocBin``).
* **extract** — key = H(parse key, every extraction stage's version) -> the ``DocResult``.

Every entry is one immutable file named by its key::

    <root>/v1/parse/ab/ab12….bin
    <root>/v1/extract/cd/cd34….bin
    <root>/v1/tmp/          partial writes (never read as entries)
    <root>/v1/index.json    doc path -> last keys and status, for ``annalist status``

An entry starts with a fixed header (magic, format, layer, key, payload length, payload
checksum), so a truncated, corrupt or misplaced file is detected, reported as a warning,
deleted and recomputed; it is never served. Files are written to ``tmp/`` first, fsynced
and moved into place with ``os.replace``, so concurrent readers see either the whole entry
or none, and a process killed mid-write leaves only a temp file that is cleaned up later.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import socket
import struct
import time
import uuid
import zlib
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipeline import errors, records
from pipeline.records import DocResult, SourceDoc, to_jsonable

if TYPE_CHECKING:  # spaCy is only needed to encode or decode the parse layer.
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

DEFAULT_DIR = Path(".annalist-cache")
FORMAT = 1
LAYERS = ("parse", "extract")

_MAGIC = b"ANLC"
# magic, format, layer initial, key (32 raw bytes), payload length, blake2b-16 of payload
_HEADER = struct.Struct(">4sBc32sQ16s")
_LAYER_BYTE = {"parse": b"P", "extract": b"E"}
# A temp file this old belongs to a writer that is gone, whichever machine it ran on.
_STALE_TEMP_SECONDS = 3600.0


class CorruptEntry(Exception):
    """An entry whose header, length, checksum or content does not check out."""


def _hash(*parts: object) -> str:
    blob = json.dumps(parts, sort_keys=True, ensure_ascii=True, separators=(",", ":"))
    return hashlib.sha256(blob.encode("ascii")).hexdigest()


_SHAPE: dict[str, str] = {}


def records_fingerprint() -> str:
    """Hash of every record type's field names: a schema change invalidates entries."""
    if "fp" not in _SHAPE:
        shape = sorted(
            (name, [f.name for f in dataclasses.fields(cls)])
            for name, cls in records._RECORD_TYPES.items()
        )
        _SHAPE["fp"] = _hash(shape)[:16]
    return _SHAPE["fp"]


def parse_key(
    *,
    path: str,
    sha256: str,
    reader: str,
    manifest_row: Mapping[str, str] | None,
    model: str,
    nlp_version: str,
    settings: str,
    spacy_version: str = "",
    language: str = "",
) -> str:
    """Key of the parse layer: everything that changes the ``SourceDoc`` or the parse.

    ``path`` (relative to the corpus) is in it because the records carry it and the
    document id made from it: the same bytes at two paths are two documents.
    ``language`` is the fingerprint of the word lists (``pipeline.lang``) readers and
    stages use, so adding a word recomputes what it may change.
    """
    return _hash(
        "parse", FORMAT, records_fingerprint(), path, sha256, reader,
        dict(manifest_row or {}), model, nlp_version, spacy_version, settings, language,
    )


def extract_key(parse: str, extract_versions: Mapping[str, str]) -> str:
    """Key of the extract layer: the parse key plus every extraction stage's version."""
    return _hash("extract", FORMAT, parse, dict(extract_versions))


# -- entry encoding (pure; used inside worker processes too) ----------------------------


def _entry(layer: str, key: str, payload: bytes) -> bytes:
    digest = hashlib.blake2b(payload, digest_size=16).digest()
    header = _HEADER.pack(_MAGIC, FORMAT, _LAYER_BYTE[layer], bytes.fromhex(key),
                          len(payload), digest)
    return header + payload


def _payload(layer: str, key: str, blob: bytes) -> bytes:
    """The checked payload of an entry file's bytes; raises :class:`CorruptEntry`."""
    if len(blob) < _HEADER.size:
        raise CorruptEntry(f"truncated header ({len(blob)} bytes)")
    magic, fmt, layer_byte, raw_key, length, digest = _HEADER.unpack_from(blob)
    if magic != _MAGIC:
        raise CorruptEntry("not a cache entry (bad magic)")
    if fmt != FORMAT:
        raise CorruptEntry(f"format {fmt}, expected {FORMAT}")
    if layer_byte != _LAYER_BYTE[layer] or raw_key != bytes.fromhex(key):
        raise CorruptEntry("entry belongs to another key")
    payload = blob[_HEADER.size:]
    if len(payload) != length:
        raise CorruptEntry(f"truncated: {len(payload)} of {length} payload bytes")
    if hashlib.blake2b(payload, digest_size=16).digest() != digest:
        raise CorruptEntry("checksum mismatch")
    return payload


# A decompressed entry larger than this is not one this cache wrote (the largest document
# allowed, 3 million characters, makes well under 100 MB of JSON): a zip bomb, refused.
MAX_INFLATED_BYTES = 512 * 1024 * 1024


def _inflate(data: bytes) -> bytes:
    """``zlib.decompress(data)``, refusing (``CorruptEntry``) to inflate past the limit."""
    inflater = zlib.decompressobj()
    out = inflater.decompress(data, MAX_INFLATED_BYTES + 1)
    if len(out) > MAX_INFLATED_BYTES or inflater.unconsumed_tail:
        raise CorruptEntry(f"over {MAX_INFLATED_BYTES:,} bytes when decompressed")
    if not inflater.eof:
        raise CorruptEntry("truncated compressed data")
    return out


def _json_bytes(value: Any) -> bytes:
    # ensure_ascii keeps lone surrogates (undecodable input) representable.
    return zlib.compress(json.dumps(to_jsonable(value), ensure_ascii=True,
                                    separators=(",", ":")).encode("ascii"), 6)


@dataclasses.dataclass(frozen=True)
class _RecordInfo:
    cls: type
    names: frozenset[str]
    sequences: tuple[str, ...]  # fields declared as tuples: JSON gives them as lists
    defaults: dict[str, Any]
    # (name, slot setter) per field: records have slots, and a slot's own setter is the
    # quickest way to fill a frozen one
    setters: tuple[tuple[str, Any], ...]


_RECORDS: dict[str, _RecordInfo] = {}


def _record_info(tag: str) -> _RecordInfo:
    info = _RECORDS.get(tag)
    if info is None:
        cls = records._RECORD_TYPES[tag]
        defaults: dict[str, Any] = {}
        for f in dataclasses.fields(cls):
            if f.default is not dataclasses.MISSING:
                defaults[f.name] = lambda v=f.default: v
            elif f.default_factory is not dataclasses.MISSING:
                defaults[f.name] = f.default_factory
        fields = dataclasses.fields(cls)
        sequences = tuple(f.name for f in fields if str(f.type).startswith(("tuple", "Tuple")))
        setters = tuple((f.name, getattr(cls, f.name).__set__) for f in fields)
        info = _RECORDS[tag] = _RecordInfo(cls, frozenset(f.name for f in fields), sequences,
                                           defaults, setters)
    return info


def _tuplify(value: list) -> tuple:
    return tuple(_tuplify(v) if type(v) is list else v for v in value)


def _record_hook(obj: dict) -> Any:
    """``json.loads`` object hook that rebuilds records as :func:`records.from_jsonable`
    does (tuple fields become tuples, missing fields take their defaults), but faster.

    A no-op re-run decodes every cached ``DocResult`` (about a hundred records each), so
    records are built bottom-up inside the JSON parser and their slots are filled
    directly instead of walking the tree again and calling each frozen ``__init__``.
    """
    tag = obj.pop("__t", None)
    if tag is None:
        return obj
    info = _record_info(tag)
    for name in info.sequences:
        value = obj.get(name)
        if type(value) is list:
            obj[name] = _tuplify(value)
    if obj.keys() != info.names:  # written by an older schema: drop extras, fill defaults
        obj = {name: obj[name] if name in obj else info.defaults[name]()
               for name in info.names}
    record = object.__new__(info.cls)
    for name, put in info.setters:
        put(record, obj[name])
    return record


def encode_extract(key: str, result: DocResult) -> bytes:
    """Entry bytes for an extract-layer entry."""
    return _entry("extract", key, _json_bytes(result))


def decode_extract(payload: bytes) -> DocResult:
    """The ``DocResult`` in a checked extract-layer payload."""
    try:
        value = json.loads(_inflate(payload), object_hook=_record_hook)
    except Exception as exc:  # a payload that passed its checksum but not its schema
        raise CorruptEntry(f"undecodable result ({type(exc).__name__}: {exc})") from exc
    if not isinstance(value, DocResult):
        raise CorruptEntry(f"holds {type(value).__name__}, not DocResult")
    return value


def encode_parse(key: str, src: SourceDoc, doc: Doc) -> bytes:
    """Entry bytes for a parse-layer entry: the source record and the parsed ``Doc``."""
    from spacy.tokens import DocBin

    bin_ = DocBin(store_user_data=True)
    bin_.add(doc)
    src_bytes = _json_bytes(src)
    return _entry("parse", key, struct.pack(">Q", len(src_bytes)) + src_bytes + bin_.to_bytes())


def decode_parse(payload: bytes, vocab: Vocab) -> tuple[SourceDoc, Doc]:
    """The ``SourceDoc`` and ``Doc`` in a checked parse-layer payload."""
    from spacy.tokens import DocBin

    try:
        (n,) = struct.unpack_from(">Q", payload)
        src = json.loads(_inflate(payload[8:8 + n]), object_hook=_record_hook)
        docs = list(DocBin(store_user_data=True).from_bytes(payload[8 + n:]).get_docs(vocab))
    except Exception as exc:
        raise CorruptEntry(f"undecodable parse ({type(exc).__name__}: {exc})") from exc
    if not isinstance(src, SourceDoc) or len(docs) != 1:
        raise CorruptEntry("parse entry does not hold one SourceDoc and one Doc")
    return src, docs[0]


# -- the cache directory ----------------------------------------------------------------


class Cache:
    """A cache directory (``.annalist-cache/`` by default); safe for concurrent use."""

    def __init__(self, root: Path | str = DEFAULT_DIR) -> None:
        self.root = Path(root)
        self.base = self.root / f"v{FORMAT}"
        self.tmp = self.base / "tmp"
        self.warnings: list[str] = []
        self._cleaned = False

    # paths
    def path(self, layer: str, key: str) -> Path:
        if layer not in LAYERS:
            raise ValueError(f"unknown cache layer {layer!r} (known: {', '.join(LAYERS)})")
        return self.base / layer / key[:2] / f"{key}.bin"

    def has(self, layer: str, key: str) -> bool:
        return self.path(layer, key).is_file()

    # reading
    def get_payload(self, layer: str, key: str) -> bytes | None:
        """The checked payload of an entry, or None (missing, or corrupt: then deleted)."""
        path = self.path(layer, key)
        try:
            with open(path, "rb") as fh:
                blob = fh.read()
                ino = os.fstat(fh.fileno()).st_ino
        except FileNotFoundError:
            return None
        except OSError as exc:
            self.warnings.append(errors.cache_entry_warning(path, f"unreadable: {exc}"))
            return None
        try:
            return _payload(layer, key, blob)
        except CorruptEntry as exc:
            self.discard(layer, key, str(exc), ino=ino)
            return None

    def discard(self, layer: str, key: str, reason: str, *, ino: int | None = None) -> None:
        """Delete a bad entry and record a warning; entries are immutable, so a reader
        only deletes the very file it found bad, never a good one written meanwhile."""
        path = self.path(layer, key)
        self.warnings.append(errors.cache_entry_warning(path, reason))
        try:
            if ino is None or os.stat(path).st_ino == ino:
                path.unlink()
        except FileNotFoundError:
            pass

    def get_extract(self, key: str) -> DocResult | None:
        """The cached ``DocResult`` for an extract key, or None."""
        payload = self.get_payload("extract", key)
        if payload is None:
            return None
        try:
            return decode_extract(payload)
        except CorruptEntry as exc:
            self.discard("extract", key, str(exc))
            return None

    def get_parse(self, key: str, vocab: Vocab) -> tuple[SourceDoc, Doc] | None:
        """The cached ``(SourceDoc, Doc)`` for a parse key, or None."""
        payload = self.get_payload("parse", key)
        if payload is None:
            return None
        try:
            return decode_parse(payload, vocab)
        except CorruptEntry as exc:
            self.discard("parse", key, str(exc))
            return None

    # writing
    def put_entry(self, layer: str, key: str, entry: bytes) -> None:
        """Store already-encoded entry bytes atomically (temp, fsync, ``os.replace``)."""
        final = self.path(layer, key)
        final.parent.mkdir(parents=True, exist_ok=True)
        self._atomic_write(final, entry)

    def put_extract(self, key: str, result: DocResult) -> None:
        self.put_entry("extract", key, encode_extract(key, result))

    def put_parse(self, key: str, src: SourceDoc, doc: Doc) -> None:
        self.put_entry("parse", key, encode_parse(key, src, doc))

    def _atomic_write(self, final: Path, data: bytes) -> None:
        self.tmp.mkdir(parents=True, exist_ok=True)
        self._clean_temps_once()
        # host and pid in the name let a later run tell a dead writer's leftovers apart.
        temp = self.tmp / (
            f"{final.name}.{_host()}.{os.getpid()}.{uuid.uuid4().hex[:8]}.tmp"
        )
        try:
            with open(temp, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(temp, final)
        except BaseException:
            try:
                temp.unlink()
            except FileNotFoundError:
                pass
            raise

    def _clean_temps_once(self) -> None:
        if not self._cleaned:
            self._cleaned = True
            self.clean_temps()

    def clean_temps(self, *, max_age: float = _STALE_TEMP_SECONDS) -> int:
        """Delete temp files left by killed writers; returns how many were removed."""
        removed = 0
        try:
            entries = list(os.scandir(self.tmp))
        except FileNotFoundError:
            return 0
        host = _host()
        now = time.time()
        for entry in entries:
            parts = entry.name.rsplit(".", 4)
            dead = False
            if len(parts) == 5 and parts[1] == host and parts[2].isdigit():
                dead = not _pid_alive(int(parts[2]))
            try:
                if dead or now - entry.stat().st_mtime > max_age:
                    os.unlink(entry.path)
                    removed += 1
            except FileNotFoundError:
                pass
        return removed

    # the index: doc path -> last keys and status
    def load_index(self) -> dict[str, dict[str, str]]:
        """``{doc path: {"sha256", "parse", "extract", "status"}}`` from the last runs."""
        try:
            blob = (self.base / "index.json").read_bytes()
            data = json.loads(blob)
            docs = data["docs"]
            if not isinstance(docs, dict):
                raise ValueError("docs is not an object")
            return docs
        except FileNotFoundError:
            return {}
        except (ValueError, KeyError, TypeError) as exc:
            # The index is advisory (status only); a bad one is rebuilt, never fatal.
            self.warnings.append(errors.cache_index_warning(self.base / "index.json", exc))
            return {}

    def update_index(self, rows: Mapping[str, Mapping[str, str]],
                     *, drop: Iterable[str] = ()) -> None:
        """Merge ``rows`` into the index (and drop paths) under a lock, atomically."""
        from filelock import FileLock

        self.base.mkdir(parents=True, exist_ok=True)
        with FileLock(str(self.base / "index.lock"), timeout=60):
            index = self.load_index()
            for path in drop:
                index.pop(path, None)
            index.update({k: dict(v) for k, v in rows.items()})
            data = json.dumps({"format": FORMAT, "docs": dict(sorted(index.items()))},
                              ensure_ascii=True, separators=(",", ":")).encode("ascii")
            self._atomic_write(self.base / "index.json", data)

    # tidying
    def keys(self, layer: str) -> Iterable[tuple[str, Path]]:
        """Every ``(key, path)`` stored in a layer."""
        layer_dir = self.base / layer
        if not layer_dir.is_dir():
            return
        for sub in sorted(layer_dir.iterdir()):
            if sub.is_dir():
                for entry in sorted(sub.iterdir()):
                    if entry.suffix == ".bin":
                        yield entry.stem, entry

    def prune(self, keep_keys: Iterable[str]) -> tuple[int, int]:
        """Drop every entry whose key is not in ``keep_keys``; ``(n_removed, bytes_freed)``.

        Index rows pointing at removed entries go too, and stale temp files are removed.
        """
        keep = set(keep_keys)
        removed = freed = 0
        for layer in LAYERS:
            for key, path in list(self.keys(layer)):
                if key in keep:
                    continue
                try:
                    size = path.stat().st_size
                    path.unlink()
                except FileNotFoundError:
                    continue
                removed += 1
                freed += size
            for sub in (self.base / layer).glob("*"):
                try:
                    sub.rmdir()  # only succeeds when empty
                except OSError:
                    pass
        self.clean_temps(max_age=_STALE_TEMP_SECONDS)
        index = self.load_index()
        gone = [p for p, row in index.items() if row.get("extract") not in keep]
        if gone:
            self.update_index({}, drop=gone)
        return removed, freed

    def size(self) -> tuple[int, int]:
        """``(n_entries, total_bytes)`` over both layers."""
        n = total = 0
        for layer in LAYERS:
            for _, path in self.keys(layer):
                try:
                    total += path.stat().st_size
                    n += 1
                except FileNotFoundError:
                    pass
        return n, total


def _pid_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _host() -> str:
    # Dots would break the split of a temp file's name into its parts.
    return socket.gethostname().replace(".", "_") or "host"
