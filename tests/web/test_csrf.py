"""CSRF protection on every form, with a friendly re-shown form instead of a bare 400."""

from support import PASSWORD, csrf_token, sign_up_with_csrf

from quizapp.extensions import db
from quizapp.models import Attempt, User


def count(app, model):
    with app.app_context():
        return db.session.execute(db.select(db.func.count(model.id))).scalar_one()


def test_sign_up_without_token_is_refused_and_form_reshown(csrf_app):
    client = csrf_app.test_client()
    data = {"display_name": "Eve", "email": "eve@example.com", "password": PASSWORD}
    response = client.post("/auth/sign-up", data={**data, "confirm": data["password"]})
    assert response.status_code == 303 and response.headers["Location"].endswith("/auth/sign-up")
    page = client.get(response.headers["Location"])
    assert b"could not be checked" in page.data and b'name="email"' in page.data
    assert count(csrf_app, User) == 0


def test_sign_up_with_token_works(csrf_app):
    client = csrf_app.test_client()
    token = csrf_token(client.get("/auth/sign-up").data)
    password = PASSWORD
    response = client.post(
        "/auth/sign-up",
        data={
            "csrf_token": token,
            "display_name": "Ann",
            "email": "ann@example.com",
            "password": password,
            "confirm": password,
        },
    )
    assert response.status_code == 303 and count(csrf_app, User) == 1


def test_answer_without_token_keeps_the_text_and_records_nothing(csrf_app):
    client = csrf_app.test_client()
    params = '{"pred": [0.7, 0.2, 0.1], "target": 0, "unit": "nats"}'
    location = client.get("/practice/q/ce_one_hot", query_string={"params": params}).location
    response = client.post(location, data={"answer": "0.357"})
    assert response.status_code == 400
    assert b"could not be checked" in response.data and b'value="0.357"' in response.data
    assert count(csrf_app, Attempt) == 0
    # With the token from the page, the same answer is accepted.
    token = csrf_token(response.data)
    accepted = client.post(location, data={"answer": "0.357", "csrf_token": token})
    assert accepted.status_code == 303 and count(csrf_app, Attempt) == 1


def test_sign_out_without_token_does_not_sign_out(csrf_app):
    client = csrf_app.test_client()
    sign_up_with_csrf(client, "a@example.com", PASSWORD)
    response = client.post("/auth/sign-out", headers={"Referer": "http://localhost/"})
    assert response.status_code == 303
    assert b"Sign out" in client.get("/").data  # still signed in


def test_start_without_token_is_refused(csrf_app):
    client = csrf_app.test_client()
    response = client.post("/practice/", data={"difficulty": "1"})
    assert response.status_code == 303 and response.headers["Location"].endswith("/practice/")
    assert b"could not be checked" in client.get("/practice/").data


def test_post_without_token_from_elsewhere_gets_an_error_page(csrf_app):
    client = csrf_app.test_client()
    response = client.post("/practice/next", headers={"Referer": "https://evil.example/"})
    assert response.status_code == 400 and b"could not be checked" in response.data
