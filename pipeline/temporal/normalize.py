"""Normalization: turn a recognized candidate into TIMEX3 type/value/mod and an interval.

One handler per rule kind (see :mod:`.patterns`), kept by concern in :mod:`.absolute`,
:mod:`.relative` and :mod:`.durations`. A handler returns zero or more :class:`Resolved`
parts: zero rejects the candidate (a number that is not a year), two are the ends of a
written range ("6–7 January 1916"), which the tagger may join.
"""

from __future__ import annotations

from . import absolute, durations, relative
from .anchoring import Context
from .patterns import Candidate
from .resolved import Handler, Resolved

HANDLERS: dict[str, Handler] = {**absolute.HANDLERS, **relative.HANDLERS, **durations.HANDLERS}

__all__ = ["HANDLERS", "Resolved", "normalize"]


def normalize(c: Candidate, ctx: Context, text: str) -> list[Resolved]:
    """Resolve one candidate; ``[]`` when it turns out not to be a temporal expression."""
    return HANDLERS[c.kind](c, ctx, text)
