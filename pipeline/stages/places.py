"""Places: the model's labels corrected with the gazetteer, then every place geocoded.

The small model calls "Novi Sad", "Kraljevo" or "Carinthia" a person and "Easter" too;
it calls "Milan" in "Milan Đurić" a city. The rules here fix such labels only on
evidence a reader can check, kept on the mention (``model_label``, ``label_rule``):

* a name the gazetteer knows, tagged PERSON or ORG, after a locative word ("in Novi Sad",
  "between Kraljevo and Raška", "neighbourhood Dedinje") or tagged a place elsewhere in the
  document, becomes GPE (LOC for a region);
* a name tagged PERSON or ORG after a word of attacking and "on", "against" or "of" ("an
  attack on Baltimore", "a raid against Kertch") becomes GPE when a namesake is a city of
  100,000 or more ("an attack on Smith" names none; a possessor, "Lincoln's army", stays);
* a name tagged PERSON or ORG that is a part of a country, state or region the gazetteer
  knows ("Upper Canada", "the Ohio Country"), after a locative word, becomes LOC,
  unplaced;
* a name tagged NORP that is a city of 200,000 or more under its own name and has no
  people's ending ("the siege of Sevastopol"; "Roman", "Serbs" stay) becomes GPE;
* a feast day ("Easter", "Candlemas") becomes EVENT;
* a place name followed by a capitalised word that continues no place name ("Milan
  Đurić") becomes one PERSON; a place label on the surname of a person the document
  names ("Wrangel's men") becomes PERSON.

A document in another language gets no model entities (``pipeline.language``); its places
are found here by the gazetteer alone, in any script, with Slavic case endings tried
("u Beogradu", "Краљевине Југославије"), so a Serbian note still puts its places on the map
and meets the English documents' entities.

Geocoding chooses among namesakes by the document's context: the countries of the
unambiguous places it names make their namesakes likelier, in proportion to their share
(Vienna, Virginia in a story about Virginia towns; Vienna, Austria otherwise), then a
place's own name over an alternate one, then prominence. Small namesakes of which none
fits that context ("the Alma" in a text about Crimea: towns in Quebec and the US) are left
unplaced rather than guessed.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace

from pipeline import gazetteer, lang
from pipeline import inflection
from pipeline.inflection import nominatives
from pipeline.ids import stable_id
from pipeline.records import CANDIDATE_LABEL as CANDIDATE
from pipeline.records import FOREIGN_TEXT_RULE
from pipeline.records import EntityMention, PlaceRef, Sentence, SourceDoc
from pipeline.stages.claims import dateline_end_at

VERSION = f"8+{gazetteer.fingerprint()}+{inflection.fingerprint()}"  # 8: a small town's name after "the" is not geocoded ("the White House" is no White House, Tennessee); a lone small town far from the document's places, in a country holding under half of them, is not geocoded ("Kilbride" in an Irish memoir); a known name after "as far as" is a place; a city's own name or a part of a country ("Lower Austria") tagged FAC is a place on the usual evidence ("his hometown of Sirte"); a namesake within 1,000 km of the document's places earns half the proximity bonus ("Sinop" near Sevastopol is in Turkey, not Brazil); a state's abbreviation ("Calif.") is placed at the state; a surname's plural is a family, no place ("the Kavanaghs"); a known name listed after a place ("Vienna, Bratislava") or given as a place's present name ("(today Hradec Králové)") is a place; a small town known only by an alternate name, outside the document's countries and far from its places, is not geocoded ("Banjska" is not Bansko, Bulgaria); 7: a prominent city after a word of attacking is a place ("an attack on Baltimore"); a part of a country or state after a locative word is a region ("into Upper Canada"); a never-place ("Union") is never made a place; 6: a facility matches a place's own name only ("Fort McHenry" is no alternate name of Vicksburg); 5: a large city tagged NORP is a place; 4: small namesakes none of which fits the context stay unplaced; 3: dateline places; 2: name candidates

GEOCODED_LABELS = frozenset({"GPE", "LOC", "FAC"})
BROAD_FEATURES = frozenset({"country", "historical_state", "continent"})
BROAD = BROAD_FEATURES | {"region", "state"}  # names no "X, state" qualifier narrows
RETYPED_LABELS = frozenset({"PERSON", "ORG", "WORK_OF_ART", "PRODUCT"})  # not NORP: "Roman"
LOCATIVE = lang.words("places", "locative_words") | lang.words("places", "place_verbs")
SPEECH_VERBS = lang.words("places", "speech_verbs")
PLACE_SUFFIXES = lang.words("places", "place_suffixes")
FEASTS = lang.words("places", "feasts")
STATE_ABBREVIATIONS = lang.table("places", "state_abbreviations")
FACILITY_NOUNS = lang.words("places", "facility_nouns")
NEVER_PLACES = lang.words("places", "never_places")
REGION_PREFIXES = lang.words("places", "region_prefixes")
REGION_SUFFIXES = lang.words("places", "region_suffixes")
_AFTER_ASSAULT = re.compile(
    r"\b(" + "|".join(sorted(lang.words("places", "assault_nouns"), key=len, reverse=True))
    + r")\s+(on|upon|against|of)\s+(?:the\s+)?$")
_QUALIFIER = re.compile(r"^\s*,\s*((?:[A-Z][\w.]*\.?)(?:\s?[A-Z][\w.]*\.?){0,2})")
_NEXT_WORD = re.compile(r"^\s+([a-z]+)")
_AFTER_LOCATIVE = re.compile(
    r"\b(?:" + "|".join(sorted(map(re.escape, LOCATIVE), key=len, reverse=True))
    + r")[\s,]+(?:(?:the|The)\s+)?(?=[^\W\d_])", re.IGNORECASE)
CALENDAR_WORDS = frozenset(
    w.capitalize() for key in ("months", "weekdays") for w in lang.table("temporal", key))
_POLITY = re.compile(lang.value("places", "polity_prefix"))
_RENAMED = re.compile(lang.value("places", "renamed_before"))  # "(today Hradec Králové"
_LOCATIVE_PHRASE = re.compile(lang.value("places", "locative_phrases"), re.IGNORECASE)
_NEXT_NAME_RUN = re.compile(r"[^\W\d_][\w'’-]*(?: [A-Z][\w'’-]*){0,3}")
_RENAMED_AFTER = re.compile(r"\s*" + _RENAMED.pattern.removesuffix("$"))  # "X (now Y)"
# The word before a name, and the one before that when the nearer is an article.
_WORDS_BEFORE = re.compile(r"([^\W\d_]+)(?:[\s,]+(?:the|The)\s+|[\s,]*)$")
_COORDINATED = re.compile(r"(?P<a>[^\W\d_][^,]*?) (?:and|or) (?P<b>[^\W\d_].*)")
AREA_FEATURES = frozenset({"region", "site", "continent"})  # LOC, not GPE
_POSSESSOR = re.compile(r"([A-Z][^\W\d_]+(?: [A-Z][^\W\d_]+)?)['’]s\s+$")
_NEXT_NAME = re.compile(r"^ ([^\W\d_]{2,})\b")
_WORD = re.compile(r"[^\W\d_]+")
MIN_FOREIGN_NAME = 3  # "Niš"; shorter capitalised words are initials
GIVEN_NAME_RULE = "a given name"  # the start of the rule that joins "Milan" + "Đurić"
MIN_INFLECTED = 100_000  # a city found only with an ending undone must be this large
# A city attacked ("an attack on Baltimore") is a place when one of its namesakes is this
# large: "an attack on Smith" names no city, and a town's name is too often a surname.
ASSAULTED_CITY_POPULATION = MIN_INFLECTED
# A namesake in the document's countries gains this much times their share of its
# unambiguous places: a European history naming the United States once keeps Vienna in
# Austria, a Virginia news story moves it.
CONTEXT_BONUS = 2.5
PROXIMITY_BONUS = 1.0  # a namesake near another place the document names unambiguously
NEAR_KM = 300
DOMINANT_RATIO = 10  # a namesake this many times as populous is the one meant
REGION_KM = 1000  # a namesake this near the document's places earns half the bonus
# A small town known only by an alternate name outside the document's countries must be
# this close to one of its places: a border region's old names, not a namesake abroad.
NEAR_ALTERNATE_KM = 100
# An ambiguous town name with no namesake in the document's countries or near its places is
# not geocoded when the document names this many unambiguous places and every namesake is
# a town under this population (a city that large may be named from anywhere).
MIN_CONTEXT_PLACES = 2
STRAY_MAX_POPULATION = 100_000
# A NORP mention that is a city this large under its own name is the city ("Sevastopol");
# smaller namesakes of peoples ("Roman", a town of 68,000 in Romania) stay a people.
NORP_CITY_POPULATION = 200_000
_DEMONYM = re.compile(r"(?:an|ans|ian|ians|ish|ese|i|is|ic|ics|s|er|ers|ite|ites)$")
ALTERNATE_PENALTY = 1.5  # "Troy" is Macon's alternate name, not its name


def placed_mentions(src: SourceDoc, sents: Sequence[Sentence],
                    mentions: Sequence[EntityMention], language) -> list[EntityMention]:
    """The stage: corrected labels and geocoded places (gazetteer-found in a foreign text)."""
    if language is not None and language.foreign:
        found, forms = gazetteer_mentions(src, sents)
        return [*geocode(found, forms=forms, text=src.text), *name_candidates(src, sents, found)]
    found = retype(src.text, [*mentions, *untagged_places(src, sents, mentions)])
    forms: dict[str, str] = {}
    if language is not None and language.passages:  # a Serbian paragraph in an English note
        spans = [(s, e) for s, e, _ in language.passages]
        passage_places, forms = gazetteer_mentions(src, sents, spans=spans)
        found = sorted([*found, *passage_places], key=lambda m: (m.clean_start, m.clean_end))
    return geocode(found, forms=forms, text=src.text)


# -- labels -----------------------------------------------------------------------------


def retype(text: str, mentions: Sequence[EntityMention]) -> list[EntityMention]:
    """Mentions with the label rules of the module docstring applied, in text order.

    Three passes, each reading what the one before settled: people first ("Milan Đurić"
    joined, so "Đurić" later is his surname), then places, then feast days."""
    gaz = gazetteer.default()
    mentions = sorted(mentions, key=lambda m: (m.clean_start, m.clean_end))
    joined = []
    for i, m in enumerate(mentions):
        nxt = mentions[i + 1] if i + 1 < len(mentions) else None
        person = _given_name(text, m, nxt, gaz) if m.label in GEOCODED_LABELS else None
        joined.append(person or m)
    mentions = _drop_swallowed(joined)
    person_words = _person_words(mentions)
    model_places = {m.text for m in mentions if m.label in GEOCODED_LABELS}
    out: list[EntityMention] = []
    previous_place_end = -10
    for m in mentions:
        if m.text in FEASTS:
            if m.label != "EVENT":
                m = _relabel(m, "EVENT", "a feast day (lang/en/places.yaml feasts)")
        elif m.label in GEOCODED_LABELS and m.text in person_words \
                and not _place_context(text, m, set(), -10):
            m = _relabel(m, "PERSON", "the surname of a person this document names")
        elif m.label in GEOCODED_LABELS and (family := _family(m.text, person_words, gaz)):
            m = _relabel(m, "PERSON", f"the family of {family!r}, a person this document names")
        elif m.label == "NORP" and (city := _city_tagged_a_people(gaz, m.text)):
            m = _relabel(m, "GPE", f"gazetteer: {city.name} ({city.key}), a city of "
                                   f"{city.population:,} the model called a people")
        elif (m.label in RETYPED_LABELS or m.label == "FAC" and (
                _own_city(gaz, m.text) or m.text.split()[0] in REGION_PREFIXES)) \
                and m.text not in person_words:
            split = _coordinated_places(text, m, gaz)
            if split:
                out.extend(split)
                previous_place_end = split[-1].clean_end
                continue
            m = _as_place(text, m, gaz, model_places, previous_place_end)
        if m.label in GEOCODED_LABELS:
            previous_place_end = m.clean_end
        out.append(m)
    return out


def _own_city(gaz: gazetteer.Gazetteer, name: str) -> bool:
    """Is ``name`` a city's own name ("Sirte"), which a facility tagged so is not ("his
    hometown of Sirte" read as a building)? A facility's name is longer ("Red Star
    Stadium") or the gazetteer lacks it."""
    return any(x.primary and x.place.feature == "city" for x in gaz.matches(name))


