"""Interview mode: a planned round of ten, resumable, timed on the server, then summarised."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from quizapp.engine.questions import registry
from quizapp.extensions import db
from quizapp.models import Attempt, ServedQuestion
from quizapp.models.progress import InterviewItem, InterviewRound
from quizapp.services import interview
from quizapp.services import practice as practice_service


def start(client, difficulty="1") -> str:
    response = client.post("/interview/start", data={"difficulty": difficulty})
    assert response.status_code == 303
    path = response.headers["Location"]
    assert re.fullmatch(r"/interview/round/\d+", path), path
    return path


def current_token(client, path: str) -> str:
    page = client.get(path)
    assert page.status_code == 200, page.status_code
    return re.search(r'name="served_token" value="([^"]+)"', page.data.decode()).group(1)


def right_answer(app, token: str) -> str:
    """The expected answer of the served question, typed as a learner would."""
    with app.app_context():
        served = db.session.execute(db.select(ServedQuestion).filter_by(token=token)).scalar_one()
        question = practice_service.question_for(served)
    if question.kind == "explain":
        return " ".join(point.text for point in question.key_points)
    if isinstance(question.answer, list):
        return "[" + ", ".join(repr(float(v)) for v in question.answer) + "]"
    return str(question.answer)


def answer(client, path: str, text: str, token: str):
    return client.post(f"{path}/answer", data={"answer": text, "served_token": token})


def the_round(app, path: str) -> InterviewRound:
    with app.app_context():
        round_ = db.session.get(InterviewRound, int(path.rsplit("/", 1)[-1]))
        db.session.expunge(round_)
        return round_


def test_plan_has_ten_distinct_types_across_topics_and_one_explain():
    types = registry()
    for _ in range(20):
        plan = interview.plan_round(2)
        ids = [step["type"] for step in plan]
        assert len(plan) == interview.ROUND_SIZE == 10
        assert len(set(ids)) == 10
        assert [types[t].kind for t in ids].count("explain") == 1
        assert types[ids[0]].kind != "explain"
        computed_topics = {q.topic for q in types.values() if q.kind != "explain"}
        assert {types[t].topic for t in ids if types[t].kind != "explain"} == computed_topics
        assert all(step["difficulty"] == 2 and 0 <= step["seed"] < 2**32 for step in plan)


def test_a_guest_can_play_a_whole_round_and_gets_a_summary(app, client):
    path = start(client)
    for number in range(1, 11):
        page = client.get(path).data.decode()
        assert f"question {number} of 10" in page
        token = current_token(client, path)
        text = right_answer(app, token) if number % 2 else "0"
        response = answer(client, path, text, token)
        assert response.status_code == 303
        if the_round(app, path).position == number - 1:  # "0" was unreadable: answer it right
            response = answer(client, path, right_answer(app, token), token)
            assert response.status_code == 303
    assert client.get(path).headers["Location"].endswith("/summary")
    summary = client.get(f"{path}/summary").data.decode()
    assert "Round complete" in summary
    assert summary.count('<td class="num">') >= 20  # position and time for every question
    assert "What to review next" in summary
    round_ = the_round(app, path)
    assert round_.status == "finished" and round_.position == 10 and round_.finished_at
    with app.app_context():
        assert db.session.execute(db.select(db.func.count(Attempt.id))).scalar_one() == 10


def test_reload_shows_the_same_current_question_and_index_offers_resume(app, client):
    path = start(client)
    first = current_token(client, path)
    assert current_token(client, path) == first  # a reload does not serve a new question
    answer(client, path, right_answer(app, first), first)
    second = current_token(client, path)
    assert second != first and current_token(client, path) == second
    index = client.get("/interview/").data.decode()
    assert "Resume your round" in index and "question 2 of 10" in index
    # Starting again resumes instead of opening a second round.
    again = client.post("/interview/start", data={"difficulty": "1"})
    assert again.headers["Location"] == path


def test_an_answer_recorded_before_a_crash_moves_the_round_on(app, client):
    """If the attempt was saved but the round not advanced, the next page view catches up."""
    path = start(client)
    token = current_token(client, path)
    with app.app_context():
        served = db.session.execute(db.select(ServedQuestion).filter_by(token=token)).scalar_one()
        practice_service.submit_answer(served, right_answer(app, token))
    assert current_token(client, path) != token
    assert the_round(app, path).position == 1


def test_unreadable_answer_keeps_the_text_and_records_nothing(app, client):
    path = start(client)
    with app.app_context():
        round_ = db.session.get(InterviewRound, int(path.rsplit("/", 1)[-1]))
        numeric = [i for i, s in enumerate(round_.plan) if registry()[s["type"]].kind == "numeric"]
        # Make the first question a numeric one for this test, then serve it afresh.
        round_.plan = [round_.plan[numeric[0]]] + [
            s for i, s in enumerate(round_.plan) if i != numeric[0]
        ]
        db.session.execute(db.delete(InterviewItem))
        db.session.commit()
    token = current_token(client, path)
    response = answer(client, path, "ln(0.7", token)
    assert response.status_code == 303 and response.headers["Location"] == path
    page = client.get(path)  # post/redirect/get: reloading this page sends nothing again
    assert b'id="answer-error"' in page.data and b'value="ln(0.7"' in page.data
    assert the_round(app, path).position == 0
    with app.app_context():
        assert db.session.execute(db.select(db.func.count(Attempt.id))).scalar_one() == 0


def test_a_stale_page_cannot_answer_a_later_question(app, client):
    path = start(client)
    first = current_token(client, path)
    answer(client, path, right_answer(app, first), first)
    again = answer(client, path, "0.1", first)  # the old page submitted twice
    assert again.status_code == 303
    assert b"earlier question" in client.get(path).data
    with app.app_context():
        assert db.session.execute(db.select(db.func.count(Attempt.id))).scalar_one() == 1
    assert the_round(app, path).position == 1


def test_explain_question_shows_a_timer_and_time_is_measured_on_the_server(app, client):
    path = start(client)
    with app.app_context():
        round_ = db.session.get(InterviewRound, int(path.rsplit("/", 1)[-1]))
        explain_at = next(
            i for i, s in enumerate(round_.plan) if registry()[s["type"]].kind == "explain"
        )
        round_.plan = [round_.plan[explain_at]] + [
            s for i, s in enumerate(round_.plan) if i != explain_at
        ]
        db.session.execute(db.delete(InterviewItem))
        db.session.commit()
    page = client.get(path).data.decode()
    assert 'role="timer"' in page and 'data-seconds-left="60"' in page
    assert "interview-timer.js" in page
    token = current_token(client, path)
    with app.app_context():  # the learner took 75 s (a page reload would not reset this)
        served = db.session.execute(db.select(ServedQuestion).filter_by(token=token)).scalar_one()
        served.served_at -= timedelta(seconds=75)
        db.session.commit()
    assert "Time is up" in client.get(path).data.decode()
    answer(client, path, "Entropy is the expected surprisal under p.", token)
    with app.app_context():
        attempt = db.session.execute(db.select(Attempt).filter_by(served_token=token)).scalar_one()
        assert attempt.time_taken_ms >= 75_000


def test_abandon_ends_the_round_and_summarises_what_was_answered(app, client):
    path = start(client)
    token = current_token(client, path)
    answer(client, path, right_answer(app, token), token)
    response = client.post(f"{path}/abandon")
    assert response.headers["Location"] == f"{path}/summary"
    summary = client.get(f"{path}/summary").data.decode()
    assert "Round abandoned" in summary and summary.count("Not answered") == 9
    assert "Resume your round" not in client.get("/interview/").data.decode()
    assert the_round(app, path).status == "abandoned"
    assert client.post(f"{path}/answer", data={"answer": "1"}).status_code == 303


def test_someone_elses_round_is_a_404(app, client, auth):
    path = start(client)  # a guest's round
    other = app.test_client()
    assert other.get(path).status_code == 404
    assert other.get(f"{path}/summary").status_code == 404
    assert other.post(f"{path}/abandon").status_code == 404
    auth.sign_up()  # the guest key leaves the session on sign-up
    assert client.get(path).status_code == 200  # the round came along with the guest's answers


def test_a_signed_in_round_feeds_progress_and_review(app, client, auth):
    auth.sign_up()
    path = start(client)
    token = current_token(client, path)
    answer(client, path, right_answer(app, token), token)
    page = client.get("/progress/").data.decode()
    assert page.count('href="/progress/attempt/') == 1
    with app.app_context():
        from quizapp.models.progress import ReviewCard

        assert db.session.execute(db.select(db.func.count(ReviewCard.id))).scalar_one() == 1


@pytest.mark.parametrize("difficulty", ["0", "easy", ""])
def test_bad_difficulty_is_a_422_with_a_message(client, difficulty):
    response = client.post("/interview/start", data={"difficulty": difficulty})
    assert response.status_code == 422
    assert b"field-error" in response.data
