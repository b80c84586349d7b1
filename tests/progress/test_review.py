"""Spaced review: ratings from graded answers, and FSRS due dates under a controlled clock."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone

import pytest
from fsrs import Rating, Scheduler, State

from quizapp.progress.review import (
    FAST_MS,
    MAXIMUM_INTERVAL_DAYS,
    ReviewCardError,
    due_at,
    due_count,
    due_types,
    load_card,
    rating_for,
    schedule,
)

NOW = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)


def review_sequence(ratings, start=NOW):
    """Review one card with each rating in turn, each time exactly when it falls due.

    Returns the (card JSON, due) after each review and the interval each review set.
    """
    card_json, when = None, start
    results, intervals = [], []
    for rating in ratings:
        card_json, due = schedule(card_json, rating, when)
        results.append((card_json, due))
        intervals.append(due - when)
        when = due
    return results, intervals


# ---------------------------------------------------------------- rating


@pytest.mark.parametrize(
    ("correct", "hints", "time_ms", "kind", "rating"),
    [
        (False, 0, 1_000, "numeric", Rating.Again),  # wrong, even if fast
        (False, 2, None, "choice", Rating.Again),
        (True, 1, 1_000, "numeric", Rating.Hard),  # a hint outweighs speed
        (True, 3, None, "explain", Rating.Hard),
        (True, 0, None, "numeric", Rating.Good),  # time unknown: no claim of speed
        (True, 0, 20_000, "numeric", Rating.Good),  # at the threshold is not below it
        (True, 0, 19_999, "numeric", Rating.Easy),
        (True, 0, 29_999, "vector", Rating.Easy),
        (True, 0, 30_000, "vector", Rating.Good),
        (True, 0, 7_999, "choice", Rating.Easy),
        (True, 0, 8_000, "choice", Rating.Good),
        (True, 0, 44_999, "explain", Rating.Easy),
        (True, 0, 45_000, "explain", Rating.Good),
        (True, 0, 0, "choice", Rating.Easy),
    ],
)
def test_rating_from_the_graded_result(correct, hints, time_ms, kind, rating):
    assert rating_for(correct, hints, time_ms, kind) is rating


def test_thresholds_cover_every_question_kind():
    from quizapp.engine.questions.base import KINDS

    assert set(FAST_MS) == set(KINDS)
    assert FAST_MS == {"numeric": 20_000, "vector": 30_000, "choice": 8_000, "explain": 45_000}


@pytest.mark.parametrize(
    ("args", "match"),
    [
        ((True, 0, 1000, "essay"), "kind must be one of numeric, vector, choice, explain"),
        ((True, -1, 1000, "numeric"), "hints_used"),
        ((True, 0, -1, "numeric"), "time_taken_ms"),
    ],
)
def test_rating_rejects_bad_input(args, match):
    with pytest.raises(ValueError, match=match):
        rating_for(*args)


# ---------------------------------------------------------------- scheduling


def test_a_wrong_answer_makes_a_new_type_due_within_a_day():
    card_json, due = schedule(None, Rating.Again, NOW)
    assert NOW < due <= NOW + timedelta(days=1)
    assert due == NOW + timedelta(minutes=1)  # FSRS's first learning step
    assert due_at(card_json) == due


def test_consecutive_good_answers_push_the_due_date_further_each_time():
    results, intervals = review_sequence([Rating.Good] * 5)
    assert all(later > earlier for earlier, later in zip(intervals, intervals[1:], strict=False))
    # Hand-checked against FSRS 6 default parameters, no fuzzing:
    # 10 minutes (learning step 2), then 2, 11, 46 and 163 days.
    assert intervals == [
        timedelta(minutes=10),
        timedelta(days=2),
        timedelta(days=11),
        timedelta(days=46),
        timedelta(days=163),
    ]
    assert load_card(results[-1][0]).state is State.Review


def test_consecutive_easy_answers_push_further_until_the_cap():
    _, intervals = review_sequence([Rating.Easy] * 4)
    assert intervals[0] >= timedelta(days=1)  # Easy graduates at once
    assert intervals[0] < intervals[1] < intervals[2]
    assert intervals[2] == intervals[3] == timedelta(days=MAXIMUM_INTERVAL_DAYS)


def test_easy_schedules_further_out_than_good_than_hard():
    due = {r: schedule(None, r, NOW)[1] for r in (Rating.Again, Rating.Hard, Rating.Good)}
    due[Rating.Easy] = schedule(None, Rating.Easy, NOW)[1]
    assert due[Rating.Again] < due[Rating.Hard] < due[Rating.Good] < due[Rating.Easy]


def test_again_resets_a_well_known_type_to_minutes():
    results, intervals = review_sequence([Rating.Good] * 4)
    card_json, when = results[-1]
    assert intervals[-1] == timedelta(days=46)
    lapsed_json, due = schedule(card_json, Rating.Again, when)
    assert due - when == timedelta(minutes=10)  # the relearning step
    assert load_card(lapsed_json).state is State.Relearning
    # Relearnt, it comes back sooner than before the lapse.
    _, next_due = schedule(lapsed_json, Rating.Good, due)
    assert timedelta(days=1) <= next_due - due < timedelta(days=46)


def test_same_answers_at_the_same_times_give_the_same_schedule():
    ratings = [Rating.Good, Rating.Again, Rating.Easy, Rating.Hard]
    first, _ = review_sequence(ratings)
    second, _ = review_sequence(ratings)
    assert first == second


def test_card_json_round_trips_and_never_reads_the_wall_clock():
    card_json, due = schedule(None, Rating.Good, NOW)
    stored = json.loads(card_json)
    assert stored["card_id"] == int(NOW.timestamp() * 1000)
    assert stored["last_review"] == NOW.isoformat()
    assert datetime.fromisoformat(stored["due"]) == due


def test_a_non_utc_clock_is_converted():
    tokyo = timezone(timedelta(hours=9))
    _, due = schedule(None, Rating.Again, NOW.astimezone(tokyo))
    assert due == NOW + timedelta(minutes=1)
    assert due.tzinfo is UTC


def test_a_naive_clock_is_refused():
    with pytest.raises(ValueError, match="naive"):
        schedule(None, Rating.Good, datetime(2025, 3, 1, 9))


@pytest.mark.parametrize("bad", ["not json", "{}", '{"card_id": 1}', "[1, 2]"])
def test_a_corrupt_stored_card_raises_a_clear_error(bad):
    with pytest.raises(ReviewCardError, match="not a valid FSRS card"):
        schedule(bad, Rating.Good, NOW)


def test_an_int_rating_is_accepted():
    assert schedule(None, 3, NOW) == schedule(None, Rating.Good, NOW)


def test_another_scheduler_can_be_passed():
    strict = Scheduler(enable_fuzzing=False, learning_steps=(timedelta(minutes=30),))
    _, due = schedule(None, Rating.Again, NOW, scheduler=strict)
    assert due == NOW + timedelta(minutes=30)


# ---------------------------------------------------------------- what is due


def test_due_types_lists_the_most_overdue_first_and_skips_the_rest():
    cards = {
        "entropy_bits": schedule(None, Rating.Again, NOW)[0],  # due 09:01
        "bce_panda": schedule(None, Rating.Hard, NOW)[0],  # due 09:05:30
        "kl_coin": schedule(None, Rating.Again, NOW - timedelta(hours=2))[0],  # due 07:01
        "softmax_grad": schedule(None, Rating.Easy, NOW)[0],  # due in days
    }
    later = NOW + timedelta(minutes=6)
    assert due_types(cards, later) == ["kl_coin", "entropy_bits", "bce_panda"]
    assert due_count(cards, later) == 3
    assert due_types(cards, NOW) == ["kl_coin"]
    assert due_count(cards, NOW + timedelta(days=30)) == 4


def test_a_card_due_exactly_now_is_due():
    cards = {"a": schedule(None, Rating.Again, NOW)[0]}
    assert due_types(cards, NOW + timedelta(minutes=1)) == ["a"]
    assert due_types(cards, NOW + timedelta(seconds=59)) == []


def test_ties_in_due_time_are_ordered_by_type_id():
    card_json = schedule(None, Rating.Again, NOW)[0]
    cards = {"zeta": card_json, "alpha": card_json, "mid": card_json}
    assert due_types(cards, NOW + timedelta(hours=1)) == ["alpha", "mid", "zeta"]


def test_nothing_is_due_without_cards():
    assert due_types({}, NOW) == []
    assert due_count({}, NOW) == 0
