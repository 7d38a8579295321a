"""Readers: what each format yields on the sample corpus and on small hand-made inputs."""

from __future__ import annotations

import hashlib
import json
import os
import pickle
from pathlib import Path

import pytest

from pipeline.config import Settings
from pipeline.errors import DocumentError
from pipeline.ids import stable_id
from pipeline.readers import (
    READER_VERSIONS,
    known_suffixes,
    read_source,
    reader_for,
    reader_module,
)
from pipeline.readers import html as html_reader
from pipeline.readers import markdown as md_reader
from pipeline.readers import text as text_reader
from pipeline.readers.base import TextBuilder, normalize_date
from pipeline.records import OffsetMap, SourceDoc, from_jsonable, to_jsonable
from tests.test_readers_properties import check_doc

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "readers"
WIKI = "000_a7a467eb8e0b903b.txt"
EXTRACT = "001_8bcb19b81cba2981.txt"
VIDEO = "002_acb37923f4773d0c.txt"


def corpus_doc(name: str) -> SourceDoc:
    return read_source(CORPUS / name, corpus_root=CORPUS, manifest={})


def from_text(raw: str, name: str = "doc.txt", **kw) -> SourceDoc:
    return read_source(Path(name), corpus_root=Path("."), raw=raw.encode("utf-8"),
                       manifest=kw.pop("manifest", {}), **kw)


def block_texts(src: SourceDoc, kind: str | None = None) -> list[str]:
    return [src.text[b.clean_start:b.clean_end] for b in src.blocks
            if kind is None or b.kind == kind]


# -- registry and identity ---------------------------------------------------------------------


def test_readers_registry_lists_suffixes_and_versions() -> None:
    assert {".txt", ".md", ".html", ".htm"} <= set(known_suffixes())
    assert known_suffixes() == sorted(known_suffixes())
    assert READER_VERSIONS == {"text": "6", "markdown": "3", "html": "4"}
    for module in (text_reader, md_reader, html_reader):
        assert reader_module(f"{module.NAME}@{module.VERSION}") is module
        assert callable(module.clean_fragment) and callable(module.read)


def test_readers_identity_fields() -> None:
    src = corpus_doc(WIKI)
    data = (CORPUS / WIKI).read_bytes()
    assert src.path == WIKI
    assert src.doc_id == stable_id("D", WIKI, length=10)
    assert src.sha256 == hashlib.sha256(data).hexdigest()
    assert src.raw == data.decode("utf-8")
    assert src.reader == "text@6"


@pytest.mark.parametrize("given", ["absolute", "cwd-relative", "corpus-relative"])
def test_readers_path_is_relative_to_corpus(given: str, tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "corpus" / "sub").mkdir(parents=True)
    (tmp_path / "corpus" / "sub" / "a.txt").write_text("Some text here.\n")
    monkeypatch.chdir(tmp_path)
    path = {"absolute": tmp_path / "corpus" / "sub" / "a.txt",
            "cwd-relative": Path("corpus/sub/a.txt"),
            "corpus-relative": Path("sub/a.txt")}[given]
    src = read_source(path, corpus_root=Path("corpus"), manifest={})
    assert src.path == "sub/a.txt"
    assert src.doc_id == stable_id("D", "sub/a.txt", length=10)


def test_readers_txt_with_front_matter_is_read_as_markdown() -> None:
    assert corpus_doc(VIDEO).reader == "markdown@3"
    assert reader_for(".txt", "---\ntitle: x\n---\nBody.\n") is md_reader
    assert reader_for(".txt", "---\nno closing line\n\nBody.\n") is text_reader
    assert reader_for(".txt", "Plain text.\n") is text_reader
    assert reader_for(".txt", "---\nA rule over prose, not YAML.\n---\n") is text_reader
    assert reader_for(".md", "Plain text.\n") is md_reader


# -- text reader on the wiki sample ------------------------------------------------------------


