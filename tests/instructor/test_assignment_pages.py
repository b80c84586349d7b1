"""Assignments in the browser: the instructor's form and list, the learner's dashboard
section and assignment page, the policies, and worked solutions held until the due date."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from assignment_support import AFTER, BEFORE, DUE, MORE_PEOPLE, class_with_set, user
from set_support import FORMULA, PEOPLE, TEMPLATE, add_user, flashes, served_token, sign_in

from quizapp.extensions import db
from quizapp.models import Attempt, ServedQuestion
from quizapp.models.api_token import ApiToken
from quizapp.models.assignment import Assignment
from quizapp.services import assignments as service
from quizapp.services import practice

SOLUTION_PANEL = '<div class="panel solution">'
HELD = "The worked solution and the expected answer show here after the due date"


@pytest.fixture
def world(app, people):
    """The owner's class (learner, learner2) and published set; an outsider in no class."""
    with app.app_context():
        for email, role in MORE_PEOPLE.values():
            add_user(email, role)
        return class_with_set()


@pytest.fixture
def client_of(app, as_):
    """``client_of("learner2")``: a client signed in as anyone of PEOPLE or MORE_PEOPLE."""

    def make(who):
        if who in PEOPLE or who is None:
            return as_(who)
        client = app.test_client()
        sign_in(client, MORE_PEOPLE[who][0])
        return client

    return make


def _assign(app, world, **options) -> int:
    class_id, version_id = world
    with app.app_context():
        from quizapp.models.classroom import Class
        from quizapp.models.question_set import SetVersion

        return service.create_assignment(
            db.session.get(Class, class_id),
            db.session.get(SetVersion, version_id),
            creator=user("owner"),
            **options,
        ).id


def _set_zone(app, who, zone):
    with app.app_context():
        user(who).timezone = zone
        db.session.commit()


def _set_clock(app, moment):
    app.config["QUIZAPP_CLOCK"] = lambda: moment


def _answer(app, client, token, right: bool):
    with app.app_context():
        served = db.session.execute(db.select(ServedQuestion).filter_by(token=token)).scalar_one()
        question = practice.question_for(served)
        text = repr(question.answer) if right else repr(question.misconceptions[0].value)
    response = client.post(f"/practice/question/{token}", data={"answer": text})
    assert response.status_code == 303, response.status_code
    return response


def _attempts(app) -> list[tuple]:
    with app.app_context():
        rows = db.session.execute(db.select(Attempt).order_by(Attempt.id)).scalars()
        return [(a.user_id, a.assignment_id, a.item_id, a.correct) for a in rows]


# --- The instructor's side ----------------------------------------------------------------------


def test_the_instructor_assigns_a_set_with_a_due_date_in_their_zone(app, world, as_):
    class_id, _version = world
    _set_zone(app, "owner", "Europe/Paris")
    _set_clock(app, BEFORE)
    owner = as_("owner")
    page = owner.get(f"/instructor/classes/{class_id}").data.decode()
    assert "Assign a set" in page and "In your time zone, <strong>Europe/Paris</strong>" in page
    assert "Losses (version 1)" in page
    with app.app_context():
        set_id = db.session.execute(db.text("SELECT id FROM question_set")).scalar_one()
    response = owner.post(
        f"/instructor/classes/{class_id}/assignments",
        data={
            "set_id": str(set_id),
            "title": "Week 1",
            "due_date": "2026-12-08",
            "due_time": "17:00",
            "attempts_policy": "once",
            "solutions": "after_due",
        },
    )
    assert response.status_code == 303
    page = owner.get(response.headers["Location"]).data.decode()
    assert "“Week 1” is assigned to Losses, autumn." in flashes(page.encode())
    assert "Tue 8 Dec 2026, 17:00 (Europe/Paris)" in page
    with app.app_context():
        [assignment] = db.session.execute(db.select(Assignment)).scalars().all()
        assert assignment.due_at == DUE  # 17:00 in Paris is 16:00 UTC
        assert (assignment.attempts_policy, assignment.solutions) == ("once", "after_due")
        assert assignment.version.status == "published"


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"due_date": "8/12/2026"}, "is not a date; use the form YYYY-MM-DD"),
        ({"due_date": "2026-12-08", "due_time": "5pm"}, "is not a time; use the 24-hour form"),
        ({"due_time": "17:00"}, "Give the date the time is on."),
        ({"solutions": "after_due"}, "need a due date"),
        ({"due_date": "2026-12-01", "due_time": "08:00"}, "The due date and time have passed."),
        ({"attempts_policy": "thrice"}, "Attempts must be one of practice, once"),
        ({"set_id": "999"}, "Choose one of your published sets."),
    ],
)
def test_bad_assign_input_is_a_422_saying_what_to_fix(app, world, as_, fields, message):
    class_id, _version = world
    _set_clock(app, datetime(2026, 12, 1, 12, 0, tzinfo=UTC))
    with app.app_context():
        set_id = db.session.execute(db.text("SELECT id FROM question_set")).scalar_one()
    data = {"set_id": str(set_id), "attempts_policy": "practice", "solutions": "immediately"}
    response = as_("owner").post(
        f"/instructor/classes/{class_id}/assignments", data={**data, **fields}
    )
    assert response.status_code == 422
    assert message in response.data.decode()
    with app.app_context():
        assert db.session.execute(db.select(Assignment)).first() is None


