"""Entity clustering across documents, one label per entity by vote.

Mentions are grouped by their name key (``names.name_key``), so every spelling that only
differs in diacritics, transliteration, case, "the" or a possessive is one name. Name keys
are then joined (union-find) by evidence, each link kept with its reason:

* ``alias``: the curated table (``USSR`` = ``Soviet Union``);
* ``acronym``: a document defines it ("North Atlantic Treaty Organization (NATO)");
* ``parenthetical`` / ``appositive``: "Đorđe Petrović (Karađorđe)", "X, known as Y";
* ``surname``: within one document, a lone "Pašić" (PERSON, or ORG as the tagger often
  calls a lone surname) joins the only full name there ending in it ("Nikola Pašić"); a
  lone surname left over joins the corpus's only full name ending in it, and stays alone
  where there are several ("Wilson": Woodrow, Tanya);
* ``variant``: one full person name written out more or less ("Richard Nixon", "Richard
  M. Nixon"; "Mark Felt", "W. Mark Felt"): same surname, given names in order;
* ``fuzzy``: rapidfuzz ratio >= 90 between keys of the same kind and token count, with at
  most one differing token, neither a prefix of the other and no digits. That keeps
  "Serbia"/"Serbian", "Austria"/"Austria-Hungary", "Alexander I"/"Alexander II" and
  "Kosovo"/"the Kosovo issue" apart while catching misspellings;
* ``gazetteer``: place mentions the gazetteer put at one entry by name ("Beograd",
  "Београд", "Belgrade"), whatever the script or language.

Each entity that is a place carries the gazetteer entry most of its mentions resolve to.

Labels do not split a name: "Washington" tagged GPE twice and PERSON once is one entity
labelled GPE with ``label_votes`` ``GPE:2|PERSON:1`` (ties go to the more specific label,
GPE before PERSON before ORG ...; a label in the curated alias table overrides the vote).
Where a rule corrected the model's organisation, product or work of art on one mention,
that label on the name's other mentions in the document votes for the correction.
Names that differ in kind already
differ in key ("Serbian" NORP vs "Serbia" GPE).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

from rapidfuzz import fuzz, process

from pipeline import lang
from pipeline.cells import join_values
from pipeline.records import CANDIDATE_LABEL as CANDIDATE
from pipeline.records import FOREIGN_TEXT_RULE
from pipeline.records import DocResult, EntityMention, PlaceRef
from pipeline.reconcile import names
from pipeline.inflection import nominatives
from pipeline.reconcile.registry import IdRegistry
from pipeline.reconcile.shared_rows import SharedRows

# Tie-break for the label vote: the more specific reading of an ambiguous name first.
_LABEL_ORDER = ("GPE", "PERSON", "ORG", "LOC", "NORP", "FAC", "EVENT", "LAW", "WORK_OF_ART",
                "PRODUCT", "LANGUAGE")
FUZZY_CUTOFF = 90.0
RESPELLED_RATIO = 85.0  # a lone surname spelled another way in its own document
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})  # the entities that get coordinates
GIVEN_NAME_TITLES = lang.words("reconcile", "given_name_titles")  # "King Hussein"
_HONORIFICS = lang.words("reconcile", "honorifics")  # "Marshal", "President"
# "Western High Court" (ORG) and "Vestre Landsret" (PERSON) tie: the court, no person
_ORG_WORDS = lang.words("labels", "organisation_words")
_ENTITY_ROWS, _MENTION_ROWS = SharedRows("entity"), SharedRows("entity_mention")


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def add(self, x: str) -> None:
        self.parent.setdefault(x, x)

    def find(self, x: str) -> str:
        self.add(x)
        root = x
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[x] != root:
            self.parent[x], x = root, self.parent[x]
        return root

    def union(self, a: str, b: str) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return False
        # Smaller key becomes the root: the result does not depend on union order.
        if rb < ra:
            ra, rb = rb, ra
        self.parent[rb] = ra
        return True


@dataclass
class EntityIndex:
    """What event reconciliation needs from entities, and the finished rows."""

    rows: list[dict] = field(default_factory=list)
    mention_rows: list[dict] = field(default_factory=list)
    mention_entity: dict[str, str] = field(default_factory=dict)
    key_entity: dict[str, str] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)
    links: list[tuple[str, str, str]] = field(default_factory=list)

    def resolve(self, text: str, mention_id: str = "") -> tuple[str, str]:
        """``(identity, display name)`` of a name: its entity if known, else its key."""
        if mention_id and mention_id in self.mention_entity:
            eid = self.mention_entity[mention_id]
            return eid, self.names[eid]
        key = names.name_key(text)
        # A place's or a company's key drops words a bare key keeps ("Elazig province",
        # "Microsoft Corp."): the name of a place an event gives meets its entity so.
        for k in (key, names.name_key(text, "GPE")):
            if k in self.key_entity:
                eid = self.key_entity[k]
                return eid, self.names[eid]
        alias = names.default_aliases().lookup(key)
        if alias is not None:
            ckey = names.name_key(alias[0])
            if ckey in self.key_entity:
                eid = self.key_entity[ckey]
                return eid, self.names[eid]
            return "k:" + ckey, alias[0]
        return ("k:" + key if key else ""), names.strip_name(text)


def _mention_key(m: EntityMention) -> str:
    parts = names.split_parenthetical(m.text)
    return names.name_key(parts[0], m.label)


def cluster_entities(
    results: Sequence[DocResult], registry: IdRegistry, *,
    aliases: names.AliasTable | None = None,
) -> EntityIndex:
    """Cluster every entity mention in ``results`` into entities with stable IDs."""
    aliases = aliases or names.default_aliases()
    uf = _UnionFind()
    links: list[tuple[str, str, str]] = []

    def link(a: str, b: str, reason: str) -> None:
        if a and b and a != b and uf.union(a, b):
            links.append((min(a, b), max(a, b), reason))

    # Mentions and their name keys in two parallel lists, by position: dictionaries keyed
    # by mention ID grew with the corpus and turned every lookup into a cache miss.
    mentions: list[EntityMention] = []
    keys: list[str] = []
    labels: list[str] = []
    spans: list[tuple[DocResult, int, int]] = []  # each document's slice of the lists
    key_of_name: dict[tuple[str, str], str] = {}  # a plain dict: no LRU upkeep per hit
    candidates: list[tuple[int, EntityMention]] = []  # (position in results, mention)
    for n, r in enumerate(results):
        first = len(mentions)
        for m in r.mentions:
            text, label = m.text, m.label
            if label == CANDIDATE:
                candidates.append((n, m))
                continue
            key = key_of_name.get((text, label))
            if key is None:
                key = key_of_name[(text, label)] = _mention_key(m)
            if key:
                mentions.append(m)
                keys.append(key)
                labels.append(label)
        spans.append((r, first, len(mentions)))
    del key_of_name
    if candidates:
        spans = _adopt_candidates(candidates, spans, mentions, keys, labels)
    # Counted in one pass over (key, label) pairs, each key and label in order of first
    # appearance (the fuzzy blocking reads the most common label, ties to the first).
    key_labels: dict[str, Counter] = defaultdict(Counter)
    for (key, label), n in Counter(zip(keys, labels)).items():
        key_labels[key][label] = n
    del labels
    mention_keys = set(key_labels)
    for key in key_labels:
        uf.add(key)

    # Evidence, strongest and most deterministic first; union order does not change the
    # partition, only which link is reported as the reason.
    table_canonical: dict[str, tuple[str, str]] = {}
    for key in sorted(mention_keys):
        hit = aliases.lookup(key) if not key.startswith("#") else None
        if hit is not None:
            ckey = names.name_key(hit[0])
            table_canonical[key] = hit
            uf.add(ckey)
            link(key, ckey, "alias")
    surname_documents: Counter = Counter()  # (surname, full name) -> documents linking them
    titled: set[str] = set()
    given_links: set[tuple[str, str, str]] = set()
    as_person: set[int] = set()  # positions of lone surnames joined to a full name
    for r, first, end in sorted(spans, key=lambda span: span[0].doc_id):
        key_of = {mentions[i].mention_id: keys[i] for i in range(first, end)}
        for m in r.mentions:
            if "(" not in m.text:  # no parenthetical (most names): skip the cached split
                continue
            parts = names.split_parenthetical(m.text)
            if len(parts) == 2 and m.mention_id in key_of:
                link(key_of[m.mention_id], names.name_key(parts[1], m.label), "parenthetical")
        # Without sentences there is no text between two mentions to link them by.
        for a, b, reason in (names.linked_mentions(r.mentions, r.sentences)
                             if r.sentences else ()):
            if a.mention_id in key_of and b.mention_id in key_of:
                link(key_of[a.mention_id], key_of[b.mention_id], reason)
        texts = [s.text for s in r.sentences] or [c.text for c in r.claims]
        for long, acronym in names.acronym_definitions("\n".join(texts)):
            lkey, akey = names.name_key(long), names.name_key(acronym)
            if lkey in mention_keys or akey in mention_keys:
                link(lkey, akey, "acronym")
        # A surname joins its full name in this document only: its mentions take the full
        # name's key, since linking the two keys would join "Wilson" (Woodrow) in one
        # document with "Wilson" (Tanya) in another.
        titled_here = _titled_keys(r.mentions, key_of)
        titled |= titled_here
        surname_pairs = _surname_targets(r.mentions, key_of, r.doc_id, titled_here)
        # A given name alone ("Nora" after "Nora Fitzgerald") joins the one full name of
        # the document it begins, in that document only: unlike a surname, no evidence
        # for another document's "Nora".
        for single, full in _given_name_targets(r.mentions, key_of,
                                                {s for s, _ in surname_pairs}):
            for i in range(first, end):
                if keys[i] == single:
                    keys[i] = full
            if (min(single, full), max(single, full), "given_name") not in given_links:
                given_links.add((min(single, full), max(single, full), "given_name"))
                links.append((min(single, full), max(single, full), "given_name"))
        surnames_here = set(surname_pairs)
        for single, full in (surname_pairs + _short_form_targets(r.mentions, key_of)):
            reason = "surname" if " " not in single else "short_form"
            for i in range(first, end):
                if keys[i] == single:
                    keys[i] = full
                    if (single, full) in surnames_here:
                        as_person.add(i)  # "Gadhafi" tagged ORG: a vote for the person
            if "\x00" in full:
                uf.add(full)
                mention_keys.add(full)
                continue
            if not surname_documents[(single, full)]:
                links.append((min(single, full), max(single, full), reason))
            surname_documents[(single, full)] += 1
    for a, b in _fuzzy_pairs(key_labels):
        link(a, b, "fuzzy")
    for a, b in _name_variants(key_labels):
        link(a, b, "variant")
    for group in _same_places(mentions, keys):
        for other in group[1:]:
            link(group[0], other, "gazetteer")
    # A lone surname left over ("Vučić" in a document that never gives the full name)
    # joins the one person documents linked it to, or the corpus's only person whose
    # full name ends in it; "Wilson", linked to Woodrow in one and Tanya in another,
    # stays alone.
    for single, full in _unique_surnames(set(keys) - titled, key_labels, uf.find,
                                         surname_documents):
        link(single, full, "surname")
    # An organisation's short form left over ("the Red Sox" in a report that never says
    # "Boston") joins the organisation documents linked it to, when they agree.
    for short, full in _agreed_short_forms(set(keys), uf.find, surname_documents):
        link(short, full, "short_form")

    root_of = {key: uf.find(key) for key in uf.parent}
    clusters: dict[str, list[int]] = defaultdict(list)  # root -> mention positions
    for i, key in enumerate(keys):
        clusters[root_of[key]].append(i)
    all_keys: dict[str, set[str]] = defaultdict(set)
    for key, root in root_of.items():
        all_keys[root].add(key)

    roots = sorted(clusters)
    plans = []
    for root in roots:
        member_keys = all_keys[root] & mention_keys
        canon = sorted({names.name_key(table_canonical[k][0]) for k in member_keys
                        if k in table_canonical})
        founder = canon[0] if canon else min(member_keys)
        plans.append((founder, all_keys[root]))
    reasons_by_key: dict[str, set[str]] = defaultdict(set)
    for a, _, reason in links:
        reasons_by_key[a].add(reason)
    ids = registry.assign("entity", "E", plans, reasons=[
        "names linked: " + _link_summary(all_keys[root], reasons_by_key) for root in roots])

    index = EntityIndex(links=links)
    merged_into: dict[str, list[str]] = defaultdict(list)
    for mg in registry.merges("entity"):
        merged_into[registry.resolve(mg.new_id)].append(mg.old_id)
    entity_at = [""] * len(mentions)
    for root, eid in zip(roots, ids):
        positions = clusters[root]
        ms = [mentions[i] for i in positions]
        votes = Counter(m.label for m in ms)
        canon = [table_canonical[keys[i]] for i in positions if keys[i] in table_canonical]
        voters = [replace(m, label="PERSON") if i in as_person and m.label == "ORG" else m
                  for i, m in zip(positions, ms)] if as_person else ms
        label = _vote(_corrected_votes(voters), canon[0][1] if canon else "")
        # "League of Princes (Fürstenbund)": the name and its bracketed alias, two forms
        forms = names.surface_forms(p for m in ms for p in names.split_parenthetical(m.text))
        if label == "PERSON" and any(
                names.written_as_legal_form(m.text)
                or (m.label == "ORG" and (names.ends_in_legal_form(m.text)
                                          or m.text.rsplit(None, 1)[-1] in _ORG_WORDS))
                for m in ms):
            label = "ORG"  # "Borealis" read as a person, "Borealis Systems Inc" its name
        name = min(c[0] for c in canon) if canon else _display_name(ms)
        docs = sorted({m.doc_id for m in ms})
        index.names[eid] = name
        for key in all_keys[root]:
            index.key_entity[key] = eid
        for i in positions:
            entity_at[i] = eid
        index.rows.append(_ENTITY_ROWS.make({
            "entity_id": eid,
            "name": name,
            "label": label,
            "aliases": join_values(f for f in forms if f != name),
            "n_mentions": len(ms),
            "n_documents": len(docs),
            "doc_ids": join_values(docs),
            "label_votes": join_values(
                f"{lab}:{n}" for lab, n in sorted(votes.items(), key=lambda x: (-x[1], x[0]))),
            "merged_from": join_values(sorted(merged_into.get(eid, []))),
            **geo_columns(_consensus_place(ms) if label in PLACE_LABELS else None),
        }))
    for m, eid in zip(mentions, entity_at):
        index.mention_entity[m.mention_id] = eid
        index.mention_rows.append(_MENTION_ROWS.make({
            "mention_id": m.mention_id,
            "entity_id": eid,
            "doc_id": m.doc_id,
            "start": m.start,
            "end": m.end,
            "line": m.line,
            "text": m.text,
            "label": m.label,
            "model_label": m.model_label,
            "label_rule": m.label_rule,
            # Most mentions are not geocoded: their columns are spread from one constant
            # rather than built per row (two million rows at a million event mentions).
            **(_NO_GEO if m.place is None else geo_columns(m.place)),
            "geo_match": m.place.matched if m.place else "",
        }))
    # A name read from text alone ("Lohan" as an actor with no mention) resolves as the
    # documents' surname links do, when they agree on one person.
    named: dict[str, set[str]] = defaultdict(set)
    for single, full in surname_documents:
        named[single].add(index.key_entity.get(full, ""))
    for single, eids in sorted(named.items()):
        if single not in index.key_entity and len(eids) == 1 and "" not in eids:
            index.key_entity[single] = next(iter(eids))
    index.rows.sort(key=lambda r: r["entity_id"])
    index.mention_rows.sort(key=lambda r: r["mention_id"])
    return index


def _adopt_candidates(candidates, spans, mentions, keys, labels):
    """Names found in texts the model cannot read, kept when another document names the
    same thing: the candidate's text, or one of its nominative forms ("Karađorđa" ->
    "Karađorđe"), has the key of a mention the model labelled; the candidate takes that
    label. Appended at the end of each document's slice of the parallel lists."""
    label_of: dict[str, Counter] = defaultdict(Counter)
    for key, label in zip(keys, labels):
        label_of[key][label] += 1
    adopted: dict[int, list[tuple[EntityMention, str]]] = defaultdict(list)
    taken: dict[int, list[tuple[int, int]]] = defaultdict(list)
    # Longest first: "Владимир Путин" is kept over "Путин" inside it.
    for n, m in sorted(candidates, key=lambda c: (c[0], c[1].start - c[1].end, c[1].start)):
        if any(s < m.end and m.start < e for s, e in taken[n]):
            continue
        for form, _ in nominatives(m.text):
            key = names.name_key(form, "PERSON")
            if key in label_of:
                label = label_of[key].most_common(1)[0][0]
                rule = f"a name {FOREIGN_TEXT_RULE}, as {form!r} elsewhere"
                adopted[n].append((replace(m, label=label, label_rule=rule), key))
                taken[n].append((m.start, m.end))
                break
    if not adopted:
        return spans
    out_mentions, out_keys, out_labels, out_spans = [], [], [], []
    for n, (r, first, end) in enumerate(spans):
        start = len(out_mentions)
        out_mentions.extend(mentions[first:end])
        out_keys.extend(keys[first:end])
        out_labels.extend(labels[first:end])
        for m, key in adopted.get(n, ()):
            out_mentions.append(m)
            out_keys.append(key)
            out_labels.append(m.label)
        out_spans.append((r, start, len(out_mentions)))
    mentions[:], keys[:], labels[:] = out_mentions, out_keys, out_labels
    return out_spans


