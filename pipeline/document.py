"""Run every per-document stage on one parsed source: the unit the cache and engine handle.

Stages are listed once, in :data:`STAGES`, each declaring what it needs from the records made
before it and what it yields (the model is spaCy's ``Language.factory(requires=, assigns=)``).
Adding a stage is one module in ``pipeline/stages/`` and one line here; the list is checked
at import, so a stage that needs something no earlier stage yields fails loudly.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from pipeline import errors, language
from pipeline.config import Settings
from pipeline.ids import stable_id
from pipeline.records import DocResult, SourceDoc
from pipeline.stages import claims, dates, entities, events, labels, places, sentences

if TYPE_CHECKING:  # spaCy loads with the model; working out cache keys must not import it
    from spacy.tokens import Doc

# What every stage may ask for before any stage has run (settings enter one by one, so a
# stage's needs are all named here).
INPUTS = ("doc", "src", "reference_date", "temporal_mode")


@dataclass(frozen=True)
class Stage:
    """One per-document step: ``run(*requires, **keywords)`` -> the record list ``assigns``.

    ``requires`` are names of inputs (:data:`INPUTS`) or of earlier stages' ``assigns``,
    passed positionally; ``keywords`` maps a keyword parameter to such a name. ``version``
    goes into the cache key of the extract layer under ``name``.
    """

    name: str
    run: Callable[..., Any]
    requires: tuple[str, ...]
    assigns: str
    version: str
    keywords: Mapping[str, str] = field(default_factory=dict)

    def __call__(self, found: Mapping[str, Any]) -> Any:
        args = [found[name] for name in self.requires]
        kwargs = {param: found[name] for param, name in self.keywords.items()}
        return self.run(*args, **kwargs)


STAGES: tuple[Stage, ...] = (
    Stage("language", language.document_language, ("doc", "src"), "language", language.VERSION),
    Stage("sentences", sentences.sentences, ("doc", "src"), "sentences", sentences.VERSION),
    Stage("entities", entities.entity_mentions, ("doc", "src", "sentences"), "model_mentions",
          entities.VERSION),
    # Labels the name's own words or the words after it give ("Treaty of Ghent" is LAW).
    Stage("labels", labels.typed_mentions, ("src", "model_mentions"), "typed_mentions",
          labels.VERSION),
    # Labels corrected and places geocoded by the gazetteer; in any language.
    Stage("places", places.placed_mentions, ("src", "sentences", "typed_mentions", "language"),
          "mentions", places.VERSION),
    Stage("anchoring", dates.anchoring, ("src",), "anchoring", dates.VERSION,
          keywords={"temporal_mode": "temporal_mode"}),
    Stage("dates", dates.date_mentions, ("src", "sentences"), "timexes", dates.VERSION,
          keywords={"reference_date": "reference_date", "mode": "anchoring"}),
    # Clauses are found once and shared by claims and events; claims.VERSION covers them.
    Stage("clauses", claims.parse_clauses, ("doc", "sentences", "mentions"), "clauses",
          claims.VERSION),
    Stage("claims", claims.extract_claims, ("doc", "src", "sentences", "mentions", "timexes"),
          "claims", claims.VERSION, keywords={"parsed": "clauses"}),
    Stage("events", events.extract_events,
          ("doc", "src", "sentences", "mentions", "timexes", "claims"), "event_mentions",
          events.VERSION, keywords={"parsed": "clauses", "anchoring": "anchoring"}),
)


def _check(stages: Sequence[Stage]) -> None:
    """Every stage's needs are met by the inputs or an earlier stage; names are unique."""
    available = set(INPUTS)
    for stage in stages:
        missing = [n for n in (*stage.requires, *stage.keywords.values()) if n not in available]
        if missing:
            raise ValueError(f"stage {stage.name!r} needs {missing}, which no earlier stage "
                             f"assigns (available: {sorted(available)})")
        if stage.assigns in available:
            raise ValueError(f"stage {stage.name!r} assigns {stage.assigns!r} a second time")
        available.add(stage.assigns)


