"""report.html: self-contained, deterministic, every piece of document text escaped."""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from pipeline import report, schema
from pipeline.report import locator_href, render_report, when

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "outputs_small"
HOSTILE = "</script><script>alert(1)</script><img src=x onerror=alert(2)> & \u2028 \"'"


def fixture_rows() -> dict[str, list[dict]]:
    return {name: pd.read_csv(FIXTURE / f"{name}.csv", dtype=str, keep_default_na=False)
            .to_dict("records") for name in schema.TABLES}


def hostile_rows() -> dict[str, list[dict]]:
    rows = fixture_rows()
    rows["events"][0]["title"] = HOSTILE
    rows["events"][1]["event_type"] = HOSTILE
    rows["event_mentions"][0]["quote"] = HOSTILE
    rows["event_mentions"][1]["locator"] = "javascript:alert(3)"
    rows["conflicts"][0]["quote"] = HOSTILE
    rows["conflicts"][1]["value"] = HOSTILE
    rows["claims"][1]["text"] = HOSTILE
    rows["claims"][1]["locator"] = "javascript:alert(4)"
    rows["documents"][0]["title"] = HOSTILE
    rows["documents"][2]["message"] = HOSTILE
    return rows


def data_island(page: str) -> dict:
    m = re.search(r'<script type="application/json" id="annalist-data">(.*?)</script>',
                  page, re.S)
    assert m
    return json.loads(m.group(1))


def test_report_escapes_hostile_text():
    page = render_report(hostile_rows(), title=HOSTILE, warnings=[HOSTILE])
    # Exactly our two script elements: no document text opened or closed one.
    assert page.count("<script") == 2
    assert page.count("</script>") == 2
    assert "alert(1)</script>" not in page
    assert "<img" not in page
    assert "&lt;/script&gt;&lt;script&gt;alert(1)" in page
    assert 'href="javascript:' not in page


def test_report_json_island_has_no_markup_characters():
    page = render_report(hostile_rows(), title="t", warnings=[])
    raw = page.split('id="annalist-data">', 1)[1].split("</script>", 1)[0]
    assert not set("<>&") & set(raw)
    assert "\u2028" not in raw
    data = data_island(page)
    assert data["events"][0]["title"] == HOSTILE
    assert data["events"][0]["quotes"][0]["quote"] == HOSTILE


def test_report_non_url_locators_are_never_links():
    page = render_report(hostile_rows(), title="t", warnings=[])
    assert "<code>javascript:alert(4)</code>" in page
    assert 'href="javascript' not in page


def test_report_video_locator_links_to_the_second():
    page = render_report(fixture_rows(), title="t", warnings=[])
    assert ('href="https://www.youtube.com/watch?v=abc123XYZ_-&amp;t=180s"' in page)
    assert "▶ 3:00" in page


def test_report_is_self_contained():
    page = render_report(fixture_rows(), title="t", warnings=[])
    assert not re.search(r"<(link|img|iframe|object|embed)\b", page)
    assert not re.search(r"\bsrc\s*=", page.split('<script type="application/json"')[0])
    assert "@import" not in page and "url(http" not in page
    assert "default-src 'none'" in page  # the browser itself refuses any network load


def test_report_is_deterministic_and_accepts_frames():
    rows = fixture_rows()
    frames = {name: pd.DataFrame(r, columns=schema.columns(name)) for name, r in rows.items()}
    a = render_report(rows, title="t", warnings=["w"])
    assert a == render_report(rows, title="t", warnings=["w"])
    assert a == render_report(frames, title="t", warnings=["w"])


def test_report_handles_typed_frames_with_missing_values():
    frame = pd.DataFrame({
        "event_id": ["E1", "E2"], "event_type": ["battle", None],
        "title": ["A", "B"], "earliest": ["1389-01-01", None], "latest": ["1389-12-31", None],
        "precision": ["year", None], "n_documents": [3.0, float("nan")],
        "n_mentions": pd.array([4, None], dtype="Int64"), "has_conflict": [True, False],
        "confidence": [0.5, float("nan")],
    })
    data = data_island(render_report({"events": frame}, title="t", warnings=[]))
    e1, e2 = data["events"]
    assert (e1["n"], e1["nm"], e1["conflict"], e1["when"]) == (3, 4, True, "1389")
    assert (e2["t0"], e2["type"], e2["when"], e2["n"]) == (None, "(untyped)", "undated", 1)


def test_report_timeline_data_has_every_event():
    data = data_island(render_report(fixture_rows(), title="t", warnings=[]))
    by_id = {e["id"]: e for e in data["events"]}
    assert set(by_id) == {"E1", "E2", "E3", "E4"}
    assert by_id["E1"]["conflict"] and by_id["E1"]["n"] == 2
    assert len(by_id["E1"]["quotes"]) == 2 and len(by_id["E1"]["conflicts"]) == 2
    assert by_id["E3"]["span"] and not by_id["E2"]["span"]
    assert by_id["E2"]["t0"] == 1389.0 and by_id["E2"]["precision"] == "year"


def test_report_flagged_claims_are_citation_needed_or_hedged():
    page = render_report(fixture_rows(), title="t", warnings=[])
    flagged = page.split('id="flagged"', 1)[1].split("</section>", 1)[0]
    assert "lasted from 1804 to 1813" in flagged and "citation needed" in flagged
    assert "hedged: reportedly" in flagged
    assert "Battle of Kosovo" not in flagged


