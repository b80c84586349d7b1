# ruff: noqa: E501  (the old macro, as it was)
"""The nav drawn in Python (``main.site_nav``) is the Jinja macro it replaced, to the byte
but for the whitespace between tags, for every kind of visitor, section and badge.

The macro is kept here, as base.html had it, to compare with.
"""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest
from flask import render_template_string
from flask_wtf.csrf import generate_csrf

from quizapp.main.site_nav import section_of, site_nav

pytestmark = pytest.mark.backends("sqlite")

OLD_MACRO = """
{% macro nav_items(here, due_reviews) %}
    <li><a href="{{ url_for('practice.start') }}"{% if here == 'practice' %} aria-current="page"{% endif %}>Practise</a></li>
    <li><a href="{{ url_for('interview.index') }}"{% if here == 'interview' %} aria-current="page"{% endif %}>Interview</a></li>
    {% if current_user.is_authenticated %}
    <li><a href="{{ url_for('dashboard.index') }}"{% if here == 'progress' %} aria-current="page"{% endif %}>Progress</a></li>
    <li><a href="{{ url_for('dashboard.review') }}"{% if here == 'review' %} aria-current="page"{% endif %}>Review{% if due_reviews %} <span class="badge">{{ due_reviews }}<span class="visually-hidden"> due</span></span>{% endif %}</a></li>
    {% if current_user.is_instructor %}
    <li><a href="{{ url_for('instructor.index') }}"{% if here == 'instructor' %} aria-current="page"{% endif %}>Instructor</a></li>
    {% endif %}
    <li><a class="nav-account" href="{{ url_for('auth.account') }}"{% if here == 'account' %} aria-current="page"{% endif %}>{{ current_user.display_name }}</a></li>
    <li>
      <form class="inline-form" method="post" action="{{ url_for('auth.sign_out') }}">
        <input type="hidden" name="csrf_token" value="{{ csrf_token() }}">
        <button type="submit" class="link-button">Sign out</button>
      </form>
    </li>
    {% else %}
    <li><a href="{{ url_for('auth.sign_in') }}"{% if here == 'sign_in' %} aria-current="page"{% endif %}>Sign in</a></li>
    <li><a class="nav-cta" href="{{ url_for('auth.sign_up') }}"{% if here == 'sign_up' %} aria-current="page"{% endif %}>Sign up</a></li>
    {% endif %}
{% endmacro %}
{{- nav_items(here, due_reviews) -}}
"""
BETWEEN_TAGS = re.compile(r">\s+<")
SECTIONS = ["", "practice", "interview", "progress", "review", "account", "instructor"]
SECTIONS += ["sign_in", "sign_up", "elsewhere"]
HOSTILE = "<script>alert('x')</script> & \"Zoë\""


def unspaced(html: str) -> str:
    return BETWEEN_TAGS.sub("><", html.strip())


def visitor(kind: str, name: str = "Ann"):
    """A stand-in for Flask-Login's current user: a guest, a learner or an instructor."""
    return SimpleNamespace(
        is_authenticated=kind != "guest", is_instructor=kind == "instructor", display_name=name
    )


@pytest.mark.parametrize("kind", ["guest", "learner", "instructor"])
@pytest.mark.parametrize("section", SECTIONS)
@pytest.mark.parametrize("due", [0, 1, 12])
def test_the_nav_is_the_macro_it_replaced(app, kind, section, due):
    user = visitor(kind, HOSTILE)
    with app.test_request_context("/"):  # a page of no section: ``section`` alone lights one
        token = generate_csrf()
        old = render_template_string(
            OLD_MACRO, here=section, due_reviews=due, current_user=user, csrf_token=lambda: token
        )
        new = str(site_nav(section, user, due))
    assert unspaced(new) == unspaced(old)
    if kind != "guest":
        assert "&lt;script&gt;" in new and "<script>" not in new


def test_the_fixed_pieces_follow_the_script_root(app):
    """A mounted app's links carry its prefix: what is kept is kept per root."""
    user = visitor("learner")
    with app.test_request_context("/practice/", base_url="http://localhost/quiz"):
        mounted = str(site_nav("practice", user, 0))
    with app.test_request_context("/practice/"):
        plain = str(site_nav("practice", user, 0))
    assert 'href="/quiz/practice/"' in mounted and 'href="/practice/"' in plain
    assert "/quiz/" not in plain


@pytest.mark.parametrize(
    ("path", "section"),
    [
        ("/practice/", "practice"),
        ("/interview/", "interview"),
        ("/progress/", "progress"),
        ("/progress/review", "review"),
        ("/auth/account", "account"),
        ("/auth/sign-in", "sign_in"),
        ("/auth/sign-up", "sign_up"),
        ("/instructor/", "instructor"),
        ("/", ""),
    ],
)
def test_a_page_without_a_section_of_its_own_lights_its_area(app, path, section):
    with app.test_request_context(path):
        from flask import request

        assert section_of(request.endpoint, request.blueprint) == section
