"""The saved state the fuzzers must not lose, and the tools to check it and put it back.

``build_world`` fills a migrated database with one of everything a person could lose: an
account of each role, answered questions, an interview round, a set with a published version
and a draft, a problem report, API tokens, a class with learners. ``snapshot`` reads every
row of every table; ``lost_or_changed`` compares two snapshots; ``restore`` puts a snapshot
back (rows of the tables in dependency order), so each fuzz example starts from the same world.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from set_items import FORMULA, TEMPLATE
from sqlalchemy import delete, insert, select, update
from support import ONE_HOT_PARAMS, add_user, sign_in

from quizapp.extensions import db
from quizapp.models import Attempt, User, utcnow
from quizapp.models.api_token import ApiToken
from quizapp.models.progress import InterviewRound, ReviewCard
from quizapp.models.question_set import ProblemReport, SetVersion
from quizapp.services import assignments, classes, question_sets

#: who → (email, role); the same people as tests/authz_table.py's roles.
PEOPLE = {
    "learner": ("lee@example.com", "learner"),
    "learner2": ("lena@example.com", "learner"),
    "instructor": ("owen@example.com", "instructor"),
    "instructor2": ("olga@example.com", "instructor"),
    "admin": ("ada@example.com", "admin"),
}

FORMULA = {**FORMULA, "tests": [{"answer": "{answer}", "expect": "correct"}]}
CHOICE = {
    "id": "which-loss",
    "kind": "choice",
    "title": "Which loss?",
    "prompt": "Which loss suits a multi-label task?",
    "options": [
        {"id": "bce", "text": "Binary cross-entropy per label", "correct": True},
        {"id": "softmax", "text": "Softmax cross-entropy", "feedback": "The labels compete."},
    ],
}


def build_world(app) -> dict[str, Any]:
    """Fill ``app``'s (migrated, empty) database; the values that URL rules need."""
    with app.app_context():
        ids = {who: add_user(email, role) for who, (email, role) in PEOPLE.items()}
        owner = db.session.get(User, ids["instructor"])
        qset = question_sets.create_set(owner, "Losses", "A set for **fuzzing**.")
        question_sets.save_item(qset, copy.deepcopy(FORMULA))
        question_sets.save_item(qset, copy.deepcopy(CHOICE))
        question_sets.publish(qset)
        question_sets.save_item(qset, copy.deepcopy(TEMPLATE))  # the draft, version 2
        set_id, share = qset.id, qset.share_token
        published = db.session.execute(
            select(SetVersion).filter_by(set_id=set_id, number=1)
        ).scalar_one()
        report = ProblemReport(
            reporter_id=ids["learner"],
            set_version_id=published.id,
            item_id=FORMULA["id"],
            seed=3,
            text="The unit is missing.",
        )
        db.session.add(report)
        secrets = {}
        for who, user_id in ids.items():
            token, secrets[who] = ApiToken.issue(user_id, "fuzz")
            db.session.add(token)
        db.session.commit()
        report_id = report.id
        klass = classes.create_class(owner, "Group A")
        for who in ("learner", "learner2"):
            classes.join(klass, db.session.get(User, ids[who]))
        classes.add_co_instructor(klass, PEOPLE["instructor2"][0])
        class_id, code = klass.id, klass.join_code
        assignment_id = assignments.create_assignment(klass, published, creator=owner).id

    learner = app.test_client()
    sign_in(learner, PEOPLE["learner"][0])
    fixed = "/practice/q/ce_one_hot?params=" + ONE_HOT_PARAMS
    answered = _answer(learner, _served(learner.get(fixed)), "0.357")
    _answer(learner, _served(learner.get(fixed)), "0.5")
    open_token = _served(learner.get(fixed))
    assert learner.post("/interview/start", data={"difficulty": "1"}).status_code == 303
    # Six figures: a short answer can be the drawn answer rounded, which is refused unrecorded.
    set_token = _answer(learner, _served(learner.post(f"/sets/{share}/start")), "9.87654")
    # A wrong choice on the class's assignment: a misconception on the results page.
    assigned = _answer(
        learner,
        _served(learner.post(f"/assignments/{assignment_id}/items/{CHOICE['id']}")),
        "softmax",
    )
    explain = _answer(
        learner,
        _served(learner.get("/practice/q/explain_why_log")),
        "The log turns a product of probabilities into a sum.",
    )

    with app.app_context():
        # Every kind of question the learner met is due for review now.
        db.session.execute(update(ReviewCard).values(due_at=utcnow() - timedelta(days=1)))
        db.session.commit()
        mine = ids["learner"]
        token_id = db.session.execute(select(ApiToken.id).filter_by(user_id=mine)).scalar_one()
        attempt_id = db.session.execute(
            select(Attempt.id).filter_by(served_token=answered)
        ).scalar_one()
        round_id = db.session.execute(
            select(InterviewRound.id).filter_by(user_id=mine)
        ).scalar_one()
    # URL converter name → the values worth trying in it (the page crawl tries each).
    values = {
        "user_id": [ids["learner2"], ids["instructor2"]],  # a learner, a co-instructor
        "token_id": [token_id],
        "attempt_id": [attempt_id],
        "round_id": [round_id],
        "token": [open_token, answered, set_token, explain, assigned],
        "type_id": ["ce_one_hot"],
        "share_token": [share],
        "set_id": [set_id],
        "item_id": [FORMULA["id"], CHOICE["id"], TEMPLATE["id"]],
        "report_id": [report_id],
        "class_id": [class_id],
        "assignment_id": [assignment_id],
        "code": [code],
        "fmt": ["yaml"],
        "filename": ["css/app.css"],
    }
    return {"ids": ids, "secrets": secrets, "values": values}


