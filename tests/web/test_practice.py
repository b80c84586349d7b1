"""The practice flow: start, question, answer, feedback, hints, fixed links, preview."""

import json

import pytest
from support import ONE_HOT_PARAMS, token_from

from quizapp.engine.questions import registry
from quizapp.extensions import db
from quizapp.models import Attempt, ServedQuestion


def attempts(app):
    with app.app_context():
        return db.session.execute(db.select(Attempt).order_by(Attempt.id)).scalars().all()


def served(app, token):
    with app.app_context():
        return db.session.execute(db.select(ServedQuestion).filter_by(token=token)).scalar_one()


def test_start_page_lists_topics_and_difficulties(client):
    response = client.get("/practice/")
    assert response.status_code == 200
    assert b'name="topics"' in response.data and b'name="difficulty"' in response.data
    assert b"Binary cross-entropy" in response.data


def test_start_serves_a_question_from_the_chosen_topic(app, client):
    response = client.post("/practice/", data={"topics": ["binary"], "difficulty": "2"})
    token = token_from(response)
    row = served(app, token)
    assert registry()[row.type_id].topic == "binary"
    assert row.difficulty == 2 and row.origin == "drawn" and not row.params_fixed
    page = client.get(f"/practice/question/{token}")
    assert page.status_code == 200 and b'class="prompt"' in page.data


def test_start_with_unknown_topic_shows_an_error(client):
    response = client.post("/practice/", data={"topics": ["astrology"], "difficulty": "1"})
    assert response.status_code == 422
    assert b"not a valid choice" in response.data


def test_fixed_params_link_opens_exactly_that_question(app, client, open_question):
    token = open_question(difficulty="1")
    row = served(app, token)
    assert row.type_id == "ce_one_hot" and row.params_fixed and row.origin == "link"
    assert row.params["pred"] == [0.7, 0.2, 0.1]
    page = client.get(f"/practice/question/{token}")
    assert b"0.7" in page.data
    assert b'aria-describedby="answer-format log-note answer-preview"' in page.data
    assert b"natural log" in page.data


def test_fixed_seed_link_is_reproducible(app, open_question):
    first = served(app, open_question(type_id="entropy", params=None, seed="42"))
    second = served(app, open_question(type_id="entropy", params=None, seed="42"))
    assert first.seed == second.seed == 42
    assert first.params == second.params and first.token != second.token


@pytest.mark.parametrize(
    ("path", "query", "message"),
    [
        ("/practice/q/ce_one_hot", {"params": "{not json"}, b"not valid JSON"),
        ("/practice/q/ce_one_hot", {"params": "[1, 2]"}, b"params must be an object"),
        ("/practice/q/ce_one_hot", {"params": '{"pred": [0.7, 0.7], "target": 0}'}, b"pred"),
        ("/practice/q/ce_one_hot", {"difficulty": "9"}, b"difficulty must be"),
        ("/practice/q/ce_one_hot", {"seed": "-3"}, b"seed must be"),
    ],
)
def test_bad_fixed_link_is_a_400_with_the_reason(client, path, query, message):
    response = client.get(path, query_string=query)
    assert response.status_code == 400
    assert message in response.data
    assert b"cannot be opened" in response.data or b"not valid JSON" in response.data


def test_link_to_an_unknown_question_type_is_a_404(app, client):
    """No such type is a missing page, not a bad request; nothing is served."""
    response = client.get("/practice/q/no_such_type", query_string={"seed": "3"})
    assert response.status_code == 404
    assert "no question type called “no_such_type”".encode() in response.data
    with app.app_context():
        assert db.session.execute(db.select(db.func.count(ServedQuestion.id))).scalar_one() == 0


def test_correct_answer_is_recorded_and_shown(app, client, open_question):
    token = open_question()
    response = client.post(f"/practice/question/{token}", data={"answer": "0.357"})
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/practice/feedback/{token}")
    page = client.get(f"/practice/feedback/{token}")
    assert b"Correct" in page.data and b"0.3567" in page.data
    assert b"Worked solution" in page.data and b"<svg" in page.data
    (attempt,) = attempts(app)
    assert attempt.correct and attempt.score == 1.0 and attempt.diagnosis is None
    assert attempt.type_id == "ce_one_hot" and attempt.raw_answer == "0.357"
    assert attempt.parsed_value == pytest.approx(0.357)
    assert attempt.time_taken_ms is not None and attempt.time_taken_ms >= 0
    assert served(app, token).answered_at is not None


def test_expression_answer_is_read_back(client, open_question):
    token = open_question()
    client.post(f"/practice/question/{token}", data={"answer": "-ln(0.7)"})
    page = client.get(f"/practice/feedback/{token}")
    assert "−ln(0.7) = 0.3567".encode() in page.data
    assert b"Read as" in page.data


