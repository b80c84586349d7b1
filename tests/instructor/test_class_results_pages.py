"""The instructor's results pages of a class and its assignments, and remedial practice.

The class is ``results_support.build_class``'s: its figures are worked out by hand in
tests/instructor/test_class_results.py; here the pages show them, only to the class's
instructors, and the map's buttons assign practice to exactly the learners concerned.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from results_support import AttemptWriter, build_class
from set_support import PEOPLE, add_user, assert_inert, flashes, sign_in
from support import PASSWORD, csrf_token

from quizapp.extensions import db
from quizapp.models import User
from quizapp.models.assignment import Assignment, AssignmentRecipient
from quizapp.models.classroom import Class
from quizapp.models.question_set import QuestionSet, SetVersion
from quizapp.services import assignments, classes

NOW = datetime(2026, 11, 3, 12, 0, tzinfo=UTC)


@pytest.fixture
def world(app, people):
    with app.app_context():
        return build_class(PEOPLE["owner"][0])


def url(world, assignment=None):
    base = f"/instructor/classes/{world.class_id}/results"
    return base if assignment is None else f"{base}/{world.assignments[assignment]}"


def cells(page: str, row_name: str) -> list[str]:
    """The texts of the cells of the table row headed ``row_name`` (tags stripped)."""
    name = re.escape(row_name)
    row = re.search(rf'<th scope="row">(?:<a [^>]*>)?{name}(?:</a>)?</th>(.*?)</tr>', page, re.S)
    assert row, row_name
    return [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row[1])]


def test_the_class_results_show_each_learner_and_the_misconception_map(world, as_):
    page = as_("owner").get(url(world)).data.decode()
    learners, _map = page.split('id="map-heading"')
    # Cat: 2 assignments, 3 of 6 items, score (1.75 + 1) / 6 = 46 %; A1 58 %, A2 33 %.
    assert cells(learners, "Cat")[:6] == [
        "2",
        "3 / 6",
        "50\u00a0%",
        "46\u00a0%",
        "58\u00a0%",
        "33\u00a0%",
    ]
    assert cells(learners, "Fay")[:6] == ["1", "0 / 3", "0\u00a0%", "0\u00a0%", "0\u00a0%", "–"]
    assert "No answers yet" in cells(learners, "Fay")[-1]
    # The map: log_base_2, sign_dropped, chose_b, mean_vs_sum; Dan shows sign_dropped 3 times.
    assert cells(_map, "Dan") == ["0", "3", "0", "0"]
    assert cells(_map, "Ann") == ["1", "0", "0", "0"]
    assert cells(_map, "Learners who made it") == ["3", "1", "1", "1"]
    assert "Assign remedial practice to these 3 learners" in page
    assert "Assign remedial practice to this 1 learner<" in page
    assert f'href="/instructor/classes/{world.class_id}/results/{world.assignments["A1"]}"' in page


def test_an_assignments_results_show_learners_items_and_misconceptions(world, as_):
    response = as_("owner").get(url(world, "A1"))
    assert response.status_code == 200
    assert_inert(response.data)  # the bars are SVG attributes and classes: no style, no script
    page = response.data.decode()
    assert cells(page, "Cat")[:3] == ["2 / 3", "67\u00a0%", "58\u00a0%"]
    assert cells(page, "Ann")[:3] == ["3 / 3", "100\u00a0%", "100\u00a0%"]
    items = page.split('id="items-heading"')[1].split('id="mistakes-heading"')[0]
    # T: attempts, learners, first try right, D
    assert cells(items, "Only the true class")[:4] == ["7", "5", "60\u00a0%", "+1.00"]
    assert cells(items, "Cross-entropy of the true class")[:4] == ["6", "5", "40\u00a0%", "+0.50"]
    assert (
        'aria-label="Scores on question 1: 0: 1 learner; 0–0.5: 0 learners; '
        '0.5–1: 1 learner; 1: 3 learners"' in page
    )
    mistakes = page.split('id="mistakes-heading"')[1]
    assert (
        "You used log base 2 (bits)." in mistakes
        and '<code class="example-answer">0.7</code>' in mistakes
    )
    assert "Chose “Mean squared error”" in mistakes and "MSE is for regression." in mistakes


def test_a_co_instructor_and_an_admin_see_the_results(app, world, as_, people):
    with app.app_context():
        classes.add_co_instructor(db.session.get(Class, world.class_id), PEOPLE["other"][0])
    assert as_("other").get(url(world)).status_code == 200
    assert as_("other").get(url(world, "A2")).status_code == 200
    assert as_("admin").get(url(world, "A1")).status_code == 200


def test_nobody_else_sees_them(app, world, as_):
    assert as_("other").get(url(world)).status_code == 404
    assert as_("other").get(url(world, "A1")).status_code == 404
    assert as_("learner").get(url(world)).status_code == 403
    assert as_(None).get(url(world)).status_code == 302
    with app.app_context():
        dan = app.test_client()
    sign_in(dan, "dan@example.com")  # a learner of the class
    assert dan.get(url(world, "A1")).status_code == 403


def test_an_assignment_of_another_class_is_not_found_under_this_one(app, world, as_):
    with app.app_context():
        owner = db.session.get(User, world.owner_id)
        other = classes.create_class(owner, "Another class")
        version = db.session.get(SetVersion, world.version_id)
        elsewhere = assignments.create_assignment(other, version, creator=owner).id
        other_id = other.id
    owner_client = as_("owner")
    assert (
        owner_client.get(f"/instructor/classes/{world.class_id}/results/{elsewhere}").status_code
        == 404
    )
    assert (
        owner_client.get(f"/instructor/classes/{world.class_id}/results/99999").status_code == 404
    )
    assert (
        owner_client.get(f"/instructor/classes/{other_id}/results/{elsewhere}").status_code == 200
    )


def test_the_class_page_links_to_its_results(world, as_):
    page = as_("owner").get(f"/instructor/classes/{world.class_id}").data.decode()
    assert f'href="/instructor/classes/{world.class_id}/results"' in page


def learners_assigned(app, world, name) -> list[str]:
    """Titles of the assignments ``name`` (a learner of the class) sees."""
    with app.app_context():
        user = db.session.get(User, world.learners[name])
        return [line.assignment.title for line in assignments.assignments_for_learner(user, NOW)]


def remedial_assignment(app, world, code):
    with app.app_context():
        found = db.session.execute(
            db.select(Assignment)
            .filter_by(class_id=world.class_id, remedial_code=code)
            .where(Assignment.id.not_in(world.assignments.values()))
        ).scalar_one()
        recipients = db.session.execute(
            db.select(AssignmentRecipient.user_id).filter_by(assignment_id=found.id)
        ).scalars()
        version = db.session.get(SetVersion, found.set_version_id)
        qset = db.session.get(QuestionSet, version.set_id)
        return found, sorted(recipients), version, qset


def test_remedial_practice_goes_to_exactly_the_learners_with_the_misconception(app, world, as_):
    """log_base_2: Ann (on the template item T, ce_one_hot), Ben and Cat (on the formula item,
    which has no type to draw from and is left out with a note)."""
    owner = as_("owner")
    response = owner.post(f"{url(world)}/remedial", data={"code": "log_base_2"})
    assert response.status_code == 303
    assignment, recipients, version, qset = remedial_assignment(app, world, "log_base_2")
    assert response.headers["Location"].endswith(f"/results/{assignment.id}")
    message = flashes(owner.get(response.headers["Location"]).data)[-1]
    assert message.startswith(
        "“Practice: Log base 2 instead of the natural log” is assigned to 3 learners"
    )
    assert "“Cross-entropy of the true class”" in message
    ids = world.learners
    assert recipients == sorted([ids["Ann"], ids["Ben"], ids["Cat"]])
    assert (version.status, qset.owner_id) == ("published", world.owner_id)
    assert [(i["kind"], i["type"]) for i in version.data["items"]] == [("template", "ce_one_hot")]
    assert assignment.attempts_policy == "practice"
    title = "Practice: Log base 2 instead of the natural log"
    for name in ("Ann", "Ben", "Cat"):
        assert title in learners_assigned(app, world, name), name
    for name in ("Dan", "Eve", "Fay", "Gil"):  # without the misconception: not for them
        assert title not in learners_assigned(app, world, name), name
        assert "Week 1" in learners_assigned(app, world, name)
    # Its results page lists only its recipients.
    page = owner.get(f"{url(world)}/{assignment.id}").data.decode()
    assert re.findall(r'<th scope="row">(\w+)</th>\s*<td class="num">\d / 1', page) == [
        "Ann",
        "Ben",
        "Cat",
    ]


def test_remedial_practice_of_a_single_learner(app, world, as_):
    response = as_("owner").post(f"{url(world)}/remedial", data={"code": "sign_dropped"})
    assert response.status_code == 303
    _assignment, recipients, version, _qset = remedial_assignment(app, world, "sign_dropped")
    assert recipients == [world.learners["Dan"]]
    assert [i["type"] for i in version.data["items"]] == ["ce_one_hot"]


def test_a_misconception_seen_only_on_authored_items_gives_no_practice_and_says_why(
    app, world, as_
):
    owner = as_("owner")
    before = count_assignments(app)
    response = owner.post(f"{url(world)}/remedial", data={"code": "chose_b"})
    assert response.status_code == 303 and response.headers["Location"].endswith("/results")
    message = flashes(owner.get(response.headers["Location"]).data)[-1]
    assert "seen only on your own items (“Pick the loss”)" in message
    assert count_assignments(app) == before


def test_a_code_nobody_shows_is_refused(app, world, as_):
    owner = as_("owner")
    before = count_assignments(app)
    response = owner.post(f"{url(world)}/remedial", data={"code": "no_softmax"})
    message = flashes(owner.get(response.headers["Location"]).data)[-1]
    assert "No learner of this class has an answer diagnosed “no_softmax”" in message
    response = owner.post(f"{url(world)}/remedial", data={})
    assert flashes(owner.get(response.headers["Location"]).data)[-1] == (
        "Choose a misconception in the map to assign practice for."
    )
    assert count_assignments(app) == before


def test_another_instructor_cannot_assign_remedial_practice(app, world, as_):
    before = count_assignments(app)
    assert (
        as_("other").post(f"{url(world)}/remedial", data={"code": "log_base_2"}).status_code == 404
    )
    assert count_assignments(app) == before


def count_assignments(app) -> int:
    with app.app_context():
        return db.session.execute(db.select(db.func.count(Assignment.id))).scalar_one()


def test_the_remedial_button_needs_its_csrf_token(csrf_app):
    with csrf_app.app_context():
        add_user(PEOPLE["owner"][0], "instructor")
        world = build_class(PEOPLE["owner"][0])
    owner = csrf_app.test_client()
    token = csrf_token(owner.get("/auth/sign-in").data)
    owner.post(
        "/auth/sign-in",
        data={"email": PEOPLE["owner"][0], "password": PASSWORD, "csrf_token": token},
    )
    before = count_assignments(csrf_app)
    refused = owner.post(f"{url(world)}/remedial", data={"code": "sign_dropped"})
    assert refused.status_code in (303, 400) and "/results/" not in refused.headers.get(
        "Location", ""
    )
    assert count_assignments(csrf_app) == before
    page = owner.get(url(world)).data
    accepted = owner.post(
        f"{url(world)}/remedial", data={"code": "sign_dropped", "csrf_token": csrf_token(page)}
    )
    assert accepted.status_code == 303 and "/results/" in accepted.headers["Location"]
    assert count_assignments(csrf_app) == before + 1


def test_a_second_click_does_not_assign_the_same_practice_twice(app, world, as_):
    """Refused while nobody has made the mistake since; a new such answer allows it again."""
    owner = as_("owner")
    assert owner.post(f"{url(world)}/remedial", data={"code": "sign_dropped"}).status_code == 303
    made = count_assignments(app)
    again = owner.post(f"{url(world)}/remedial", data={"code": "sign_dropped"})
    message = flashes(owner.get(again.headers["Location"]).data)[-1]
    assert message == (
        "“Practice: Sign dropped” was assigned to these learners already, and none of them "
        "has made this mistake since."
    )
    assert count_assignments(app) == made
    with app.app_context():
        latest, _recipients, _version, _qset = remedial_assignment(app, world, "sign_dropped")
        writer = AttemptWriter(world.version_id)
        writer.moment = latest.created_at  # the next answer comes a minute after it
        writer.add(
            world.learners["Dan"], world.assignments["A1"], "one-hot", 0, False, "sign_dropped"
        )
        writer.write()
    assert owner.post(f"{url(world)}/remedial", data={"code": "sign_dropped"}).status_code == 303
    assert count_assignments(app) == made + 1


def test_the_results_pages_show_due_dates_and_activity_in_the_instructors_zone(app, world, as_):
    """The class page showed the due date in the instructor's zone, the results pages in
    UTC: the same assignment was "17:00" on one and "16:00 UTC" on the other."""
    with app.app_context():
        assignment = db.session.get(Assignment, world.assignments["A1"])
        assignment.due_at = datetime(2026, 12, 8, 16, 0, tzinfo=UTC)
        db.session.get(User, world.owner_id).timezone = "Europe/Paris"
        db.session.commit()
    owner = as_("owner")
    for page in (owner.get(url(world)).text, owner.get(url(world, "A1")).text):
        assert "Tue 8 Dec 2026, 17:00 (Europe/Paris)" in page
        assert "16:00 UTC" not in page
    # Last activity too, in the same zone.
    assert "(Europe/Paris)" in cells(owner.get(url(world, "A1")).text, "Ann")[-1]