def _same_places(mentions: Sequence[EntityMention], keys: Sequence[str]) -> list[list[str]]:
    """Name keys of place mentions the gazetteer put at one entry by name ("Beograd",
    "Београд" and "Belgrade"), each group sorted; a polity placed at its capital is not
    the capital."""
    by_place: dict[str, set[str]] = defaultdict(set)
    for m, key in zip(mentions, keys):
        if m.place is not None and m.place.matched not in ("polity", "qualifier"):
            by_place[m.place.place_id].add(key)
    return [sorted(ks) for _, ks in sorted(by_place.items()) if len(ks) > 1]


def majority_place(places: Sequence[PlaceRef | None]) -> tuple[PlaceRef | None, float]:
    """The entry most of ``places`` are (ties: the more confident), and the share of the
    geocoded ones that agree; (None, 0.0) when none is geocoded."""
    placed = [p for p in places if p is not None]
    if not placed:
        return None, 0.0
    if len(placed) == 1:  # most events: no vote to count
        return placed[0], 1.0
    votes = Counter(p.place_id for p in placed)
    best = max(placed, key=lambda p: (votes[p.place_id], p.confidence, p.place_id))
    return best, votes[best.place_id] / len(placed)


def _consensus_place(ms: Sequence[EntityMention]) -> PlaceRef | None:
    """The entry most of an entity's mentions resolve to, its confidence scaled by the
    share of geocoded mentions that agree."""
    best, share = majority_place([m.place for m in ms])
    return replace(best, confidence=round(best.confidence * share, 2)) if best else None


