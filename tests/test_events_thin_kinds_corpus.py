"""A storm wire story and a memoir written for a user check, read end to end through
``annalist extract``: what a reader of event_mentions.csv saw wrong in them."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import extract, rows

STORM = """GALVESTON, Texas (AP) — Hurricane Odile slammed into the Texas coast early Monday, \
killing at least 9 people and forcing thousands of residents to flee.

Two men drowned when their car was swept off a causeway, the sheriff said.
"""

MEMOIR = """# Autumn

On 23 October 1956 students marched to the statue of General Bem. That night the police \
fired on the crowd outside the radio building.

In December we crossed the Austrian border with two hundred others.
"""


@pytest.fixture(scope="module")
def out(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("thin")
    corpus = root / "corpus"
    corpus.mkdir()
    (corpus / "storm.txt").write_text(STORM, encoding="utf-8")
    (corpus / "memoir.md").write_text(MEMOIR, encoding="utf-8")
    return extract(corpus, root / "out")


def _by_trigger(out: Path) -> dict[str, list[dict]]:
    found: dict[str, list[dict]] = {}
    for r in rows(out, "event_mentions"):
        found.setdefault(r["trigger"], []).append(r)
    return found


def test_events_a_named_storm_after_a_dateline_is_one_disaster_mention(out):
    found = _by_trigger(out)
    assert [r["event_type"] for r in found.get("Hurricane Odile", [])] == ["DISASTER"]
    assert "Hurricane" not in found and "Odile" not in found
    assert [r["event_type"] for r in found["killing"]] == ["DEATH"]
    assert [r["event_type"] for r in found["drowned"]] == ["DEATH"]


def test_events_where_someone_went_or_crossed_is_no_party(out):
    found = _by_trigger(out)
    assert found["marched"][0]["actors"] == ""  # not "statue of General Bem"
    assert "border" not in found["crossed"][0]["actors"]
    assert found["fired"][0]["event_type"] == "ASSAULT"
