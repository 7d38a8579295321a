"""Named-entity mentions from spaCy, trimmed and filtered so no markup or number leaks out."""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from pipeline import lang
from pipeline.ids import stable_id
from pipeline.records import EntityMention, Sentence, SourceDoc
from pipeline.stages.event_lexicon import headline_base
from pipeline.stages.event_ontology import load_ontology

if TYPE_CHECKING:  # spaCy loads with the model; working out cache keys must not import it
    from spacy.tokens import Doc, Span, Token

VERSION = "15"  # 15: names on a navigation line of bar-separated items are no names ("Share on Twitter | Email"); 14: two names a slash joins ("Søren Bidstrup / Ritzau Scanpix") and a battle's or treaty's first word alone ("Siege") are no names; 13: an abbreviated title alone is no name ("Sgt."); 12: a known event's name the model left untagged is found ("Serbia in WWI"); 11: names one "&" joins are one firm ("Cleary Gottlieb Steen & Hamilton LLP"); a bracket the model left open closes ("League of Princes (Fürstenbund)"); 10: a name loses a trailing "of" or "for" the model left ("Prince Henry of"); a title alone ("Field Marshal") and a stock symbol in its listing ("(OSE: NORD)") are no names; 9: a score or a date the model tagged LAW is no name ("Bengals 13 - 10", "Sep 10, 2010"); 8: a known place right after a verb of entering or taking is a place ("entered Thessaloniki"); 7: a capitalised common noun opening a sentence ("Drugmaker Halvorsen") is no part of the name when the text writes it in lower case; 6: a stance prefix ("Pro-Russia") is no part of the name; 5: a time zone is no name ("1630 GMT"); 4: a headline's verb is no part of a name ("Esther Williams Dies"); 3: regnal numerals ("Nicholas I"); 2: era markers of dates ("241 BC") are not names

# Names, not quantities: dates belong to the temporal tagger, and numbers such as "200px"
# or "30" are attributes of claims, not entities.
KEPT_LABELS = frozenset(
    {"PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW",
     "LANGUAGE"}
)
_MARKUP = re.compile(r"[\[\]{}<>=#|*_\\]|https?:|www\.")
_LEADING_ARTICLE = re.compile(lang.value("entities", "leading_article"))
_STANCE_PREFIX = re.compile(lang.value("entities", "stance_prefix"))
_STANCE_BEFORE = re.compile(_STANCE_PREFIX.pattern.removeprefix("^") + "$")
_LOWER_SUFFIX = re.compile(r"-[a-z]+$")  # "U.S.-led", "Serb-inhabited"
_TRAILING_JUNK = re.compile(lang.value("entities", "trailing_junk"))
_TRAILING_WORDS = re.compile(lang.value("entities", "trailing_words"))
_TICKER = lang.value("entities", "ticker_frame")
_TICKER_BEFORE = re.compile(_TICKER["pattern"])
_TICKER_SYMBOL = re.compile(_TICKER["symbol"])
_TICKER_AFTER = re.compile(_TICKER["after"])
# Titles alone ("Field Marshal", "Prime Minister") are no one's name.
_LEGAL_FORMS = lang.words("reconcile", "corporate_suffixes")  # "LLP", "Co", "Inc"
# The first word of a battle's or a treaty's name alone ("Siege", "Treaty") names nothing.
_HEAD_WORDS = lang.words("labels", "battle_heads") | lang.words("labels", "agreement_heads")
_TITLE_ABBREVIATIONS = lang.words("entities", "title_abbreviations")  # "Sgt", "Lt"
_TITLES = (lang.words("reconcile", "honorifics") | lang.words("entities", "title_words")
           | {w.lower() for w in _TITLE_ABBREVIATIONS})
_LEADING_JUNK = re.compile(r"^[\s\"“”(,;:'’-]+")
_HAS_LETTER = re.compile(r"[^\W\d_]")
_ERAS = lang.words("entities", "era_markers")
_TIME_ZONES = lang.words("entities", "time_zones")  # "1630 GMT": part of a time
_LAW_WORDS = lang.words("entities", "law_words")  # "Chapter 11" is a law; "Colts 7" is not
# "Bengals 13 - 10", "Furman 77-66": a score; "Sep 10, 2010": a date
_SCORE_OR_DATE = re.compile(r"\d\s*[-–]\s*\d|\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)"
                            r"[a-z]*\.?\s+\d{1,2},\s+\d{4}")
