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
    ("Floods kill 12 in Serbia on 3 May 2021 after days of heavy rain", ""),
])
def test_readers_dates_a_dateline_title_is_the_published_date(tmp_path: Path, title, published):
    (tmp_path / "wire.txt").write_text(
        f"{title}\n\nNATO launched air strikes against Yugoslavia on Wednesday night.\n",
        encoding="utf-8")
    doc = read_source(tmp_path / "wire.txt", corpus_root=tmp_path)
    assert doc.title == title and doc.published == published
