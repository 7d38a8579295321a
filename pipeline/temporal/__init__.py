"""Annalist's temporal tagger: TIMEX3 values, intervals and precision.

``tag(text, dct=..., mode=...)`` is the entry point; see ``docs/temporal.md`` for the
conventions (ranges, part-of-period intervals, BCE, dual dating) and
:mod:`pipeline.temporal.evaluate` for scoring against TimeML gold.
"""

from __future__ import annotations

from .tagger import tag

VERSION = "1.3.3"

__all__ = ["tag", "VERSION"]
