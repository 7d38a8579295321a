"""Plain, frozen records passed between stages.

Records hold only plain values (str, int, float, bool, tuples of those) so they pickle,
cache as JSON and cross process or Dask boundaries. Two coordinate systems exist:

* ``start``/``end`` (and ``line``) are code-point offsets into the *raw* decoded file:
  the provenance users see in every CSV.
* ``clean_start``/``clean_end`` are offsets into ``SourceDoc.text``, the cleaned text the
  NLP stages see. ``OffsetMap`` converts the second into the first.
"""

from __future__ import annotations

import bisect
import dataclasses
import operator
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

T = TypeVar("T")


# Records have slots, not a ``__dict__`` (a million mentions' dicts held gigabytes), so a
# record that caches something derived from its fields inherits the cache's slot from a
# plain base class: the slot is then no field, and equality, JSON and the cache key
# never see it.


class _StartsSlot:
    __slots__ = ("_starts",)


class _NewlinesSlot:
    __slots__ = ("_newlines",)


@dataclass(frozen=True, slots=True)
class OffsetMap(_StartsSlot):
    """Maps cleaned-text offsets to raw-file offsets.

    ``segments`` are sorted by ``clean_start`` and come in two shapes:

    * ``(clean_start, raw_start, length)``: a run copied verbatim (one cleaned character per
      raw character);
    * ``(clean_start, raw_start, clean_length, raw_length)``: an indivisible replacement,
      e.g. ``&amp;`` -> ``&`` or ``\\r\\n`` -> `` ``. A span touching any of its cleaned
      characters covers all of its raw characters.

    A cleaned character that no segment covers was synthesised (a separator the reader
    inserted): as a start it maps to the next segment's raw start, as an end to the previous
    segment's raw end, so spans never point outside the raw file.
    """

    segments: tuple[tuple[int, ...], ...] = ()
    raw_length: int = 0

    def __post_init__(self) -> None:
        # A cache, not a field: equality, JSON and the cache key see only the segments.
        object.__setattr__(self, "_starts", [s[0] for s in self.segments])

    def __getstate__(self) -> dict[str, Any]:
        return {"segments": self.segments, "raw_length": self.raw_length}

    def __setstate__(self, state: dict[str, Any]) -> None:
        object.__setattr__(self, "segments", state["segments"])
        object.__setattr__(self, "raw_length", state["raw_length"])
        self.__post_init__()

    @staticmethod
    def _shape(seg: tuple[int, ...]) -> tuple[int, int, int, int]:
        if len(seg) == 3:
            return seg[0], seg[1], seg[2], seg[2]
        return seg[0], seg[1], seg[2], seg[3]

    def _index(self, pos: int) -> int:
        """Index of the segment covering cleaned ``pos``, or ``-1 - i`` where ``i`` is the
        index of the first segment after ``pos``."""
        starts = getattr(self, "_starts", None)
        if starts is None:  # built without __init__ (e.g. copied by a serialiser)
            starts = [s[0] for s in self.segments]
            object.__setattr__(self, "_starts", starts)
        i = bisect.bisect_right(starts, pos) - 1
        if i >= 0:
            cs, _, cl, _ = self._shape(self.segments[i])
            if cs <= pos < cs + cl:
                return i
        return -1 - (i + 1)

    def raw_start(self, clean_pos: int) -> int:
        """Raw offset of the cleaned character at ``clean_pos`` (or the next copied one)."""
        i = self._index(clean_pos)
        if i >= 0:
            cs, rs, cl, rl = self._shape(self.segments[i])
            return rs + (clean_pos - cs) if cl == rl else rs
        nxt = -1 - i
        if nxt < len(self.segments):
            return self.segments[nxt][1]
        return self.raw_length

    def raw_end(self, clean_end: int) -> int:
        """Raw end offset (exclusive) for a cleaned span ending at ``clean_end``."""
        if clean_end <= 0:
            return self.raw_start(0)
        i = self._index(clean_end - 1)
        if i >= 0:
            cs, rs, cl, rl = self._shape(self.segments[i])
            return rs + (clean_end - cs) if cl == rl else rs + rl
        # Last character was synthesised: end at the previous copied character.
        prev = -1 - i - 1
        if prev >= 0:
            _, rs, _, rl = self._shape(self.segments[prev])
            return rs + rl
        return self.raw_start(0)

    def to_raw(self, clean_start: int, clean_end: int) -> tuple[int, int]:
        """Raw ``(start, end)`` for the cleaned span ``[clean_start, clean_end)``."""
        start = self.raw_start(clean_start)
        end = max(start, self.raw_end(clean_end))
        return start, end