def test_log2_answer_names_the_misconception(app, client, open_question):
    token = open_question()
    client.post(f"/practice/question/{token}", data={"answer": "0.5146"})
    page = client.get(f"/practice/feedback/{token}")
    assert b"Not quite" in page.data
    assert b"Log base 2 instead of the natural log" in page.data
    (attempt,) = attempts(app)
    assert not attempt.correct and attempt.diagnosis == "log_base_2" and attempt.score == 0


def test_wrong_answer_without_known_mistake(app, client, open_question):
    token = open_question()
    client.post(f"/practice/question/{token}", data={"answer": "2.5"})
    page = client.get(f"/practice/feedback/{token}")
    assert b"Not quite" in page.data and b"0.3567 nats" in page.data
    (attempt,) = attempts(app)
    assert not attempt.correct and attempt.diagnosis is None


@pytest.mark.parametrize("text", ["zero point three", "0.3.5", "", "ln(", "1/0"])
def test_unreadable_answer_keeps_text_and_records_nothing(app, client, open_question, text):
    """Post/redirect/get: the message and the text come back on the question's own page."""
    token = open_question()
    response = client.post(f"/practice/question/{token}", data={"answer": text})
    assert response.status_code == 303
    assert response.headers["Location"] == f"/practice/question/{token}"
    page = client.get(response.headers["Location"])
    assert page.status_code == 200
    assert b'id="answer-error"' in page.data
    assert f'value="{text}"'.encode() in page.data
    assert b'aria-invalid="true"' in page.data
    assert attempts(app) == []
    assert served(app, token).answered_at is None
    # Reloading shows the typed text again; the message was shown once.
    again = client.get(f"/practice/question/{token}")
    assert f'value="{text}"'.encode() in again.data and b'id="answer-error"' not in again.data


def test_double_submit_records_one_attempt(app, client, open_question):
    token = open_question()
    first = client.post(f"/practice/question/{token}", data={"answer": "0.357"})
    second = client.post(f"/practice/question/{token}", data={"answer": "0.9"})
    assert first.status_code == second.status_code == 303
    assert second.headers["Location"].endswith(f"/practice/feedback/{token}")
    page = client.get(f"/practice/feedback/{token}")
    assert b"already answered" in page.data and b"Correct" in page.data
    assert len(attempts(app)) == 1 and attempts(app)[0].raw_answer == "0.357"


def test_answered_question_page_goes_to_feedback(client, open_question):
    token = open_question()
    client.post(f"/practice/question/{token}", data={"answer": "0.357"})
    response = client.get(f"/practice/question/{token}")
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/practice/feedback/{token}")


def test_feedback_before_answering_goes_to_the_question(client, open_question):
    token = open_question()
    response = client.get(f"/practice/feedback/{token}")
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/practice/question/{token}")


def test_hints_are_revealed_one_by_one_and_lower_the_score(app, client, open_question):
    token = open_question()
    page = client.post(
        f"/practice/question/{token}/hint",
        data={"answer": "0.3", "reveal": "1"},
        follow_redirects=True,
    )
    assert page.status_code == 200
    assert b"Only the true class has target 1" in page.data
    assert b'value="0.3"' in page.data  # the typed answer survives asking for a hint
    # A refresh re-sends reveal=1: nothing more is revealed.
    client.post(f"/practice/question/{token}/hint", data={"answer": "", "reveal": "1"})
    assert served(app, token).hints_revealed == 1
    client.post(f"/practice/question/{token}/hint", data={"answer": "", "reveal": "2"})
    assert served(app, token).hints_revealed == 2
    client.post(f"/practice/question/{token}", data={"answer": "0.357"})
    (attempt,) = attempts(app)
    assert attempt.correct and attempt.hints_used == 2 and attempt.score == pytest.approx(0.5)
    assert b"after 2 hints" in client.get(f"/practice/feedback/{token}").data


def test_hint_request_cannot_exceed_the_hints(app, client, open_question):
    token = open_question()
    client.post(f"/practice/question/{token}/hint", data={"reveal": "99"})
    assert served(app, token).hints_revealed == 3


def test_another_like_this_draws_a_new_server_seed(app, client, open_question):
    token = open_question()
    client.post(f"/practice/question/{token}", data={"answer": "0.357"})
    new_token = token_from(client.post(f"/practice/another/{token}", data={"seed": "7"}))
    old, new = served(app, token), served(app, new_token)
    assert new.type_id == old.type_id and new.difficulty == old.difficulty
    assert new.origin == "drawn" and not new.params_fixed


