"""Learners practise a published set from its link; attempts keep their version; reports."""

from __future__ import annotations

import re

import pytest
from set_support import (
    FORMULA,
    PEOPLE,
    TEMPLATE,
    flashes,
    form_data,
    formula,
    make_set,
    served_token,
    share_token,
)

from quizapp.extensions import db
from quizapp.models import Attempt, ServedQuestion
from quizapp.models.progress import ReviewCard
from quizapp.models.question_set import ProblemReport, SetVersion
from quizapp.sets import item_question


@pytest.fixture
def published(app, people):
    """The owner's published set of a formula item then a template item; its link token."""
    with app.app_context():
        set_id = make_set(PEOPLE["owner"][0], FORMULA, TEMPLATE, publish=True)
        return set_id, share_token(set_id)


def served_row(app, token) -> ServedQuestion:
    with app.app_context():
        row = db.session.execute(db.select(ServedQuestion).filter_by(token=token)).scalar_one()
        db.session.expunge(row)
        return row


def answer(client, token, text):
    response = client.post(
        f"/practice/question/{token}", data={"answer": text, "served_token": token}
    )
    assert response.status_code == 303
    return client.get(f"/practice/feedback/{token}")


def test_the_set_page_shows_the_published_title_description_and_items(as_, published):
    _set_id, link = published
    page = as_("learner").get(f"/sets/{link}").data
    assert b"Losses" in page and b"<strong>tests</strong>" in page
    assert FORMULA["title"].encode() in page and TEMPLATE["title"].encode() in page
    assert b"Start with question 1" in page


def test_a_learner_answers_item_by_item_and_the_attempts_name_version_and_item(app, as_, published):
    set_id, link = published
    learner = as_("learner")
    first = served_token(learner.post(f"/sets/{link}/start"))
    row = served_row(app, first)
    assert row.item_id == FORMULA["id"] and row.origin == "set"
    question = item_question(FORMULA, row.seed)
    page = learner.get(f"/practice/question/{first}").data
    assert b"question 1 of 2" in page and question.prompt.split("\\(")[0].encode() in page
    # The named mistake: log base 2.
    feedback = answer(learner, first, repr(question.misconceptions[0].value)).data
    assert b"Not quite" in feedback and b"You used log base 2 (bits)." in feedback
    assert (
        b"Next question (2 of 2)" in feedback and b"Something wrong with this question?" in feedback
    )
    second = served_token(learner.post(f"/sets/{link}/next", data={"after": first}))
    assert served_row(app, second).item_id == TEMPLATE["id"]
    feedback = answer(learner, second, "-ln(0.7)").data
    assert b"Correct" in feedback and b"Back to the set" in feedback
    response = learner.post(f"/sets/{link}/next", data={"after": second})
    assert response.headers["Location"] == f"/sets/{link}"
    assert "last question of this set" in " ".join(flashes(learner.get(f"/sets/{link}").data))
    with app.app_context():
        version = db.session.execute(db.select(SetVersion).filter_by(set_id=set_id)).scalar_one()
        attempts = db.session.execute(db.select(Attempt).order_by(Attempt.id)).scalars().all()
        assert [(a.set_version_id, a.item_id, a.correct) for a in attempts] == [
            (version.id, FORMULA["id"], False),
            (version.id, TEMPLATE["id"], True),
        ]
        assert attempts[0].diagnosis == "log_base_2"
        # Reviews are scheduled for the built-in type only: an authored item is no type.
        assert [c.type_id for c in db.session.execute(db.select(ReviewCard)).scalars()] == [
            "ce_one_hot"
        ]
    # The dashboard counts them as ordinary answers, titled by the item.
    dashboard = learner.get("/progress/").data.decode()
    assert FORMULA["title"] in dashboard and "Instructors&#39; sets" in dashboard
    set_page = learner.get(f"/sets/{link}").data
    assert b'last answer <span class="result result-wrong">wrong' in set_page