@dataclass(frozen=True, slots=True)
class Block:
    """A region of the cleaned text with a role: prose, caption, list_item."""

    kind: str
    clean_start: int
    clean_end: int
    section: str = ""


@dataclass(frozen=True, slots=True)
class Section:
    """A heading (``==History==``, ``## Early History``) with its raw span."""

    title: str
    level: int
    start: int
    end: int
    clean_start: int


@dataclass(frozen=True, slots=True)
class DocFact:
    """A structured fact such as an infobox bullet ``- Date Signed: 10 July 1807``."""

    key: str
    value: str
    start: int  # raw span of the value
    end: int
    line: int
    key_start: int = 0
    key_end: int = 0


@dataclass(frozen=True, slots=True)
class Marker:
    """Markup the reader removed from the NLP text but must not lose.

    kind: ``citation`` (``[24]``), ``citation_needed``, ``timestamp`` (video anchor),
    ``link`` (``[[Target | label]]`` target). ``clean_pos`` is where it sat in the
    cleaned text, used to attach it to a sentence. ``value`` holds the parsed content:
    ``24``, ``636`` (seconds), the link target.
    """

    kind: str
    text: str
    start: int
    end: int
    clean_pos: int
    value: str = ""
    # ``leading`` when the marker opens its block (``[24] This service ...``: it belongs
    # to the sentence starting at ``clean_pos``), ``trailing`` when it follows text (it
    # belongs to the sentence ending at ``clean_pos``); set by the readers.
    position: str = ""


@dataclass(frozen=True, slots=True)
class EntityHint:
    """A span the source itself marks as naming something (a wiki link label)."""

    target: str
    clean_start: int
    clean_end: int


@dataclass(frozen=True, slots=True)
class SourceDoc(_NewlinesSlot):
    """What a reader returns: the raw text, the cleaned text and everything in between."""

    doc_id: str
    path: str
    sha256: str
    raw: str
    text: str
    offsets: OffsetMap
    reader: str
    title: str = ""
    url: str = ""
    published: str = ""
    published_from: str = ""  # manifest|metadata|title|dateline: where published was read
    author: str = ""
    source_type: str = ""
    video_id: str = ""
    blocks: tuple[Block, ...] = ()
    sections: tuple[Section, ...] = ()
    facts: tuple[DocFact, ...] = ()
    markers: tuple[Marker, ...] = ()
    hints: tuple[EntityHint, ...] = ()
    warnings: tuple[str, ...] = ()

    def line_of(self, raw_pos: int) -> int:
        """1-based line number of a raw offset."""
        # Newline positions, found once: counting from the start on every call made
        # stages that number each record quadratic in the document's length.
        newlines = getattr(self, "_newlines", None)
        if newlines is None:
            newlines = [m.start() for m in re.finditer("\n", self.raw)]
            object.__setattr__(self, "_newlines", newlines)
        return bisect.bisect_left(newlines, max(0, raw_pos)) + 1


@dataclass(frozen=True, slots=True)
class Sentence:
    doc_id: str
    index: int
    start: int
    end: int
    line: int
    text: str
    clean_start: int
    clean_end: int
    kind: str = "prose"
    section: str = ""
    citations: tuple[str, ...] = ()
    citation_position: str = ""  # leading|trailing|inline
    citation_needed: bool = False
    locator: str = ""
    time_offset: int = -1  # seconds into a video, -1 when unknown


@dataclass(frozen=True, slots=True)
class PlaceRef:
    """Where a place mention is: the gazetteer entry chosen and how sure the choice is."""

    place_id: str  # "geonames:792680", or "curated:backa" for an entry of places.csv
    geonames_id: str  # "" for a curated entry GeoNames does not have
    name: str  # the gazetteer's name ("Belgrade" for "Beograd")
    latitude: float
    longitude: float
    country_code: str
    feature: str  # city | country | region | historical_state | district | site
    confidence: float
    # name | alternate name | polity ("Kingdom of X" placed at X) | qualifier (a town too
    # small to be listed, placed in the state or country after its comma)
    matched: str = "name"


