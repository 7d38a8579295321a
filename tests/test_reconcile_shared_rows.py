"""Rows made by ``SharedRows``: equal to their literals, smaller, plain dicts."""

from __future__ import annotations

import pickle
import sys

import pytest

from pipeline.reconcile.shared_rows import MAX_SHARED_COLUMNS, SharedRows


def _literal(n: int, value: object) -> dict:
    return {f"column_{i}": value for i in range(n)}


@pytest.mark.parametrize("n", [12, 18, MAX_SHARED_COLUMNS])
def test_shared_rows_equal_their_literals_and_are_smaller(n: int) -> None:
    rows = SharedRows(f"test{n}")
    made = [rows.make(_literal(n, i)) for i in range(3)]
    assert all(type(row) is dict for row in made)
    assert made == [_literal(n, i) for i in range(3)]
    assert [list(row) for row in made] == [list(_literal(n, 0))] * 3
    assert sys.getsizeof(made[1]) < sys.getsizeof(_literal(n, 1))
    assert pickle.loads(pickle.dumps(made[2])) == _literal(n, 2)


def test_shared_rows_keep_a_row_of_too_many_columns_as_given() -> None:
    wide = _literal(MAX_SHARED_COLUMNS + 1, 0)
    assert SharedRows("wide").make(wide) is wide


def test_shared_rows_behave_as_dicts_when_changed() -> None:
    rows = SharedRows("changed")
    first, second = rows.make({"a": 1, "b": 2}), rows.make({"a": 3, "b": 4})
    first["c"] = 5
    del second["a"]
    second["a"] = 6
    assert first == {"a": 1, "b": 2, "c": 5} and list(first) == ["a", "b", "c"]
    assert second == {"b": 4, "a": 6} and list(second) == ["b", "a"]
    assert rows.make({"b": 7, "a": 8}) == {"b": 7, "a": 8}
