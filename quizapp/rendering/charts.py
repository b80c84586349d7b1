"""Progress charts drawn on the server as SVG, each with an accessible table alternative.

The markup obeys a strict Content-Security-Policy: no script, no ``style=`` attributes.
Looks come from class names (styled in ``static/css``); SVG presentation attributes give
lines a visible default stroke, which the stylesheet may override.
Every piece of text is escaped.

Both functions take the rows of ``quizapp.progress.stats.accuracy_by_day``:
``(day, attempts, correct, accuracy)``, oldest first. The percentages shown are computed
from the two counts, so the chart, its description and the table always agree.
"""

from __future__ import annotations

import math
import zlib
from collections.abc import Sequence
from datetime import date
from functools import lru_cache

from markupsafe import Markup, escape

_WIDTH, _HEIGHT = 640, 260
_LEFT, _RIGHT, _TOP, _BOTTOM = 52, 28, 16, 44
_PLOT_W = _WIDTH - _LEFT - _RIGHT
_PLOT_H = _HEIGHT - _TOP - _BOTTOM
_MAX_X_LABELS = 7

# English month names, independent of the server's locale.
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

NO_ANSWERS_TEXT = "No answers yet."

Point = tuple[date, int, int, float | None]


def _short_day(day: date) -> str:
    return f"{day.day} {_MONTHS[day.month - 1]}"


def _long_day(day: date) -> str:
    return f"{_short_day(day)} {day.year}"


def _percent(fraction: float) -> str:
    # A no-break space keeps "75 %" on one line.
    return f"{math.floor(fraction * 100 + 0.5)}\u00a0%"


def _answers(n: int) -> str:
    return f"{n} answer" if n == 1 else f"{n} answers"


def _checked(points: Sequence[Point]) -> list[tuple[date, int, int]]:
    """The points' (day, attempts, correct), after checking each is a sensible count."""
    rows = []
    for index, point in enumerate(points):
        day, attempts, correct = point[0], point[1], point[2]
        if not isinstance(day, date):
            raise ValueError(f"point {index}: day must be a date, got {day!r}")
        if not 0 <= correct <= attempts:
            raise ValueError(
                f"point {index} ({day.isoformat()}): need 0 ≤ correct ≤ attempts, "
                f"got correct={correct!r}, attempts={attempts!r}"
            )
        rows.append((day, int(attempts), int(correct)))
    return rows


@lru_cache(maxsize=512)
def _day_texts(day: date) -> tuple[str, str, str]:
    """A day's short and long labels, escaped, and its ISO date: the same for every chart
    that shows the day (a pure memo, keyed on the date)."""
    return str(escape(_short_day(day))), str(escape(_long_day(day))), day.isoformat()


@lru_cache(maxsize=512)
def _share_text(right: int, answers: int) -> str:
    """``right`` of ``answers`` as an escaped percentage."""
    return str(escape(_percent(right / answers)))


@lru_cache(maxsize=64)
def _columns(count: int) -> tuple[tuple[str, str, str], ...]:
    """For a chart of ``count`` days, each day's column as drawn: its centre, its bar's left
    edge and its bar's width (a memo on the count: 30 days for every dashboard)."""
    slot = _PLOT_W / count
    bar_w = max(slot * 0.7, 1.0)
    columns = []
    for index in range(count):
        centre = _LEFT + (index + 0.5) * slot
        columns.append((f"{centre:.1f}", f"{centre - bar_w / 2:.1f}", f"{bar_w:.1f}"))
    return tuple(columns)


def _empty() -> Markup:
    return Markup(f'<p class="chart-empty">{escape(NO_ANSWERS_TEXT)}</p>')


def _period(rows: list[tuple[date, int, int]]) -> str:
    first, last = rows[0][0], rows[-1][0]
    return _long_day(first) if first == last else f"{_long_day(first)} to {_long_day(last)}"


def _description(rows: list[tuple[date, int, int]]) -> str:
    """A text alternative that says what the chart shows, in a few sentences."""
    active = [row for row in rows if row[1]]
    total = sum(n for _, n, _ in active)
    right = sum(k for _, _, k in active)
    sentences = [
        f"{_answers(total)} on {len(active)} of {len(rows)} days, {right} right "
        f"({_percent(right / total)})."
    ]
    if len(active) > 1:
        # Ties go to the most recent day: it says more about the learner now.
        best = max(reversed(active), key=lambda row: row[2] / row[1])
        worst = min(reversed(active), key=lambda row: row[2] / row[1])
        sentences.append(
            f"Best day {_short_day(best[0])}: {_percent(best[2] / best[1])} of "
            f"{_answers(best[1])}; weakest day {_short_day(worst[0])}: "
            f"{_percent(worst[2] / worst[1])} of {_answers(worst[1])}."
        )
    day, n, k = active[-1]
    sentences.append(f"Latest day with answers, {_short_day(day)}: {k} of {n} right.")
    return " ".join(sentences)