_check(STAGES)
EXTRACT_VERSIONS: dict[str, str] = {stage.name: stage.version for stage in STAGES}
# The records a DocResult keeps (intermediates such as clauses are not cached).
_KEPT = ("sentences", "mentions", "timexes", "claims", "event_mentions")
# What the English model's rules make; a document in another language gets none of it.
LANGUAGE_BOUND = frozenset({"entities", "labels", "claims", "events"})
_WORD = re.compile(r"\S+")


def check_size(src: SourceDoc, settings: Settings) -> None:
    """Refuse a text too long to parse in bounded time, naming the setting that raises it."""
    if len(src.text) > settings.max_nlp_chars:
        raise errors.too_long(src.path, len(src.text), settings.max_nlp_chars)


def run_stages(src: SourceDoc, doc: Doc, settings: Settings,
               stages: Sequence[Stage] = STAGES) -> dict[str, Any]:
    """Every stage's records by their ``assigns`` name, the inputs included."""
    found: dict[str, Any] = {"doc": doc, "src": src,
                             "reference_date": settings.reference_date,
                             "temporal_mode": settings.temporal_mode}
    for stage in stages:
        found_language = found.get("language")
        if stage.name in LANGUAGE_BOUND and found_language is not None and found_language.foreign:
            found[stage.assigns] = []
            continue
        records = stage(found)
        if stage.name in LANGUAGE_BOUND and found_language is not None and found_language.passages:
            starts = {s.index: s.clean_start for s in found.get("sentences", ())}
            records = [r for r in records if not _in_passage(found_language, r, starts)]
        found[stage.assigns] = records
    return found


def _in_passage(found: language.DocLanguage, record: Any, sentence_starts: dict[int, int]
                ) -> bool:
    """Is a record inside a paragraph in another language (by its own clean offset, else
    by its sentence's)?"""
    start = getattr(record, "clean_start", -1)
    if start is None or start < 0:
        start = sentence_starts.get(getattr(record, "sent_index", -1), -1)
    return language.inside_passage(found, start)


def extract(src: SourceDoc, doc: Doc, settings: Settings | None = None) -> DocResult:
    """All records for one document; ``doc`` is spaCy's parse of ``src.text``."""
    found = run_stages(src, doc, settings or Settings())
    return DocResult(
        doc_id=src.doc_id,
        path=src.path,
        sha256=src.sha256,
        status="ok",
        title=src.title,
        url=src.url,
        published=src.published,
        published_from=src.published_from,
        author=src.author,
        source_type=src.source_type,
        video_id=src.video_id,
        temporal_mode=found["anchoring"].mode,
        temporal_mode_reason=found["anchoring"].reason,
        n_chars=len(src.raw),
        n_tokens=sum(1 for t in doc if not t.is_space),
        n_words=len(_WORD.findall(src.raw)),
        reader=src.reader,
        warnings=src.warnings + _language_warnings(src, found["language"]),
        language=found["language"].code,
        language_probability=found["language"].probability,
        facts=src.facts,
        markers=src.markers,
        hints=src.hints,
        **{name: tuple(found[name]) for name in _KEPT},
    )


def _language_warnings(src: SourceDoc, found: language.DocLanguage) -> tuple[str, ...]:
    if found.foreign:
        return (language.foreign_warning(src, found),)
    if found.passages:
        return (language.passages_warning(src, found),)
    return ()


def error_result(path: str, sha256: str, error: BaseException, *, doc_id: str = "") -> DocResult:
    """A ``status=error`` row that says what went wrong and how to fix it."""
    if not isinstance(error, errors.AnnalistError):
        error = errors.stage_failed(path, error)
    return DocResult(
        doc_id=doc_id or stable_id("D", path, length=10),
        path=path,
        sha256=sha256,
        status="error",
        message=str(error),
    )