def test_another_instructors_set_cannot_be_assigned(app, world, as_):
    class_id, _version = world
    from set_support import make_set

    with app.app_context():
        theirs = make_set(PEOPLE["other"][0], FORMULA, publish=True)
    page = as_("owner").get(f"/instructor/classes/{class_id}").data.decode()
    assert f'value="{theirs}"' not in page
    response = as_("owner").post(
        f"/instructor/classes/{class_id}/assignments", data={"set_id": str(theirs)}
    )
    assert response.status_code == 422 and "Choose one of your published sets." in response.text


def test_only_the_classs_instructors_reach_the_form(app, world, as_):
    class_id, _version = world
    assert as_("other").post(f"/instructor/classes/{class_id}/assignments").status_code == 404
    assert as_("learner").post(f"/instructor/classes/{class_id}/assignments").status_code == 403


# --- The learner's side -------------------------------------------------------------------------


def test_the_dashboard_lists_assignments_in_the_learners_zone_and_marks_overdue(
    app, world, client_of
):
    _assign(app, world, title="Week 1", due_at=DUE)
    _set_zone(app, "learner", "America/New_York")
    learner = client_of("learner")
    _set_clock(app, BEFORE)
    page = learner.get("/progress/").data.decode()
    assert "Assignments" in page and "Week 1" in page and "Losses, autumn" in page
    assert "Tue 8 Dec 2026, 11:00 (America/New_York)" in page
    assert "0 of 2 questions answered" in page and "Overdue" not in page
    _set_clock(app, AFTER)
    assert "Overdue" in learner.get("/progress/").data.decode()
    # No zone stored: UTC, labelled so.
    assert "Tue 8 Dec 2026, 16:00 (UTC)" in client_of("learner2").get("/progress/").text
    # Not in the class: no section at all.
    assert "Week 1" not in client_of("outsider").get("/progress/").text


def test_answering_every_item_counts_and_is_no_longer_overdue(app, world, client_of):
    assignment_id = _assign(app, world, due_at=DUE)
    learner = client_of("learner")
    _set_clock(app, BEFORE)
    first = served_token(learner.post(f"/assignments/{assignment_id}/next", data={"after": ""}))
    _answer(app, learner, first, right=True)
    feedback = learner.get(f"/practice/feedback/{first}").text
    assert "question 1 of 2" in feedback and "Next question" in feedback
    assert "Back to the assignment" in feedback and "Practise it again" in feedback
    second = served_token(learner.post(f"/assignments/{assignment_id}/next", data={"after": first}))
    _answer(app, learner, second, right=False)
    done = learner.post(f"/assignments/{assignment_id}/next", data={"after": second})
    assert done.headers["Location"] == f"/assignments/{assignment_id}"
    page = learner.get(done.headers["Location"]).text
    assert "That was the last question of this assignment to do." in page
    assert "<strong>2 of 2</strong> questions answered · score 50\u00a0%" in page
    with app.app_context():
        learner_id = user("learner").id
    assert _attempts(app) == [
        (learner_id, assignment_id, FORMULA["id"], True),
        (learner_id, assignment_id, TEMPLATE["id"], False),
    ]
    _set_clock(app, AFTER)
    dashboard = learner.get("/progress/").text
    assert "2 of 2 questions answered · score 50\u00a0% · done" in dashboard
    assert "Overdue" not in dashboard