_NO_GEO: dict[str, object] = {
    "place_id": "", "geonames_id": "", "latitude": None, "longitude": None,
    "country_code": "", "feature": "", "geo_confidence": None}


def geo_columns(place: PlaceRef | None) -> dict[str, object]:
    """The gazetteer columns of a row (empty when nothing was geocoded)."""
    if place is None:
        return dict(_NO_GEO)
    return {"place_id": place.place_id, "geonames_id": place.geonames_id,
            "latitude": place.latitude, "longitude": place.longitude,
            "country_code": place.country_code, "feature": place.feature,
            "geo_confidence": place.confidence}


def _vote(votes: Counter, table_label: str) -> str:
    """The label most mentions carry; a curated alias-table label overrides the vote
    (the small model calls "Napoleon" ORG; the table knows better)."""
    if table_label:
        return table_label

    def rank(label: str) -> tuple:
        order = _LABEL_ORDER.index(label) if label in _LABEL_ORDER else len(_LABEL_ORDER)
        return (-votes[label], label != table_label, order, label)

    return min(votes, key=rank)


# The small model's readings of a name it does not know: where a rule corrected one in a
# document, its other mentions there with that label are the same mistake. Not a person
# or a place: "Washington" is both, in one story.
_FALLBACK_LABELS = frozenset({"ORG", "PRODUCT", "WORK_OF_ART", "NORP", "LAW", "EVENT"})
# A place reading the gazetteer could not place, where a rule read the name a person in
# the same document ("Seamus laughed"): the model's other GPE mentions of it there are
# the same mistake. A geocoded one ("Washington") keeps its vote.
_UNPLACED_LABELS = frozenset({"GPE", "LOC"})


