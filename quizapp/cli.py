"""Operator commands: ``flask --app quizapp create-user | set-role | seed-demo | purge-served
| sets import | sets export | sets list | tokens create``.

(``flask --app quizapp db upgrade`` comes from Flask-Migrate.)
"""

from __future__ import annotations

import re
from datetime import timedelta

import click
from flask import Flask, current_app
from flask.cli import with_appcontext

from quizapp import clock
from quizapp.engine.answers import ParseError
from quizapp.engine.grading import grade
from quizapp.engine.questions import generate, registry
from quizapp.extensions import db
from quizapp.models import ROLES, Attempt, Class, ServedQuestion, User, utcnow
from quizapp.models.assignment import Assignment
from quizapp.models.question_set import QuestionSet, SetVersion
from quizapp.operations.statement_timeout import lift_statement_timeout
from quizapp.paths import examples_folder
from quizapp.services import accounts, api_tokens, assignments, audit, classes, question_sets
from quizapp.services.audit import COMMAND_LINE
from quizapp.services.housekeeping import purge_served
from quizapp.services.passwords import password_problem
from quizapp.services.progress import replay_reviews
from quizapp.sets import SetFileError, dump_set, format_for, load_set
from quizapp.sets.files import MAX_BYTES

# The demo passwords pass the same check as everyone's (services/passwords.py).
DEMO_LEARNER = ("demo@example.com", "cross entropy practice", "Demo Learner", "learner")
DEMO_INSTRUCTOR = ("teacher@example.com", "grading hinge losses", "Demo Teacher", "instructor")
DEMO_TOKEN_PREFIX = "demo-"
SAMPLE_SET = "sample-set.yaml"
DEMO_CLASS = "Demo class"
DEMO_ASSIGNMENT_DUE_IN = timedelta(days=7)


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
    display_name = (name or email.split("@")[0]).strip()[:80]
    problem = password_problem(password, (email, display_name))
    if problem is not None:
        raise click.ClickException(f"The password is refused: {problem}")
    if _find_user(email) is not None:
        raise click.ClickException(f"A user with the email {email} already exists.")
    user = User(email=email, display_name=display_name, role=role)
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
    if user.role != role:
        audit.record(
            COMMAND_LINE, "user.role_change", "user", user.id,
            email=user.email, before=user.role, after=role,
        )  # fmt: skip
        user.role = role
        db.session.commit()
    click.echo(f"{user.email} is now {role}.")


@click.command("seed-demo")
@with_appcontext
def seed_demo_command() -> None:
    """Create the demo accounts and a few demo attempts (safe to run again)."""
    created = []
    for email, password, name, role in (DEMO_LEARNER, DEMO_INSTRUCTOR):
        existing = _find_user(email)
        if existing is None:
            _new_user(email, password, name, role)
            created.append(email)
        elif not existing.check_password(password):
            # A database seeded before the demo passwords changed: the README's work.
            accounts.change_password(existing, password, current_app.config["PASSWORD_HASH_METHOD"])
    learner = _find_user(DEMO_LEARNER[0])
    added = _seed_demo_attempts(learner)
    sample = _seed_demo_set(_find_user(DEMO_INSTRUCTOR[0]))
    demo_class = _seed_demo_class(_find_user(DEMO_INSTRUCTOR[0]), learner)
    homework = _seed_demo_assignment(_find_user(DEMO_INSTRUCTOR[0]))
    # Schedule the demo answers for review as a signed-in learner's would be (idempotent).
    replay_reviews(learner.id)
    click.echo(
        f"Demo accounts: {DEMO_LEARNER[0]} / {DEMO_LEARNER[1]} (learner), "
        f"{DEMO_INSTRUCTOR[0]} / {DEMO_INSTRUCTOR[1]} (instructor). "
        f"New accounts: {len(created)}; new demo attempts: {added}. {sample} {demo_class} "
        f"{homework}"
    )


def _seed_demo_class(teacher: User, learner: User) -> str:
    """The demo instructor's class with the demo learner in it, once only."""
    existing = db.session.execute(
        db.select(Class).filter_by(owner_id=teacher.id, name=DEMO_CLASS)
    ).scalar_one_or_none()
    klass = existing or classes.create_class(teacher, DEMO_CLASS, actor=COMMAND_LINE)
    classes.join(klass, learner)
    return f"Demo class: join code {klass.join_code}{' (already there)' if existing else ''}."


def _seed_demo_assignment(teacher: User) -> str:
    """The published sample set assigned to the demo class, due in a week, once only."""
    klass = db.session.execute(
        db.select(Class).filter_by(owner_id=teacher.id, name=DEMO_CLASS)
    ).scalar_one_or_none()
    title = load_set((examples_folder() / SAMPLE_SET).read_bytes(), "yaml")["title"]
    qset = db.session.execute(
        db.select(QuestionSet).filter_by(owner_id=teacher.id, title=title)
    ).scalar_one_or_none()
    version = question_sets.published_version(qset) if qset is not None else None
    if klass is None or version is None:
        return "Demo assignment: none (the sample set is not published)."
    existing = db.session.execute(
        db.select(Assignment.id)
        .join(SetVersion, SetVersion.id == Assignment.set_version_id)
        .where(Assignment.class_id == klass.id, SetVersion.set_id == qset.id)
    ).first()
    if existing is not None:
        return "Demo assignment: the sample set (already there)."
    assignments.create_assignment(
        klass,
        version,
        creator=teacher,
        due_at=clock.now() + DEMO_ASSIGNMENT_DUE_IN,
        actor=COMMAND_LINE,
    )
    return "Demo assignment: the sample set, due in a week."