# The label of a name found without the model, in a text in another language: reconcile
# keeps such a mention only when another document's entity has its name.
CANDIDATE_LABEL = "CANDIDATE"
# In the label rule of every mention found in a text in another language (a gazetteer place
# or a kept candidate): reconcile names an entity by other mentions first.
FOREIGN_TEXT_RULE = "in a text in another language"


@dataclass(frozen=True, slots=True)
class EntityMention:
    mention_id: str
    doc_id: str
    start: int
    end: int
    line: int
    text: str
    label: str
    clean_start: int
    clean_end: int
    sent_index: int
    hint: str = ""
    model_label: str = ""  # the model's label when a rule changed it
    label_rule: str = ""  # which rule changed it, and on what evidence
    place: PlaceRef | None = None


@dataclass(frozen=True, slots=True)
class Timex:
    """A normalized temporal expression (TIMEX3 plus an explicit interval)."""

    start: int
    end: int
    text: str
    type: str
    value: str
    mod: str = ""
    earliest: str = ""
    latest: str = ""
    precision: str = "unknown"
    anchor: str = ""
    timex_id: str = ""
    doc_id: str = ""
    line: int = 0
    clean_start: int = -1
    clean_end: int = -1
    sent_index: int = -1
    calendar: str = ""  # e.g. "OS=1807-06-28" for dual dating
    # A relative expression: where its anchor is written (offsets in the tagged text, -1:
    # the DCT or none), that anchor's timex_id when it is a date mention, and the signed
    # amount of time from it ("+P4D": "four days after the vote").
    anchor_start: int = -1
    anchor_end: int = -1
    anchor_timex_id: str = ""
    anchor_offset: str = ""
    # One end of a written range ("from April to September 1957"): the whole range's
    # offsets in the tagged text, and the timex_ids of its first and last ends.
    range_start: int = -1
    range_end: int = -1
    range_start_id: str = ""
    range_end_id: str = ""


@dataclass(frozen=True, slots=True)
class Claim:
    claim_id: str
    doc_id: str
    start: int
    end: int
    line: int
    text: str
    subject: str
    predicate: str
    object: str
    sent_index: int
    clean_start: int = -1
    clean_end: int = -1
    subject_mention_id: str = ""
    attributed_to: str = ""
    hedge: str = ""
    negated: bool = False
    citations: tuple[str, ...] = ()
    citation_needed: bool = False
    timex_ids: tuple[str, ...] = ()
    locator: str = ""
    kind: str = "statement"  # statement|appositive|fact
    adjuncts: tuple[str, ...] = ()  # the clause's other arguments ("in 1941", "at Kettering")
    time: str = ""  # the adjunct naming a time
    place: str = ""  # the adjunct naming a place
    attribution_cue: str = ""  # the word(s) attributing it ("said", "according to")
    is_a: bool = False  # says what its subject is ("Bush, the President"; "X is the capital")
    subject_resolution: str = ""  # stated|pronoun|partial_name: how subject_mention_id was found
    reported_by: str = ""  # who reports the source's words ("X said that Y claimed Z": X)
    reported_by_cue: str = ""  # the words X reports them with ("said")
    source_mention_id: str = ""  # the mention attributed_to names or stands for ("he" -> "Vučić")
    hedge_start: int = -1  # raw offsets of what the hedge hedges (its scope)
    hedge_end: int = -1
    hedge_scope: str = ""  # that scope's text


@dataclass(frozen=True, slots=True)
class Actor:
    text: str
    role: str = ""  # agent|patient|participant
    mention_id: str = ""


@dataclass(frozen=True, slots=True)
class EventMention:
    event_mention_id: str
    doc_id: str
    claim_id: str
    start: int
    end: int
    line: int
    quote: str
    trigger: str
    event_type: str
    actors: tuple[Actor, ...] = ()
    places: tuple[str, ...] = ()
    timex_id: str = ""
    date_value: str = ""
    earliest: str = ""
    latest: str = ""
    precision: str = ""
    date_source: str = ""  # clause|sentence|context|none
    anchor: str = ""
    confidence: float = 0.0
    locator: str = ""
    sent_index: int = -1
    trigger_lemma: str = ""
    numbers: tuple[str, ...] = ()
    hedge: str = ""
    modality: str = "asserted"  # asserted|negated|hypothetical|future|reported
    attribution: bool = False  # a reporting verb that introduces a claim's speech: no event
    trigger_start: int = -1     # raw offsets of the trigger word
    trigger_end: int = -1
    place: PlaceRef | None = None  # where the first geocoded place of ``places`` is
    headline: bool = False  # in a title line (no closing punctuation): it restates the news


