"""Small things a newcomer hit: wording, one difficulty rule, the lit nav entry, focus, tokens."""

from __future__ import annotations

import re

import pytest
from support import ONE_HOT_PARAMS, token_from

from quizapp.engine.questions import registry
from quizapp.extensions import db
from quizapp.models import ApiToken, ServedQuestion, User
from quizapp.services import practice

NAV_CURRENT = re.compile(r'<a href="([^"]+)"[^>]*aria-current="page"')


def lit_nav(page: str) -> set[str]:
    """The addresses the nav marks as the current section (once per layout: row and menu)."""
    return set(NAV_CURRENT.findall(page))


def preselected(page: str) -> str:
    """The value of the ticked difficulty radio."""
    for tag in re.findall(r"<input[^>]*name=\"difficulty\"[^>]*>", page):
        if "checked" in tag:
            return re.search(r'value="(\d)"', tag).group(1)
    raise AssertionError("no difficulty is ticked")


def right_answer_of(app, token: str) -> str:
    with app.app_context():
        row = db.session.execute(db.select(ServedQuestion).filter_by(token=token)).scalar_one()
        question = practice.question_for(row)
    if question.kind == "explain":
        return " ".join(point.text for point in question.key_points)
    if isinstance(question.answer, list):
        return "[" + ", ".join(repr(float(v)) for v in question.answer) + "]"
    return str(question.answer)


def interview_token(client, path: str) -> str:
    page = client.get(path).data.decode()
    return re.search(r'name="served_token" value="([^"]+)"', page).group(1)


def test_the_interview_summary_says_plainly_how_many_were_right(app, client):
    path = client.post("/interview/start", data={"difficulty": "1"}).headers["Location"]
    token = interview_token(client, path)
    client.post(
        f"{path}/answer", data={"answer": right_answer_of(app, token), "served_token": token}
    )
    client.post(f"{path}/abandon")
    summary = client.get(f"{path}/summary").data.decode()
    assert "<dt>Right answers</dt><dd>1 right " in summary
    assert "out of 1 answered; 9 not answered</span>" in summary
    assert "1 of 1 answered" not in summary  # the old "Right: 1 of 10 answered"


def test_practice_and_interview_share_one_difficulty_rule(client):
    practice_page = client.get("/practice/").data.decode()
    interview_page = client.get("/interview/").data.decode()
    assert preselected(practice_page) == preselected(interview_page) == "1"  # Easy at first
    rule = "Easy to begin with; after that, the level you chose last"
    assert rule in practice_page and rule in interview_page
    # The level chosen in one mode is the one preselected in the other.
    path = client.post("/interview/start", data={"difficulty": "3"}).headers["Location"]
    assert preselected(client.get("/practice/").data.decode()) == "3"
    client.post(f"{path}/abandon")
    client.post("/practice/", data={"difficulty": "2"})
    assert preselected(client.get("/interview/").data.decode()) == "2"


def test_a_question_opened_from_the_interview_summary_lights_interview(app, client):
    path = client.post("/interview/start", data={"difficulty": "1"}).headers["Location"]
    token = interview_token(client, path)
    client.post(
        f"{path}/answer", data={"answer": right_answer_of(app, token), "served_token": token}
    )
    client.post(f"{path}/abandon")
    summary = client.get(f"{path}/summary").data.decode()
    assert f'href="/practice/feedback/{token}"' in summary
    feedback = client.get(f"/practice/feedback/{token}").data.decode()
    assert lit_nav(feedback) == {"/interview/"}
    assert f'<a href="{path}/summary">Interview round summary</a>' in feedback
    # An ordinary practice question still lights Practise.
    own = token_from(client.get("/practice/q/ce_one_hot", query_string={"params": ONE_HOT_PARAMS}))
    assert lit_nav(client.get(f"/practice/question/{own}").data.decode()) == {"/practice/"}


@pytest.mark.parametrize("kind", ["numeric", "vector", "choice", "explain"])
def test_the_answer_box_gets_focus_on_a_question_page(client, kind):
    type_id = next(t for t, q in registry().items() if q.kind == kind)
    token = token_from(client.get(f"/practice/q/{type_id}", query_string={"seed": "3"}))
    page = client.get(f"/practice/question/{token}").data.decode()
    focused = re.findall(r"<(?:input|textarea)[^>]*\bautofocus\b[^>]*>", page)
    assert len(focused) == 1, focused
    assert 'name="answer"' in focused[0]
    if kind == "choice":
        assert 'type="radio"' in focused[0]


def test_the_interview_answer_box_gets_focus(client):
    path = client.post("/interview/start", data={"difficulty": "1"}).headers["Location"]
    page = client.get(path).data.decode()
    focused = re.findall(r"<(?:input|textarea)[^>]*\bautofocus\b[^>]*>", page)
    assert len(focused) == 1 and 'name="answer"' in focused[0]


def test_the_nav_has_a_one_row_list_and_a_no_js_menu(client, auth):
    auth.sign_up()
    page = client.get("/progress/").data.decode()
    assert '<ul class="nav-list nav-row">' in page
    assert re.search(r'<details class="nav-menu">\s*<summary class="nav-menu-button">Menu', page)
    assert lit_nav(page) == {"/progress/"}
    assert "style=" not in page and "onclick" not in page


def test_the_token_table_offers_a_copy_button_by_a_static_script(app, client, auth):
    auth.sign_up()
    with app.app_context():
        uid = db.session.execute(db.select(User.id)).scalar_one()
        token, _secret = ApiToken.issue(uid, "laptop script")
        db.session.add(token)
        db.session.commit()
        prefix = token.prefix
    page = client.get("/auth/account").data.decode()
    assert f'data-copy="{prefix}"' in page
    assert '<script src="/static/js/copy-button.js" defer></script>' in page
    script = client.get("/static/js/copy-button.js")
    assert script.status_code == 200 and b"navigator.clipboard" in script.data
    script.close()
    assert "Created <time" in page and "never used" in page