def test_readers_text_title_and_sections() -> None:
    src = corpus_doc(WIKI)
    assert src.title == "Russo-Serbian Alliance (1807)"
    assert [(s.title, s.level) for s in src.sections] == [
        ("Background", 2), ("History", 2), ("See also", 2)]
    background = src.sections[0]
    assert src.raw[background.start:background.end] == "Background"
    first = next(b for b in src.blocks if b.section == "Background")
    assert background.clean_start == first.clean_start
    assert src.source_type == "wiki"


def test_readers_text_infobox_facts() -> None:
    src = corpus_doc(WIKI)
    facts = {f.key: f for f in src.facts}
    assert list(facts) == ["Date Signed", "Location Signed", "Signatories"]
    signed = facts["Date Signed"]
    assert signed.value == "10 July 1807"
    assert src.raw[signed.start:signed.end] == "10 July 1807"
    assert (signed.start, signed.end, signed.line) == (101, 113, 5)
    assert src.raw[signed.key_start:signed.key_end] == "Date Signed"
    assert facts["Signatories"].value == "Karađorđe"
    # "- Parties: ," has no content; "- Image Width: 200px" is layout.
    assert "Parties" not in facts and "Image Width" not in facts


def test_readers_text_non_prose_stays_out_of_text() -> None:
    src = corpus_doc(WIKI)
    for junk in ("=", "- Date Signed", "200px", "Timeline of the Serbian Revolution",
                 "See also", "Background"):
        assert junk not in src.text
    assert not src.text.startswith("Russo-Serbian Alliance (1807)")
    assert src.text.startswith("The Russo-Serbian Alliance (Руско-српски савез")
    assert all(b.kind == "prose" for b in src.blocks)
    assert len(src.blocks) == 8


def test_readers_text_non_ascii_offsets() -> None:
    src = corpus_doc(WIKI)
    for word in ("Karađorđe", "Руско-српски савез", "Ičko's Peace", "Niš"):
        cs = src.text.index(word)
        s, e = src.offsets.to_raw(cs, cs + len(word))
        assert src.raw[s:e] == word


# -- text reader on the extract sample: markers and captions -------------------------------------


def test_readers_text_leading_marker_run() -> None:
    src = corpus_doc(EXTRACT)
    run = [m for m in src.markers if m.text in ("[61]", "[104]")]
    assert [(m.kind, m.value, m.position) for m in run] == [
        ("citation", "61", "leading"), ("citation", "104", "leading")]
    assert src.raw[run[0].start:run[1].end] == "[61][104]"
    assert src.text[run[0].clean_pos:].startswith("In December 2016, the two countries")
    assert run[0].clean_pos == run[1].clean_pos
    assert any(b.clean_start == run[0].clean_pos for b in src.blocks)


def test_readers_text_inline_marker_after_comma() -> None:
    src = corpus_doc(EXTRACT)
    m = next(m for m in src.markers if m.text == "[37]")
    assert m.position == "trailing"
    assert src.raw[m.start - 1:m.end] == ",[37]"
    assert src.text[:m.clean_pos].endswith("Treaty of Friendship and Non-Aggression,")
    assert src.text[m.clean_pos:].startswith(" which did not commit")


def test_readers_text_citation_needed() -> None:
    src = corpus_doc(EXTRACT)
    needed = [m for m in src.markers if m.kind == "citation_needed"]
    assert len(needed) == 7
    assert all(m.text == "[citation needed]" and m.position == "leading" for m in needed)
    assert src.text[needed[0].clean_pos:].startswith("While geographically not close")
    assert {m.value for m in src.markers if m.kind == "citation"} >= {"9", "24", "70", "72"}
    for junk in ("[70]", "[71][72]", "[citation needed]", "[9]", "[", "]"):
        assert junk not in src.text


