"""Event mention features: everything pair scoring and blocking read, computed once.

Scoring compares a mention with a few dozen others, so what it reads (trigger stems,
content tokens of the quote, actors and places resolved to entities, the date as an
integer interval with its precision and strength) is worked out here once per mention,
in flat slots, rather than once per pair. See ``pipeline.reconcile.events`` for how
the features are used.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from pipeline import lang
from pipeline.records import DocResult, EventMention
from pipeline.reconcile import names
from pipeline.reconcile.entities import EntityIndex


PRECISION_RANK = {"day": 0, "month": 1, "season": 2, "quarter": 2, "year": 3, "decade": 4,
                  "century": 5, "millennium": 6}
SOURCE_WEIGHT = {"clause": 1.0, "sentence": 0.9, "fact": 1.0, "context": 0.5, "relative": 0.5,
                 "": 0.8, "none": 0.8}
WEAK_SOURCES = frozenset({"context", "relative"})
GENERIC_TYPES = frozenset({"", "other", "event", "unknown", "misc", "generic"})
DAYS_PER_YEAR = 372  # ordinal = year * 372 + (month - 1) * 31 + day: monotone, no calendar
_MIN_ORDINAL, _MAX_ORDINAL = -10**9, 10**9  # open ends of relative bounds
_ISO = re.compile(r"^(-?\d{1,6})(?:-(\d{1,2}))?(?:-(\d{1,2}))?")
_STOP = lang.words("reconcile", "stop_words")
_SUFFIXES = lang.ordered("reconcile", "stem_suffixes")  # tried in order: longest first
_SILENT_E_SUFFIXES = lang.words("reconcile", "silent_e_suffixes")


def _synonyms() -> dict[str, str]:
    """stem -> ``=head`` for every word of ``trigger_synonyms`` (``lang/en/reconcile.yaml``)."""
    groups = lang.table("reconcile", "trigger_synonyms")
    # A phrase ("step down") is keyed by its words' stems ("step down").
    return {" ".join(map(stem, w.split())): f"={head}"
            for head, ws in sorted(groups.items()) for w in [head, *ws]}


def _families() -> dict[str, str]:
    """event type -> the type whose family it joins (``pipeline/data/event_families.csv``)."""
    text = resources.files("pipeline").joinpath("data/event_families.csv").read_text(
        encoding="utf-8")
    return {row["type"].lower(): row["family"].lower() for row in csv.DictReader(io.StringIO(text))}


def stem(word: str) -> str:
    """A crude English stem: "bombing"/"bombed" -> "bomb", "allied"/"alliance" -> "alli"."""
    for suf in _SUFFIXES:
        if word.endswith(suf) and len(word) - len(suf) >= 4:
            base = word[: -len(suf)]
            # "announcement" meets "announce": the verb's silent e goes, as below.
            if suf in _SILENT_E_SUFFIXES and base.endswith("e") and len(base) > 5:
                return base[:-1]
            return base
    # "capture" meets "captured": a final silent e goes too.
    return word[:-1] if word.endswith("e") and len(word) > 5 else word


def content_tokens(folded: str) -> frozenset[str]:
    """Stemmed content words of a folded quote (no stop words, numbers or short words)."""
    return frozenset(filter(None, map(_content_stem, folded.split())))


_stem_cached = lru_cache(maxsize=None)(stem)  # words: a bounded vocabulary; no LRU upkeep per hit


@lru_cache(maxsize=None)
def _content_stem(word: str) -> str:
    """The stem of a content word, "" for a stop word, a number or a short word (decided
    once per distinct word, not once per occurrence)."""
    if len(word) > 2 and word not in _STOP and not word.isdigit():
        return _stem_cached(word)
    return ""


def ordinal(iso: str, *, end: bool = False) -> int | None:
    """An order-preserving integer for an ISO date (BCE as a leading ``-``)."""
    m = _ISO.match(iso or "")
    if not m:
        return None
    year = int(m.group(1))
    month = int(m.group(2)) if m.group(2) else (12 if end else 1)
    day = int(m.group(3)) if m.group(3) else (31 if end else 1)
    return year * DAYS_PER_YEAR + (month - 1) * 31 + day


def _story_synonyms() -> dict[str, str]:
    """stem (or space-joined stems of a phrase) -> ``~head`` for every word of
    ``story_synonyms`` (``lang/en/reconcile.yaml``): words that name one happening only
    when two mentions tell one story."""
    groups = lang.table("reconcile", "story_synonyms")
    return {" ".join(stem(w) for w in phrase.split()): f"~{head}"
            for head, ws in sorted(groups.items()) for phrase in [head, *ws]}


_ordinal_cached = lru_cache(maxsize=None)(ordinal)  # dates repeat: years, decades
_SYNONYM = _synonyms()
_STORY_SYNONYM = _story_synonyms()
_FAMILY_OF = _families()


# Happenings the text does not assert: "did not sign" never joins "signed" (a family of
# its own), and a planned strike joins the strike that happened only where a story
# retells one happening by its trigger ("will host" ... "hosted" in reports of one show;
# ``scoring.score_pair``), never in a history's many events of one kind.
SEPARATE_MODALITIES = frozenset({"negated"})
UNREAL_MODALITIES = frozenset({"future", "hypothetical"})


def mention_family(em: EventMention) -> str:
    """The blocking family: the type's, kept apart when negated."""
    family = type_family(em.event_type)
    if em.modality in SEPARATE_MODALITIES:
        return f"{family or 'other'}~{em.modality}"
    return family


