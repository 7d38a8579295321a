"""Name normalization: the key under which two surface forms count as the same name.

``name_key`` folds what only spelling changes: diacritics and transliteration (Serbian
``đ`` becomes ``dj`` before unidecode, so "Karađorđe" and "Karadjordje" meet; Cyrillic goes
through cyrtranslit first, so "Карађорђе" and "Вучић" meet their Latin spellings), case,
punctuation ("U.S." = "US"), a leading "the", a trailing possessive and a leading honorific
("President Dmitry Medvedev").
It never folds what changes the referent: "Serbian" stays apart from "Serbia",
"Austria-Hungary" from "Austria", "the Kosovo issue" from "Kosovo".

Aliases that spelling cannot explain come from three places: the curated table
``pipeline/data/aliases.csv`` (states and organisations, plus a few people), acronyms a
document defines ("North Atlantic Treaty Organization (NATO)"), and parenthetical or
appositive names ("Đorđe Petrović (Karađorđe)", "Dimitrijević, known by his codename
Apis").
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources


from pipeline import lang
from pipeline.folding import fold, fold_name  # noqa: F401  (re-exported)
from pipeline.records import EntityMention, Sentence

# Quantities never merge with names; their key keeps the label.
NUMERIC_LABELS = frozenset(
    {"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY"}
)

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "`": "'"})
_POSSESSIVE = re.compile(r"(?:'s|s')$|'$")
_ARTICLE = re.escape(lang.value("reconcile", "article"))
_THE = re.compile(rf"^{_ARTICLE}\s+", re.IGNORECASE)
_HONORIFICS = lang.words("reconcile", "honorifics")
_CORPORATE_SUFFIXES = lang.words("reconcile", "corporate_suffixes")  # "Corp.", "Inc."
_AREA_SUFFIXES = lang.words("reconcile", "area_suffixes")  # "Elazig province"
_PLACE_LABELS = frozenset({"GPE", "LOC"})
_DATELINE = re.compile(lang.value("claims", "dateline_pattern"))  # "NEW YORK (AP) —"


@lru_cache(maxsize=1 << 17)
def strip_name(text: str) -> str:
    """The name without quotes, a leading "the" or a trailing possessive."""
    text = unicodedata.normalize("NFC", text).translate(_APOSTROPHES).strip(" \t\n\"“”,;:")
    text = _THE.sub("", text)
    text = _POSSESSIVE.sub("", text).strip()
    return text


@lru_cache(maxsize=1 << 17)
def name_key(text: str, label: str = "") -> str:
    """The folded key two spellings of one name share ("" when nothing is left)."""
    stripped = strip_name(text)
    if label in NUMERIC_LABELS:
        return f"#{label}:{fold(stripped)}"
    key = fold(stripped)
    tokens = key.split()
    if label != "PERSON" or written_as_legal_form(stripped):
        # "Microsoft Corp." is Microsoft; "Corp." alone stays a name. A person's name
        # ending in a legal form written as one ("Halvorsen ASA", "Acme Inc.") is the
        # company's, whatever the tagger called it.
        while len(tokens) > 1 and tokens[-1].replace(".", "") in _CORPORATE_SUFFIXES:
            tokens.pop()
        if label in _PLACE_LABELS and len(tokens) > 1 and tokens[-1] in _AREA_SUFFIXES:
            tokens.pop()
        return " ".join(tokens)
    # "President Dmitry Medvedev" is Medvedev; a bare "President" is not a name we fold.
    # Only for people: "General Assembly" or "Prince Edward Island" keep their first word.
    i = 0
    while i < len(tokens) - 1 and tokens[i] in _HONORIFICS:
        i += 1
    if i and _starts_with_capital_word(stripped, i):
        tokens = tokens[i:]
    return " ".join(tokens)


def ends_in_legal_form(text: str) -> bool:
    """Does the name of several words end in a company's legal form ("Borealis Systems
    Inc", "Microsoft Corp.")?"""
    words = text.split()
    return len(words) > 1 and fold(words[-1]).replace(".", "") in _CORPORATE_SUFFIXES