def test_next_question_uses_the_chosen_topics(app, client):
    client.post("/practice/", data={"topics": ["entropy"], "difficulty": "3"})
    token = token_from(client.post("/practice/next"))
    row = served(app, token)
    assert registry()[row.type_id].topic == "entropy" and row.difficulty == 3


def test_next_question_without_a_session_choice(app, client):
    token = token_from(client.post("/practice/next"))
    assert served(app, token).difficulty == 1


@pytest.mark.parametrize("kind", ["choice", "vector"])
def test_each_kind_can_be_answered(app, client, open_question, kind):
    type_id = next(t for t, q in registry().items() if q.kind == kind)
    token = open_question(type_id=type_id, params=None, seed="5")
    page = client.get(f"/practice/question/{token}")
    widget = b'type="radio"' if kind == "choice" else b'data-expect="vector"'
    assert widget in page.data
    row = served(app, token)
    from quizapp.services.practice import question_for

    with app.app_context():
        question = question_for(row)
    answer = question.answer if kind == "choice" else json.dumps(question.answer)
    client.post(f"/practice/question/{token}", data={"answer": answer})
    (attempt,) = attempts(app)
    assert attempt.correct
    assert b"Correct" in client.get(f"/practice/feedback/{token}").data


def test_choice_without_a_pick_asks_for_one(app, client, open_question):
    type_id = next(t for t, q in registry().items() if q.kind == "choice")
    token = open_question(type_id=type_id, params=None, seed="5")
    response = client.post(f"/practice/question/{token}", data={}, follow_redirects=True)
    assert response.status_code == 200 and b"Pick one" in response.data
    assert attempts(app) == []


def test_explain_question_self_assessment_updates_the_same_attempt(app, client, open_question):
    explain = [t for t, q in registry().items() if q.kind == "explain"]
    if not explain:
        pytest.skip("no 'explain' question type is registered yet")
    token = open_question(type_id=explain[0], params=None, seed="3")
    assert b"<textarea" in client.get(f"/practice/question/{token}").data
    # Two statements that make no key point: only the self-assessment can credit them.
    answer = "Entropy is about surprise. Cross-entropy is about a guess."
    client.post(f"/practice/question/{token}", data={"answer": answer})
    page = client.get(f"/practice/feedback/{token}")
    assert b"Points the checker did not find" in page.data and b"Count these points" in page.data
    (before,) = attempts(app)
    from quizapp.services.practice import question_for

    with app.app_context():
        points = [p.id for p in question_for(before).key_points]
    client.post(f"/practice/feedback/{token}/self-assess", data={"points": points})
    (after,) = attempts(app)
    assert after.id == before.id and after.self_assessed == sorted(points)
    assert after.correct and after.score > before.score


def test_explain_feedback_quotes_the_sentence_behind_each_point(client, open_question):
    token = open_question(type_id="explain_why_log", params=None, seed="1")
    made = "As the probability of the true class falls to 0, the loss grows without bound."
    answer = f"{made} I would also mention training."
    client.post(f"/practice/question/{token}", data={"answer": answer})
    page = client.get(f"/practice/feedback/{token}").get_data(as_text=True)
    assert "Points you made" in page
    assert f"You said: <q>{made}</q>" in page
    assert page.count("You said:") == 1


def test_self_assessment_of_a_number_question_is_refused(client, open_question):
    token = open_question()
    client.post(f"/practice/question/{token}", data={"answer": "0.357"})
    response = client.post(f"/practice/feedback/{token}/self-assess", data={"points": ["x"]})
    assert response.status_code == 400


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"text": "-ln(0.7)"}, {"reading": "−ln(0.7) = 0.3567"}),
        ({"text": "[0.1, 0.2]", "expect": "vector", "length": "2"}, {"reading": "[0.1, 0.2]"}),
        ({"text": "35.7 %", "percent": "1"}, {"reading": "35.7 % = 0.357"}),
    ],
)
def test_preview_reads_answers(client, query, expected):
    response = client.get("/practice/preview", query_string=query)
    assert response.status_code == 200 and response.json == expected


@pytest.mark.parametrize(
    "query", [{"text": "ln("}, {"text": "[1, 2]", "expect": "vector", "length": "3"}, {"text": ""}]
)
def test_preview_explains_unreadable_text(client, query):
    response = client.get("/practice/preview", query_string=query)
    assert response.status_code == 200 and set(response.json) == {"error"}


def test_preview_rejects_unknown_expectation(client):
    response = client.get("/practice/preview", query_string={"text": "1", "expect": "poem"})
    assert response.status_code == 400 and "expect" in response.json["error"]


