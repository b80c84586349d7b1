"""Hostile or unlucky requests get a clear 4xx, never a 500, and sessions start clean."""

import pytest
from support import ONE_HOT_PARAMS, token_from

HUGE = "99999999999999999999999"


@pytest.mark.parametrize(
    "path",
    [
        f"/progress/attempt/{HUGE}",
        f"/interview/round/{HUGE}",
        f"/auth/api-tokens/{HUGE}/revoke",
    ],
)
def test_ids_beyond_the_database_range_are_404(client, auth, path):
    """A 23-digit id used to reach SQLite and overflow (a 500); now no route matches."""
    auth.sign_up()
    method = client.post if path.endswith("revoke") else client.get
    assert method(path).status_code == 404


@pytest.mark.parametrize("length", ["²", "①", "-1", "abc", "1000"])
def test_preview_ignores_a_length_that_is_not_a_small_ascii_number(client, length):
    """'²'.isdigit() is true but int('²') fails: the preview must not crash on it."""
    response = client.get("/practice/preview", query_string={"text": "0.5", "length": length})
    assert response.status_code == 200 and response.is_json


def test_deeply_nested_link_params_are_a_400(client):
    """json.loads raises RecursionError, not ValueError, for very deep nesting."""
    params = "[" * 5000 + "]" * 5000
    response = client.get("/practice/q/ce_one_hot", query_string={"params": params})
    assert response.status_code == 400 and b"nested too deeply" in response.data


def test_answer_without_session_or_csrf_token_is_a_4xx_page(csrf_app):
    """A browser that lost its cookies posts an answer: the CSRF page for a question it
    no longer owns must be a 4xx, not an abort inside the error handler (a 500)."""
    opened = csrf_app.test_client().get(
        "/practice/q/ce_one_hot", query_string={"params": ONE_HOT_PARAMS}
    )
    token = token_from(opened)
    stranger = csrf_app.test_client()
    response = stranger.post(f"/practice/question/{token}", data={"answer": "0.357"})
    assert 400 <= response.status_code < 500
    assert stranger.post("/practice/question/nope", data={"answer": "1"}).status_code < 500


def test_sign_in_and_sign_out_start_a_fresh_session(client, auth):
    """Nothing planted in the session before sign-in survives it, or sign-out."""
    auth.sign_up()
    client.post("/auth/sign-out")
    with client.session_transaction() as session:
        session["planted"] = "by someone else"
    auth.sign_in()
    with client.session_transaction() as session:
        assert "planted" not in session
        session["planted"] = "again"
    client.post("/auth/sign-out")
    with client.session_transaction() as session:
        assert "planted" not in session


def test_changing_the_password_ends_other_sessions(app, client, auth):
    """A session signed in elsewhere (or a remember-me cookie) stops working; this one goes on."""
    auth.sign_up()
    phone = app.test_client()
    phone.post("/auth/sign-in", data={"email": "ada@example.com", "password": "correct horse"})
    assert phone.get("/auth/account").status_code == 200
    new = "a-new-password-1"
    changed = client.post(
        "/auth/password", data={"current": "correct horse", "password": new, "confirm": new}
    )
    assert changed.status_code == 303
    assert client.get("/auth/account").status_code == 200
    assert phone.get("/auth/account").status_code in (302, 303)


def test_an_overlong_email_is_refused_with_a_message(client, auth):
    """The column holds 254 characters; PostgreSQL would reject more with an error (a 500)."""
    response = auth.sign_up(email="a" * 250 + "@example.com")
    assert response.status_code == 422 and b"at most 254 characters" in response.data


def test_an_integer_too_large_for_a_float_in_link_params_is_a_400(client):
    """The fixed-link route reads the same params as the API, with the same check."""
    params = '{"p": 1' + "0" * 400 + ', "target": 1}'
    response = client.get("/practice/q/bce", query_string={"params": params})
    assert response.status_code == 400
    assert b"p must be between 0 and 1" in response.data
