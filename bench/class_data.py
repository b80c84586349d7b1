"""A class of many learners with attempts on one assignment, for timing the results pages.

An instructor's published set of three items (a template, a formula, a choice), a class
of the given learners and one "practice" assignment of that version; each learner
answers each item one to three times (seeded random scores, some named mistakes), the
served rows and attempts written with bulk Core inserts like ``scale_data``.
"""

from __future__ import annotations

import copy
import random
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import func, insert, literal, select, update

from quizapp.extensions import db
from quizapp.models import Attempt, ServedQuestion, User, utcnow
from quizapp.models.assignment import Assignment
from quizapp.models.classroom import ClassMember
from quizapp.services import classes, question_sets

ITEMS = (
    {
        "id": "one-hot",
        "kind": "template",
        "title": "Only the true class",
        "type": "ce_one_hot",
        "params": {"pred": [0.7, 0.2, 0.1], "target": 0, "unit": "nats"},
    },
    {
        "id": "ce-true-class",
        "kind": "formula",
        "title": "Cross-entropy of the true class",
        "prompt": "The model gives the true class \\(q = {q}\\). What is the loss, in nats?",
        "variables": {"q": {"range": [0.05, 0.95], "step": 0.05}},
        "answer": "-ln(q)",
        "unit": "nats",
        "mistakes": [
            {"answer": "-log2(q)", "code": "log_base_2", "message": "You used log base 2."}
        ],
        "tests": [{"answer": "-log2({q})", "expect": "log_base_2"}],
    },
    {
        "id": "pick",
        "kind": "choice",
        "title": "Pick the loss",
        "prompt": "Which loss fits a multi-class problem with one label per example?",
        "options": [
            {"id": "a", "text": "Categorical cross-entropy", "correct": True},
            {"id": "b", "text": "Mean squared error", "feedback": "MSE is for regression."},
        ],
    },
)
MISTAKES = {"one-hot": "sign_dropped", "ce-true-class": "log_base_2", "pick": "chose_b"}


@dataclass(frozen=True)
class SeededClass:
    owner_id: int
    class_id: int
    assignment_id: int
    attempts: int


def seed_class(owner_id: int, learner_ids: list[int], seed: int = 1) -> SeededClass:
    """The set, class, assignment and attempts above, owned by ``owner_id`` (made an
    instructor); call inside an app context."""
    rng = random.Random(seed)
    db.session.execute(update(User).where(User.id == owner_id).values(role="instructor"))
    owner = db.session.get(User, owner_id)
    qset = question_sets.create_set(owner, "Losses (bench)")
    for item in ITEMS:
        question_sets.save_item(qset, copy.deepcopy(item))
    version_id = question_sets.publish(qset).id
    klass = classes.create_class(db.session.get(User, owner_id), "Bench class")
    assignment = Assignment(
        class_id=klass.id, set_version_id=version_id, title="Week 1", created_by=owner_id
    )
    db.session.add(assignment)
    db.session.commit()
    class_id, assignment_id = klass.id, assignment.id
    served, attempts = [], []
    moment = utcnow() - timedelta(days=3)
    for user_id in learner_ids:
        for item in ITEMS:
            for _try in range(rng.randint(1, 3)):
                moment += timedelta(seconds=7)
                right = rng.random() < 0.6
                token = f"cls{class_id}-{len(served)}"
                common = {
                    "type_id": item["type"] if item["kind"] == "template" else "authored",
                    "seed": rng.randrange(2**32),
                    "difficulty": 1,
                    "params": {},
                    "user_id": user_id,
                    "set_version_id": version_id,
                    "item_id": item["id"],
                    "assignment_id": assignment_id,
                }
                served.append(
                    {**common, "token": token, "served_at": moment, "answered_at": moment}
                )
                attempts.append(
                    {
                        **common,
                        "served_token": token,
                        "raw_answer": "0.5",
                        "correct": right,
                        "score": 1.0 if right else rng.choice((0.0, 0.4)),
                        "diagnosis": None if right or rng.random() < 0.5 else MISTAKES[item["id"]],
                        "hints_used": 0,
                        "created_at": moment,
                    }
                )
    with db.engine.begin() as connection:
        connection.execute(
            insert(ClassMember),
            [{"class_id": class_id, "user_id": u, "role": "learner"} for u in learner_ids],
        )
        connection.execute(insert(ServedQuestion), served)
        connection.execute(insert(Attempt), attempts)
    return SeededClass(owner_id, class_id, assignment_id, len(attempts))


def add_assignments(group: SeededClass, count: int) -> int:
    """``count`` more "practice" assignments of the class's version, each answered as the
    first was (its served rows and attempts copied, in bulk): a term's worth, for timing
    the class page. The number of attempts the class's assignments now have."""
    first = db.session.get(Assignment, group.assignment_id)
    for number in range(2, count + 2):
        assignment = Assignment(
            class_id=group.class_id,
            set_version_id=first.set_version_id,
            title=f"Week {number}",
            created_by=group.owner_id,
        )
        db.session.add(assignment)
        db.session.flush()
        suffix = f"-w{number}"
        for table, token in ((ServedQuestion, "token"), (Attempt, "served_token")):
            columns = [
                c.name for c in table.__table__.columns if c.name not in ("id", "assignment_id")
            ]
            values = [
                getattr(table, name) + suffix if name == token else getattr(table, name)
                for name in columns
            ]
            source = select(*values, literal(assignment.id)).where(
                table.assignment_id == group.assignment_id
            )
            db.session.execute(insert(table).from_select([*columns, "assignment_id"], source))
    db.session.commit()
    # Counted, not summed from rowcount: psycopg's is -1 for an INSERT ... SELECT here.
    assigned = select(Assignment.id).where(Assignment.class_id == group.class_id)
    return db.session.execute(
        select(func.count()).select_from(Attempt).where(Attempt.assignment_id.in_(assigned))
    ).scalar_one()