def _family(name: str, person_words: set[str], gaz: gazetteer.Gazetteer) -> str:
    """The surname ``name`` is the plural of, when it names a family ("the Kavanaghs"
    beside "Tom Kavanagh") and no place is called so."""
    for base in (name[:-1], name[:-2]) if name.endswith("s") and " " not in name else ():
        if base in person_words and base[:1].isupper() and not gaz.knows(name):
            return base
    return ""


def _city_tagged_a_people(gaz: gazetteer.Gazetteer, name: str) -> gazetteer.Place | None:
    """The large city ``name`` is, when the model tagged it NORP ("the siege of Sevastopol"):
    a name of no people's form ("Serbian", "Serbs", "Roman" stay) that is a city of at least
    ``NORP_CITY_POPULATION`` under its own name."""
    if _DEMONYM.search(name) or " " in name:
        return None
    return next((x.place for x in gaz.matches(name) if x.primary and x.place.feature == "city"
                 and x.place.population >= NORP_CITY_POPULATION), None)


def _as_place(text: str, m: EntityMention, gaz: gazetteer.Gazetteer, model_places: set[str],
              previous_place_end: int) -> EntityMention:
    """``m`` relabelled a place when the gazetteer knows it and the context says so. A
    town's alternate name is not enough ("Siegfried" is one of Northampton's, "Emery" of
    Humbermede's): the name must be a place's own, or a large place's."""
    if m.text in NEVER_PLACES:
        return m
    best = _known(gaz, m.text)
    if best is None and (renamed := _renamed_as(text, m, gaz)):
        label = "LOC" if renamed.feature in AREA_FEATURES else "GPE"
        return _relabel(m, label, f"gazetteer: {renamed.name} ({renamed.key}), a former "
                                  f"name its present one in brackets confirms")
    if best is None:
        return _as_region(text, m, gaz, model_places, previous_place_end)
    if m.text.isupper() and best.feature not in BROAD_FEATURES and not opens_dateline(text, m):
        return m  # "NATO" is no town of Nato
    reason = _place_context(text, m, model_places, previous_place_end)
    if not reason and (city := _assaulted_city(text, m, gaz)):
        best, reason = city
    if not reason:
        return m
    label = "LOC" if best.feature in AREA_FEATURES else "GPE"
    return _relabel(m, label, f"gazetteer: {best.name} ({best.key}) {reason}")