def test_fixed_link_params_are_stored_not_taken_from_the_form(app, client, open_question):
    """The answer form carries no seed or params: a forged one is ignored."""
    token = open_question()
    client.post(
        f"/practice/question/{token}",
        data={"answer": "0.357", "seed": "1", "params": json.dumps({"pred": [0.5, 0.5]})},
    )
    (attempt,) = attempts(app)
    assert attempt.correct and json.loads(ONE_HOT_PARAMS)["pred"] == attempt.params["pred"]


def test_answer_with_a_mismatched_token_field_is_refused(app, client, open_question):
    token = open_question()
    response = client.post(
        f"/practice/question/{token}", data={"answer": "0.357", "served_token": "other"}
    )
    assert response.status_code == 400 and b"different question" in response.data
    assert attempts(app) == []


def test_concurrent_submits_record_one_attempt(app, client, open_question):
    """Several submits racing on one token: the guarded UPDATE lets exactly one record."""
    from concurrent.futures import ThreadPoolExecutor

    token = open_question()
    cookie = client.get_cookie("session").value
    clients = [app.test_client() for _ in range(6)]
    for other in clients:
        other.set_cookie("session", cookie)

    def submit(other):
        return other.post(f"/practice/question/{token}", data={"answer": "0.357"}).status_code

    with ThreadPoolExecutor(max_workers=6) as pool:
        statuses = list(pool.map(submit, clients))
    assert statuses == [303] * 6
    assert len(attempts(app)) == 1


def test_a_first_answer_while_another_makes_the_card_moves_that_card(app, client, auth):
    """PostgreSQL: another transaction has inserted the learner's first card of the type
    and not committed yet (a first answer in another tab). This answer read no card, so it
    inserts one: the INSERT waits for the other commit, then does nothing, and the answer
    moves the card committed. One card, the answer recorded, nothing refused.

    SQLite has one writer at a time (the claim waits for the other's commit, then reads the
    card); its INSERT finding the card there: tests/services/test_prebuilt_writes.py.
    """
    import threading
    import time

    from sqlalchemy import text

    from quizapp.models.progress import ReviewCard

    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("rows locked by an uncommitted INSERT: PostgreSQL only")
    auth.sign_up()
    token = token_from(
        client.get("/practice/q/ce_one_hot", query_string={"params": ONE_HOT_PARAMS})
    )
    with app.app_context():
        uid = served(app, token).user_id
        other = db.engine.connect()  # the other tab's transaction
        try:
            other.execute(
                text(
                    "INSERT INTO review_card (user_id, type_id, card_json, due_at, updated_at)"
                    " SELECT user_id, type_id, '{}', served_at, served_at FROM served_question"
                    " WHERE token = :token"
                ),
                {"token": token},
            )
            responses = []
            answering = threading.Thread(
                target=lambda: responses.append(
                    client.post(f"/practice/question/{token}", data={"answer": "0.357"})
                )
            )
            answering.start()
            waiting = text(
                "SELECT count(*) FROM pg_stat_activity"
                " WHERE datname = current_database() AND wait_event_type = 'Lock'"
            )
            with db.engine.connect() as watch:  # until the answer's INSERT waits on the other
                while answering.is_alive() and not watch.execute(waiting).scalar_one():
                    watch.rollback()
                    time.sleep(0.01)  # two cores: leave the answer room to get there
            other.commit()
        finally:
            other.close()
        answering.join()
        assert [r.status_code for r in responses] == [303]
        (card,) = db.session.execute(db.select(ReviewCard).filter_by(user_id=uid)).scalars()
        assert card.updated_at == attempts(app)[0].created_at and card.card_json != "{}"


def _right_answer(question) -> str:
    if question.kind == "explain":
        return question.model_answer
    if question.kind == "choice":
        return str(question.answer)
    if isinstance(question.answer, list):
        return json.dumps([float(v) for v in question.answer])
    return repr(float(question.answer))


@pytest.mark.parametrize("type_id", list(registry()))
def test_every_question_type_renders_and_grades_its_own_answer(app, client, open_question, type_id):
    """Each type's question page and feedback page render, and its answer is graded right."""
    from quizapp.services.practice import question_for

    for difficulty in ("1", "3"):
        token = open_question(type_id=type_id, params=None, seed="11", difficulty=difficulty)
        assert client.get(f"/practice/question/{token}").status_code == 200
        with app.app_context():
            question = question_for(served(app, token))
        response = client.post(
            f"/practice/question/{token}", data={"answer": _right_answer(question)}
        )
        assert response.status_code == 303, response.data[-2000:]
        page = client.get(f"/practice/feedback/{token}")
        assert page.status_code == 200 and b"Correct" in page.data