def _corrected_votes(ms: Sequence[EntityMention]) -> Counter:
    """One vote per mention, but a model label a rule corrected on another mention of the
    name in the same document counts for the correction: "Tecumseh's confederacy" (ORG)
    and "Tecumseh was killed" (ORG, a PERSON by its verb) are two PERSON votes."""
    corrected: dict[tuple[str, str], set[str]] = defaultdict(set)
    for m in ms:
        if m.label_rule and m.label != m.model_label and (
                m.model_label in _FALLBACK_LABELS
                or m.model_label in _UNPLACED_LABELS and m.label == "PERSON"):
            corrected[(m.doc_id, m.model_label)].add(m.label)
    votes: Counter = Counter()
    for m in ms:
        to = corrected.get((m.doc_id, m.label)) if not m.model_label and (
            m.label not in _UNPLACED_LABELS or m.place is None) else None
        votes[next(iter(to)) if to and len(to) == 1 else m.label] += 1
    return votes


_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})


def _display_name(ms: Sequence[EntityMention]) -> str:
    """The most frequent surface form (a person's surname counting for their full name);
    ties go to the form with diacritics, then longer.
    A place the gazetteer alone found in another language ("Beogradu", "Југославија") takes
    its name from the other mentions, or else from the gazetteer ("Belgrade")."""
    plain = [m for m in ms if FOREIGN_TEXT_RULE not in m.label_rule]
    if not plain:
        place = _consensus_place(ms)
        if place is not None:
            return place.name
        plain = list(ms)
    ms = plain
    counts = Counter(names.strip_name(names.split_parenthetical(m.text)[0]) for m in ms)
    counts.pop("", None)
    if not counts:
        return ms[0].text
    label = Counter(m.label for m in ms).most_common(1)[0][0]
    if label == "PERSON":
        counts = _surnames_counted_to_full_names(_titles_counted_to_names(counts))
    elif label in _PLACE_LABELS:
        counts = _capitals_counted_to_their_case(counts)
    best = max(counts.values())
    return names.surface_forms(f for f, n in counts.items() if n == best)[0]