def test_readers_text_captions() -> None:
    src = corpus_doc(EXTRACT)
    captions = block_texts(src, "caption")
    assert len(captions) == 11
    assert captions[0].startswith('"A Threatening Situation", an American comic')
    assert captions[-1] == "Hotel Moskva in Belgrade, Serbia"
    assert block_texts(src, "prose")[-1].startswith("Since the beginning of 2022")
    assert src.blocks[-1].kind == "caption"
    assert src.title == "Russia–Serbia relations"
    # The title line is also text, as a news headline is: a block of its own, first.
    assert block_texts(src, "headline") == ["Russia–Serbia relations"]
    assert src.blocks[0].kind == "headline"


@pytest.mark.parametrize("raw, clean, pos_after, position", [
    ("Alpha beta [5] gamma.", "Alpha beta gamma.", "Alpha beta", "trailing"),
    ("Alpha beta [5].", "Alpha beta.", "Alpha beta", "trailing"),
    ("Alpha beta.[5] Gamma.", "Alpha beta. Gamma.", "Alpha beta.", "trailing"),
    ("[5] Alpha beta.", "Alpha beta.", "", "leading"),
    ("Alpha[5][6], beta.", "Alpha, beta.", "Alpha", "trailing"),
    ("At [00:10:36] we hear it.", "At we hear it.", "At", "trailing"),
])
def test_readers_text_marker_whitespace_and_clean_pos(raw: str, clean: str, pos_after: str,
                                                       position: str) -> None:
    src = from_text(raw + "\n")
    assert src.text == clean
    assert src.markers and all(m.position == position for m in src.markers)
    assert src.text[:src.markers[0].clean_pos] == pos_after
    check_doc(src)


@pytest.mark.parametrize("token, kind, value", [
    ("[24]", "citation", "24"), ("[1a]", "citation", "1a"), ("[a]", "citation", "a"),
    ("[note 3]", "citation", "note 3"), ("[citation needed]", "citation_needed",
                                          "citation needed"),
    ("[better source needed]", "citation_needed", "better source needed"),
    ("[failed verification]", "citation_needed", "failed verification"),
    ("[who?]", "maintenance", "who?"), ("[clarification needed]", "maintenance",
                                         "clarification needed"),
    ("[00:10:36]", "timestamp", "636"), ("[10:36]", "timestamp", "636"),
])
def test_readers_bracket_marker_kinds(token: str, kind: str, value: str) -> None:
    src = from_text(f"Some sentence here.{token} Next one.\n")
    assert src.text == "Some sentence here. Next one."
    assert [(m.kind, m.value, m.text) for m in src.markers] == [(kind, value, token)]


def test_readers_text_bare_timestamp_marker() -> None:
    src = from_text("At [00:10:36] we hear it.\n")
    (m,) = src.markers
    assert (m.kind, m.value, m.text) == ("timestamp", "636", "[00:10:36]")


def test_readers_text_hard_wrapped_paragraphs_join() -> None:
    src = read_source(FIXTURES / "wrapped.txt", corpus_root=FIXTURES, manifest={})
    assert block_texts(src) == [
        "Hard-wrapped plain text about Руско-српски савез and the First Serbian Uprising, "
        "which began in 1804 and ended in 1813.",
        "A second paragraph.",
    ]
    assert src.title == "wrapped"  # the first line is prose, so the title is the stem
    check_doc(src)


def test_readers_text_plain_headings_become_sections() -> None:
    raw = ("Plain title line\n\nHistory\nThe peasant rebellion against the Dahije expanded "
           "into a national uprising in 1805.\n\nSee also\n\nA list of links that is long "
           "enough to look like a paragraph of prose text.\n")
    src = from_text(raw)
    assert src.title == "Plain title line"
    assert [(s.title, s.level) for s in src.sections] == [("History", 2), ("See also", 2)]
    # The title heads sections of its own: no headline, only the title.
    assert src.text == ("The peasant rebellion against the Dahije expanded into a national "
                        "uprising in 1805.")
    check_doc(src)


def test_readers_text_title_line_without_blank_line() -> None:
    src = from_text("Russia–Serbia relations\nWhile geographically not close, Serbia and "
                    "Russia are both Slavic countries.\n")
    assert src.title == "Russia–Serbia relations"
    assert src.text.startswith("Russia–Serbia relations\n\nWhile geographically")
    assert [b.kind for b in src.blocks] == ["headline", "prose"]


