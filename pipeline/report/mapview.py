"""The report's map: geocoded events as points on a plain longitude/latitude frame.

No tile server and no country outlines (nothing may be fetched, and outlines would be
megabytes of data): an equirectangular frame fitted to the events' places, a graticule
with degree labels, and one circle per place, its area growing with the number of events
there. Each point is a button the timeline script reads: clicking it filters the timeline
to the events at that place.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

from pipeline.report.values import _float, _text

WIDTH, HEIGHT = 860, 430
MARGIN = 28
MIN_SPAN = 8.0  # degrees: a corpus about one city still shows its surroundings
STEPS = (1, 2, 5, 10, 15, 30, 45, 60, 90)  # graticule spacing, degrees
MAX_LABELS = 25  # the places named on the map itself (the others in their tooltip)
CHAR_WIDTH = 6.2  # px per character of an 11 px label, to keep labels apart


def map_panel(events: Sequence[Mapping[str, Any]]) -> dict[str, Any] | None:
    """Points, frame and graticule for the events with coordinates (None when none have)."""
    places: dict[str, dict[str, Any]] = {}
    for e in events:
        lat, lon = _float(e.get("latitude")), _float(e.get("longitude"))
        if lat is None or lon is None:
            continue
        key = _text(e.get("place_id")) or f"{lat},{lon}"
        p = places.setdefault(key, {"name": _text(e.get("place_name")) or key, "lat": lat,
                                    "lon": lon, "n": 0, "feature": _text(e.get("feature"))})
        p["n"] += 1
    if not places:
        return None
    west, east, south, north = _extent(list(places.values()))
    sx = (WIDTH - 2 * MARGIN) / (east - west)
    sy = (HEIGHT - 2 * MARGIN) / (north - south)
    scale = min(sx, sy)  # one degree is as wide as it is high: no stretched shapes
    x0 = MARGIN + ((WIDTH - 2 * MARGIN) - scale * (east - west)) / 2
    y0 = MARGIN + ((HEIGHT - 2 * MARGIN) - scale * (north - south)) / 2

    def x(lon: float) -> float:
        return round(x0 + (lon - west) * scale, 1)

    def y(lat: float) -> float:
        return round(y0 + (north - lat) * scale, 1)

    most = max(p["n"] for p in places.values())
    points = sorted(places.values(), key=lambda p: (-p["n"], p["name"]))
    boxes: list[tuple[float, float, float, float]] = []
    for p in points:
        p.update(x=x(p["lon"]), y=y(p["lat"]), r=round(3 + 9 * math.sqrt(p["n"] / most), 1))
        box = (p["x"] + p["r"] + 2, p["y"] - 8, p["x"] + p["r"] + 2 + CHAR_WIDTH * len(p["name"]),
               p["y"] + 5)
        # The busiest places are named first; a name that would overprint one is left to
        # the point's tooltip.
        p["labelled"] = len(boxes) < MAX_LABELS and not any(_overlap(box, b) for b in boxes)
        if p["labelled"]:
            boxes.append(box)
    step = next((s for s in STEPS if (east - west) / s <= 8), 90)
    meridians = [{"x": x(v), "label": _degrees(v, "E", "W")}
                 for v in _multiples(west, east, step)]
    parallels = [{"y": y(v), "label": _degrees(v, "N", "S")}
                 for v in _multiples(south, north, step)]
    frame = {"x": x(west), "y": y(north), "w": round(scale * (east - west), 1),
             "h": round(scale * (north - south), 1)}
    return {"width": WIDTH, "height": HEIGHT, "frame": frame, "points": points,
            "meridians": meridians, "parallels": parallels,
            "n_events": sum(p["n"] for p in points), "n_places": len(points)}


def _overlap(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _extent(points: list[dict[str, Any]]) -> tuple[float, float, float, float]:
    lons = [p["lon"] for p in points]
    lats = [p["lat"] for p in points]
    west, east, south, north = min(lons), max(lons), min(lats), max(lats)
    pad_lon = max(MIN_SPAN - (east - west), 0) / 2 + (east - west) * 0.08
    pad_lat = max(MIN_SPAN / 2 - (north - south), 0) / 2 + (north - south) * 0.08
    return (max(-180.0, west - pad_lon), min(180.0, east + pad_lon),
            max(-90.0, south - pad_lat), min(90.0, north + pad_lat))


def _multiples(lo: float, hi: float, step: int) -> list[int]:
    first = math.ceil(lo / step) * step
    return list(range(first, math.floor(hi) + 1, step))


def _degrees(value: float, positive: str, negative: str) -> str:
    return f"{abs(value):g}°{positive if value >= 0 else negative}"
