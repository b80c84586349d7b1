"""The answer flow's statements: the answer POST writes in one commit, the feedback page reads
a question's tries in one query, and a cached question's worked solution is typeset once."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import inspect, text
from support import ONE_HOT_PARAMS, StatementLog, csrf_token, token_from

from quizapp.engine.questions import generate
from quizapp.extensions import db
from quizapp.models import Attempt
from quizapp.practice import after
from quizapp.rendering.question_pages import worked_solution
from quizapp.services import practice, question_cache, tries

ONE_HOT = {"pred": [0.7, 0.2, 0.1], "target": 0, "unit": "nats"}
RIGHT, LOG2 = "0.357", "0.5146"  # ce_one_hot, pred [0.7, 0.2, 0.1], target 0
CSRF_VALUE = re.compile(rb'name="csrf_token"[^>]*value="[^"]+"')


def open_one_hot(client) -> str:
    return token_from(client.get("/practice/q/ce_one_hot", query_string={"params": ONE_HOT_PARAMS}))


def answer(client, token: str, text: str):
    return client.post(f"/practice/question/{token}", data={"answer": text})


def writes(log: StatementLog) -> list[str]:
    return [s.split()[0].upper() for s in log.statements if s not in log.selects]


def test_an_answer_with_its_card_is_a_claim_reading_it_two_writes_and_one_commit(app, client, auth):
    """Served row and user (one statement), the guarded claim returning the learner's card
    (no SELECT of its own: on PostgreSQL each statement is a round trip), then the attempt
    and the card written together."""
    auth.sign_up()
    answer(client, open_one_hot(client), RIGHT)  # the learner's card exists from here on
    token = open_one_hot(client)
    with StatementLog(app) as log:
        assert answer(client, token, LOG2).status_code == 303
    assert log.commits == 1
    assert len(log.selects) == 1, log.selects  # the served row with its user
    assert writes(log) == ["UPDATE", "INSERT", "UPDATE"], log.statements
    claim = log.statements[1]  # the claim comes before the writes, and reads the card
    assert "answered_at IS NULL" in claim and "FROM review_card" in claim.split("RETURNING")[1]
    feedback = client.get(f"/practice/feedback/{token}").data.decode()
    assert "Log base 2 instead of the natural log" in feedback


def test_a_first_answer_makes_its_card_after_the_attempt_without_a_savepoint(app, client, auth):
    """A new card is one INSERT that does nothing if a concurrent request made the card
    first (no savepoint to roll back to: two round trips fewer on PostgreSQL); the attempt
    is written before it."""
    auth.sign_up()
    token = open_one_hot(client)
    with StatementLog(app) as log:
        assert answer(client, token, RIGHT).status_code == 303
    assert log.commits == 1
    assert writes(log) == ["UPDATE", "INSERT", "INSERT"], log.statements
    attempt, card = log.statements[-2:]
    assert attempt.startswith("INSERT INTO attempt") and card.startswith("INSERT INTO review_card")
    assert "ON CONFLICT (user_id, type_id) DO NOTHING" in card


EXPLANATION = (
    "Each label is its own yes or no question, so we use a sigmoid per label and sum "
    "binary cross-entropies."
)


def test_the_attempt_row_is_what_the_unit_of_work_would_write(app, client, auth):
    """Inserted by a statement built once: an explanation's reading is JSON null (as the
    ORM writes an attribute set to None), what was never set is SQL NULL, defaults apply."""
    auth.sign_up()
    token = token_from(client.get("/practice/q/explain_multilabel"))
    assert answer(client, token, EXPLANATION).status_code == 303
    with app.app_context():
        row = db.session.execute(
            text(
                "SELECT parsed_value IS NULL, self_assessed IS NULL, raw_answer, hints_used "
                "FROM attempt WHERE served_token = :token"
            ),
            {"token": token},
        ).one()
    assert tuple(row) == (False, True, EXPLANATION, 0)


def test_a_recorded_attempt_comes_back_persistent_and_expired_as_after_a_commit(app):
    with app.app_context():
        served = practice.serve_question(
            "ce_one_hot", difficulty=1, owner=practice.Owner(guest_key="g"), params=ONE_HOT
        )
        attempt, result = practice.submit_answer(served, RIGHT)
        state = inspect(attempt)
        assert state.persistent and state.expired_attributes >= {"id", "correct", "raw_answer"}
        assert (attempt.correct, attempt.raw_answer, attempt.served_token) == (
            True,
            RIGHT,
            served.token,
        )
        assert db.session.get(Attempt, attempt.id) is attempt and result.correct


def test_the_feedback_page_reads_the_tries_in_one_query(app, client, auth):
    auth.sign_up()
    token = open_one_hot(client)
    answer(client, token, LOG2)
    with StatementLog(app) as log:
        page = client.get(f"/practice/feedback/{token}")
    assert page.status_code == 200 and ">Try again</button>" in page.data.decode()
    assert len(log.selects) == 2, log.selects  # served row with its user, attempt with tries


def test_a_later_tries_pages_read_all_tries_in_one_query(app, client, auth):
    """Served row with its user, the first try's served row (where the try belongs), the
    tries."""
    auth.sign_up()
    first = open_one_hot(client)
    answer(client, first, LOG2)
    second = token_from(client.post(f"/practice/feedback/{first}/try-again"))
    with StatementLog(app) as log:
        page = client.get(f"/practice/question/{second}").data.decode()
    assert "try 2" in page and "<code>0.5146</code>, was not right" in page
    assert len(log.selects) == 3, log.selects
    answer(client, second, RIGHT)
    with StatementLog(app) as log:
        feedback = client.get(f"/practice/feedback/{second}").data.decode()
    assert "Right on try 2" in feedback and "(not counted)" in feedback
    assert len(log.selects) == 3, log.selects
    first_page = client.get(f"/practice/feedback/{first}").data.decode()
    assert "got it right on try 2" in first_page
    assert f'href="/practice/feedback/{second}">try 2</a> right' in first_page


def test_the_try_state_is_the_same_whether_or_not_the_caller_knows_the_kind(app, client):
    first = open_one_hot(client)
    answer(client, first, LOG2)
    second = token_from(client.post(f"/practice/feedback/{first}/try-again"))
    answer(client, second, LOG2)
    third = token_from(client.post(f"/practice/feedback/{second}/try-again"))
    with app.app_context():
        for token, later in ((first, False), (second, True), (third, True)):
            known, unknown = tries.try_state(token, later_try=later), tries.try_state(token)
            assert known == unknown
            assert (known.try_number, known.latest_number) == (
                [first, second, third].index(token) + 1,
                3,
            )
            assert known.open_token == third and known.previous_answer == (LOG2 if later else None)
        assert tries.try_state("no-such-token") is None
        assert tries.try_state(first, later_try=True) is None  # a first try is no later one


def test_an_unanswered_question_has_no_try_state(app, client):
    token = open_one_hot(client)
    with app.app_context():
        assert tries.try_state(token, later_try=False) is None
    assert client.get(f"/practice/feedback/{token}").headers["Location"].endswith(token)


@pytest.fixture
def cached_question():
    question = generate("ce_one_hot", 7, difficulty=1)
    key = question_cache.key_of("ce_one_hot", 7, 1, None)
    question_cache.remember(key, question)
    return key, question


def test_a_cached_questions_solution_is_made_once(cached_question):
    key, question = cached_question
    made = []

    def make():
        made.append(1)
        return worked_solution(question)

    first = question_cache.derived(question, "worked_solution", make)
    again = question_cache.derived(question, "worked_solution", make)
    assert first == again == worked_solution(question) and made == [1]
    assert question_cache.cached(key, lambda: pytest.fail("generated again")) is question


def test_what_was_made_from_a_question_goes_with_it(cached_question, monkeypatch):
    key, question = cached_question
    question_cache.derived(question, "solution", lambda: "first")
    monkeypatch.setattr(question_cache, "KEPT", 1)
    question_cache.remember(question_cache.key_of("ce_one_hot", 8, 1, None), object())
    assert question_cache.derived(question, "solution", lambda: "afresh") == "afresh"
    question_cache.remember(key, question)  # cached again: nothing kept from before
    assert question_cache.derived(question, "solution", lambda: "second") == "second"


def test_a_question_replaced_in_the_cache_or_never_in_it_keeps_nothing(cached_question):
    key, question = cached_question
    question_cache.derived(question, "solution", lambda: "old")
    replacement = generate("ce_one_hot", 7, difficulty=1)
    question_cache.remember(key, replacement)
    assert question_cache.derived(replacement, "solution", lambda: "new") == "new"
    assert question_cache.derived(question, "solution", lambda: "none") == "none"
    loose = generate("ce_one_hot", 9, difficulty=1)  # like an item of a set: never cached
    assert question_cache.derived(loose, "solution", lambda: "a") == "a"
    assert question_cache.derived(loose, "solution", lambda: "b") == "b"


def test_the_feedback_pages_solution_is_typeset_once_per_cached_question(app, client, monkeypatch):
    """Counted through the real renderer, as the generation counts in test_query_budget."""
    token = open_one_hot(client)
    answer(client, token, RIGHT)
    rendered = []
    real_solution = after.worked_solution
    monkeypatch.setattr(after, "worked_solution", lambda q: rendered.append(1) or real_solution(q))
    first = client.get(f"/practice/feedback/{token}").data
    second = client.get(f"/practice/feedback/{token}").data
    assert rendered == [1]
    assert b'<div class="panel solution">' in first and b"<svg" in first
    assert CSRF_VALUE.sub(b"", first) == CSRF_VALUE.sub(b"", second)
    question_cache.forget_all()  # another worker: typeset afresh, the same page
    assert CSRF_VALUE.sub(b"", client.get(f"/practice/feedback/{token}").data) == CSRF_VALUE.sub(
        b"", first
    )
    assert rendered == [1, 1]


FORM = re.compile(rb'<form method="post" action="([^"]+)">\s*(.*?)\s*<button', re.S)


def test_the_feedback_pages_buttons_carry_the_fields_a_form_would(csrf_app):
    """The buttons print their CSRF token (and "after") without a WTForms form built for
    them; with CSRF on, as in production, each one is accepted."""
    client = csrf_app.test_client()
    location = client.get(
        "/practice/q/ce_one_hot", query_string={"params": ONE_HOT_PARAMS}
    ).location
    token = location.rsplit("/", 1)[-1]
    page = client.get(location).data
    client.post(location, data={"answer": LOG2, "csrf_token": csrf_token(page)})
    feedback = client.get(f"/practice/feedback/{token}").data
    forms = dict(FORM.findall(feedback))
    assert set(forms) == {
        f"/practice/feedback/{token}/try-again".encode(),
        f"/practice/another/{token}".encode(),
        b"/practice/next",
    }
    field = rb'<input id="csrf_token" name="csrf_token" type="hidden" value="[^"]+">'
    for action, fields in forms.items():
        after = f'<input id="after" name="after" type="hidden" value="{token}">'.encode()
        assert re.fullmatch(
            field + (re.escape(after) if action == b"/practice/next" else b""), fields
        )
        data = dict(re.findall(rb'name="([^"]+)" type="hidden" value="([^"]+)"', fields))
        response = client.post(
            action.decode(), data={k.decode(): v.decode() for k, v in data.items()}
        )
        assert response.status_code == 303, (action, response.data[:300])
        assert b"could not be checked" not in client.get(response.location).data
