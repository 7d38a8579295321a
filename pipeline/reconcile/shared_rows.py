"""Table rows that share one table of column names, so millions of them fit in memory.

A million event mentions make two million entity-mention rows. As a dict literal each row
holds its own hash table of the column names (464 bytes for the 18 columns). CPython's
key-sharing dictionaries (PEP 412) keep that table once per class for the ``__dict__`` of
its instances; a row made as such a ``__dict__`` holds only its values (216 bytes; about
290 for any number of columns up to 29, so it pays from a dozen columns on).

The rows stay plain ``dict`` objects, equal to the literals and in the same key order;
whatever a caller does with one (adds a key, pickles it) behaves as with any dict. CPython
(3.11) shares fewer than 30 keys (``SHARED_KEYS_MAX_SIZE``): a row of 30 columns or more
would be turned back into a dict larger than its literal, so it is kept as given (event
mentions: 32).
"""

from __future__ import annotations

MAX_SHARED_COLUMNS = 29


class SharedRows:
    """A maker of one table's rows: ``make({"id": ..., ...})`` returns an equal dict that
    shares its key table with the other rows this maker made.

    The sharing holds while rows have the same columns in the same order, as a table's
    rows do; a row whose columns differ is an ordinary dict, and a row of more than
    ``MAX_SHARED_COLUMNS`` columns is returned as it was given.
    """

    def __init__(self, table: str) -> None:
        # A class of its own per table: the shared key table belongs to the class.
        self._holder = type(f"_{table}_row", (), {"__module__": __name__})

    def make(self, values: dict) -> dict:
        if len(values) > MAX_SHARED_COLUMNS:
            return values
        row = self._holder().__dict__
        # Key by key: ``dict.update`` would copy ``values``'s own key table instead.
        for key, value in values.items():
            row[key] = value
        return row
