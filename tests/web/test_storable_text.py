"""Text no database can store (a NUL character) is refused with a 400 saying where, never
stored: on PostgreSQL it used to reach psycopg and fail there (a 500), a finding of the form
fuzzer (tests/fuzz/test_form_fuzz.py)."""

from __future__ import annotations

import pytest
from support import ONE_HOT_PARAMS, add_user, row_count, sign_in, token_from

from quizapp.extensions import db
from quizapp.models import ServedQuestion


@pytest.mark.parametrize(
    ("path", "data", "field"),
    [
        ("/instructor/sets/new", {"title": "Loss\x00es", "description": ""}, "title"),
        ("/instructor/classes", {"name": "Group\x00A"}, "name"),
        ("/auth/sign-up", {"display_name": "A\x00n", "email": "a@example.com"}, "display_name"),
    ],
)
def test_a_nul_in_a_form_field_is_a_400_naming_the_field(app, client, path, data, field):
    with app.app_context():
        add_user("owen@example.com", "instructor")
        before = {table: row_count(table) for table in ("question_set", "class", "user")}
    if not path.startswith("/auth"):
        sign_in(client, "owen@example.com")
    response = client.post(path, data=data)
    assert response.status_code == 400
    assert f"The form field “{field}” contained a NUL character (U+0000)" in response.text
    with app.app_context():
        assert {table: row_count(table) for table in before} == before


def test_a_nul_in_an_answer_keeps_the_question_open_and_unchanged(app, client):
    token = token_from(
        client.get("/practice/q/ce_one_hot", query_string={"params": ONE_HOT_PARAMS})
    )
    response = client.post(f"/practice/question/{token}", data={"answer": "0.3\x005"})
    assert response.status_code == 400 and "NUL character" in response.text
    with app.app_context():
        served = db.session.execute(db.select(ServedQuestion).filter_by(token=token)).scalar_one()
        assert served.answered_at is None and served.draft_answer is None
        assert row_count("attempt") == 0


@pytest.mark.parametrize(
    "url",
    ["/practice/question/a%00b", "/practice/question/a%00b/hint", "/sets/a%00b", "/?next=%00"],
)
def test_a_nul_in_the_address_or_query_is_a_400(client, url):
    method = client.post if url.endswith("hint") else client.get
    response = method(url)
    assert response.status_code == 400 and "NUL character (U+0000)" in response.text
