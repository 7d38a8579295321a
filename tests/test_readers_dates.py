"""Metadata dates: ``published`` values that cannot serve as written get a coded warning
naming the file, and are never silently changed."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.readers import read_source
from pipeline.readers.base import normalize_date, published_warning
from pipeline.stages import dates


@pytest.mark.parametrize("value, kept, code, dct", [
    ("-0500-01-01", "-0500-01-01", "W227", "-0500-01-01"),   # BCE: kept, used, warned
    ("99999-01-01", "99999-01-01", "W228", None),            # implausible: not used
    ("0000-01-01", "0000-01-01", "W228", None),              # no year 0 in AD/BC dating
    ("2024-13-45", "2024-13-45", "W229", None),              # no such month
    ("spring 2020", "spring 2020", "W229", None),
    ("1 May 2024", "2024-05-01", "", "2024-05-01"),
    ("2024-05", "2024-05", "", "2024-05"),
])
def test_readers_dates_published_warned_not_changed(tmp_path: Path, value, kept, code, dct):
    (tmp_path / "a.md").write_text(f"---\npublished: '{value}'\n---\n\nIt rained.\n",
                                   encoding="utf-8")
    src = read_source(tmp_path / "a.md", corpus_root=tmp_path)
    assert src.published == kept
    coded = [w for w in src.warnings if w[:4] in ("W227", "W228", "W229")]
    if code:
        (warning,) = coded
        assert warning.startswith(f"{code}: a.md: published {kept!r}")
    else:
        assert coded == []
    assert dates._dct(src) == dct


def test_readers_dates_unparseable_warning_names_accepted_forms():
    warning = published_warning("notes/a.txt", normalize_date("next Tuesday"))
    assert warning.startswith("W229: notes/a.txt: published 'next Tuesday'")
    assert "1 May 2024" in warning and "2024-05-01" in warning


def test_readers_dates_bce_published_anchors_relative_dates(tmp_path: Path):
    (tmp_path / "a.md").write_text("---\npublished: '-0500-06-01'\n---\n\n"
                                   "The council met yesterday.\n", encoding="utf-8")
    src = read_source(tmp_path / "a.md", corpus_root=tmp_path)
    (t,) = dates.date_mentions(src, [], mode=dates.anchoring(src, temporal_mode="news"))
    # Negative years count BC with no year 0, as the tagger's own BC dates do.
    assert (t.value, t.earliest, t.anchor) == ("BC0500-05-31", "-0500-05-31", "DCT")


@pytest.mark.parametrize("title, published", [
    ("Belgrade, 24 March 1999", "1999-03-24"),
    ("BELGRADE, March 24, 1999", "1999-03-24"),
    ("24 March 1999", "1999-03-24"),
    ("Battle of Kosovo 1389", ""),
    ("Moscow, 2024", ""),
    ("Belgrade, Serbia, Wednesday 24 March 1999", "1999-03-24"),
    ("Mark 'Deep Throat' Felt dead at 95", ""),
    ("Floods kill 12 in Serbia on 3 May 2021 after days of heavy rain", ""),
])
def test_readers_dates_a_dateline_title_is_the_published_date(tmp_path: Path, title, published):
    (tmp_path / "wire.txt").write_text(
        f"{title}\n\nNATO launched air strikes against Yugoslavia on Wednesday night.\n",
        encoding="utf-8")
    doc = read_source(tmp_path / "wire.txt", corpus_root=tmp_path)
    assert doc.title == title and doc.published == published


@pytest.mark.parametrize("opening, published", [
    ("ANKARA, March 9, 2010 (Reuters) - A magnitude 6.0 earthquake struck on Monday.",
     "2010-03-09"),
    ("BELGRADE, Serbia, 24 March 1999 — NATO launched air strikes on Wednesday night.",
     "1999-03-24"),
    ("Pristina, Sunday, June 13, 1999 (AP) _ Russian troops raced to the airport.",
     "1999-06-13"),
    ("WASHINGTON, Sept. 12, 1999 -- The Senate voted on Tuesday.", "1999-09-12"),
    ("BELGRADE, Jan 28 (Annalist Wire) - Serbia said on Friday it would not yield.", ""),
    ("WASHINGTON (AP) _ The Senate voted on Tuesday.", ""),
    ("In Belgrade, on 24 March 1999 - the first night - sirens sounded.", ""),
])
def test_readers_dates_an_opening_dateline_is_the_published_date(tmp_path: Path, opening,
                                                                  published):
    (tmp_path / "wire.txt").write_text(f"Air strikes begin\n\n{opening}\n", encoding="utf-8")
    doc = read_source(tmp_path / "wire.txt", corpus_root=tmp_path)
    assert doc.published == published
    assert doc.published_from == ("dateline" if published else "")


def test_readers_dates_metadata_outranks_an_opening_dateline(tmp_path: Path):
    (tmp_path / "a.md").write_text("---\npublished: 2010-03-12\n---\n\n"
                                   "ANKARA, March 9, 2010 (Reuters) - The quake struck.\n",
                                   encoding="utf-8")
    (tmp_path / "b.txt").write_text("ANKARA, March 9, 2010\n\nThe quake struck on Monday.\n",
                                    encoding="utf-8")
    (tmp_path / "sources.csv").write_text("path,published\nb.txt,2010-03-11\n",
                                          encoding="utf-8")
    a = read_source(tmp_path / "a.md", corpus_root=tmp_path)
    b = read_source(tmp_path / "b.txt", corpus_root=tmp_path)
    assert (a.published, a.published_from) == ("2010-03-12", "metadata")
    assert (b.published, b.published_from) == ("2010-03-11", "manifest")


def test_readers_dates_a_dateline_makes_a_wire_story_news(tmp_path: Path):
    """Its weekdays resolve against the day it was filed, backwards for the past tense."""
    (tmp_path / "wire.txt").write_text(
        "Quake kills dozens in eastern Turkey\n\n"
        "ANKARA, March 9, 2010 (Reuters) - A magnitude 6.0 earthquake struck eastern Turkey "
        "early on Monday, killing at least 51 people, officials said.\n", encoding="utf-8")
    src = read_source(tmp_path / "wire.txt", corpus_root=tmp_path)
    mode = dates.anchoring(src)
    values = {t.text: t.value for t in dates.date_mentions(src, [], mode=mode)}
    assert (src.published, mode.mode) == ("2010-03-09", "news")
    assert values["Monday"] == "2010-03-08"


def test_readers_dates_a_headline_never_reaches_dateparser(monkeypatch):
    """Parsing "Felt dead at 95" made dateparser load every locale: two seconds a process."""
    from pipeline.readers import datelines

    def refuse(value):
        raise AssertionError(f"parsed {value!r}")
    monkeypatch.setattr(datelines, "normalize_date", refuse)
    assert datelines.title_date("Mark 'Deep Throat' Felt dead at 95") == ""
    assert datelines.title_date("Esther Williams Dies At 91") == ""