@lru_cache(maxsize=4096)
def type_family(event_type: str) -> str:
    fam = re.split(r"[.:/]", (event_type or "").lower(), maxsplit=1)[0].strip()
    return "" if fam in GENERIC_TYPES else _FAMILY_OF.get(fam, fam)


@dataclass(slots=True)
class Mention:
    idx: int
    em: EventMention
    doc_id: str  # em.doc_id and em.event_type, kept here: scoring reads them per pair
    etype: str
    family: str
    lemma: str  # stem of the trigger's first content word: the blocking key
    trig: frozenset[str]  # stems of all its content words: "bombing campaign" meets "bombing"
    # Inside one story, the ``story_synonyms`` groups of its trigger ("hit" ~ "struck"),
    # and the story blocks' key: its group, else ``lemma``.
    told: frozenset[str]
    told_key: str
    # Read by the pair scores only: ``release_tokens`` drops them once pairs are scored
    # (the rows read just their count, ``n_tokens``).
    tokens: frozenset[str]
    n_tokens: int
    fquote: str  # folded quote
    actors: frozenset[str]
    agents: frozenset[str]
    places: frozenset[str]
    actor_pairs: tuple[tuple[str, str], ...]  # (identity, display name)
    place_pairs: tuple[tuple[str, str], ...]
    e: int | None
    l: int | None  # noqa: E741
    rank: int
    weak: bool  # a context or relative date: evidence, never a conflict
    sole: bool  # its document's only mention of this trigger within a year either side
    weight: float
    story: bool  # its document tells one story: it states dates in few distinct years
    related: frozenset[str]  # documents telling the same story (``stories``)
    unreal: bool  # future or hypothetical: joins an asserted mention only in one story
    # In a one-story document, stated in years apart from its main one ("she first hosted
    # in 2007"): background, not the story the document retells; ``remote`` when more than
    # a year apart ("In 1999, two earthquakes killed 18,000" in a report of 2020), too far
    # to be the story told with a disagreeing year.
    background: bool
    remote: bool = False


_NONE: frozenset[str] = frozenset()


