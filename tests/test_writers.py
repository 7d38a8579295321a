import json

import pytest

from pipeline import writers
from pipeline.errors import AnnalistError


def test_writers_csv_is_sorted_and_byte_stable():
    rows = [{"id": "b", "n": 2, "flag": True}, {"id": "a", "n": 1, "flag": False}]
    data = writers.table_csv(writers.table(rows, ["id", "n", "flag"], sort_by=["id"]))
    assert data == b"id,n,flag\na,1,false\nb,2,true\n"
    again = writers.table_csv(writers.table(rows[::-1], ["id", "n", "flag"], sort_by=["id"]))
    assert again == data


def test_writers_quote_fields_with_commas_quotes_and_newlines():
    table = writers.table([{"t": 'a, "b"\nc'}], ["t"], sort_by=[])
    assert writers.table_csv(table) == b't\n"a, ""b""\nc"\n'


@pytest.mark.parametrize("cell", ["=1+1", "+cmd", "-2", "@SUM(A1)"])
def test_writers_spreadsheet_safe_prefixes_formulas(cell):
    table = writers.table([{"t": cell}], ["t"], sort_by=[])
    assert writers.table_csv(table, safe=True) == b"t\n'" + cell.encode() + b"\n"


def test_writers_write_files_replaces_the_whole_set(tmp_path):
    writers.write_files(tmp_path, {"a.csv": b"old\n", "b.csv": b"old\n"})
    writers.write_files(tmp_path, {"a.csv": b"new\n", "b.csv": b"new\n"})
    assert (tmp_path / "a.csv").read_bytes() == b"new\n"
    assert not (tmp_path / writers.STAGING).exists()


def test_writers_incomplete_staging_is_discarded(tmp_path):
    writers.write_files(tmp_path, {"a.csv": b"good\n"})
    staging = tmp_path / writers.STAGING
    staging.mkdir()
    (staging / "a.csv").write_bytes(b"half")
    assert writers.recover(tmp_path) == "discarded an incomplete write"
    assert (tmp_path / "a.csv").read_bytes() == b"good\n"


def test_writers_complete_staging_rolls_forward(tmp_path):
    writers.write_files(tmp_path, {"a.csv": b"old\n", "b.csv": b"old\n"})
    staging = tmp_path / writers.STAGING
    staging.mkdir()
    (staging / "b.csv").write_bytes(b"new\n")  # a.csv already moved before the crash
    (tmp_path / "a.csv").write_bytes(b"new\n")
    (staging / writers.COMPLETE).write_text(json.dumps(["a.csv", "b.csv"]))
    assert writers.recover(tmp_path) == "rolled forward an interrupted write"
    assert (tmp_path / "b.csv").read_bytes() == b"new\n"


def test_writers_second_lock_refuses_with_a_clear_message(tmp_path):
    with writers.OutputLock(tmp_path):
        with pytest.raises(AnnalistError, match="E120: another annalist run"):
            with writers.OutputLock(tmp_path, wait=0.1):
                pass


def test_writers_spreadsheet_safe_leaves_bce_dates_typed():
    table = writers.table([{"earliest": "-0500-01-01", "q": "-x"}], ["earliest", "q"],
                          sort_by=[])
    assert writers.table_csv(table, safe=True) == b"earliest,q\n-0500-01-01,'-x\n"


def test_errors_pickle_across_processes():
    import pickle

    from pipeline.errors import DocumentError, binary_file

    err = pickle.loads(pickle.dumps(binary_file("a.txt")))
    assert isinstance(err, DocumentError) and err.code == "E105" and "a.txt" in str(err)


def test_writers_table_records_equal_pandas_to_dict_records():
    import math

    table = writers.table(
        [{"id": "b", "n": 2, "x": 1.5, "flag": True, "t": None},
         {"id": "a", "n": 1, "x": float("nan"), "flag": False, "t": "q"}],
        ["id", "n", "x", "flag", "t"], sort_by=["id"])
    frame = writers.frame_of(table)
    columns = list(frame.columns)
    ours, theirs = table.records(columns), frame.to_dict("records")
    assert [list(r) for r in ours] == [list(r) for r in theirs]
    for a, b in zip(ours, theirs):
        for key in columns:
            same_nan = isinstance(a[key], float) and math.isnan(a[key]) and math.isnan(b[key])
            assert same_nan or (a[key] == b[key] and type(a[key]) is type(b[key])), key
    assert table.records([]) == [{}, {}]


