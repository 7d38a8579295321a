"""The date stage: mode choice, raw offsets, facts, sentence indices, IDs."""

from __future__ import annotations

import csv
from dataclasses import replace
from pathlib import Path

import pytest

from pipeline.config import Settings
from pipeline.ids import stable_id
from pipeline.readers import read_source
from pipeline.records import DocFact, OffsetMap, Sentence
from pipeline.run import extract_corpus
from pipeline.stages import dates
from tests.helpers import plain_source

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


@pytest.mark.parametrize("source_type,published,mode", [
    ("news", "", "news"),
    ("article", "2020-01-02", "news"),
    ("", "2020-01-02", "news"),
    ("web", "2020-01-02", "news"),
    ("wiki", "2020-01-02", "narrative"),
    ("video", "2020-01-02", "narrative"),
    ("encyclopedia", "", "narrative"),
    ("", "", "narrative"),
])
def test_stage_dates_chooses_mode_from_metadata(source_type, published, mode):
    src = plain_source("x", source_type=source_type, published=published)
    assert dates.choose_mode(src) == mode


@pytest.mark.parametrize("setting, source_type, mode, reason", [
    ("auto", "wiki", "narrative", "source_type 'wiki'"),
    ("auto", "news", "news", "source_type 'news'"),
    ("news", "wiki", "news", "--temporal-mode news"),       # the option beats source_type
    ("narrative", "", "narrative", "--temporal-mode narrative"),
    ("auto", "", "narrative", "written years"),             # the text decides
])
def test_stage_dates_anchoring_overrides(setting, source_type, mode, reason):
    text = "In 1914, 1915, 1916, 1917 and 1918 the war went on. On November 12 it ended."
    src = plain_source(text, source_type=source_type, published="2009-12-19")
    choice = dates.anchoring(src, temporal_mode=setting)
    assert choice.mode == mode and reason in choice.reason


def test_stage_dates_untyped_history_with_retrieval_date_is_narrative():
    text = "In 1914, 1915, 1916, 1917 and 1918 the war went on. On November 12 it ended."
    src = plain_source(text, published="2009-12-19")
    values = [t.value for t in dates.date_mentions(src, [])]
    assert "1918-11-12" in values and "2009-11-12" not in values


def test_stage_dates_news_resolves_against_published():
    src = plain_source("Stocks fell yesterday.", source_type="news", published="1998-01-08")
    (t,) = dates.date_mentions(src, [])
    assert (t.value, t.anchor) == ("1998-01-07", "DCT")


@pytest.mark.parametrize("published,reference_date,value", [
    ("", "2024-03-10", "2024-03-09"),            # undated: the setting anchors "yesterday"
    ("1998-01-08", "2024-03-10", "1998-01-07"),  # the document's own date wins
    ("", "", "XXXX-XX-XX"),                       # neither: left unresolved, not invented
])
def test_stage_dates_reference_date_only_when_metadata_has_none(published, reference_date,
                                                                 value):
    src = plain_source("Stocks fell yesterday.", source_type="news", published=published)
    (t,) = dates.date_mentions(src, [], reference_date=reference_date)
    assert t.value == value


def test_stage_dates_narrative_resolves_against_text():
    src = plain_source("In May 1914 it began. In late July Russia mobilized.",
                       source_type="wiki", published="2020-01-01")
    got = {t.text: (t.value, t.anchor) for t in dates.date_mentions(src, [])}
    assert got["late July"] == ("1914-07", "May 1914")


def test_stage_dates_maps_clean_offsets_to_raw():
    raw = "<b>Signed</b> on 10 July 1807."
    text = "Signed on 10 July 1807."
    # "Signed" is raw[3:9]; " on 10 July 1807." is raw[13:].
    offsets = OffsetMap(segments=((0, 3, 6), (6, 13, len(text) - 6)), raw_length=len(raw))
    src = replace(plain_source(text), raw=raw, offsets=offsets)
    sents = [Sentence("Dtest", 0, 0, len(raw), 1, text, 0, len(text))]
    (t,) = dates.date_mentions(src, sents)
    assert raw[t.start:t.end] == "10 July 1807"
    assert (t.clean_start, t.clean_end) == (10, 22)
    assert t.sent_index == 0
    assert t.timex_id == stable_id("T", "Dtest", t.start, t.end)
    assert t.doc_id == "Dtest" and t.line == 1


