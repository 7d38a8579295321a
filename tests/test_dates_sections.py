"""A heading opens a section: a narrative's time does not run on into an undated one."""

from __future__ import annotations

import pytest

from pipeline.readers import read_source
from pipeline.stages import dates
from pipeline.temporal import tag


RAW = ("---\ntitle: The Harbour Blockade\npublished: 2022-08-30\nsource_type: encyclopedia\n"
       "---\n\n# The Harbour Blockade\n\n## 1913\n\nIn May, the fleet arrived off the "
       "harbour.\n\n## 1914 – 1915\n\nFighting spread inland in the summer of 1914. By "
       "March the following year, the garrison had surrendered.\n\n## Aftermath\n\nIn May, a commission was appointed. Its report, "
       "published two years later, blamed the admiralty.\n")


@pytest.fixture()
def found(tmp_path):
    path = tmp_path / "export.md"
    path.write_text(RAW, encoding="utf-8")
    src = read_source(path, corpus_root=tmp_path)
    return dates.date_mentions(src, [])


def test_dates_an_undated_section_does_not_inherit_the_last_sections_year(found):
    mays = [t for t in found if t.text == "May"]
    assert [t.value for t in mays] == ["1913-05", "XXXX-05"]
    later = next(t for t in found if t.text == "two years later")
    assert later.value == "XXXX" and not later.earliest


def test_dates_a_dated_heading_still_sets_its_sections_time(found):
    by_text = {t.text: t.value for t in found}
    assert by_text["March the following year"] == "1915-03"


def test_temporal_sections_reset_only_a_narrative():
    text = "On 3 May 1915 it began.\n\nAftermath\n\nIn June the talks opened."
    cut = text.index("Aftermath")
    narrative = {t.text: t.value for t in tag(text, dct="2009-12-19", mode="narrative",
                                             sections=[cut])}
    news = {t.text: t.value for t in tag(text, dct="1915-07-01", mode="news", sections=[cut])}
    assert narrative["June"] == "XXXX-06"
    assert news["June"] == "1915-06"
    # without sections the story's time runs on
    assert {t.text: t.value for t in tag(text, dct="2009-12-19")}["June"] == "1915-06"