@pytest.mark.parametrize("first", ["Belgrade, 24 March 1999", "http://example.com/story/1",
                                   "www . example . com / story"])
def test_readers_text_dateline_or_address_title_is_no_text(first: str) -> None:
    src = from_text(f"{first}\n\nNATO launched air strikes against Yugoslavia.\n")
    assert src.title and src.text == "NATO launched air strikes against Yugoslavia."


def test_readers_text_wrapped_document_has_no_captions() -> None:
    raw = ("The first paragraph is hard-wrapped at a fixed width like old\n"
           "plain-text files, so its lines run on.\n\n"
           "The treaty was signed by\nNapoleon and Alexander.\n")
    src = from_text(raw)
    assert [b.kind for b in src.blocks] == ["prose", "prose"]
    assert src.text.endswith("The treaty was signed by Napoleon and Alexander.")


def test_readers_text_title_falls_back_to_stem() -> None:
    assert from_text("This is a sentence, and a long one at that.\n", "notes.txt").title \
        == "notes"


# -- markdown --------------------------------------------------------------------------------------


def test_readers_markdown_front_matter_and_byline() -> None:
    src = corpus_doc(VIDEO)
    assert src.title == "Historical ties between Serbia and Russia"
    assert src.video_id == "PdiSU9-Fge4"
    assert src.url == "https://www.youtube.com/watch?v=PdiSU9-Fge4"
    assert src.author == "jameskerlindsay"
    assert src.source_type == "video"
    for junk in ("---", "videoId", "From:", "jameskerlindsay", "<br", "## ", "**", "[["):
        assert junk not in src.text
    assert src.text.startswith("Serbia's relationship with Russia is often perceived")


def test_readers_markdown_timestamps() -> None:
    src = corpus_doc(VIDEO)
    stamps = [m for m in src.markers if m.kind == "timestamp"]
    assert len(stamps) == 53
    m = next(m for m in stamps if m.text == "[00:10:36]")
    assert m.value == "636" and m.position == "trailing"
    assert src.raw[m.start:m.end] == \
        '<a class="yt-timestamp" data-t="00:10:36">[00:10:36]</a>'
    assert src.text[:m.clean_pos].endswith("over $800 million worth of ammunition")
    assert src.text[m.clean_pos] == "."
    first = stamps[0]
    assert first.value == "0"
    assert src.text[:first.clean_pos].endswith("refusal to impose sanctions on Moscow")


def test_readers_markdown_wiki_links_become_hints() -> None:
    src = corpus_doc(VIDEO)
    hint = src.hints[1]
    assert hint.target == "Impact of the Ukraine war on Serbia Russia relations"
    assert src.text[hint.clean_start:hint.clean_end] == "Ukraine war"
    s, e = src.offsets.to_raw(hint.clean_start, hint.clean_end)
    assert src.raw[s:e] == "Ukraine war"
    links = [m for m in src.markers if m.kind == "link"]
    assert len(links) == len(src.hints) == 11
    assert links[1].value == hint.target
    assert src.raw[links[1].start:links[1].end].startswith("[[Impact of the Ukraine war")


def test_readers_markdown_sections_and_list_items() -> None:
    src = corpus_doc(VIDEO)
    assert [s.title for s in src.sections] == [
        "Early History and Russian Patronage", "World Wars and the Yugoslav Era",
        "Post-Cold War Era and Kosovo", "Public Opinion", "Impact of the Ukraine War",
        'Re-evaluating the "Pro-Russian" Narrative']
    assert src.sections[3].level == 3
    items = block_texts(src, "list_item")
    assert [i.split(":")[0] for i in items] == [
        "Refusal to Sanction Russia", "Support for Ukraine", "Arms Supply"]
    assert "the Financial Times, reporting" in items[2]
    assert "Post-Cold War Era" not in src.text


