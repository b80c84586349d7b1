"""Every URL rule of the app, requested as every role, gets the status the table says.

The table is tests/authz_table.py; a route that is not in it fails
``test_every_rule_is_in_the_table``, so a new page cannot ship without a decision about
who may open it.
"""

from __future__ import annotations

import re
import shutil

import pytest
from authz_table import ROLES, TABLE
from support import ONE_HOT_PARAMS, add_user, make_test_app, sign_in

from quizapp import create_app
from quizapp.extensions import db
from quizapp.models import Attempt, ServedQuestion, User
from quizapp.models.api_token import ApiToken
from quizapp.models.progress import InterviewRound
from quizapp.models.question_set import ProblemReport, QuestionSet, SetVersion
from quizapp.services import assignments, classes, question_sets

EMAILS = {
    "learner": ("lee@example.com", "learner"),
    "learner2": ("lena@example.com", "learner"),
    "instructor": ("owen@example.com", "instructor"),
    "instructor2": ("olga@example.com", "instructor"),
    "admin": ("ada@example.com", "admin"),
}

#: Harmless form data sent with every POST (CSRF is off in these tests).
FORM = {"seed": "3", "version": "1", "answer": "0.5", "direction": "up", "name": "x"}
#: Query strings some rules need to do their ordinary work.
QUERY = {
    "instructor.new_item": "?kind=numeric",
    "instructor.preview_item": "?seed=3",
    "practice.fixed": "?params=" + ONE_HOT_PARAMS,
}
JSON_BODY = {
    "api.create_question": {"type": "ce_one_hot"},
    "api.create_answer": {"token": "not-a-token", "answer": "1"},
}
#: Rules that take a served question's token: these want one already answered.
#: The set's one item: a formula with its own question tests.
FORMULA = {
    "id": "ce-true-class",
    "kind": "formula",
    "title": "Cross-entropy of the true class",
    "prompt": "The model gives the true class \\(q = {q}\\). What is the loss, in nats?",
    "variables": {"q": {"range": [0.05, 0.95], "step": 0.05}},
    "answer": "-ln(q)",
    "unit": "nats",
    "hints": ["Only the true class counts."],
    "tests": [{"answer": "{answer}", "expect": "correct"}],
}
ANSWERED = {
    "practice.feedback",
    "practice.self_assess",
    "practice.try_again",
    "practice.another",
}


