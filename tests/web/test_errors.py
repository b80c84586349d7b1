"""Error pages: every failure a user can meet is a calm page with a message, never a trace."""

from support import make_test_app

from quizapp.extensions import db
from quizapp.models import ServedQuestion, utcnow


def test_not_found_page(client):
    response = client.get("/practice/question/no-such-token")
    assert response.status_code == 404
    assert b"not open in this browser session" in response.data
    assert b"Go to Practise" in response.data


def test_unexpected_exception_is_a_friendly_500(database_url):
    app = make_test_app(database_url, TESTING=False)

    @app.get("/boom")
    def boom():
        raise RuntimeError("kaboom")

    response = app.test_client().get("/boom")
    assert response.status_code == 500
    assert b"Something went wrong on our side" in response.data and b"kaboom" not in response.data


def test_question_of_a_removed_type_is_a_410(app, client, open_question):
    token = open_question()
    with app.app_context():
        row = db.session.execute(db.select(ServedQuestion).filter_by(token=token)).scalar_one()
        row.type_id = "retired_type"
        row.served_at = utcnow()
        db.session.commit()
    response = client.get(f"/practice/question/{token}")
    assert response.status_code == 410 and b"can no longer be shown" in response.data


def test_too_much_text_is_a_413_page(client, open_question):
    token = open_question()
    response = client.post(f"/practice/question/{token}", data={"answer": "1" * 70_000})
    assert response.status_code == 413 and b"Shorten your answer" in response.data