def _renamed_as(text: str, m: EntityMention, gaz: gazetteer.Gazetteer) -> gazetteer.Place | None:
    """The place ``m`` names when its present name follows in brackets and the gazetteer
    has ``m`` among that place's alternate names ("Gyulafehérvár (now Alba Iulia)")."""
    hit = _RENAMED_AFTER.match(text, m.clean_end, m.clean_end + 24)
    if not hit:
        return None
    present = _NEXT_NAME_RUN.match(text, hit.end())
    if not present:
        return None
    now = {x.place.key: x.place for x in gaz.matches(present.group(0)) if x.primary}
    return next((x.place for x in gaz.matches(m.text) if x.place.key in now), None)


def _assaulted_city(text: str, m: EntityMention, gaz: gazetteer.Gazetteer,
                    ) -> tuple[gazetteer.Place, str] | None:
    """The prominent city ``m`` names after a word of attacking and "on", "against" or
    "of" ("an attack on Baltimore", "a raid against Kertch"), with the reason; not a
    possessor ("an attack on Lincoln's army" is on the army)."""
    hit = _AFTER_ASSAULT.search(text, max(0, m.clean_start - 40), m.clean_start)
    if not hit or text[m.clean_end:m.clean_end + 2] in ("'s", "’s"):
        return None
    city = max((x.place for x in gaz.matches(m.text) if x.place.feature == "city"),
               key=lambda p: p.population, default=None)
    if city is None or city.population < ASSAULTED_CITY_POPULATION:
        return None
    return city, f"after {hit.group(1)!r} {hit.group(2)!r}, a city of {city.population:,}"