def test_readers_markdown_fixture() -> None:
    src = read_source(FIXTURES / "notes.md", corpus_root=FIXTURES, manifest={})
    assert src.title == "Notes on the 1807 alliance"
    assert src.published == "2024-05-01"
    assert src.url == "https://example.org/notes"
    assert src.author == "A. Writer; B. Editor"
    texts = block_texts(src)
    assert texts[0] == ("The alliance was signed on 10 July 1807 between Serbia and the "
                        "Russian Empire & it changed the war. See Russo-Serbian Alliance "
                        "(1807) for more.")
    assert "Second, Russia sent envoys who reached Belgrade in 1807." in texts
    assert "Karađorđe wrote to the tsar in 1806." in texts
    assert texts[-1] == "Closing paragraph with a snake_case_name and an escaped *star*."
    for junk in ("code that is", "Year", "| 1807", "map.png", "A map"):
        assert junk not in src.text
    amp = src.text.index("&")
    assert src.raw[slice(*src.offsets.to_raw(amp, amp + 1))] == "&amp;"
    link = next(m for m in src.markers if m.value.startswith("https://"))
    assert link.text == "[Serbia](https://en.wikipedia.org/wiki/Serbia)"
    assert [s.title for s in src.sections] == ["Notes on the alliance", "Setext heading"]


def test_readers_markdown_rule_over_prose_is_not_front_matter() -> None:
    src = from_text("---\n- a list item\n---\nBody text.\n", "doc.md")
    assert block_texts(src) == ["a list item", "Body text."]
    assert not src.warnings


def test_readers_markdown_year_at_line_start_is_not_a_list_number() -> None:
    src = from_text("1807. The alliance was signed.\n\n1. First item.\n", "doc.md")
    assert block_texts(src) == ["1807. The alliance was signed.", "First item."]
    assert [b.kind for b in src.blocks] == ["prose", "list_item"]


@pytest.mark.parametrize("front, problem", [
    ("---\ntitle: [unclosed\n---\n", "YAML error"),
    ("---\ntitle: x\n- a list item\n---\n", "YAML error"),
    ("---\ntitle: x\n", "closing '---' line is missing"),
])
def test_readers_markdown_bad_front_matter_is_a_warning(front: str, problem: str) -> None:
    src = from_text(front + "\nBody text here.\n", "doc.md")
    assert "Body text here." in src.text
    assert any(w.startswith("W221") and problem in w for w in src.warnings)


# -- html --------------------------------------------------------------------------------------------


def test_readers_html_fixture() -> None:
    src = read_source(FIXTURES / "article.html", corpus_root=FIXTURES, manifest={})
    assert src.reader == "html@4"
    assert src.title == "Treaty of Tilsit & the Serbs"
    assert (src.author, src.published, src.url) == (
        "Jane Doe", "2021-03-04", "https://example.org/tilsit")
    assert block_texts(src) == [
        "Treaty of Tilsit",  # the first h1 before any text: the page's headline, text too
        "The treaty was signed on 7 July 1807 by Napoleon & Alexander I. It ended the war "
        "between France and Russia — for a while.",
        "Karađorđe’s rebels lost Russian support. The Serbs fought on. They held Belgrade.",
        "Руско-српски савез was not renewed.",
        "Russia signed a truce at Slobozia.",
        "Map of Europe in 1807",
    ]
    assert [b.kind for b in src.blocks][-3:] == ["list_item", "list_item", "caption"]
    for junk in ("color", "not text", "run()", "Home", "Copyright", "hidden", "&amp;",
                 "&nbsp;", "[3]"):
        assert junk not in src.text
    assert [(s.title, s.level) for s in src.sections] == [("Treaty of Tilsit", 1),
                                                          ("Aftermath", 2)]
    assert [(f.key, f.value) for f in src.facts] == [("Signed", "7 July 1807")]
    assert [(m.kind, m.text) for m in src.markers] == [
        ("citation", "[3]"), ("citation_needed", "[citation needed]")]
    amp = src.text.index("&")
    assert src.raw[slice(*src.offsets.to_raw(amp, amp + 1))] == "&amp;"


