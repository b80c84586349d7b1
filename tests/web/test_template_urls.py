"""Templates' ``url_for`` keeps fixed links per root and is Flask's ``url_for`` otherwise."""

from __future__ import annotations

import re

import pytest
from flask import render_template_string, url_for
from werkzeug.routing import BuildError

from quizapp.main.template_urls import _KEPT_URLS, template_url_for

pytestmark = pytest.mark.backends("sqlite")

#: Every call shape the templates use: none, a static file, values, a query string, external.
CALLS = [
    ("main.home", {}),
    ("practice.preview", {}),
    ("static", {"filename": "css/app.css"}),
    ("static", {"filename": "js/answer-preview.js"}),
    ("practice.question", {"token": "abc"}),
    ("practice.start", {"topic": "entropy"}),
    ("main.home", {"_external": True}),
    ("static", {"filename": "css/app.css", "v": "2"}),
]


def test_templates_use_it(app):
    assert app.jinja_env.globals["url_for"] is template_url_for


def test_a_link_depends_on_nothing_but_its_root(app):
    """What keeping links assumes: were any of these to change, a kept link could be
    another request's."""
    assert not app.url_default_functions
    assert not app.url_map.host_matching and not app.subdomain_matching
    rules = [rule.endpoint for rule in app.url_map.iter_rules()]
    assert len(rules) == len(set(rules)), "an endpoint with two rules"


def test_fixed_links_are_kept_and_others_are_not(app):
    with app.test_request_context("/"):
        template_url_for("main.home")
        template_url_for("static", filename="css/app.css")
        template_url_for("practice.question", token="abc")
        with pytest.raises(BuildError):
            template_url_for("static", filename=None)  # Flask's error, not "/static/None"
    assert set(app.extensions[_KEPT_URLS]) == {
        ("", "main.home", None),
        ("", "static", "css/app.css"),
    }


@pytest.mark.parametrize("root", ["", "/quiz", "/other/root"])
def test_each_call_is_what_flask_builds(app, root):
    """Under each root, asked twice (so the second answer is a kept one where kept)."""
    for endpoint, values in CALLS:
        with app.test_request_context("/practice/", base_url=f"http://localhost{root}"):
            expected = url_for(endpoint, **values)
            assert template_url_for(endpoint, **values) == expected
            assert template_url_for(endpoint, **values) == expected
            assert expected.startswith(root + "/") or expected.startswith("http://localhost")


def test_a_kept_link_does_not_leak_into_another_root(app):
    with app.test_request_context("/", base_url="http://localhost/quiz"):
        mounted = template_url_for("static", filename="css/app.css")
    with app.test_request_context("/"):
        plain = template_url_for("static", filename="css/app.css")
    assert (mounted, plain) == ("/quiz/static/css/app.css", "/static/css/app.css")


def test_outside_a_request_it_is_flask_url_for(app):
    """With only an app context (a CLI command rendering a template), Flask decides."""
    with app.app_context(), pytest.raises(RuntimeError, match="SERVER_NAME"):
        template_url_for("main.home")


def test_a_page_links_the_same_as_before(app, client):
    """The home page's links, with the app mounted under a root."""
    response = client.get("/", base_url="http://localhost/quiz")
    links = set(re.findall(r'(?:href|src)="([^"]+)"', response.text))
    assert "/quiz/static/css/app.css" in links and "/quiz/" in links
    assert all(link.startswith(("/quiz/", "#", "http")) for link in links), links
    with app.test_request_context("/"):
        assert render_template_string("{{ url_for('main.home') }}") == "/"
