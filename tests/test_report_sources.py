"""sources/D….html: each document's text, numbered, with every row highlighted at its raw
offsets, escaped, self-contained, deterministic, and linked from report.html."""

from __future__ import annotations

import hashlib
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest

from pipeline.report import render_report
from pipeline.report.sources import page_name, source_pages, text_html
from test_report import HOSTILE


class Pieces(HTMLParser):
    """The text under each row id, the line anchors and the row anchors of a page body."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[list[str]] = []
        self.text: dict[str, str] = {}
        self.lines: list[str] = []
        self.anchors: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get("class") == "l":
            self.lines.append(a["id"])
        if a.get("class") == "a":
            self.anchors.append(a["id"])
        self.stack.append(a.get("data-r", "").split() if tag == "span" else [])

    def handle_endtag(self, tag):
        self.stack.pop()

    def handle_data(self, data):
        for ids in self.stack:
            for rid in ids:
                self.text[rid] = self.text.get(rid, "") + data


def parse(body: str) -> Pieces:
    p = Pieces()
    p.feed(body)
    return p


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_sources_highlights_exactly_the_raw_offsets(newline):
    raw = newline.join(["Title", "", "Serbia signed the treaty on 10 July 1807 in Tilsit.",
                        "Nothing here."]) + newline
    start = raw.index("Serbia")
    spans = [
        (start, raw.index(" in Tilsit"), "c", "C1"),  # a claim, with inside it:
        (start, start + 6, "e", "M1"),
        (raw.index("signed"), raw.index("signed") + 6, "t", "V1"),
        (raw.index("signed"), raw.index("."), "v", "V1"),
        (raw.index("10 July"), raw.index("10 July") + 12, "d", "T1"),
    ]
    pieces = parse(text_html(raw, spans))
    assert pieces.lines == ["L1", "L2", "L3", "L4"]
    for s, e, kind, rid in spans:
        if kind != "t":
            assert pieces.text[rid] == raw[s:e]
    assert pieces.anchors == ["C1", "M1", "V1", "T1"]


def test_sources_span_across_lines_is_cut_at_each_line():
    raw = "one two\nthree four\n"
    pieces = parse(text_html(raw, [(4, 13, "c", "C1")]))
    assert pieces.text["C1"] == "twothree"  # the newline belongs to no line's text
    assert pieces.lines == ["L1", "L2"]


def test_sources_escapes_document_text():
    raw = f"a {HOSTILE} b\n"
    body = text_html(raw, [(2, 2 + len(HOSTILE), "c", "C1")])
    assert "<script" not in body and "<img" not in body
    assert "&lt;/script&gt;&lt;script&gt;alert(1)" in body


def docs_and_rows(tmp_path: Path, text: str) -> tuple[dict, Path]:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_bytes(text.encode("utf-8"))
    sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
    rows = {
        "documents": [{"doc_id": "D1", "path": "a.txt", "status": "ok", "sha256": sha,
                       "title": HOSTILE, "url": "javascript:alert(5)"},
                      {"doc_id": "D2", "path": "gone.txt", "status": "ok", "sha256": "x"},
                      {"doc_id": "D3", "path": "scan.pdf", "status": "error"}],
        "claims": [{"claim_id": "C1", "doc_id": "D1", "start": 0, "end": 5, "text": HOSTILE}],
    }
    return rows, corpus


def test_sources_pages_are_self_contained_deterministic_and_escaped(tmp_path):
    rows, corpus = docs_and_rows(tmp_path, "Hello world\n")
    pages = source_pages(rows, corpus)
    assert list(pages) == [page_name("D1")] == ["sources/D1.html"]  # no file, no page
    page = pages["sources/D1.html"].decode()
    assert page == source_pages(rows, corpus)["sources/D1.html"].decode()
    assert page.count("<script") == 2 and page.count("</script>") == 2
    assert not re.search(r"<(link|img|iframe|object|embed)\b", page)
    assert "default-src 'none'" in page
    assert 'href="javascript' not in page
    island = page.split('id="rows">', 1)[1].split("</script>", 1)[0]
    assert not set("<>&") & set(island)
    data = json.loads(island)
    kind, values = data["rows"]["C1"]
    assert kind == "c" and HOSTILE in values


def test_sources_page_left_out_when_the_file_changed(tmp_path):
    rows, corpus = docs_and_rows(tmp_path, "Hello world\n")
    (corpus / "a.txt").write_text("changed since it was read\n")
    assert source_pages(rows, corpus) == {}


def test_sources_report_links_rows_and_locators_to_pages():
    rows = {
        "documents": [{"doc_id": "D1", "path": "a.txt", "status": "ok"}],
        "claims": [{"claim_id": "C1", "doc_id": "D1", "text": "x", "citation_needed": "true",
                    "locator": "a.txt#L3"}],
        "events": [{"event_id": "E1", "title": "t", "earliest": "1807-01-01",
                    "latest": "1807-01-01"}],
        "event_mentions": [
            {"event_mention_id": "V1", "event_id": "E1", "doc_id": "D1", "quote": "q",
             "locator": "https://www.youtube.com/watch?v=abc&t=180s"}],
    }
    page = render_report(rows, title="t", warnings=[], source_pages=["D1"])
    assert 'href="sources/D1.html#C1"' in page  # the flagged claim's row
    assert 'href="sources/D1.html"' in page  # the documents table's path
    island = json.loads(page.split('id="annalist-data">', 1)[1].split("</script>", 1)[0])
    quote = island["events"][0]["quotes"][0]
    assert quote["href"].startswith("https://www.youtube.com/")  # the video keeps its time
    assert quote["page"] == "sources/D1.html#V1"
    without = render_report(rows, title="t", warnings=[])
    assert "sources/" not in without


@pytest.mark.slow
def test_sources_extract_writes_a_page_per_document(sample_outputs):
    docs = pd.read_csv(sample_outputs / "documents.csv", dtype=str, keep_default_na=False)
    ok = docs[docs.status == "ok"]
    pages = sorted(p.name for p in (sample_outputs / "sources").glob("*.html"))
    assert pages == sorted(f"{d}.html" for d in ok.doc_id)
    report = (sample_outputs / "report.html").read_text(encoding="utf-8")
    for href in set(re.findall(r'href="(sources/[^"#]+)', report)):
        assert (sample_outputs / href).is_file(), href
    mentions = pd.read_csv(sample_outputs / "event_mentions.csv", dtype=str,
                           keep_default_na=False)
    m = mentions.iloc[0]
    page = (sample_outputs / page_name(m.doc_id)).read_text(encoding="utf-8")
    assert f'id="{m.event_mention_id}"' in page


def test_sources_a_page_with_the_same_inputs_is_taken_from_the_last_run(tmp_path):
    rows, corpus = docs_and_rows(tmp_path, "Hello world\n")
    out = tmp_path / "out"
    (out / "sources").mkdir(parents=True)
    page = source_pages(rows, corpus)["sources/D1.html"]
    # A page on disk whose key matches is reused as it is (here marked to tell it apart).
    (out / "sources" / "D1.html").write_bytes(page + b"<!-- kept -->")
    assert source_pages(rows, corpus, previous=out)["sources/D1.html"].endswith(b"kept -->")
    # A changed row changes the key: the page is rendered anew.
    rows["claims"][0]["end"] = 4
    fresh = source_pages(rows, corpus, previous=out)["sources/D1.html"]
    assert not fresh.endswith(b"kept -->") and fresh != page
    # So does a changed text (its sha256 in the documents row).
    (tmp_path / "two").mkdir()
    rows2, corpus2 = docs_and_rows(tmp_path / "two", "Hello there\n")
    assert source_pages(rows2, corpus2, previous=out)["sources/D1.html"] != page


def test_sources_page_key_tells_apart_rows_that_repr_of_values_alone_would_not():
    from pipeline.report.sources import page_key

    doc = {"doc_id": "D1", "sha256": "x"}
    base = page_key(doc, {"claims": [{"a": "1", "b": "2"}]})
    # The same values under other column names, or the same cells in another key order
    # (rows that differ in their keys), each make another key.
    assert page_key(doc, {"claims": [{"a": "1", "c": "2"}]}) != base
    assert page_key(doc, {"claims": [{"b": "2", "a": "1"}]}) != base
    mixed = {"claims": [{"a": "1", "b": "2"}, {"a": "1"}]}
    assert page_key(doc, mixed) != page_key(doc, {"claims": [{"a": "1", "b": "2"}, {"b": "1"}]})
    # A value moved to another table makes another key too.
    assert page_key(doc, {"dates": [{"a": "1", "b": "2"}]}) != base
    assert page_key(doc, {"claims": [{"a": "1", "b": "2"}]}) == base
