"""The progress bar a run shows on a terminal (and nowhere else)."""

from __future__ import annotations

import sys


class _NoBar:
    def update(self, n: int) -> None:
        pass

    def __enter__(self) -> _NoBar:
        return self

    def __exit__(self, *exc: object) -> None:
        pass


def progress_bar(total: int, *, enabled: bool):
    """A tqdm bar on stderr when it is a terminal and ``enabled``; a no-op otherwise."""
    if not enabled or not sys.stderr.isatty():
        return _NoBar()
    from tqdm import tqdm

    # delay: a run that finishes within a moment shows no bar at all.
    return tqdm(total=total, unit="doc", desc="extract", file=sys.stderr, delay=1.0,
                dynamic_ncols=True)