def test_readers_html_keeps_main_and_drops_boilerplate() -> None:
    src = read_source(FIXTURES / "wiki-page.html", corpus_root=FIXTURES, manifest={})
    assert src.text == "The alliance was signed in 1807. It lasted until 1812. Area: 10 km2."
    assert [s.title for s in src.sections] == ["History"]
    assert [(m.kind, m.text, m.position) for m in src.markers] == [
        ("citation", "[1]", "trailing"), ("citation_needed", "[citation needed]", "trailing")]
    first = src.markers[0]
    assert src.raw[first.start:first.end].startswith('<sup class="reference">')
    assert src.text[:first.clean_pos].endswith("signed in 1807.")


def test_readers_html_tables_and_svg_titles() -> None:
    raw = ("<html><body><svg><title>icon</title></svg><table><tr><td>1807</td><td>Alliance"
           "</td></tr><tr><td>A layout cell holding a paragraph of prose about the alliance "
           "of 1807 and what came after it.</td></tr></table></body></html>")
    src = from_text(raw, "page.html")
    assert src.title == "page"
    assert block_texts(src) == ["A layout cell holding a paragraph of prose about the "
                                "alliance of 1807 and what came after it."]


# -- manifest ------------------------------------------------------------------------------------------


def _corpus_with_manifest(tmp_path: Path, rows: str) -> Path:
    root = tmp_path / "corpus"
    root.mkdir()
    (root / "a.txt").write_text("= From the file =\n\nSome text here.\n")
    (tmp_path / "outside.txt").write_text("secret\n")
    (root / "link.txt").symlink_to(tmp_path / "outside.txt")
    (root / "sources.csv").write_text(
        "path,title,url,published,author,source_type,extra\n" + rows)
    return root


def test_readers_manifest_overrides_and_fills(tmp_path: Path) -> None:
    from pipeline.readers.manifest import load_manifest

    root = _corpus_with_manifest(
        tmp_path, "./a.txt,Manifest title,https://example.org/a,1 May 2024,Reuters,news,x\n")
    rows = load_manifest(root)
    assert rows == {"a.txt": {"title": "Manifest title", "url": "https://example.org/a",
                              "published": "2024-05-01", "author": "Reuters",
                              "source_type": "news"}}
    src = read_source(root / "a.txt", corpus_root=root)  # manifest=None: looked up
    assert (src.title, src.published, src.author, src.source_type) == (
        "Manifest title", "2024-05-01", "Reuters", "news")
    plain = read_source(root / "a.txt", corpus_root=root, manifest={})
    assert plain.title == "From the file" and plain.source_type == "wiki"
    partial = read_source(root / "a.txt", corpus_root=root, manifest={"title": "", "url": ""})
    assert partial.title == "From the file"


@pytest.mark.parametrize("path, problem", [
    ("../outside.txt", "climbs out"),
    ("/etc/passwd", "is absolute"),
    ("link.txt", "outside the corpus"),
    ("sub/../../outside.txt", "climbs out"),
])
def test_readers_manifest_refuses_paths_outside_corpus(tmp_path: Path, path: str,
                                                       problem: str) -> None:
    from pipeline.readers.manifest import load_manifest

    root = _corpus_with_manifest(tmp_path, f"{path},Bad,,,,,\na.txt,Good,,,,,\n")
    warnings: list[str] = []
    rows = load_manifest(root, warnings=warnings)
    assert list(rows) == ["a.txt"]
    assert len(warnings) == 1 and warnings[0].startswith("W222") and problem in warnings[0]


def test_readers_manifest_missing_columns_and_absent_file(tmp_path: Path) -> None:
    from pipeline.readers.manifest import load_manifest

    assert load_manifest(tmp_path) == {}
    (tmp_path / "sources.csv").write_text("path,title\nx.txt,T\n")
    assert load_manifest(tmp_path) == {"x.txt": {"title": "T"}}


