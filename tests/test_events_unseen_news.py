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


TRIAL_WIRE = """Former mayor convicted of taking kickbacks

By Staff Reporter

LYON, March 14, 2023 — A French court on Tuesday convicted the former mayor of Villeurbanne, Gérard Mottin, of accepting kickbacks from construction firms and sentenced him to four years in prison, two of them suspended.

Mottin, 67, who ran the city from 2008 until his resignation in 2019, was found guilty of corruption and money laundering. Prosecutors said he had received more than 1.2 million euros in bribes in exchange for awarding public contracts to three companies between 2011 and 2017.

His lawyer, Anne Besson, told reporters outside the courthouse that her client would appeal the verdict. "We are disappointed, and we will take this case to the Court of Appeal," she said.

The scandal broke in February 2019, when investigators raided the town hall and seized documents. Mottin stepped down two weeks later, saying he wanted to clear his name. He was placed under formal investigation in May of that year.

Two business executives were also convicted on Tuesday. Paul Garnier, the former chief executive of Garnier Bâtiment, received an 18-month suspended sentence and was fined 200,000 euros. A third defendant was acquitted.

The court also barred Mottin from holding public office for five years. The ruling comes as France prepares for municipal elections next year.
"""

TRIAL_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Ex-mayor of Villeurbanne gets prison term</title>
<meta name="date" content="2023-03-15"></head>
<body>
<nav><a href="/">Home</a> | <a href="/france">France</a></nav>
<article>
<h1>Ex-mayor of Villeurbanne gets prison term for graft</h1>
<p class="byline">March 15, 2023</p>
<p>Gérard Mottin, who led Villeurbanne for eleven years, was sentenced on Monday to three years in prison by the Lyon criminal court, which found him guilty of corruption.</p>
<p>The court ruled that Mottin took about 1.2 million euros from building contractors. He resigned in March 2019 after police searched the town hall.</p>
<p>Mottin's lawyer said he would appeal. The prosecutor, Claire Dubois, had asked for a five-year sentence.</p>
<figure><img src="court.jpg" alt="The Lyon courthouse"><figcaption>The Lyon courthouse, where the verdict was read.</figcaption></figure>
</article>
<footer>© 2023 Rhône Daily. All rights reserved.</footer>
</body></html>
"""

BALKAN_WARS = """---
title: The Balkan Wars, 1912–1913
source_type: history
---

# The Balkan Wars

## Background

By 1911 the Ottoman Empire had lost most of its European territory. Italy's invasion of Libya in September 1911 exposed the empire's weakness, and Serbia, Bulgaria, Greece and Montenegro began to negotiate an alliance. Serbia and Bulgaria signed a treaty of friendship on 13 March 1912; Greece joined the league in May.

## First Balkan War

Montenegro declared war on the Ottoman Empire on 8 October 1912. The other members of the league followed ten days later. The Bulgarian army defeated the Ottomans at Kirk Kilisse and advanced towards Constantinople, while the Serbian army won a decisive victory at Kumanovo on 23–24 October.

Greek forces entered Thessaloniki on 8 November, a day before a Bulgarian division arrived. An armistice was signed in December, but talks in London broke down after a coup in Constantinople in January 1913. Fighting resumed, and Adrianople fell to Bulgarian and Serbian troops on 26 March 1913.

The Treaty of London, signed on 30 May 1913, ended the war.

## Second Balkan War

Dissatisfied with the division of Macedonia, Bulgaria attacked its former allies on the night of 29 June 1913. Romania and the Ottoman Empire joined the war against Bulgaria in July. The Ottomans recaptured Adrianople on 23 July. Bulgaria asked for an armistice a week later and signed the Treaty of Bucharest on 10 August 1913, losing most of its gains.
"""


@pytest.fixture(scope="module")
def trial(tmp_path_factory) -> Path:
    return _extracted(tmp_path_factory, "trial", {"wire.txt": TRIAL_WIRE,
                                                  "page.html": TRIAL_PAGE,
                                                  "balkans.md": BALKAN_WARS})


def test_a_sentencing_told_a_day_apart_is_one_event_with_a_date_conflict(trial):
    # "sentenced him" (Tuesday) and "was sentenced on Monday": worded apart, one sentencing
    sentenced = [r for r in rows(trial, "event_mentions") if r["trigger"] == "sentenced"]
    assert len(sentenced) == 2 and len({r["event_id"] for r in sentenced}) == 1
    assert all("Gérard Mottin" in r["actors"] for r in sentenced)  # "him", "mayor of X, Y,"
    dates = {r["value"] for r in rows(trial, "conflicts")
             if r["event_id"] == sentenced[0]["event_id"] and r["field"] == "date"}
    assert {"2023-03-13", "2023-03-14"} <= dates


def test_stepping_down_is_a_resignation(trial):
    (stepped,) = [r for r in rows(trial, "event_mentions") if r["trigger"] == "stepped down"]
    assert stepped["event_type"] == "LEADERSHIP"
    (fined,) = [r for r in rows(trial, "event_mentions") if r["trigger"] == "fined"]
    assert fined["event_type"] == "LEGAL_ACTION"  # spaCy's lemma is "fin"


def test_a_plan_for_next_year_does_not_date_the_ruling_reported(trial):
    (ruling,) = [r for r in rows(trial, "event_mentions") if r["trigger"] == "ruling"]
    assert ruling["date_value"] == "2023-03-14"
    (elections,) = [r for r in rows(trial, "event_mentions") if r["trigger"] == "elections"]
    assert elections["date_value"] == "2024"


def test_a_place_taken_or_entered_is_where_it_happened(trial):
    def place(trigger: str) -> str:
        (m,) = [r for r in rows(trial, "event_mentions") if r["trigger"] == trigger]
        return m["place_name"]
    assert place("entered") == "Thessaloníki"
    assert place("recaptured") == "Edirne"  # "Adrianople", once geocoded as İzmit
    assert place("advanced") == "Istanbul"  # "towards Constantinople"
    # Not yet: "Adrianople fell to ..." opens its sentence, untagged by the model: no place.
    assert not [r for r in rows(trial, "event_mentions") if r["trigger"] == "Dissatisfied"]



DEAL_RELEASE = """Halvard Instruments to acquire Borealis Systems for $2.1 billion

