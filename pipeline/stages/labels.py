"""Label cues: what a name's own words, or the words right after it, say about its kind.

The small model calls "the Treaty of Ghent" a work of art, "the E40 motorway" a product,
"their Indigenous allies" an organisation and "Tecumseh was killed" an organisation. These
rules need no gazetteer (the place rules are :mod:`pipeline.stages.places`); each reads
a cue a reader can check, kept on the mention (``model_label``, ``label_rule``):

* a name opening with an agreement's word before "of" ("Treaty of Ghent", "Edict of
  Nantes") or closing with one ("Oslo Accords", "Dayton Agreement") is LAW; a "Pact"
  tagged ORG is the alliance it made ("Warsaw Pact") and stays ORG;
* a name opening with a fight's word before "of" ("Battle of the Thames") is an EVENT;
* a road code ("E40", "M25", "I-95") followed by a road noun ("motorway") is FAC;
* a capitalised word for first peoples ("Indigenous", "Aboriginal") is NORP;
* a name of one to three capitalised words with no organisation's word, the subject of
  a verb of dying ("Tecumseh was killed", "Pontiac died"), is a PERSON. Birth is no cue:
  a party or a state "was born" too.

The words are data, in ``pipeline/lang/en/labels.yaml``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from pipeline import lang
from pipeline.records import EntityMention, SourceDoc

VERSION = "8"  # 8: an organisation keeps its label whatever happening's word ends it (the events stage reads an EVENT name as a mention); 7: a name after a word for a person ("his lawyer, Anne-Sofie Dahl", "the friar Giovanni da Capistrano") is a person; a name ending in an organisation's word ("Western High Court") is no person; "Fall of X", "Capture of X" are events; 6: a name ending in a happening's word is an EVENT ("Belgrade Offensive" read as a facility), in a state's word a GPE ("Byzantine Empires"); 5: a name before its shares, officers or founding ("Vantara shares", "Helixon co-founder", "was founded") is a company; 4: a relative ("her brother Seamus", "Mam"), the subject of a person's verb ("Seamus laughed") and a name after a title ("Prime Minister Helena Marques") are people; a name whose shares are traded ("Shares in Jeronimo Martins") is a company; 3: one word may stand between "was" and the verb of dying ("was later killed"); 2: a pact tagged ORG is the alliance it made ("Warsaw Pact"); 1: agreements are LAW, battles EVENT, road codes FAC, first peoples NORP, the subject of a verb of dying a PERSON

AGREEMENT_HEADS = lang.words("labels", "agreement_heads")
AGREEMENT_TAILS = lang.words("labels", "agreement_tails")
ALLIANCE_TAILS = lang.words("labels", "alliance_tails")
BATTLE_HEADS = lang.words("labels", "battle_heads")
ROAD_NOUNS = lang.words("labels", "road_nouns")
PEOPLES = lang.words("labels", "peoples_adjectives")
NOT_SUBJECT_BEFORE = lang.words("labels", "not_subject_before")
ORGANISATION_WORDS = lang.words("labels", "organisation_words")
_DEATH = re.compile(lang.value("labels", "death_verbs"))
KINSHIP_WORDS = lang.words("labels", "kinship_words")
KINSHIP_NAMES = lang.words("labels", "kinship_names")
PERSON_NOUNS = lang.words("labels", "person_nouns")
_NOUN_COMMA_BEFORE = re.compile(r"\b([a-z]+),? $")  # "his lawyer, Dahl"; "the friar Giovanni"
TITLES = lang.words("reconcile", "honorifics") | lang.words("entities", "title_words")
_PERSON_VERB = re.compile(lang.value("labels", "person_verbs"))
_SHARES = re.compile(lang.value("labels", "share_words"))
_COMPANY_AFTER = re.compile(lang.value("labels", "company_after"))
EVENT_TAILS = lang.words("labels", "event_tails")
POLITY_TAILS = lang.words("labels", "polity_tails")
_WORD_RIGHT_BEFORE = re.compile(r"\b([^\W\d_]+) $")  # one space, no comma: "Uncle Seamus"
_ROAD_CODE = re.compile(r"[A-Z]{1,2}-?\d{1,4}")  # "E40", "M25", "I-95", "A1"
_NEXT_WORD = re.compile(r"\s+([a-z]+)\b")
_WORD_BEFORE = re.compile(r"\b([a-z]+)\s+$")
_NAME_WORD = re.compile(r"[A-Z][a-z'’.-]+")  # "Tecumseh", "O'Neill"; not "NATO", "E40"
NAME_PARTICLES = lang.words("labels", "name_particles")  # "da" in "Giovanni da Capistrano"  # "Tecumseh", "O'Neill"; not "NATO", "E40"
# What the model's label may be for each cue to apply: a cue never overrides a label it
# agrees with, and never a reading that already fits (an EVENT "Paris Agreement").
_FROM = {
    "LAW": frozenset({"WORK_OF_ART", "PRODUCT", "ORG", "PERSON", "GPE", "LOC", "FAC"}),
    "EVENT": frozenset({"WORK_OF_ART", "PRODUCT", "ORG", "PERSON", "GPE", "LOC", "FAC",
                        "LAW"}),
    "FAC": frozenset({"PRODUCT", "ORG", "PERSON", "GPE", "LOC", "WORK_OF_ART", "LAW"}),
    "NORP": frozenset({"ORG", "PERSON", "GPE", "LOC", "PRODUCT", "WORK_OF_ART", "LANGUAGE"}),
    "PERSON": frozenset({"ORG", "PRODUCT", "WORK_OF_ART", "FAC", "LAW"}),
    "ORG": frozenset({"PERSON", "PRODUCT", "WORK_OF_ART", "FAC", "LAW"}),
    "GPE": frozenset({"PERSON", "ORG", "PRODUCT", "WORK_OF_ART", "FAC", "NORP"}),
}
# A happening's name by its last word: never over a work of art ("Star Wars"), nor over
# an organisation: the events stage reads an EVENT-labelled name as a mention of that
# event, and "during the First Serbian Uprising" in the background of another sentence
# would become one (see the report of stop 44).
_EVENT_TAIL_FROM = frozenset({"PERSON", "GPE", "LOC", "FAC", "PRODUCT", "LAW"})
# Cues that read a person where no place can stand ("her brother Seamus", "Seamus
# laughed", "Mam said"): they also override a place or a people the model read.
_ANY_LABEL = frozenset({"ORG", "PRODUCT", "WORK_OF_ART", "FAC", "LAW", "GPE", "LOC", "NORP"})


def typed_mentions(src: SourceDoc, mentions: Sequence[EntityMention]) -> list[EntityMention]:
    """The stage: ``mentions`` with the label cues of the module docstring applied."""
    return [relabel(src.text, m) for m in mentions]


def relabel(text: str, m: EntityMention) -> EntityMention:
    """``m`` with the first cue that fits applied (``text`` is the clean text)."""
    for cue in (_agreement, _battle, _road, _people, _tail, _org_tail, _dying, _kin,
                _person_verb, _titled, _shares):
        found = cue(text, m)
        allowed = (_ANY_LABEL if cue in (_kin, _person_verb) else _EVENT_TAIL_FROM
                   if cue is _tail and found and found[0] == "EVENT"
                   else _FROM[found[0]] if found else ())
        if found and m.label in allowed:
            label, rule = found
            return replace(m, label=label, model_label=m.model_label or m.label,
                           label_rule=rule)
    return m


def _agreement(text: str, m: EntityMention) -> tuple[str, str] | None:
    words = m.text.split()
    if len(words) > 2 and words[0] in AGREEMENT_HEADS and words[1] == "of":
        return "LAW", f"an agreement's name: {words[0]!r} of (lang/en/labels.yaml)"
    if len(words) > 1 and words[-1] in ALLIANCE_TAILS and m.label == "ORG":
        return None  # "Warsaw Pact": the alliance the pact made
    if len(words) > 1 and words[-1] in AGREEMENT_TAILS:
        return "LAW", f"an agreement's name: ends in {words[-1]!r} (lang/en/labels.yaml)"
    return None


def _battle(text: str, m: EntityMention) -> tuple[str, str] | None:
    words = m.text.split()
    if len(words) > 2 and words[0] in BATTLE_HEADS and words[1] == "of":
        return "EVENT", f"a fight's name: {words[0]!r} of (lang/en/labels.yaml)"
    return None


def _road(text: str, m: EntityMention) -> tuple[str, str] | None:
    after = _NEXT_WORD.match(text, m.clean_end)
    if _ROAD_CODE.fullmatch(m.text) and after and after.group(1) in ROAD_NOUNS:
        return "FAC", f"a road code before {after.group(1)!r}"
    return None


def _people(text: str, m: EntityMention) -> tuple[str, str] | None:
    if m.text in PEOPLES:
        return "NORP", "a word for first peoples (lang/en/labels.yaml)"
    return None


def _dying(text: str, m: EntityMention) -> tuple[str, str] | None:
    words = m.text.split()
    if not 1 <= len(words) <= 3 or not all(_NAME_WORD.fullmatch(w) for w in words) \
            or ORGANISATION_WORDS.intersection(words):
        return None
    before = _WORD_BEFORE.search(text, max(0, m.clean_start - 30), m.clean_start)
    if before and before.group(1) in NOT_SUBJECT_BEFORE:
        return None  # "the mayor of Odessa was killed": the mayor was
    verb = _DEATH.match(text[m.clean_end:m.clean_end + 60])
    if verb:
        return "PERSON", f"the subject of {' '.join(verb.group(0).split())!r}, a verb of dying"
    return None


def _plain_name(m: EntityMention) -> bool:
    """One to three capitalised words with no organisation's word ("Helena Marques")."""
    words = m.text.split()
    return 1 <= len(words) <= 3 and all(_NAME_WORD.fullmatch(w) for w in words) \
        and not ORGANISATION_WORDS.intersection(words)


