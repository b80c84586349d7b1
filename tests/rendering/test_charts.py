"""The accuracy chart (server-made SVG) and its table alternative."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import UTC, date, datetime, timedelta
from html.parser import HTMLParser

import pytest
from markupsafe import Markup

from quizapp.progress.mastery import AttemptRecord
from quizapp.progress.stats import accuracy_by_day
from quizapp.rendering.charts import NO_ANSWERS_TEXT, accuracy_chart_svg, accuracy_table_html

SVG = "{http://www.w3.org/2000/svg}"
D = date(2025, 3, 10)
# Four days: 3 of 4 right, nothing, 0 of 2 right, 5 of 5 right.
POINTS = [
    (D - timedelta(days=3), 4, 3, 0.75),
    (D - timedelta(days=2), 0, 0, None),
    (D - timedelta(days=1), 2, 0, 0.0),
    (D, 5, 5, 1.0),
]


def parse_svg(markup: Markup) -> ET.Element:
    """The chart as XML; parsing fails on anything unescaped or unbalanced."""
    return ET.fromstring(str(markup))


def texts(root: ET.Element, cls: str) -> list[str]:
    return [el.text for el in root.iter(f"{SVG}text") if cls in el.get("class", "").split()]


# ---------------------------------------------------------------- the SVG chart


def test_chart_is_an_accessible_image_with_a_summary():
    root = parse_svg(accuracy_chart_svg(POINTS))
    assert root.get("role") == "img"
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    assert title.text == "Share of right answers per day, 7 Mar 2025 to 10 Mar 2025"
    assert desc.text == (
        "11 answers on 3 of 4 days, 8 right (73\u00a0%). "
        "Best day 10 Mar: 100\u00a0% of 5 answers; weakest day 9 Mar: 0\u00a0% of 2 answers. "
        "Latest day with answers, 10 Mar: 5 of 5 right."
    )


def test_chart_has_percent_and_day_axes():
    root = parse_svg(accuracy_chart_svg(POINTS))
    assert texts(root, "tick-y") == [f"{v}\u00a0%" for v in (0, 25, 50, 75, 100)]
    assert texts(root, "tick-x") == ["7 Mar", "8 Mar", "9 Mar", "10 Mar"]
    assert texts(root, "axis-label") == ["Day (UTC)"]


def test_bars_are_as_tall_as_the_share_right():
    """The plot is 200 px high: 75 % → 150 px, 0 % → 0 px (with a dot), 100 % → 200 px."""
    root = parse_svg(accuracy_chart_svg(POINTS))
    bars = [el for el in root.iter(f"{SVG}rect") if el.get("class") == "bar"]
    assert [float(bar.get("height")) for bar in bars] == [150.0, 0.0, 200.0]
    assert len([el for el in root.iter(f"{SVG}circle") if el.get("class") == "point"]) == 3
    tips = [g.find(f"{SVG}title").text for g in root.iter(f"{SVG}g") if g.get("class") == "day"]
    assert tips == [
        "7 Mar 2025: 3 of 4 right (75\u00a0%)",
        "9 Mar 2025: 0 of 2 right (0\u00a0%)",
        "10 Mar 2025: 5 of 5 right (100\u00a0%)",
    ]


def test_chart_obeys_a_strict_content_security_policy():
    markup = str(accuracy_chart_svg(POINTS))
    assert "style=" not in markup
    assert "<script" not in markup
    assert not re.search(r"\son\w+=", markup)


def test_thirty_days_get_a_readable_number_of_labels_ending_today():
    now = datetime(2025, 3, 10, 12, tzinfo=UTC)
    records = [
        AttemptRecord("t", "x", True, 1.0, None, 0, None, now - timedelta(days=n))
        for n in (0, 3, 20)
    ]
    root = parse_svg(accuracy_chart_svg(accuracy_by_day(records, 30, now=now)))
    labels = texts(root, "tick-x")
    assert labels == ["13 Feb", "18 Feb", "23 Feb", "28 Feb", "5 Mar", "10 Mar"]


def test_charts_of_different_data_have_different_ids():
    first = parse_svg(accuracy_chart_svg(POINTS))
    second = parse_svg(accuracy_chart_svg(POINTS[:1]))
    assert first.find(f"{SVG}title").get("id") != second.find(f"{SVG}title").get("id")


def test_a_single_day_chart():
    root = parse_svg(accuracy_chart_svg([(D, 1, 1, 1.0)]))
    assert root.find(f"{SVG}title").text == "Share of right answers per day, 10 Mar 2025"
    assert root.find(f"{SVG}desc").text == (
        "1 answer on 1 of 1 days, 1 right (100\u00a0%). "
        "Latest day with answers, 10 Mar: 1 of 1 right."
    )


@pytest.mark.parametrize("points", [[], [(D, 0, 0, None), (D + timedelta(days=1), 0, 0, None)]])
def test_no_answers_yet(points):
    expected = f'<p class="chart-empty">{NO_ANSWERS_TEXT}</p>'
    assert NO_ANSWERS_TEXT == "No answers yet."
    assert accuracy_chart_svg(points) == Markup(expected)
    assert accuracy_table_html(points) == Markup(expected)


@pytest.mark.parametrize(
    ("point", "match"),
    [
        ((D, 2, 3, 1.5), "need 0 ≤ correct ≤ attempts"),
        ((D, 2, -1, None), "need 0 ≤ correct ≤ attempts"),
        (("2025-03-10", 1, 1, 1.0), "day must be a date"),
    ],
)
def test_impossible_points_are_refused(point, match):
    with pytest.raises(ValueError, match=match):
        accuracy_chart_svg([point])
    with pytest.raises(ValueError, match=match):
        accuracy_table_html([point])


# ---------------------------------------------------------------- the table


class TableReader(HTMLParser):
    """Collects each cell as (tag, scope, text) per row, plus the caption."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[tuple[str, str | None, str]]] = []
        self.caption = ""
        self._cell: list | None = None
        self._in_caption = False

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self.rows.append([])
        elif tag in ("th", "td"):
            self._cell = [tag, dict(attrs).get("scope"), ""]
        elif tag == "caption":
            self._in_caption = True

    def handle_endtag(self, tag):
        if tag in ("th", "td"):
            self.rows[-1].append(tuple(self._cell))
            self._cell = None
        elif tag == "caption":
            self._in_caption = False

    def handle_data(self, data):
        if self._cell is not None:
            self._cell[2] += data
        elif self._in_caption:
            self.caption += data


