"""Operator commands through Flask's CLI runner."""

import pytest

from quizapp.extensions import db
from quizapp.models import Attempt, User


def users(app):
    with app.app_context():
        return {u.email: u for u in db.session.execute(db.select(User)).scalars()}


def test_create_user(app, runner):
    result = runner.invoke(
        args=[
            "create-user",
            "Grace@Example.com",
            "--password",
            "compiler moth ledger",
            "--name",
            "Grace",
            "--role",
            "instructor",
        ]
    )
    assert result.exit_code == 0, result.output
    grace = users(app)["grace@example.com"]
    assert grace.role == "instructor" and grace.display_name == "Grace"
    assert grace.check_password("compiler moth ledger")


def test_create_user_prompts_for_password(app, runner):
    result = runner.invoke(
        args=["create-user", "p@example.com"],
        input="tangerine velvet piano\ntangerine velvet piano\n",
    )
    assert result.exit_code == 0, result.output
    assert users(app)["p@example.com"].check_password("tangerine velvet piano")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            [
                "create-user",
                "x@example.com",
                "--password",
                "tangerine velvet piano",
                "--role",
                "king",
            ],
            "Unknown role 'king'",
        ),
        (["create-user", "x@example.com", "--password", "short"], "at least 8 characters"),
        (["create-user", "x@example.com", "--password", "password"], "top-10 common password"),
        (
            ["create-user", "xavier@example.com", "--password", "xavier velvet piano"],
            "Leave your name and email address out",
        ),
        (
            ["create-user", "nobody", "--password", "tangerine velvet piano"],
            "is not an email address",
        ),
    ],
)
def test_create_user_refuses_bad_input(app, runner, args, message):
    result = runner.invoke(args=args)
    assert result.exit_code != 0 and message in result.output
    assert users(app) == {}


def test_create_user_refuses_duplicate_email(app, runner):
    args = ["create-user", "dup@example.com", "--password", "tangerine velvet piano"]
    assert runner.invoke(args=args).exit_code == 0
    result = runner.invoke(
        args=["create-user", "DUP@example.com", "--password", "purple monkey dishwasher"]
    )
    assert result.exit_code != 0 and "already exists" in result.output
    assert len(users(app)) == 1


def test_set_role(app, runner):
    runner.invoke(args=["create-user", "r@example.com", "--password", "tangerine velvet piano"])
    result = runner.invoke(args=["set-role", "r@example.com", "admin"])
    assert result.exit_code == 0 and users(app)["r@example.com"].role == "admin"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["set-role", "r@example.com", "wizard"], "Unknown role"),
        (["set-role", "ghost@example.com", "admin"], "No user has the email"),
    ],
)
def test_set_role_errors(app, runner, args, message):
    runner.invoke(args=["create-user", "r@example.com", "--password", "tangerine velvet piano"])
    result = runner.invoke(args=args)
    assert result.exit_code != 0 and message in result.output


def test_seed_demo_is_idempotent(app, runner, client, auth):
    first = runner.invoke(args=["seed-demo"])
    assert first.exit_code == 0, first.output
    assert "demo@example.com / cross entropy practice" in first.output
    with app.app_context():
        attempts = db.session.execute(db.select(db.func.count(Attempt.id))).scalar_one()
    assert attempts >= 4
    second = runner.invoke(args=["seed-demo"])
    assert second.exit_code == 0 and "new demo attempts: 0" in second.output
    with app.app_context():
        again = db.session.execute(db.select(db.func.count(Attempt.id))).scalar_one()
    assert again == attempts
    accounts = users(app)
    assert accounts["demo@example.com"].role == "learner"
    assert accounts["teacher@example.com"].role == "instructor"
    assert auth.sign_in("demo@example.com", "cross entropy practice").status_code == 303
    assert auth.sign_out().status_code == 303
    assert auth.sign_in("teacher@example.com", "grading hinge losses").status_code == 303


def test_seed_demo_gives_an_older_demo_account_the_documented_password(app, runner, auth):
    """A database seeded when the demo password was "demo-password" (too easy to guess,
    refused today) gets the one the README gives."""
    with app.app_context():
        user = User(email="demo@example.com", display_name="Demo Learner", role="learner")
        user.set_password("demo-password", app.config["PASSWORD_HASH_METHOD"])
        db.session.add(user)
        db.session.commit()
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    assert auth.sign_in("demo@example.com", "demo-password").status_code == 422
    assert auth.sign_in("demo@example.com", "cross entropy practice").status_code == 303


def test_seed_demo_puts_the_demo_learner_in_a_demo_class_once(app, runner):
    """The demo instructor's class holds the demo learner, however often seeding runs."""
    from quizapp.extensions import db
    from quizapp.models import Class, ClassMember

    for _ in range(2):
        result = runner.invoke(args=["seed-demo"])
        assert result.exit_code == 0, result.output
    with app.app_context():
        klass = db.session.execute(db.select(Class)).scalar_one()
        assert (klass.name, klass.owner.email) == ("Demo class", "teacher@example.com")
        members = db.session.execute(db.select(ClassMember)).scalars().all()
        assert [(m.user.email, m.role) for m in members] == [("demo@example.com", "learner")]
    assert f"join code {klass.join_code} (already there)" in result.output


def test_seed_demo_assigns_the_sample_set_to_the_demo_class_once(app, runner):
    """One assignment of the published sample set, due a week after seeding, however often."""
    from datetime import UTC, datetime, timedelta

    from quizapp.extensions import db
    from quizapp.models.assignment import Assignment

    seeded_at = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
    app.config["QUIZAPP_CLOCK"] = lambda: seeded_at
    first = runner.invoke(args=["seed-demo"])
    assert "Demo assignment: the sample set, due in a week." in first.output, first.output
    second = runner.invoke(args=["seed-demo"])
    assert "Demo assignment: the sample set (already there)." in second.output
    with app.app_context():
        [assignment] = db.session.execute(db.select(Assignment)).scalars().all()
        assert assignment.klass.name == "Demo class"
        assert assignment.version.status == "published"
        assert assignment.due_at == seeded_at + timedelta(days=7)
        assert assignment.created_by == assignment.klass.owner_id