def written_as_legal_form(text: str) -> bool:
    """Does the name end in a legal form as companies write it: in capitals ("ASA",
    "AG"), with a dot ("Inc.") or in its own mixed case ("GmbH", "plc")? "Sa" or "Co"
    ending a person's name is a name."""
    last = text.rsplit(None, 1)[-1] if " " in text.strip() else ""
    if not last or fold(last).replace(".", "") not in _CORPORATE_SUFFIXES:
        return False
    return last.isupper() or last.endswith(".") or not last[:1].isupper() or not last[1:].islower()


def _starts_with_capital_word(text: str, skip: int) -> bool:
    words = text.split()
    return len(words) > skip and words[skip][:1].isupper()


def label_group(label: str) -> str:
    """Coarse kind of a label: fuzzy matching and aliases never cross kinds."""
    if label == "PERSON":
        return "person"
    if label == "NORP":
        return "norp"
    if label in {"GPE", "LOC", "FAC", "ORG"}:
        return "polity"
    if label in NUMERIC_LABELS:
        return "number"
    return "other"


# -- the curated alias table -----------------------------------------------------------------


@dataclass(frozen=True)
class AliasTable:
    """``alias key -> (canonical name, label)``; canonical names are keys too."""

    canonical: dict[str, tuple[str, str]]

    def lookup(self, key: str) -> tuple[str, str] | None:
        return self.canonical.get(key)


def parse_alias_csv(text: str) -> AliasTable:
    """Read ``alias,canonical,label`` rows (a ``#`` line is a comment)."""
    table: dict[str, tuple[str, str]] = {}
    rows = csv.DictReader(line for line in io.StringIO(text) if not line.startswith("#"))
    for row in rows:
        canonical = row["canonical"].strip()
        label = row.get("label", "").strip()
        for name in (row["alias"].strip(), canonical):
            key = name_key(name)
            if key:
                table.setdefault(key, (canonical, label))
    return AliasTable(table)


@lru_cache(maxsize=1)
def default_aliases() -> AliasTable:
    """The alias table shipped in ``pipeline/data/aliases.csv``."""
    text = resources.files("pipeline").joinpath("data/aliases.csv").read_text(encoding="utf-8")
    return parse_alias_csv(text)


# -- aliases a document defines ----------------------------------------------------------------

_FUNCTION_WORDS = lang.words("reconcile", "acronym_function_words")
_SMALL = "|".join(map(re.escape, lang.ordered("reconcile", "acronym_function_words")))
# "International Business Machines Corp. (NYSE: IBM)": a listing's symbol in brackets,
# after its exchange, defines the company's acronym as a bare one does.
_ACRONYM_DEF = re.compile(
    rf"((?:[A-Z][\w'’-]*\s+(?:(?:{_SMALL})\s+)*)+[A-Z][\w'’-]*)\.?"
    rf"\s*\(\s*(?:{_ARTICLE}\s+)?(?:[A-Z]{{2,8}}\s*:\s*)?"
    rf"([A-Z][A-Za-z]?(?:\.?[A-Z]){{1,8}}\.?)\s*\)"
)
_PAREN_GAP = re.compile(rf"^\s*\(\s*(?:{_ARTICLE}\s+)?$")
_OF_BEFORE = re.compile(r"\bof\s+(?:the\s+)?$")
_APPOSITIVE_GAP = re.compile(lang.value("reconcile", "appositive_gap"), re.IGNORECASE)


def acronym_definitions(text: str) -> list[tuple[str, str]]:
    """``(long form, acronym)`` pairs a text defines, e.g. ("North Atlantic Treaty
    Organization", "NATO"); the acronym must spell the long form's initials."""
    out = []
    for m in _ACRONYM_DEF.finditer(text):
        words, acronym = m.group(1).split(), m.group(2).replace(".", "")
        found = _spelled_tail(words, acronym)
        bare = list(words)
        while not found and len(bare) > 2 and fold(bare[-1]).replace(".", "") in _CORPORATE_SUFFIXES:
            bare.pop()  # "International Business Machines Corp." spells IBM
            found = _spelled_tail(bare, acronym)
        if found:
            out.append((found, acronym))
    return out


def _spelled_tail(words: Sequence[str], acronym: str) -> str:
    """The longest run of ``words`` ending the list whose initials (or word beginnings)
    spell ``acronym``; "" when none does."""
    for i in range(len(words)):
        tail = words[i:]
        if tail[0].lower() in _FUNCTION_WORDS:
            continue
        initials = "".join(w[0] for w in tail if w.lower() not in _FUNCTION_WORDS)
        if initials.upper() == acronym.upper() or (
                len(tail) > 1 and _spelled_by_prefixes(tail, acronym.upper())):
            return " ".join(tail)
    return ""


