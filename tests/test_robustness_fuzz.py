"""Property-based fuzzing: every reader, and the whole per-document pipeline, fed random and
adversarial text in several encodings. Nothing but ``DocumentError`` may escape, and every
record's raw offsets stay inside the raw text and cover something when the span does.

``tests/test_readers_properties.py`` checks the readers' finer offset promises (spans
clean back to their text); here the point is hostile input end to end.
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline import cache as cache_mod
from pipeline.config import Settings
from pipeline.document import extract
from pipeline.errors import DocumentError
from pipeline.readers import read_source
from pipeline.records import SourceDoc
from pipeline.stages.nlp import parse

PROSE = [
    "Serbia signed an alliance with Russia on 10 July 1807. ",
    "Karađorđe led the uprising against the Dahije in February 1804, ",
    "The Ottoman army reconquered Belgrade in October 1813 [citation needed]. ",
    "According to the envoy, the treaty was probably never ratified.[12][13] ",
    "On 28 May 1812 the Treaty of Bucharest ended the war. ",
    "Руско-српски савез 1807. ", "القاهرة ١٨٠٧ ", "北京 1807年 ", "ירושלים ",
]
HOSTILE = [
    "[[a|", "[[", "]]", "[[Serbia | the Serbs]]", "[x](http://e.org)", "[x](", "![i](j)",
    '<a class="yt-timestamp" data-t="99:99:99">[99:99:99]</a>', '<a class="yt-timestamp" '
    'data-t="">', '<a data-t="00:00:07">[00:00:07]</a>', "[00:10:36]", "[1]", "[note 3]",
    "---\n", "---\ntitle: [\n", "title: !!python/object/apply:os.system ['true']\n", "...\n",
    "<script>alert(1)</script>", "</script><img src=x onerror=alert(1)>", "<!--", "-->",
    "<div>" * 30, "</div>" * 7, "<p>", "</p>", "<table><tr><th>K</th><td>V</td></tr>",
    "&amp;", "&#x110000;", "&#0;", "&", "**", "__", "`", "```\n", "> > ", "# ", "== H ==\n",
    "= T =\n", "- Key: value\n", "\n", "\n\n", "\r\n", "\r", "\t", "\x0b", "\x0c", "\x1b",
    "\x7f", "\x85", "\u2028", "\u2029", "\ufeff", "\u200b", "\u200f", "\u202e", "\u2066",
    "e\u0301", "\U0001f600", "\ud800", "\udfff", "=SUM(A1)", "@x", "+1", "-2",
]
PIECES = st.one_of(st.sampled_from(PROSE), st.sampled_from(HOSTILE), st.text(max_size=20))
TEXT = st.lists(PIECES, max_size=40).map("".join)
# A long single line or deep nesting made of one repeated piece.
REPEATED = st.tuples(st.sampled_from(PROSE + HOSTILE), st.integers(200, 3000)).map(
    lambda t: t[0].replace("\n", " ") * t[1])
ENCODINGS = ["utf-8", "utf-8-sig", "surrogatepass", "cp1252", "latin-1", "utf-16"]
SUFFIXES = [".txt", ".md", ".html"]


def encode(text: str, encoding: str) -> bytes:
    """``text`` as a file in ``encoding``; characters it cannot hold become ``?``, except in
    ``surrogatepass`` (UTF-8 that keeps lone surrogates: invalid UTF-8)."""
    if encoding == "surrogatepass":
        return text.encode("utf-8", "surrogatepass")
    if encoding == "utf-16":
        return ("\ufeff" + text).encode("utf-16-le", "surrogatepass")
    if encoding == "utf-8-sig":
        return b"\xef\xbb\xbf" + text.encode("utf-8", "replace")
    return text.encode(encoding, "replace")


def read(data: bytes, suffix: str) -> SourceDoc | None:
    try:
        return read_source(Path(f"fuzz{suffix}"), corpus_root=Path("."), raw=data, manifest={})
    except DocumentError:
        return None


def check_source(src: SourceDoc) -> None:
    raw, n = src.raw, len(src.raw)
    assert src.offsets.raw_length == n
    for b in src.blocks:
        s, e = src.offsets.to_raw(b.clean_start, b.clean_end)
        assert 0 <= s < e <= n and raw[s:e].strip(), (b, raw[s:e])
    for m in src.markers:
        assert 0 <= m.start < m.end <= n and 0 <= m.clean_pos <= len(src.text)
    for f in src.facts:
        assert 0 <= f.start <= f.end <= n and 0 <= f.key_start <= f.key_end <= n
    for sec in src.sections:
        assert 0 <= sec.start <= sec.end <= n
    for h in src.hints:
        s, e = src.offsets.to_raw(h.clean_start, h.clean_end)
        assert 0 <= s <= e <= n and (h.clean_end == h.clean_start or raw[s:e])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.one_of(TEXT, REPEATED), encoding=st.sampled_from(ENCODINGS),
       suffix=st.sampled_from(SUFFIXES))
def test_robustness_fuzz_readers_any_encoding(text: str, encoding: str, suffix: str) -> None:
    src = read(encode(text, encoding), suffix)
    if src is not None:
        check_source(src)


def test_robustness_fuzz_readers_deep_nesting_and_huge_lines() -> None:
    cases = {
        "deep.html": "<div><span>" * 20_000 + "1807" + "</span></div>" * 20_000,
        "deep.md": "> " * 20_000 + "1807 " + "[[a|" * 20_000 + "**_" * 20_000,
        "line.md": "[x](" * 100_000 + "<a " * 50_000,
        "line.txt": "[[" * 200_000 + "''" * 100_000 + "[citation needed" * 20_000,
        "front.md": "---\n" + "title: [" * 30_000 + "\n",
        "front.txt": "---\n" + "key: &a [*a, " * 5_000 + "\n---\nBody text of 1807.\n",
        "laughs.md": "---\na0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
            f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]\n" for i in range(1, 10))
        + "title: *a9\nauthor: *a9\n---\n\nThe uprising began in 1804.\n",
    }
    for name, text in cases.items():
        src = read(text.encode("utf-8", "surrogatepass"), Path(name).suffix)
        if src is not None:
            check_source(src)


def check_result(src: SourceDoc, result) -> None:
    raw, n = src.raw, len(src.raw)
    assert result.status == "ok"
    spans = [(s.start, s.end, s.clean_start, s.clean_end) for s in result.sentences]
    spans += [(m.start, m.end, m.clean_start, m.clean_end) for m in result.mentions]
    spans += [(t.start, t.end, t.clean_start, t.clean_end) for t in result.timexes]
    spans += [(c.start, c.end, c.clean_start, c.clean_end) for c in result.claims]
    spans += [(e.start, e.end, 0, 1) for e in result.event_mentions]
    for start, end, clean_start, clean_end in spans:
        assert 0 <= start <= end <= n, (start, end, n)
        if clean_end > clean_start:
            assert raw[start:end], (start, end)
    for s in result.sentences:
        assert s.line == raw.count("\n", 0, s.start) + 1
    # What the engine does with every result: through the cache encoding and back.
    key = "0" * 64
    entry = cache_mod.encode_extract(key, result)
    assert cache_mod.decode_extract(cache_mod._payload("extract", key, entry)) == result


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(text=TEXT, encoding=st.sampled_from(ENCODINGS), suffix=st.sampled_from(SUFFIXES))
def test_robustness_fuzz_document_pipeline(nlp, text: str, encoding: str, suffix: str) -> None:
    src = read(encode(text, encoding), suffix)
    if src is None:
        return
    doc = next(parse(nlp, [src.text]))
    assert doc.text == src.text
    check_result(src, extract(src, doc, Settings()))


@settings(max_examples=15, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(piece=st.sampled_from(PROSE + HOSTILE), times=st.integers(50, 400),
       suffix=st.sampled_from(SUFFIXES))
def test_robustness_fuzz_document_pipeline_repeated(nlp, piece: str, times: int,
                                                    suffix: str) -> None:
    src = read((piece * times).encode("utf-8", "surrogatepass"), suffix)
    if src is None:
        return
    doc = next(parse(nlp, [src.text]))
    check_result(src, extract(src, doc, Settings()))