def _frame() -> str:
    """The chart's gridlines, their labels and the axes: the same on every chart."""
    base_y = _TOP + _PLOT_H
    parts = []
    for value in (0, 25, 50, 75, 100):
        y = base_y - value / 100 * _PLOT_H
        label = escape(f"{value}\u00a0%")
        parts.append(
            f'<line class="grid" x1="{_LEFT}" y1="{y:.1f}" x2="{_WIDTH - _RIGHT}" y2="{y:.1f}" '
            'stroke="currentColor" stroke-opacity="0.2"/>'
            f'<text class="tick tick-y" x="{_LEFT - 6}" y="{y + 4:.1f}" text-anchor="end">'
            f"{label}</text>"
        )
    parts.append(
        f'<line class="axis" x1="{_LEFT}" y1="{base_y}" x2="{_WIDTH - _RIGHT}" y2="{base_y}" '
        'stroke="currentColor"/>'
        f'<line class="axis" x1="{_LEFT}" y1="{_TOP}" x2="{_LEFT}" y2="{base_y}" '
        'stroke="currentColor"/>'
    )
    return "".join(parts)


_FRAME = _frame()
_AXIS_LABEL = (
    f'<text class="axis-label" x="{_LEFT + _PLOT_W / 2}" y="{_HEIGHT - 6}" '
    'text-anchor="middle">Day (UTC)</text>'
)


def accuracy_chart_svg(points: Sequence[Point]) -> Markup:
    """A bar chart of the share of right answers per day, 0–100 %, with a text alternative.

    Days without answers have no bar; a day with answers but none right shows a dot on
    the zero line. Without any answers it is a short "No answers yet." paragraph.

    Written with f-strings: numbers go in as we format them, every piece of text through
    ``escape`` once, the per-day pieces memoised (every dashboard view draws one, and
    filling ``Markup`` templates field by field cost a tenth of the page).
    """
    rows = _checked(points)
    if not rows or not any(n for _, n, _ in rows):
        return _empty()

    base_y = _TOP + _PLOT_H
    uid = f"{zlib.crc32(repr(rows).encode()):08x}"  # stable, and distinct per chart on a page

    parts = [
        f'<svg class="chart chart-accuracy" viewBox="0 0 {_WIDTH} {_HEIGHT}" role="img" '
        f'aria-labelledby="chart-title-{uid} chart-desc-{uid}" '
        'xmlns="http://www.w3.org/2000/svg">'
        f'<title id="chart-title-{uid}">'
        f"{escape(f'Share of right answers per day, {_period(rows)}')}</title>"
        f'<desc id="chart-desc-{uid}">{escape(_description(rows))}</desc>',
        _FRAME,
    ]
    step = max(1, math.ceil(len(rows) / _MAX_X_LABELS))
    last = len(rows) - 1
    for index, ((day, n, k), (x, bar_x, bar_w)) in enumerate(
        zip(rows, _columns(len(rows)), strict=True)
    ):
        if (last - index) % step == 0:  # always label the latest day
            parts.append(
                f'<line class="tick-mark" x1="{x}" y1="{base_y}" x2="{x}" '
                f'y2="{base_y + 4}" stroke="currentColor"/>'
                f'<text class="tick tick-x" x="{x}" y="{base_y + 18}" '
                f'text-anchor="middle">{_day_texts(day)[0]}</text>'
            )
        if n:
            top = base_y - k / n * _PLOT_H
            y = f"{top:.1f}"
            # Escaped pieces and our own counts: the tip needs no escaping of its own.
            parts.append(
                f'<g class="day"><title>{_day_texts(day)[1]}: {k} of {n} right '
                f"({_share_text(k, n)})</title>"
                f'<rect class="bar" x="{bar_x}" y="{y}" '
                f'width="{bar_w}" height="{base_y - top:.1f}"/>'
                f'<circle class="point" cx="{x}" cy="{y}" r="2.5"/></g>'
            )
    parts.append(_AXIS_LABEL)
    parts.append("</svg>")
    return Markup("".join(parts))


def accuracy_table_html(points: Sequence[Point]) -> Markup:
    """The chart's data as an accessible table: one row per day with answers, and a total.

    Without any answers it is the same "No answers yet." paragraph as the chart.
    """
    rows = _checked(points)
    active = [row for row in rows if row[1]]
    if not active:
        return _empty()

    body = "".join(
        f'<tr><th scope="row"><time datetime="{texts[2]}">{texts[1]}</time></th>'
        f"<td>{n}</td><td>{k}</td><td>{_share_text(k, n)}</td></tr>"
        for texts, n, k in ((_day_texts(day), n, k) for day, n, k in active)
    )
    total = sum(n for _, n, _ in active)
    right = sum(k for _, _, k in active)
    return Markup(
        '<table class="accuracy-table">'
        f"<caption>Right answers per day, {escape(_period(rows))} (days without answers "
        "are left out)</caption>"
        '<thead><tr><th scope="col">Day</th><th scope="col">Answers</th>'
        '<th scope="col">Right</th><th scope="col">Share right</th></tr></thead>'
        f"<tbody>{body}</tbody>"
        f'<tfoot><tr><th scope="row">All days</th><td>{total}</td><td>{right}</td>'
        f"<td>{_share_text(right, total)}</td></tr></tfoot></table>"
    )
