"""A small class with hand-made attempts on an assignment, for the results tests (the
service, the pages, the browser).

The figures every test asserts are computed by hand from the table in ``build_class``'s
docstring; nothing here computes a result.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from set_items import FORMULA_CORE, LOG_BASE_2, TEMPLATE
from sqlalchemy import insert
from support import add_user

from quizapp.extensions import db
from quizapp.models import Attempt, ServedQuestion, User
from quizapp.models.assignment import Assignment, AssignmentRecipient
from quizapp.models.classroom import ClassMember
from quizapp.services import classes, question_sets

FORMULA = {
    **FORMULA_CORE,
    "mistakes": [LOG_BASE_2],
    "tests": [{"answer": "-log2({q})", "expect": "log_base_2"}],
}
CHOICE = {
    "id": "pick",
    "kind": "choice",
    "title": "Pick the loss",
    "prompt": "Which loss fits a multi-class problem with one label per example?",
    "options": [
        {"id": "a", "text": "Categorical cross-entropy", "correct": True},
        {"id": "b", "text": "Mean squared error", "feedback": "MSE is for regression."},
        {
            "id": "c",
            "text": "The sum of the per-class losses over the batch",
            "code": "mean_vs_sum",
            "feedback": "The loss of a batch is the mean, not the sum.",
        },
    ],
}
START = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
LEARNERS = ("Ann", "Ben", "Cat", "Dan", "Eve", "Fay", "Gil")
T, F, C = TEMPLATE["id"], FORMULA["id"], CHOICE["id"]


@dataclass
class World:
    """Ids of what ``build_class`` made."""

    class_id: int
    version_id: int
    owner_id: int
    learners: dict[str, int]
    assignments: dict[str, int] = field(default_factory=dict)
    times: dict[str, datetime] = field(default_factory=dict)  # name → their latest attempt


class AttemptWriter:
    """Attempts (with their served rows) straight into the database, one minute apart."""

    def __init__(self, version_id: int) -> None:
        self.version_id = version_id
        self.served: list[dict] = []
        self.attempts: list[dict] = []
        self.moment = START

    def add(self, user_id, assignment_id, item_id, score, correct, diagnosis=None, raw="0.5"):
        self.moment += timedelta(minutes=1)
        token = f"t{len(self.served)}-{user_id}-{assignment_id}"
        type_id = TEMPLATE["type"] if item_id == T else "authored"
        common = {"type_id": type_id, "seed": 7, "difficulty": 1, "params": {}, "user_id": user_id}
        self.served.append(
            {
                **common,
                "token": token,
                "served_at": self.moment,
                "answered_at": self.moment,
                "set_version_id": self.version_id,
                "item_id": item_id,
                "assignment_id": assignment_id,
            }
        )
        self.attempts.append(
            {
                **common,
                "served_token": token,
                "raw_answer": raw,
                "correct": correct,
                "score": score,
                "diagnosis": diagnosis,
                "hints_used": 0,
                "created_at": self.moment,
                "set_version_id": self.version_id,
                "item_id": item_id,
                "assignment_id": assignment_id,
            }
        )
        return self.moment

    def write(self) -> None:
        """Two executemany inserts (Core), like a bulk load."""
        with db.engine.begin() as connection:
            if self.served:
                connection.execute(insert(ServedQuestion), self.served)
                connection.execute(insert(Attempt), self.attempts)
        self.served, self.attempts = [], []


def add_assignment(class_id, version_id, title, policy="practice", recipients=(), **extra) -> int:
    """An assignment row (and its recipients) straight in the database; its id."""
    assignment = Assignment(
        class_id=class_id,
        set_version_id=version_id,
        title=title,
        attempts_policy=policy,
        **extra,
    )
    db.session.add(assignment)
    db.session.flush()
    for user_id in recipients:
        db.session.add(AssignmentRecipient(assignment_id=assignment.id, user_id=user_id))
    db.session.commit()
    return assignment.id


def build_class(owner_email: str) -> World:
    """Seven learners (Ann … Gil, made in that order), three items (template T, formula F,
    choice C), one "practice" assignment A1 and a remedial "once" A2 for Cat and Dan.

    Attempts on A1 in time order (score, correct, diagnosis, raw answer):

    ======  =================================================================
    Ann     T (0, ✗, log_base_2, "1.2"), T (1, ✓), F (1, ✓), C (1, ✓)
    Ben     T (1, ✓), F (0, ✗, log_base_2, "0.51"), C (1, ✓)
    Cat     T (0.75, ✓), F (0, ✗, log_base_2, "0.7"), F (1, ✓)
    Dan     T (0, ✗, sign_dropped, "-0.357"), T (0, ✗, sign_dropped, "-0.36")
    Eve     C (0, ✗, chose_b, "b"), F (0.4, ✗), C (1, ✓)
    Fay     (nothing)
    Gil     T (1, ✓), F (1, ✓), C (0, ✗, mean_vs_sum, "c")
    ======  =================================================================

    Not counted: Hal (not in the class) and the owner answering A1, Ann's attempt outside
    any assignment. On A2: Cat T (1, ✓); Dan T (0, ✗, sign_dropped, "-1").
    """
    owner = db.session.execute(db.select(User).filter_by(email=owner_email)).scalar_one()
    owner_id = owner.id
    qset = question_sets.create_set(owner, "Losses")
    for item in (TEMPLATE, FORMULA, CHOICE):
        question_sets.save_item(qset, copy.deepcopy(item))
    version_id = question_sets.publish(qset).id
    klass = classes.create_class(db.session.get(User, owner_id), "Losses, autumn")
    learners = {}
    for name in LEARNERS:
        learners[name] = add_user(f"{name.lower()}@example.com", "learner", name)
        db.session.add(ClassMember(class_id=klass.id, user_id=learners[name], role="learner"))
    hal = add_user("hal@example.com", "learner", "Hal")
    db.session.commit()
    world = World(klass.id, version_id, owner_id, learners)
    a1 = add_assignment(klass.id, version_id, "Week 1")
    a2 = add_assignment(
        klass.id,
        version_id,
        "Practise: sign dropped",
        policy="once",
        recipients=(learners["Cat"], learners["Dan"]),
        remedial_code="sign_dropped",
    )
    world.assignments = {"A1": a1, "A2": a2}
    w = AttemptWriter(version_id)
    ids = learners
    plan = {
        "Ann": [(T, 0, False, "log_base_2", "1.2"), (T, 1, True), (F, 1, True), (C, 1, True)],
        "Ben": [(T, 1, True), (F, 0, False, "log_base_2", "0.51"), (C, 1, True)],
        "Cat": [(T, 0.75, True), (F, 0, False, "log_base_2", "0.7"), (F, 1, True)],
        "Dan": [(T, 0, False, "sign_dropped", "-0.357"), (T, 0, False, "sign_dropped", "-0.36")],
        "Eve": [(C, 0, False, "chose_b", "b"), (F, 0.4, False), (C, 1, True, None, "a")],
        "Gil": [(T, 1, True), (F, 1, True), (C, 0, False, "mean_vs_sum", "c")],
    }
    for name, rows in plan.items():
        for row in rows:
            world.times[name] = w.add(ids[name], a1, *row)
    w.add(hal, a1, T, 0, False, "sign_dropped", "-9")
    w.add(owner_id, a1, F, 0, False, "log_base_2", "9")
    w.add(ids["Ann"], None, T, 0, False, "sign_dropped", "-2")
    world.times["Cat/A2"] = w.add(ids["Cat"], a2, T, 1, True)
    world.times["Dan/A2"] = w.add(ids["Dan"], a2, T, 0, False, "sign_dropped", "-1")
    w.write()
    return world