def test_try_again_and_new_numbers_stay_on_the_item(app, as_, published):
    _set_id, link = published
    learner = as_("learner")
    first = served_token(learner.post(f"/sets/{link}/start"))
    answer(learner, first, "0")
    retry = learner.post(f"/practice/feedback/{first}/try-again")
    retry_token = served_token(retry)
    assert served_row(app, retry_token).item_id == FORMULA["id"]
    assert served_row(app, retry_token).seed == served_row(app, first).seed
    again = served_token(learner.post(f"/practice/another/{first}"))
    assert served_row(app, again).item_id == FORMULA["id"]


def test_a_guest_may_practise_a_set(as_, published):
    _set_id, link = published
    guest = as_(None)
    token = served_token(guest.post(f"/sets/{link}/items/{TEMPLATE['id']}"))
    assert b"Correct" in answer(guest, token, "0.3567").data


def test_an_attempt_on_version_1_reopens_exactly_after_version_2_is_published(app, as_, published):
    set_id, link = published
    learner, owner = as_("learner"), as_("owner")
    token = served_token(learner.post(f"/sets/{link}/start"))
    seed = served_row(app, token).seed
    old = item_question(FORMULA, seed)
    answer(learner, token, "9.87654")
    # A second question served from version 1 but answered only after version 2.
    pending = served_token(learner.post(f"/sets/{link}/items/{FORMULA['id']}"))
    pending_question = item_question(FORMULA, served_row(app, pending).seed)
    changed = formula(
        prompt="CHANGED: q is {q}. The loss?",
        variables={"q": {"range": [0.5, 0.6], "step": 0.05}},
        answer="-log2(q)",
        mistakes=[],
        tests=[{"answer": "{answer}", "expect": "correct"}],
    )
    owner.post(
        f"/instructor/sets/{set_id}/items/{FORMULA['id']}/edit", data=form_data(app, changed)
    )
    owner.post(f"/instructor/sets/{set_id}/publish")
    with app.app_context():
        numbers = [
            v.number
            for v in db.session.execute(
                db.select(SetVersion).filter_by(status="published")
            ).scalars()
        ]
        assert sorted(numbers) == [1, 2]
        attempt = db.session.execute(db.select(Attempt)).scalar_one()
        attempt_id = attempt.id
    reopened = learner.get(f"/progress/attempt/{attempt_id}").data.decode()
    assert "CHANGED" not in reopened and old.prompt.split("\\(")[0] in reopened
    assert f"{old.params['values']['q']}" in reopened
    feedback = learner.get(f"/practice/feedback/{token}").data.decode()
    assert "CHANGED" not in feedback
    # The pending question is graded by version 1's answer, not version 2's.
    assert b"Correct" in answer(learner, pending, repr(pending_question.answer)).data
    fresh = served_token(learner.post(f"/sets/{link}/start"))
    assert b"CHANGED" in learner.get(f"/practice/question/{fresh}").data


def test_a_learner_reports_a_problem_and_the_author_sees_it_with_the_instance(app, as_, published):
    set_id, link = published
    learner, owner = as_("learner"), as_("owner")
    token = served_token(learner.post(f"/sets/{link}/start"))
    seed = served_row(app, token).seed
    report_url = f"/sets/{link}/report/{token}"
    # Not before it is answered.
    learner.post(report_url, data={"text": "Too early"})
    with app.app_context():
        assert db.session.execute(db.select(db.func.count(ProblemReport.id))).scalar_one() == 0
    answer(learner, token, "9.87654")  # 6 figures: graded, never sent back
    response = learner.post(report_url, data={"text": "The unit should be bits."})
    assert response.headers["Location"].endswith(f"/practice/feedback/{token}#report")
    feedback = learner.get(f"/practice/feedback/{token}").data
    assert b"You reported a problem with this question" in feedback
    again = learner.post(report_url, data={"text": "Again!"})
    assert "already reported" in " ".join(flashes(learner.get(again.headers["Location"]).data))
    item_page = owner.get(f"/instructor/sets/{set_id}/items/{FORMULA['id']}").data.decode()
    assert "The unit should be bits." in item_page and f"seed {seed}" in item_page
    link_to_instance = (
        f"/instructor/sets/{set_id}/items/{FORMULA['id']}/preview?version=1&amp;seed={seed}"
    )
    assert link_to_instance in item_page
    preview = owner.get(link_to_instance.replace("&amp;", "&")).data.decode()
    assert (
        item_question(FORMULA, seed).prompt.split("\\(")[0] in preview and f"seed {seed}" in preview
    )
    # Resolving it moves it down and marks it.
    with app.app_context():
        report_id = db.session.execute(db.select(ProblemReport.id)).scalar_one()
    owner.post(
        f"/instructor/sets/{set_id}/reports/{report_id}", data={"resolved": "y", "back": "item"}
    )
    assert b"status-resolved" in owner.get(f"/instructor/sets/{set_id}/reports").data


