"""Dashboard statistics (days, streaks, misconceptions, totals) and the interview summary."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quizapp.progress.mastery import AttemptRecord
from quizapp.progress.stats import (
    DEFAULT_SLOW_MS,
    INTERVIEW_SLOW_MS,
    DayAccuracy,
    MisconceptionCount,
    RoundQuestion,
    Streaks,
    Summary,
    accuracy_by_day,
    round_summary,
    streaks,
    summary,
    top_misconceptions,
)

NOW = datetime(2025, 3, 10, 15, 0, tzinfo=UTC)
TODAY = date(2025, 3, 10)


def attempt(
    when: datetime,
    correct: bool = True,
    *,
    type_id: str = "entropy_bits",
    score: float | None = None,
    diagnosis: str | None = None,
    time_ms: int | None = 10_000,
) -> AttemptRecord:
    return AttemptRecord(
        type_id=type_id,
        topic="entropy",
        correct=correct,
        score=(1.0 if correct else 0.0) if score is None else score,
        diagnosis=diagnosis,
        hints_used=0,
        time_taken_ms=time_ms,
        created_at=when,
    )


def on(day: date, hour: int = 12, **kwargs) -> AttemptRecord:
    """An attempt at ``hour`` UTC on ``day``."""
    return attempt(datetime(day.year, day.month, day.day, hour, tzinfo=UTC), **kwargs)


def days_ago(n: int) -> date:
    return TODAY - timedelta(days=n)


# ---------------------------------------------------------------- accuracy by day


def test_accuracy_by_day_is_zero_filled_oldest_first():
    records = [
        on(TODAY, 9),
        on(TODAY, 10, correct=False),
        on(TODAY, 11),
        on(days_ago(2), correct=False),
        on(days_ago(7)),  # outside a 7-day window (today and the 6 days before)
    ]
    rows = accuracy_by_day(records, 7, now=NOW)
    assert rows == [
        DayAccuracy(days_ago(6), 0, 0, None),
        DayAccuracy(days_ago(5), 0, 0, None),
        DayAccuracy(days_ago(4), 0, 0, None),
        DayAccuracy(days_ago(3), 0, 0, None),
        DayAccuracy(days_ago(2), 1, 0, 0.0),
        DayAccuracy(days_ago(1), 0, 0, None),
        DayAccuracy(TODAY, 3, 2, pytest.approx(2 / 3)),
    ]


def test_accuracy_by_day_defaults_to_thirty_days():
    rows = accuracy_by_day([], now=NOW)
    assert len(rows) == 30
    assert (rows[0].day, rows[-1].day) == (days_ago(29), TODAY)
    assert all(row.attempts == 0 and row.accuracy is None for row in rows)


def test_days_are_utc_days():
    """23:30 in UTC−5 on the 9th is 04:30 UTC on the 10th: it counts for the 10th."""
    new_york = timezone(timedelta(hours=-5))
    records = [attempt(datetime(2025, 3, 9, 23, 30, tzinfo=new_york))]
    rows = accuracy_by_day(records, 2, now=NOW.astimezone(new_york))
    assert [(row.day, row.attempts) for row in rows] == [(days_ago(1), 0), (TODAY, 1)]


def test_attempts_after_now_are_left_out():
    rows = accuracy_by_day([on(TODAY + timedelta(days=1))], 3, now=NOW)
    assert sum(row.attempts for row in rows) == 0


@pytest.mark.parametrize("days", [0, -3])
def test_accuracy_by_day_needs_a_positive_window(days):
    with pytest.raises(ValueError, match="days must be 1 or more"):
        accuracy_by_day([], days, now=NOW)


def test_accuracy_by_day_refuses_a_naive_now():
    with pytest.raises(ValueError, match="naive"):
        accuracy_by_day([], now=datetime(2025, 3, 10))


# ---------------------------------------------------------------- streaks


@pytest.mark.parametrize(
    ("ago", "expected"),
    [
        ([], Streaks(0, 0)),
        ([0], Streaks(1, 1)),
        ([0, 1, 2], Streaks(3, 3)),
        ([1, 2], Streaks(2, 2)),  # nothing today yet: the streak is still alive
        ([2, 3], Streaks(0, 2)),  # yesterday missed: broken
        ([0, 1, 5, 6, 7, 8], Streaks(2, 4)),
        ([0, 0, 0, 1], Streaks(2, 2)),  # several answers a day count once
        ([-1, 0], Streaks(1, 1)),  # tomorrow's (clock skew) is ignored
    ],
)
def test_streaks(ago, expected):
    assert streaks([on(days_ago(n)) for n in ago], NOW) == expected


def test_a_streak_counts_utc_days_even_across_midnight():
    records = [attempt(datetime(2025, 3, 9, 23, 59, tzinfo=UTC)), attempt(NOW.replace(hour=0))]
    assert streaks(records, NOW) == Streaks(2, 2)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.integers(-3, 60), max_size=40))
def test_streaks_never_exceed_the_distinct_days(ago):
    result = streaks([on(days_ago(n)) for n in ago], NOW)
    distinct_past_days = len({n for n in ago if n >= 0})
    assert 0 <= result.current <= result.longest <= distinct_past_days
    assert (result.longest == 0) == (distinct_past_days == 0)


# ---------------------------------------------------------------- misconceptions


def test_top_misconceptions_counts_codes_and_names_the_type_most_seen():
    records = [
        on(TODAY, diagnosis="log_base_2", type_id="entropy_bits", correct=False),
        on(TODAY, diagnosis="log_base_2", type_id="surprisal_panda", correct=False),
        on(TODAY, diagnosis="log_base_2", type_id="surprisal_panda", correct=False),
        on(TODAY, diagnosis="sign_dropped", type_id="bce_panda", correct=False),
        on(TODAY, diagnosis="mean_vs_sum", type_id="batch_loss", correct=False),
        on(TODAY, diagnosis="mean_vs_sum", type_id="batch_loss", correct=False),
        on(TODAY, diagnosis=None, correct=False),
        on(TODAY),
    ]
    assert top_misconceptions(records) == [
        MisconceptionCount("log_base_2", 3, "surprisal_panda"),
        MisconceptionCount("mean_vs_sum", 2, "batch_loss"),
        MisconceptionCount("sign_dropped", 1, "bce_panda"),
    ]
    assert top_misconceptions(records, limit=1) == [
        MisconceptionCount("log_base_2", 3, "surprisal_panda")
    ]
    assert top_misconceptions(records, limit=0) == []


def test_misconception_ties_are_broken_by_code_then_type_id():
    records = [
        on(TODAY, diagnosis="wrong_class", type_id="zeta", correct=False),
        on(TODAY, diagnosis="wrong_class", type_id="alpha", correct=False),
        on(TODAY, diagnosis="no_softmax", type_id="logits", correct=False),
    ]
    rows = top_misconceptions(records)
    assert [row.code for row in rows] == ["wrong_class", "no_softmax"]
    assert rows[0].type_id == "alpha"


def test_no_misconceptions_without_diagnoses():
    assert top_misconceptions([on(TODAY), on(TODAY, correct=False)]) == []


def test_misconceptions_limit_must_not_be_negative():
    with pytest.raises(ValueError, match="limit"):
        top_misconceptions([], limit=-1)


# ---------------------------------------------------------------- summary


def test_summary_of_attempts():
    records = [on(TODAY), on(TODAY, correct=False), on(TODAY, correct=False, score=0.5), on(TODAY)]
    assert summary(records) == Summary(4, 2, 0.5, pytest.approx(0.625))


def test_summary_of_nothing_has_no_rates():
    assert summary([]) == Summary(0, 0, None, None)
    assert summary(iter([])) == Summary(0, 0, None, None)


# ---------------------------------------------------------------- interview round

PLAN = ["entropy_bits", "bce_panda", "model_choice", "explain_ce", "entropy_bits"]
KINDS = {
    "entropy_bits": "numeric",
    "bce_panda": "numeric",
    "model_choice": "choice",
    "explain_ce": "explain",
}


def minute(n: int) -> datetime:
    return NOW + timedelta(minutes=n)


def test_round_summary_scores_times_misconceptions_and_what_to_review():
    records = [
        attempt(minute(0), type_id="entropy_bits", time_ms=40_000),
        attempt(minute(1), False, type_id="bce_panda", diagnosis="sign_dropped", time_ms=30_000),
        attempt(minute(2), type_id="model_choice", time_ms=45_000),  # right but slow (> 30 s)
        attempt(minute(3), False, type_id="explain_ce", score=0.5, diagnosis="key_points_missed"),
        # the second entropy_bits question was never answered (time ran out)
    ]
    result = round_summary(records, PLAN, kinds=KINDS)
    assert result.questions == (
        RoundQuestion(1, "entropy_bits", True, True, 1.0, 40_000, None, False),
        RoundQuestion(2, "bce_panda", True, False, 0.0, 30_000, "sign_dropped", False),
        RoundQuestion(3, "model_choice", True, True, 1.0, 45_000, None, True),
        RoundQuestion(4, "explain_ce", True, False, 0.5, 10_000, "key_points_missed", False),
        RoundQuestion(5, "entropy_bits", False, False, 0.0, None, None, False),
    )
    assert (result.planned, result.answered, result.correct) == (5, 4, 2)
    assert result.score == 2.5
    assert result.total_time_ms == 125_000
    assert result.misconceptions == (("sign_dropped", 1), ("key_points_missed", 1))
    # Wrong first (plan order), then unanswered, then slow.
    assert result.review_next == ("bce_panda", "explain_ce", "entropy_bits", "model_choice")


def test_repeated_types_are_matched_to_the_plan_in_time_order():
    records = [
        attempt(minute(5), False, type_id="entropy_bits", diagnosis="log_base_2"),
        attempt(minute(0), type_id="entropy_bits"),
    ]
    result = round_summary(records, ["entropy_bits", "entropy_bits"])
    assert [(q.position, q.correct) for q in result.questions] == [(1, True), (2, False)]
    assert result.review_next == ("entropy_bits",)  # listed once


def test_slow_answers_are_listed_slowest_first_and_kind_decides_slowness():
    records = [
        attempt(minute(0), type_id="a", time_ms=DEFAULT_SLOW_MS + 1),
        attempt(minute(1), type_id="b", time_ms=DEFAULT_SLOW_MS + 5_000),
        attempt(minute(2), type_id="c", time_ms=DEFAULT_SLOW_MS),  # at the limit: not slow
        attempt(minute(3), type_id="d", time_ms=INTERVIEW_SLOW_MS["explain"] + 1),
        attempt(minute(4), False, type_id="e", time_ms=10**7),  # wrong, not "slow"
    ]
    result = round_summary(records, ["a", "b", "c", "d", "e"], kinds={"d": "explain"})
    assert [q.slow for q in result.questions] == [True, True, False, True, False]
    assert result.review_next == ("e", "b", "a", "d")


def test_a_perfect_fast_round_has_nothing_to_review():
    records = [attempt(minute(i), type_id=t) for i, t in enumerate(PLAN)]
    result = round_summary(records, PLAN, kinds=KINDS)
    assert (result.correct, result.score, result.review_next, result.misconceptions) == (
        5,
        5.0,
        (),
        (),
    )


def test_an_empty_round():
    result = round_summary([], PLAN)
    assert (result.planned, result.answered, result.score, result.total_time_ms) == (5, 0, 0.0, 0)
    assert result.review_next == ("entropy_bits", "bce_panda", "model_choice", "explain_ce")


def test_answers_outside_the_plan_are_an_error():
    with pytest.raises(ValueError, match="not in the round's plan: softmax_grad"):
        round_summary([attempt(NOW, type_id="softmax_grad")], PLAN)


def test_more_answers_than_planned_are_an_error():
    records = [attempt(minute(i), type_id="bce_panda") for i in range(2)]
    with pytest.raises(ValueError, match="more answers than planned questions for: bce_panda"):
        round_summary(records, PLAN)
