"""Reading the corpus for the engine: a file's bytes (or why it is refused), its path
relative to the corpus, its cache-index key and the manifest rows."""

from __future__ import annotations

import errno
import functools
import os
import stat
from pathlib import Path, PurePosixPath

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
        except (ValueError, OSError, RuntimeError):  # outside, or a symlink loop
            return path.as_posix()


def index_key(path: Path) -> str:
    """The cache index's key for ``path`` (absolute, so it survives a change of directory)."""
    return str(path.absolute())


def kind_of(mode: int) -> str:
    """What a non-regular file is, in words (``"FIFO (named pipe)"`` …)."""
    for test, name in ((stat.S_ISFIFO, "FIFO (named pipe)"), (stat.S_ISSOCK, "socket"),
                       (stat.S_ISCHR, "character device"), (stat.S_ISBLK, "block device"),
                       (stat.S_ISDIR, "directory")):
        if test(mode):
            return name
    return "special file"


def _root_of(path: Path, rel: str) -> Path | None:
    """The corpus folder ``path`` was found in, given its corpus-relative ``rel``."""
    parts = PurePosixPath(rel).parts
    if not parts or Path(path).parts[-len(parts):] != parts:
        return None
    root = Path(path)
    for _ in parts:
        root = root.parent
    return root


def _inside(real: str, root: str) -> bool:
    return real == root or real.startswith(root.rstrip(os.sep) + os.sep)


def _opened_path(fd: int) -> str | None:
    """The real path of an open descriptor (Linux), None where the OS cannot say."""
    try:
        return os.readlink(f"/proc/self/fd/{fd}")
    except OSError:
        return None


_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | \
    getattr(os, "O_CLOEXEC", 0)


@functools.lru_cache(maxsize=64)
def _real(root: str) -> str:
    return os.path.realpath(root)


def _open_error(rel: str, exc: OSError) -> BaseException:
    if exc.errno in (errno.ENOENT, errno.ENOTDIR):
        return errors.file_vanished(rel, "was deleted or moved")
    return errors.unreadable_file(rel, exc.strerror or type(exc).__name__)


def read_bytes(path: Path, rel: str, settings: Settings, *,
               corpus_root: Path | None = None) -> bytes | BaseException:
    """The file's bytes, or the error that refuses it.

    The file is read only if, at the moment it is opened, it is a regular file whose real
    path lies inside the corpus: it is opened without following a symlink and without
    blocking (a FIFO swapped in never hangs the run); a symlink is resolved and followed
    only to a name inside the corpus; and the open descriptor is checked (``fstat``, and
    its real path from ``/proc/self/fd`` on Linux), so a file replaced by a symlink, a
    pipe or a folder leading out after the scan is refused, not read. The caller
    hashes these bytes, never the file again. Refusals: over ``--max-bytes`` (checked on
    the descriptor, before reading), not a regular file, a symlink loop, outside the
    corpus, deleted during the run, unreadable.
    """
    root = corpus_root if corpus_root is not None else _root_of(path, rel)
    root_real = _real(str(root)) if root is not None else None
    try:
        # No-follow: a plain file opens at once; a symlink fails with ELOOP and is
        # followed below only to a file inside the corpus.
        fd = os.open(path, _FLAGS)
    except OSError as exc:
        if exc.errno != errno.ELOOP:
            return _open_error(rel, exc)
        try:
            real = os.path.realpath(path, strict=True)
        except OSError as exc2:
            if exc2.errno == errno.ELOOP:
                return errors.symlink_loop(rel)
            return _open_error(rel, exc2)
        if root_real is not None and not _inside(real, root_real):
            return errors.symlink_outside(rel, real)
        try:
            fd = os.open(real, _FLAGS)
        except OSError as exc2:
            if exc2.errno == errno.ELOOP:  # the resolved name became a symlink since
                return errors.file_vanished(rel, "was replaced by a symlink")
            return _open_error(rel, exc2)
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            return errors.not_regular_file(rel, kind_of(st.st_mode))
        opened = _opened_path(fd) or os.path.realpath(path)  # the descriptor's, on Linux
        if root_real is not None and not _inside(opened, root_real):
            # A folder on the way was swapped for a symlink between resolving and opening.
            return errors.symlink_outside(rel, opened)
        if st.st_size > settings.max_file_bytes:
            # Refused before reading, so a huge file never sits in memory.
            return errors.too_large(rel, st.st_size, settings.max_file_bytes, "--max-bytes")
        chunks = []
        left = settings.max_file_bytes + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        data = b"".join(chunks)
        if len(data) > settings.max_file_bytes:  # grew while being read
            return errors.too_large(rel, len(data), settings.max_file_bytes, "--max-bytes")
        return data
    except OSError as exc:
        return errors.unreadable_file(rel, exc.strerror or type(exc).__name__)
    finally:
        os.close(fd)