def _rules():
    """(endpoint, method, rule) for every rule of an app, HEAD and OPTIONS aside."""
    app = create_app({"TESTING": True, "SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    found = []
    for rule in app.url_map.iter_rules():
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            found.append((rule.endpoint, method, rule.rule))
    return sorted(found)


RULES = _rules()


def test_every_rule_is_in_the_table():
    """A route without a row fails here, and so does a row whose route has gone."""
    routes = {(endpoint, method) for endpoint, method, _ in RULES}
    assert sorted(routes - set(TABLE)) == [], "add these routes to tests/authz_table.py"
    assert sorted(set(TABLE) - routes) == [], "these rows of tests/authz_table.py have no route"
    for row, statuses in TABLE.items():
        assert set(statuses) == set(ROLES), row


@pytest.fixture(scope="module")
def world_file(tmp_path_factory):
    """One database with a resource of each kind, owned by the learner or the instructor;
    each test gets a copy, since some requests change or delete what they open."""
    path = tmp_path_factory.mktemp("world") / "quizapp.sqlite"
    app = make_test_app(path)
    with app.app_context():
        ids = {who: add_user(email, role) for who, (email, role) in EMAILS.items()}
        owner = db.session.get(User, ids["instructor"])
        qset = question_sets.create_set(owner, "Losses", "A set for the matrix.")
        question_sets.save_item(qset, dict(FORMULA))
        question_sets.publish(qset)
        set_id = qset.id
        version = db.session.execute(db.select(SetVersion).filter_by(set_id=set_id)).scalar_one()
        report = ProblemReport(
            reporter_id=ids["learner"],
            set_version_id=version.id,
            item_id=FORMULA["id"],
            seed=3,
            text="The unit is missing.",
        )
        db.session.add(report)
        secrets = {}
        for who, user_id in ids.items():
            token, secrets[who] = ApiToken.issue(user_id, "matrix")
            db.session.add(token)
        db.session.commit()
        share = db.session.get(QuestionSet, set_id).share_token
        report_id = report.id
        klass = classes.create_class(owner, "Group A")
        for who in ("learner", "learner2"):
            classes.join(klass, db.session.get(User, ids[who]))
        class_id, code = klass.id, klass.join_code
        assignment_id = assignments.create_assignment(klass, version, creator=owner).id

    learner = app.test_client()
    sign_in(learner, EMAILS["learner"][0])
    answered = learner.get("/practice/q/ce_one_hot?params=" + ONE_HOT_PARAMS)
    answered_token = answered.headers["Location"].rsplit("/", 1)[-1]
    assert (
        learner.post(f"/practice/question/{answered_token}", data={"answer": "0.357"}).status_code
        == 303
    )
    open_ = learner.get("/practice/q/ce_one_hot?params=" + ONE_HOT_PARAMS)
    open_token = open_.headers["Location"].rsplit("/", 1)[-1]
    assert learner.post("/interview/start", data={"difficulty": "1"}).status_code == 303
    from_set = learner.post(f"/sets/{share}/start")
    set_token = from_set.headers["Location"].rsplit("/", 1)[-1]
    assert (
        learner.post(f"/practice/question/{set_token}", data={"answer": "0.5"}).status_code == 303
    )

    with app.app_context():
        mine = ids["learner"]
        values = {
            "user_id": ids["learner2"],  # a learner in the class, too
            "token_id": db.session.execute(
                db.select(ApiToken.id).filter_by(user_id=mine)
            ).scalar_one(),
            "attempt_id": db.session.execute(
                db.select(Attempt.id).filter_by(served_token=answered_token)
            ).scalar_one(),
            "round_id": db.session.execute(
                db.select(InterviewRound.id).filter_by(user_id=mine)
            ).scalar_one(),
            "token": open_token,
            "answered_token": answered_token,
            "set_token": set_token,
            "type_id": "ce_one_hot",
            "share_token": share,
            "set_id": set_id,
            "item_id": FORMULA["id"],
            "report_id": report_id,
            "class_id": class_id,
            "assignment_id": assignment_id,
            "code": code,
            "fmt": "yaml",
            "filename": "css/app.css",
        }
        assert db.session.execute(
            db.select(ServedQuestion).filter_by(token=open_token, user_id=mine)
        ).scalar_one()
        # The app runs SQLite in WAL mode: fold the log into the file before it is copied.
        with db.engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        db.engine.dispose()
    return path, values, secrets


def _url(endpoint: str, rule: str, values: dict) -> str:
    """The rule with a real value in each converter."""

    def fill(match):
        name = match.group(1).split(":")[-1]
        if name == "token" and endpoint == "set_links.report":
            name = "set_token"
        elif name == "token" and endpoint in ANSWERED:
            name = "answered_token"
        return str(values[name])

    return re.sub(r"<([^>]+)>", fill, rule) + QUERY.get(endpoint, "")


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("endpoint", "method", "rule"), RULES)
def test_status(tmp_path, world_file, endpoint, method, rule, role):
    """The status ``role`` gets from ``method rule`` is the table's."""
    source, values, secrets = world_file
    path = tmp_path / "quizapp.sqlite"
    shutil.copyfile(source, path)
    app = make_test_app(path)
    client = app.test_client()
    headers = {}
    if role != "anon":
        sign_in(client, EMAILS[role][0])
        if endpoint.startswith("api."):
            headers["Authorization"] = f"Bearer {secrets[role]}"
    url = _url(endpoint, rule, values)
    if method == "GET":
        response = client.get(url, headers=headers)
    elif endpoint in JSON_BODY:
        response = client.post(url, json=JSON_BODY[endpoint], headers=headers)
    else:
        response = client.open(url, method=method, data=FORM, headers=headers)
    expected = TABLE.get((endpoint, method), {}).get(role)
    try:
        assert response.status_code == expected, (method, url, role, response.status_code)
        if expected == 302:
            assert response.headers["Location"].startswith("/auth/sign-in")
    finally:
        response.close()  # a static file is streamed from an open file
        with app.app_context():
            db.engine.dispose()
