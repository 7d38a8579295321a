"""The report's map panel (pipeline/report/mapview.py)."""

from __future__ import annotations

from pipeline.report import mapview
from pipeline.report.render import render_report


def _event(place: str, lat: float | str, lon: float | str, place_id: str = "") -> dict:
    return {"event_id": f"EV{place}{lat}", "place_name": place, "latitude": lat,
            "longitude": lon, "place_id": place_id or f"geonames:{place}"}


def test_report_map_has_no_panel_without_coordinates():
    assert mapview.map_panel([{"event_id": "EV1", "latitude": "", "longitude": None}]) is None


def test_report_map_counts_events_per_place_and_sizes_their_circles():
    m = mapview.map_panel([_event("Belgrade", 44.8, 20.46), _event("Belgrade", 44.8, 20.46),
                           _event("Moscow", 55.75, 37.62)])
    points = {p["name"]: p for p in m["points"]}
    assert (points["Belgrade"]["n"], points["Moscow"]["n"]) == (2, 1)
    assert points["Belgrade"]["r"] > points["Moscow"]["r"]
    assert (m["n_events"], m["n_places"]) == (3, 2)


def test_report_map_projects_east_right_and_north_up_inside_the_frame():
    m = mapview.map_panel([_event("Belgrade", 44.8, 20.46), _event("Moscow", 55.75, 37.62)])
    points = {p["name"]: p for p in m["points"]}
    assert points["Moscow"]["x"] > points["Belgrade"]["x"]
    assert points["Moscow"]["y"] < points["Belgrade"]["y"]
    f = m["frame"]
    for p in m["points"]:
        assert f["x"] <= p["x"] <= f["x"] + f["w"] and f["y"] <= p["y"] <= f["y"] + f["h"]
    assert m["meridians"] and m["parallels"]


def test_report_map_leaves_an_overprinting_name_to_its_tooltip():
    m = mapview.map_panel([_event("Belgrade", 44.80, 20.46), _event("Belgrade", 44.80, 20.46),
                           _event("Zemun", 44.84, 20.40)])
    points = {p["name"]: p for p in m["points"]}
    assert points["Belgrade"]["labelled"] and not points["Zemun"]["labelled"]


def test_report_map_points_filter_the_timeline_by_place():
    page = render_report({"events": [_event("Novi Sad", 45.25, 19.84)]}, title="t", warnings=[])
    assert 'id="map-panel"' in page and 'data-place="Novi Sad"' in page
    assert "<title>Novi Sad: 1 event (45.25, 19.84)</title>" in page
    two = render_report({"events": [_event("Niš", 43.32, 21.9), _event("Niš", 43.32, 21.9)]},
                        title="t", warnings=[])
    assert "<title>Niš: 2 events (43.32, 21.90)</title>" in two