@pytest.mark.parametrize("value, iso", [
    ("2024-05-01", "2024-05-01"), ("2024-05-01T10:00:00Z", "2024-05-01"),
    ("20240501", "2024-05-01"), ("1 May 2024", "2024-05-01"), ("May 1, 2024", "2024-05-01"),
    ("2024-05", "2024-05"), ("2024", "2024"), ("sometime", "sometime"), ("", ""),
])
def test_readers_normalize_date(value: str, iso: str) -> None:
    assert normalize_date(value) == iso


# -- bad input -------------------------------------------------------------------------------------------


def test_readers_undecodable_bytes_fall_back_with_warning() -> None:
    data = "Karađorđe café".encode("utf-8")[:-2] + b"\xe9 and more text.\n"
    src = read_source(Path("x.txt"), corpus_root=Path("."), raw=data, manifest={})
    assert src.raw == data.decode("cp1252")
    assert len(src.warnings) == 1 and src.warnings[0].startswith("W201")
    assert "cp1252" in src.warnings[0] and "Re-save it as UTF-8" in src.warnings[0]
    latin = b"abc \x81\x8d text.\n"  # bytes cp1252 leaves undefined
    src = read_source(Path("x.txt"), corpus_root=Path("."), raw=latin, manifest={})
    assert src.raw == latin.decode("latin-1") and "latin-1" in src.warnings[0]


def test_readers_utf16_with_bom_is_decoded() -> None:
    data = "Text in UTF-16.\n".encode("utf-16")
    src = read_source(Path("x.txt"), corpus_root=Path("."), raw=data, manifest={})
    assert src.raw == "\ufeffText in UTF-16.\n" and src.text == "Text in UTF-16."


@pytest.mark.parametrize("name, data, code, fix", [
    ("x.txt", b"abc\x00def", "E105", "Export it as text"),
    ("x.txt", b"", "E106", "Remove it or add its text"),
    ("x.md", b" \r\n\t\n", "E106", "Remove it or add its text"),
    ("x.txt", b"\xef\xbb\xbf\n", "E106", "Remove it or add its text"),
    ("x.docx", b"text", "E104", "Convert it to text"),
    ("x", b"text", "E104", "add a reader in pipeline/readers/"),
])
def test_readers_bad_input_raises_document_error(name: str, data: bytes, code: str,
                                                 fix: str) -> None:
    with pytest.raises(DocumentError) as info:
        read_source(Path(name), corpus_root=Path("."), raw=data, manifest={})
    assert info.value.code == code
    assert name in info.value.message and fix in info.value.message


def test_readers_unknown_suffix_names_known_ones() -> None:
    with pytest.raises(DocumentError) as info:
        read_source(Path("notes.pdf"), corpus_root=Path("."), raw=b"x", manifest={})
    assert ".txt" in info.value.message and ".md" in info.value.message


def test_readers_too_large(tmp_path: Path) -> None:
    (tmp_path / "big.txt").write_text("x" * 100)
    with pytest.raises(DocumentError) as info:
        read_source(tmp_path / "big.txt", corpus_root=tmp_path, manifest={},
                    settings=Settings(max_file_bytes=10))
    assert info.value.code == "E108" and "--max-bytes" in info.value.message
    with pytest.raises(DocumentError):
        read_source(Path("big.txt"), corpus_root=tmp_path, raw=b"x" * 11, manifest={},
                    settings=Settings(max_file_bytes=10))


def test_readers_unreadable_and_missing(tmp_path: Path) -> None:
    (tmp_path / "dir.txt").mkdir()
    with pytest.raises(DocumentError) as info:
        read_source(tmp_path / "dir.txt", corpus_root=tmp_path, manifest={})
    assert info.value.code == "E107" and "dir.txt" in info.value.message
    with pytest.raises(DocumentError) as info:
        read_source(tmp_path / "gone.txt", corpus_root=tmp_path, manifest={})
    assert info.value.code == "E114" and "gone.txt" in info.value.message
    if os.geteuid() != 0:  # root reads anything
        locked = tmp_path / "locked.txt"
        locked.write_text("text")
        locked.chmod(0)
        with pytest.raises(DocumentError) as info:
            read_source(locked, corpus_root=tmp_path, manifest={})
        assert info.value.code == "E107" and "permissions" in info.value.message


