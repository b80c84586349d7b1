"""A class with known attempts for the tests of exports (CSV downloads and the JSON API).

Attempts are written straight into the database with fixed times, so each test can say
exactly which rows and values an export must hold. Who is who:

- ``owner`` owns the class "Losses, autumn"; ``co`` is its co-instructor; ``other`` is an
  instructor with a class of her own; ``admin`` is an admin.
- ``ann``, ``bob`` and ``cat`` are its learners (cat has no attempts); bob's display name
  is a spreadsheet formula. ``olly`` is a learner outside the class.

The class has two assignments of one published set of two items.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from set_items import FORMULA_CORE
from support import add_user, sign_in

from quizapp.extensions import db
from quizapp.models import Attempt, ServedQuestion, User
from quizapp.models.assignment import Assignment
from quizapp.models.classroom import Class, ClassMember
from quizapp.models.question_set import SetVersion
from quizapp.services import question_sets

T0 = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
WEEK2_DUE = datetime(2026, 12, 7, 17, 0, tzinfo=UTC)
FORMULA_ITEM = FORMULA_CORE
TEMPLATE_ITEM = {
    "id": "one-hot",
    "kind": "template",
    "title": "+Only the true class",  # an author's title can look like a formula too
    "type": "ce_one_hot",
    "params": {"pred": [0.7, 0.2, 0.1], "target": 0, "unit": "nats"},
}
PEOPLE = {
    "owner": ("owen@example.com", "instructor", "Owen"),
    "co": ("cora@example.com", "instructor", "Cora"),
    "other": ("olga@example.com", "instructor", "Olga"),
    "admin": ("ada@example.com", "admin", "Ada"),
    "ann": ("ann@example.com", "learner", "Ann"),
    "bob": ("bob@example.com", "learner", '=HYPERLINK("http://x.example","Bob")'),
    "cat": ("cat@example.com", "learner", "Cat"),
    "olly": ("olly@example.com", "learner", "Olly"),
}


@dataclass(frozen=True)
class ClassWorld:
    """The ids of everything ``build_class_world`` made."""

    users: dict[str, int]
    class_id: int
    week1_id: int  # assignment "-Week 1" (its title starts with a minus)
    week2_id: int  # assignment "Week 2", due WEEK2_DUE
    other_class_id: int
    version_id: int
    attempt_ids: dict[str, int]  # name → id, for the attempts that belong in the exports


def client_as(app, who: str | None):
    """A new client signed in as ``who`` (a key of PEOPLE); None: anonymous."""
    client = app.test_client()
    if who is not None:
        sign_in(client, PEOPLE[who][0])
    return client


def download(client, url: str) -> tuple[list[str], list[dict[str, str]]]:
    """GET a CSV download; its header and rows (as dicts), read with the csv module."""
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    assert response.mimetype == "text/csv" and response.is_streamed
    assert response.headers["Content-Disposition"].startswith('attachment; filename="class-')
    text = response.get_data(as_text=True)
    response.close()
    header, *rows = list(csv.reader(io.StringIO(text, newline="")))
    return header, [dict(zip(header, row, strict=True)) for row in rows]


def add_attempt(
    user_id: int,
    *,
    item_id: str,
    at: datetime,
    answer: str,
    correct: bool,
    score: float,
    assignment_id: int | None,
    version_id: int,
    diagnosis: str | None = None,
    hints_used: int = 0,
    time_taken_ms: int | None = None,
    seed: int = 7,
    type_id: str = "authored",
) -> int:
    """An answered question of ``user_id`` at ``at`` (inside an app context); its attempt id."""
    token = f"t-{user_id}-{item_id}-{at.timestamp():.0f}-{assignment_id}"
    common = {
        "type_id": type_id,
        "seed": seed,
        "difficulty": 1,
        "params": {"item": item_id},
        "user_id": user_id,
        "set_version_id": version_id,
        "item_id": item_id,
        "assignment_id": assignment_id,
    }
    db.session.add(ServedQuestion(token=token, served_at=at, answered_at=at, **common))
    db.session.flush()  # the attempt's foreign key needs the served question first
    attempt = Attempt(
        served_token=token,
        raw_answer=answer,
        correct=correct,
        score=score,
        diagnosis=diagnosis,
        hints_used=hints_used,
        time_taken_ms=time_taken_ms,
        created_at=at,
        **common,
    )
    db.session.add(attempt)
    db.session.commit()
    return attempt.id


def bulk_class_attempts(app, user_id: int, world: ClassWorld, count: int) -> None:
    """``count`` wrong answers of ``user_id`` at item ce-true-class of Week 2, in two
    executemany inserts, timed now: a long history, fast."""
    from sqlalchemy import insert

    served, attempts = [], []
    for n in range(count):
        common = {
            "type_id": "authored",
            "seed": n,
            "difficulty": 1,
            "params": {},
            "user_id": user_id,
            "item_id": "ce-true-class",
            "set_version_id": world.version_id,
            "assignment_id": world.week2_id,
        }
        token = f"bulk-{user_id}-{n}"
        served.append({**common, "token": token})
        attempts.append(
            {**common, "served_token": token, "raw_answer": "0.5", "correct": False, "score": 0.0}
        )
    with app.app_context(), db.engine.begin() as connection:
        connection.execute(insert(ServedQuestion), served)
        connection.execute(insert(Attempt), attempts)


def build_class_world(app) -> ClassWorld:
    """The class, its people, assignments and attempts described in the module docstring."""
    with app.app_context():
        users = {who: add_user(email, role, name) for who, (email, role, name) in PEOPLE.items()}
        owner = db.session.get(User, users["owner"])
        qset = question_sets.create_set(owner, "Losses", "A set for exports.")
        question_sets.save_item(qset, dict(FORMULA_ITEM))
        question_sets.save_item(qset, dict(TEMPLATE_ITEM))
        question_sets.publish(qset)
        version = db.session.execute(
            db.select(SetVersion).filter_by(set_id=qset.id, status="published")
        ).scalar_one()
        klass = Class(name="Losses, autumn", owner_id=users["owner"])
        other_class = Class(name="Olga's class", owner_id=users["other"])
        db.session.add_all([klass, other_class])
        db.session.flush()
        db.session.add(ClassMember(class_id=klass.id, user_id=users["co"], role="co-instructor"))
        for who in ("ann", "bob", "cat"):
            db.session.add(ClassMember(class_id=klass.id, user_id=users[who], role="learner"))
        db.session.add(ClassMember(class_id=other_class.id, user_id=users["ann"]))
        week1 = Assignment(class_id=klass.id, set_version_id=version.id, title="-Week 1")
        week2 = Assignment(
            class_id=klass.id, set_version_id=version.id, title="Week 2", due_at=WEEK2_DUE
        )
        elsewhere = Assignment(class_id=other_class.id, set_version_id=version.id, title="Hers")
        db.session.add_all([week1, week2, elsewhere])
        db.session.commit()
        ids = _attempts(users, week1.id, week2.id, elsewhere.id, version.id)
        return ClassWorld(
            users=users,
            class_id=klass.id,
            week1_id=week1.id,
            week2_id=week2.id,
            other_class_id=other_class.id,
            version_id=version.id,
            attempt_ids=ids,
        )


def _attempts(users, week1: int, week2: int, elsewhere: int, version: int) -> dict[str, int]:
    """Five attempts that belong to the class's exports, and four that must not show."""

    def at(minutes: int) -> datetime:
        return T0 + timedelta(minutes=minutes)

    ids = {
        "ann_1": add_attempt(
            users["ann"],
            item_id="ce-true-class",
            at=at(0),
            answer="0.357",
            correct=True,
            score=1.0,
            assignment_id=week1,
            version_id=version,
            time_taken_ms=41_000,
            seed=11,
        ),
        "bob_1": add_attempt(
            users["bob"],
            item_id="one-hot",
            at=at(5),
            answer="=1+1",
            correct=False,
            score=0.0,
            assignment_id=week1,
            version_id=version,
            diagnosis="log_base_2",
            hints_used=1,
            time_taken_ms=12_000,
            seed=22,
            type_id="ce_one_hot",
        ),
        "ann_2": add_attempt(
            users["ann"],
            item_id="ce-true-class",
            at=at(10),
            answer="-ln(0.7)",
            correct=True,
            score=1.0,
            assignment_id=week1,
            version_id=version,
            seed=12,
        ),
        "ann_3": add_attempt(
            users["ann"],
            item_id="one-hot",
            at=at(20),
            answer="@SUM(A1)",
            correct=False,
            score=0.5,
            assignment_id=week1,
            version_id=version,
            seed=13,
            type_id="ce_one_hot",
        ),
        "bob_2": add_attempt(
            users["bob"],
            item_id="ce-true-class",
            at=at(30),
            answer="0.36",
            correct=True,
            score=1.0,
            assignment_id=week2,
            version_id=version,
            seed=23,
        ),
    }
    # Not the class's: a learner of another class, no assignment, another class's
    # assignment, and the owner trying the assignment out.
    add_attempt(
        users["olly"],
        item_id="ce-true-class",
        at=at(1),
        answer="1",
        correct=False,
        score=0.0,
        assignment_id=week1,
        version_id=version,
    )
    add_attempt(
        users["ann"],
        item_id="ce-true-class",
        at=at(2),
        answer="1",
        correct=False,
        score=0.0,
        assignment_id=None,
        version_id=version,
    )
    add_attempt(
        users["ann"],
        item_id="ce-true-class",
        at=at(3),
        answer="1",
        correct=False,
        score=0.0,
        assignment_id=elsewhere,
        version_id=version,
    )
    add_attempt(
        users["owner"],
        item_id="ce-true-class",
        at=at(4),
        answer="1",
        correct=False,
        score=0.0,
        assignment_id=week1,
        version_id=version,
    )
    return ids
