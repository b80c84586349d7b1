"""Classes: an instructor creates one, learners join with its code or link and can leave,
its instructors remove learners, rotate the code and add co-instructors."""

from __future__ import annotations

import re

from set_support import PEOPLE, flashes

from quizapp.extensions import db
from quizapp.models.classroom import CODE_ALPHABET, CODE_LENGTH, Class, ClassMember


def _create(client, name="Losses, autumn") -> tuple[int, str]:
    """Create a class through the form; its id and join code."""
    response = client.post("/instructor/classes", data={"name": name})
    assert response.status_code == 303
    class_id = int(response.headers["Location"].rsplit("/", 1)[-1])
    page = client.get(f"/instructor/classes/{class_id}").data.decode()
    code = re.search(r'class="join-code">([A-Z0-9]+)<', page).group(1)
    return class_id, code


def _members(app, class_id) -> dict[int, str]:
    with app.app_context():
        rows = db.session.execute(
            db.select(ClassMember.user_id, ClassMember.role).filter_by(class_id=class_id)
        )
        return dict(rows.all())


def test_an_instructor_creates_a_class_with_a_code_and_a_link(as_):
    owner = as_("owner")
    class_id, code = _create(owner)
    assert len(code) == CODE_LENGTH and set(code) <= set(CODE_ALPHABET)
    page = owner.get(f"/instructor/classes/{class_id}").data.decode()
    assert f"http://localhost/classes/join/{code}" in page
    assert "Nobody has joined yet" in page
    assert "Losses, autumn" in owner.get("/instructor/classes").data.decode()


def test_a_class_needs_a_name(as_):
    response = as_("owner").post("/instructor/classes", data={"name": "  "})
    assert response.status_code == 422
    assert "Give the class a name." in response.data.decode()


def test_a_learner_joins_with_the_code_as_typed_and_sees_it_on_the_dashboard(app, as_, people):
    class_id, code = _create(as_("owner"))
    learner = as_("learner")
    assert "Join the class" in learner.get("/progress/").data.decode()
    typed = code[:4].lower() + " " + code[4:].lower()
    response = learner.post("/classes/join", data={"code": typed})
    assert response.status_code == 303
    assert flashes(learner.get(response.headers["Location"]).data) == [
        "You are in the class “Losses, autumn”."
    ]
    assert _members(app, class_id) == {people["learner"]: "learner"}
    assert "Losses, autumn" in learner.get("/classes/").data.decode()
    again = learner.post("/classes/join", data={"code": code}, follow_redirects=True)
    assert "You were in the class “Losses, autumn” already." in flashes(again.data)
    assert _members(app, class_id) == {people["learner"]: "learner"}


def test_a_wrong_code_is_refused_with_a_message(as_):
    _create(as_("owner"))
    response = as_("learner").post("/classes/join", data={"code": "ZZZZZZZZ"})
    assert response.status_code == 422
    assert "No class has this code." in response.data.decode()


def test_the_join_link_asks_before_joining(app, as_, people):
    class_id, code = _create(as_("owner"))
    learner = as_("learner")
    page = learner.get(f"/classes/join/{code}")
    assert page.status_code == 200 and "Join “Losses, autumn”" in page.data.decode()
    assert _members(app, class_id) == {}  # a GET changes nothing
    assert learner.post(f"/classes/join/{code}").status_code == 303
    assert _members(app, class_id) == {people["learner"]: "learner"}
    assert "You are in this class already." in learner.get(f"/classes/join/{code}").data.decode()
    assert as_(None).get(f"/classes/join/{code}").status_code == 302  # sign in first


def test_a_learner_leaves_and_cannot_leave_a_class_they_are_not_in(app, as_, people):
    class_id, code = _create(as_("owner"))
    learner = as_("learner")
    learner.post("/classes/join", data={"code": code})
    assert learner.post(f"/classes/{class_id}/leave").status_code == 303
    assert _members(app, class_id) == {}
    assert learner.post(f"/classes/{class_id}/leave").status_code == 404


def test_the_instructor_sees_members_and_removes_a_learner(app, as_, people):
    owner = as_("owner")
    class_id, code = _create(owner)
    as_("learner").post("/classes/join", data={"code": code})
    page = owner.get(f"/instructor/classes/{class_id}").data.decode()
    assert PEOPLE["learner"][0] in page and "Learners (1)" in page
    removed = owner.post(f"/instructor/classes/{class_id}/learners/{people['learner']}/remove")
    assert removed.status_code == 303
    assert _members(app, class_id) == {}
    again = owner.post(f"/instructor/classes/{class_id}/learners/{people['learner']}/remove")
    assert again.status_code == 404


def test_rotating_the_code_retires_the_old_code_and_link(app, as_, people):
    owner = as_("owner")
    class_id, old = _create(owner)
    as_("learner").post("/classes/join", data={"code": old})
    assert owner.post(f"/instructor/classes/{class_id}/rotate-code").status_code == 303
    with app.app_context():
        new = db.session.get(Class, class_id).join_code
    assert new != old
    late = as_("admin")
    assert late.post("/classes/join", data={"code": old}).status_code == 422
    assert late.get(f"/classes/join/{old}").status_code == 404
    assert late.post("/classes/join", data={"code": new}).status_code == 303
    assert _members(app, class_id) == {people["learner"]: "learner", people["admin"]: "learner"}


def test_a_co_instructor_manages_the_class_and_others_do_not_see_it(app, as_, people):
    owner, other = as_("owner"), as_("other")
    class_id, _ = _create(owner)
    assert other.get(f"/instructor/classes/{class_id}").status_code == 404
    assert "Losses, autumn" not in other.get("/instructor/classes").data.decode()
    response = owner.post(
        f"/instructor/classes/{class_id}/co-instructors", data={"email": " OLGA@example.com "}
    )
    assert response.status_code == 303
    assert _members(app, class_id) == {people["other"]: "co-instructor"}
    assert other.get(f"/instructor/classes/{class_id}").status_code == 200
    listed = other.get("/instructor/classes").data.decode()
    assert "Losses, autumn" in listed
    assert "owner owen@example.com" in listed  # the list names whose class it is
    assert "owner owen" not in owner.get("/instructor/classes").data.decode()
    assert other.post(f"/instructor/classes/{class_id}/rotate-code").status_code == 303


def test_only_an_instructor_can_be_a_co_instructor(as_):
    owner = as_("owner")
    class_id, _ = _create(owner)
    for email in ("nobody@example.com", PEOPLE["learner"][0]):
        response = owner.post(
            f"/instructor/classes/{class_id}/co-instructors", data={"email": email}
        )
        assert response.status_code == 422
        assert "There is no instructor with that email." in response.data.decode()
    response = owner.post(
        f"/instructor/classes/{class_id}/co-instructors", data={"email": PEOPLE["owner"][0]}
    )
    assert "That is the class&#39;s owner" in response.data.decode()