_BEFORE_ERA = re.compile(lang.value("entities", "before_era"), re.IGNORECASE)
_AFTER_ERA = re.compile(r"^\s*\d")
_ADDRESS_PUNCT = frozenset({"/", "-", "_", "=", "?", "&"})  # around a word of a web address


def after_stance_prefix(text: str, start: int) -> bool:
    """Does a name at ``start`` of ``text`` follow a stance prefix ("Pro-Russia" from
    "Pro-"), which :func:`_trim` cut from it?"""
    return _STANCE_BEFORE.search(text, 0, start) is not None


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop a leading "the", a stance ("Pro-"), quotes and a trailing possessive from a
    name span."""
    m = _LEADING_JUNK.match(text)
    if m:
        start += m.end()
        text = text[m.end():]
    m = _LEADING_ARTICLE.match(text)
    if m and len(text) > m.end():
        start += m.end()
        text = text[m.end():]
    m = _STANCE_PREFIX.match(text)
    if m and len(text) > m.end() and " " not in text.strip():
        # "pro-Russian" is Russian; "pro-Russia Serbs" is no name to cut a word from
        start += m.end()
        text = text[m.end():]
    m = _TRAILING_JUNK.search(text)
    if m and m.start() > 0:
        end -= len(text) - m.start()
        text = text[:m.start()]
    m = _TRAILING_WORDS.search(text)
    if m and m.start() > 0:  # "Prince Henry of": the model cut "of Prussia" off
        end -= len(text) - m.start()
        text = text[:m.start()]
    m = _LOWER_SUFFIX.search(text)
    if m and m.start() > 0:
        end -= len(text) - m.start()
    return start, end


def _extend_hyphenated(text: str, start: int, end: int) -> tuple[int, int]:
    """Grow "Hungary" to "Austria-Hungary": a hyphenated proper name is one name."""
    while start > 1 and text[start - 1] == "-" and text[start - 2].isalpha():
        start -= 1
        while start > 0 and (text[start - 1].isalnum() or text[start - 1] == "-"):
            start -= 1
    while end + 1 < len(text) and text[end] == "-" and text[end + 1].isupper():
        end += 1
        while end < len(text) and (text[end].isalnum() or text[end] == "-"):
            end += 1
    return start, end


def is_junk(text: str, label: str) -> bool:
    """True for spans no reader would call a name: markup, bare numbers, fragments."""
    if len(text) < 2 or len(text) > 120 or "\n" in text:
        return True
    if _MARKUP.search(text) or not _HAS_LETTER.search(text) or text in _TIME_ZONES:
        return True
    if label not in {"NORP", "LANGUAGE"} and not text[0].isupper():
        return True  # "pro-Russia" is fine as NORP; "post-Cold War" as EVENT is not
    if ", " in text and label in {"GPE", "LOC", "PERSON", "NORP"}:
        return True  # "Bosnia, Herzegovina": two names the tagger glued together
    words = text.split()
    if " / " in text:
        return True  # "Søren Bidstrup / Ritzau Scanpix": a photo credit's two names
    if text in _HEAD_WORDS:
        return True  # "Siege" cut from "Siege of Belgrade": a common noun alone
    if text.rstrip(".") in _TITLE_ABBREVIATIONS:
        return True  # "Sgt." cut from "Sgt. Paul Hernandez"
    if len(words) > 1 and all(w.lower().rstrip(".") in _TITLES for w in words):
        return True  # "Field Marshal", "Prime Minister": a title with no name after it
    if label == "LAW" and _SCORE_OR_DATE.search(text) and _LAW_WORDS.isdisjoint(
            re.findall(r"[A-Za-z]+", text)):
        return True  # "Bengals 13 - 10", "Sep 10, 2010": a score or a date read as a law
    return not any(ch.isupper() for ch in text)


def is_era_marker(text: str, start: int, end: int) -> bool:
    """True for "BC" in "241 BC" or "the 9th century BC", "AD" in "AD 1066": the small
    model calls them organisations, but they belong to a date (the temporal tagger's).
    Elsewhere "B.C." may be British Columbia, so only a number or century beside it
    decides."""
    if text[start:end] not in _ERAS:
        return False
    return bool(_BEFORE_ERA.search(text, max(0, start - 20), start)
                or _AFTER_ERA.match(text[end:end + 8]))


def in_menu_line(text: str, start: int) -> bool:
    """Is ``start`` on a line of items a bar separates ("Share on Facebook | Share on
    Twitter | Email", "Home | News | Sport"): a page's navigation, whose words name no
    one. A table row opens with its bar ("| Karađorđe | 1804 |") and keeps its names."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", start)
    line = text[line_start:line_end if line_end >= 0 else len(text)]
    return line.count(" | ") >= 2 and not line.lstrip().startswith("|")


def is_ticker(text: str, start: int, end: int) -> bool:
    """True for a stock symbol in its listing's brackets: "NORD" in "(OSE: NORD)",
    "MAERSK-B.CO" in "(MAERSK-B.CO)". The symbol names a security; the company is the name
    before the brackets. A lone acronym in brackets ("(FAO)") is the name's short form and
    stays: a symbol is read so only after an exchange's colon or with a dot or hyphen."""
    symbol = text[start:end]
    before = _TICKER_BEFORE.search(text, max(0, start - 14), start)
    if not before or not _TICKER_SYMBOL.match(symbol) or not _TICKER_AFTER.match(text[end:end + 3]):
        return False
    return ":" in before.group(0) or "." in symbol or "-" in symbol


# "Tsar Nicholas I died": the model tags "Tsar Nicholas" and reads "I" as a pronoun. Right
# after a person's name with no comma between, a Roman numeral is the name's.
_REGNAL = re.compile(r" (?:[IVX]{2,}|I)(?=[\s,.;:)]|$)")


def _extend_regnal(text: str, end: int, label: str) -> int:
    m = _REGNAL.match(text, end) if label == "PERSON" else None
    return m.end() if m else end


def _headline_verb(tok: Token, verbs) -> bool:
    """Is the last word of a name the verb of a title-case headline ("Dies", "Resigns")?"""
    return tok.dep_ == "ROOT" and tok.is_title and (
        tok.pos_ == "VERB" or headline_base(tok, verbs=verbs) in verbs)


def entity_mentions(doc: Doc, src: SourceDoc, sents: Sequence[Sentence]) -> list[EntityMention]:
    """Entity mentions with raw offsets, the sentence they sit in and any wiki-link hint."""
    sent_starts = [s.clean_start for s in sents]
    hints = {(h.clean_start, h.clean_end): h.target for h in src.hints}
    out: list[EntityMention] = []
    seen: set[tuple[int, int]] = set()
    verbs = load_ontology().verb_rules
    lower_words: set[str] | None = None
    name_words: set[str] = set()
    ents = doc.ents  # built anew on each access
    joined = _joined_by_ampersand(ents, src.text)
    for i, ent in enumerate(ents):
        if ent.label_ not in KEPT_LABELS or i in joined.values():
            continue
        label, ent_start, ent_end = ent.label_, ent.start_char, ent.end_char
        if i in joined:  # "Cleary Gottlieb Steen &" + "Hamilton LLP": one firm
            label, ent_end = "ORG", ents[joined[i]].end_char
        if label in ("PERSON", "ORG") and len(ent) > 1 and _headline_verb(ent[-1], verbs):
            # "Esther Williams Dies At 91": the headline's verb, not the name
            ent_end = ent[-2].idx + len(ent[-2].text)
        if len(ent) > 1 and ent[0].is_sent_start and ent[0].is_title:
            if lower_words is None:
                lower_words, name_words = _common_and_name_words(doc)
            if (ent[0].lower_ in lower_words and ent[0].text not in name_words
                    and _named_alone(ent[1:].text, ents)):
                # "Drugmaker Halvorsen agrees to buy ...", where the text also writes
                # "drugmaker" as a noun, never "Drugmaker" inside a sentence, and names
                # "Halvorsen" alone: a common noun capitalised by its place, no part of
                # the name ("State Department" is never "Department" alone)
                ent_start = ent[1].idx
        start, end = _extend_hyphenated(src.text, ent_start, ent_end)
        start, end = _trim(src.text[start:end], start, end)
        end = _extend_regnal(src.text, end, label)
        if src.text[end:end + 1] == ")" and src.text.count("(", start, end) > src.text.count(
                ")", start, end):
            end += 1  # "League of Princes (Fürstenbund" closes its bracket: name and alias
        if (start, end) in seen:
            continue
        seen.add((start, end))
        text = src.text[start:end]
        if is_junk(text, label) or is_era_marker(src.text, start, end) \
                or is_ticker(src.text, start, end) or in_menu_line(src.text, start):
            continue
        raw_start, raw_end = src.offsets.to_raw(start, end)
        sent_index = max(0, bisect.bisect_right(sent_starts, start) - 1) if sents else -1
        out.append(
            EntityMention(
                mention_id=stable_id("M", src.doc_id, raw_start, raw_end, label),
                doc_id=src.doc_id,
                start=raw_start,
                end=raw_end,
                line=src.line_of(raw_start),
                text=text,
                label=label,
                clean_start=start,
                clean_end=end,
                sent_index=sent_index,
                hint=_hint_for(hints, start, end),
            )
        )
    found = _untagged_events(src, sent_starts, [(m.clean_start, m.clean_end) for m in out])
    return sorted(out + found, key=lambda m: (m.clean_start, m.clean_end)) if found else out


_KNOWN_EVENTS = re.compile(r"(?<![\w-])(?:" + "|".join(
    map(re.escape, sorted(lang.words("entities", "known_events"), key=len, reverse=True)))
    + r")(?![\w-])")


def _untagged_events(src: SourceDoc, sent_starts: list[int],
                     taken: list[tuple[int, int]]) -> list[EntityMention]:
    """Known events' names the model left untagged ("Serbia in WWI", "the end of the First
    World War"), where no mention overlaps them."""
    out = []
    for hit in _KNOWN_EVENTS.finditer(src.text):
        start, end = hit.span()
        if any(s < end and start < e for s, e in taken):
            continue
        raw_start, raw_end = src.offsets.to_raw(start, end)
        out.append(EntityMention(
            mention_id=stable_id("M", src.doc_id, raw_start, raw_end, "EVENT"),
            doc_id=src.doc_id, start=raw_start, end=raw_end, line=src.line_of(raw_start),
            text=hit.group(0), label="EVENT", clean_start=start, clean_end=end,
            sent_index=max(0, bisect.bisect_right(sent_starts, start) - 1) if sent_starts else -1,
            label_rule="a known event's name (lang/en/entities.yaml known_events), untagged "
                       "by the model"))
    return out


def _joined_by_ampersand(ents: Sequence[Span], text: str) -> dict[int, int]:
    """Index pairs of names one "&" joins into a firm's name: an organisation and an
    organisation or person beside it, the first ending in the "&" ("Cleary Gottlieb Steen
    &" + "Hamilton LLP"), or with only "&" between and a legal form closing the second
    ("Baker" + "McKenzie LLP")."""
    out: dict[int, int] = {}
    for i in range(len(ents) - 1):
        a, b = ents[i], ents[i + 1]
        labels = {a.label_, b.label_}
        if "ORG" not in labels or not labels <= {"ORG", "PERSON"} or i in out.values():
            continue
        gap = text[a.end_char:b.start_char].strip()
        if (gap == "&" and _LEGAL_FORMS.intersection(
                [b.text.split()[-1].rstrip(".").lower()])) or (
                a.text.rstrip().endswith("&") and not gap):
            out[i] = i + 1  # not "Microsoft & Google": two firms a reader would list
    return out


def _common_and_name_words(doc: Doc) -> tuple[set[str], set[str]]:
    """The nouns the running text writes in lower case (not inside a web address, where
    "lindsay-lohan" is lower too), and the words it capitalises inside a sentence."""
    lower, capitalised = set(), set()
    for t in doc:
        if t.is_lower and t.pos_ == "NOUN":
            before = doc[t.i - 1].text if t.i else " "
            after = doc[t.i + 1].text if t.i + 1 < len(doc) else " "
            if before not in _ADDRESS_PUNCT and after not in _ADDRESS_PUNCT:
                lower.add(t.text)
        elif t.is_title and not t.is_sent_start:
            capitalised.add(t.text)
    return lower, capitalised


def _named_alone(rest: str, ents: Sequence[Span]) -> bool:
    """Does another of the names ``ents`` read ``rest`` or begin with it ("Halvorsen ASA")?"""
    return any(e.text == rest or e.text.startswith(rest + " ") for e in ents)


def _hint_for(hints: dict[tuple[int, int], str], start: int, end: int) -> str:
    """The link target of a wiki link whose label is (or contains) this mention."""
    if (start, end) in hints:
        return hints[(start, end)]
    for (h_start, h_end), target in hints.items():
        if h_start <= start and end <= h_end:
            return target
    return ""
