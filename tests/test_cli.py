"""The command line as a user meets it: help, version, summary, strict mode, determinism."""

import json
import shutil

import pandas as pd
import pytest
from click.testing import CliRunner

from pipeline import __version__
from pipeline.cli import main

COMMANDS = [[], ["extract"], ["status"], ["validate"], ["explain"], ["eval"], ["eval", "timex"], ["eval", "attribution"],
            ["cache"], ["cache", "prune"]]


def test_cli_version():
    result = CliRunner().invoke(main, ["--version"])
    assert result.exit_code == 0 and __version__ in result.output


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "main")
def test_cli_every_command_has_help(command):
    result = CliRunner().invoke(main, [*command, "--help"])
    assert result.exit_code == 0
    assert "Usage:" in result.output and len(result.output) > 200


def test_cli_sample_corpus_writes_every_table(sample_outputs):
    for name in ("documents", "entities", "entity_mentions", "dates", "claims",
                 "event_mentions", "events", "conflicts"):
        assert (sample_outputs / f"{name}.csv").exists(), name
    assert (sample_outputs / "datapackage.json").exists()
    assert (sample_outputs / "report.html").exists()
    docs = pd.read_csv(sample_outputs / "documents.csv", keep_default_na=False)
    assert list(docs["status"]) == ["ok", "ok", "ok"]


def test_cli_no_markup_or_layout_numbers_surface_as_entities(sample_outputs):
    mentions = pd.read_csv(sample_outputs / "entity_mentions.csv", keep_default_na=False)
    entities = pd.read_csv(sample_outputs / "entities.csv", keep_default_na=False)
    for text in [*mentions["text"], *entities["name"]]:
        assert not any(ch in text for ch in "[]<>=#|*"), text
        assert "200px" not in text and "Post-Cold War Era" not in text
    dates = pd.read_csv(sample_outputs / "dates.csv", keep_default_na=False, dtype=str)
    assert "200" not in set(dates["text"]) and "200px" not in set(dates["text"])


def test_cli_broken_file_is_reported_and_strict_fails(tmp_path, corpus_dir):
    corpus = tmp_path / "corpus"
    shutil.copytree(corpus_dir, corpus)
    (corpus / "scan.txt").write_bytes(b"\x00\x01\x02PK binary")
    (corpus / "notes.docx").write_bytes(b"hello")
    args = ["extract", "--corpus", str(corpus), "--out", str(tmp_path / "out"),
            "--cache", str(tmp_path / "cache"), "--workers", "1", "--quiet"]
    relaxed = CliRunner().invoke(main, args)
    assert relaxed.exit_code == 0, relaxed.output
    docs = pd.read_csv(tmp_path / "out" / "documents.csv", keep_default_na=False)
    by_path = docs.set_index("path")
    assert by_path.loc["scan.txt", "status"] == "error"
    assert "E105" in by_path.loc["scan.txt", "message"]
    assert by_path.loc["notes.docx", "status"] in {"error", "skipped"}
    assert "no reader" in by_path.loc["notes.docx", "message"]
    assert (docs["status"] == "ok").sum() == 3
    strict = CliRunner().invoke(main, [*args, "--strict"])
    assert strict.exit_code == 3
    assert "scan.txt" in strict.output


def test_cli_same_corpus_same_bytes(tmp_path, corpus_dir, sample_outputs):
    out = tmp_path / "again"
    result = CliRunner().invoke(main, [
        "extract", "--corpus", str(corpus_dir), "--out", str(out), "--no-cache",
        "--workers", "1", "--quiet"])
    assert result.exit_code == 0, result.output
    for path in sorted(sample_outputs.glob("*.csv")):
        assert (out / path.name).read_bytes() == path.read_bytes(), path.name
    # The package names the corpus relative to the output folder, which differs here.
    first, second = (json.loads((d / "datapackage.json").read_text()) for d in (sample_outputs, out))
    first.pop("annalist:corpus"), second.pop("annalist:corpus")
    assert first == second


def test_cli_missing_corpus_names_the_fix(tmp_path):
    result = CliRunner().invoke(main, ["extract", "--corpus", str(tmp_path / "nope"),
                                       "--out", str(tmp_path / "o"), "--quiet"])
    assert result.exit_code == 2
    assert "E101" in result.output and "--corpus" in result.output


@pytest.mark.parametrize("command", [["status"], ["cache", "prune"]])
def test_cli_any_commands_error_exits_2_with_its_message(command, tmp_path, monkeypatch):
    from pipeline import engine, errors

    def broken_ontology(*args, **kwargs):
        raise errors.trigger_without_lemma("Attack", {"x": 1}, "event_triggers.yaml")

    monkeypatch.setattr(engine, command[-1], broken_ontology)
    (tmp_path / "corpus").mkdir()
    result = CliRunner().invoke(main, [*command, "--corpus", str(tmp_path / "corpus"),
                                       "--cache", str(tmp_path / "cache")])
    assert result.exit_code == 2
    assert result.output.startswith("error E310: ") and "event_triggers.yaml" in result.output
