"""Every table with offsets points at the words it reports, in the raw file."""

import re

import pandas as pd
import pytest

from pipeline.readers import reader_module
from pipeline.readers.base import decode

OFFSET_TABLES = {
    "entity_mentions": "text",
    "dates": "text",
    "claims": "text",
    "event_mentions": "quote",
    "facts": "value",
}
_SPACE = re.compile(r"\s+")


def _norm(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


@pytest.fixture(scope="module")
def documents(sample_outputs, corpus_dir):
    docs = pd.read_csv(sample_outputs / "documents.csv", keep_default_na=False, dtype=str)
    out = {}
    for row in docs.itertuples():
        raw, _ = decode((corpus_dir / row.path).read_bytes(), row.path)
        out[row.doc_id] = (raw, reader_module(row.reader))
    return out


@pytest.mark.parametrize("table,column", sorted(OFFSET_TABLES.items()))
def test_provenance_raw_slice_cleans_to_the_reported_text(sample_outputs, documents, table,
                                                          column):
    rows = pd.read_csv(sample_outputs / f"{table}.csv", keep_default_na=False, dtype=str)
    assert len(rows), f"{table} is empty on the sample corpus"
    for row in rows.to_dict("records"):
        raw, reader = documents[row["doc_id"]]
        start, end = int(row["start"]), int(row["end"])
        assert 0 <= start < end <= len(raw), row
        cleaned = _norm(reader.clean_fragment(raw[start:end]))
        assert cleaned == _norm(row[column]), (table, row)
        assert int(row["line"]) == raw.count("\n", 0, start) + 1, (table, row)


def test_provenance_locators_point_at_the_source(sample_outputs):
    for table in ("claims", "event_mentions"):
        rows = pd.read_csv(sample_outputs / f"{table}.csv", keep_default_na=False, dtype=str)
        for locator in rows["locator"]:
            assert re.fullmatch(
                r"https://www\.youtube\.com/watch\?v=[\w-]+&t=\d+s|[^#]+#L\d+", locator
            ), locator


def test_provenance_video_claims_open_at_the_right_second(sample_outputs):
    claims = pd.read_csv(sample_outputs / "claims.csv", keep_default_na=False, dtype=str)
    fin = claims[claims["text"].str.contains("over \\$800 million", regex=True)]
    assert not fin.empty
    assert set(fin["locator"]) == {"https://www.youtube.com/watch?v=PdiSU9-Fge4&t=636s"}
