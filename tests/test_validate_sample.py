"""End to end on the sample corpus: the outputs validate, a broken copy does not, the
Parquet copies match the CSVs, and report.html draws the sample's timeline offline."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest

from pipeline import schema
from pipeline.validate import validate_outputs

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def sample_outputs(tmp_path_factory) -> Path:
    from pipeline.config import Settings
    from pipeline.run import extract_corpus

    out = tmp_path_factory.mktemp("sample") / "outputs"
    extract_corpus(ROOT / "corpus", out, settings=Settings(), cache_dir=None, workers=1,
                   progress=False, formats=("csv", "parquet"))
    return out


def test_validate_sample_corpus_outputs_are_valid(sample_outputs):
    problems = validate_outputs(sample_outputs)
    assert problems == [], "\n".join(map(str, problems))


def test_validate_sample_every_reader_yields_valid_outputs(tmp_path):
    # The golden corpus has one document per reader (txt, md, html) and a manifest.
    from pipeline.config import Settings
    from pipeline.run import extract_corpus

    out = tmp_path / "outputs"
    extract_corpus(ROOT / "tests" / "fixtures" / "golden" / "corpus", out,
                   settings=Settings(), cache_dir=None, workers=1, progress=False)
    problems = validate_outputs(out)
    assert problems == [], "\n".join(map(str, problems))


def test_validate_sample_datapackage_describes_every_csv(sample_outputs):
    package = json.loads((sample_outputs / "datapackage.json").read_text(encoding="utf-8"))
    described = {r["path"] for r in package["resources"]}
    assert described == {p.name for p in sample_outputs.glob("*.csv")}
    assert package["contract_version"] == schema.CONTRACT_VERSION
    for resource in package["resources"]:
        with open(sample_outputs / resource["path"], encoding="utf-8", newline="") as fh:
            header = next(csv.reader(fh))
        assert header == schema.columns(resource["name"])


def test_validate_sample_broken_copy_names_row_and_field(sample_outputs, tmp_path):
    broken = tmp_path / "broken"
    shutil.copytree(sample_outputs, broken)
    path = broken / "entity_mentions.csv"
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    assert len(rows) > 3, "the sample corpus should yield entity mentions"
    header = rows[0]
    rows[2][header.index("end")] = "99999999"
    rows[3][header.index("entity_id")] = "no-such-entity"
    with open(path, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows(rows)
    problems = validate_outputs(broken, corpus_dir=ROOT / "corpus")
    assert {(p.table, p.row, p.field) for p in problems} == {
        ("entity_mentions", 3, "end"), ("entity_mentions", 4, "entity_id")}


def test_validate_sample_parquet_matches_csv(sample_outputs):
    pq = pytest.importorskip("pyarrow.parquet")
    for name in schema.TABLES:
        csv_path = sample_outputs / f"{name}.csv"
        if not csv_path.exists():
            continue
        table = pq.read_table(sample_outputs / "parquet" / f"{name}.parquet")
        with open(csv_path, encoding="utf-8", newline="") as fh:
            n_rows = sum(1 for _ in csv.reader(fh)) - 1
        assert table.num_rows == n_rows
        assert table.column_names[:len(schema.columns(name))] == schema.columns(name)


def test_validate_sample_report_draws_the_timeline(sample_outputs, tmp_path):
    import test_report_browser as browser

    if browser.CHROMIUM is None:
        pytest.skip("Chromium is not installed (Debian: `apt-get install chromium`)")
    page = (sample_outputs / "report.html").read_text(encoding="utf-8")
    with open(sample_outputs / "events.csv", encoding="utf-8", newline="") as fh:
        # The timeline opens on the typed events (a box shows the OTHER ones too).
        event_ids = [row["event_id"] for row in csv.DictReader(fh)
                     if row["event_type"] not in ("", "OTHER")]
    assert event_ids, "the sample corpus should yield typed events"
    dom = browser.rendered_dom(page, tmp_path)
    assert sorted(browser.event_marks(dom)) == sorted(event_ids)
