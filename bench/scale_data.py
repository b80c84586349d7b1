"""Bulk-insert learners, served questions and attempts with Core executemany (for benches).

Rows are built as plain dicts and sent in large batches through ``insert()``, so a million
attempts take seconds per hundred thousand instead of an ORM flush per row. Every attempt
gets its served question (the foreign key requires it), at a real question type and seed.
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Mapping
from datetime import datetime, timedelta

from sqlalchemy import insert

from quizapp.engine.questions import registry
from quizapp.models import Attempt, ServedQuestion, User, utcnow

BATCH = 20_000
# Any hash will do: the benches never sign these learners in through the password form.
PASSWORD_HASH = "pbkdf2:sha256:1000$bench$0"
DIAGNOSES = (None, None, "log_base_2", "sign_dropped", "wrong_class", "mean_vs_sum")


def insert_users(connection, count: int, *, start: int = 0, prefix: str = "learner") -> list[int]:
    """Create ``count`` learners ``<prefix><n>@example.com``; their ids in order."""
    now = utcnow()
    rows = [
        {
            "email": f"{prefix}{start + n}@example.com",
            "display_name": f"Learner {start + n}",
            "password_hash": PASSWORD_HASH,
            "role": "learner",
            "created_at": now,
        }
        for n in range(count)
    ]
    for first in range(0, len(rows), BATCH):
        connection.execute(insert(User), rows[first : first + BATCH])
    emails = [row["email"] for row in rows]
    found = dict(
        connection.execute(
            User.__table__.select()
            .with_only_columns(User.email, User.id)
            .where(User.email.in_(emails[:1] + emails[-1:]))
        ).all()
    )
    first_id = found[emails[0]]
    return list(range(first_id, first_id + count))


def _attempt_rows(
    counts: Mapping[int, int], rng: random.Random, end: datetime, tag: str
) -> Iterator[tuple[dict, dict]]:
    """(served row, attempt row) pairs: ``counts[user]`` answers for each user, spread over
    60 days and written in time order, everyone's mixed, as learners answering day by day
    leave them. A learner's rows written together would sit on a few pages of the table,
    which made a history read through an index look several times cheaper than it is."""
    type_ids = list(registry())
    moments = sorted(
        (rng.randrange(60 * 86_400), user_id, n)
        for user_id, count in counts.items()
        for n in range(count)
    )
    for seconds_ago, user_id, n in reversed(moments):
        type_id = rng.choice(type_ids)
        created = end - timedelta(seconds=seconds_ago)
        correct = rng.random() < 0.6
        token = f"{tag}-{user_id}-{n}"
        common = {
            "token": token,
            "type_id": type_id,
            "seed": rng.randrange(2**32),
            "difficulty": 1 + n % 3,
            "params": {},
            "params_fixed": False,
            "user_id": user_id,
        }
        yield (
            {
                **common,
                "origin": "drawn",
                "hints_revealed": 0,
                "served_at": created - timedelta(seconds=30),
                "answered_at": created,
            },
            {
                **{k: v for k, v in common.items() if k != "token"},
                "served_token": token,
                "raw_answer": "0.357",
                "parsed_value": 0.357,
                "correct": correct,
                "score": 1.0 if correct else 0.0,
                "diagnosis": None if correct else rng.choice(DIAGNOSES),
                "hints_used": 0,
                "time_taken_ms": rng.randrange(2_000, 120_000),
                "created_at": created,
            },
        )


def insert_attempts(
    connection, counts: Mapping[int, int], *, seed: int = 1, tag: str = "bench"
) -> int:
    """``counts[user]`` answered questions for each user, in batches, oldest first; returns
    attempts written."""
    rng = random.Random(seed)
    served: list[dict] = []
    attempts: list[dict] = []
    written = 0
    for served_row, attempt_row in _attempt_rows(counts, rng, utcnow(), tag):
        served.append(served_row)
        attempts.append(attempt_row)
        if len(attempts) >= BATCH:
            written += _flush(connection, served, attempts)
    return written + _flush(connection, served, attempts)


def _flush(connection, served: list[dict], attempts: list[dict]) -> int:
    if not attempts:
        return 0
    connection.execute(insert(ServedQuestion), served)
    connection.execute(insert(Attempt), attempts)
    count = len(attempts)
    served.clear()
    attempts.clear()
    return count