def test_the_assignment_page_is_for_its_learners_and_previewed_by_its_instructors(
    app, world, client_of
):
    everyone = _assign(app, world, title="Everyone")
    with app.app_context():
        learner_id = user("learner").id
    just_lee = _assign(app, world, title="Just Lee", recipients=[learner_id])
    page = client_of("learner").get(f"/assignments/{just_lee}").text
    assert "Just Lee" in page and "Answer<span" in page
    for who in ("learner2", "outsider", "other"):
        assert client_of(who).get(f"/assignments/{just_lee}").status_code == 404, who
        response = client_of(who).post(f"/assignments/{just_lee}/items/{FORMULA['id']}")
        assert response.status_code == 404, who
    assert client_of("learner2").get(f"/assignments/{everyone}").status_code == 200
    preview = client_of("owner").get(f"/assignments/{just_lee}")
    assert preview.status_code == 200 and "Preview" in preview.text
    assert "Answer<span" not in preview.text  # instructors do not practise it here
    assert client_of("owner").post(f"/assignments/{just_lee}/next").status_code == 404
    assert client_of(None).get(f"/assignments/{just_lee}").status_code == 302
    assert client_of("learner").get("/assignments/9999").status_code == 404
    assert "Just Lee" not in client_of("learner2").get("/progress/").text


def test_a_removed_learner_no_longer_sees_the_assignment(app, world, client_of):
    assignment_id = _assign(app, world)
    class_id, _version = world
    with app.app_context():
        learner2 = user("learner2").id
    client_of("owner").post(f"/instructor/classes/{class_id}/learners/{learner2}/remove")
    assert client_of("learner2").get(f"/assignments/{assignment_id}").status_code == 404


# --- Policies -----------------------------------------------------------------------------------


def test_once_refuses_a_second_attempt_from_every_button(app, world, client_of):
    assignment_id = _assign(app, world, attempts_policy="once")
    learner = client_of("learner")
    item_url = f"/assignments/{assignment_id}/items/{FORMULA['id']}"
    token = served_token(learner.post(item_url))
    # Serving again before answering: the same question, not new numbers.
    assert served_token(learner.post(item_url)) == token
    _answer(app, learner, token, right=False)
    feedback = learner.get(f"/practice/feedback/{token}").text
    assert "Not quite" in feedback
    assert "Try again" not in feedback and "Practise it again" not in feedback
    refused = "one attempt per question"
    for url in (item_url, f"/practice/feedback/{token}/try-again", f"/practice/another/{token}"):
        response = learner.post(url)
        assert response.status_code == 303, url
        assert refused in " ".join(flashes(learner.get(response.headers["Location"]).data)), url
    page = learner.get(f"/assignments/{assignment_id}").text
    assert f'action="{item_url}"' not in page  # no button for the answered item
    assert len(_attempts(app)) == 1
    # "Next" skips the answered item.
    following = served_token(learner.post(f"/assignments/{assignment_id}/next", data={"after": ""}))
    with app.app_context():
        row = db.session.execute(db.select(ServedQuestion).filter_by(token=following)).scalar_one()
        assert row.item_id == TEMPLATE["id"]


def test_practice_counts_the_best_of_several_attempts(app, world, client_of):
    assignment_id = _assign(app, world)
    learner = client_of("learner")
    item_url = f"/assignments/{assignment_id}/items/{FORMULA['id']}"
    first = served_token(learner.post(item_url))
    _answer(app, learner, first, right=False)
    assert "Try again" in learner.get(f"/practice/feedback/{first}").text
    again = served_token(learner.post(f"/practice/another/{first}"))
    assert again != first
    _answer(app, learner, again, right=True)
    page = learner.get(f"/assignments/{assignment_id}").text
    assert "answered 2 times, best score 100\u00a0%" in page
    assert "<strong>1 of 2</strong> questions answered · score 50\u00a0%" in page


# --- Worked solutions after the due date --------------------------------------------------------


