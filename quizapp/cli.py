"""Operator commands: ``flask --app quizapp create-user | set-role | seed-demo | purge-served``.

(``flask --app quizapp db upgrade`` comes from Flask-Migrate.)
"""

from __future__ import annotations

import re
from datetime import timedelta

import click
from flask import Flask, current_app
from flask.cli import with_appcontext

from quizapp.engine.answers import ParseError
from quizapp.engine.grading import grade
from quizapp.engine.questions import generate, registry
from quizapp.extensions import db
from quizapp.models import ROLES, Attempt, ServedQuestion, User, utcnow
from quizapp.services.housekeeping import purge_served
from quizapp.services.progress import replay_reviews

DEMO_LEARNER = ("demo@example.com", "demo-password", "Demo Learner", "learner")
DEMO_INSTRUCTOR = ("teacher@example.com", "teacher-password", "Demo Teacher", "instructor")
DEMO_TOKEN_PREFIX = "demo-"


def _find_user(email: str) -> User | None:
    return db.session.execute(
        db.select(User).filter_by(email=email.strip().lower())
    ).scalar_one_or_none()


def _new_user(email: str, password: str, name: str, role: str) -> User:
    """Create a user, or raise ClickException naming the problem (exit status 1)."""
    email = email.strip().lower()
    if "@" not in email or email.startswith("@") or email.endswith("@"):
        raise click.ClickException(f"{email!r} is not an email address.")
    if role not in ROLES:
        raise click.ClickException(f"Unknown role {role!r}; use one of {', '.join(ROLES)}.")
    if len(password) < 8:
        raise click.ClickException("The password must have at least 8 characters.")
    if _find_user(email) is not None:
        raise click.ClickException(f"A user with the email {email} already exists.")
    user = User(email=email, display_name=(name or email.split("@")[0]).strip()[:80], role=role)
    user.set_password(password, current_app.config["PASSWORD_HASH_METHOD"])
    db.session.add(user)
    db.session.commit()
    return user


@click.command("create-user")
@click.argument("email")
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
@click.option("--name", default="", help="Display name (default: the part before the @).")
@click.option("--role", default="learner", show_default=True, help="learner, instructor or admin")
@with_appcontext
def create_user_command(email: str, password: str, name: str, role: str) -> None:
    """Create a user account."""
    user = _new_user(email, password, name, role)
    click.echo(f"Created {user.role} {user.email}.")


@click.command("set-role")
@click.argument("email")
@click.argument("role")
@with_appcontext
def set_role_command(email: str, role: str) -> None:
    """Make a user a learner, instructor or admin."""
    if role not in ROLES:
        raise click.ClickException(f"Unknown role {role!r}; use one of {', '.join(ROLES)}.")
    user = _find_user(email)
    if user is None:
        raise click.ClickException(f"No user has the email {email.strip().lower()}.")
    user.role = role
    db.session.commit()
    click.echo(f"{user.email} is now {role}.")


@click.command("seed-demo")
@with_appcontext
def seed_demo_command() -> None:
    """Create the demo accounts and a few demo attempts (safe to run again)."""
    created = []
    for email, password, name, role in (DEMO_LEARNER, DEMO_INSTRUCTOR):
        if _find_user(email) is None:
            _new_user(email, password, name, role)
            created.append(email)
    learner = _find_user(DEMO_LEARNER[0])
    added = _seed_demo_attempts(learner)
    # Schedule the demo answers for review as a signed-in learner's would be (idempotent).
    replay_reviews(learner.id)
    click.echo(
        f"Demo accounts: {DEMO_LEARNER[0]} / {DEMO_LEARNER[1]} (learner), "
        f"{DEMO_INSTRUCTOR[0]} / {DEMO_INSTRUCTOR[1]} (instructor). "
        f"New accounts: {len(created)}; new demo attempts: {added}."
    )


