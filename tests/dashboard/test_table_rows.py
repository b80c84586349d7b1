"""The dashboard's long tables are built in Python: every text in them is escaped."""

from __future__ import annotations

from datetime import UTC, datetime

from quizapp.dashboard.table_rows import recent_rows, topic_rows, type_rows
from quizapp.progress.mastery import MasteryLevel, TopicMastery, TypeMastery
from quizapp.services.progress import RecentAttempt

PAYLOAD = "<script>alert('x')</script>&"
ESCAPED = "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;"
WHEN = datetime(2026, 3, 10, 15, 30, tzinfo=UTC)


def test_titles_and_names_are_escaped(app):
    with app.test_request_context("/progress/"):
        recent = recent_rows([RecentAttempt(7, "x", PAYLOAD, False, 0.5, PAYLOAD, WHEN, 2)])
    topics = topic_rows([TopicMastery(PAYLOAD, PAYLOAD, MasteryLevel.LEARNING, 0.25, 3, 0, ("x",))])
    types = type_rows(
        {PAYLOAD: TypeMastery(PAYLOAD, "t", MasteryLevel.MASTERED, 1.0, 9, 5, 5, WHEN)}, str
    )
    for markup in (recent, topics, types):
        assert "<script>" not in markup and ESCAPED in markup
    assert 'href="/progress/attempt/7"' in recent and "right on try 2" in recent
    assert "(50\u00a0%)" in recent
