"""Who may open what: every instructor and admin route for every kind of visitor.

Anonymous visitors are sent to sign in; learners get 403 in the instructor and admin
areas; another instructor's sets do not exist for an instructor (404); the owner and
admins get in. A set's learners' link works for everyone, once the set is published.
"""

from __future__ import annotations

import pytest
from set_support import FORMULA, PEOPLE, TEMPLATE, make_set, share_token

from quizapp.extensions import db
from quizapp.models.question_set import ProblemReport, SetVersion

#: (method, path; {set} {report} {user} filled in, whether it belongs to one set)
ROUTES = [
    ("GET", "/instructor/", False),
    ("GET", "/instructor/sets/new", False),
    ("POST", "/instructor/sets/new", False),
    ("GET", "/instructor/sets/import", False),
    ("POST", "/instructor/sets/import", False),
    ("GET", "/instructor/sets/{set}", True),
    ("GET", "/instructor/sets/{set}/details", True),
    ("POST", "/instructor/sets/{set}/details", True),
    ("POST", "/instructor/sets/{set}/publish", True),
    ("GET", "/instructor/sets/{set}/export.yaml", True),
    ("GET", "/instructor/sets/{set}/export.json", True),
    ("GET", "/instructor/sets/{set}/export.moodle", True),
    ("GET", "/instructor/sets/{set}/reports", True),
    ("POST", "/instructor/sets/{set}/reports/{report}", True),
    ("GET", "/instructor/sets/{set}/items/ce-true-class", True),
    ("GET", "/instructor/sets/{set}/items/new?kind=numeric", True),
    ("POST", "/instructor/sets/{set}/items/new?kind=numeric", True),
    ("GET", "/instructor/sets/{set}/items/ce-true-class/edit", True),
    ("POST", "/instructor/sets/{set}/items/ce-true-class/edit", True),
    ("POST", "/instructor/sets/{set}/items/ce-true-class/move", True),
    ("POST", "/instructor/sets/{set}/items/ce-true-class/duplicate", True),
    ("GET", "/instructor/sets/{set}/items/ce-true-class/delete", True),
    ("POST", "/instructor/sets/{set}/items/ce-true-class/delete", True),
    ("GET", "/instructor/sets/{set}/items/ce-true-class/preview?seed=3", True),
    ("GET", "/instructor/sets/{set}/items/ce-true-class/preview", True),
    ("POST", "/instructor/sets/{set}/items/ce-true-class/preview", True),
    ("POST", "/instructor/sets/{set}/items/ce-true-class/preview/hint", True),
]
ADMIN_ROUTES = [("GET", "/admin/users"), ("POST", "/admin/users/{user}/role")]


@pytest.fixture
def world(app, people):
    """The owner's published set (a formula and a template item) with one learner's report."""
    with app.app_context():
        set_id = make_set(PEOPLE["owner"][0], FORMULA, TEMPLATE, publish=True)
        version = db.session.execute(db.select(SetVersion).filter_by(set_id=set_id)).scalar_one()
        report = ProblemReport(
            reporter_id=people["learner"],
            set_version_id=version.id,
            item_id=FORMULA["id"],
            seed=3,
            text="The unit is missing.",
        )
        db.session.add(report)
        db.session.commit()
        return {"set": set_id, "report": report.id, "user": people["learner"]}


def _request(client, method, path, world):
    url = path.format(**world)
    data = {"seed": "3", "version": "1", "answer": "0.5", "direction": "up"}
    return client.get(url) if method == "GET" else client.post(url, data=data)


@pytest.mark.parametrize(
    ("method", "path", "_one_set"), ROUTES + [(m, p, False) for m, p in ADMIN_ROUTES]
)
def test_anonymous_visitors_are_sent_to_sign_in(as_, world, method, path, _one_set):
    response = _request(as_(None), method, path, world)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/auth/sign-in")


@pytest.mark.parametrize(
    ("method", "path", "_one_set"), ROUTES + [(m, p, False) for m, p in ADMIN_ROUTES]
)
def test_learners_are_refused(as_, world, method, path, _one_set):
    response = _request(as_("learner"), method, path, world)
    assert response.status_code == 403


@pytest.mark.parametrize(("method", "path", "one_set"), ROUTES)
def test_another_instructor_does_not_see_the_set(as_, world, method, path, one_set):
    """Another instructor's set is "not found", so ids reveal nothing; the rest is open."""
    response = _request(as_("other"), method, path, world)
    if one_set:
        assert response.status_code == 404
    else:
        assert response.status_code in (200, 303, 400, 422)


@pytest.mark.parametrize("who", ["owner", "admin"])
@pytest.mark.parametrize(("method", "path", "_one_set"), ROUTES)
def test_the_owner_and_admins_get_in(as_, world, who, method, path, _one_set):
    response = _request(as_(who), method, path, world)
    assert response.status_code in (200, 303, 400, 422), response.status_code


@pytest.mark.parametrize("who", ["learner", "owner", "other"])
@pytest.mark.parametrize(("method", "path"), ADMIN_ROUTES)
def test_only_admins_may_change_roles(as_, world, who, method, path):
    assert _request(as_(who), method, path, world).status_code == 403


@pytest.mark.parametrize("who", [None, "learner", "other", "owner", "admin"])
def test_a_published_sets_link_is_open_to_everyone(app, as_, world, who):
    with app.app_context():
        token = share_token(world["set"])
    client = as_(who)
    assert client.get(f"/sets/{token}").status_code == 200
    assert client.post(f"/sets/{token}/start").status_code == 303


@pytest.mark.parametrize("who", [None, "learner", "owner", "admin"])
def test_a_draft_set_cannot_be_opened_by_its_link(app, as_, people, who):
    """Not even by its owner: a draft is previewed in the instructor area, not practised."""
    with app.app_context():
        token = share_token(make_set(PEOPLE["owner"][0], FORMULA))
    response = as_(who).get(f"/sets/{token}")
    assert response.status_code == 404 and b"no published set" in response.data
    assert as_(who).get("/sets/not-a-token").status_code == 404


def test_the_nav_shows_the_instructor_area_to_instructors_and_admins(as_, world):
    for who, shown in (("learner", False), ("owner", True), ("admin", True)):
        page = as_(who).get("/practice/").data
        assert (b'href="/instructor/"' in page) is shown, who
    assert b"Users and roles" in as_("admin").get("/instructor/").data
    assert b"Users and roles" not in as_("owner").get("/instructor/").data