def mention_features(results: Sequence[DocResult], index: EntityIndex) -> list[Mention]:
    """One ``Mention`` per event mention, indexed in mention-ID order."""
    # Built in input order, which walks the records as they lie in memory (in ID order
    # every access was a cache miss at 100k mentions), then put in ID order.
    ems = [em for r in results for em in r.event_mentions if not em.attribution]
    out = []
    # ``index.resolve`` answers from the mention ID when the entity stage clustered it,
    # else from the text alone: only the latter is worth caching (mention IDs are unique,
    # so a cache keyed on them only grew the working set).
    by_mention, entity_names = index.mention_entity, index.names
    resolve_cache: dict[str, tuple[str, str]] = {}
    # Trigger stems and actor and place sets repeat across mentions: one shared frozenset
    # each, instead of one per mention, is a sixth less memory at 100k mentions, and
    # memory traffic is what grows the cost per mention with the corpus.
    shared: dict[frozenset[str], frozenset[str]] = {}
    share = shared.setdefault

    def one(values) -> frozenset[str]:
        values = frozenset(values)
        return share(values, values)

    # One (entity, name) pair per entity, shared by its mentions' ``actor_pairs``.
    entity_pairs: dict[str, tuple[str, str]] = {}

    def resolve(text: str, mid: str) -> tuple[str, str]:
        if mid:
            eid = by_mention.get(mid)
            if eid is not None:
                pair = entity_pairs.get(eid)
                if pair is None:
                    pair = entity_pairs[eid] = (eid, entity_names[eid])
                if len(text) > len(pair[1]) and pair[1].lower() in text.lower():
                    # "Russian troops" are shown as such, counted as the Russians.
                    return eid, text
                return pair
        hit = resolve_cache.get(text)
        if hit is None:
            hit = resolve_cache[text] = index.resolve(text)
        return hit

    # (trigger lemma, trigger) -> ``_trigger_stems``: triggers repeat.
    triggers: dict[tuple[str, str], tuple[str, frozenset[str], frozenset[str], str]] = {}
    # (earliest, latest, date source, precision) -> ``_date_features``: dates repeat.
    dates: dict[tuple[str, str, str, str], tuple] = {}
    for em in ems:
        actor_pairs, agent_ids = [], set()
        for a in em.actors:
            ident, name = resolve(a.text, a.mention_id)
            if ident:
                actor_pairs.append((ident, name))
                if a.role == "agent":
                    agent_ids.add(ident)
        place_pairs = ([p for p in (resolve(text, "") for text in em.places) if p[0]]
                       if em.places else [])
        date_key = (em.earliest, em.latest, em.date_source, em.precision)
        when = dates.get(date_key)
        if when is None:
            when = dates[date_key] = _date_features(*date_key)
        e, l, rank, weak, weight = when  # noqa: E741
        trigger_key = (em.trigger_lemma, em.trigger)
        stemmed = triggers.get(trigger_key)
        if stemmed is None:
            stemmed = triggers[trigger_key] = _trigger_stems(em.trigger_lemma, em.trigger, one)
        lemma, trig, told, told_key = stemmed
        fquote = names.fold(em.quote)
        tokens = content_tokens(fquote)
        out.append(Mention(
            idx=-1, em=em, doc_id=em.doc_id, etype=em.event_type,
            family=mention_family(em), lemma=lemma, trig=trig,
            told=told, told_key=told_key,
            tokens=tokens, n_tokens=len(tokens), fquote=fquote,
            actors=one(i for i, _ in actor_pairs),
            agents=one(agent_ids) if agent_ids else _NONE,
            places=one(i for i, _ in place_pairs) if place_pairs else _NONE,
            actor_pairs=tuple(actor_pairs), place_pairs=tuple(place_pairs),
            e=e, l=l, rank=rank, weak=weak, sole=True,
            weight=weight, story=False, related=_NONE,
            unreal=em.modality in UNREAL_MODALITIES, background=False,
        ))
    out.sort(key=_mention_id)
    for i, m in enumerate(out):
        m.idx = i
    _mark_sole(out)
    _mark_story(out)
    return out


def release_tokens(ms: Sequence[Mention]) -> None:
    """Drop the mentions' content tokens, which only the pair scores read: a frozenset
    each, they held 0.7 GB at a million mentions while the event rows were built."""
    for m in ms:
        m.tokens = _NONE


def _date_features(earliest: str, latest: str, date_source: str, precision: str
                   ) -> tuple[int | None, int | None, int, bool, float]:
    """``(e, l, rank, weak, weight)`` of a mention's date (see ``Mention``)."""
    e, l = _ordinal_cached(earliest), _ordinal_cached(latest, end=True)  # noqa: E741
    relative = date_source == "relative"
    if relative and (e is not None or l is not None):
        # "months after the NATO bombing": only bounds, maybe open on one side.
        e = _MIN_ORDINAL if e is None else e
        l = _MAX_ORDINAL if l is None else l  # noqa: E741
    elif e is None or l is None:
        e = l = None  # noqa: E741
    rank = PRECISION_RANK.get(precision, 7) if e is not None and not relative else 7
    return e, l, rank, date_source in WEAK_SOURCES, SOURCE_WEIGHT.get(date_source, 0.8)


def _trigger_stems(trigger_lemma: str, trigger: str,
                   one) -> tuple[str, frozenset[str], frozenset[str], str]:
    """The blocking lemma, the stems (``Mention.trig``), the story-synonym groups
    (``Mention.told``) and their blocking key of a trigger; ``one`` shares the frozensets."""
    # "bombing campaign" (lemma "campaign") meets "bombing": every content word counts.
    words = names.fold(trigger_lemma or trigger).split()
    stems = ([_stem_cached(w) for w in words if w not in _STOP]
             or [_stem_cached(w) for w in words])
    lemma = stems[0] if stems else ""
    trigger_words = names.fold(trigger).split()
    # "stepped down" (lemma "step"): the lemma with the trigger's later words
    phrase = _SYNONYM.get(" ".join([lemma, *map(_stem_cached, trigger_words[1:])])) \
        if len(trigger_words) > 1 else None
    stems += [_stem_cached(w) for w in trigger_words if w not in _STOP]
    # "died" meets "killed" and "death": a synonym group is one more shared stem, and
    # the blocking key.
    stems += [_SYNONYM[w] for w in stems if w in _SYNONYM] + ([phrase] if phrase else [])
    lemma = phrase or _SYNONYM.get(lemma, lemma)
    told = _told(trigger_words, stems)
    return lemma, one(stems), one(told), min(told) if told else lemma