def test_stage_dates_tags_fact_values_with_raw_offsets():
    raw = "Alliance\n- Date Signed: 10 July 1807\n\nThe alliance was made in 1807."
    vstart = raw.index("10 July 1807")
    fact = DocFact("Date Signed", "10 July 1807", vstart, vstart + 12, 2)
    text = "Alliance\n\nThe alliance was made in 1807."
    src = replace(plain_source(text), raw=raw, facts=(fact,),
                  offsets=OffsetMap(segments=((0, 0, 9), (9, 37, len(text) - 9)),
                                    raw_length=len(raw)))
    out = dates.date_mentions(src, [])
    fact_timex = [t for t in out if t.sent_index == -1 and t.clean_start == -1]
    assert [(raw[t.start:t.end], t.value, t.line) for t in fact_timex] == [
        ("10 July 1807", "1807-07-10", 2)]
    assert [t.start for t in out] == sorted(t.start for t in out)


@pytest.mark.parametrize("path", sorted(CORPUS.glob("*.txt")), ids=lambda p: p.name)
def test_stage_dates_raw_slice_contains_expression_on_sample_corpus(path):
    src = read_source(path, corpus_root=CORPUS)
    out = dates.date_mentions(src, [])
    assert out
    for t in out:
        assert src.raw[t.start:t.end] == t.text or t.text in src.raw[t.start:t.end]
        assert t.line == src.raw.count("\n", 0, t.start) + 1
    assert [(t.start, t.end) for t in out] == sorted((t.start, t.end) for t in out)
    assert len({t.timex_id for t in out}) == len(out)


EXPECTED_SAMPLE = {
    # file, raw text, value, earliest, latest, precision
    "000_a7a467eb8e0b903b.txt": [
        ("10 July 1807", "1807-07-10", "1807-07-10", "1807-07-10", "day"),
        ("late 1806", "1806", "1806-09-01", "1806-12-31", "year"),
        ("1768–1774", "1768", "1768-01-01", "1774-12-31", "year"),
        ("December 1806", "1806-12", "1806-12-01", "1806-12-31", "month"),
        ("July 1807", "1807-07", "1807-07-01", "1807-07-31", "month"),
    ],
    "001_8bcb19b81cba2981.txt": [
        ("24 June 1940", "1940-06-24", "1940-06-24", "1940-06-24", "day"),
        ("late July", "1914-07", "1914-07-22", "1914-07-31", "month"),
        ("1923–1924", "1923", "1923-01-01", "1924-12-31", "year"),
        ("spring of 1922", "1922-SP", "1922-03-01", "1922-05-31", "season"),
        ("the start of 2000", "2000", "2000-01-01", "2000-04-30", "year"),
        ("the 1990s", "199", "1990-01-01", "1999-12-31", "decade"),
        ("Easter", "1927-04-17", "1927-04-17", "1927-04-17", "day"),
    ],
    "002_acb37923f4773d0c.txt": [
        ("the 6th and 7th centuries", "05", "0500-01-01", "0699-12-31", "century"),
        ("the mid-15th century", "14", "1433-05-01", "1466-08-31", "century"),
        ("350 years", "P350Y", "", "", "year"),
        ("late 2021", "2021", "2021-09-01", "2021-12-31", "year"),
    ],
}


@pytest.mark.parametrize("name", sorted(EXPECTED_SAMPLE))
def test_stage_dates_sample_corpus_values(name):
    # A written range is two timexes linked by range_start_id/range_end_id; its row here
    # is the raw text from the first end to the last, with the range's interval.
    src = read_source(CORPUS / name, corpus_root=CORPUS)
    out = dates.date_mentions(src, [])
    by_id = {t.timex_id: t for t in out}
    got = set()
    for t in out:
        got.add((t.text, t.value, t.earliest, t.latest, t.precision))
        if t.range_start_id and t.timex_id == t.range_end_id:
            first = by_id[t.range_start_id]
            prec = t.precision if first.precision == t.precision else first.precision
            got.add((src.raw[first.start:t.end], first.value, first.earliest, t.latest, prec))
    for row in EXPECTED_SAMPLE[name]:
        assert row in got


