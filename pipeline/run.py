"""One extraction run end to end: discover, extract (cached), reconcile, write."""

from __future__ import annotations

import dataclasses
import errno
import json
import os
import stat
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pipeline import errors, freshness, writers
from pipeline.config import Settings
from pipeline.errors import AnnalistError
from pipeline.gcpause import gc_paused
from pipeline.records import DocResult

MANIFEST = "sources.csv"
REGISTRY = "id_registry.json"

# What report.html reads of each table (the rest would only cost time to convert).
REPORT_COLUMNS: dict[str, tuple[str, ...] | None] = {
    "documents": None,
    "events": None,
    "event_mentions": None,
    "conflicts": None,
    "candidate_links": ("event_id", "other_event_id", "event_mention_id",
                        "other_event_mention_id", "score", "reasons"),
    "entities": ("entity_id",),
    "entity_mentions": ("doc_id",),
    "dates": ("doc_id",),
    "claims": ("claim_id", "doc_id", "text", "citation_needed", "hedge", "attributed_to",
               "locator"),
}

# What the pages of sources/ show (every column: a click on a highlight shows its row).
SOURCE_TABLES = ("documents", "entity_mentions", "dates", "claims", "event_mentions")


@dataclass(frozen=True)
class RunSummary:
    """What a run did, for the closing paragraph and for ``--strict``."""

    n_documents: int
    n_ok: int
    n_failed: int
    n_skipped: int
    n_cached: int
    rows: dict[str, int]
    seconds: float
    warnings: tuple[str, ...] = ()
    recovered: str = ""
    failures: tuple[str, ...] = field(default_factory=tuple)
    up_to_date: bool = False

    def paragraph(self) -> str:
        counts = ", ".join(f"{n} {name}" for name, n in self.rows.items())
        if self.up_to_date:
            text = (
                f"Nothing changed since the last run: {self.n_documents} documents "
                f"({self.n_ok} ok, {self.n_skipped} skipped, {self.n_failed} failed); the "
                f"outputs ({counts}) are up to date. Checked in {self.seconds:.1f} s."
            )
        else:
            text = (
                f"Read {self.n_documents} documents ({self.n_ok} ok, {self.n_cached} from "
                f"cache, {self.n_skipped} skipped, {self.n_failed} failed) and wrote {counts} "
                f"in {self.seconds:.1f} s."
            )
        if self.recovered:
            text += f" Before starting it {self.recovered} left by an earlier run."
        if self.warnings:
            text += f" {len(self.warnings)} warnings (see documents.csv and report.html)."
        return text


def discover(corpus_root: Path, *, exclude: Sequence[Path | None] = ()
             ) -> tuple[list[Path], list[DocResult]]:
    """Corpus files to read, and rows for paths refused before reading.

    Hidden files and the manifest are not documents, nor are the folders in ``exclude``
    (the run's output and cache folders, when they lie inside the corpus). A symlink that
    leads outside the corpus is not followed: a corpus is other people's files. Symlink
    loops, dangling symlinks and anything that is not a regular file (a FIFO, a socket,
    a device) get a row saying so; nothing here opens a file or follows a link blindly.
    """
    root = Path(os.path.realpath(corpus_root))
    skip = {os.path.realpath(p) for p in exclude if p is not None}
    paths: list[Path] = []
    refused: list[DocResult] = []
    for dirpath, dirnames, filenames in os.walk(corpus_root, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".")
                             and os.path.realpath(Path(dirpath) / d) not in skip)
        # os.walk lists a symlinked directory but never enters it; say so when it leads out.
        for name in dirnames:
            path = Path(dirpath) / name
            if path.is_symlink():
                target = Path(os.path.realpath(path))
                if not target.is_relative_to(root):
                    rel = path.relative_to(corpus_root).as_posix()
                    refused.append(_refused(rel, errors.symlinked_dir_outside(rel, target)))
        for name in sorted(filenames):
            if name.startswith(".") or (Path(dirpath) == corpus_root and name == MANIFEST):
                continue
            path = Path(dirpath) / name
            rel = path.relative_to(corpus_root).as_posix()
            try:
                rel.encode("utf-8")
            except UnicodeEncodeError:  # undecodable bytes in the name: outputs are UTF-8
                shown = rel.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
                refused.append(_refused(shown, errors.file_name_not_utf8(shown)))
                continue
            problem = _scan_problem(path, rel, root)
            if problem is not None:
                refused.append(_refused(rel, problem))
            else:  # (one deleted since it was listed gets its row when it is read)
                paths.append(path)
    return paths, refused