def _kin(text: str, m: EntityMention) -> tuple[str, str] | None:
    """A relative: a family's word for one ("Mam", "Granny") or a name right after a
    word of kinship ("her brother Seamus", "Uncle Seamus")."""
    if m.text in KINSHIP_NAMES:
        return "PERSON", f"a family's word for a relative, {m.text!r} (lang/en/labels.yaml)"
    before = _WORD_RIGHT_BEFORE.search(text, max(0, m.clean_start - 20), m.clean_start)
    if before and before.group(1) in KINSHIP_WORDS and _plain_name(m):
        return "PERSON", f"after the word of kinship {before.group(1)!r}"
    noun = _NOUN_COMMA_BEFORE.search(text, max(0, m.clean_start - 24), m.clean_start)
    if noun and (noun.group(1) in PERSON_NOUNS or noun.group(1) in KINSHIP_WORDS) \
            and _person_like(m):
        return "PERSON", f"after {noun.group(1)!r}, a word for a person"
    return None


def _person_like(m: EntityMention) -> bool:
    """A plain name, or one joined by a lower-case particle ("Giovanni da Capistrano")."""
    words = m.text.split()
    return 1 <= len(words) <= 4 and words[0][:1].isupper() and words[-1][:1].isupper() \
        and not ORGANISATION_WORDS.intersection(words) and all(
            _name_word(w) or w in NAME_PARTICLES for w in words)


