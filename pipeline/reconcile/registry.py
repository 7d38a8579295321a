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

from pipeline.ids import stable_id

FORMAT = 1


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
    def load(cls, path: Path) -> IdRegistry:
        """The registry saved at ``path``, or an empty one if there is none yet."""
        path = Path(path)
        if not path.is_file():
            return cls()
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            # A damaged registry costs ID stability, never the run: IDs are re-derived.
            return cls()
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            return cls()
        return cls(
            keys={"entity": dict(data.get("entity", {})), "event": dict(data.get("event", {}))},
            born={k: int(v) for k, v in data.get("born", {}).items()},
            founders=dict(data.get("founders", {})),
            merged={m["old_id"]: Merge(**m) for m in data.get("merged", [])},
            generation=int(data.get("generation", 0)),
        )

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
