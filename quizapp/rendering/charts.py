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
import numbers
import zlib
from collections.abc import Sequence
from datetime import date

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


def _html(template: str, *args: object, **values: object) -> Markup:
    """``template`` filled like ``Markup(template).format(...)``: text escaped, markup and
    numbers as they are, but several times faster, which the dashboard's chart (a few
    hundred fields) noticed."""
    return Markup(
        template.format(*map(_escaped, args), **{k: _escaped(v) for k, v in values.items()})
    )


#: The numbers a chart is drawn with: checked by exact type first, since the ABC check of
#: ``numbers.Number`` on each of a chart's few hundred fields was a tenth of its cost.
_PLAIN_NUMBERS = (int, float)


def _escaped(value: object) -> object:
    """Markup as it is, numbers as they are (their text needs no escaping), the rest escaped."""
    kind = type(value)
    if kind in _PLAIN_NUMBERS:
        return value
    if kind is str:  # plain text, the other common case
        return escape(value)
    if hasattr(value, "__html__") or isinstance(value, numbers.Number):
        return value
    return escape(value)


def _empty() -> Markup:
    return _html('<p class="chart-empty">{}</p>', NO_ANSWERS_TEXT)


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


def accuracy_chart_svg(points: Sequence[Point]) -> Markup:
    """A bar chart of the share of right answers per day, 0–100 %, with a text alternative.

    Days without answers have no bar; a day with answers but none right shows a dot on
    the zero line. Without any answers it is a short "No answers yet." paragraph.
    """
    rows = _checked(points)
    if not rows or not any(n for _, n, _ in rows):
        return _empty()

    slot = _PLOT_W / len(rows)
    bar_w = max(slot * 0.7, 1.0)
    base_y = _TOP + _PLOT_H
    uid = f"{zlib.crc32(repr(rows).encode()):08x}"  # stable, and distinct per chart on a page

    parts = [
        _html(
            '<svg class="chart chart-accuracy" viewBox="0 0 {w} {h}" role="img" '
            'aria-labelledby="chart-title-{uid} chart-desc-{uid}" '
            'xmlns="http://www.w3.org/2000/svg">'
            '<title id="chart-title-{uid}">{title}</title>'
            '<desc id="chart-desc-{uid}">{desc}</desc>',
            w=_WIDTH,
            h=_HEIGHT,
            uid=uid,
            title=f"Share of right answers per day, {_period(rows)}",
            desc=_description(rows),
        )
    ]
    for value in (0, 25, 50, 75, 100):
        y = base_y - value / 100 * _PLOT_H
        parts.append(
            _html(
                '<line class="grid" x1="{x1}" y1="{y:.1f}" x2="{x2}" y2="{y:.1f}" '
                'stroke="currentColor" stroke-opacity="0.2"/>'
                '<text class="tick tick-y" x="{tx}" y="{ty:.1f}" text-anchor="end">{label}</text>',
                x1=_LEFT,
                x2=_WIDTH - _RIGHT,
                y=y,
                tx=_LEFT - 6,
                ty=y + 4,
                label=f"{value}\u00a0%",
            )
        )
    parts.append(
        _html(
            '<line class="axis" x1="{left}" y1="{b}" x2="{r}" y2="{b}" stroke="currentColor"/>'
            '<line class="axis" x1="{left}" y1="{t}" x2="{left}" y2="{b}" stroke="currentColor"/>',
            left=_LEFT,
            r=_WIDTH - _RIGHT,
            t=_TOP,
            b=base_y,
        )
    )

    step = max(1, math.ceil(len(rows) / _MAX_X_LABELS))
    for index, (day, n, k) in enumerate(rows):
        centre = _LEFT + (index + 0.5) * slot
        if (len(rows) - 1 - index) % step == 0:  # always label the latest day
            parts.append(
                _html(
                    '<line class="tick-mark" x1="{x:.1f}" y1="{b}" x2="{x:.1f}" y2="{b2}" '
                    'stroke="currentColor"/>'
                    '<text class="tick tick-x" x="{x:.1f}" y="{ty}" text-anchor="middle">'
                    "{label}</text>",
                    x=centre,
                    b=base_y,
                    b2=base_y + 4,
                    ty=base_y + 18,
                    label=_short_day(day),
                )
            )
        if n:
            top = base_y - k / n * _PLOT_H
            parts.append(
                _html(
                    '<g class="day"><title>{tip}</title>'
                    '<rect class="bar" x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}"/>'
                    '<circle class="point" cx="{cx:.1f}" cy="{y:.1f}" r="2.5"/></g>',
                    tip=f"{_long_day(day)}: {k} of {n} right ({_percent(k / n)})",
                    x=centre - bar_w / 2,
                    y=top,
                    w=bar_w,
                    h=base_y - top,
                    cx=centre,
                )
            )
    parts.append(
        _html(
            '<text class="axis-label" x="{x}" y="{y}" text-anchor="middle">Day (UTC)</text>',
            x=_LEFT + _PLOT_W / 2,
            y=_HEIGHT - 6,
        )
    )
    parts.append(Markup("</svg>"))
    # Every part is Markup already: a plain join spares Markup.join escaping each again.
    return Markup("".join(parts))


def accuracy_table_html(points: Sequence[Point]) -> Markup:
    """The chart's data as an accessible table: one row per day with answers, and a total.

    Without any answers it is the same "No answers yet." paragraph as the chart.
    """
    rows = _checked(points)
    active = [row for row in rows if row[1]]
    if not active:
        return _empty()

    body = Markup(
        "".join(
            _html(
                '<tr><th scope="row"><time datetime="{iso}">{day}</time></th>'
                "<td>{n}</td><td>{k}</td><td>{pct}</td></tr>",
                iso=day.isoformat(),
                day=_long_day(day),
                n=n,
                k=k,
                pct=_percent(k / n),
            )
            for day, n, k in active
        )
    )
    total = sum(n for _, n, _ in active)
    right = sum(k for _, _, k in active)
    return _html(
        '<table class="accuracy-table">'
        "<caption>Right answers per day, {period} (days without answers are left out)</caption>"
        '<thead><tr><th scope="col">Day</th><th scope="col">Answers</th>'
        '<th scope="col">Right</th><th scope="col">Share right</th></tr></thead>'
        "<tbody>{body}</tbody>"
        '<tfoot><tr><th scope="row">All days</th><td>{n}</td><td>{k}</td><td>{pct}</td></tr>'
        "</tfoot></table>",
        period=_period(rows),
        body=body,
        n=total,
        k=right,
        pct=_percent(right / total),
    )
