"""A question's pages read the signed-in user in the same statement as the served row
(``auth.session_user``); the loader must still refuse every session it refused before.

Each refused session here opens a question its user was served: were the user read with
the row taken on trust, the page would open (200) instead of being another learner's (404).
"""

from __future__ import annotations

import pytest
from support import ONE_HOT_PARAMS, PASSWORD, add_user, sign_in, token_from

from quizapp.extensions import db
from quizapp.models import User

EMAIL = "lee@example.com"
SIGNED_IN_NAV = b"Sign out</button>"
NOT_OPEN = b"This question is not open in this browser session."


@pytest.fixture
def lee(app):
    """A learner's client, signed in, and the token of a question served to her."""
    with app.app_context():
        add_user(EMAIL)
    client = app.test_client()
    sign_in(client, EMAIL)
    served = client.get("/practice/q/ce_one_hot", query_string={"params": ONE_HOT_PARAMS})
    return client, token_from(served)


def copy_of(app, client):
    """A new client holding only ``client``'s session cookie."""
    thief = app.test_client()
    thief.set_cookie("session", client.get_cookie("session").value)
    return thief


def signed_as(app, session_id: str):
    """A client whose session cookie (signed with the app's key) carries ``session_id``."""
    client = app.test_client()
    cookie = app.session_interface.get_signing_serializer(app).dumps({"_user_id": session_id})
    client.set_cookie("session", cookie)
    return client


def refused(client, token: str) -> None:
    """The question page treats ``client`` as a guest: not her question, and no nav of hers."""
    for path in (f"/practice/question/{token}", f"/practice/feedback/{token}"):
        page = client.get(path)
        assert page.status_code == 404, (path, page.status_code)
        assert NOT_OPEN in page.data and SIGNED_IN_NAV not in page.data
    answer = client.post(f"/practice/question/{token}", data={"answer": "0.357"})
    assert answer.status_code == 404


def test_the_question_page_signs_in_with_the_row_it_reads(app, lee):
    client, token = lee
    page = client.get(f"/practice/question/{token}")
    assert page.status_code == 200 and SIGNED_IN_NAV in page.data
    assert copy_of(app, client).get(f"/practice/question/{token}").status_code == 200


def test_an_ended_session_opens_none_of_its_questions(app, lee):
    client, token = lee
    thief = copy_of(app, client)
    assert client.post("/auth/sign-out-everywhere").status_code == 303
    refused(thief, token)
    sign_in(client, EMAIL)  # the learner herself, signed in again, still has it
    assert client.get(f"/practice/question/{token}").status_code == 200


def test_a_changed_password_ends_the_copies_on_question_pages(app, lee):
    client, token = lee
    thief = copy_of(app, client)
    new = "tangerine velvet piano"
    changed = client.post(
        "/auth/password", data={"current": PASSWORD, "password": new, "confirm": new}
    )
    assert changed.status_code == 303, changed.status_code
    refused(thief, token)
    assert client.get(f"/practice/question/{token}").status_code == 200


@pytest.mark.parametrize("forged", ["{id}.0.{fingerprint}x", "{id}.1.{fingerprint}", "{id}.0.0"])
def test_a_forged_session_id_opens_none_of_its_questions(app, lee, forged):
    """The right row id with a wrong generation or fingerprint is no user."""
    _client, token = lee
    with app.app_context():
        user = db.session.execute(db.select(User).filter_by(email=EMAIL)).scalar_one()
        session_id = forged.format(id=user.id, fingerprint=user.session_fingerprint())
    refused(signed_as(app, session_id), token)


@pytest.mark.parametrize(
    "malformed",
    ["abc", "{id}", "{id}.{fingerprint}", "{id}.0.{fingerprint}.x", "{id}.x.{fingerprint}",
     "-1.0.x", "\u0661.0.{fingerprint}", "{id} .0.{fingerprint}", "", "2147483648.0.x",
     "999999999999999999.0.x", "{id}.2147483648.{fingerprint}"],
)  # fmt: skip
def test_a_malformed_session_id_is_a_guest_on_question_pages(app, lee, malformed):
    """Refused before any query, including numbers no integer column holds (which
    PostgreSQL would refuse with an error, a 500)."""
    _client, token = lee
    with app.app_context():
        user = db.session.execute(db.select(User).filter_by(email=EMAIL)).scalar_one()
        session_id = malformed.format(id=user.id, fingerprint=user.session_fingerprint())
    refused(signed_as(app, session_id), token)
    assert signed_as(app, session_id).get("/practice/").status_code == 200


def test_another_learners_session_opens_none_of_hers(app, lee):
    client, token = lee
    with app.app_context():
        add_user("bob@example.com")
    bob = app.test_client()
    sign_in(bob, "bob@example.com")
    for path in (f"/practice/question/{token}", f"/practice/feedback/{token}"):
        page = bob.get(path)
        assert page.status_code == 404 and SIGNED_IN_NAV in page.data  # signed in, as Bob
    assert bob.post(f"/practice/question/{token}", data={"answer": "0.357"}).status_code == 404
    assert client.get(f"/practice/question/{token}").status_code == 200


def test_remember_me_signs_in_on_question_pages_until_ended(app):
    """No session id in the session: Flask-Login loads the user from the remember-me
    cookie, and the loader reads it on its own."""
    with app.app_context():
        add_user(EMAIL)
    lee = app.test_client()
    signed = lee.post("/auth/sign-in", data={"email": EMAIL, "password": PASSWORD, "remember": "y"})
    assert signed.status_code == 303
    token = token_from(lee.get("/practice/q/ce_one_hot", query_string={"params": ONE_HOT_PARAMS}))
    remembered = app.test_client()
    remembered.set_cookie("remember_token", lee.get_cookie("remember_token").value)
    page = remembered.get(f"/practice/question/{token}")
    assert page.status_code == 200 and SIGNED_IN_NAV in page.data
    both = copy_of(app, lee)
    both.set_cookie("remember_token", lee.get_cookie("remember_token").value)
    assert lee.post("/auth/sign-out-everywhere").status_code == 303
    refused(app.test_client(), token)  # a stranger, for comparison
    for copy in (remembered, both):
        refused(copy, token)


def test_a_deleted_account_is_no_user(app, lee):
    """No user row: the joined read finds nothing, and the page is a guest's (no 500)."""
    client, token = lee
    with app.app_context():
        db.session.execute(db.delete(User).where(User.email == EMAIL))
        db.session.commit()
    page = client.get(f"/practice/question/{token}")
    assert page.status_code == 404 and SIGNED_IN_NAV not in page.data