def _as_region(text: str, m: EntityMention, gaz: gazetteer.Gazetteer, model_places: set[str],
               previous_place_end: int) -> EntityMention:
    """``m`` relabelled a region when it names part of a country, state or region the
    gazetteer knows ("Upper Canada", "the Ohio Country") and the context says it is a
    place ("crossed into Upper Canada"). The gazetteer lacks such historical regions, so
    they stay unplaced rather than put at the whole country's point."""
    words = m.text.split()
    if len(words) != 2:
        return m
    if words[0] in REGION_PREFIXES:
        base, word = words[1], words[0]
    elif words[1] in REGION_SUFFIXES:
        base, word = words[0], words[1]
    else:
        return m
    whole = next((x.place for x in gaz.matches(base) if x.primary and x.place.feature in BROAD),
                 None)
    reason = _place_context(text, m, model_places, previous_place_end) if whole else ""
    if not reason:
        return m
    return _relabel(m, "LOC", f"a region of {whole.name} ({whole.key}) named with {word!r}, "
                              f"{reason}")


def _coordinated_places(text: str, m: EntityMention,
                        gaz: gazetteer.Gazetteer) -> list[EntityMention]:
    """"Constantinople and Gallipoli" tagged as one organisation: two places, when the
    gazetteer knows both names by their own names."""
    parts = _COORDINATED.fullmatch(m.text)
    if not parts or not all(_known(gaz, parts.group(g)) for g in ("a", "b")):
        return []
    out = []
    for g in ("a", "b"):
        cs, ce = m.clean_start + parts.start(g), m.clean_start + parts.end(g)
        rs, re_ = m.start + parts.start(g), m.start + parts.end(g)
        if text[cs:ce] != parts.group(g) or m.end - m.start != m.clean_end - m.clean_start:
            return []  # markup inside the span: raw and clean offsets differ
        place = _known(gaz, parts.group(g))
        label = "LOC" if place.feature in AREA_FEATURES else "GPE"
        out.append(EntityMention(
            mention_id=stable_id("M", m.doc_id, rs, re_, label), doc_id=m.doc_id, start=rs,
            end=re_, line=m.line, text=parts.group(g), label=label, clean_start=cs,
            clean_end=ce, sent_index=m.sent_index, hint=m.hint, model_label=m.label,
            label_rule=f"gazetteer: {place.name} ({place.key}) in a list of places the "
                       f"model read as one {m.label}"))
    return out


def _known(gaz: gazetteer.Gazetteer, name: str) -> gazetteer.Place | None:
    """The likeliest place called ``name``, if a prominent one is (a town's alternate name
    "Troy" is not enough)."""
    return next((x.place for x in gaz.matches(name)
                 if x.primary or x.place.population >= MIN_INFLECTED), None)


def _relabel(m: EntityMention, label: str, rule: str) -> EntityMention:
    return replace(m, label=label, model_label=m.model_label or m.label, label_rule=rule)


def _person_words(mentions: Sequence[EntityMention]) -> set[str]:
    """First and last words of the multi-word people a document names ("Milan",
    "Obrenović" for "Milan Obrenović"): a place reading of them needs more evidence."""
    words: set[str] = set()
    for m in mentions:
        if m.label == "PERSON" and (not m.model_label or m.label_rule.startswith(GIVEN_NAME_RULE)):
            parts = m.text.split()
            if len(parts) > 1:
                words.update((parts[0], parts[-1]))
    return words


def _word_before(text: str, start: int) -> str:
    """The word before ``start``, lower-case, skipping an article ("in *the* Banat").
    A capitalised word counts only at the start of a sentence or line ("In Novi Sad"):
    inside a title-case headline ("Checks Out Of Rehab") it is no preposition."""
    before = _WORDS_BEFORE.search(text, max(0, start - 40), start)
    if not before:
        return ""
    word = before.group(1)
    if word[0].isupper() and text[:before.start()].rstrip(" \t")[-1:] not in ("", "\n", ".",
                                                                             "!", "?", ":"):
        return ""
    return word.lower()


def _place_context(text: str, m: EntityMention, model_places: set[str],
                   previous_place_end: int) -> str:
    """Why this known name is a place here ("" when nothing says so)."""
    word = _word_before(text, m.clean_start)
    if word in LOCATIVE:
        return f"after {word!r}"
    phrase = _LOCATIVE_PHRASE.search(text, max(0, m.clean_start - 30), m.clean_start)
    if phrase:
        return f"after {' '.join(phrase.group(0).split())!r}"
    if opens_dateline(text, m):
        return "opening a dateline"
    after = text[m.clean_end:m.clean_end + 12].lstrip(" ,").split(" ", 1)[0].lower()
    if after in SPEECH_VERBS:
        return ""
    owner = _POSSESSOR.search(text, max(0, m.clean_start - 40), m.clean_start)
    if owner and (owner.group(1) in model_places or gazetteer.default().knows(owner.group(1))):
        return f"after the possessive {owner.group(0).strip()!r}"
    if word in ("and", "or") and 0 <= m.clean_start - previous_place_end <= 8:
        return "coordinated with a place"
    if 0 <= m.clean_start - previous_place_end <= 2 and \
            text[previous_place_end:m.clean_start] in (",", ", "):
        return "listed after a place"  # "ports in Vienna, Bratislava and Budapest"
    if _RENAMED.search(text, max(0, m.clean_start - 20), m.clean_start):
        return "a place's present name in brackets"
    if _RENAMED_AFTER.match(text, m.clean_end, m.clean_end + 24):
        return "a place's former name, its present one in brackets"  # "Gyulafehérvár (now"
    if m.text in model_places:
        return "tagged as a place elsewhere in the document"
    if text[max(0, m.clean_start - 3):m.clean_start].endswith(", ") and \
            text[m.clean_end:m.clean_end + 1] in ("", "\n"):
        return "after a comma at the end of a line (a caption's place)"
    return ""