def _capitals_counted_to_their_case(counts: Counter) -> Counter:
    """A place in capitals ("OSLO") counts for the form the text writes elsewhere ("Oslo"):
    a dateline shouts its city."""
    written = {f.lower(): f for f in counts if not f.isupper()}
    out = Counter()
    for form, n in counts.items():
        out[written.get(form.lower(), form) if form.isupper() else form] += n
    return out


def _titles_counted_to_names(counts: Counter) -> Counter:
    """A titled form ("Marshal Saint-Arnaud", "President Emmanuel Macron") counts for the
    name without its title when the text writes that too: the name, not the office, is
    the one to show."""
    out = Counter(counts)
    for form, n in counts.items():
        words = form.split()
        i = 0
        while i < len(words) - 1 and names.fold(words[i]) in _HONORIFICS:
            i += 1
        bare = " ".join(words[i:])
        if i and bare in counts:
            out[bare] += n
            del out[form]
    return out


def _surnames_counted_to_full_names(counts: Counter) -> Counter:
    """A person's lone surname ("Vučić") counts for the one full name ending in it
    ("Aleksandar Vučić"): a story names someone in full once and by surname after, and the
    full name is the one to show."""
    full: dict[str, list[str]] = {}
    first: dict[str, list[str]] = {}  # a given name alone ("Nora", "Frederick") likewise
    # Words as written, each folded: "Ben-David" is one word, the surname of "Yael
    # Ben-David", though its key reads "ben david".
    for form in counts:
        words = [names.fold(w) for w in form.split()]
        if len(words) >= 2:
            full.setdefault(words[-1], []).append(form)
            first.setdefault(words[0], []).append(form)
    out = Counter(counts)
    for form, n in counts.items():
        words = [names.fold(w) for w in form.split()]
        if len(words) != 1:
            continue
        for table in (full, first):
            if len(table.get(words[0], ())) == 1:
                out[table[words[0]][0]] += n
                del out[form]
                break
    return out


