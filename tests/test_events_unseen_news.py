"""A wire story and a memoir written for a user check (not tuned on), read end to end.

Each assertion is a bug a reader of the CSVs saw: a trigger listed twice, a date borrowed
from the act a sentence is for, a job title read as a happening, a destination read as a
party, one company split into three entities, one deal into three events.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from tests.helpers import extract, rows

WIRE = """Drugmaker Halvorsen agrees to buy Brightline Bio for $4.2 billion

OSLO, Feb 18 (Reuters) - Norwegian drugmaker Halvorsen ASA said on Monday it had agreed to \
acquire U.S. biotech firm Brightline Bio Inc for $4.2 billion in cash, its largest deal ever.

The acquisition, which still needs approval from regulators, is expected to close in the \
third quarter, Halvorsen said. Brightline shares jumped 38 percent in premarket trading.

Halvorsen chief executive Ingrid Saether told reporters the company had held talks with \
Brightline since October.

Separately, a court in Oslo on Friday sentenced a former Halvorsen sales manager to two years \
in prison for bribing hospital officials between 2015 and 2018.
"""

MEMOIR = """# The winter of 1942

I was eleven when the Germans came to Sarajevo in the spring of 1941.

On 14 January 1942 my uncle Stevan was arrested by the police and taken to Belgrade. We \
walked to Paris the next autumn.
"""


def _extracted(tmp_path_factory, name: str, files: dict[str, str]) -> Path:
    """The outputs of a corpus of ``files`` (file name -> text)."""
    root = tmp_path_factory.mktemp(name)
    corpus = root / "corpus"
    corpus.mkdir()
    for file_name, text in files.items():
        (corpus / file_name).write_text(text, encoding="utf-8")
    return extract(corpus, root / "out")


@pytest.fixture(scope="module")
def out(tmp_path_factory) -> Path:
    return _extracted(tmp_path_factory, "unseen", {"wire.txt": WIRE, "memoir.md": MEMOIR})


def _mentions(out: Path, trigger: str) -> list[dict]:
    return [r for r in rows(out, "event_mentions") if r["trigger"] == trigger]


def test_each_trigger_word_is_one_mention(out):
    # "told reporters" sits in two nested clauses; each used to report it
    spans = Counter((r["doc_id"], r["trigger_start"]) for r in rows(out, "event_mentions"))
    assert [k for k, n in spans.items() if n > 1] == []
    assert len(_mentions(out, "told")) == 1


def test_the_act_a_verdict_is_for_keeps_its_date(out):
    (sentenced,) = _mentions(out, "sentenced")
    (bribing,) = _mentions(out, "bribing")
    assert bribing["date_value"] == "2015"  # the range's first end, with the range
    assert not sentenced["date_value"].startswith("2015")  # "on Friday", year unknown


def test_a_line_of_work_is_no_happening(out):
    assert _mentions(out, "sales") == []


def test_a_court_in_a_city_places_its_verdict(out):
    (sentenced,) = _mentions(out, "sentenced")
    assert sentenced["places"] == "Oslo"


def test_a_destination_is_a_place_not_a_party(out):
    (came,) = _mentions(out, "came")
    assert came["places"] == "Sarajevo" and "Sarajevo" not in came["actors"]
    (walked,) = _mentions(out, "walked")
    assert walked["places"] == "Paris"


def test_a_participle_joined_to_a_passive_goes_where_it_leads(out):
    (taken,) = _mentions(out, "taken")
    assert taken["places"] == "Belgrade" and "Stevan" in taken["actors"]


def test_one_company_is_one_entity(out):
    names = {r["name"]: r for r in rows(out, "entities")}
    assert "Drugmaker Halvorsen" not in names  # the headline's capitalised "drugmaker"
    assert "Halvorsen ASA" in names["Halvorsen"]["aliases"]
    assert names["Halvorsen"]["label"] == "ORG"
    assert "Brightline Bio Inc" in names["Brightline"]["aliases"]


def test_one_deal_told_three_ways_is_one_event(out):
    deal = {r["event_id"] for r in rows(out, "event_mentions")
            if r["trigger"] in ("buy", "acquire", "acquisition")}
    assert len(deal) == 1


QUAKE_WIRE = """Powerful earthquake kills at least 40 in eastern Turkey

ANKARA, Turkey (AP) — A magnitude 6.8 earthquake struck eastern Turkey on Friday evening, \
killing at least 40 people, officials said Saturday. The quake hit the province of Elazig.
President Recep Tayyip Erdogan visited the town of Sivrice on Saturday.
"""

QUAKE_PAGE = """<html><head><title>Turkey quake death toll rises to 41</title>
<meta name="date" content="2020-01-26"></head><body><article>
<h1>Turkey quake death toll rises to 41</h1>
<p>ISTANBUL — The death toll from the earthquake that hit Elazig province on January 24 rose \
to 41 on Sunday, the disaster agency said.</p>
<p>Erdogan, who visited the region on Saturday, said 76 buildings had collapsed.</p>
<p>In 1999, two earthquakes killed about 18,000 people in the northwest of Turkey.</p>
</article></body></html>
"""


@pytest.fixture(scope="module")
def quake(tmp_path_factory) -> Path:
    return _extracted(tmp_path_factory, "quake", {"wire.txt": QUAKE_WIRE,
                                                  "page.html": QUAKE_PAGE})


def test_a_background_killing_is_not_the_story_two_reports_tell(quake):
    # The undated wire's killing once joined the page's 1999 killing (conflict "at least 40"
    # vs "about 18,000"): the two reports tell one quake, not the one of 1999.
    mentions = rows(quake, "event_mentions")
    (old,) = [r for r in mentions if r["trigger"] == "killed"]
    assert {r["trigger"] for r in mentions if r["event_id"] == old["event_id"]} <= {
        "killed", "earthquakes"}
    quake_events = {r["event_id"] for r in mentions if r["trigger"] in ("earthquake", "quake")
                    and r["date_value"] != "1999"}
    assert len(quake_events) == 1  # the wire's quake and the page's are one event


def test_a_place_in_capitals_before_a_long_dash_is_no_actor(quake):
    assert all("ISTANBUL" not in r["actors"] for r in rows(quake, "event_mentions"))


def test_a_province_is_its_place_and_one_hit_is_one_event(quake):
    names = {r["name"] for r in rows(quake, "entities")}
    assert not {"Elazig", "Elazig province"} <= names  # one entity, either name shown
    hits = {r["event_id"] for r in rows(quake, "event_mentions") if r["trigger"] == "hit"}
    assert len(hits) == 1  # the wire's undated hit and the page's, on January 24
