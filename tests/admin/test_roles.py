"""Roles: learner by default; an admin promotes and demotes users in the browser."""

from __future__ import annotations

import re

import pytest
from support import add_user, csrf_token, flashes, sign_in

from quizapp.extensions import db
from quizapp.models import User


def role_of(app, email: str) -> str:
    with app.app_context():
        return db.session.execute(db.select(User.role).filter_by(email=email)).scalar_one()


@pytest.fixture
def admin(app):
    with app.app_context():
        add_user("ada@example.com", "admin")
        add_user("lee@example.com", "learner")
    client = app.test_client()
    sign_in(client, "ada@example.com")
    return client


def user_id(app, email: str) -> int:
    with app.app_context():
        return db.session.execute(db.select(User.id).filter_by(email=email)).scalar_one()


def test_sign_up_makes_a_learner(app, auth):
    auth.sign_up(email="new@example.com")
    assert role_of(app, "new@example.com") == "learner"


def test_the_admin_page_lists_users_with_their_roles(admin):
    page = admin.get("/admin/users").data.decode()
    assert "lee@example.com" in page and "ada@example.com" in page
    assert re.search(r'<option selected value="learner">Learner</option>', page)


def test_an_admin_promotes_a_learner_who_then_enters_the_instructor_area(app, admin):
    lee = user_id(app, "lee@example.com")
    learner = app.test_client()
    sign_in(learner, "lee@example.com")
    assert learner.get("/instructor/").status_code == 403
    response = admin.post(f"/admin/users/{lee}/role", data={f"u{lee}-role": "instructor"})
    assert response.status_code == 303 and response.headers["Location"].endswith(f"#user-{lee}")
    assert "lee@example.com is now instructor." in flashes(admin.get("/admin/users").data)
    assert role_of(app, "lee@example.com") == "instructor"
    assert learner.get("/instructor/").status_code == 200
    admin.post(f"/admin/users/{lee}/role", data={f"u{lee}-role": "learner"})
    assert role_of(app, "lee@example.com") == "learner"
    assert learner.get("/instructor/").status_code == 403


def test_the_last_admin_cannot_be_demoted(app, admin):
    ada = user_id(app, "ada@example.com")
    admin.post(f"/admin/users/{ada}/role", data={f"u{ada}-role": "learner"})
    assert "the only admin" in " ".join(flashes(admin.get("/admin/users").data))
    assert role_of(app, "ada@example.com") == "admin"


@pytest.mark.parametrize("role", ["king", ""])
def test_an_unknown_role_is_refused(app, admin, role):
    lee = user_id(app, "lee@example.com")
    admin.post(f"/admin/users/{lee}/role", data={f"u{lee}-role": role})
    assert "Choose one of the roles" in " ".join(flashes(admin.get("/admin/users").data))
    assert role_of(app, "lee@example.com") == "learner"


def test_an_unknown_user_is_404(admin):
    assert admin.post("/admin/users/999/role", data={"u999-role": "admin"}).status_code == 404


def test_changing_a_role_needs_the_csrf_token(csrf_app):
    with csrf_app.app_context():
        add_user("ada@example.com", "admin")
        lee = add_user("lee@example.com", "learner")
    client = csrf_app.test_client()
    token = csrf_token(client.get("/auth/sign-in").data)
    client.post(
        "/auth/sign-in",
        data={"email": "ada@example.com", "password": "correct horse", "csrf_token": token},
    )
    client.post(f"/admin/users/{lee}/role", data={f"u{lee}-role": "instructor"})
    assert role_of(csrf_app, "lee@example.com") == "learner"
    page = client.get("/admin/users").data
    token = re.search(rb'name="u%d-csrf_token" type="hidden" value="([^"]+)"' % lee, page)
    client.post(
        f"/admin/users/{lee}/role",
        data={f"u{lee}-role": "instructor", f"u{lee}-csrf_token": token.group(1).decode()},
    )
    assert role_of(csrf_app, "lee@example.com") == "instructor"
