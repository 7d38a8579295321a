"""Claims cite prose: no claim span starts inside markup, none comes from non-prose.

Runs the per-document stages over the seed corpus and the reader and golden fixtures (wiki
links ``[[a | b]]``, video timestamps, YAML front matter, Markdown links and emphasis, HTML).
A claim may start at the first character of removed markup (``markup_start`` moves a start
back over an opener: ``[*Public* opinion](url) was ...``), never after it has opened.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline import lang
from pipeline.config import Settings
from pipeline.document import extract
from pipeline.readers import read_source
from pipeline.records import OffsetMap
from pipeline.stages.claims import dateline_end
from pipeline.stages.spans import open_markup
from test_claims import claims_of

ROOT = Path(__file__).resolve().parent.parent
FILES = sorted([
    *ROOT.joinpath("corpus").glob("*.txt"),
    *(p for p in ROOT.joinpath("tests/fixtures/golden/corpus").iterdir() if p.suffix != ".csv"),
    *ROOT.joinpath("tests/fixtures/readers").iterdir(),
])
OPENERS = tuple(lang.table("claims", "markup_openers"))
NON_PROSE = ("caption", "heading", "dateline", "infobox")


def _removed_runs(offsets: OffsetMap) -> list[tuple[int, int]]:
    """Raw (start, end) of every run the reader removed (no segment covers it)."""
    runs, pos = [], 0
    for seg in offsets.segments:
        raw_start = seg[1]
        raw_len = seg[2] if len(seg) == 3 else seg[3]
        if raw_start > pos:
            runs.append((pos, raw_start))
        pos = max(pos, raw_start + raw_len)
    if pos < offsets.raw_length:
        runs.append((pos, offsets.raw_length))
    return runs


def inside_markup(raw: str, offsets: OffsetMap, start: int) -> str:
    """The removed markup ``start`` falls inside (after an opener left open, or in the
    middle of a removed run other than at an opener), else ""."""
    for lo, hi in _removed_runs(offsets):
        if not lo < start <= hi:
            continue
        before = raw[max(lo, raw.rfind("\n", lo, start) + 1):start]
        if open_markup(before) >= 0:
            return raw[lo:hi]
        if start < hi and before.strip() and not raw[start].isspace() \
                and not raw.startswith(OPENERS, start):
            return raw[lo:hi]
    return ""


@pytest.fixture(scope="module")
def extracted(nlp):
    settings = Settings()
    out = []
    for path in FILES:
        src = read_source(path, corpus_root=path.parent, manifest={}, settings=settings)
        out.append((src, extract(src, nlp(src.text), settings)))
    return out


def test_claims_never_start_inside_markup(extracted):
    bad = []
    for src, result in extracted:
        for c in result.claims:
            if c.kind == "fact":
                continue  # an infobox value's raw span, not a sentence's
            markup = inside_markup(src.raw, src.offsets, c.start)
            if markup:
                bad.append((src.path, c.start, markup[:30], src.raw[c.start:c.start + 30]))
    assert not bad


def test_claims_none_from_non_prose_sentences(extracted):
    bad = []
    for src, result in extracted:
        kinds = {s.index: s.kind for s in result.sentences}
        for c in result.claims:
            if c.kind != "fact" and kinds.get(c.sent_index) in NON_PROSE:
                bad.append((src.path, kinds[c.sent_index], c.text))
    assert not bad


def _overlaps(c, lo, hi):
    return c.start < hi and lo < c.end


def test_claims_none_from_headings_or_infobox_lines(extracted):
    bad = []
    for src, result in extracted:
        spans = [(s.start, s.end) for s in src.sections]
        spans += [(f.key_start or f.start, f.end) for f in src.facts]
        for c in result.claims:
            if c.kind != "fact" and any(_overlaps(c, lo, hi) for lo, hi in spans if lo < hi):
                bad.append((src.path, c.text))
    assert not bad
    assert any(src.sections for src, _ in extracted) and any(src.facts for src, _ in extracted)


def test_claims_none_from_datelines(extracted):
    bad = []
    for src, result in extracted:
        ends = {s.index: dateline_end(src.text, s) for s in result.sentences}
        for c in result.claims:
            if c.kind != "fact" and c.clean_start < ends.get(c.sent_index, -1):
                bad.append((src.path, c.text))
    assert not bad


def test_claims_dateline_is_not_claimed(nlp):
    text = "BELGRADE, Jan 28 (Annalist Wire) - Serbia closed the border on Monday."
    claims = claims_of(nlp, text)
    assert claims and all(not c.text.startswith("BELGRADE") for c in claims)
    assert all("Annalist Wire" not in c.subject for c in claims)


def test_claims_list_item_label_is_not_claimed(nlp, tmp_path):
    raw = ("# Stance\n\nSerbia sought to balance its stance:\n\n"
           "*   **Refusal to Sanction Russia**: Unlike most states, Serbia refused to impose "
           "sanctions on Russia.\n*   **Arms Supply**:\n")
    path = tmp_path / "stance.md"
    path.write_bytes(raw.encode("utf-8"))
    settings = Settings()
    src = read_source(path, corpus_root=tmp_path, manifest={}, settings=settings)
    claims = extract(src, nlp(src.text), settings).claims
    refused = next(c for c in claims if "refused" in c.text)
    assert refused.text.startswith("Unlike most states") and refused.subject == "Serbia"
    assert raw[refused.start:].startswith("Unlike most states")
    assert not any("Arms Supply" in c.text for c in claims)
    assert any(c.text == "Serbia sought to balance its stance" for c in claims)


def test_claims_hedge_scope_only_with_a_hedge_and_inside_the_claim(extracted):
    hedged = 0
    for src, result in extracted:
        for c in result.claims:
            assert bool(c.hedge) == bool(c.hedge_scope) == (c.hedge_start >= 0), c
            if c.hedge:
                hedged += 1
                assert c.start <= c.hedge_start < c.hedge_end <= c.end
                assert src.text[c.clean_start:c.clean_end].find(c.hedge_scope) >= 0
    assert hedged
