"""Reconciliation's English lives in pipeline/lang/en/reconcile.yaml, not in its modules."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pipeline import lang
from pipeline.reconcile import names
from pipeline.reconcile.conflicts import number_key
from pipeline.reconcile.features import content_tokens, stem

RECONCILE = Path(names.__file__).parent
MODULES = sorted(p.name for p in RECONCILE.glob("*.py"))

# Vocabulary in code: a set, tuple or list of three or more lower-case words, three word
# keys mapped to strings in a row, or a string of three or more words split into a list.
_WORD = r"\"[a-z][a-z ]*\""
_LITERALS = (
    re.compile(rf"[{{(\[]\s*{_WORD},\s*{_WORD},\s*{_WORD}"),
    re.compile(rf"{_WORD}:\s*\"[^\"]*\",\s*{_WORD}:\s*\"[^\"]*\",\s*{_WORD}:\s*\""),
    re.compile(r"\"[a-z]+ [a-z]+ [a-z]+[a-z ]*\"\s*\)?\.split\(\)"),
)


@pytest.mark.parametrize("module", MODULES)
def test_reconcile_modules_hold_no_english_word_list(module):
    source = (RECONCILE / module).read_text("utf-8")
    for literal in _LITERALS:
        found = literal.search(source)
        assert found is None, f"{module}: {found.group(0)!r} belongs in lang/en/reconcile.yaml"


def test_reconcile_stop_words_from_lang_carry_no_content():
    stop_words = lang.words("reconcile", "stop_words")
    assert not content_tokens(" ".join(stop_words))
    assert content_tokens("the treaty was signed") == {"treaty", "sign"}


def test_reconcile_stemmer_strips_the_suffixes_lang_lists():
    for suffix in lang.ordered("reconcile", "stem_suffixes"):
        assert stem("bombard" + suffix) == "bombard", suffix


def test_reconcile_honorifics_from_lang_leave_a_persons_name_key():
    for title in lang.words("reconcile", "honorifics"):
        assert names.name_key(f"{title.title()} Nikola Pašić", "PERSON") == "nikola pasic", title


@pytest.mark.parametrize("key", ["units", "word_numbers"])
def test_reconcile_number_words_from_lang_decide_a_numbers_kind_and_value(key):
    for word, value in lang.table("reconcile", key).items():
        kind, digits = number_key(f"12 {word}" if key == "units" else word)
        assert (kind, digits) == ((value, "12") if key == "units" else ("count", value)), word


@pytest.mark.parametrize("noun, verb", [("announcement", "announce"),
                                        ("settlements", "settled"), ("retirement", "retire")])
def test_reconcile_stemmer_meets_a_noun_with_its_verb(noun, verb):
    assert stem(noun) == stem(verb)