@pytest.mark.parametrize(
    ("text", "message"),
    [("   ", "Say in a few words"), ("x" * 1001, "under 1000 characters")],
)
def test_a_report_must_be_short_and_not_empty(app, as_, published, text, message):
    _set_id, link = published
    learner = as_("learner")
    token = served_token(learner.post(f"/sets/{link}/start"))
    answer(learner, token, "9.87654")  # 6 figures: graded, never sent back
    response = learner.post(f"/sets/{link}/report/{token}", data={"text": text})
    assert message in " ".join(flashes(learner.get(response.headers["Location"]).data))


def test_nobody_reports_on_someone_elses_question(app, as_, published):
    _set_id, link = published
    token = served_token(as_("learner").post(f"/sets/{link}/start"))
    response = as_("other").post(f"/sets/{link}/report/{token}", data={"text": "Hi"})
    assert response.status_code == 404


def test_an_item_removed_from_the_set_is_a_clear_404(as_, published):
    _set_id, link = published
    response = as_("learner").post(f"/sets/{link}/items/nope")
    assert response.status_code == 404 and "has no item" in response.data.decode()


def test_the_share_link_appears_once_published(app, as_, people):
    with app.app_context():
        set_id = make_set(PEOPLE["owner"][0], FORMULA)
        link = share_token(set_id)
    owner = as_("owner")
    assert link.encode() not in owner.get(f"/instructor/sets/{set_id}").data
    owner.post(f"/instructor/sets/{set_id}/publish")
    page = owner.get(f"/instructor/sets/{set_id}").data.decode()
    assert re.search(rf"http://localhost/sets/{re.escape(link)}</code>", page)


def test_a_learners_reports_are_in_their_data_and_go_with_their_account(app, as_, published):
    _set_id, link = published
    learner = as_("learner")
    token = served_token(learner.post(f"/sets/{link}/start"))
    answer(learner, token, "9.87654")  # 6 figures: graded, never sent back
    learner.post(f"/sets/{link}/report/{token}", data={"text": "Which log?"})
    data = learner.get("/auth/export").get_json()
    assert [r["text"] for r in data["problem_reports"]] == ["Which log?"]
    assert data["attempts"][0]["item_id"] == FORMULA["id"]
    learner.post("/auth/delete", data={"password": "correct horse"})
    with app.app_context():
        assert db.session.execute(db.select(db.func.count(ProblemReport.id))).scalar_one() == 0


def test_an_answer_to_a_set_item_builds_its_question_once(app, as_, published, monkeypatch):
    """A set item is rebuilt from its stored version, never cached: the answer POST builds it
    once and grades and records with that one (counted through the real builder)."""
    from quizapp.services import practice

    _set_id, link = published
    learner = as_("learner")
    token = served_token(learner.post(f"/sets/{link}/start"))
    built = []
    real = practice.stored_item_question
    monkeypatch.setattr(practice, "stored_item_question", lambda *a: built.append(a[1]) or real(*a))
    question = item_question(FORMULA, served_row(app, token).seed)
    assert b"Correct" in answer(learner, token, repr(question.answer)).data
    assert built == [FORMULA["id"], FORMULA["id"]]  # the POST once, the feedback page once