def opens_dateline(text: str, m: EntityMention) -> bool:
    """Does ``m`` open its line's dateline ("ANKARA, March 9 (Reuters) - ")? Its capitals
    are the dateline's style, not an acronym's."""
    line_start = text.rfind("\n", 0, m.clean_start) + 1
    return not text[line_start:m.clean_start].strip() and \
        dateline_end_at(text, m.clean_start) >= 0


def _given_name(text: str, m: EntityMention, nxt: EntityMention | None,
                gaz: gazetteer.Gazetteer) -> EntityMention | None:
    """"Milan Đurić": a one-word place name and a following name that continues no place
    name are one person. Not after a locative word ("in Belgrade Putin said")."""
    if " " in m.text or m.model_label:
        return None
    follow = _NEXT_NAME.match(text[m.clean_end:m.clean_end + 40])
    if not follow:
        return None
    surname = follow.group(1)
    if not surname[0].isupper() or surname in PLACE_SUFFIXES or gaz.knows(surname) or gaz.knows(f"{m.text} {surname}"):
        return None
    if _word_before(text, m.clean_start) in LOCATIVE:
        return None
    end = m.clean_end + 1 + len(surname)
    if nxt is not None and nxt.clean_start < end and nxt.label != "PERSON":
        return None
    raw_end = m.end + (end - m.clean_end)  # same line, no markup between: offsets shift alike
    if text[m.clean_end:end] != " " + surname:
        return None
    name = text[m.clean_start:end]
    return EntityMention(
        mention_id=stable_id("M", m.doc_id, m.start, raw_end, "PERSON"), doc_id=m.doc_id,
        start=m.start, end=raw_end, line=m.line, text=name, label="PERSON",
        clean_start=m.clean_start, clean_end=end, sent_index=m.sent_index, hint=m.hint,
        model_label=m.label, label_rule=f"{GIVEN_NAME_RULE}: {surname!r} continues no place name")


def _drop_swallowed(mentions: list[EntityMention]) -> list[EntityMention]:
    """Mentions inside a longer one a rule made ("Đurić" inside "Milan Đurić")."""
    grown = [m for m in mentions if m.label_rule.startswith(GIVEN_NAME_RULE)]
    if not grown:
        return mentions
    return [m for m in mentions
            if m in grown or not any(g.clean_start <= m.clean_start and m.clean_end <= g.clean_end
                                     for g in grown)]


def untagged_places(src: SourceDoc, sents: Sequence[Sentence],
                    mentions: Sequence[EntityMention]) -> list[EntityMention]:
    """Places the model left untagged ("gathered in Novi Sad"): a capitalised run the
    gazetteer knows by a prominent place's name, right after a locative word, that no
    mention overlaps. Calendar words are never places ("in March" is no town)."""
    gaz = gazetteer.default()
    taken = sorted((m.clean_start, m.clean_end) for m in mentions)
    sent_spans = [(s.clean_start, s.clean_end, s.index) for s in sents]
    text = src.text
    out: list[EntityMention] = []
    # Only the words right after a locative word are asked about (one scan of the text).
    for hit in _AFTER_LOCATIVE.finditer(text):
        start = hit.end()
        word = _word_before(text, start)
        if word not in LOCATIVE:
            continue  # "Out Of Rehab": a capitalised word inside a headline
        run = _run_from(text, start)
        for j in range(len(run), 0, -1):
            end = run[j - 1][1]
            name = text[start:end]
            if name in CALENDAR_WORDS or name in NEVER_PLACES or _overlaps(taken, start, end):
                continue
            place = _known(gaz, name)
            if place is not None and len(name) >= MIN_FOREIGN_NAME:
                label = "LOC" if place.feature in AREA_FEATURES else "GPE"
                rule = f"gazetteer: {place.name} ({place.key}) after {word!r}, untagged by the model"
                out.append(_found_mention(src, sent_spans, start, end, rule, label))
                break
    return out


def _run_from(text: str, start: int) -> list[tuple[int, int]]:
    """Up to four capitalised words from ``start``, joined by one space or hyphen."""
    run: list[tuple[int, int]] = []
    for w in _WORD.finditer(text, start, start + 80):
        if not w.group(0)[0].isupper() or (run and not (
                w.start() == run[-1][1] + 1 and text[run[-1][1]] in " -")):
            break
        run.append(w.span())
        if len(run) == 4:
            break
    return run


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(s < end and start < e for s, e in spans)


# -- other languages ----------------------------------------------------------------------