def test_solutions_after_due_wait_for_the_due_date_on_the_same_attempt(app, world, client_of):
    assignment_id = _assign(app, world, due_at=DUE, solutions="after_due")
    learner = client_of("learner")
    _set_clock(app, BEFORE)
    token = served_token(learner.post(f"/assignments/{assignment_id}/items/{FORMULA['id']}"))
    _answer(app, learner, token, right=False)
    feedback = learner.get(f"/practice/feedback/{token}").text
    assert "Not quite" in feedback and "Likely mistake" in feedback  # right/wrong, diagnosis
    assert SOLUTION_PANEL not in feedback and HELD in feedback
    assert "The answer is" not in feedback and "Expected" not in feedback
    assert "Show the answer" not in feedback
    with app.app_context():
        attempt_id = db.session.execute(db.select(Attempt.id)).scalar_one()
    past = learner.get(f"/progress/attempt/{attempt_id}").text
    assert SOLUTION_PANEL not in past and "The answer is" not in past
    _set_clock(app, AFTER)
    feedback = learner.get(f"/practice/feedback/{token}").text
    assert HELD not in feedback and "The answer is" in feedback
    assert "Show the answer and the worked solution" in feedback  # wrong: behind the reveal
    past = learner.get(f"/progress/attempt/{attempt_id}").text
    assert SOLUTION_PANEL in past and "The answer is" in past


def test_a_later_try_right_before_the_due_date_keeps_the_solution_back(app, world, client_of):
    """Under "practice", "Try again" is offered; getting it right on a later try would
    normally show the solution, but the assignment holds it until the due date."""
    assignment_id = _assign(app, world, due_at=DUE, solutions="after_due")
    learner = client_of("learner")
    _set_clock(app, BEFORE)
    token = served_token(learner.post(f"/assignments/{assignment_id}/items/{FORMULA['id']}"))
    _answer(app, learner, token, right=False)
    retry = served_token(learner.post(f"/practice/feedback/{token}/try-again"))
    _answer(app, learner, retry, right=True)
    feedback = learner.get(f"/practice/feedback/{retry}").text
    assert "Right on try 2" in feedback and SOLUTION_PANEL not in feedback and HELD in feedback
    _set_clock(app, AFTER)
    assert SOLUTION_PANEL in learner.get(f"/practice/feedback/{retry}").text


def test_a_right_answer_before_the_due_date_shows_no_solution_either(app, world, client_of):
    assignment_id = _assign(app, world, due_at=DUE, solutions="after_due")
    learner = client_of("learner")
    _set_clock(app, BEFORE)
    token = served_token(learner.post(f"/assignments/{assignment_id}/items/{FORMULA['id']}"))
    _answer(app, learner, token, right=True)
    feedback = learner.get(f"/practice/feedback/{token}").text
    assert "Correct" in feedback and SOLUTION_PANEL not in feedback and HELD in feedback
    _set_clock(app, AFTER)
    assert SOLUTION_PANEL in learner.get(f"/practice/feedback/{token}").text


def test_solutions_immediately_show_straight_away(app, world, client_of):
    assignment_id = _assign(app, world, due_at=DUE)
    learner = client_of("learner")
    _set_clock(app, BEFORE)
    token = served_token(learner.post(f"/assignments/{assignment_id}/items/{FORMULA['id']}"))
    _answer(app, learner, token, right=True)
    assert SOLUTION_PANEL in learner.get(f"/practice/feedback/{token}").text


def test_the_api_cannot_answer_an_assignments_question(app, world, client_of):
    """The JSON API answers only questions it served itself, so it cannot show an assignment
    question's expected answer before the due date."""
    assignment_id = _assign(app, world, due_at=DUE, solutions="after_due")
    learner = client_of("learner")
    _set_clock(app, BEFORE)
    token = served_token(learner.post(f"/assignments/{assignment_id}/items/{FORMULA['id']}"))
    with app.app_context():
        api_token, secret = ApiToken.issue(user("learner").id, "script")
        db.session.add(api_token)
        db.session.commit()
    for headers in ({}, {"Authorization": f"Bearer {secret}"}):
        response = learner.post(
            "/api/v1/answers", json={"token": token, "answer": "1"}, headers=headers
        )
        assert response.status_code == 422
        body = response.get_json()
        assert "No open question has this token" in str(body) and "expected" not in body
    assert _attempts(app) == []