def test_stage_dates_range_is_two_linked_timexes():
    src = plain_source("From April to September 1957 the army waited.")
    out = dates.date_mentions(src, [])
    assert [(t.text, t.value) for t in out] == [("April", "1957-04"),
                                                 ("September 1957", "1957-09")]
    first, last = out
    for t in out:
        assert (t.range_start_id, t.range_end_id) == (first.timex_id, last.timex_id)
    assert (first.earliest, last.latest) == ("1957-04-01", "1957-09-30")


def test_stage_dates_anchor_timex_id_names_the_anchoring_date():
    src = plain_source("The vote was held on 3 May 1998. Four days after the vote, he left. "
                       "Two days later he returned.")
    out = dates.date_mentions(src, [])
    by_text = {t.text: t for t in out}
    vote = by_text["3 May 1998"]
    after = by_text["Four days after the vote"]
    assert (after.value, after.anchor_timex_id, after.anchor_offset) == (
        "1998-05-07", vote.timex_id, "+P4D")
    later = by_text["Two days later"]
    assert (later.value, later.anchor_timex_id, later.anchor_offset) == (
        "1998-05-05", vote.timex_id, "+P2D")
    assert all(t.anchor_start == t.range_start == -1 for t in out)


@pytest.mark.parametrize("name,absent", [
    ("000_a7a467eb8e0b903b.txt", "200px"),
    ("001_8bcb19b81cba2981.txt", "30 modernized"),
    ("001_8bcb19b81cba2981.txt", "9M133"),
    ("002_acb37923f4773d0c.txt", "$800 million"),
])
def test_stage_dates_sample_corpus_non_dates(name, absent):
    src = read_source(CORPUS / name, corpus_root=CORPUS)
    for t in dates.date_mentions(src, []):
        assert not set(range(t.start, t.end)) & set(
            range(src.raw.index(absent), src.raw.index(absent) + len(absent)))


def test_stage_dates_anchoring_reaches_documents_csv():
    from pipeline.records import DocResult
    from pipeline.tables import document_rows
    r = DocResult("d", "a.txt", "0" * 64, "ok", temporal_mode="narrative",
                  temporal_mode_reason="source_type 'wiki' is a kind of history")
    (row,) = document_rows([r])
    assert (row["temporal_mode"], row["temporal_mode_reason"]) == (
        "narrative", "source_type 'wiki' is a kind of history")


@pytest.mark.parametrize("suffix, raw", [
    (".md", "# History\n\nThe war began in 1899.\n\n## Campaign of 1904\n\nOn 12 May the fleet "
            "sailed.\n\n## 1905: Defeat\n\nIn March the army retreated.\n"),
    (".txt", "History\n=======\n\nThe war began in 1899.\n\n==Campaign of 1904==\n\nOn 12 May "
             "the fleet sailed.\n\n==1905: Defeat==\n\nIn March the army retreated.\n"),
])
def test_stage_dates_a_heading_the_reader_took_out_is_dated_and_anchors_its_section(
        tmp_path, suffix, raw):
    path = tmp_path / f"doc{suffix}"
    path.write_text(raw, encoding="utf-8")
    src = read_source(path, corpus_root=tmp_path)
    found = {t.text: t for t in dates.date_mentions(src, [], mode=None)}
    assert {"1904", "12 May", "1905", "March"} <= set(found)
    assert (found["12 May"].value, found["March"].value) == ("1904-05-12", "1905-03")
    for t in found.values():  # raw offsets, in headings too
        assert raw[t.start:t.end] == t.text
    heading = found["1904"]
    assert (heading.clean_start, heading.sent_index) == (-1, -1)
    assert heading.timex_id == stable_id("T", src.doc_id, heading.start, heading.end)


def test_stage_dates_a_heading_dates_the_undated_events_of_its_section(tmp_path):
    corpus, out = tmp_path / "corpus", tmp_path / "out"
    corpus.mkdir()
    (corpus / "doc.md").write_text("# History\n\nThe war began in 1899.\n\n## 1905: Defeat\n\n"
                                   "The army retreated across the river.\n", encoding="utf-8")
    extract_corpus(corpus, out, settings=Settings(), cache_dir=None, workers=1, progress=False)
    with (out / "event_mentions.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    retreat = next(r for r in rows if r["trigger"] == "retreated")
    assert (retreat["date_value"], retreat["date_source"]) == ("1905", "context")
