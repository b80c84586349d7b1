"""The assignments service: validation, who an assignment is for, progress, policies."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from assignment_support import (
    DUE,
    MORE_PEOPLE,
    class_with_set,
    the_class,
    the_version,
    user,
)
from set_support import FORMULA, PEOPLE, TEMPLATE, add_user, formula, make_set
from sqlalchemy import event

from quizapp.extensions import db
from quizapp.models import Attempt, ServedQuestion
from quizapp.models.assignment import AssignmentRecipient
from quizapp.models.question_set import QuestionSet, SetVersion
from quizapp.services import assignments as service
from quizapp.services import classes, practice, question_sets, tries
from quizapp.services.class_attempts import class_attempts
from quizapp.services.class_results import assignment_results
from quizapp.services.ownership import delete_account
from quizapp.services.practice import Owner


@pytest.fixture
def world(app, people):
    """The owner's class (learner, learner2) and published set; an outsider in no class."""
    with app.app_context():
        for email, role in MORE_PEOPLE.values():
            add_user(email, role)
        yield class_with_set()


def _assign(world, **options):
    class_id, version_id = world
    options.setdefault("creator", user("owner"))
    return service.create_assignment(the_class(class_id), the_version(version_id), **options)


def _answer(served: ServedQuestion, right: bool):
    question = practice.question_for(served)
    text = repr(question.answer) if right else "0"
    return practice.submit_answer(served, text)[0]


def _serve(assignment, item_id, who="learner"):
    return service.serve_assignment_item(assignment, item_id, Owner(user_id=user(who).id))


def test_an_assignment_takes_the_sets_title_and_a_published_version(app, world):
    assignment = _assign(world, due_at=DUE)
    assert assignment.title == "Losses" and assignment.due_at == DUE
    assert assignment.attempts_policy == "practice" and assignment.solutions == "immediately"
    assert _assign(world, title="  Week 1  ").title == "Week 1"


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"solutions": "after_due"}, "need a due date"),
        ({"attempts_policy": "twice"}, "Attempts must be one of practice, once"),
        ({"solutions": "never"}, "Solutions must show"),
        ({"due_at": datetime(2026, 12, 8, 16, 0)}, "needs a time zone"),
        # Shown in Pacific/Kiritimati (UTC+14) it would overflow datetime: a 500 on a page.
        ({"due_at": datetime(9999, 12, 31, 20, 0, tzinfo=UTC)}, "too far ahead"),
        ({"title": "x" * 201}, "under 200 characters"),
        ({"recipients": []}, "at least one learner"),
    ],
)
def test_bad_options_are_refused_with_the_reason(app, world, options, message):
    with pytest.raises(service.AssignmentError, match=message):
        _assign(world, **options)
    assert (
        db.session.execute(db.select(db.func.count()).select_from(AssignmentRecipient)).scalar()
        == 0
    )


def test_a_draft_version_cannot_be_assigned(app, world):
    class_id, _version = world
    set_id = make_set(PEOPLE["owner"][0], FORMULA)  # never published
    draft = db.session.execute(db.select(SetVersion).filter_by(set_id=set_id)).scalar_one()
    with pytest.raises(service.AssignmentError, match="Only a published version"):
        service.create_assignment(the_class(class_id), draft, creator=user("owner"))


def test_only_the_sets_owner_or_an_admin_may_assign_it(app, world):
    class_id, version_id = world
    klass = the_class(class_id)
    # Another instructor, made co-instructor of the class, still may not assign the owner's set.
    from quizapp.services import classes

    classes.add_co_instructor(klass, PEOPLE["other"][0])
    with pytest.raises(service.AssignmentError, match="only your own sets"):
        service.create_assignment(klass, the_version(version_id), creator=user("other"))
    assert service.create_assignment(klass, the_version(version_id), creator=user("admin"))


def test_only_the_classs_instructors_may_give_it_assignments(app, world):
    class_id, _version = world
    set_id = make_set(PEOPLE["other"][0], FORMULA, publish=True)
    theirs = question_sets.published_version(db.session.get(QuestionSet, set_id))
    with pytest.raises(service.AssignmentError, match="class's instructors"):
        service.create_assignment(the_class(class_id), theirs, creator=user("other"))


def test_recipients_must_be_learners_of_the_class(app, world):
    with pytest.raises(service.AssignmentError, match="1 of those chosen is not"):
        _assign(world, recipients=[user("learner"), user("outsider")])
    with pytest.raises(service.AssignmentError, match="is not"):
        _assign(world, recipients=[user("owner")])  # the owner is no learner


