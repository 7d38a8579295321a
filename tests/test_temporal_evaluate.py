"""TimeML reading and TempEval-3 scoring on hand-made gold files."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.temporal.evaluate import Counts, evaluate, format_report
from pipeline.temporal.timeml import read_timeml

TML = """<?xml version="1.0" ?>
<TimeML>
<DOCID>{doc_id}</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="{dct}" functionInDocument="CREATION_TIME">{dct}</TIMEX3></DCT>
<TEXT>
{body}
</TEXT>
</TimeML>
"""


def _write(folder: Path, name: str, body: str, dct: str = "1998-01-08") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.tml"
    path.write_text(TML.format(doc_id=name, dct=dct, body=body), encoding="utf-8")
    return path


def test_temporal_timeml_offsets_are_in_text_plain_text(tmp_path):
    body = ('Stocks <EVENT eid="e1">fell</EVENT> <TIMEX3 tid="t1" type="DATE" '
            'value="1998-01-07">yesterday</TIMEX3> &amp; <TIMEX3 tid="t2" type="DURATION" '
            'value="P1W">this week</TIMEX3>.')
    doc = read_timeml(_write(tmp_path, "d1", body))
    assert doc.dct == "1998-01-08"
    assert [doc.text[t.start:t.end] for t in doc.timexes] == ["yesterday", "this week"]
    assert doc.text.strip() == "Stocks fell yesterday & this week."
    assert [(t.type, t.value) for t in doc.timexes] == [("DATE", "1998-01-07"),
                                                        ("DURATION", "P1W")]


def test_temporal_evaluate_counts_strict_relaxed_value_type(tmp_path):
    news = tmp_path / "news"
    # "yesterday": strict + value; "last year": relaxed only (gold span is wider) with a
    # wrong value on purpose; "the intervening years" in gold is missed; no spurious ones.
    _write(news, "d1", 'It fell <TIMEX3 tid="t1" type="DATE" value="1998-01-07">yesterday'
                       '</TIMEX3> and <TIMEX3 tid="t2" type="DATE" value="1996">all of last '
                       'year</TIMEX3>, and in <TIMEX3 tid="t3" type="DURATION" value="PXY">'
                       'the intervening years</TIMEX3>.')
    report = evaluate([news])
    (r,) = report.dirs
    assert r.mode == "news"
    t = r.totals
    assert (t.gold, t.system, t.strict, t.relaxed, t.value, t.type) == (3, 2, 1, 2, 1, 2)
    assert t.prf(t.strict) == pytest.approx((0.5, 1 / 3, 0.4))
    text = format_report(report)
    assert "strict span" in text and "'the intervening years' (PXY)" in text
    assert "'all of last year' (1996) -> 1997" in text


def test_temporal_evaluate_uses_narrative_mode_for_wiki_dirs(tmp_path):
    wiki = tmp_path / "wikiwars-mini"
    _write(wiki, "w1", 'In <TIMEX3 tid="t1" type="DATE" value="1914-05">May 1914</TIMEX3> '
                       'it began; in <TIMEX3 tid="t2" type="DATE" value="1914-07">late July'
                       '</TIMEX3> Russia mobilized.', dct="2009-12-19")
    (r,) = evaluate([wiki]).dirs
    assert r.mode == "narrative"
    assert (r.totals.strict, r.totals.value) == (2, 2)


def test_temporal_counts_f1_is_zero_without_output():
    assert Counts(gold=3).prf(0) == (0.0, 0.0, 0.0)


@pytest.mark.parametrize("gold, system", [
    ("198X", "198"),          # the 1980s: TIMEX2/TimeBank vs TIMEX3 notation
    ("BC049X", "BC049"),
    ("19XX", "19"),           # the 1900s
    ("2000-W7", "2000-W07"),  # ISO week without zero padding
    ("2000-W7-WE", "2000-W07-WE"),
    ("P1E", "P1DE"),          # a decade
    ("P10Y", "P1DE"),
    ("P20Y", "P2DE"),
    ("P200Y", "P2CE"),
    ("PXC", "PXCE"),
    ("P2L", "P2000Y"),
    ("P9M", "P3Q"),           # three quarters
    ("p1y", "P1Y"),
])
def test_temporal_evaluate_canonical_value_equates_notations(gold, system):
    from pipeline.temporal.evaluate import canonical_value
    assert canonical_value(gold) == canonical_value(system)


@pytest.mark.parametrize("gold, system", [
    ("1989-WXX", "1989-W42"),   # underspecified gold is a real disagreement
    ("1949-XX", "1949"),        # a month of 1949 is not the year 1949
    ("PXE", "PXCE"),            # vague decades are not vague centuries
    ("PXY", "PXDE"),
    ("198X", "1980"),
    ("2000-W17", "2000-W07"),
    ("PXM", "PTXM"),            # months are not minutes
])
def test_temporal_evaluate_canonical_value_keeps_disagreements(gold, system):
    from pipeline.temporal.evaluate import canonical_value
    assert canonical_value(gold) != canonical_value(system)


def test_temporal_evaluate_counts_canonicalized_matches(tmp_path):
    news = tmp_path / "news"
    _write(news, "d1", 'Prices rose in <TIMEX3 tid="t1" type="DATE" value="199X">the 1990s'
                       '</TIMEX3>.', dct="2000-02-16")
    report = evaluate([news])
    t = report.dirs[0].totals
    assert (t.value, t.canonicalized) == (1, 1)
    assert "198X -> 198" in format_report(report)


def test_temporal_evaluate_unlabelled_setting_chooses_the_mode_per_document(tmp_path):
    # A history with the retrieval date as its DCT: told nothing, the tagger must not
    # read "November 12" as November 2009.
    wiki = tmp_path / "history"
    years = " ".join(f'<TIMEX3 tid="y{y}" type="DATE" value="{y}">{y}</TIMEX3>'
                     for y in range(1914, 1919))
    _write(wiki, "w1", f'Years of war: {years}. On <TIMEX3 tid="t1" type="DATE" '
                       f'value="1918-11-12">November 12</TIMEX3> it ended.', dct="2009-12-19")
    report = evaluate([wiki], settings=("labelled", "unlabelled"))
    labelled, unlabelled = report.dirs
    assert (labelled.setting, labelled.mode) == ("labelled", "news")
    # Even read as news, a paragraph whose years all lie long before the DCT is a
    # passage of history: "November 12" takes its year from it.
    assert labelled.totals.value == 6
    assert (unlabelled.setting, unlabelled.mode) == ("unlabelled", "auto")
    assert unlabelled.chosen == {"narrative": 1} and unlabelled.totals.value == 6
    assert "unlabelled" in format_report(report).split("summary (F1):")[1]
