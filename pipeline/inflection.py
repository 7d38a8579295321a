"""Slavic case endings undone, so an inflected name meets its dictionary form.

Serbian, Croatian and Russian inflect names: "u Beogradu" (in Belgrade), "Novom Sadu",
"Краљевине Југославије", "Karađorđa". The gazetteer and other documents know the
nominative ("Beograd", "Novi Sad", "Kraljevina Jugoslavija"), so a name is looked up under
each form its endings could stand for. The endings (``pipeline/data/inflection.yaml``)
are a closed list, kept short: a wrong
form finds nothing, and what a form finds is checked by its caller.
"""

from __future__ import annotations

import hashlib
from importlib import resources

import yaml

def _text() -> str:
    return resources.files("pipeline").joinpath("data/inflection.yaml").read_text("utf-8")


def fingerprint() -> str:
    """A hash of the endings, for the cache keys of the stages that use them."""
    return hashlib.sha256(_text().encode("utf-8")).hexdigest()[:8]


def _endings(key: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    return tuple((ending, tuple(stands_for))
                 for ending, stands_for in yaml.safe_load(_text())[key]["map"].items())


NOUN_ENDINGS = _endings("noun_endings")  # the name's last word
ADJECTIVE_ENDINGS = _endings("adjective_endings")  # the words agreeing with it
MAX_FORMS = 6  # per word: enough for every ending above


def nominatives(name: str) -> list[tuple[str, bool]]:
    """``name`` and the forms it has with its Slavic case endings undone, each with
    whether an ending was undone: "Novom Sadu" -> ("Novi Sad", True) among others."""
    words = name.split()
    options = [[(w, False), *((w[:len(w) - len(e)] + r, True)
                              for e, rs in (NOUN_ENDINGS if i == len(words) - 1
                                            else ADJECTIVE_ENDINGS)
                              if w.endswith(e) and len(w) - len(e) >= 2 for r in rs)]
               for i, w in enumerate(words)]
    forms = [("", False)]
    for opts in options:
        forms = [(f"{f} {w}".strip(), u or v) for f, u in forms for w, v in opts[:MAX_FORMS]]
    return sorted(set(forms), key=lambda fu: (fu[1], fu[0] != name, fu[0]))