def gazetteer_mentions(src: SourceDoc, sents: Sequence[Sentence], *,
                       spans: Sequence[tuple[int, int]] | None = None,
                       ) -> tuple[list[EntityMention], dict[str, str]]:
    """Places in a text the model cannot read: runs of capitalised words the gazetteer
    knows, as written or with a Slavic case ending undone (the longest known run wins),
    and the form each was found under (mention ID -> "Novi Sad" for "Novom Sadu").
    ``spans`` limits the search to those clean-text ranges (the whole text by default)."""
    gaz = gazetteer.default()
    sent_spans = [(s.clean_start, s.clean_end, s.index) for s in sents]
    out: list[EntityMention] = []
    forms: dict[str, str] = {}
    for run in _capitalised_runs(src.text):
        if spans is not None and not any(s <= run[0][0] < e for s, e in spans):
            continue
        i = 0
        while i < len(run):
            j, found = _longest_known(gaz, src.text, run, i)
            # A place's name as written followed by more capitalised words is a person's
            # given name ("Владимир Путин", "Milan Đurić"), not the town of Vladimir; an
            # inflected one is a place ("президентом Сербии Александром Вучичем").
            if found is None or (j < len(run) and not found[3]):
                i += 1
                continue
            rule, label, form, _ = found
            mention = _found_mention(src, sent_spans, run[i][0], run[j - 1][1], rule, label)
            out.append(mention)
            forms[mention.mention_id] = form
            i = j
    return out, forms


def _longest_known(gaz: gazetteer.Gazetteer, text: str, run: list[tuple[int, int]],
                   i: int) -> tuple[int, tuple[str, str, str, bool] | None]:
    """The end of the longest run of words from ``i`` the gazetteer knows, and the find."""
    for j in range(min(len(run), i + 4), i, -1):
        name = " ".join(text[s:e] for s, e in run[i:j])
        found = _foreign_lookup(gaz, name) if len(name) >= MIN_FOREIGN_NAME else None
        if found is not None:
            return j, found
    return i, None


def name_candidates(src: SourceDoc, sents: Sequence[Sentence],
                    places: Sequence[EntityMention]) -> list[EntityMention]:
    """The other names of a text the model cannot read, labelled CANDIDATE: runs of up to
    three capitalised words that are not places. Reconciliation keeps one only when
    another document names it ("Karađorđa" meets "Karađorđe"), with that entity's label;
    the rest (a sentence's first word, mostly) never reach the tables."""
    taken = [(m.clean_start, m.clean_end) for m in places]
    sent_spans = [(s.clean_start, s.clean_end, s.index) for s in sents]
    out = []
    for run in _capitalised_runs(src.text):
        for part in _split_at(run, taken):
            # Every stretch of one to three words: a sentence's first word or a title may
            # lead ("Президент России Владимир Путин"); reconcile keeps the longest known.
            for i in range(len(part)):
                for j in range(i + 1, min(len(part), i + 3) + 1):
                    start, end = part[i][0], part[j - 1][1]
                    if end - start >= MIN_FOREIGN_NAME:
                        out.append(_found_mention(src, sent_spans, start, end,
                                                  f"a name {FOREIGN_TEXT_RULE}", CANDIDATE))
    return sorted(out, key=lambda m: (m.clean_start, m.clean_end))


def _split_at(run: list[tuple[int, int]], taken: list[tuple[int, int]]):
    """The parts of a run between the words already taken (places)."""
    part: list[tuple[int, int]] = []
    for w in run:
        if _overlaps(taken, *w):
            if part:
                yield part
            part = []
        else:
            part.append(w)
    if part:
        yield part


def _capitalised_runs(text: str) -> list[list[tuple[int, int]]]:
    """Word spans of consecutive capitalised words, joined by one space or hyphen."""
    runs: list[list[tuple[int, int]]] = []
    for w in _WORD.finditer(text):
        if not w.group(0)[0].isupper():
            continue
        if runs and runs[-1][-1][1] + 1 == w.start() and text[w.start() - 1] in " -":
            runs[-1].append(w.span())
        else:
            runs.append([w.span()])
    return runs


def _found_mention(src: SourceDoc, sent_spans, start: int, end: int, rule: str,
                   label: str) -> EntityMention:
    raw_start, raw_end = src.offsets.to_raw(start, end)
    index = next((i for s, e, i in sent_spans if s <= start < e), -1)
    return EntityMention(
        mention_id=stable_id("M", src.doc_id, raw_start, raw_end, label), doc_id=src.doc_id,
        start=raw_start, end=raw_end, line=src.line_of(raw_start), text=src.text[start:end],
        label=label, clean_start=start, clean_end=end, sent_index=index, label_rule=rule)


def _foreign_lookup(gaz: gazetteer.Gazetteer,
                    name: str) -> tuple[str, str, str, bool] | None:
    """(rule, label, form found, whether an ending was undone) when the gazetteer knows
    ``name`` as written or in one of its nominative forms. An undone ending needs a prominent place: "Руска" (Russian, the
    adjective) must not become the hamlet of Rusk."""
    for form, undone in nominatives(name):
        for match in gaz.matches(form):
            place = match.place
            if undone and " " not in form and not (
                    place.feature != "city" or place.population >= MIN_INFLECTED
                    or match.primary and place.population >= MIN_INFLECTED / 5):
                continue  # one inflected word is too often a common word
            label = "LOC" if place.feature in AREA_FEATURES else "GPE"
            how = f" (read as {form!r})" if undone else ""
            return f"gazetteer: {place.name} {FOREIGN_TEXT_RULE}{how}", label, form, undone
    return None


# -- coordinates --------------------------------------------------------------------------


