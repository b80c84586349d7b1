"""The dashboard's one-pass tally gives exactly what the per-record statistics give.

The dashboard used to hand AttemptRecords of its latest attempts to each statistic; it now
counts them once (``progress.tally``) and hands the counts to the statistics' ``…_of_counts``
and ``…_of_windows`` forms. On any history, in the newest-first order the database gives,
both ways must agree to the last bit, ties in time included.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from quizapp.progress.mastery import (
    AttemptRecord,
    topic_mastery,
    topic_mastery_of_windows,
    type_mastery,
    type_mastery_of_windows,
)
from quizapp.progress.stats import (
    accuracy_by_day,
    accuracy_by_day_of_counts,
    streaks,
    streaks_of_days,
    summary,
    top_misconceptions,
    top_misconceptions_of_counts,
)
from quizapp.progress.tally import StampDays, tally

NOW = datetime(2026, 3, 10, 15, 30, tzinfo=UTC)
TOPICS = {"entropy": "Entropy", "binary": "Binary", "concepts": "Concepts"}
TYPES = ["entropy_a", "entropy_b", "binary_a", "concepts_a", "other_a", "other_b"]

#: Days with answers: runs, gaps, the edges of the 30-day chart, and tomorrow (a skewed clock).
DAYS_AGO = [-1, 0, 1, 2, 4, 5, 6, 9, 28, 29, 30, 31, 40]
#: (attempt id, record); two moments a day, so times often tie.
history_strategy = st.lists(
    st.tuples(
        st.sampled_from(TYPES),
        st.sampled_from([0.0, 0.1, 0.25, 0.3, 0.5, 0.7, 0.8, 0.9, 1.0]) | st.floats(0.0, 1.0),
        st.booleans(),
        st.sampled_from([None, None, "log_base_2", "sign_dropped", "wrong_class"]),
        st.tuples(st.sampled_from(DAYS_AGO), st.sampled_from([0, 700])).map(
            lambda d: d[0] * 1440 + d[1]
        ),
    ),
    max_size=150,
).map(
    lambda rows: [
        (
            number,
            AttemptRecord(
                type_id,
                type_id.split("_")[0],
                correct,
                score,
                diagnosis,
                0,
                None,
                NOW - timedelta(minutes=minutes),
            ),
        )
        for number, (type_id, score, correct, diagnosis, minutes) in enumerate(rows, 1)
    ]
)


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(history_strategy)
def test_the_tally_agrees_with_the_per_record_statistics(history):
    # Newest first, ties by the higher id first: the order of the dashboard's query.
    newest_first = [
        record for _id, record in sorted(history, key=lambda h: (h[1].created_at, h[0]))[::-1]
    ]
    counted = tally(
        ((r.type_id, r.correct, r.score, r.diagnosis, r.created_at) for r in newest_first),
        lambda type_id: type_id.split("_")[0],
        lambda stamp: stamp,
        StampDays(datetime.date, lambda day: day),  # UTC datetimes as stamps
    )
    assert type_mastery_of_windows(counted.windows) == type_mastery(newest_first)
    assert topic_mastery_of_windows(counted.windows, TOPICS) == topic_mastery(newest_first, TOPICS)
    assert accuracy_by_day_of_counts(counted.days, 30, now=NOW) == accuracy_by_day(
        newest_first, 30, now=NOW
    )
    assert streaks_of_days(counted.days, NOW) == streaks(newest_first, NOW)
    assert top_misconceptions_of_counts(counted.mistakes, 5) == top_misconceptions(newest_first, 5)
    assert counted.summary == summary(newest_first)
