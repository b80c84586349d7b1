"""The join-a-class form is plain HTML (the dashboard prints it on every view, and building
a JoinForm for it cost a twenty-fifth of that page); it must print what JoinForm's own field
would, empty and after a refused code, so that the two cannot drift apart."""

from __future__ import annotations

import re

import pytest
from flask import render_template, render_template_string
from support import add_user, csrf_token, make_test_app, sign_up_with_csrf

from quizapp.classes.forms import JoinForm
from quizapp.extensions import db
from quizapp.models import User
from quizapp.services import classes as class_service

WTFORMS_FIELD = '{% from "_forms.html" import field %}{{ field(form.code, autocomplete="off") }}'
NOT_FOUND = "No class has this code. Check it with your instructor; it may have been changed."


def squeezed(html: str) -> str:
    """Markup without the blank lines and indentation that templates leave."""
    return "\n".join(line.strip() for line in html.splitlines() if line.strip())


def field_of(page: str) -> str:
    return re.search(r'<div class="field.*?</div>', page, re.S).group(0)


def plain_form(form: JoinForm) -> str:
    return render_template(
        "classes/_join_form.html", join_code=form.code.data, join_errors=form.code.errors
    )


def test_the_empty_form_prints_what_its_wtforms_field_would(app):
    with app.test_request_context("/progress/"):
        form = JoinForm()
        page = plain_form(form)
        assert squeezed(field_of(page)) == squeezed(
            render_template_string(WTFORMS_FIELD, form=form)
        )
        assert 'action="/classes/join"' in page
        assert '<input id="csrf_token" name="csrf_token" type="hidden"' in page


@pytest.mark.parametrize(
    "typed",
    ["", "   ", "Z" * 33, "ZZZZZZZZ", "\"'><script>alert(1)</script>&amp;"],
    ids=["empty", "blank", "too-long", "unknown", "markup"],
)
def test_a_refused_code_prints_what_its_wtforms_field_would(app, typed):
    """The code as typed comes back escaped, with the validators' or the view's message."""
    with app.test_request_context("/classes/join", method="POST", data={"code": typed}):
        form = JoinForm()
        if form.validate():
            form.code.errors.append(NOT_FOUND)  # as classes.views.join does
        assert form.code.errors
        page = plain_form(form)
        assert squeezed(field_of(page)) == squeezed(
            render_template_string(WTFORMS_FIELD, form=form)
        )
    assert "<script>" not in page


def test_the_dashboards_join_form_works_with_csrf_on(database_url):
    """The plain form's token is the one the join view checks: without it the post is
    refused; with it a wrong code comes back as typed, and the right one joins the class."""
    app = make_test_app(database_url, WTF_CSRF_ENABLED=True, TESTING=False)
    client = app.test_client()
    with app.app_context():
        owner = db.session.get(User, add_user("owen@example.com", "instructor"))
        code = class_service.create_class(owner, "Losses <b>autumn</b>").join_code
    sign_up_with_csrf(client, "lee@example.com", "correct horse battery")
    token = csrf_token(client.get("/progress/").data)

    assert client.post("/classes/join", data={"code": code}).status_code == 400
    refused = client.post("/classes/join", data={"code": '<x>"bad', "csrf_token": token})
    assert refused.status_code == 422
    body = refused.get_data(as_text=True)
    assert 'value="&lt;x&gt;&#34;bad"' in body and 'aria-invalid="true"' in body
    assert 'aria-describedby="code-hint code-error"' in body
    joined = client.post("/classes/join", data={"code": code, "csrf_token": token})
    assert joined.status_code == 303
    page = client.get("/classes/").get_data(as_text=True)
    assert "Losses &lt;b&gt;autumn&lt;/b&gt;" in page and "<b>autumn" not in page
