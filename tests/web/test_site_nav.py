# ruff: noqa: E501  (the old macro, as it was)
"""The nav drawn in Python (``main.nav``) is the Jinja macro it replaced, to the byte
but for the whitespace between tags, for every kind of visitor, section and badge.

The macro is kept here, as base.html had it, to compare with.
"""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest
from flask import render_template_string
from flask_wtf.csrf import generate_csrf

from quizapp.main.nav import section_of, site_nav

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


#: How base.html chose the lit section before ``section_of``, to compare with.
OLD_SECTION_CHAIN = """
{%- if nav_section is not defined or not nav_section -%}
{% if request.blueprint in ('practice', 'interview') %}{% set nav_section = request.blueprint %}
{% elif request.endpoint in ('dashboard.index', 'dashboard.attempt') %}{% set nav_section = 'progress' %}
{% elif request.endpoint == 'dashboard.review' %}{% set nav_section = 'review' %}
{% elif request.endpoint in ('auth.account', 'auth.change_password') %}{% set nav_section = 'account' %}
{% elif request.endpoint in ('auth.sign_in', 'auth.sign_up') %}{% set nav_section = request.endpoint[5:] %}
{% elif request.blueprint in ('instructor', 'admin') %}{% set nav_section = 'instructor' %}
{% else %}{% set nav_section = '' %}{% endif %}
{%- endif -%}
[{{ nav_section }}]"""


def test_every_page_lights_the_section_the_old_template_did(app):
    """Each endpoint of the app, with no section of the view's own, an empty one and one."""
    compared = 0
    with app.test_request_context("/"):
        for rule in app.url_map.iter_rules():
            endpoint = rule.endpoint
            blueprint = endpoint.rpartition(".")[0] or None
            page = SimpleNamespace(endpoint=endpoint, blueprint=blueprint)
            for chosen in (None, "", "interview"):
                named = {} if chosen is None else {"nav_section": chosen}
                old = render_template_string(OLD_SECTION_CHAIN, request=page, **named)
                assert old.strip() == f"[{chosen or section_of(endpoint, blueprint)}]", endpoint
                compared += 1
    assert compared > 200  # every rule, not a handful
