"""CSV the app writes: cells a spreadsheet cannot run as formulas, streamed in pieces.

A spreadsheet reads a cell that starts with ``=``, ``+``, ``-`` or ``@`` (or a tab or a
carriage return before one) as a formula, so a learner named ``=HYPERLINK(...)`` could
run something on their instructor's machine ("CSV injection"). The OWASP rule is to
prefix such text with ``'``, which the spreadsheet shows as text. Here the rule goes by
the Python type: every ``str`` is text and is neutralised when it starts with a trigger;
an ``int`` or ``float`` is a number and is written as one, so a score of -0.5 stays a
number while an *answer* typed as "-0.5" (text) becomes ``'-0.5``.

A text that already starts with ``'`` gets one more, so reading back is exact: drop one
leading ``'`` whenever there is one (``restore_text``).
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime
from typing import Any

from quizapp.timezones import iso_utc

#: Leading characters a spreadsheet may read as the start of a formula (OWASP's list),
#: their full-width forms (some spreadsheets normalise them), and the prefix itself.
FORMULA_TRIGGERS = frozenset("=+-@\t\r" + "\uff1d\uff0b\uff0d\uff20" + "'")
PREFIX = "'"
#: Characters of CSV gathered before a piece is handed to the server (one write per piece).
PIECE_CHARS = 64 * 1024


def safe_text(text: str) -> str:
    """``text`` with a ``'`` in front when a spreadsheet could take it for a formula."""
    return PREFIX + text if text[:1] in FORMULA_TRIGGERS else text


def restore_text(cell: str) -> str:
    """The text ``safe_text`` was given, from a cell it wrote (for readers of our CSV)."""
    return cell[1:] if cell.startswith(PREFIX) else cell


def cell(value: Any) -> str | int | float:
    """One value as a CSV cell: numbers as numbers, text made safe, booleans as
    ``true``/``false``, times as ISO 8601 in UTC, None (and NaN, ±inf) as empty."""
    if value is None:
        return ""
    if isinstance(value, bool):  # before int: a bool is an int
        return "true" if value else "false"
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else ""
    if isinstance(value, datetime):
        return iso_utc(value)
    return safe_text(str(value))


def csv_pieces(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> Iterator[str]:
    """The CSV text of ``header`` and ``rows`` (each value through ``cell``), in pieces of
    about PIECE_CHARS characters, read from ``rows`` only as the pieces are asked for."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)  # RFC 4180: quotes where needed, CRLF line ends
    writer.writerow([safe_text(name) for name in header])
    for row in rows:
        writer.writerow([cell(value) for value in row])
        if buffer.tell() >= PIECE_CHARS:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()