def _link_summary(keys: set[str], reasons_by_key: Mapping[str, set[str]]) -> str:
    """Why a cluster's names were linked; looks up only its own keys (not every link)."""
    reasons = sorted({r for k in keys for r in reasons_by_key.get(k, ())})
    return ", ".join(reasons) or "same name"


def _titled_keys(mentions, key_of) -> set[str]:
    """One-word keys a mention reached by dropping a ruler's title: "King Hussein" is
    "hussein", a given name that must not join "Saddam Hussein"."""
    out = set()
    for m in mentions:
        key = key_of.get(m.mention_id, "")
        if key and " " not in key and " " in m.text.strip():
            words = names.fold(m.text).split()
            if len(words) >= 2 and words[0] in GIVEN_NAME_TITLES:
                out.add(key)
    return out


def _surname_targets(mentions, key_of, doc_id: str, titled: set[str]) -> list[tuple[str, str]]:
    """(lone surname key, full name key) pairs of one document: the surname is the last
    word of one full name there, or of the one it names more often than any other;
    where it may be several, it gets a key of this document's own, joining nothing.
    ``titled`` are the document's given names after a title (:func:`_titled_keys`)."""
    # Person keys with their mentions in the document ("Lindsay Lohan" five times).
    counts = Counter(key_of[m.mention_id] for m in mentions
                     if m.label == "PERSON" and m.mention_id in key_of)
    singles = {k for k in counts if " " not in k}
    # The tagger often calls a lone surname an organisation ("Sanchez said" after "Pedro
    # Sanchez"); not when an organisation of the document is named by it ("Ford Motor").
    orgs = {key_of[m.mention_id] for m in mentions
            if m.label == "ORG" and m.mention_id in key_of}
    org_words = {w for k in orgs if " " in k for w in k.split()}
    singles |= {k for k in orgs if " " not in k and k not in org_words}
    singles -= titled
    # Several full names ending in it ("Lindsay Lohan" five times, "Dina Lohan" once): the
    # one named more often than any other.
    by_last: dict[str, list[str]] = defaultdict(list)
    for k in sorted(counts):
        if " " in k and not _regnal(k):
            by_last[k.rsplit(" ", 1)[1]].append(k)
    # "Ortega" after "Luis Ortega Blanco": the first of two surnames, as Spanish and
    # Portuguese names give them, when no full name of the document ends in it.
    by_first_surname: dict[str, list[str]] = defaultdict(list)
    for k in sorted(counts):
        words = k.split()
        if len(words) >= 3 and not _regnal(k):
            by_first_surname[words[-2]].append(k)
    out = []
    for s in sorted(singles):
        full = sorted(by_last.get(s, ()), key=lambda k: (-counts[k], k))
        if not full and len(by_first_surname.get(s, ())) == 1:
            full = by_first_surname[s]
        if not full:
            full = _respelled_surname(s, by_last)
        if not full or len(s) < 3:
            continue
        if len(full) == 1 or counts[full[0]] > counts[full[1]]:
            out.append((s, full[0]))
        else:  # "Pašić" beside "Nikola Pašić" and "Ana Pašić": this document's own
            out.append((s, f"{s}\x00{doc_id}"))
    return out


def _respelled_surname(single: str, by_last: Mapping[str, list[str]]) -> list[str]:
    """The one full name of the document whose surname ``single`` spells another way
    ("Gadhafi" beside "Muammar Gaddafi"): same first letter, a length within one, and a
    ratio of at least RESPELLED_RATIO; none when two surnames come that close, nor a
    plural ("the Kavanaghs", the family, beside "Tom Kavanagh")."""
    close = [last for last in by_last if last[0] == single[0] and len(single) >= 5
             and abs(len(last) - len(single)) <= 1
             and not (last.startswith(single) or single.startswith(last))  # "Kavanaghs"
             and fuzz.ratio(last, single) >= RESPELLED_RATIO]
    return by_last[close[0]] if len(close) == 1 and len(by_last[close[0]]) == 1 else []


