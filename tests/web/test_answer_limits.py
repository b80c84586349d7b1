"""The answer box allows as many characters as the grader and the API accept for its kind."""

from __future__ import annotations

import re

import pytest
from support import token_from

from quizapp.engine.limits import ANSWER_LIMITS
from quizapp.services import practice as practice_service


@pytest.mark.parametrize(
    ("type_id", "kind"),
    [("ce_one_hot", "numeric"), ("softmax_vector", "vector"), ("explain_why_log", "explain")],
)
def test_the_answer_field_maxlength_is_the_kinds_limit(client, type_id, kind):
    token = token_from(client.get(f"/practice/q/{type_id}", query_string={"seed": "1"}))
    page = client.get(f"/practice/question/{token}").get_data(as_text=True)
    field = re.search(r'<(?:input|textarea)[^>]*name="answer"[^>]*>', page).group()
    assert f'maxlength="{ANSWER_LIMITS[kind]}"' in field


def test_the_interview_answer_field_follows_its_questions_kind(app, client):
    """The interview page shares the answer field; its limit follows the question too."""
    for _ in range(5):  # a few rounds, so the first question is of more than one kind
        path = client.post("/interview/start", data={"difficulty": "1"}).headers["Location"]
        page = client.get(path).get_data(as_text=True)
        token = re.search(r'name="served_token" value="([^"]+)"', page).group(1)
        with app.app_context():
            kind = practice_service.question_for(practice_service.find_served(token)).kind
        field = re.search(r'<(?:input|textarea)[^>]*name="answer"[^>]*maxlength[^>]*>', page)
        if kind == "choice":
            assert field is None  # radios: nothing to type
        else:
            assert f'maxlength="{ANSWER_LIMITS[kind]}"' in field.group()
        client.post(f"{path}/abandon")