def test_readers_document_without_prose_warns() -> None:
    src = from_text("= Title =\n\n==Heading==\n", "x.txt")
    assert src.text == "" and src.blocks == ()
    assert any(w.startswith("W220") for w in src.warnings)


# -- OffsetMap and TextBuilder -------------------------------------------------------------------------


def test_readers_offset_map_replacements_and_separators() -> None:
    raw = "ab &amp; cd\r\nef"
    b = TextBuilder()
    b.copy(0, 3, "ab ")
    b.replace(3, 8, "&")
    b.copy(8, 11, " cd")
    b.synth("\n\n")
    b.copy(13, 15, "ef")
    text, offsets = b.build(len(raw))
    assert text == "ab & cd\n\nef"
    assert offsets.to_raw(3, 4) == (3, 8)
    assert offsets.to_raw(0, 7) == (0, 11)
    assert offsets.to_raw(2, 5) == (2, 9)
    assert offsets.to_raw(7, 9) == (13, 13)  # only the synthesised separator
    assert offsets.to_raw(9, 11) == (13, 15)
    assert offsets.raw_start(len(text)) == len(raw)
    again = from_jsonable(json.loads(json.dumps(to_jsonable(offsets))))
    assert again == offsets and again.to_raw(3, 4) == (3, 8)
    assert pickle.loads(pickle.dumps(offsets)).to_raw(3, 4) == (3, 8)


def test_readers_offset_map_accepts_three_tuples() -> None:
    m = OffsetMap(segments=((0, 0, 5),), raw_length=5)
    assert m.to_raw(1, 3) == (1, 3)
    assert m.to_raw(0, 5) == (0, 5)


def test_readers_offset_map_built_without_init() -> None:
    m = object.__new__(OffsetMap)
    object.__setattr__(m, "segments", [[0, 10, 3], [3, 20, 1, 5]])
    object.__setattr__(m, "raw_length", 30)
    assert m.to_raw(0, 4) == (10, 25)


def test_readers_source_doc_round_trips_through_json() -> None:
    src = corpus_doc(VIDEO)
    again = from_jsonable(json.loads(json.dumps(to_jsonable(src))))
    assert again == src


@pytest.mark.parametrize("value,expected", [
    ("Sat, 16 Apr 2022 10:00:00 GMT", "2022-04-16"),
    ("16. April 2022", "2022-04-16"),
    ("16 avril 2022", "2022-04-16"),
    ("2 days ago", "2 days ago"),    # relative: would need a clock, kept as given
    ("April 2022", "April 2022"),    # no day: not invented
])
def test_readers_metadata_dates_in_other_shapes_and_languages(value, expected):
    from pipeline.readers.base import normalize_date

    assert normalize_date(value) == expected


def test_readers_an_unknown_marked_section_is_a_coded_reader_failure(tmp_path):
    """html.parser raises AssertionError on "<![x"; the document gets a coded error."""
    from pipeline.errors import DocumentError
    (tmp_path / "odd.html").write_text("<p>Text</p><![x](y)", encoding="utf-8")
    with pytest.raises(DocumentError) as info:
        read_source(tmp_path / "odd.html", corpus_root=tmp_path)
    assert "odd.html" in str(info.value)


def test_readers_text_title_over_sections_is_no_headline() -> None:
    raw = ("Course of the war\n\nWar breaks out in Europe\n\nOn September 1, 1939, Germany "
           "attacked Poland and the war in Europe began within two days of it.\n")
    src = from_text(raw)
    assert src.title == "Course of the war"
    assert [b.kind for b in src.blocks] == ["prose"]
    assert [s.title for s in src.sections] == ["War breaks out in Europe"]