def test_an_assignment_with_recipients_is_only_for_them(app, world):
    everyone = _assign(world, title="Everyone")
    remedial = _assign(world, title="Just Lee", recipients=[user("learner")], remedial_code="x")
    now = datetime(2026, 12, 1, tzinfo=UTC)
    titles = {
        who: [line.assignment.title for line in service.assignments_for_learner(user(who), now)]
        for who in ("learner", "learner2", "outsider", "owner")
    }
    assert titles == {
        "learner": ["Everyone", "Just Lee"],
        "learner2": ["Everyone"],
        "outsider": [],
        "owner": [],
    }
    assert service.is_for(remedial, user("learner")) and not service.is_for(
        remedial, user("learner2")
    )
    assert service.is_for(everyone, user("learner2")) and not service.is_for(
        everyone, user("outsider")
    )
    assert not service.is_for(everyone, user("owner"))
    assert service.may_preview(everyone, user("owner")) and not service.may_preview(
        everyone, user("learner")
    )


def test_progress_counts_the_best_score_per_item_and_marks_overdue(app, world):
    assignment = _assign(world, due_at=DUE)
    before, after = DUE - timedelta(minutes=1), DUE
    first = _serve(assignment, FORMULA["id"])
    attempt = _answer(first, right=False)
    assert attempt.assignment_id == assignment.id and attempt.item_id == FORMULA["id"]
    [line] = service.assignments_for_learner(user("learner"), before)
    assert (line.item_count, line.attempted, line.points, line.overdue) == (2, 1, 0.0, False)
    # "practice": another go at the same item counts with its best score.
    _answer(_serve(assignment, FORMULA["id"]), right=True)
    [line] = service.assignments_for_learner(user("learner"), after)
    assert (line.attempted, line.points, line.score, line.overdue) == (1, 1.0, 0.5, True)
    _answer(_serve(assignment, TEMPLATE["id"]), right=False)
    [line] = service.assignments_for_learner(user("learner"), after)
    assert line.complete and not line.overdue  # all answered: late, but not "overdue"
    items = service.item_progress(assignment, user("learner").id)
    assert [(i.id, i.attempts, i.best_score, i.correct) for i in items] == [
        (FORMULA["id"], 2, 1.0, True),
        (TEMPLATE["id"], 1, 0.0, False),
    ]
    # Practice outside the assignment does not count for it.
    [other] = service.assignments_for_learner(user("learner2"), after)
    assert other.attempted == 0 and other.overdue


def test_the_dashboard_list_takes_two_queries_however_many_assignments(app, world):
    for n in range(6):
        _assign(world, title=f"A{n}", due_at=DUE + timedelta(days=n))
    learner = user("learner")
    statements = []

    def count(*_args):
        statements.append(1)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        lines = service.assignments_for_learner(learner, DUE)
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    assert [line.assignment.title for line in lines] == [f"A{n}" for n in range(6)]
    assert len(statements) == 2


def test_once_refuses_a_second_attempt_however_it_is_asked_for(app, world):
    assignment = _assign(world, attempts_policy="once")
    served = _serve(assignment, FORMULA["id"])
    # Serving again before answering gives the same question, not a new draw.
    assert _serve(assignment, FORMULA["id"]).token == served.token
    # A question served another way (here: straight from the set service) with the
    # assignment's id is still refused once the item is answered.
    sneaky = service.serve_item(
        assignment.version,
        FORMULA["id"],
        Owner(user_id=user("learner").id),
        origin=service.ASSIGNMENT_ORIGIN,
        assignment_id=assignment.id,
    )
    attempt = _answer(served, right=False)
    with pytest.raises(service.AttemptRefused, match="one attempt per question"):
        _serve(assignment, FORMULA["id"])
    with pytest.raises(service.AttemptRefused):
        _answer(sneaky, right=True)
    with pytest.raises(service.AttemptRefused):
        tries.start_retry(attempt.served_token, datetime.now(UTC))
    assert db.session.execute(db.select(db.func.count()).select_from(Attempt)).scalar() == 1
    assert db.session.get(ServedQuestion, sneaky.id).answered_at is None
    # The next item to work on skips the answered one; the other learner is not affected.
    assert service.next_item_id(assignment, None, user("learner").id) == TEMPLATE["id"]
    assert service.next_item_id(assignment, None, user("learner2").id) == FORMULA["id"]
    assert _serve(assignment, FORMULA["id"], "learner2").token != served.token


def test_an_item_under_once_moves_its_learners_card_only(app, world):
    """A "once" answer locks the learner's row after its claim; the card its claim read is
    the learner's own (another learner's card of the type is left alone)."""
    from quizapp.models.progress import ReviewCard

    assignment = _assign(world, attempts_policy="once")
    first, second = (_serve(assignment, TEMPLATE["id"], who) for who in ("learner", "learner2"))
    _answer(first, right=True)  # learner2's card is learner's type too: this is not theirs
    _answer(second, right=True)
    cards = db.session.execute(db.select(ReviewCard.user_id, ReviewCard.type_id)).all()
    assert sorted(cards) == sorted((user(who).id, "ce_one_hot") for who in ("learner", "learner2"))