def _scan_problem(path: Path, rel: str, root: Path) -> AnnalistError | None:
    """Why ``path`` (listed as a file) cannot be a document, or None when it can be."""
    from pipeline.engine.files import kind_of

    try:
        mode = os.lstat(path).st_mode
    except OSError:
        return None  # removed while being listed: reading it will say so
    if stat.S_ISREG(mode):  # os.walk never enters a symlinked folder: this path is real
        return None
    if not stat.S_ISLNK(mode):
        return errors.not_regular_file(rel, kind_of(mode))
    try:
        target = Path(os.path.realpath(path, strict=True))
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return errors.symlink_loop(rel)
        if path.is_symlink():
            try:
                return errors.dangling_symlink(rel, os.readlink(path))
            except OSError:
                return None  # removed while being listed
        return None  # removed while being listed: nothing to report
    if not target.is_relative_to(root):
        return errors.symlink_outside(rel, target)
    try:
        mode = os.stat(target).st_mode
    except OSError:
        return None
    if not stat.S_ISREG(mode):
        return errors.not_regular_file(rel, kind_of(mode))
    return None


def _refused(rel: str, error: AnnalistError) -> DocResult:
    from pipeline.document import error_result

    return dataclasses.replace(error_result(rel, "", error), status="skipped")


def render_files(
    rows: dict[str, list[dict]],
    *,
    corpus_root: Path,
    out_dir: Path,
    registry_bytes: bytes,
    warnings: Sequence[str],
    safe: bool,
) -> tuple[dict[str, bytes], dict]:
    """Every output file's bytes, and the tables as written (for Parquet)."""
    from pipeline import schema
    from pipeline.report import render_report
    from pipeline.report.sources import SOURCES_DIR, source_pages
    from pipeline.tables import sort_key

    files: dict[str, bytes] = {}
    tables = {}
    for name, table_rows in rows.items():
        table = writers.table(table_rows, schema.columns(name), sort_by=sort_key(name))
        tables[name] = table
        files[f"{name}.csv"] = writers.table_csv(table, safe=safe)
    corpus_href = _relative_to(corpus_root, out_dir)
    package = schema.datapackage(list(rows), corpus_dir=corpus_href)
    files["datapackage.json"] = (json.dumps(package, indent=2, ensure_ascii=False) + "\n").encode()
    # Neither the report nor the pages write to a row: a table both read whole is made
    # into rows once.
    whole = {name: tables[name].records(tables[name].names)
             for name in SOURCE_TABLES if name in tables}
    report_rows = {
        name: whole[name] if REPORT_COLUMNS[name] is None and name in whole
        else table.records([c for c in (REPORT_COLUMNS[name] or table.names)
                            if c in table.names])
        for name, table in tables.items() if name in REPORT_COLUMNS
    }
    pages = source_pages(whole, corpus_root, previous=out_dir)
    files.update(pages)
    files["report.html"] = render_report(
        report_rows, title="Annalist report", warnings=list(warnings), corpus_href=corpus_href,
        source_pages=[name[len(SOURCES_DIR) + 1:-len(".html")] for name in pages],
    ).encode("utf-8")
    files[REGISTRY] = registry_bytes
    return files, tables


def _relative_to(corpus_root: Path, out_dir: Path) -> str:
    """The corpus as seen from the output folder, so links and validate survive a move
    of both together (``../corpus`` for the default layout)."""
    return Path(os.path.relpath(corpus_root.resolve(), out_dir.resolve())).as_posix()


