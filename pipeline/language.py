"""Which language a document is written in, so English rules never read other languages.

py3langid (a maintained fork of langid.py: 97 languages, its model inside the wheel, no
network) classifies the cleaned text. The spaCy model states its own language (``en`` for
``en_core_web_sm``); a document confidently in another language keeps its dates (years and
numeric dates read the same in any language) but gets no entities, claims or events from
the English model, and a coded warning says why. A multilingual model (``xx``) reads all.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from importlib import resources

from pipeline import errors, lang
from pipeline.records import SourceDoc

VERSION = "4"  # 2: passages in another language inside a document; 3: by sentence; 4: near-identical languages pool their probability, paragraphs call a short text
SAMPLE_CHARS = 20_000  # the opening of a long text is enough, and keeps the cost flat
MIN_CHARS = 200  # shorter texts are too short to tell reliably: left unclassified
MIN_PROBABILITY = 0.95  # below it a document is not called foreign
MULTILINGUAL = "xx"  # spaCy's code for a model that reads any language
MIN_PASSAGE_CHARS = 80  # a sentence or paragraph shorter than this is too short to call
_PARAGRAPH = re.compile(r"[^\n]+(?:\n(?!\s*\n)[^\n]+)*")  # lines up to a blank line
_SENTENCE_END = re.compile(r"[.!?][\"”’)\]]*\s+(?=[\"“(]?[A-ZА-ЯЁЂ-Џ])")


@dataclass(frozen=True)
class DocLanguage:
    code: str  # ISO 639-1, "" when the text is too short to tell
    probability: float
    model_language: str
    # Paragraphs of a document in the model's language that are confidently in another:
    # (clean start, clean end, language code), e.g. a Serbian quotation in an English note.
    passages: tuple[tuple[int, int, str], ...] = ()

    @property
    def foreign(self) -> bool:
        """Is the text confidently in a language the model does not read?"""
        return bool(self.code) and self.model_language not in ("", MULTILINGUAL) \
            and self.code != self.model_language and self.probability >= MIN_PROBABILITY


@functools.lru_cache(maxsize=1)
def _identifier():
    from py3langid import langid

    return langid.LanguageIdentifier.from_model_file(langid.MODEL_FILE, norm_probs=True)


@functools.lru_cache(maxsize=1)
def _groups() -> dict[str, frozenset[str]]:
    """Each language of ``data/language_groups.yaml`` -> the languages of its group."""
    text = resources.files("pipeline").joinpath("data/language_groups.yaml").read_text("utf-8")
    out = {}
    for group in lang.parse_yaml(text)["groups"]:
        for code in group:
            out[str(code)] = frozenset(map(str, group))
    return out


def _classify(text: str) -> tuple[str, float]:
    """py3langid's most probable language of ``text``, with the probability of its group
    of near-identical languages (Bosnian, Croatian, Serbian) when it has one."""
    ranked = _identifier().rank(text)
    code, probability = ranked[0]
    group = _groups().get(code)
    if group:
        probability = sum(p for c, p in ranked if c in group)
    return code, min(float(probability), 1.0)


def identify(text: str) -> tuple[str, float]:
    """(language code, probability) of ``text``; ("", 0.0) when it is too short."""
    sample = text[:SAMPLE_CHARS]
    if len(sample.strip()) < MIN_CHARS:
        return "", 0.0
    code, probability = _classify(sample)
    return code, round(probability, 3)


def document_language(doc, src: SourceDoc) -> DocLanguage:
    """The stage: ``src``'s language against the language of the model that parsed it,
    and the paragraphs in another language when the document as a whole is not.

    A mixed document is in the language most of its confidently classified paragraphs'
    characters are in: classifying the whole text lets a Cyrillic paragraph outweigh a
    longer English one."""
    model = getattr(doc, "lang_", "") or ""
    code, probability = identify(src.text)
    paragraphs = list(classified_paragraphs(src.text))
    chars: dict[str, int] = {}
    for s, e, c in paragraphs:
        chars[c] = chars.get(c, 0) + e - s
    # Too short to call as a whole (under 200 characters), its paragraphs may still be.
    if len(chars) > 1 or (chars and not code):
        majority = max(sorted(chars), key=chars.get)
        if majority != code:
            code, probability = majority, round(chars[majority] / sum(chars.values()), 3)
    found = DocLanguage(code, probability, model)
    if found.foreign or model in ("", MULTILINGUAL):
        return found  # a mostly Serbian text with an English paragraph keeps the English
    passages = tuple(_merged([(s, e, c) for s, e, c in paragraphs if c != model], src.text))
    return DocLanguage(code, probability, model, passages) if passages else found


def classified_paragraphs(text: str):
    """(start, end, code) of each confidently classified stretch of ``text``: every
    sentence of 80 characters or more on its own (a Serbian quotation inside an English
    paragraph), the paragraph's verdict for its shorter sentences."""
    for m in _PARAGRAPH.finditer(text):
        if len(m.group(0).strip()) < MIN_PASSAGE_CHARS:
            continue
        code, probability = _classify(m.group(0))
        paragraph = code if probability >= MIN_PROBABILITY else ""
        for start, end in _sentences(text, m.start(), m.end()):
            own = ""
            if end - start >= MIN_PASSAGE_CHARS:
                c, p = _classify(text[start:end])
                own = c if p >= MIN_PROBABILITY else ""
            if own or paragraph:
                yield start, end, own or paragraph


def _merged(spans: list[tuple[int, int, str]], text: str) -> list[tuple[int, int, str]]:
    """Neighbouring stretches in one language, only space between them, as one passage."""
    out: list[tuple[int, int, str]] = []
    for s, e, c in spans:
        if out and out[-1][2] == c and not text[out[-1][1]:s].strip():
            out[-1] = (out[-1][0], e, c)
        else:
            out.append((s, e, c))
    return out


def _sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence-like stretches of ``text[start:end]``: cut after . ! ? before a capital."""
    cuts = [start] + [b.end() for b in _SENTENCE_END.finditer(text, start, end)] + [end]
    return [(a, b) for a, b in zip(cuts, cuts[1:]) if text[a:b].strip()]


def inside_passage(found: DocLanguage | None, clean_start: int) -> bool:
    """Does a record starting at ``clean_start`` lie in a passage in another language?"""
    return found is not None and any(s <= clean_start < e for s, e, _ in found.passages)


def foreign_warning(src: SourceDoc, found: DocLanguage) -> str:
    return errors.foreign_language_warning(src.path, found.code, found.probability,
                                           found.model_language)


def passages_warning(src: SourceDoc, found: DocLanguage) -> str:
    lines = [src.line_of(src.offsets.to_raw(s, s + 1)[0]) for s, _, _ in found.passages]
    codes = sorted({c for _, _, c in found.passages})
    return errors.foreign_passages_warning(src.path, lines, codes, found.model_language)