@dataclass(frozen=True, slots=True)
class DocResult:
    """Everything the per-document stages produce for one file."""

    doc_id: str
    path: str
    sha256: str
    status: str  # ok|error|skipped
    message: str = ""
    title: str = ""
    url: str = ""
    published: str = ""
    published_from: str = ""  # manifest|metadata|title|dateline
    author: str = ""
    source_type: str = ""
    video_id: str = ""
    temporal_mode: str = ""         # news|narrative: how relative dates were anchored
    temporal_mode_reason: str = ""  # why (override, source_type, or the text's evidence)
    language: str = ""  # ISO 639-1 of the text (py3langid), "" when too short to tell
    language_probability: float = 0.0
    n_chars: int = 0
    n_tokens: int = 0
    n_words: int = 0
    reader: str = ""
    warnings: tuple[str, ...] = ()
    facts: tuple[DocFact, ...] = ()
    sentences: tuple[Sentence, ...] = ()
    mentions: tuple[EntityMention, ...] = ()
    timexes: tuple[Timex, ...] = ()
    claims: tuple[Claim, ...] = ()
    event_mentions: tuple[EventMention, ...] = ()
    markers: tuple[Marker, ...] = ()
    hints: tuple[EntityHint, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)


# -- JSON round trip ---------------------------------------------------------------------

_RECORD_TYPES: dict[str, type] = {}


def _register(*classes: type) -> None:
    for cls in classes:
        _RECORD_TYPES[cls.__name__] = cls
        if cls.__getstate__.__module__ == "dataclasses":  # not its own (OffsetMap has)
            _pickle_by_fields(cls)


def _pickle_by_fields(cls: type) -> None:
    """Give a frozen slotted record quick pickling: its field values in field order, as
    ``dataclasses`` does, but without calling ``dataclasses.fields`` for every record
    (that made pickling the synthetic corpus three times slower than with ``__dict__``)."""
    names = tuple(f.name for f in dataclasses.fields(cls))
    values = operator.attrgetter(*names)  # a tuple: every record has two fields or more
    setters = tuple(getattr(cls, name).__set__ for name in names)

    def __getstate__(self: Any) -> tuple:
        return values(self)

    def __setstate__(self: Any, state: Sequence[Any]) -> None:
        for put, value in zip(setters, state):
            put(self, value)

    cls.__getstate__ = __getstate__
    cls.__setstate__ = __setstate__


_register(OffsetMap, Block, Section, DocFact, Marker, EntityHint, SourceDoc, Sentence,
          PlaceRef, EntityMention, Timex, Claim, Actor, EventMention, DocResult)


_ATOMS = frozenset({str, int, float, bool, type(None)})
_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def to_jsonable(value: Any) -> Any:
    """Turn records into JSON-ready dicts tagged with their type (for the cache).

    Every worker runs this over every record it produces, so plain values and known
    record types take a fast path (``dataclasses.fields`` per record was most of it).
    """
    cls = type(value)
    if cls in _ATOMS:
        return value
    names = _FIELD_NAMES.get(cls)
    if names is None and dataclasses.is_dataclass(value) and not isinstance(value, type):
        names = _FIELD_NAMES[cls] = tuple(f.name for f in dataclasses.fields(value))
    if names is not None:
        out = {"__t": cls.__name__}
        for name in names:
            out[name] = to_jsonable(getattr(value, name))
        return out
    if isinstance(value, (list, tuple)):
        return [to_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {k: to_jsonable(v) for k, v in value.items()}
    return value


def from_jsonable(value: Any) -> Any:
    """Inverse of :func:`to_jsonable`; lists become tuples inside records."""
    if isinstance(value, dict):
        tag = value.get("__t")
        if tag is not None:
            cls = _RECORD_TYPES[tag]
            kwargs = {}
            for f in dataclasses.fields(cls):
                if f.name in value:
                    v = from_jsonable(value[f.name])
                    if isinstance(v, list):
                        v = _tuplify(v)
                    kwargs[f.name] = v
            return cls(**kwargs)
        return {k: from_jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [from_jsonable(v) for v in value]
    return value


def _tuplify(v: Any) -> Any:
    if isinstance(v, list):
        return tuple(_tuplify(x) for x in v)
    return v
