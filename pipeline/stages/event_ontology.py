"""The event ontology: which event types there are and the trigger rules that report them.

The types (names, definitions, PLOVER mappings) are language-neutral and live in
``pipeline/data/event_types.yaml``; the words that report them are per language, in
``pipeline/lang/<lang>/event_triggers.yaml``. Both are parsed once into an
:class:`Ontology`; :func:`ontology_markdown` renders it as ``docs/event_types.md``.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from importlib import resources


from pipeline import errors, lang

TYPES_PATH = "pipeline/data/event_types.yaml"
TRIGGERS_PATH = f"pipeline/lang/{lang.DEFAULT_LANGUAGE}/event_triggers.yaml"


def _packaged(path: str) -> str:
    return resources.files("pipeline").joinpath(path.removeprefix("pipeline/")).read_text("utf-8")


def ontology_fingerprint() -> str:
    """A short hash of both files' text: editing either changes the events stage's output."""
    text = _packaged(TYPES_PATH) + "\0" + _packaged(TRIGGERS_PATH)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:8]


@dataclass(frozen=True)
class TriggerRule:
    """One trigger lemma of one event type, with the conditions it needs."""

    event_type: str
    lemma: str
    objects: frozenset[str] = frozenset()
    not_objects: frozenset[str] = frozenset()
    particle: str = ""
    passive: bool = False
    active: bool = False
    with_child: frozenset[str] = frozenset()
    modifiers: frozenset[str] = frozenset()
    not_modifiers: frozenset[str] = frozenset()
    context: frozenset[str] = frozenset()
    subjects: frozenset[str] = frozenset()
    not_subjects: frozenset[str] = frozenset()
    not_governors: frozenset[str] = frozenset()  # nouns: "opened/returned fire" is no blaze

    @property
    def conditional(self) -> bool:
        return bool(self.objects or self.particle or self.passive or self.active or self.with_child
                    or self.modifiers or self.context or self.subjects)

    def describe(self) -> str:
        """``make`` + peace/treaty, ``break away``: how the lemma reads in the docs table."""
        text = self.lemma + (f" {self.particle}" if self.particle else "")
        if self.passive:
            text += " (passive)"
        if self.active:
            text += " (active)"
        if self.objects:
            text += " + " + "/".join(sorted(_SHOWN.get(o, o) for o in self.objects))
        if self.not_objects:
            text += " (not + " + "/".join(sorted(self.not_objects)) + ")"
        if self.modifiers:
            text = "/".join(sorted(self.modifiers)) + " " + text
        if self.not_modifiers:
            text += " (not " + "/".join(sorted(self.not_modifiers)) + " " + self.lemma + ")"
        if self.subjects:
            text += " (of " + "/".join(sorted(_SHOWN.get(o, o) for o in self.subjects)) + ")"
        if self.not_subjects:
            text += " (not of " + "/".join(sorted(_SHOWN.get(o, o) for o in self.not_subjects)) + ")"
        if self.with_child:
            text += " (with " + "/".join(sorted(self.with_child)) + ")"
        if "@place" in self.context:
            text += " (on/against [a named place])"
        elif self.context:
            text += " (in " + "/".join(sorted(self.context)) + " of ...)"
        if self.not_governors:
            text += " (not after " + "/".join(sorted(self.not_governors)) + ")"
        return text


# How the pseudo-words of trigger conditions read in the docs table.
_SHOWN = {"@entity": "[a named party]", "@none": "[no object]",
          "@someone": "[a person or a number of people]", "@place": "[a named place]",
          "@organisation": "[a named organisation]"}


@dataclass(frozen=True)
class EventType:
    name: str
    definition: str
    plover: str
    verbs: tuple[TriggerRule, ...]
    nouns: tuple[TriggerRule, ...]
    cameo: str = ""


@dataclass(frozen=True)
class Ontology:
    types: tuple[EventType, ...]
    verb_rules: dict[str, tuple[TriggerRule, ...]] = field(hash=False)
    noun_rules: dict[str, tuple[TriggerRule, ...]] = field(hash=False)
    light_verbs: frozenset[str] = frozenset()
    irrealis_verbs: frozenset[str] = frozenset()
    implicative_verbs: frozenset[str] = frozenset()
    blocking_nouns: frozenset[str] = frozenset()

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(t.name for t in self.types)


def _rule(event_type: str, entry: object) -> TriggerRule:
    if isinstance(entry, str):
        return TriggerRule(event_type, entry.lower())
    if not isinstance(entry, dict) or "lemma" not in entry:
        raise errors.trigger_without_lemma(event_type, entry, TRIGGERS_PATH)

    def words(key: str) -> frozenset[str]:
        # An anchored list can only be included whole ("[bill, *organisations]"): flatten it.
        found = [w for item in entry.get(key) or ()
                 for w in (item if isinstance(item, list) else [item])]
        return frozenset(str(w).lower() for w in found)

    if isinstance(entry.get("particle"), bool):  # "particle: off" would silently be no particle
        raise errors.trigger_word_not_text(event_type, entry, "particle", TRIGGERS_PATH)
    return TriggerRule(
        event_type,
        str(entry["lemma"]).lower(),
        objects=words("objects"),
        not_objects=words("not_objects"),
        particle=str(entry.get("particle") or "").lower(),
        passive=bool(entry.get("passive")),
        active=bool(entry.get("active")),
        with_child=words("with_child"),
        modifiers=words("modifiers"),
        not_modifiers=words("not_modifiers"),
        context=words("context"),
        subjects=words("subjects"),
        not_subjects=words("not_subjects"),
        not_governors=words("not_governors"),
    )


def _index(rules: Iterable[TriggerRule]) -> dict[str, tuple[TriggerRule, ...]]:
    by_lemma: dict[str, list[TriggerRule]] = {}
    for r in rules:
        by_lemma.setdefault(r.lemma, []).append(r)
    # Conditional readings first: "establish" + "relations" is COOPERATE before ESTABLISH.
    # A reading tied to its phrase ("a meeting in memory of") before all others.
    return {k: tuple(sorted(v, key=lambda r: (not r.context, not r.conditional)))
            for k, v in by_lemma.items()}


@functools.lru_cache(maxsize=4)
def load_ontology(types_text: str | None = None, triggers_text: str | None = None) -> Ontology:
    """The event ontology, parsed once (the texts override the packaged YAML, for tests)."""
    data = lang.parse_yaml(_packaged(TYPES_PATH) if types_text is None else types_text)
    words_data = lang.parse_yaml(_packaged(TRIGGERS_PATH) if triggers_text is None else triggers_text)
    triggers = words_data.get("triggers") or {}
    unknown = sorted(set(triggers) - {t["name"] for t in data["types"]})
    if unknown:
        raise errors.triggers_for_unknown_type(unknown, TRIGGERS_PATH, TYPES_PATH)
    types = []
    for t in data["types"]:
        name = t["name"]
        own = triggers.get(name) or {}
        types.append(EventType(
            name=name,
            definition=" ".join(str(t.get("definition", "")).split()),
            plover=str(t.get("plover") or ""),
            cameo=str(t.get("cameo") or ""),
            verbs=tuple(_rule(name, e) for e in own.get("verbs") or ()),
            nouns=tuple(_rule(name, e) for e in own.get("nouns") or ()),
        ))

    def words(key: str) -> frozenset[str]:
        entry = words_data.get(key) or ()
        if isinstance(entry, dict):  # documented: description, example, words
            entry = entry.get("words") or ()
        return frozenset(str(w).lower() for w in entry)

    return Ontology(
        types=tuple(types),
        verb_rules=_index(r for t in types for r in t.verbs),
        noun_rules=_index(r for t in types for r in t.nouns),
        light_verbs=words("light_verbs"),
        irrealis_verbs=words("irrealis_verbs"),
        implicative_verbs=words("implicative_verbs"),
        blocking_nouns=words("blocking_nouns"),
    )


def ontology_markdown(ontology: Ontology | None = None) -> str:
    """The ontology as a Markdown table (``docs/event_types.md`` is this, verbatim)."""
    onto = ontology or load_ontology()
    lines = [
        "# Event types",
        "",
        f"Generated from `{TYPES_PATH}` (types) and `{TRIGGERS_PATH}` (trigger words) by "
        "`pipeline.stages.event_ontology.ontology_markdown()`; edit the YAML, not this file.",
        "",
        "A verb trigger counts when its lemma is listed (with the argument it needs, after `+`); "
        "a noun trigger counts unless it is a name (\"the Warsaw Pact\"), a bare state (\"at "
        "war\") or a thing (\"war museum\"). Every other eventive verb or noun is an event "
        "mention of type `OTHER` with its lemma (`pipeline/lang/en/event_lexicon.yaml`). "
        "Negated, hypothetical and future happenings are kept and flagged in "
        "`event_mentions.modality`; states and opinions are claims only.",
        "",
        "| type | PLOVER | CAMEO | definition | verb triggers | noun triggers |",
        "|---|---|---|---|---|---|",
    ]
    for t in onto.types:
        verbs = ", ".join(_describe_group(t.verbs)) or "–"
        nouns = ", ".join(_describe_group(t.nouns)) or "–"
        lines.append(f"| {t.name} | {t.plover or '–'} | {t.cameo or '–'} | {t.definition} "
                     f"| {verbs} | {nouns} |")
    lines.append("")
    return "\n".join(lines)


def _describe_group(rules: Sequence[TriggerRule]) -> list[str]:
    """Rules sharing their conditions read as one: "supply/sell/buy + arms/weapons"."""
    groups: dict[tuple, list[TriggerRule]] = {}
    for r in rules:
        key = (r.objects, r.not_objects, r.particle, r.passive, r.active, r.with_child, r.modifiers,
               r.not_modifiers, r.context, r.not_governors, r.subjects, r.not_subjects)
        groups.setdefault(key, []).append(r)
    out = []
    for members in groups.values():
        first = members[0]
        if len(members) == 1 or not first.conditional:
            out.extend(r.describe() for r in members)
            continue
        lemmas = "/".join(r.lemma for r in members)
        out.append(first.describe().replace(first.lemma, lemmas, 1))
    return out
