"""The XSS check itself: it passes escaped payloads and catches every one left live."""

from __future__ import annotations

import pytest
from jinja2 import Environment
from xss_checks import EVALUATED, PAYLOADS, SHORT, TITLE, UNIT, live_markup

#: A throwaway page: the same text once escaped (as our templates do), once not.
PAGE = Environment(autoescape=True).from_string(
    '<html><head><script src="/static/app.js"></script></head>'
    "<body><p title='{{ text }}'>{{ text }}</p>{{ raw|safe }}</body></html>"
)


@pytest.mark.parametrize("payload", [*PAYLOADS, SHORT, TITLE, UNIT])
def test_an_escaped_payload_passes(payload):
    assert live_markup(PAGE.render(text=payload, raw="")) == []


@pytest.mark.parametrize(
    "payload", [p for p in PAYLOADS if not p.startswith(("[md", "{{", "\\("))] + [SHORT, UNIT]
)
def test_the_same_payload_left_unescaped_is_caught(payload):
    """Markdown, TeX and template payloads are plain text until a renderer makes something of
    them (the next test); each of the others is caught when a template forgets to escape it."""
    assert live_markup(PAGE.render(text="", raw=payload)) != []


@pytest.mark.parametrize(
    "rendered",
    [
        '<a href="javascript:alert(1)">x</a>',  # a Markdown or TeX link rendered naively
        '<a href=" JaVa\tScRiPt:alert(1)">x</a>',
        f"<p>{EVALUATED} {EVALUATED}</p>",  # a template that evaluated {{7*7}}q7
        '<script src="https://evil.example/x.js"></script>',
        '<meta http-equiv="refresh" content="0;url=javascript:x">',
    ],
)
def test_what_renderers_could_make_of_them_is_caught(rendered):
    assert live_markup(PAGE.render(text="", raw=rendered)) != []
