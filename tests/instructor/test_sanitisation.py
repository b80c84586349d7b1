"""Authored text never runs: script, event handlers, javascript: links and styles render inert.

Every authored field of a set carries the payloads, and every page that shows one of them
is checked by parsing it: no script but our own static files, no on…= attribute, no style
attribute or element, no javascript: URL, no image (a remote image would call home).
"""

from __future__ import annotations

import pytest
from set_support import PEOPLE, assert_inert, make_set, served_token, share_token

from quizapp.extensions import db
from quizapp.models import Attempt, ServedQuestion
from quizapp.models.question_set import ProblemReport, SetVersion

SHORT = '<script>alert(1)</script><img src=x onerror=alert(2)><b style="color:red">b</b>'
PAYLOAD = (
    SHORT + ' [click](javascript:alert(3)) <a href="javascript:alert(4)">a</a> '
    "[x](JaVaScRiPt:alert(7)) <iframe src=//evil></iframe> <style>body{}</style> "
    "![pic](http://evil.example/x.png) "
    "\\(\\text{<script>alert(5)</script>}\\) \\(\\href{javascript:alert(6)}{x}\\)"
)
SENTENCES = "It is zero when the prediction is right. It grows without bound as p falls. "

ITEMS = [
    {
        "id": "f",
        "kind": "formula",
        "title": SHORT,
        "prompt": PAYLOAD + " q = {q}?",
        "variables": {"q": {"range": [0.1, 0.9], "step": 0.1}},
        "answer": "-ln(q)",
        "mistakes": [{"answer": "-log2(q)", "code": "bits", "message": PAYLOAD}],
        "hints": [PAYLOAD],
        "explanation": PAYLOAD + " {answer}",
    },
    {
        "id": "c",
        "kind": "choice",
        "title": SHORT,
        "prompt": PAYLOAD,
        "options": [
            {"id": "a", "text": PAYLOAD, "correct": True, "feedback": PAYLOAD},
            {"id": "b", "text": PAYLOAD + " (no)", "feedback": PAYLOAD},
        ],
        "hints": [PAYLOAD],
        "explanation": PAYLOAD,
    },
    {
        "id": "e",
        "kind": "explain",
        "title": SHORT,
        "prompt": PAYLOAD,
        "key_points": [
            {"id": "zero", "text": PAYLOAD, "phrasings": ["zero when"]},
            {"id": "grows", "text": PAYLOAD, "phrasings": ["without bound"]},
        ],
        "model_answer": SENTENCES + PAYLOAD,
        "explanation": PAYLOAD,
    },
    {
        "id": "n",
        "kind": "numeric",
        "title": SHORT,
        "prompt": PAYLOAD,
        "answer": 0.3567,
        "unit": "nats",
        "mistakes": [{"answer": 0.5146, "code": "bits", "message": PAYLOAD}],
        "explanation": PAYLOAD,
    },
]
ANSWERS = {"f": "0", "c": "b", "e": "It is a loss. It measures things.", "n": "0.5146"}


@pytest.fixture
def hostile(app, people):
    """A published set whose every authored field holds the payloads, and its link."""
    with app.app_context():
        set_id = make_set(PEOPLE["owner"][0], *ITEMS, title=SHORT, publish=False)
        from quizapp.services import question_sets

        qset = question_sets.find_set(set_id)
        question_sets.update_details(qset, SHORT, PAYLOAD)
        question_sets.publish(qset)
        return set_id, share_token(set_id)


def test_every_page_showing_authored_text_is_inert(app, as_, hostile):
    set_id, link = hostile
    owner, learner = as_("owner"), as_("learner")
    pages = {"learner set page": learner.get(f"/sets/{link}")}
    for item in ITEMS:
        token = served_token(learner.post(f"/sets/{link}/items/{item['id']}"))
        pages[f"question {item['id']}"] = learner.get(f"/practice/question/{token}")
        learner.post(f"/practice/question/{token}/hint", data={"reveal": "1"})
        pages[f"question {item['id']} with a hint"] = learner.get(f"/practice/question/{token}")
        learner.post(f"/practice/question/{token}", data={"answer": ANSWERS[item["id"]]})
        pages[f"feedback {item['id']}"] = learner.get(f"/practice/feedback/{token}")
        learner.post(f"/sets/{link}/report/{token}", data={"text": PAYLOAD})
        base = f"/instructor/sets/{set_id}/items/{item['id']}"
        pages[f"item page {item['id']}"] = owner.get(base)
        pages[f"item form {item['id']}"] = owner.get(f"{base}/edit")
        pages[f"preview {item['id']}"] = owner.get(f"{base}/preview?seed=4")
        pages[f"preview feedback {item['id']}"] = owner.post(
            f"{base}/preview", data={"seed": "4", "version": "1", "answer": ANSWERS[item["id"]]}
        )
    with app.app_context():
        attempt_ids = db.session.execute(db.select(Attempt.id)).scalars().all()
        assert len(attempt_ids) == len(ITEMS)
        assert db.session.execute(db.select(db.func.count(ProblemReport.id))).scalar_one() == 4
    pages |= {
        "instructor index": owner.get("/instructor/"),
        "set page": owner.get(f"/instructor/sets/{set_id}"),
        "reports": owner.get(f"/instructor/sets/{set_id}/reports"),
        "details form": owner.get(f"/instructor/sets/{set_id}/details"),
        "dashboard": learner.get("/progress/"),
        "admin users": as_("admin").get("/admin/users"),
    }
    for attempt_id in attempt_ids:
        pages[f"attempt {attempt_id}"] = learner.get(f"/progress/attempt/{attempt_id}")
    for name, response in pages.items():
        assert response.status_code == 200, name
        try:
            assert_inert(response.data)
        except AssertionError as error:
            raise AssertionError(f"{name}: {error}") from None
    # The payloads are there to read, as text, not dropped silently.
    assert b"&lt;script&gt;alert(1)&lt;/script&gt;" in pages["set page"].data
    assert b"alert(3)" in pages["question f"].data


def test_stored_payloads_are_kept_as_written(app, hostile):
    """Sanitising happens when showing, so an export gives back exactly what was written."""
    set_id, _link = hostile
    with app.app_context():
        version = db.session.execute(
            db.select(SetVersion).filter_by(set_id=set_id, status="published")
        ).scalar_one()
        assert version.data["description"] == PAYLOAD and version.data["items"] == ITEMS
        assert db.session.execute(db.select(db.func.count(ServedQuestion.id))).scalar_one() == 0


@pytest.mark.parametrize(
    "html",
    [
        b'<p onclick="x()">', b'<b style="color:red">', b'<a href=" javascript:x()">',
        b"<script>x()</script>", b'<img src="x">', b"<style>p{}</style>",
    ],
)  # fmt: skip
def test_the_audit_itself_catches_live_markup(html):
    with pytest.raises(AssertionError):
        assert_inert(html)