_ROMAN = re.compile(r"^(?=[ivx])x{0,3}(?:ix|iv|v?i{0,3})$")


def _regnal(key: str) -> bool:
    """Does a person's key carry a regnal numeral after its first word ("maximilian iii
    joseph", "frederick ii")? A ruler's last word is no surname: "Joseph" alone is not
    Maximilian III Joseph."""
    return any(_ROMAN.match(w) for w in key.split()[1:])


def _given_name_targets(mentions, key_of, surnames: set[str]) -> list[tuple[str, str]]:
    """(lone given name key, full name key) pairs of one document: a one-word person key
    that is no surname there (``surnames`` are those :func:`_surname_targets` joined)
    and begins exactly one full person name of the document and is no later word of
    another ("Nora", "Nora Fitzgerald"; "Frederick", "Frederick II"; "Joseph" beside
    "Joseph II" and "Maximilian III Joseph" stays alone)."""
    persons = Counter(key_of[m.mention_id] for m in mentions
                      if m.label == "PERSON" and m.mention_id in key_of)
    full = [k for k in persons if " " in k]
    out = []
    # Two letters are enough: "Xi" (Jinping), "Li" (Keqiang) open their full names.
    for s in sorted(k for k in persons if " " not in k and k not in surnames and len(k) >= 2):
        starting = [k for k in full if k.split()[0] == s]
        inside = [k for k in full if s in k.split()[1:]]
        if len(starting) == 1 and not inside:
            out.append((s, starting[0]))
    return out


def _short_form_targets(mentions, key_of) -> list[tuple[str, str]]:
    """(short key, full key) pairs of one document: an organisation named by the last two
    or more words of a longer organisation name there ("the Red Sox" after "the Boston Red
    Sox"), the one the document names most where there are several; linked in that
    document only, like a surname. One last word is too little ("the Navy", "the Party");
    one first word is enough when a single organisation there begins with it."""
    counts = Counter(key_of[m.mention_id] for m in mentions
                     if m.label == "ORG" and m.mention_id in key_of)
    # A person the tagger calls an organisation: "Bettie Page" is no short form of the
    # film "The Notorious Bettie Page" where the document calls her "Page" alone.
    person_keys = {key_of[m.mention_id] for m in mentions
                   if m.label == "PERSON" and m.mention_id in key_of}
    out = []
    for short in sorted(k for k in counts
                        if " " in k and k.rsplit(" ", 1)[1] not in person_keys):
        longer = sorted((k for k in counts if k.endswith(" " + short)),
                        key=lambda k: (-counts[k], k))
        if longer and (len(longer) == 1 or counts[longer[0]] > counts[longer[1]]):
            out.append((short, longer[0]))
    # A company called by its first word after its full name ("Brightline" after
    # "Brightline Bio Inc"), when only one organisation of the document begins so; also
    # when the tagger read that word as a person ("Halvard buys Borealis"), unless a
    # person of the document bears it ("Ford" beside "Gerald Ford").
    person_words = {w for k in person_keys if " " in k for w in k.split()}
    shorts = {k for k in counts if " " not in k and k not in person_keys}
    shorts |= {k for k in person_keys if " " not in k and k not in person_words}
    for short in sorted(shorts):
        longer = [k for k in counts if k.startswith(short + " ")]
        if len(longer) == 1:
            out.append((short, longer[0]))
    # Likewise its first words ("Baltic Freight" after "Baltic Freight Group Ltd"), when
    # only one organisation of the document begins so and no other ends so.
    for short in sorted(k for k in counts if " " in k):
        longer = [k for k in counts if k.startswith(short + " ")]
        if len(longer) == 1 and not any(k.endswith(" " + short) for k in counts):
            out.append((short, longer[0]))
    return out


def _agreed_short_forms(present: set[str], find, in_documents: Counter) -> list[tuple[str, str]]:
    """(short key, full key) for each several-word short form in ``present`` that
    documents linked (``in_documents``) to one organisation at least twice as often as to
    all others together, as :func:`_unique_surnames` does for a lone surname."""
    linked: dict[str, dict[str, list]] = defaultdict(dict)
    for (short, full), n in sorted(in_documents.items()):
        if " " in short and "\x00" not in full:
            entry = linked[short].setdefault(find(full), [0, full])
            entry[0] += n
    out = []
    for short in sorted(present & set(linked)):
        ranked = sorted(linked[short].items(), key=lambda kv: (-kv[1][0], kv[1][1]))
        root, (n, full) = ranked[0]
        if n >= 2 * sum(v[0] for _, v in ranked[1:]) and find(short) != root:
            out.append((short, full))
    return out


