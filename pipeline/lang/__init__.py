"""Language resources: word lists, cues and rules as data, one folder per language.

Each language is a folder (``pipeline/lang/en/``) of YAML files, one file per concern
(``cues.yaml``, ``temporal.yaml`` ...), the way HeidelTime keeps its resources. A file maps
a list's name to either a plain list of words or a mapping with ``words`` (or ``map`` for
word -> value tables) and optional ``description`` and ``example`` keys, which document
the entry for a reader and are ignored by the code::

    reporting_verbs:
      description: Verbs that introduce reported content; their subject is the source.
      example: "Officials *said* the talks had failed."
      words: [say, tell, report]

Files are read once per process. ``fingerprint()`` hashes every file of a language, so a
stage that feeds it into its ``VERSION`` recomputes cached results when a word is added.
Adding a language means adding a folder with the same files; no module changes.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Mapping
from importlib import resources
from typing import Any

import yaml

DEFAULT_LANGUAGE = "en"
# libyaml's loader, where PyYAML was built with it, reads the same data about seven times
# faster than the pure-Python one: it matters, as every worker process loads every file.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_DOC_KEYS = frozenset({"description", "example", "examples", "note"})


def parse_yaml(text: str) -> Any:
    """YAML text parsed with the fastest safe loader available."""
    return yaml.load(text, Loader=_LOADER)


def _folder(lang: str):
    return resources.files("pipeline").joinpath("lang", lang)


@functools.lru_cache(maxsize=None)
def resource(name: str, lang: str = DEFAULT_LANGUAGE) -> Mapping[str, Any]:
    """The parsed ``pipeline/lang/<lang>/<name>.yaml`` (read once per process)."""
    path = _folder(lang).joinpath(f"{name}.yaml")
    data = parse_yaml(path.read_text("utf-8")) or {}
    if not isinstance(data, dict):
        raise ValueError(f"{path}: expected a mapping of list names to entries")
    return data


def _payload(name: str, key: str, lang: str) -> Any:
    entry = resource(name, lang)[key]
    if isinstance(entry, dict) and _DOC_KEYS & entry.keys():
        payload = {k: v for k, v in entry.items() if k not in _DOC_KEYS}
        if len(payload) == 1:
            return next(iter(payload.values()))
        return payload
    return entry


@functools.lru_cache(maxsize=None)
def words(name: str, key: str, lang: str = DEFAULT_LANGUAGE) -> frozenset[str]:
    """The list ``key`` of file ``name`` as a frozenset of strings."""
    return frozenset(ordered(name, key, lang))


def ordered(name: str, key: str, lang: str = DEFAULT_LANGUAGE) -> tuple[str, ...]:
    """The list ``key`` in file order (for alternations where order matters)."""
    value = _payload(name, key, lang)
    if isinstance(value, str):
        return tuple(value.split())
    bad = [w for w in value if not isinstance(w, (str, int)) or isinstance(w, bool)]
    if bad:
        # YAML reads a bare no/yes/on/off as a boolean: quote such words ("no").
        raise ValueError(f"lang/{lang}/{name}.yaml: {key} holds non-words {bad!r}; quote them")
    return tuple(str(w) for w in value)


def table(name: str, key: str, lang: str = DEFAULT_LANGUAGE) -> dict[str, Any]:
    """The word -> value mapping ``key`` of file ``name`` (a fresh dict each call)."""
    value = _payload(name, key, lang)
    if not isinstance(value, dict):
        raise ValueError(f"lang/{lang}/{name}.yaml: {key} is not a mapping")
    return dict(value)


def value(name: str, key: str, lang: str = DEFAULT_LANGUAGE) -> Any:
    """Any other entry (a pattern string, a number), documentation keys removed."""
    return _payload(name, key, lang)


@functools.lru_cache(maxsize=None)
def fingerprint(lang: str = DEFAULT_LANGUAGE) -> str:
    """A short hash of every resource file of ``lang``: part of the stages' cache keys."""
    digest = hashlib.sha256()
    for path in sorted(_folder(lang).iterdir(), key=lambda p: p.name):
        if path.name.endswith(".yaml"):
            digest.update(path.name.encode("utf-8") + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:8]