def _seed_demo_attempts(learner: User, per_topic: int = 1) -> int:
    """One right and one wrong answer for the first type of each topic, once only."""
    existing = db.session.execute(
        db.select(db.func.count(Attempt.id)).where(
            Attempt.served_token.startswith(DEMO_TOKEN_PREFIX)
        )
    ).scalar_one()
    if existing:
        return 0
    seen_topics: dict[str, int] = {}
    added = 0
    for type_id, qtype in registry().items():
        if seen_topics.get(qtype.topic, 0) >= per_topic:
            continue
        seen_topics[qtype.topic] = seen_topics.get(qtype.topic, 0) + 1
        for index, right in enumerate((True, False)):
            question = generate(type_id, 1000 + index, difficulty=1)
            text = _demo_answer(question, right)
            try:
                result = grade(question, text)
            except ParseError:  # a type with unusual answer rules: leave it out of the demo
                continue
            token = f"{DEMO_TOKEN_PREFIX}{type_id}-{index}"
            now = utcnow()
            db.session.add(
                ServedQuestion(
                    token=token,
                    type_id=type_id,
                    seed=question.seed,
                    difficulty=1,
                    params=question.params,
                    params_fixed=False,
                    origin="drawn",
                    user_id=learner.id,
                    hints_revealed=0,
                    served_at=now,
                    answered_at=now,
                )
            )
            db.session.flush()  # the attempt's foreign key needs the served row first
            db.session.add(
                Attempt(
                    user_id=learner.id,
                    served_token=token,
                    type_id=type_id,
                    seed=question.seed,
                    difficulty=1,
                    params=question.params,
                    params_fixed=False,
                    raw_answer=text,
                    parsed_value=None,
                    correct=bool(result.correct),
                    score=float(result.score),
                    diagnosis=result.diagnosis,
                    hints_used=0,
                    time_taken_ms=30000,
                    created_at=now,
                )
            )
            added += 1
    db.session.commit()
    return added


def _demo_answer(question, right: bool) -> str:
    """A plausible answer: the expected one, or a wrong one of the same kind."""
    answer = question.answer
    if question.kind == "explain":
        return question.model_answer if right else "It measures how wrong the model is."
    if question.kind == "choice":
        others = [c.id for c in question.choices if c.id != answer]
        return str(answer) if right or not others else others[0]
    if isinstance(answer, list):
        values = answer if right else [v * 2 + 0.1 for v in answer]
        return "[" + ", ".join(repr(float(v)) for v in values) + "]"
    value = float(answer) if right else float(answer) * 2 + 0.5
    return repr(value)


class Duration(click.ParamType):
    """A span of time written as a whole number and a unit: 30m, 24h or 7d."""

    name = "duration"
    _FORM = re.compile(r"\s*(\d{1,6})\s*([mhd])\s*", re.IGNORECASE)
    _UNITS = {"m": "minutes", "h": "hours", "d": "days"}
    #: Longer than any sensible retention, and far from timedelta's and datetime's limits.
    LONGEST = timedelta(days=36500)

    def convert(
        self, value: object, param: click.Parameter | None, ctx: click.Context | None
    ) -> timedelta:
        """``value`` as a timedelta, or a usage error saying how to write one."""
        if isinstance(value, timedelta):
            return value
        match = self._FORM.fullmatch(str(value))
        if match is None or int(match[1]) == 0:
            self.fail(
                f"{value!r} is not a duration; write a whole number above 0 and m (minutes), "
                "h (hours) or d (days), e.g. 30m, 24h or 7d.",
                param,
                ctx,
            )
        span = timedelta(**{self._UNITS[match[2].lower()]: int(match[1])})
        if span > self.LONGEST:
            self.fail(f"{value!r} is longer than 100 years; nothing could be that old.", param, ctx)
        return span


@click.command("purge-served")
@click.option(
    "--older-than",
    "older_than",
    type=Duration(),
    required=True,
    help="Purge questions served longer ago than this, e.g. 30m, 24h or 7d.",
)
@click.option("--dry-run", is_flag=True, help="Only count what would be purged.")
@with_appcontext
def purge_served_command(older_than: timedelta, dry_run: bool) -> None:
    """Delete old served questions that no answer and no interview round refers to.

    Anonymous API calls and opened links leave a served question each, mostly never
    answered; run this from cron (see the README). Answered questions are history and stay.
    """
    report = purge_served(older_than, utcnow(), dry_run=dry_run)
    verb = "Would purge" if dry_run else "Purged"
    noun = "question" if report.purged == 1 else "questions"
    click.echo(
        f"{verb} {report.purged} served {noun} older than {_spoken(older_than)}; kept "
        f"{report.kept} that answers or interview rounds refer to."
    )


def _spoken(span: timedelta) -> str:
    """A duration in words: "30 minutes", "24 hours", "7 days"."""
    minutes = int(span.total_seconds()) // 60
    if minutes % 1440 == 0 and minutes > 1440:
        return f"{minutes // 1440} days"
    if minutes % 60 == 0:
        hours = minutes // 60
        return "1 hour" if hours == 1 else f"{hours} hours"
    return "1 minute" if minutes == 1 else f"{minutes} minutes"


def init_app(app: Flask) -> None:
    """Register the commands on ``app``."""
    for command in (create_user_command, set_role_command, seed_demo_command, purge_served_command):
        app.cli.add_command(command)