def _answer(client, token: str, answer: str) -> str:
    response = client.post(f"/practice/question/{token}", data={"answer": answer})
    assert response.status_code == 303, response.status_code
    return token


def _served(response) -> str:
    assert response.status_code == 303, response.status_code
    return response.headers["Location"].rsplit("/", 1)[-1]


Snapshot = dict[str, dict[tuple, dict[str, Any]]]


def snapshot() -> Snapshot:
    """Every row of every table, by primary key (inside an app context)."""
    rows: Snapshot = {}
    with db.engine.connect() as connection:
        for table in db.metadata.sorted_tables:
            keys = [column.name for column in table.primary_key.columns]
            rows[table.name] = {
                tuple(row[k] for k in keys): dict(row)
                for row in connection.execute(select(table)).mappings()
            }
    return rows


def restore(saved: Snapshot) -> None:
    """Make the database hold exactly ``saved`` again (inside an app context)."""
    db.session.remove()
    tables = db.metadata.sorted_tables
    with db.engine.begin() as connection:
        for table in reversed(tables):
            connection.execute(delete(table))
        for table in tables:
            rows = list(saved[table.name].values())
            if rows:
                connection.execute(insert(table), rows)


def lost_or_changed(
    before: Snapshot, after: Snapshot, may_change: dict[str, Iterable[str]]
) -> list[str]:
    """What of ``before`` is gone or different in ``after``, beyond ``may_change``.

    ``may_change`` maps a table to the columns the request may legitimately change in its
    existing rows; the column name ``"*deleted"`` lets it delete rows of that table.
    """
    problems = []
    for table, rows in before.items():
        allowed = set(may_change.get(table, ()))
        for key, row in rows.items():
            now = after.get(table, {}).get(key)
            if now is None:
                if "*deleted" not in allowed:
                    problems.append(f"{table} {key} was deleted")
                continue
            changed = sorted(c for c in row if row[c] != now.get(c) and c not in allowed)
            if changed:
                detail = ", ".join(f"{c}: {row[c]!r} -> {now.get(c)!r}" for c in changed)
                problems.append(f"{table} {key} changed ({detail[:300]})")
    return problems
