"""The results cost a fixed number of SELECTs, however many learners, items and attempts.

Two classes in one database, 20 and 200 learners, each with a 30-item assignment answered
by everyone (bulk-inserted with Core): the service functions and the pages must run the
same small number of SELECTs for both. A query per learner, item or attempt fails here.
"""

from __future__ import annotations

import re

import pytest
from sqlalchemy import event, insert, text
from support import StatementLog

from quizapp.extensions import db
from quizapp.models import Attempt, ServedQuestion, User, utcnow
from quizapp.models.assignment import Assignment
from quizapp.models.classroom import Class, ClassMember
from quizapp.models.question_set import QuestionSet, SetVersion
from quizapp.services.class_results import assignment_results, class_results

ITEMS = 30
TYPES = ("ce_one_hot", "entropy", "surprisal")


def bulk_class(owner_id: int, learners: int, tag: str) -> tuple[int, int]:
    """A class of ``learners`` with one 30-item assignment they all answered (some items
    twice, every third answer wrong with a diagnosis); its id and the assignment's."""
    now = utcnow()
    items = [
        {"id": f"q{n}", "kind": "template", "type": TYPES[n % len(TYPES)]} for n in range(ITEMS)
    ]
    qset = QuestionSet(owner_id=owner_id, title=f"Bulk {tag}")
    db.session.add(qset)
    db.session.flush()
    version = SetVersion(
        set_id=qset.id,
        number=1,
        data={"format": "quizapp-set/1", "title": f"Bulk {tag}", "items": items},
        status="published",
        published_at=now,
    )
    klass = Class(name=f"Class {tag}", owner_id=owner_id)
    db.session.add_all([version, klass])
    db.session.flush()
    assignment = Assignment(class_id=klass.id, set_version_id=version.id, title="Bulk")
    db.session.add(assignment)
    db.session.commit()
    ids = (klass.id, assignment.id, version.id)
    people = [
        {"email": f"{tag}-{n}@example.com", "display_name": f"L{n:03d}", "password_hash": "x"}
        for n in range(learners)
    ]
    with db.engine.begin() as connection:
        connection.execute(insert(User), people)
    user_ids = (
        db.session.execute(db.select(User.id).where(User.email.like(f"{tag}-%"))).scalars().all()
    )
    served, attempts = [], []
    for user_id in user_ids:
        for n, item in enumerate(items):
            for again in range(1 + (n + user_id) % 2):
                token = f"{tag}-{user_id}-{n}-{again}"
                wrong = (n + user_id + again) % 3 == 0
                common = {
                    "type_id": item["type"],
                    "seed": n,
                    "difficulty": 1,
                    "params": {},
                    "user_id": user_id,
                    "set_version_id": ids[2],
                    "item_id": item["id"],
                    "assignment_id": ids[1],
                }
                served.append({**common, "token": token, "served_at": now, "answered_at": now})
                attempts.append(
                    {
                        **common,
                        "served_token": token,
                        "raw_answer": "0.5",
                        "correct": not wrong,
                        "score": 0.0 if wrong else 1.0,
                        "diagnosis": ("sign_dropped", "log_base_2")[n % 2] if wrong else None,
                        "hints_used": 0,
                        "created_at": now,
                    }
                )
    with db.engine.begin() as connection:
        connection.execute(
            insert(ClassMember),
            [{"class_id": ids[0], "user_id": u, "role": "learner"} for u in user_ids],
        )
        connection.execute(insert(ServedQuestion), served)
        connection.execute(insert(Attempt), attempts)
    return ids[0], ids[1]


@pytest.fixture
def two_classes(app, people):
    with app.app_context():
        owner_id = people["owner"]
        return {size: bulk_class(owner_id, size, f"c{size}") for size in (20, 200)}


def selects_of(app, call) -> int:
    with app.app_context():
        with StatementLog(app) as log:
            call()
        return len(log.selects)


