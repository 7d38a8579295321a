"""The ECB+ reader lays gold tokens out exactly, and the scorer's alignment is one to one."""

from __future__ import annotations

from pathlib import Path

from pipeline.evaluation import ecbplus, events

XML = """<Document doc_name="9_1ecbplus.xml" doc_id="D1">
<token t_id="1" sentence="0" number="0">Police</token>
<token t_id="2" sentence="0" number="1">arrested</token>
<token t_id="3" sentence="0" number="2">two</token>
<token t_id="4" sentence="0" number="3">men</token>
<token t_id="5" sentence="1" number="0">The</token>
<token t_id="6" sentence="1" number="1">raid</token>
<token t_id="7" sentence="1" number="2">ended</token>
<Markables>
<ACTION_OCCURRENCE m_id="1"><token_anchor t_id="2"/></ACTION_OCCURRENCE>
<ACTION_OCCURRENCE m_id="2"><token_anchor t_id="6"/></ACTION_OCCURRENCE>
<NEG_ACTION_OCCURRENCE m_id="3"><token_anchor t_id="7"/></NEG_ACTION_OCCURRENCE>
<HUMAN_PART_PER m_id="4"><token_anchor t_id="4"/></HUMAN_PART_PER>
<ACTION_OCCURRENCE m_id="9" TAG_DESCRIPTOR="t9_arrest" instance_id="ACT1"/>
</Markables>
<Relations>
<CROSS_DOC_COREF r_id="1" note="ACT1"><source m_id="1"/><target m_id="9"/></CROSS_DOC_COREF>
</Relations>
</Document>
"""


def _doc(tmp_path: Path) -> ecbplus.GoldDoc:
    path = tmp_path / "9_1ecbplus.xml"
    path.write_text(XML, encoding="utf-8")
    return ecbplus.read_doc(path, 9)


def test_gold_offsets_land_on_the_tokens_and_chains_come_from_relations(tmp_path):
    doc = _doc(tmp_path)
    assert doc.text == "Police arrested two men\n\nThe raid ended\n"
    assert [(doc.text[m.start:m.end], m.tag) for m in doc.mentions] == [
        ("arrested", "ACTION_OCCURRENCE"), ("raid", "ACTION_OCCURRENCE"),
        ("ended", "NEG_ACTION_OCCURRENCE")]  # participants are not events
    assert doc.mentions[0].chain == "ACT1"
    assert doc.mentions[1].chain.startswith("singleton:")
    assert doc.sentence_at(doc.text.index("raid")) == 1


def test_alignment_is_one_to_one_by_trigger_overlap(tmp_path):
    doc = _doc(tmp_path)
    at = doc.text.index
    system = [
        events.SystemMention(doc.name, at("arrested"), at("arrested") + 8, "arrested", "ARREST", 0),
        events.SystemMention(doc.name, at("arrested") + 2, at("arrested") + 5, "rest", "X", 0),
        events.SystemMention(doc.name, at("men"), at("men") + 3, "men", "OTHER", 0),
    ]
    pairs, missed, spurious = events.align(doc.mentions, system)
    assert [(g.text, m.trigger) for g, m in pairs] == [("arrested", "arrested")]
    assert [g.text for g in missed] == ["raid", "ended"]
    assert sorted(m.trigger for m in spurious) == ["men", "rest"]
    report = events.score([doc], {doc.name: system}, {(doc.name, 0)})
    assert (report.all.gold, report.all.system, report.all.matched) == (3, 3, 1)
    # validated: sentence 0 only, on both sides
    assert (report.validated.gold, report.validated.system, report.validated.matched) == (1, 3, 1)


def test_topic_specs():
    assert ecbplus.parse_topics("1-3,8") == {1, 2, 3, 8}
    assert ecbplus.parse_topics("") is None
