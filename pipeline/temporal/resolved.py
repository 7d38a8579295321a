"""What a handler returns: one resolved expression (or one end of a written range).

Kept apart from :mod:`.normalize` so the handler modules can import it without a cycle.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from .anchoring import Context
from .calendar import Period
from .patterns import Candidate


@dataclass(frozen=True)
class Resolved:
    """A normalized expression: its span, TIMEX3 type and period, and how it was anchored."""

    start: int
    end: int
    type: str
    period: Period
    anchor: str = ""
    calendar: str = ""
    absolute: bool = False   # has its own year: becomes the narrative anchor
    range_id: int = -1       # the parts of one written range share an id
    # A look back ("two years ago", "five years previously") is a flashback: it does not
    # move the narrative's reference time, so later "In May" keeps the story's year.
    flashback: bool = False
    # Where the anchor is written ((-1, -1): the DCT, or no anchor) and the signed amount
    # of time from it ("+P4D" for "four days later", "-P6M" for "six months before").
    anchor_span: tuple[int, int] = (-1, -1)
    offset: str = ""
    # The two ends of a written range ("1804 to 1813") carry the whole range's offsets.
    range_span: tuple[int, int] = (-1, -1)


# A handler resolves one candidate of its rule kind; [] rejects it.
Handler = Callable[[Candidate, Context, str], list["Resolved"]]
