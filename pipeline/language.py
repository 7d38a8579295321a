"""Which language a document is written in, so English rules never read other languages.

py3langid (a maintained fork of langid.py: 97 languages, its model inside the wheel, no
network) classifies the cleaned text. The spaCy model states its own language (``en`` for
``en_core_web_sm``); a document confidently in another language keeps its dates (years and
numeric dates read the same in any language) but gets no entities, claims or events from
the English model, and a coded warning says why. A multilingual model (``xx``) reads all.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from pipeline import errors
from pipeline.records import SourceDoc

VERSION = "1"
SAMPLE_CHARS = 20_000  # the opening of a long text is enough, and keeps the cost flat
MIN_CHARS = 200  # shorter texts are too short to tell reliably: left unclassified
MIN_PROBABILITY = 0.95  # below it a document is not called foreign
MULTILINGUAL = "xx"  # spaCy's code for a model that reads any language


@dataclass(frozen=True)
class DocLanguage:
    code: str  # ISO 639-1, "" when the text is too short to tell
    probability: float
    model_language: str

    @property
    def foreign(self) -> bool:
        """Is the text confidently in a language the model does not read?"""
        return bool(self.code) and self.model_language not in ("", MULTILINGUAL) \
            and self.code != self.model_language and self.probability >= MIN_PROBABILITY


@functools.lru_cache(maxsize=1)
def _identifier():
    from py3langid import langid

    return langid.LanguageIdentifier.from_model_file(langid.MODEL_FILE, norm_probs=True)


def identify(text: str) -> tuple[str, float]:
    """(language code, probability) of ``text``; ("", 0.0) when it is too short."""
    sample = text[:SAMPLE_CHARS]
    if len(sample.strip()) < MIN_CHARS:
        return "", 0.0
    code, probability = _identifier().classify(sample)
    return code, round(float(probability), 3)


def document_language(doc, src: SourceDoc) -> DocLanguage:
    """The stage: ``src``'s language against the language of the model that parsed it."""
    code, probability = identify(src.text)
    return DocLanguage(code, probability, getattr(doc, "lang_", "") or "")


def foreign_warning(src: SourceDoc, found: DocLanguage) -> str:
    return errors.foreign_language_warning(src.path, found.code, found.probability,
                                           found.model_language)
