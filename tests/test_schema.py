"""The table schema: contract columns, a valid data package, a dictionary that never drifts."""

from __future__ import annotations

from pathlib import Path

import pytest
from frictionless import Package

from pipeline import schema

ROOT = Path(__file__).resolve().parent.parent

# Output contract v1, minimum columns (../shared/output-contract.md).
CONTRACT = {
    "documents": "doc_id path sha256 title source_type url published n_chars n_tokens "
                 "status message",
    "entities": "entity_id name label aliases n_mentions n_documents doc_ids",
    "entity_mentions": "mention_id entity_id doc_id start end line text label",
    "dates": "timex_id doc_id start end line text type value mod earliest latest precision",
    "claims": "claim_id doc_id start end line text subject predicate object "
              "subject_entity_id attributed_to hedge negated citations citation_needed "
              "timex_ids locator",
    "event_mentions": "event_mention_id event_id doc_id claim_id start end line quote "
                      "trigger event_type actors places date_value earliest latest "
                      "precision locator",
    "events": "event_id event_type title date earliest latest precision actors places "
              "description n_mentions n_documents doc_ids confidence has_conflict",
    "conflicts": "event_id field value doc_id event_mention_id quote",
}

EXTRA = {
    "documents": "reader model n_words warnings author video_id",
    "entities": "label_votes merged_from",
    "dates": "anchor calendar sent_index",
    "claims": "kind",
    "event_mentions": "confidence date_source anchor",
    "events": "mention_ids merged_from",
    "merged_ids": "old_id new_id kind reason",
    "facts": "doc_id key value start end line",
}


@pytest.mark.parametrize("table", sorted(CONTRACT))
def test_schema_has_contract_columns_in_order(table):
    cols = schema.columns(table)
    expected = CONTRACT[table].split()
    assert [c for c in cols if c in expected] == expected
    assert {f.name for f in schema.TABLES[table].fields if f.contract} == set(expected)


@pytest.mark.parametrize("table", sorted(EXTRA))
def test_schema_has_extra_columns(table):
    assert set(EXTRA[table].split()) <= set(schema.columns(table))


@pytest.mark.parametrize("table", sorted(schema.TABLES))
def test_schema_columns_unique_and_keys_exist(table):
    t = schema.TABLES[table]
    cols = schema.columns(table)
    assert len(cols) == len(set(cols))
    assert set(t.primary_key) <= set(cols)
    for fk in t.foreign_keys:
        assert set(fk.fields) <= set(cols)
        assert tuple(fk.ref_fields) == schema.TABLES[fk.ref_table].primary_key


@pytest.mark.parametrize(("table", "field", "ref"), [
    ("entity_mentions", "entity_id", "entities"),
    ("event_mentions", "event_id", "events"),
    ("event_mentions", "claim_id", "claims"),
    ("claims", "subject_entity_id", "entities"),
    ("conflicts", "event_id", "events"),
    ("entity_mentions", "doc_id", "documents"),
    ("dates", "doc_id", "documents"),
    ("claims", "doc_id", "documents"),
    ("event_mentions", "doc_id", "documents"),
    ("conflicts", "doc_id", "documents"),
    ("facts", "doc_id", "documents"),
])
def test_schema_declares_foreign_key(table, field, ref):
    fks = {(fk.fields, fk.ref_table) for fk in schema.TABLES[table].foreign_keys}
    assert ((field,), ref) in fks


def test_schema_columns_unknown_table_names_the_known_ones():
    with pytest.raises(KeyError, match="known: documents"):
        schema.columns("entity.csv")


def test_schema_datapackage_is_valid_tabular_data_package():
    dp = schema.datapackage(list(schema.TABLES), corpus_dir="../corpus")
    assert dp["profile"] == "tabular-data-package"
    assert dp["contract_version"] == schema.CONTRACT_VERSION == "1"
    assert dp["annalist:corpus"] == "../corpus"
    report = Package.validate_descriptor(dp)
    assert report.valid, report.flatten(["type", "note"])
    assert [r["name"] for r in dp["resources"]] == list(schema.TABLES)
    for res in dp["resources"]:
        assert res["path"] == f"{res['name']}.csv"
        assert [f["name"] for f in res["schema"]["fields"]] == schema.columns(res["name"])
        assert res["schema"]["primaryKey"] == list(schema.TABLES[res["name"]].primary_key)
        assert all(f["description"] for f in res["schema"]["fields"])


def test_schema_datapackage_booleans_are_true_false():
    dp = schema.datapackage(["claims"], corpus_dir=".")
    fields = {f["name"]: f for f in dp["resources"][0]["schema"]["fields"]}
    assert fields["negated"]["trueValues"] == ["true"]
    assert fields["negated"]["falseValues"] == ["false"]


def test_schema_datapackage_drops_foreign_keys_to_absent_tables():
    dp = schema.datapackage(["documents", "event_mentions"], corpus_dir=".")
    em = dp["resources"][1]
    refs = {fk["reference"]["resource"] for fk in em["schema"]["foreignKeys"]}
    assert refs == {"documents"}
    assert Package.validate_descriptor(dp).valid


def test_schema_datapackage_is_deterministic():
    a = schema.datapackage(["events", "documents"], corpus_dir="c")
    b = schema.datapackage(["documents", "events"], corpus_dir="c")
    assert a == b


def test_schema_datapackage_rejects_unknown_table():
    with pytest.raises(KeyError, match="unknown table"):
        schema.datapackage(["documents", "nonsense"], corpus_dir=".")


def test_schema_dictionary_matches_checked_in_file():
    checked_in = (ROOT / "docs" / "data-dictionary.md").read_bytes().decode("utf-8")
    assert checked_in == schema.dictionary_markdown(), (
        "docs/data-dictionary.md is stale: run "
        "`python -m pipeline.schema > docs/data-dictionary.md`")


def test_schema_dictionary_lists_every_column():
    md = schema.dictionary_markdown()
    for name, table in schema.TABLES.items():
        assert f"## {name}.csv" in md
        for f in table.fields:
            assert f"| `{f.name}` |" in md