def _name_word(word: str) -> bool:
    """A capitalised word in any alphabet, lower case after its first letter ("Dahl",
    "Anne-Sofie", "Ulutaş"): not an acronym or a code ("NATO", "E40")."""
    return len(word) > 1 and word[0].isupper() and all(
        ch.islower() or ch in "'’.-" or (ch.isupper() and word[i - 1] == "-")
        for i, ch in enumerate(word[1:], 1))


def _person_verb(text: str, m: EntityMention) -> tuple[str, str] | None:
    if not _plain_name(m):
        return None
    verb = _PERSON_VERB.match(text[m.clean_end:m.clean_end + 40])
    if verb:
        return "PERSON", f"the subject of {' '.join(verb.group(0).split())!r}, a person's verb"
    return None


def _titled(text: str, m: EntityMention) -> tuple[str, str] | None:
    """A name of two or three words right after a person's title ("Prime Minister Helena
    Marques"): a person, whatever organisation the model read."""
    before = _WORD_RIGHT_BEFORE.search(text, max(0, m.clean_start - 20), m.clean_start)
    if not before or not before.group(1)[0].isupper() or len(m.text.split()) < 2:
        return None
    if before.group(1).lower() in TITLES and _plain_name(m):
        return "PERSON", f"after the title {before.group(1)!r}"
    return None


def _shares(text: str, m: EntityMention) -> tuple[str, str] | None:
    """A company by its shares, officers or founding ("Shares in Jeronimo Martins",
    "Vantara shares rose", "Helixon co-founder", "Helixon was founded")."""
    before = _SHARES.search(text, max(0, m.clean_start - 20), m.clean_start)
    if before:
        return "ORG", f"after {before.group(0).strip()!r}: a company's shares"
    after = _COMPANY_AFTER.match(text[m.clean_end:m.clean_end + 50])
    if after:
        return "ORG", f"before {' '.join(after.group(0).split())!r}: a company's"
    return None


_ORG_TAIL_EXCLUDED = frozenset({"Operation", "Plan", "Project", "Programme", "Program"})


def _org_tail(text: str, m: EntityMention) -> tuple[str, str] | None:
    """An organisation by its name's last word ("Western High Court", "Special Crime
    Unit") that the model read as a person, a product or a work of art."""
    words = m.text.split()
    if len(words) > 1 and words[-1] in ORGANISATION_WORDS - _ORG_TAIL_EXCLUDED:
        return "ORG", f"an organisation's name: ends in {words[-1]!r} (lang/en/labels.yaml)"
    return None


def _tail(text: str, m: EntityMention) -> tuple[str, str] | None:
    """A happening or a state by its name's last word ("Belgrade Offensive"; "Byzantine
    Empires")."""
    words = m.text.split()
    if len(words) < 2 or not words[0][:1].isupper() or words[-2] in ("of", "for"):
        return None  # "Ministry of War", "Commission for Elections": an organisation
    if words[-1] in EVENT_TAILS:
        return "EVENT", f"a happening's name: ends in {words[-1]!r} (lang/en/labels.yaml)"
    if words[-1] in POLITY_TAILS:
        return "GPE", f"a state's name: ends in {words[-1]!r} (lang/en/labels.yaml)"
    return None