def _seed_demo_set(teacher: User) -> str:
    """The sample set, published and owned by the demo instructor, once only."""
    data = load_set((examples_folder() / SAMPLE_SET).read_bytes(), "yaml")
    existing = db.session.execute(
        db.select(QuestionSet).filter_by(owner_id=teacher.id, title=data["title"])
    ).scalar_one_or_none()
    if existing is not None:
        return f"Sample set: {existing.id} (already there)."
    sample = (examples_folder() / SAMPLE_SET).read_bytes()
    qset = question_sets.import_set(teacher, sample, "yaml", actor=COMMAND_LINE)
    try:
        question_sets.publish(qset, actor=COMMAND_LINE)
    except question_sets.PublishRefused as refusal:
        return f"Sample set: {qset.id}, left as a draft: {refusal}"
    return f"Sample set: {qset.id} (published)."


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


sets_group = click.Group("sets", help="Import, export and list instructors' question sets.")


@sets_group.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--owner", "owner_email", help="Email of the owning instructor (default: an admin).")
@click.option("--publish", is_flag=True, help="Publish it too (refused if a question test fails).")
@with_appcontext
def import_set_command(path: str, owner_email: str | None, publish: bool) -> None:
    """Import a set file (YAML or JSON) as a new set and print its id.

    An invalid file is refused whole: every problem is printed with its place and
    nothing is stored (exit status 1).
    """
    owner = _set_owner(owner_email)
    with open(path, "rb") as handle:
        content = handle.read(MAX_BYTES + 1)
    try:
        qset = question_sets.import_set(owner, content, format_for(path), actor=COMMAND_LINE)
    except SetFileError as error:
        for problem in error.problems:
            click.echo(f"{path}: {problem}", err=True)
        count = len(error.problems)
        raise click.ClickException(
            f"{count} {'problem' if count == 1 else 'problems'}; nothing was imported."
        ) from None
    if publish:
        try:
            question_sets.publish(qset, actor=COMMAND_LINE)
        except question_sets.PublishRefused as refusal:
            click.echo(f"Imported as a draft, not published: {refusal}", err=True)
    click.echo(qset.id)


def _set_owner(email: str | None) -> User:
    if email:
        user = _find_user(email)
        if user is None:
            raise click.ClickException(f"No user has the email {email.strip().lower()}.")
        if not user.is_instructor:
            raise click.ClickException(
                f"{user.email} is a {user.role}; make them an instructor first (set-role)."
            )
        return user
    admin = db.session.execute(
        db.select(User).filter_by(role="admin").order_by(User.id).limit(1)
    ).scalar_one_or_none()
    if admin is None:
        raise click.ClickException("Say who owns the set: --owner EMAIL (there is no admin).")
    return admin


@sets_group.command("export")
@click.argument("set_id", type=int)
@click.option(
    "--format", "fmt", type=click.Choice(["yaml", "json"]), default=None,
    help="Default: from the --output file's name, else yaml.",
)  # fmt: skip
@click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True), default=None)
@click.option("--version", "number", type=int, default=None, help="Default: the newest version.")
@with_appcontext
def export_set_command(
    set_id: int, fmt: str | None, output: str | None, number: int | None
) -> None:
    """Write a set in the file format to stdout (or --output FILE); it imports back equal."""
    qset = question_sets.find_set(set_id)
    if qset is None:
        raise click.ClickException(f"There is no set {set_id}; `sets list` shows them.")
    version = (
        question_sets.latest_version(qset)
        if number is None
        else question_sets.version_number(qset, number)
    )
    if version is None:
        raise click.ClickException(f"Set {set_id} has no version {number}.")
    fmt = fmt or (format_for(output) if output else "yaml")
    text = dump_set(version.data, fmt)
    audit.record(
        COMMAND_LINE, "set.export", "question_set", qset.id, version=version.number, format=fmt
    )
    db.session.commit()
    if output:
        with open(output, "w", encoding="utf-8") as handle:
            handle.write(text)
        click.echo(f"Wrote set {set_id} v{version.number} to {output}.", err=True)
    else:
        click.echo(text, nl=False)


@sets_group.command("list")
@with_appcontext
def list_sets_command() -> None:
    """Every set: id, title, owner, status and version of the newest version, tab-separated."""
    lines = question_sets.all_sets()
    click.echo("id\ttitle\towner\tstatus\tversion\tpublished")
    for line in lines:
        published = line.published.number if line.published else "-"
        click.echo(
            f"{line.qset.id}\t{line.qset.title}\t{line.qset.owner.email}\t"
            f"{line.latest.status}\t{line.latest.number}\t{published}"
        )


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


tokens_group = click.Group("tokens", help="Personal API tokens for operators and scripts.")


@tokens_group.command("create")
@click.argument("email")
@click.argument("name")
@with_appcontext
def create_token_command(email: str, name: str) -> None:
    """Print a new personal API token of the user with EMAIL, named NAME (shown only now)."""
    user = _find_user(email)
    if user is None:
        raise click.ClickException(f"No user has the email {email.strip().lower()}.")
    name = name.strip()
    if not name:
        raise click.ClickException("Give the token a name, e.g. 'gradebook script'.")
    if len(name) > api_tokens.MAX_NAME:
        raise click.ClickException(f"Keep the token's name under {api_tokens.MAX_NAME} characters.")
    click.echo(api_tokens.issue_token(user.id, name, actor=COMMAND_LINE))
    click.echo(
        f"A new token “{name}” for {user.email}: store it now, it is not shown again.", err=True
    )


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
    # A large backlog may take longer than a request's statement may (config).
    lift_statement_timeout(db.session.connection())
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
    commands = (
        create_user_command,
        set_role_command,
        seed_demo_command,
        purge_served_command,
        sets_group,
        tokens_group,
    )
    for command in commands:
        app.cli.add_command(command)
