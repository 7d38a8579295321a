"""The table registry: one entry per schema table, one row builder each, sort keys it can use."""

from __future__ import annotations

import dataclasses

import pytest

from bench import synthetic
from pipeline import schema, tables
from bench.synthetic import doc, event
from pipeline.records import Claim, DocFact, Timex
from pipeline.reconcile import IdRegistry, reconcile
from tests.test_reconcile_ids import _treaty

# In the schema but filled by no builder: the column is empty in dates.csv.
_UNFILLED = {"dates": {"sent_index"}}


def test_tables_registry_lists_every_schema_table_in_schema_order():
    assert list(tables.TABLES) == list(schema.TABLES)


@pytest.mark.parametrize("name", list(tables.TABLES))
def test_tables_sort_key_names_columns_of_the_table(name):
    key = tables.sort_key(name)
    assert key and set(key) <= set(schema.columns(name))


@pytest.fixture(scope="module")
def built() -> dict[str, list[dict]]:
    results = synthetic.make_results(400, seed=3)
    told_twice = "NATO aircraft bombed Belgrade in 1999"  # two numbers: a conflict
    results += [doc(d, events=[event(d, 0, told_twice, "bombed", "attack", lemma="bomb",
                                     actors=["NATO"], date="1999", numbers=[n])])
                for d, n in (("zz-a", "500"), ("zz-b", "2,000"))]
    first = results[0]
    results[0] = dataclasses.replace(
        first,
        timexes=(Timex(0, 4, "1807", "DATE", "1807", timex_id="T1", doc_id=first.doc_id),),
        claims=(Claim("C1", first.doc_id, 0, 10, 1, "Peace came.", "peace", "come", "", 0),),
        facts=(DocFact("Date Signed", "10 July 1807", 20, 32, 2),),
    )
    # A document joining two events of an earlier run retires one ID: a merged_ids row.
    registry = IdRegistry()
    apart = [_treaty("zy-a", ["Slavonia"]), _treaty("zy-b", ["Dalmatia"])]
    reconcile(results + apart, registry=registry)
    results += [*apart, _treaty("zy-c", ["Slavonia", "Dalmatia"])]
    reconciled = reconcile(results, registry=registry)
    return tables.build_tables(results, reconciled, model="en_core_web_sm@3.8.0")


def test_tables_build_fills_the_tables_a_corpus_gives():
    rows = tables.build_tables([], reconcile([]), model="")
    assert list(rows) == list(tables.TABLES) and not any(rows.values())


@pytest.mark.parametrize("name", list(tables.TABLES))
def test_tables_row_builder_gives_exactly_the_schema_columns(built, name):
    # A column added to the schema but not to its builder (or the other way) fails here.
    assert built[name], f"the fixture gives no {name} rows"
    expected = set(schema.columns(name)) - _UNFILLED.get(name, set())
    for row in built[name]:
        assert set(row) == expected