OSLO, June 3, 2024 — Halvard Instruments ASA said on Monday that it had agreed to acquire Borealis Systems Inc., a maker of industrial sensors based in Denver, for $2.1 billion in cash.

The boards of both companies approved the deal over the weekend. Halvard will pay $48 a share, a premium of 31 percent over Borealis's closing price on Friday. The acquisition is expected to close in the fourth quarter of 2024, subject to approval by regulators in the United States and the European Union.

"Borealis gives us the sensor platform our customers have been asking for," said Ingrid Solberg, Halvard's chief executive. Borealis's founder, Mark Delaney, will join Halvard's management board when the transaction closes.

Halvard last made a large purchase in 2019, when it bought the Dutch software firm Kestrel Data for 400 million euros. The company cut 1,200 jobs in 2022 after orders fell.

Shares of Borealis rose 27 percent in early trading in New York.
"""

DEAL_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Norway's Halvard buys Borealis in sensor push</title>
<meta name="date" content="2024-06-04"></head>
<body>
<header><a href="/">Markets Today</a></header>
<article>
<h1>Norway's Halvard buys Borealis in $2.3 billion sensor push</h1>
<p class="byline">By Tom Eriksen · June 4, 2024</p>
<p>Halvard Instruments agreed on Monday to buy Denver-based Borealis Systems for about $2.3 billion including debt, the Norwegian company's biggest deal since it was founded in 1987.</p>
<p>Analysts said the price was steep. "They are paying for growth that has not shown up yet," said Priya Raman, an analyst at Northgate Securities. Borealis lost $35 million last year.</p>
<p>Halvard expects the purchase to be completed by the end of the year. Regulators in Washington and Brussels must still approve it.</p>
<p>Borealis's shares jumped 27 percent on Monday, while Halvard fell 4 percent in Oslo.</p>
</article>
<footer>© 2024 Markets Today</footer>
</body></html>
"""

PROTEST_WIRE = """Farmers block highways across Belgium, dozens arrested

BRUSSELS, Feb. 1, 2024 (Wire) — Thousands of farmers blocked highways and border crossings across Belgium on Thursday, protesting against cheap imports and new environmental rules, and police arrested 42 people after clashes outside the European Parliament.

Tractors blocked the E40 motorway near Leuven for most of the day. In Brussels, protesters set fire to bales of hay and threw eggs at police, who fired tear gas and water cannon to push them back from the parliament building.

The protests began in the south of the country two weeks ago and spread to Flanders last weekend. Farm unions said they would continue the blockades until the government met their demands, and called a national strike for next Wednesday.

Prime Minister Alexander De Croo met union leaders on Wednesday evening but the talks ended without an agreement. He said on Thursday that the government would not scrap the rules. No one was seriously injured, police said.
"""


@pytest.fixture(scope="module")
def deal(tmp_path_factory) -> Path:
    return _extracted(tmp_path_factory, "deal", {"release.txt": DEAL_RELEASE,
                                                 "page.html": DEAL_PAGE,
                                                 "protest.txt": PROTEST_WIRE})


def test_a_headline_is_the_deal_its_parties_make_below_it(deal):
    told = {r["event_id"] for r in rows(deal, "event_mentions")
            if r["trigger"] in ("buys", "buy", "acquire")}
    assert len(told) == 1


def test_a_company_the_tagger_read_as_a_person_is_one_company(deal):
    names = {r["name"]: r for r in rows(deal, "entities")}
    assert names["Borealis"]["label"] == "ORG"
    assert "Borealis Systems" in names["Borealis"]["aliases"]
    assert "Oslo" in names and "OSLO" not in names  # the dateline shouts it


def test_setting_fire_and_firing_tear_gas_are_two_events(deal):
    triggers = Counter(r["trigger"] for r in rows(deal, "event_mentions"))
    assert "set" not in triggers  # "set fire": the fire is the happening
    (fired,) = _mentions(deal, "fired")
    (fire,) = _mentions(deal, "fire")
    assert fired["event_type"] == "ASSAULT"
    assert fired["event_id"] != fire["event_id"]


BATTLES = """# Two battles

Following its defeat by the Ottoman Empire at the Battle of Kosovo Polje in 1389, Serbia \
fell under Ottoman rule.

On September 10, 1813, Oliver Hazard Perry defeated a British squadron in the Battle of \
Lake Erie.
"""


@pytest.fixture(scope="module")
def battles(tmp_path_factory) -> Path:
    return _extracted(tmp_path_factory, "battles", {"battles.md": BATTLES})


def test_a_defeat_at_a_named_battle_is_the_battle_told_once(battles):
    found = rows(battles, "event_mentions")
    assert not [r for r in found if r["trigger"] == "Battle"], found
    dates = {r["trigger"]: r["date_value"] for r in found}
    assert dates["defeated"] == "1813-09-10"
    assert "Following" not in dates  # "Following its defeat": after, not a happening