def test_the_services_cost_the_same_few_selects_for_20_and_200_learners(app, two_classes):
    costs = {}
    for size, (class_id, assignment_id) in two_classes.items():
        with app.app_context():
            klass = db.session.get(Class, class_id)
            assignment = db.session.get(Assignment, assignment_id)
            with StatementLog(app) as log:
                found = assignment_results(assignment)
            assert len(found.learners) == size and len(found.items) == ITEMS
            assert found.items[0].misconceptions  # the figures really were computed
            with StatementLog(app) as class_log:
                whole = class_results(klass)
            assert len(whole.learners) == size and whole.misconceptions.codes
        costs[size] = (len(log.selects), len(class_log.selects))
    assert costs[20] == costs[200], costs
    assignment_cost, class_cost = costs[200]
    assert assignment_cost <= 5 and class_cost <= 5, costs


def test_the_pages_cost_the_same_few_selects_for_20_and_200_learners(app, as_, two_classes):
    owner = as_("owner")
    costs = {}
    for size, (class_id, assignment_id) in two_classes.items():
        with StatementLog(app) as log:
            assert owner.get(f"/instructor/classes/{class_id}/results").status_code == 200
        with StatementLog(app) as item_log:
            page = owner.get(f"/instructor/classes/{class_id}/results/{assignment_id}")
            assert page.status_code == 200
        assert len(re.findall(r'<th scope="row">L\d{3}</th>', page.data.decode())) == size
        costs[size] = (len(log.selects), len(item_log.selects))
    assert costs[20] == costs[200], costs
    assert max(costs[200]) <= 9, costs


COVERING = "ix_attempt_assignment_covering"


class _Reads:
    """The SELECTs of the attempt table run inside ``with``, with their parameters, so
    that each can be EXPLAINed as it ran (a listener on the real engine)."""

    def __init__(self, app):
        self.app = app
        self.found: list[tuple[str, object]] = []

    def _statement(self, _conn, _cursor, statement, parameters, *_args) -> None:
        if re.search(r"\bFROM attempt\b", statement):
            self.found.append((statement, parameters))

    def __enter__(self):
        with self.app.app_context():
            self.engine = db.engine
        event.listen(self.engine, "before_cursor_execute", self._statement)
        return self

    def __exit__(self, *_exc) -> None:
        event.remove(self.engine, "before_cursor_execute", self._statement)


def _plan(connection, statement: str, parameters) -> str:
    if connection.dialect.name == "sqlite":
        rows = connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters).all()
        return "\n".join(row[-1] for row in rows)
    # On tables this small PostgreSQL would rather read them whole: forbid that, so the
    # plan shows which index it can answer from.
    connection.execute(text("SET LOCAL enable_seqscan = off"))
    connection.execute(text("SET LOCAL enable_bitmapscan = off"))
    return "\n".join(connection.exec_driver_sql(f"EXPLAIN {statement}", parameters).scalars())


def test_the_results_read_an_assignments_attempts_from_its_covering_index(app, two_classes):
    """Unassigned attempts are most of the table and not in the partial index (migration
    0013); every read of assigned ones uses it alone, but the examples' raw answers, read
    by id. Before it, SQLite's statistics sent the misconception map over the table."""
    class_id, assignment_id = two_classes[20]
    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as c:
                c.execute(text("VACUUM ANALYZE attempt"))
        with _Reads(app) as reads:
            assignment_results(db.session.get(Assignment, assignment_id))
            class_results(db.session.get(Class, class_id))
        # The assignment page's rows and examples; the class page's totals per item and
        # misconception counts, grouped by the database.
        assert len(reads.found) == 4, reads.found
        sqlite = db.engine.dialect.name == "sqlite"
        for statement, parameters in reads.found:
            plan = _plan(db.session.connection(), statement, parameters)
            db.session.rollback()
            if sqlite:
                lines = [line for line in plan.splitlines() if re.search(r"\battempt\b", line)]
                alone = f"USING COVERING INDEX {COVERING}"
                by_id = "USING INTEGER PRIMARY KEY"
            else:
                lines = [line for line in plan.splitlines() if re.search(r" on attempt\b", line)]
                alone = f"Index Only Scan using {COVERING}"
                by_id = "using pk_attempt"
            # The examples' answers are not in the index: read by id, a few rows.
            expected = by_id if "raw_answer" in statement else alone
            assert lines and all(expected in line for line in lines), (statement, plan)