def test_report_lists_events_that_may_be_one_with_both_sources():
    rows = fixture_rows()
    page = render_report(rows, title="t", warnings=[])
    section = page.split('id="candidates"', 1)[1].split("</section>", 1)[0]
    link = rows["candidate_links"][0]
    titles = {e["event_id"]: e["title"] for e in rows["events"]}
    quotes = {m["event_mention_id"]: m["quote"] for m in rows["event_mentions"]}
    assert section.count("<tr>") == 1 + len(rows["candidate_links"])  # header + pairs
    for eid, mid in ((link["event_id"], link["event_mention_id"]),
                     (link["other_event_id"], link["other_event_mention_id"])):
        assert f'data-target="{eid}"' in section and titles[eid] in section
        assert quotes[mid][:30] in section
    assert "under the match bar" in section
    assert "Possibly the same" in page  # in the navigation


def test_report_document_statistics_and_warnings():
    page = render_report(fixture_rows(), title="t", warnings=["W201: odd bytes", "W300: x"])
    docs = page.split('id="documents"', 1)[1].split("</section>", 1)[0]
    assert docs.count("<tr>") == 4  # header + three documents
    assert "E104: scan.pdf has no reader" in docs
    assert "2 warnings" in page and "W300: x" in page


def test_report_empty_tables():
    page = render_report({}, title="Empty", warnings=[])
    assert data_island(page)["events"] == []
    assert "No warnings." in page


@pytest.mark.parametrize(("earliest", "latest", "precision", "expected"), [
    ("1807-07-07", "1807-07-07", "day", "7 July 1807"),
    ("1807-07-01", "1807-07-31", "month", "July 1807"),
    ("1389-01-01", "1389-12-31", "year", "1389"),
    ("1804-01-01", "1813-12-31", "year", "1804 – 1813"),
    ("1300-01-01", "1399-12-31", "century", "14th century"),
    ("1900-01-01", "1999-12-31", "century", "20th century"),
    ("2000-01-01", "2099-12-31", "century", "21st century"),
    ("1990-01-01", "1999-12-31", "decade", "1990s"),
    ("1301-01-01", "1400-12-31", "century", "1301 – 1400"),
    ("-0500-01-01", "-0500-12-31", "year", "500 BCE"),
    ("1807-07-07", "1807-07-09", "day", "7 July 1807 – 9 July 1807"),
    ("", "", "", "undated"),
    ("2022-01-01", "", "year", "2022"),
])
def test_report_when_is_readable(earliest, latest, precision, expected):
    assert when(earliest, latest, precision) == expected


@pytest.mark.parametrize(("locator", "corpus_href", "expected"), [
    ("https://www.youtube.com/watch?v=x&t=5s", None, "https://www.youtube.com/watch?v=x&t=5s"),
    ("a b.txt#L3", "../corpus", "../corpus/a%20b.txt#L3"),
    ("sub/a.txt#L3", "", "sub/a.txt#L3"),
    ("a.txt#L3", None, ""),
    ("javascript:alert(1)", "../corpus", ""),
    ("JavaScript:alert(1)", None, ""),
    ("data:text/html,<b>", "../corpus", ""),
    ("/etc/passwd#L1", "../corpus", ""),
    ("", "../corpus", ""),
])
def test_report_locator_href(locator, corpus_href, expected):
    assert locator_href(locator, corpus_href) == expected


def test_report_file_locators_link_into_the_corpus_when_told_where_it_is():
    rows = fixture_rows()
    assert 'href="corpus/treaty.txt#L7"' not in render_report(rows, title="t", warnings=[])
    page = render_report(rows, title="t", warnings=[], corpus_href="corpus")
    assert 'href="corpus/treaty.txt#L7"' in page
    assert data_island(page)["events"][0]["quotes"][0]["href"] == "corpus/treaty.txt#L5"


@pytest.mark.parametrize(("value", "expected"), [
    ("x", "x"), (3, 3), (True, True), (2.5, 2.5), (None, None), (float("nan"), None),
    (np.int64(7), 7), (np.float64("nan"), None), (np.bool_(False), False), (pd.NA, None),
])
def test_report_plain_turns_table_cells_into_python_values(value, expected) -> None:
    got = report._plain(value)
    assert got == expected and type(got) is type(expected)


@pytest.mark.parametrize("doc_id, anchor", [
    ("D1", "V5740ea1ddebe"), ("D 1", "a b"), ("Dé", "x#y"), ("D/1", "a~b_c.d-e"), ("D?", ""),
])
def test_report_page_links_are_quoted_as_urllib_quotes_them(doc_id, anchor):
    from urllib.parse import quote

    from pipeline.report.model import Links

    expected = f"sources/{quote(doc_id)}.html" + (f"#{quote(anchor)}" if anchor else "")
    assert Links(pages=frozenset({doc_id})).page(doc_id, anchor) == expected


def test_report_rows_of_plain_cells_are_read_as_they_are_and_nan_is_empty():
    from pipeline.report.values import _rows

    plain = {"a": "x", "n": 1, "f": True, "z": None}
    rows = _rows([plain, {"a": "y", "x": float("nan"), "r": 0.5}])
    assert rows[0] == plain
    assert rows[1] == {"a": "y", "x": None, "r": 0.5}