def _unique_surnames(present: set[str], key_labels: dict[str, Counter], find,
                     in_documents: Counter) -> list[tuple[str, str]]:
    """(lone surname key, full name key) for each one-word key in ``present``: the person
    (``find`` root) documents linked it to (``in_documents``: how many documents linked
    the surname to each full name), when at least twice as many documents name that
    person as all others together ("Lohan" -> "Lindsay Lohan"); or, where no document
    linked it, the only person whose full name ends in it. "Wilson", linked to Woodrow
    in one document and to Tanya in another, stays alone."""
    def person(key: str) -> bool:
        return _read_as_person(key_labels[key])

    linked: dict[str, dict[str, list]] = defaultdict(dict)  # surname -> root -> [n, full]
    for (single, full), n in sorted(in_documents.items()):
        entry = linked[single].setdefault(find(full), [0, full])
        entry[0] += n
    by_last: dict[str, dict[str, str]] = defaultdict(dict)
    for key in sorted(key_labels):
        if " " in key and person(key) and not _regnal(key):
            by_last[key.rsplit(" ", 1)[1]].setdefault(find(key), key)
    out = []
    for key in sorted(present):
        if " " in key or len(key) < 3 or key not in key_labels:
            continue
        if key in linked:  # documents' evidence, whatever the tagger called it elsewhere
            ranked = sorted(linked[key].items(), key=lambda kv: (-kv[1][0], kv[1][1]))
            root, (n, full) = ranked[0]
            others = sum(v[0] for _, v in ranked[1:])
            if n >= 2 * others and find(key) != root:
                out.append((key, full))
            continue
        roots = by_last.get(key, {}) if person(key) else {}
        if len(roots) == 1 and find(key) not in roots:
            out.append((key, next(iter(roots.values()))))
    return out


def _name_variants(key_labels: dict[str, Counter]) -> list[tuple[str, str]]:
    """Full person names that are one name written out more or less: the same surname,
    and one's given names found in order among the other's, an initial standing for a
    name ("Richard Nixon" / "Richard M. Nixon", "Mark Felt" / "W. Mark Felt")."""
    by_last: dict[str, list[list[str]]] = defaultdict(list)
    for key in sorted(key_labels):
        words = key.split()
        if len(words) >= 2 and _read_as_person(key_labels[key]):
            by_last[words[-1]].append(words)
    out = []
    for names_ in by_last.values():
        for i, a in enumerate(names_):
            for b in names_[i + 1:]:
                short, long = (a, b) if len(a) <= len(b) else (b, a)
                if len(short) < len(long) and _given_in_order(short[:-1], long[:-1]):
                    out.append((" ".join(short), " ".join(long)))
    return out


def _read_as_person(labels: Counter) -> bool:
    """Whether a name key's most common label is PERSON."""
    return labels.most_common(1)[0][0] == "PERSON"


def _given_in_order(short: list[str], long: list[str]) -> bool:
    """Whether every given name of ``short`` matches one of ``long``, in order; a name
    matches itself, and an initial the names it begins."""
    if not short or len(short[0]) < 2:
        return False  # "J. Smith" could be anyone of that initial
    it = iter(long)
    return all(any(w == x or (len(x) == 1 and w[0] == x) or (len(w) == 1 and x[0] == w)
                   for x in it) for w in short)


def _fuzzy_pairs(key_labels: dict[str, Counter]) -> list[tuple[str, str]]:
    """Near-identical name keys of the same kind, blocked by kind, length and prefix."""
    blocks: dict[tuple, list[str]] = defaultdict(list)
    for key, labels in key_labels.items():
        if key.startswith("#") or len(key) < 6 or any(ch.isdigit() for ch in key):
            continue
        group = names.label_group(labels.most_common(1)[0][0])
        blocks[(group, key.count(" "), key[:2])].append(key)
    pairs = []
    for block_key in sorted(blocks):
        keys = sorted(blocks[block_key])
        if len(keys) < 2:
            continue
        scores = process.cdist(keys, keys, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF,
                               workers=1)
        rows, cols = scores.nonzero()
        for i, j in zip(rows.tolist(), cols.tolist()):
            if i < j and _safe_fuzzy(keys[i], keys[j]):
                pairs.append((keys[i], keys[j]))
    return pairs


def _safe_fuzzy(a: str, b: str) -> bool:
    ta, tb = a.split(), b.split()
    diff = [(x, y) for x, y in zip(ta, tb) if x != y]
    if len(ta) != len(tb) or len(diff) != 1:
        return False
    x, y = diff[0]
    if min(len(x), len(y)) < 4 or x.startswith(y) or y.startswith(x):
        return False
    if abs(len(x) - len(y)) > 2 or x[0] != y[0]:
        return False
    return fuzz.ratio(x, y) >= 80
