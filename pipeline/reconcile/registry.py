"""Stable entity and event IDs across runs and across a growing corpus.

An ID is derived from content: ``stable_id("E", founding key)`` for an entity (its
canonical alias, else its smallest name key) and ``stable_id("EV", founding mention)`` for
an event (its smallest event mention ID). On the same corpus that alone gives the same IDs
on every run and every machine, so a run without a registry and a run with one agree.

When the corpus grows, a cluster may gain a key that sorts first and would change the
derived ID. The registry remembers which ID every key (entity name key, event mention ID)
had, and a cluster takes the ID its known keys already carry. If a new document joins two
clusters that had different IDs, the oldest ID survives (ties: the smaller ID) and the
others are recorded as merged into it. If a cluster splits, the part holding the ID's
founding key keeps it and the other part gets a new ID.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pipeline import errors
from pipeline.ids import stable_id

FORMAT = 1
_MAX_BYTES = 512 * 1024 * 1024  # a registry this large is not one Annalist wrote


def _mapping(value: object, name: str) -> dict:
    if not isinstance(value, dict):
        raise TypeError(f"{name} is a {type(value).__name__}, not an object")
    return value


def _str_map(value: object, name: str) -> dict[str, str]:
    mapping = _mapping(value, name)
    if not all(isinstance(k, str) and isinstance(v, str) for k, v in mapping.items()):
        raise TypeError(f"{name} holds values that are not strings")
    return dict(mapping)


def _int(value: object, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise TypeError(f"{name} holds {value!r}, not a whole number")
    return value


def _list(value: object, name: str) -> list:
    if not isinstance(value, list):
        raise TypeError(f"{name} is a {type(value).__name__}, not a list")
    return value


def _merge(value: object) -> Merge:
    fields = ("old_id", "new_id", "kind", "reason")
    if not isinstance(value, dict) or set(value) != set(fields) or not all(
            isinstance(value[f], str) for f in fields):
        raise TypeError(f"a merge entry is {str(value)[:80]}, not {{{', '.join(fields)}}}")
    return Merge(**value)


def _csv_rows(path: Path) -> list[dict[str, str]]:
    import csv

    try:
        with open(path, encoding="utf-8", errors="replace", newline="") as fh:
            return list(csv.DictReader(fh))
    except (OSError, csv.Error):
        return []


@dataclass(frozen=True)
class Merge:
    old_id: str
    new_id: str
    kind: str
    reason: str


@dataclass
class IdRegistry:
    """Key -> ID maps for entities and events, plus the merges ever made.

    ``reconcile`` updates the registry it is given in place; the caller saves it.
    """

    keys: dict[str, dict[str, str]] = field(default_factory=lambda: {"entity": {}, "event": {}})
    born: dict[str, int] = field(default_factory=dict)  # id -> generation first seen
    founders: dict[str, str] = field(default_factory=dict)  # id -> founding key
    merged: dict[str, Merge] = field(default_factory=dict)  # old id -> merge
    generation: int = 0

    # -- persistence ---------------------------------------------------------------------

    @classmethod
    def load(cls, path: Path, *, warnings: list[str] | None = None) -> IdRegistry:
        """The registry saved at ``path``, or an empty one if there is none yet.

        A damaged registry (not JSON, truncated, fields of the wrong type) costs ID
        stability, never the run: it is rebuilt from the outputs next to it
        (``event_mentions.csv``, ``entities.csv``) where they exist, else started empty,
        with a warning appended to ``warnings``.
        """
        path = Path(path)
        if not path.is_file():
            return cls()
        try:
            with open(path, "rb") as fh:
                blob = fh.read(_MAX_BYTES + 1)
            if len(blob) > _MAX_BYTES:
                raise ValueError(f"over {_MAX_BYTES:,} bytes")
            return cls._parse(json.loads(blob.decode("utf-8")))
        except (OSError, ValueError, TypeError, KeyError, RecursionError) as exc:
            reason = f"{type(exc).__name__}: {str(exc)[:160]}"
        registry = cls.from_outputs(path.parent)
        n = len(registry.keys["entity"]) + len(registry.keys["event"])
        rebuilt = (f"it was rebuilt from the outputs beside it ({n} keys)" if n
                   else "no outputs to rebuild it from were found, so it starts empty")
        if warnings is not None:
            warnings.append(errors.registry_damaged_warning(path, reason, rebuilt))
        return registry

    @classmethod
    def _parse(cls, data: object) -> IdRegistry:
        """A registry from its JSON, checking every field's type (ValueError/TypeError)."""
        if not isinstance(data, dict):
            raise TypeError("not a JSON object")
        if data.get("format") != FORMAT:
            raise ValueError(f"format {data.get('format')!r}, expected {FORMAT}")
        return cls(
            keys={"entity": _str_map(data.get("entity", {}), "entity"),
                  "event": _str_map(data.get("event", {}), "event")},
            born={k: _int(v, "born") for k, v in _mapping(data.get("born", {}), "born").items()},
            founders=_str_map(data.get("founders", {}), "founders"),
            merged={m.old_id: m for m in map(_merge, _list(data.get("merged", []), "merged"))},
            generation=_int(data.get("generation", 0), "generation"),
        )

    @classmethod
    def from_outputs(cls, out_dir: Path) -> IdRegistry:
        """As much of the registry as the output tables in ``out_dir`` still hold: each
        event mention's event ID, and each entity's name and aliases' keys."""
        from pipeline.cells import split_values
        from pipeline.reconcile.names import name_key

        registry = cls()
        for row in _csv_rows(Path(out_dir) / "event_mentions.csv"):
            mention, event = row.get("event_mention_id") or "", row.get("event_id") or ""
            if mention and event:
                registry.keys["event"][mention] = event
                registry.born.setdefault(event, 0)
        for row in _csv_rows(Path(out_dir) / "entities.csv"):
            entity = row.get("entity_id") or ""
            names = [row.get("name") or "", *split_values(row.get("aliases") or "")]
            for key in filter(None, (name_key(n) for n in names if n)):
                registry.keys["entity"].setdefault(key, entity)
            if entity:
                registry.born.setdefault(entity, 0)
        return registry

    def to_json(self) -> str:
        data = {
            "format": FORMAT,
            "generation": self.generation,
            "entity": dict(sorted(self.keys["entity"].items())),
            "event": dict(sorted(self.keys["event"].items())),
            "born": dict(sorted(self.born.items())),
            "founders": dict(sorted(self.founders.items())),
            "merged": [vars(self.merged[k]) for k in sorted(self.merged)],
        }
        return json.dumps(data, ensure_ascii=False, indent=0, sort_keys=False) + "\n"

    def save(self, path: Path) -> None:
        """Write atomically: a temporary file in the same directory, then ``os.replace``."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".id_registry.", dir=path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
                fh.write(self.to_json())
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, path)
        except BaseException:
            if os.path.exists(tmp):
                os.unlink(tmp)
            raise

    # -- assignment ----------------------------------------------------------------------

    def resolve(self, id_: str) -> str:
        """Follow merges to the ID that replaced ``id_``."""
        seen = set()
        while id_ in self.merged and id_ not in seen:
            seen.add(id_)
            id_ = self.merged[id_].new_id
        return id_

    def merges(self, kind: str) -> list[Merge]:
        return [m for _, m in sorted(self.merged.items()) if m.kind == kind]

    def assign(
        self,
        kind: str,
        prefix: str,
        clusters: Sequence[tuple[str, Iterable[str]]],
        *,
        reasons: Sequence[str] | None = None,
    ) -> list[str]:
        """IDs for ``clusters`` given as ``(founding key, all keys)``, in input order.

        Updates the registry: every key maps to its cluster's ID afterwards.
        """
        known = self.keys.setdefault(kind, {})
        keysets = [(founder, sorted(set(keys) | {founder})) for founder, keys in clusters]
        claims: list[Counter] = []
        for _, keys in keysets:
            claims.append(Counter(self.resolve(known[k]) for k in keys if k in known))
        # An old ID claimed by several clusters (a split) goes to the one holding its
        # founding key, else to the one with most of its keys, then the smallest founder.
        owners: dict[str, int] = {}
        for i, counter in enumerate(claims):
            for id_, n in counter.items():
                j = owners.get(id_)
                if j is None or self._better_owner(id_, i, j, n, claims[j][id_], keysets):
                    owners[id_] = i
        generation = self.generation + 1
        ids: list[str] = []
        used: set[str] = set()
        for i, (founder, keys) in enumerate(keysets):
            mine = sorted((id_ for id_ in claims[i] if owners[id_] == i),
                          key=lambda x: (self.born.get(x, generation), x))
            if mine:
                new_id = mine[0]
                for old in mine[1:]:
                    reason = (reasons[i] if reasons else "") or "joined by new evidence"
                    self.merged[old] = Merge(old, new_id, kind, reason)
            else:
                new_id = stable_id(prefix, founder)
                if new_id in used or (new_id in self.born and new_id in owners):
                    new_id = stable_id(prefix, founder, "split")
            used.add(new_id)
            ids.append(new_id)
            self.born.setdefault(new_id, generation)
            self.founders.setdefault(new_id, founder)
            self.merged.pop(new_id, None)
            for k in keys:
                known[k] = new_id
        if any(self.born[i] == generation for i in ids):
            self.generation = generation
        return ids

    def _better_owner(self, id_: str, i: int, j: int, n_i: int, n_j: int, keysets) -> bool:
        founder = self.founders.get(id_)
        has_i = founder in keysets[i][1]
        has_j = founder in keysets[j][1]
        if has_i != has_j:
            return has_i
        if n_i != n_j:
            return n_i > n_j
        return keysets[i][0] < keysets[j][0]
