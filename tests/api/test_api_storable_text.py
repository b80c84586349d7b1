"""JSON's \\u0000 and lone \\ud800 escapes carry text no database can store: the API refuses
it with a 422 naming the field instead of failing in the driver (a 500). Found by fuzzing."""

from __future__ import annotations

import json

import pytest
from api_support import ONE_HOT, bearer, count

from quizapp.models import Attempt


@pytest.mark.parametrize("bad", ["\x00", "\ud800"])
def test_unstorable_text_in_an_answer_is_a_422_and_records_nothing(app, api, secret, serve, bad):
    served = serve(headers=bearer(secret))
    body = json.dumps({"token": served["token"], "answer": f"0.3{bad}5"})
    response = api.post(
        "/api/v1/answers", data=body, content_type="application/json", headers=bearer(secret)
    )
    assert response.status_code == 422, response.get_json()
    assert response.get_json()["where"] == "answer"
    assert count(app, Attempt) == 0
    # The token is still open: the same question can be answered properly.
    again = api.post(
        "/api/v1/answers",
        json={"token": served["token"], "answer": "0.3567"},
        headers=bearer(secret),
    )
    assert again.status_code == 200


@pytest.mark.parametrize(
    ("body", "where"),
    [
        ({"token": "a\x00b", "answer": "1"}, "token"),
        ({"token": "a\ud800b", "answer": "1"}, "token"),
        ({"type": "ce_one_hot", "params": {**ONE_HOT, "unit": "n\x00ats"}}, "params.unit"),
        ({"type": "ce_one\x00hot"}, "type"),
    ],
)
def test_unstorable_text_anywhere_in_a_body_is_a_422_naming_it(api, body, where):
    path = "/api/v1/answers" if "token" in body else "/api/v1/questions"
    response = api.post(path, data=json.dumps(body), content_type="application/json")
    assert response.status_code == 422, response.get_json()
    assert response.get_json()["where"] == where