def _spelled_by_prefixes(words: Sequence[str], acronym: str) -> bool:
    """Does ``acronym`` spell the start of each word in turn ("KFOR": Kosovo FORce;
    "ROK": Republic Of Korea)? Every word but a function word gives at least its initial.
    The longest run before the brackets that spells it wins, as for initials."""
    @lru_cache(maxsize=None)
    def spells(w: int, a: int) -> bool:
        if w == len(words):
            return a == len(acronym)
        word = words[w].upper()
        if words[w].lower() in _FUNCTION_WORDS and spells(w + 1, a):
            return True
        n = 0
        while n < len(word) and a + n < len(acronym) and word[n] == acronym[a + n]:
            n += 1
            if spells(w + 1, a + n):
                return True
        return False
    return spells(0, 0)


@lru_cache(maxsize=1 << 16)
def split_parenthetical(text: str) -> tuple[str, ...]:
    """"Đorđe Petrović (Karađorđe)" -> ("Đorđe Petrović", "Karađorđe"); else (text,)."""
    if "(" not in text:
        return (text,)
    m = re.fullmatch(r"\s*([^()]+?)\s*\(\s*([^()]+?)\s*\)\s*", text)
    if not m or not any(ch.isupper() for ch in m.group(2)[:1]):
        return (text,)
    return (m.group(1), m.group(2))


def linked_mentions(
    mentions: Sequence[EntityMention], sentences: Sequence[Sentence]
) -> list[tuple[EntityMention, EntityMention, str]]:
    """Pairs of mentions a sentence says name the same thing, with the reason.

    "Đorđe Petrović (Karađorđe)" (a parenthetical) and "Dragutin Dimitrijević, known by
    his codename Apis" (an appositive). The text between the two mentions is read from
    the sentence in cleaned-text coordinates; a mention whose text does not line up
    with its sentence is skipped rather than guessed.
    """
    by_sent: dict[int, list[EntityMention]] = {}
    for m in mentions:
        by_sent.setdefault(m.sent_index, []).append(m)
    sents = {s.index: s for s in sentences}
    out = []
    for index, group in by_sent.items():
        sent = sents.get(index)
        if sent is None:
            continue
        group = sorted(group, key=lambda m: (m.clean_start, m.clean_end))
        # "WASHINGTON (AP) —": a dateline's agency in brackets is no other name of its place.
        dateline = _DATELINE.match(sent.text)
        if dateline is not None:
            group = [m for m in group if m.clean_start - sent.clean_start >= dateline.end()]
        for a, b in zip(group, group[1:]):
            if "number" in (label_group(a.label), label_group(b.label)):
                continue
            if "norp" in (label_group(a.label), label_group(b.label)):
                continue
            lo, hi = a.clean_end - sent.clean_start, b.clean_start - sent.clean_start
            if lo < 0 or hi < lo or hi - lo > 60:
                continue
            gap = sent.text[lo:hi]
            after = sent.text[b.clean_end - sent.clean_start:b.clean_end - sent.clean_start + 2]
            if _PAREN_GAP.match(gap) and after.lstrip().startswith(")"):
                out.append((a, b, "parenthetical"))
            elif _APPOSITIVE_GAP.match(gap) and _same_kind(a, b) \
                    and not _OF_BEFORE.search(sent.text, 0, a.clean_start - sent.clean_start):
                # "Frederick II of Prussia, known as Frederick the Great": the name after
                # "of" is part of a longer one, which the appositive renames, not Prussia
                out.append((a, b, "appositive"))
    return out


def _same_kind(a: EntityMention, b: EntityMention) -> bool:
    """A person is never named as a thing: "a biography by Richard Foster called The Real
    Bettie Page" names the book, not Foster."""
    return (label_group(a.label) == "person") == (label_group(b.label) == "person")


def surface_forms(texts: Iterable[str]) -> list[str]:
    """Distinct stripped surface forms, most informative first (deterministic)."""
    return sorted({s for s in map(strip_name, texts) if s}, key=_form_rank)  # one strip each


def _form_rank(form: str) -> tuple:
    non_ascii = any(ord(ch) > 127 for ch in form)
    return (not non_ascii, -len(form), form)
