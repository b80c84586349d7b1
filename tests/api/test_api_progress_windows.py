"""The API's mastery reads each type's newest WINDOW attempts on an index: the same figures
as mastery over the learner's whole history, ties at a window's edge included."""

from datetime import timedelta

from api_support import make_user
from support import insert_answered

from quizapp.engine.questions import TOPICS, registry
from quizapp.extensions import db
from quizapp.models import Attempt, utcnow
from quizapp.progress.mastery import WINDOW, AttemptRecord, topic_mastery
from quizapp.services.progress import RETIRED_TOPIC
from quizapp.services.progress_report import progress_report


def add_attempts(app, user_id, rows):
    """``rows`` of (type id, minutes ago, score) as attempts of ``user_id``."""
    now = utcnow()
    moments = [(type_id, now - timedelta(minutes=ago), score, None) for type_id, ago, score in rows]
    insert_answered(app, user_id, moments)


def mastery_over_everything(app, user_id):
    """The reference: ``topic_mastery`` given every attempt, oldest first (ties by id)."""
    types = registry()
    with app.app_context():
        rows = db.session.scalars(
            db.select(Attempt)
            .where(Attempt.user_id == user_id)
            .order_by(Attempt.created_at, Attempt.id)
        ).all()
        records = [
            AttemptRecord.from_row(
                row, topic=types[row.type_id].topic if row.type_id in types else RETIRED_TOPIC
            )
            for row in rows
        ]
    return topic_mastery(records, TOPICS)


def test_mastery_windows_match_mastery_over_the_whole_history(app, user_id):
    # ce_one_hot: 13 attempts, the oldest ones wrong; five made at one moment, with
    # different scores, are the 4th-8th newest, so the window's edge runs through them and
    # the id decides which two are in it.
    one_hot = [("ce_one_hot", 100 - n, 0.0) for n in range(5)]
    one_hot += [("ce_one_hot", 50, score) for score in (0.0, 0.25, 0.5, 0.75, 1.0)]
    one_hot += [("ce_one_hot", 10 - n, 1.0 if n % 2 else 0.5) for n in range(WINDOW - 2)]
    # entropy: fewer attempts than a window; a retired type: more than a window.
    entropy = [("entropy", 30 + n, 1.0) for n in range(WINDOW - 2)]
    retired = [("gone_type", 200 - n, 0.75 if n > 3 else 0.0) for n in range(WINDOW + 3)]
    add_attempts(app, user_id, one_hot + entropy + retired)
    # Someone else's newer attempts of the same type count for nobody but them.
    add_attempts(app, make_user(app, "other@example.com"), [("ce_one_hot", 1, 0.0)] * 4)

    with app.test_request_context():
        report = progress_report(user_id)
    expected = mastery_over_everything(app, user_id)
    assert report.topics == expected
    by_topic = {row.topic: row for row in report.topics}
    assert by_topic[RETIRED_TOPIC].attempts == WINDOW + 3
    assert by_topic["categorical"].attempts == 10 + WINDOW - 2
    assert by_topic["entropy"].attempts == WINDOW - 2