def extract_corpus(
    corpus_root: Path,
    out_dir: Path,
    *,
    settings: Settings,
    cache_dir: Path | None,
    workers: int | None = None,
    scheduler: str | None = None,
    progress: bool = True,
    formats: Sequence[str] = ("csv",),
    safe: bool = False,
    wait: float = 0.0,
) -> RunSummary:
    """Run the whole pipeline over ``corpus_root`` and write ``out_dir`` atomically."""
    from pipeline import engine
    from pipeline.reconcile import IdRegistry, reconcile
    from pipeline.tables import build_tables

    if not corpus_root.is_dir():
        raise errors.corpus_missing(corpus_root)
    if os.path.realpath(out_dir) == os.path.realpath(corpus_root):
        raise errors.out_is_corpus(out_dir)
    started = time.perf_counter()
    with writers.OutputLock(out_dir, wait=wait):
        recovered = writers.recover(out_dir)
        paths, refused = discover(corpus_root, exclude=(out_dir, cache_dir))
        fingerprint = freshness.inputs_fingerprint(
            paths, [r.message for r in refused], corpus_root=corpus_root, settings=settings,
            options={"formats": sorted(formats), "safe": safe,
                     "corpus": _relative_to(corpus_root, out_dir)},
        )
        previous = freshness.up_to_date(out_dir, fingerprint) if cache_dir else None
        if previous is not None:
            return _summary_from_state(previous, time.perf_counter() - started, recovered)
        from pipeline.cache import Cache

        cache = Cache(cache_dir) if cache_dir is not None else None
        outcome = engine.run(
            paths, corpus_root=corpus_root, settings=settings, cache=cache,
            workers=workers, scheduler=scheduler, progress=progress,
        )
        results = sorted([*outcome.results, *refused], key=lambda r: r.path)
        ok = [r for r in results if r.status == "ok"]
        registry_warnings: list[str] = []
        registry = IdRegistry.load(out_dir / REGISTRY, warnings=registry_warnings)
        reconciled = reconcile(ok, registry=registry)
        with tempfile.TemporaryDirectory() as tmp:
            registry.save(Path(tmp) / REGISTRY)
            registry_bytes = (Path(tmp) / REGISTRY).read_bytes()
        warnings = [w for r in results for w in r.warnings] + list(outcome.warnings)
        warnings += registry_warnings
        warnings += [r.message for r in results if r.status != "ok"]
        # Rows and the cells made of them hold no cycles: without the pause the collector
        # walks them again and again as they pile up (1.5 s of the 9 s it took to render a
        # bench corpus's files after adding one document).
        with gc_paused():
            rows = build_tables(results, reconciled, model=outcome.model)
            files, tables = render_files(
                rows, corpus_root=corpus_root, out_dir=out_dir,
                registry_bytes=registry_bytes, warnings=warnings, safe=safe,
            )
        if "parquet" in formats:
            from pipeline.parquet import write_parquet

            write_parquet({name: writers.frame_of(t) for name, t in tables.items()},
                          out_dir / "parquet")
        if "duckdb" in formats:
            from pipeline.duckdb_export import write_duckdb

            write_duckdb({name: writers.frame_of(t) for name, t in tables.items()}, out_dir)
        counts = {
            "n_documents": len(results),
            "n_ok": len(ok),
            "n_failed": sum(r.status == "error" for r in results),
            "n_skipped": sum(r.status == "skipped" for r in results),
            "rows": {name: len(table_rows) for name, table_rows in rows.items()},
            "warnings": warnings,
            "failures": [r.message for r in results if r.status != "ok"],
        }
        # The state goes last into the same atomic set: a crash leaves no state that
        # vouches for files it did not write.
        files[freshness.STATE] = freshness.state_bytes(fingerprint, files, counts)
        writers.write_files(out_dir, files)
        _prune_pages(out_dir, files)
    return RunSummary(
        n_cached=outcome.n_cached,
        seconds=time.perf_counter() - started,
        recovered=recovered,
        **{**counts, "warnings": tuple(warnings), "failures": tuple(counts["failures"])},
    )


def _prune_pages(out_dir: Path, files: dict[str, bytes]) -> None:
    """Remove the pages of documents that are no longer in the corpus (after the new set is
    in place, so a crash leaves at worst a stale page, never a missing one)."""
    from pipeline.report.sources import SOURCES_DIR

    folder = out_dir / SOURCES_DIR
    if folder.is_dir():
        for page in folder.glob("*.html"):
            if f"{SOURCES_DIR}/{page.name}" not in files:
                page.unlink(missing_ok=True)


def _summary_from_state(state: dict, seconds: float, recovered: str) -> RunSummary:
    return RunSummary(
        n_documents=state["n_documents"], n_ok=state["n_ok"], n_failed=state["n_failed"],
        n_skipped=state["n_skipped"], n_cached=state["n_ok"], rows=state["rows"],
        seconds=seconds, warnings=tuple(state["warnings"]), recovered=recovered,
        failures=tuple(state["failures"]), up_to_date=True,
    )