_CELLS = ["", "a", 'a, "b"\nc', "=1+1", "-x", "-0500-01-01", "Đorđe", "\r", " ", 0, 7, -3,
          2**70, 0.1, 1.0, -2.5, 1e-05, 123456.78915, 1e16, float("nan"), float("inf"),
          True, False, None]


@pytest.mark.parametrize("safe", [False, True])
@pytest.mark.parametrize("seed", range(40))
def test_writers_table_csv_is_what_pandas_to_csv_wrote(seed, safe):
    # The CSV is written without pandas; it must stay byte for byte what
    # DataFrame.to_csv gave for the same cells: columns of one kind and of mixed kinds,
    # missing cells, floats that pandas writes as float64, quoting, formulas.
    import random

    rng = random.Random(seed)
    pools = [[c for c in _CELLS if type(c) is kind] for kind in (str, int, float)]
    n_rows = rng.choice([0, 1, 2, 7])
    columns = ["k", *(f"c{i}" for i in range(6))]
    rows = []
    for _ in range(n_rows):
        row = {"k": f"id{rng.randrange(4)}"}
        for i in range(6):
            pool = pools[i % 3] if i < 3 else _CELLS  # pure columns, then mixed ones
            row[f"c{i}"] = rng.choice(pool)
        rows.append(row)
    table = writers.table(rows, columns, sort_by=["k"])
    assert writers.table_csv(table, safe=safe) == _pandas_csv(table, safe=safe)


def _pandas_csv(table, *, safe):
    """The reference: what the writer did before, with pandas (``to_csv`` of the frame,
    formula-like text in non-numeric columns defused, ISO dates left alone)."""
    import pandas as pd

    frame = writers.frame_of(table)
    if safe:
        for column in frame.columns:
            if not pd.api.types.is_numeric_dtype(frame[column]):
                frame[column] = frame[column].map(
                    lambda v: v if isinstance(v, str) and writers._ISO_DATE.match(v)
                    else writers.spreadsheet_safe(v))
    return frame.to_csv(index=False, lineterminator="\n").encode("utf-8")


def test_writers_table_csv_writes_a_lone_empty_cell_as_quotes():
    table = writers.table([{"t": ""}, {"t": "x"}], ["t"], sort_by=[])
    assert writers.table_csv(table) == b't\n""\nx\n'


def test_writers_write_files_leaves_files_that_already_hold_the_bytes(tmp_path):
    writers.write_files(tmp_path, {"a.csv": b"x\n1\n", "b.csv": b"y\n"})
    before = (tmp_path / "a.csv").stat().st_ino, (tmp_path / "b.csv").stat().st_ino
    writers.write_files(tmp_path, {"a.csv": b"x\n1\n", "b.csv": b"y\n2\n"})
    after = (tmp_path / "a.csv").stat().st_ino, (tmp_path / "b.csv").stat().st_ino
    assert after[0] == before[0] and after[1] != before[1]  # a.csv untouched, b.csv replaced
    assert (tmp_path / "b.csv").read_bytes() == b"y\n2\n"
    assert not (tmp_path / writers.STAGING).exists()


@pytest.mark.parametrize("rows", [
    # every row with the same keys, in different orders (the columns are taken by name)
    [{"id": "b", "n": 2, "t": "x"}, {"t": "y", "id": "a", "n": 1}],
    # a row lacking a key: its cell is missing, as before
    [{"id": "b", "n": 2, "t": "x"}, {"id": "a", "n": 1}],
    # a key no column names: it comes after the columns
    [{"id": "b", "n": 2, "t": "x", "z": 1}, {"id": "a", "n": 1, "t": "y", "z": 2}],
])
def test_writers_table_takes_each_cell_by_its_column_name(rows):
    table = writers.table(rows, ["id", "n", "t"], sort_by=["id"])
    names = ["id", "n", "t", *(["z"] if "z" in rows[0] else [])]
    assert table.names == names
    by_id = {row["id"]: row for row in rows}
    for i, row_id in enumerate(["a", "b"]):
        for name, column in zip(table.names, table.columns):
            expected = by_id[row_id].get(name)
            assert column[i] == ("" if expected is None else expected), (row_id, name)


def test_writers_table_of_one_column_and_of_no_rows():
    assert writers.table([{"id": "b"}, {"id": "a"}], ["id"], sort_by=["id"]).columns == [
        ["a", "b"]]
    assert writers.table([], ["id", "n"], sort_by=["id"]).columns == [[], []]
