"""The stage list of ``pipeline.document``: declared needs, checked order, one call each."""

from __future__ import annotations

import pytest

from pipeline import document
from pipeline.document import STAGES, Stage, _check, error_result


def test_document_stages_need_only_what_came_before():
    _check(STAGES)  # the shipped list is valid
    assert [s.assigns for s in STAGES][-1] == "event_mentions"


def test_document_check_refuses_a_stage_whose_needs_come_later():
    late = (Stage("b", lambda x: x, ("a",), "b", "1"), Stage("a", lambda: 1, (), "a", "1"))
    with pytest.raises(ValueError, match=r"stage 'b' needs \['a'\]"):
        _check(late)


def test_document_check_refuses_two_stages_assigning_one_name():
    twice = (Stage("a", lambda: 1, (), "a", "1"), Stage("a2", lambda: 2, (), "a", "1"))
    with pytest.raises(ValueError, match="a second time"):
        _check(twice)


def test_document_run_stages_passes_requires_and_keywords():
    calls = []

    def second(src, *, first):
        calls.append((src, first))
        return first + 1

    stages = (Stage("first", lambda doc: 10, ("doc",), "first", "1"),
              Stage("second", second, ("src",), "second", "1", keywords={"first": "first"}))
    found = document.run_stages("SRC", "DOC", document.Settings(), stages)
    assert found["second"] == 11 and calls == [("SRC", 10)]


def test_document_extract_versions_name_every_stage():
    assert list(document.EXTRACT_VERSIONS) == [s.name for s in STAGES]
    assert all(document.EXTRACT_VERSIONS.values())


def test_document_error_result_codes_an_unexpected_exception():
    row = error_result("a.txt", "0" * 64, KeyError("boom"))
    assert row.status == "error" and row.message.startswith("E199: a.txt failed inside a stage")