def _told(words: list[str], stems: list[str]) -> set[str]:
    """The ``story_synonyms`` groups of a trigger (its folded ``words``, their ``stems``):
    the group of the whole trigger when it is a phrase of one ("opened fire", "passed
    away"; then not its words', "opened fire" is no blaze), else of each stem."""
    phrase = " ".join(_stem_cached(w) for w in words if w not in _STOP)
    if " " in phrase and phrase in _STORY_SYNONYM:
        return {_STORY_SYNONYM[phrase]}
    return {_STORY_SYNONYM[w] for w in stems if w in _STORY_SYNONYM}


def _mention_id(m: Mention) -> str:
    return m.em.event_mention_id


# A document tells one story (a news report: "checked into rehab", "the rehab stint" are
# one event) when its stated dates fall in at most ``STORY_MAX_YEARS`` distinct years, or
# when fewer than ``STORY_MAX_OTHER_SHARE`` of its mentions are stated in years other than
# its main one (background: "she was first treated in 2005"), or fewer than
# ``STORY_MAX_BACKGROUND_SHARE`` when it states at most ``STORY_BACKGROUND_YEARS`` years
# (a few background years told often). A history, with dates over decades, tells many
# events with the same words (three treaties "signed" in 1807 alone, a quarter of its
# mentions dated 1768 to 1806, in 16 distinct years).
STORY_MAX_YEARS = 2
STORY_MAX_OTHER_SHARE = 0.2
STORY_BACKGROUND_YEARS = 6
STORY_MAX_BACKGROUND_SHARE = 0.3


def stated_years(ms: Sequence[Mention]) -> dict[str, Counter[int]]:
    """doc ID -> how many of its mentions' stated dates (a year or finer) touch each year."""
    years: dict[str, Counter[int]] = defaultdict(Counter)
    year_rank = PRECISION_RANK["year"]
    for m in ms:
        if m.e is not None and not m.weak and m.rank <= year_rank:
            counts = years[m.doc_id]
            # An ordinal runs from year * 372 + 1 to (year + 1) * 372 (31 December).
            for y in range((m.e - 1) // DAYS_PER_YEAR, (m.l - 1) // DAYS_PER_YEAR + 1):
                counts[y] = counts.get(y, 0) + 1  # Counter.update(range) is 5x slower
    return years


def _mark_story(ms: list[Mention]) -> None:
    """Flag the mentions of documents that tell one story (see ``STORY_MAX_YEARS``)."""
    years = stated_years(ms)
    size = Counter(m.doc_id for m in ms)
    story = {}
    for doc_id, n in size.items():
        counts = years.get(doc_id)
        if not counts or len(counts) <= STORY_MAX_YEARS:
            story[doc_id] = True
        else:
            other = sum(counts.values()) - max(counts.values())
            share = STORY_MAX_OTHER_SHARE
            if len(counts) <= STORY_BACKGROUND_YEARS:
                share = STORY_MAX_BACKGROUND_SHARE
            story[doc_id] = other < share * n
    main = {d: min(counts, key=lambda y: (-counts[y], y)) for d, counts in years.items()}
    year_rank = PRECISION_RANK["year"]
    for m in ms:
        m.story = story[m.doc_id]
        if m.story and m.e is not None and not m.weak and m.rank <= year_rank:
            y = main[m.doc_id]
            first, last = (m.e - 1) // DAYS_PER_YEAR, (m.l - 1) // DAYS_PER_YEAR
            m.background = not first <= y <= last
            m.remote = last < y - 1 or first > y + 1


def _mark_sole(ms: list[Mention]) -> None:
    """Flag mentions that are their document's only one of a trigger within a year."""
    groups: dict[tuple[str, str], list[Mention]] = defaultdict(list)
    for m in ms:
        groups[(m.em.doc_id, m.lemma)].append(m)
    for group in groups.values():
        if len(group) < 2:
            continue
        for m in group:
            m.sole = not any(
                o is not m and (m.e is None or o.e is None
                                or (o.e - DAYS_PER_YEAR <= m.l and m.e <= o.l + DAYS_PER_YEAR))
                for o in group[:64])
