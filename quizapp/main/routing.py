"""URL converters shared by every blueprint."""

from __future__ import annotations

from typing import Any

from flask import Flask
from werkzeug.routing import IntegerConverter, Map

#: The largest id the databases store: the id columns are ``Integer``, 32-bit on PostgreSQL,
#: which refuses to compare a larger number with them ("integer out of range", a 500).
MAX_ROW_ID = 2**31 - 1


class RowIdConverter(IntegerConverter):
    """``<int:…>`` capped at the largest database id.

    A bigger number in a URL would reach the database and fail there (SQLite's driver
    overflows past 64 bits, PostgreSQL past 32): a 500; capped, it matches no route (a 404).
    """

    def __init__(self, url_map: Map, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max", MAX_ROW_ID)
        super().__init__(url_map, *args, **kwargs)


def init_app(app: Flask) -> None:
    """Install the converters; call before any blueprint is registered."""
    app.url_map.converters["int"] = RowIdConverter
