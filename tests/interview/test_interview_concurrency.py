"""Two answers to the current interview question at once (a double click, two tabs), run
for real: threads against one SQLite file."""

from __future__ import annotations

import re
from functools import partial

from support import at_once, make_test_app

from quizapp.extensions import db
from quizapp.models import Attempt, ServedQuestion
from quizapp.models.progress import InterviewItem, InterviewRound
from quizapp.services import practice as practice_service
from quizapp.services.interview import ORIGIN

TRIES = 8


def typed_answer(app, token: str) -> str:
    """The served question's expected answer, typed (any readable answer would do)."""
    with app.app_context():
        served = db.session.execute(db.select(ServedQuestion).filter_by(token=token)).scalar_one()
        question = practice_service.question_for(served)
    if question.kind == "explain":
        return " ".join(point.text for point in question.key_points)
    if isinstance(question.answer, list):
        return "[" + ", ".join(repr(float(v)) for v in question.answer) + "]"
    return str(question.answer)


def test_simultaneous_answers_serve_the_next_question_once_and_leave_no_orphans(database_url):
    """Both requests moved the round on and served the next position; the second insert of
    its interview item raised IntegrityError (a 500, 3 tries in 4) and left its served
    question behind without a round."""
    app = make_test_app(database_url)
    for _ in range(TRIES):
        tab = app.test_client()
        started = tab.post("/interview/start", data={"difficulty": "1"})
        path = started.headers["Location"]
        page = tab.get(path).get_data(as_text=True)
        token = re.search(r'name="served_token" value="([^"]+)"', page).group(1)
        other_tab = app.test_client()  # the same browser session in a second tab
        other_tab.set_cookie("session", tab.get_cookie("session").value)
        form = {"answer": typed_answer(app, token), "served_token": token}
        # Each tab follows its redirect to the round's page, as a browser does.
        responses = at_once(
            partial(tab.post, f"{path}/answer", data=form, follow_redirects=True),
            partial(other_tab.post, f"{path}/answer", data=form, follow_redirects=True),
        )
        assert [r.status_code for r in responses] == [200, 200]
        assert {r.request.path for r in responses} == {path}
        round_id = int(path.rsplit("/", 1)[-1])
        with app.app_context():
            linked = db.select(InterviewItem.served_token)
            orphans = db.session.execute(
                db.select(db.func.count(ServedQuestion.id)).where(
                    ServedQuestion.origin == ORIGIN, ServedQuestion.token.not_in(linked)
                )
            ).scalar_one()
            assert orphans == 0
            positions = db.session.execute(
                db.select(InterviewItem.position).filter_by(round_id=round_id)
            ).scalars()
            assert sorted(positions) == [0, 1]
            assert db.session.get(InterviewRound, round_id).position == 1
            recorded = db.select(db.func.count(Attempt.id)).filter_by(served_token=token)
            assert db.session.execute(recorded).scalar_one() == 1
        # The round goes on normally from the question both requests agreed on.
        assert tab.get(path).status_code == 200
