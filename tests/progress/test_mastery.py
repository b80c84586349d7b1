"""The mastery rule: last five attempts per type, levels by mean score, topics weighted."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta, timezone
from types import SimpleNamespace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quizapp.progress.mastery import (
    MASTERED_FROM,
    MASTERED_MIN_RIGHT,
    MASTERY_RULE_TEXT,
    PRACTISING_FROM,
    WINDOW,
    AttemptRecord,
    MasteryLevel,
    as_utc,
    level_for,
    topic_mastery,
    type_mastery,
)

T0 = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)
TOPICS = {"entropy": "Entropy", "binary": "Binary cross-entropy", "concepts": "Concepts"}


def attempt(
    type_id: str = "entropy_bits",
    score: float = 1.0,
    minute: int = 0,
    *,
    correct: bool | None = None,
    topic: str = "entropy",
) -> AttemptRecord:
    """An attempt ``minute`` minutes after T0; right exactly when the score is 1 unless told."""
    return AttemptRecord(
        type_id=type_id,
        topic=topic,
        correct=score == 1.0 if correct is None else correct,
        score=score,
        diagnosis=None,
        hints_used=0,
        time_taken_ms=10_000,
        created_at=T0 + timedelta(minutes=minute),
    )


def history(scores, type_id="entropy_bits", topic="entropy", start=0, correct=None):
    """Attempts with these scores, one a minute, oldest first."""
    return [
        attempt(
            type_id,
            s,
            start + i,
            topic=topic,
            correct=None if correct is None else correct[i],
        )
        for i, s in enumerate(scores)
    ]


# ---------------------------------------------------------------- per type


def test_no_attempts_gives_no_types_and_every_topic_not_started():
    assert type_mastery([]) == {}
    rows = topic_mastery([], TOPICS)
    assert [r.topic for r in rows] == list(TOPICS)
    assert [r.title for r in rows] == list(TOPICS.values())
    for row in rows:
        assert row.level is MasteryLevel.NOT_STARTED
        assert (row.score, row.attempts, row.recent_correct, row.types_practised) == (0.0, 0, 0, ())


@pytest.mark.parametrize(
    ("scores", "correct", "level", "score"),
    [
        ([0.0, 0.0, 1.0], None, MasteryLevel.LEARNING, 1 / 3),
        ([0.4] * 5, [False] * 5, MasteryLevel.LEARNING, 0.4),
        ([0.0, 1.0], None, MasteryLevel.PRACTISING, 0.5),  # 0.5 is practising, not learning
        (
            [1.0, 1.0, 0.0, 0.0, 0.9],
            [True, True, False, False, True],
            MasteryLevel.PRACTISING,
            0.58,
        ),
        # 0.8 exactly, 3 right: mastered.
        ([1.0, 1.0, 1.0, 0.5, 0.5], [True, True, True, False, False], MasteryLevel.MASTERED, 0.8),
        # 0.8 exactly but only 2 right: not yet.
        (
            [1.0, 1.0, 0.6, 0.6, 0.8],
            [True, True, False, False, False],
            MasteryLevel.PRACTISING,
            0.8,
        ),
        ([1.0, 1.0], None, MasteryLevel.PRACTISING, 1.0),  # perfect but too few answers
        ([1.0, 1.0, 1.0], None, MasteryLevel.MASTERED, 1.0),
        ([0.8] * 5, [True] * 5, MasteryLevel.MASTERED, 0.8),  # partial credit marked right
    ],
)
def test_type_level_from_the_recent_mean_score_and_right_answers(scores, correct, level, score):
    (result,) = type_mastery(history(scores, correct=correct)).values()
    assert result.level is level
    assert result.score == pytest.approx(score, abs=1e-12)
    assert result.recent == len(scores)


def test_only_the_last_five_attempts_count():
    """Two early mistakes stop mattering after five right answers."""
    (result,) = type_mastery(history([0.0, 0.0, 1, 1, 1, 1, 1])).values()
    assert (result.level, result.score) == (MasteryLevel.MASTERED, 1.0)
    assert (result.attempts, result.recent, result.recent_correct) == (7, WINDOW, 5)
    assert result.last_attempt_at == T0 + timedelta(minutes=6)


def test_level_falls_again_after_new_mistakes():
    scores = [1.0] * 5 + [0.0] * 3  # window: 1, 1, 0, 0, 0
    (result,) = type_mastery(history(scores)).values()
    assert result.score == pytest.approx(0.4)
    assert result.level is MasteryLevel.LEARNING


def test_the_window_is_chosen_by_time_not_by_input_order():
    records = history([0.0, 0.0, 1, 1, 1, 1, 1])
    random.Random(3).shuffle(records)
    (result,) = type_mastery(records).values()
    assert result.score == 1.0


def test_types_are_kept_apart_and_sorted_by_id():
    records = history([1, 1, 1], "zeta_type") + history([0.0], "alpha_type", start=10)
    result = type_mastery(records)
    assert list(result) == ["alpha_type", "zeta_type"]
    assert result["alpha_type"].level is MasteryLevel.LEARNING
    assert result["zeta_type"].level is MasteryLevel.MASTERED


@pytest.mark.parametrize(
    ("score", "right", "recent", "level"),
    [
        (0.0, 0, 0, MasteryLevel.NOT_STARTED),
        (0.499999, 0, 5, MasteryLevel.LEARNING),
        (PRACTISING_FROM, 0, 5, MasteryLevel.PRACTISING),
        (0.799999, 5, 5, MasteryLevel.PRACTISING),
        (MASTERED_FROM, MASTERED_MIN_RIGHT - 1, 5, MasteryLevel.PRACTISING),
        (MASTERED_FROM, MASTERED_MIN_RIGHT, 5, MasteryLevel.MASTERED),
    ],
)
def test_level_for_thresholds(score, right, recent, level):
    assert level_for(score, right, recent) is level


# ---------------------------------------------------------------- per topic


def test_topic_score_weights_each_type_by_its_recent_attempts():
    """5 perfect answers to one type and 1 wrong to another: 5/6, not the unweighted 1/2."""
    records = history([1] * 5, "entropy_bits") + history([0.0], "entropy_nats", start=10)
    entropy = topic_mastery(records, TOPICS)[0]
    assert entropy.score == pytest.approx(5 / 6)
    assert entropy.level is MasteryLevel.MASTERED
    assert entropy.types_practised == ("entropy_bits", "entropy_nats")
    assert (entropy.attempts, entropy.recent_correct) == (6, 5)


def test_topic_weights_are_capped_at_the_window():
    """Ten right answers weigh like five: (5·1 + 2·0.25) / 7."""
    records = history([1] * 10, "entropy_bits") + history(
        [0.25, 0.25], "entropy_nats", start=20, correct=[False, False]
    )
    entropy = topic_mastery(records, TOPICS)[0]
    assert entropy.score == pytest.approx(5.5 / 7)
    assert entropy.level is MasteryLevel.PRACTISING
    assert entropy.attempts == 12


def test_topic_needs_three_right_answers_to_be_mastered():
    records = history([1, 1], "bce_panda", topic="binary")
    binary = topic_mastery(records, TOPICS)[1]
    assert (binary.topic, binary.score, binary.level) == ("binary", 1.0, MasteryLevel.PRACTISING)


def test_topics_follow_the_given_order_and_unknown_topics_come_last():
    records = (
        history([1.0], "old_type", topic="retired")
        + history([0.0], "bce_panda", topic="binary", start=5)
        + history([1.0, 1.0, 1.0], "entropy_bits", start=10)
    )
    rows = topic_mastery(records, TOPICS)
    assert [(r.topic, r.title, r.level) for r in rows] == [
        ("entropy", "Entropy", MasteryLevel.MASTERED),
        ("binary", "Binary cross-entropy", MasteryLevel.LEARNING),
        ("concepts", "Concepts", MasteryLevel.NOT_STARTED),
        ("retired", "retired", MasteryLevel.PRACTISING),
    ]


def test_iterables_are_accepted_once():
    """A generator (e.g. rows streamed from a query) is read only once and fully."""
    records = history([1, 1, 1])
    assert topic_mastery((r for r in records), TOPICS)[0].level is MasteryLevel.MASTERED
    assert type_mastery(r for r in records)["entropy_bits"].attempts == 3


# ---------------------------------------------------------------- the explanation


def test_rule_text_states_the_numbers_the_code_uses():
    assert f"last {WINDOW} answers" in MASTERY_RULE_TEXT
    assert f"{PRACTISING_FROM:.0%}".replace("%", " %") in MASTERY_RULE_TEXT
    assert f"{MASTERED_FROM:.0%}".replace("%", " %") in MASTERY_RULE_TEXT
    assert f"at least {MASTERED_MIN_RIGHT} of those {WINDOW}" in MASTERY_RULE_TEXT
    for level in MasteryLevel:
        assert level.value in MASTERY_RULE_TEXT


def test_level_slug_is_usable_in_a_class_name():
    assert MasteryLevel.NOT_STARTED.slug == "not-started"
    assert str(MasteryLevel.MASTERED) == "mastered"


# ---------------------------------------------------------------- the record


def test_record_converts_created_at_to_utc():
    paris = timezone(timedelta(hours=1))
    record = AttemptRecord(
        "t", "x", True, 1.0, None, 0, None, datetime(2025, 3, 1, 0, 30, tzinfo=paris)
    )
    assert record.created_at == datetime(2025, 2, 28, 23, 30, tzinfo=UTC)
    assert record.created_at.tzinfo is UTC


@pytest.mark.parametrize(
    ("changes", "match"),
    [
        ({"created_at": datetime(2025, 3, 1)}, "naive"),
        ({"score": 1.5}, "score must be a number from 0 to 1"),
        ({"score": float("nan")}, "score must be"),
        ({"hints_used": -1}, "hints_used"),
        ({"time_taken_ms": -5}, "time_taken_ms"),
        ({"type_id": ""}, "type_id"),
        ({"topic": ""}, "topic"),
    ],
)
def test_record_rejects_bad_values_with_a_clear_message(changes, match):
    fields = {
        "type_id": "t",
        "topic": "x",
        "correct": True,
        "score": 1.0,
        "diagnosis": None,
        "hints_used": 0,
        "time_taken_ms": 100,
        "created_at": T0,
    } | changes
    with pytest.raises(ValueError, match=match):
        AttemptRecord(**fields)


def test_as_utc_refuses_what_is_not_a_datetime():
    with pytest.raises(TypeError, match="now must be a datetime"):
        as_utc("2025-03-01", "now")


@pytest.mark.parametrize(("claimed", "expected"), [(["ce_vs_entropy"], True), (None, False)])
def test_record_from_a_row_like_object(claimed, expected):
    row = SimpleNamespace(
        type_id="explain_entropy",
        correct=1,
        score=0.75,
        diagnosis=None,
        hints_used=None,
        time_taken_ms=52_000,
        created_at=T0,
        self_assessed=claimed,
    )
    record = AttemptRecord.from_row(row, topic="concepts")
    assert record == AttemptRecord(
        "explain_entropy", "concepts", True, 0.75, None, 0, 52_000, T0, self_assessed=expected
    )


# ---------------------------------------------------------------- properties

records_strategy = st.lists(
    st.builds(
        lambda type_id, score, correct, minute: attempt(
            type_id, score, minute, correct=correct, topic=type_id.split("_")[0]
        ),
        st.sampled_from(["entropy_a", "entropy_b", "binary_a", "concepts_a", "other_a"]),
        st.floats(0.0, 1.0),
        st.booleans(),
        st.integers(0, 10_000),
    ),
    max_size=40,
)


@settings(max_examples=150, deadline=None)
@given(records_strategy)
def test_scores_stay_in_range_and_levels_follow_the_rule(records):
    types = type_mastery(records)
    for result in types.values():
        assert 0.0 <= result.score <= 1.0
        assert 1 <= result.recent <= min(WINDOW, result.attempts)
        assert result.level is level_for(result.score, result.recent_correct, result.recent)
        assert result.level is not MasteryLevel.NOT_STARTED
    rows = topic_mastery(records, TOPICS)
    assert sum(row.attempts for row in rows) == len(records)
    for row in rows:
        assert 0.0 <= row.score <= 1.0
        assert (row.level is MasteryLevel.NOT_STARTED) == (row.attempts == 0)
        if row.level is MasteryLevel.MASTERED:
            assert row.score >= MASTERED_FROM and row.recent_correct >= MASTERED_MIN_RIGHT
        # The topic score lies between its types' scores (it is a weighted mean of them).
        if row.types_practised:
            scores = [types[t].score for t in row.types_practised]
            assert min(scores) - 1e-9 <= row.score <= max(scores) + 1e-9


@pytest.mark.parametrize(
    ("changes", "match"),
    [({"score": 1.5}, "score must be"), ({"created_at": datetime(2025, 3, 1)}, "naive")],
)
def test_record_from_a_row_is_checked_like_a_new_record(changes, match):
    fields = {
        "type_id": "explain_entropy",
        "correct": True,
        "score": 0.75,
        "diagnosis": None,
        "hints_used": 0,
        "time_taken_ms": None,
        "created_at": T0,
    } | changes
    with pytest.raises(ValueError, match=match):
        AttemptRecord.from_row(SimpleNamespace(**fields), topic="concepts")


def test_record_from_a_row_is_in_utc_frozen_and_hashable():
    moment = datetime(2025, 3, 1, 10, 0, tzinfo=timezone(timedelta(hours=1)))
    row = SimpleNamespace(
        type_id="a",
        correct=True,
        score=1.0,
        diagnosis=None,
        hints_used=0,
        time_taken_ms=None,
        created_at=moment,
    )
    record = AttemptRecord.from_row(row, topic="t")
    assert record.created_at == T0 and record.created_at.tzinfo is UTC
    assert hash(record) == hash(AttemptRecord("a", "t", True, 1.0, None, 0, None, T0))
    with pytest.raises(AttributeError):
        record.score = 0.5
