"""Run every per-document stage on one parsed source: the unit the cache and engine handle."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from pipeline import errors
from pipeline.config import Settings
from pipeline.ids import stable_id
from pipeline.records import DocResult, SourceDoc
from pipeline.stages import claims, dates, entities, events, sentences

if TYPE_CHECKING:  # spaCy loads with the model; working out cache keys must not import it
    from spacy.tokens import Doc

STAGES = (sentences, entities, dates, claims, events)
EXTRACT_VERSIONS: dict[str, str] = {
    stage.__name__.rsplit(".", 1)[-1]: stage.VERSION for stage in STAGES
}
_WORD = re.compile(r"\S+")


def check_size(src: SourceDoc, settings: Settings) -> None:
    """Refuse a text too long to parse in bounded time, naming the setting that raises it."""
    if len(src.text) > settings.max_nlp_chars:
        raise errors.too_long(src.path, len(src.text), settings.max_nlp_chars)


def extract(src: SourceDoc, doc: Doc, settings: Settings | None = None) -> DocResult:
    """All records for one document; ``doc`` is spaCy's parse of ``src.text``."""
    sents = sentences.sentences(doc, src)
    mentions = entities.entity_mentions(doc, src, sents)
    timexes = dates.date_mentions(src, sents)
    parsed = claims.parse_clauses(doc, sents, mentions)
    found_claims = claims.extract_claims(doc, src, sents, mentions, timexes, parsed=parsed)
    found_events = events.extract_events(doc, src, sents, mentions, timexes, found_claims,
                                         parsed=parsed)
    return DocResult(
        doc_id=src.doc_id,
        path=src.path,
        sha256=src.sha256,
        status="ok",
        title=src.title,
        url=src.url,
        published=src.published,
        author=src.author,
        source_type=src.source_type,
        video_id=src.video_id,
        n_chars=len(src.raw),
        n_tokens=sum(1 for t in doc if not t.is_space),
        n_words=len(_WORD.findall(src.raw)),
        reader=src.reader,
        warnings=src.warnings,
        facts=src.facts,
        sentences=tuple(sents),
        mentions=tuple(mentions),
        timexes=tuple(timexes),
        claims=tuple(found_claims),
        event_mentions=tuple(found_events),
        markers=src.markers,
        hints=src.hints,
    )


def error_result(path: str, sha256: str, error: BaseException, *, doc_id: str = "") -> DocResult:
    """A ``status=error`` row that says what went wrong and how to fix it."""
    if isinstance(error, errors.AnnalistError):
        message = str(error)
    else:
        message = (
            f"E199: {path} failed inside a stage ({type(error).__name__}: {error}). "
            "The rest of the corpus was processed; please report this with the file."
        )
    return DocResult(
        doc_id=doc_id or stable_id("D", path, length=10),
        path=path,
        sha256=sha256,
        status="error",
        message=message,
    )
