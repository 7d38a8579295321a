"""The per-language resource folder: every file loads, entries are words, and a change shows.

These guard the promise that vocabulary is data: a typo in a YAML file fails here with the
file and key named, not deep inside a stage.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from pipeline import lang
from pipeline.readers import base, text

EN = Path(lang.__file__).parent / "en"
FILES = sorted(p.stem for p in EN.glob("*.yaml"))


@pytest.mark.parametrize("name", FILES)
def test_every_entry_loads_as_words_a_table_or_a_value(name):
    for key, entry in lang.resource(name).items():
        payload = lang.value(name, key)
        if isinstance(payload, list) and not any(isinstance(x, dict) for x in payload):
            assert lang.ordered(name, key), f"{name}.yaml: {key} is an empty list"
        elif isinstance(payload, list):
            assert all(isinstance(x, dict) for x in payload), f"{name}.yaml: {key} mixes rules and words"
        elif isinstance(payload, dict):
            assert lang.table(name, key), f"{name}.yaml: {key} is an empty table"
        else:
            assert payload is not None, f"{name}.yaml: {key} has no value"
        if isinstance(entry, dict) and "example" in entry:
            assert str(entry["example"]).strip()


def test_a_bare_yes_or_no_is_refused_with_the_key_named(tmp_path, monkeypatch):
    folder = tmp_path / "xx"
    folder.mkdir()
    (folder / "cues.yaml").write_text("negation: [not, no]\n", encoding="utf-8")
    monkeypatch.setattr(lang, "_folder", lambda code: tmp_path / code)
    lang.resource.cache_clear()
    try:
        with pytest.raises(ValueError, match="negation"):
            lang.ordered("cues", "negation", "xx")
    finally:
        lang.resource.cache_clear()


def test_a_new_language_is_a_folder_and_its_words_change_the_fingerprint(tmp_path, monkeypatch):
    shutil.copytree(EN, tmp_path / "xx")
    english = lang.words("layout", "layout_words")
    monkeypatch.setattr(lang, "_folder", lambda code: tmp_path / code)
    for cached in (lang.resource, lang.words, lang.fingerprint):
        cached.cache_clear()
    try:
        before = lang.fingerprint("xx")
        assert lang.words("layout", "layout_words", "xx") == english
        path = tmp_path / "xx" / "layout.yaml"
        path.write_text(path.read_text("utf-8") + "\nextra:\n  words: [bild]\n", "utf-8")
        lang.fingerprint.cache_clear()
        assert lang.fingerprint("xx") != before
    finally:
        for cached in (lang.resource, lang.words, lang.fingerprint):
            cached.cache_clear()


def test_the_readers_take_their_layout_words_from_the_language_folder():
    for word in lang.words("layout", "layout_words"):
        assert text.is_layout_key(f"Main {word}", "Belgrade"), word
    for tag in lang.ordered("layout", "editorial_tags"):
        assert base.BRACKET_RUN.fullmatch(f"[{tag}]"), tag
    assert base.classify_bracket("[better source needed]")[0] == "citation_needed"
    assert base.classify_bracket("[who?]")[0] == "maintenance"


def test_no_english_word_list_is_left_in_the_readers():
    # A set or tuple literal of three or more lower-case words is vocabulary; HTML tag
    # names (html.py's SKIP/BLOCK/VOID) are markup, not language.
    literal = re.compile(r"[{(]\s*\"[a-z ]+\",\s*\"[a-z ]+\",\s*\"[a-z ]+\"")
    for module in (base, text):
        source = Path(module.__file__).read_text("utf-8")
        assert not literal.search(source), module.__name__


def test_lang_files_name_each_top_level_key_once():
    # YAML keeps the last of two equal keys silently: a second list of the same name
    # replaced the first one's words (reaction_verbs, caught in stop 44).
    import re
    from collections import Counter
    from pathlib import Path

    import pipeline

    for path in sorted((Path(pipeline.__file__).parent / "lang").rglob("*.yaml")):
        keys = re.findall(r"^([A-Za-z_][\w-]*):", path.read_text(encoding="utf-8"), re.M)
        twice = sorted(k for k, n in Counter(keys).items() if n > 1)
        assert not twice, f"{path.name}: {twice}"
