"""The rows of the dashboard's three long tables, as markup built in Python.

Rendered by Jinja, the rows of "Mastery by topic", "Mastery of each kind of question" and
"Recent answers" cost a third of the page's template (an attribute lookup, a filter call
and an escape for every cell of some 50 rows). Here each row is one f-string: every piece
of text goes through ``escape`` (titles may be an instructor's words), numbers go in as
we format them. Each function gives what the template's loop printed, but for the
whitespace between the table's tags, which a browser does not show
(tests/dashboard/test_dashboard_snapshot.py compares the page that way).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

from flask import url_for
from markupsafe import Markup, escape

from quizapp.dashboard.presenting import day_time, percent
from quizapp.progress.mastery import MasteryLevel, TopicMastery, TypeMastery
from quizapp.rendering.question_pages import diagnosis_name
from quizapp.services.progress import RecentAttempt

#: Each level's cell, as ``<span class="level level-{slug}">{Label}</span>``.
_LEVEL_CELLS = {
    level: f'<span class="level level-{escape(level.slug)}">{escape(level.value.capitalize())}'
    "</span>"
    for level in MasteryLevel
}


def topic_rows(topics: Iterable[TopicMastery]) -> Markup:
    """The rows of "Mastery by topic": level, recent score (a meter) and answers."""
    rows = []
    for t in topics:
        if t.attempts:
            score = (
                '<meter class="score-meter" min="0" max="1" low="0.5" high="0.8" optimum="1" '
                f'value="{t.score}" aria-hidden="true"></meter> {escape(percent(t.score))}'
            )
        else:
            score = '<span class="muted">–</span>'
        rows.append(
            f'<tr><th scope="row">{escape(t.title)}</th><td>{_LEVEL_CELLS[t.level]}</td>'
            f'<td>{score}</td><td class="num">{t.attempts}</td></tr>\n'
        )
    return Markup("".join(rows))


def type_rows(types: Mapping[str, TypeMastery], title_of: Callable[[str], str]) -> Markup:
    """The rows of "Mastery of each kind of question", each titled by ``title_of(type id)``."""
    rows = []
    for type_id, m in types.items():
        rows.append(
            f'<tr><th scope="row">{escape(title_of(type_id))}</th>'
            f"<td>{_LEVEL_CELLS[m.level]}</td>"
            f"<td>{m.recent_correct} of {m.recent} right, {escape(percent(m.score))}</td>"
            f'<td class="num">{m.attempts}</td></tr>\n'
        )
    return Markup("".join(rows))


def recent_rows(recent: Iterable[RecentAttempt]) -> Markup:
    """The rows of "Recent answers": when, the question (a link to it again), the result
    (with a partial score and the try that got it right) and the mistake named."""
    rows = []
    for a in recent:
        if a.correct:
            result = '<span class="result result-right">Right</span>'
        else:
            result = '<span class="result result-wrong">Wrong</span>'
            if a.score > 0:
                result += f' <span class="muted small">({escape(percent(a.score))})</span>'
        if a.right_on_try:
            result += f' <span class="muted small">· right on try {a.right_on_try}</span>'
        href = escape(url_for("dashboard.attempt", attempt_id=a.id))
        rows.append(
            f'<tr><td><time datetime="{escape(a.created_at.isoformat())}">'
            f"{escape(day_time(a.created_at))}</time></td>"
            f'<th scope="row"><a href="{href}">{escape(a.title)}</a></th>'
            f"<td>{result}</td><td>{escape(diagnosis_name(a.diagnosis) or '–')}</td></tr>\n"
        )
    return Markup("".join(rows))