def geocode(mentions: Sequence[EntityMention], *, forms: dict[str, str] | None = None,
            text: str = "") -> list[EntityMention]:
    """Every place mention with the gazetteer entry its document context favours;
    ``forms`` gives the name to look up for a mention whose text is inflected, ``text``
    (the document's clean text) what follows each mention: a qualifier ("Troy, Mich.",
    "Niš, Serbia") narrows the namesakes, a facility noun ("Evergreen Estates apartment
    complex") says the name is not the place's."""
    gaz = gazetteer.default()
    forms = forms or {}

    def form(m: EntityMention) -> str:
        if m.mention_id in forms:
            return forms[m.mention_id]
        return m.text.title() if m.text.isupper() and opens_dateline(text, m) else m.text

    candidates = {form(m): _candidates(gaz, form(m)) for m in mentions
                  if m.label in GEOCODED_LABELS}
    context: Counter = Counter()
    points: list[gazetteer.Place] = []
    for matches in candidates.values():
        if matches and (len(matches) == 1 or matches[0][0].feature == "country"):
            context[matches[0][0].country_code] += 1
            if matches[0][0].feature not in BROAD_FEATURES:
                points.append(matches[0][0])
    # The place each name most likely is: its only namesake, or one that dwarfs the others
    # ("Dublin", Ireland, beside Dublin, Ohio), for telling a stray town from the rest.
    likely = [p for p in map(_dominant, candidates.values()) if p is not None]
    # A qualifier read once holds for the name's other mentions in the document:
    # "Yorktown, Virginia" first, then "at Yorktown".
    narrowed: dict[str, list[_Candidate]] = {}
    withheld: set[str] = set()
    for m in mentions:
        matches = candidates.get(form(m)) if m.label in GEOCODED_LABELS else None
        after = text[m.clean_end:m.clean_end + 40] if text else ""
        if matches is None or not after:
            continue
        noun = _NEXT_WORD.match(after)
        if noun and noun.group(1) in FACILITY_NOUNS:
            withheld.add(m.mention_id)
        elif _after_the(text, m) and _small_towns_by_name(matches) \
                and not _QUALIFIER.match(after):  # "the Garden City, N.Y., unit" is one
            # "at the White House": a town takes no article (White House, Tennessee;
            # Casablanca, whose name it translates, is no reading of it either)
            withheld.add(m.mention_id)
        elif not _in_list(text, m) and not (matches and matches[0][0].feature in BROAD):
            found = _qualified(gaz, matches, after)
            if found is not matches:
                narrowed.setdefault(form(m), found)
    out = []
    for m in mentions:
        matches = candidates.get(form(m)) if m.label in GEOCODED_LABELS else None
        if matches is not None:
            matches = narrowed.get(form(m), matches)
            if m.label == "FAC":
                # GeoNames lists "Fort McHenry" among Vicksburg's names: a facility the
                # model read is a gazetteer place only under that place's own name.
                matches = [c for c in matches if c[2] == "name"]
        if not matches or m.mention_id in withheld or m.text in NEVER_PLACES or _stray(
                matches, context, points) or _stray_alternate(matches, context, points) \
                or _stray_lone(matches, likely):
            out.append(m)
            continue
        out.append(replace(m, place=_choose(matches, context, points)))
    return out


def _stray(matches: list[_Candidate], context: Counter,
           points: Sequence[gazetteer.Place]) -> bool:
    """Is ``matches`` several small towns, none in a country of the document's other places
    nor near one of them? "The Allies defeated the Russians at the Alma" in a text about
    Crimea is a river the gazetteer lacks, not Alma, Quebec: left off the map rather than
    guessed."""
    if len(matches) < 2 or sum(context.values()) < MIN_CONTEXT_PLACES:
        return False
    if any(p.feature != "city" or p.population >= STRAY_MAX_POPULATION for p, _, _ in matches):
        return False
    return not any(context[p.country_code] or _near(p, points) for p, _, _ in matches)


def _small_towns_by_name(matches: list[_Candidate]) -> bool:
    """Are the places named so (by their own names) all towns under STRAY_MAX_POPULATION?"""
    own = [p for p, _, how in matches if how == "name"]
    return bool(own) and all(p.feature == "city" and p.population < STRAY_MAX_POPULATION
                             for p in own)


def _after_the(text: str, m: EntityMention) -> bool:
    """Does "the" stand right before ``m`` ("the White House")?"""
    return text[max(0, m.clean_start - 4):m.clean_start] in ("the ", "The ")


def _stray_alternate(matches: list[_Candidate], context: Counter,
                     points: Sequence[gazetteer.Place]) -> bool:
    """Is ``matches`` only small towns known by an alternate name, none in a country of
    the document's other places nor close to one? "Banjska" in a story about Kosovo is
    not Bansko, Bulgaria (which GeoNames also calls so), "the Empire" in a German history
    not Coos Bay, Oregon; "Habelschwerdt" beside Silesia is Bystrzyca Kłodzka."""
    if any(how == "name" or p.feature != "city" or p.population >= STRAY_MAX_POPULATION
           for p, _, how in matches):
        return False
    # A lone namesake counted its own country into the context: the others' is asked.
    own = matches[0][0].country_code if len(matches) == 1 else ""
    others = context - Counter({own: 1}) if own else context
    if sum(others.values()) < MIN_CONTEXT_PLACES:
        return False
    return not any(others[p.country_code] or _near(p, points, km=NEAR_ALTERNATE_KM)
                   for p, _, _ in matches)


def _dominant(matches: list[_Candidate]) -> gazetteer.Place | None:
    """The namesake a name most likely is: the only one, or a place DOMINANT_RATIO times
    as populous as every other."""
    if not matches:
        return None
    if len(matches) == 1:
        return matches[0][0]
    ranked = sorted((p.population for p, _, _ in matches), reverse=True)
    top = max(matches, key=lambda c: c[0].population)[0]
    return top if ranked[0] >= DOMINANT_RATIO * max(ranked[1], 1) else None