def test_table_lists_the_days_with_answers_and_a_total():
    reader = TableReader()
    reader.feed(str(accuracy_table_html(POINTS)))
    assert reader.caption == (
        "Right answers per day, 7 Mar 2025 to 10 Mar 2025 (days without answers are left out)"
    )
    assert reader.rows == [
        [
            ("th", "col", "Day"),
            ("th", "col", "Answers"),
            ("th", "col", "Right"),
            ("th", "col", "Share right"),
        ],
        [
            ("th", "row", "7 Mar 2025"),
            ("td", None, "4"),
            ("td", None, "3"),
            ("td", None, "75\u00a0%"),
        ],
        [
            ("th", "row", "9 Mar 2025"),
            ("td", None, "2"),
            ("td", None, "0"),
            ("td", None, "0\u00a0%"),
        ],
        [
            ("th", "row", "10 Mar 2025"),
            ("td", None, "5"),
            ("td", None, "5"),
            ("td", None, "100\u00a0%"),
        ],
        [
            ("th", "row", "All days"),
            ("td", None, "11"),
            ("td", None, "8"),
            ("td", None, "73\u00a0%"),
        ],
    ]


def test_table_marks_days_up_as_machine_readable_dates():
    html = str(accuracy_table_html(POINTS))
    assert '<time datetime="2025-03-07">7 Mar 2025</time>' in html
    assert "style=" not in html
    assert isinstance(accuracy_table_html(POINTS), Markup)


def test_percentages_round_half_up():
    """1 of 8 is 12.5 %: shown as 13 %, not banker's-rounded to 12 %."""
    assert "13\u00a0%" in str(accuracy_table_html([(D, 8, 1, 0.125)]))


def test_table_and_chart_agree_with_accuracy_by_day():
    now = datetime(2025, 3, 10, 12, tzinfo=UTC)
    records = [
        AttemptRecord("t", "x", n % 2 == 0, 1.0 if n % 2 == 0 else 0.0, None, 0, None, now)
        for n in range(3)
    ]
    points = accuracy_by_day(records, 7, now=now)
    assert "2 of 3 right (67\u00a0%)" in str(accuracy_chart_svg(points))
    assert "<td>3</td><td>2</td><td>67\u00a0%</td>" in str(accuracy_table_html(points))