def test_practice_allows_try_again_and_new_draws(app, world):
    assignment = _assign(world)
    served = _serve(assignment, FORMULA["id"])
    attempt = _answer(served, right=False)
    retry = tries.start_retry(attempt.served_token, datetime.now(UTC))
    assert retry.assignment_id == assignment.id
    assert _serve(assignment, FORMULA["id"]).token != served.token


def test_an_item_not_in_the_version_and_a_guest_are_refused(app, world):
    assignment = _assign(world)
    with pytest.raises(service.ItemUnavailable, match="no item"):
        _serve(assignment, "nope")
    with pytest.raises(service.AssignmentError, match="Sign in"):
        service.serve_assignment_item(assignment, FORMULA["id"], Owner(guest_key="g"))


def test_the_assignment_keeps_its_version_when_the_set_is_republished(app, world):
    assignment = _assign(world)
    qset = assignment.version.question_set
    question_sets.save_item(qset, formula(id="extra"))
    question_sets.publish(qset)
    assert [i.id for i in service.item_progress(assignment, None)] == [
        FORMULA["id"],
        TEMPLATE["id"],
    ]


def test_two_answers_sent_at_once_under_once_record_one_attempt(database_url, tmp_path):
    """Two questions of one item served before either is answered (two tabs), answered at
    the same moment from two clients: one attempt is recorded, the other is refused."""
    from support import at_once, make_test_app

    from quizapp.models.classroom import Class

    app = make_test_app(database_url)
    with app.app_context():
        for email, role in {**PEOPLE, **MORE_PEOPLE}.values():
            add_user(email, role)
        class_id, version_id = class_with_set()
        assignment = service.create_assignment(
            db.session.get(Class, class_id),
            db.session.get(SetVersion, version_id),
            creator=user("owner"),
            attempts_policy="once",
        )
        owner = Owner(user_id=user("learner").id)
        tokens, answers = [], []
        for _tab in range(2):
            served = service.serve_item(
                assignment.version,
                FORMULA["id"],
                owner,
                origin=service.ASSIGNMENT_ORIGIN,
                assignment_id=assignment.id,
            )
            tokens.append(served.token)
            answers.append(repr(practice.question_for(served).answer))
        assignment_id = assignment.id
    from set_support import sign_in

    clients = [app.test_client(), app.test_client()]
    for client in clients:
        sign_in(client, PEOPLE["learner"][0])
    responses = at_once(
        *(
            lambda c=client, t=token, a=text: c.post(f"/practice/question/{t}", data={"answer": a})
            for client, token, text in zip(clients, tokens, answers, strict=True)
        )
    )
    locations = sorted(r.headers["Location"] for r in responses)
    assert [r.status_code for r in responses] == [303, 303]
    assert f"/assignments/{assignment_id}" in locations, locations
    with app.app_context():
        count = db.session.execute(
            db.select(db.func.count())
            .select_from(Attempt)
            .where(Attempt.assignment_id == assignment_id)
        ).scalar()
        assert count == 1
        db.engine.dispose()


def test_next_item_under_once_reads_the_answered_items_in_one_query(app, world):
    """It asked once per item whether it was answered: a long assignment, many SELECTs."""
    assignment = _assign(world, attempts_policy="once")
    for item_id in (FORMULA["id"], TEMPLATE["id"]):
        _answer(_serve(assignment, item_id), right=True)
    learner_id = user("learner").id
    assert assignment.version.data["items"]  # loaded before counting
    selects: list[str] = []

    def count(_conn, _cursor, statement, *_args):
        selects.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        assert service.next_item_id(assignment, None, learner_id) is None
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    assert len(selects) == 1


def test_an_instructor_leaving_takes_their_assignments_out_of_the_learners_attempts(app, world):
    """Deleting an account cascades its classes and their assignments, but the learners'
    attempts kept the assignment's id. SQLite hands the highest id out again, so another
    instructor's next assignment inherited those attempts: their results (and CSV) showed
    a learner's answers to a class that was not theirs."""
    first = _assign(world)
    _answer(_serve(first, FORMULA["id"]), right=True)
    delete_account(user("owner"))
    assert db.session.execute(
        db.select(Attempt.assignment_id, ServedQuestion.assignment_id).join(
            ServedQuestion, ServedQuestion.token == Attempt.served_token
        )
    ).all() == [(None, None)]  # the attempt stays, as practice of no assignment
    other = user("other")
    klass = classes.create_class(other, "Another class")
    classes.join(klass, user("learner"))
    set_id = make_set(PEOPLE["other"][0], FORMULA, publish=True)
    version = db.session.execute(
        db.select(SetVersion).filter_by(set_id=set_id, status="published")
    ).scalar_one()
    second = service.create_assignment(klass, version, creator=other)
    # (On SQLite ``second`` has the id ``first`` had; PostgreSQL never reuses an id.)
    [learner] = assignment_results(second).learners
    assert learner.attempted == 0 and learner.last_activity is None
    assert list(class_attempts(klass)) == []
