"""The whole pipeline on a small corpus (every reader) against checked-in CSVs.

After an intended change in output, regenerate the expected files with `make golden`
and review the diff like any other change.
"""

from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import main

GOLDEN = Path(__file__).parent / "fixtures" / "golden"
EXPECTED = sorted((GOLDEN / "expected").glob("*.csv"))


@pytest.fixture(scope="module")
def golden_run(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("golden")
    result = CliRunner().invoke(main, [
        "extract", "--corpus", str(GOLDEN / "corpus"), "--out", str(out), "--no-cache",
        "--workers", "1", "--quiet"])
    assert result.exit_code == 0, result.output
    return out


def test_golden_expected_files_exist():
    names = {p.stem for p in EXPECTED}
    assert {"documents", "entities", "dates", "claims", "event_mentions", "events"} <= names


@pytest.mark.parametrize("expected", EXPECTED, ids=lambda p: p.name)
def test_golden_table_matches(golden_run, expected):
    actual = (golden_run / expected.name).read_text(encoding="utf-8").splitlines()
    wanted = expected.read_text(encoding="utf-8").splitlines()
    assert actual[0] == wanted[0], f"{expected.name}: columns changed"
    missing = sorted(set(wanted) - set(actual))[:5]
    extra = sorted(set(actual) - set(wanted))[:5]
    assert actual == wanted, (
        f"{expected.name} differs from the golden copy (run `make golden` if intended).\n"
        f"missing: {missing}\nextra: {extra}"
    )