def _stray_lone(matches: list[_Candidate], likely: Sequence[gazetteer.Place]) -> bool:
    """Is ``matches`` one small town far from all the document's other places, in a
    country that holds under half of them? "Kilbride" in an Irish memoir naming Dublin,
    Enniscorthy, Boston and Toronto is the Irish townland the gazetteer lacks, not
    Kilbride, Newfoundland, 1,500 km from Boston."""
    if len(matches) != 1:
        return False
    place = matches[0][0]
    if place.feature != "city" or place.population >= STRAY_MAX_POPULATION:
        return False
    others = [p for p in likely if p.key != place.key]
    if len(others) < MIN_CONTEXT_PLACES + 1:
        return False
    if 2 * sum(p.country_code == place.country_code for p in others) >= len(others):
        return False
    return not _near(place, [p for p in others if p.feature not in BROAD_FEATURES],
                     km=REGION_KM)


def _in_list(text: str, m: EntityMention) -> bool:
    """Is ``m`` an item of a comma-separated list ("Arizona, Wyoming, Colorado"), where the
    next item is no qualifier?"""
    return text[max(0, m.clean_start - 2):m.clean_start] == ", "


def _qualified(gaz: gazetteer.Gazetteer, matches: list[_Candidate],
               after: str) -> list[_Candidate]:
    """The namesakes in the state or country named after a comma ("Troy, Mich.",
    "Niš, Serbia"); when none is listed ("Yorktown, Virginia": too small), the state or
    country itself, matched as a qualifier, rather than a namesake elsewhere."""
    q = _QUALIFIER.match(after)
    where = _qualifier_place(gaz, q.group(1).rstrip(",")) if q else None
    if where is None or not where.country_code:
        return matches
    kept = [c for c in matches if c[0].country_code == where.country_code
            and (where.feature != "state" or c[0].admin1 == where.admin1)]
    if len(kept) == len(matches):
        return matches  # nothing to narrow
    return kept or [(where, 0.0, "qualifier")]


def _qualifier_place(gaz: gazetteer.Gazetteer, name: str) -> gazetteer.Place | None:
    code = STATE_ABBREVIATIONS.get(name)
    if code is not None:
        return gaz.state("US", code)
    return next((x.place for x in gaz.matches(name)
                 if x.primary and x.place.feature in ("state", "country", "region")), None)


_Candidate = tuple[gazetteer.Place, float, str]  # place, prior score, how it matched


def _candidates(gaz: gazetteer.Gazetteer, text: str) -> list[_Candidate]:
    """Each namesake with a prior score; a "Kingdom of X" falls back to X."""
    matches = gaz.matches(text)
    if text.isupper():  # "NATO" is not the town of Nato: an acronym names a state or nothing
        matches = [x for x in matches if x.place.feature in BROAD_FEATURES]
    found = [(x.place, x.place.weight - (0 if x.primary else ALTERNATE_PENALTY),
              "name" if x.primary else "alternate name") for x in matches]
    if not found and (code := STATE_ABBREVIATIONS.get(text if text.endswith(".") else text + ".")):
        # "SACRAMENTO, Calif.": the state a dateline's abbreviation names
        state = gaz.state("US", code)
        found = [(state, state.weight, "name")] if state is not None else []
    if not found:
        polity = _POLITY.match(text)
        if polity:
            found = [(x.place, x.place.weight - 1.0, "polity")
                     for x in gaz.matches(polity.group("place")) if x.primary]
    return found


def _proximity(place: gazetteer.Place, points: Sequence[gazetteer.Place]) -> float:
    """The bonus of a namesake near the document's other places: in full within NEAR_KM,
    half within REGION_KM ("Sinop" beside Sevastopol and Wallachia is the Turkish port,
    not the larger Brazilian city, though it lies just over NEAR_KM away)."""
    if _near(place, points):
        return PROXIMITY_BONUS
    return PROXIMITY_BONUS / 2 if _near(place, points, km=REGION_KM) else 0.0


def _near(place: gazetteer.Place, points: Sequence[gazetteer.Place], *,
          km: float = NEAR_KM) -> bool:
    """Is ``place`` within ``km`` of another place the document names unambiguously?"""
    return any(q.key != place.key and _km(place, q) < km for q in points)


def _km(a: gazetteer.Place, b: gazetteer.Place) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (a.latitude, a.longitude, b.latitude, b.longitude))
    h = math.sin((lat2 - lat1) / 2) ** 2 + \
        math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371 * math.asin(math.sqrt(h))


def _choose(matches: list[_Candidate], context: Counter,
            points: Sequence[gazetteer.Place] = ()) -> PlaceRef:
    total = sum(context.values()) or 1
    scored = sorted(((score + CONTEXT_BONUS * context[p.country_code] / total
                      + (_proximity(p, points) if len(matches) > 1 else 0.0),
                      p.key, p, how)
                     for p, score, how in matches), key=lambda t: (-t[0], t[1]))
    best_score, _, best, how = scored[0]
    margin = best_score - scored[1][0] if len(scored) > 1 else 3.0
    confidence = 1 / (1 + math.exp(-(margin + 0.5)))
    if how == "qualifier":
        confidence = 0.5  # somewhere in that state or country
    elif how != "name":
        confidence *= 0.8
    return PlaceRef(best.key, best.geonames_id, best.name, best.latitude, best.longitude,
                    best.country_code, best.feature, round(confidence, 2), how)
