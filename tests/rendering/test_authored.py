"""Instructors' Markdown renders as HTML that never runs script, in every authored field."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from quizapp.rendering import render_solution
from quizapp.rendering.authored import (
    render_inline_markdown,
    render_markdown,
    render_question_text,
)
from quizapp.sets.items import item_question

PAYLOADS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "<svg onload=alert(1)>",
    '<a href="javascript:alert(1)">click</a>',
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![x](javascript:alert(1))",
    '<p style="position:fixed;top:0">cover</p>',
    '<div style="background:url(javascript:alert(1))">x</div>',
    "\\(\\text{<script>alert(1)</script>}\\)",
    "\\(\\href{javascript:alert(1)}{x}\\)",
    "\\(\\text{<img src=x onerror=alert(1)>}\\)",
    "<iframe src=https://example.org></iframe>",
    "<<script>script>alert(1)<</script>/script>",
]


class _Elements(HTMLParser):
    """Every element and attribute a browser would build from the markup."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, dict(attrs)))


SCRIPTABLE = {"script", "img", "svg", "iframe", "style", "object", "embed", "link", "meta",
              "form", "input", "base"}  # fmt: skip


def assert_inert(html: str) -> None:
    """No element that can run script, load anything or restyle the page; safe links only."""
    parser = _Elements()
    parser.feed(str(html))
    parser.close()
    for tag, attrs in parser.found:
        assert tag not in SCRIPTABLE, html
        for name, value in attrs.items():
            assert not name.startswith("on") and name not in ("style", "src", "srcdoc"), html
            if name == "href":
                assert (value or "").lower().startswith(("http://", "https://", "mailto:")), html


@pytest.mark.parametrize("payload", PAYLOADS)
def test_markdown_payloads_render_inert(payload):
    """Raw HTML is text, unsafe links lose their href, maths cannot smuggle HTML."""
    assert_inert(render_markdown(payload))
    assert_inert(render_inline_markdown(payload))
    assert_inert(render_markdown(payload, math="tex"))


def _authored_items(payload: str) -> list[dict]:
    return [
        {
            "id": "f",
            "kind": "formula",
            "prompt": f"q = {{q}} {payload}",
            "variables": {"q": {"list": [0.5]}, "name": {"list": [payload]}},
            "answer": "-ln(q)",
            "hints": [payload],
            "explanation": f"{payload} {{name}}",
            "mistakes": [{"answer": "-log2(q)", "message": payload, "code": "bits"}],
        },
        {
            "id": "c",
            "kind": "choice",
            "prompt": payload,
            "hints": [payload],
            "explanation": payload,
            "options": [
                {"id": "a", "text": payload, "correct": True, "feedback": payload},
                {"id": "b", "text": payload, "feedback": payload},
            ],
        },
        {
            "id": "e",
            "kind": "explain",
            "prompt": payload,
            "key_points": [{"id": "k", "text": payload, "phrasings": ["x"]}],
            "model_answer": payload,
            "explanation": payload,
        },
    ]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_every_authored_field_renders_inert(payload):
    """Prompt, hints, options, feedback, key points, model answer and explanation."""
    for item in _authored_items(payload):
        question = item_question(item, 0)
        assert_inert(render_question_text(question, question.prompt))
        for text in question.hints + [c.text for c in question.choices]:
            assert_inert(render_question_text(question, text))
        for mistake in question.misconceptions:
            assert_inert(render_question_text(question, mistake.message))
        assert_inert(render_solution(question))


def test_markdown_and_maths_still_work():
    """Emphasis, lists, code, safe links and inline maths survive the cleaning."""
    html = str(
        render_markdown("A **bold** [link](https://example.org) and \\(-\\ln q\\).\n\n- one")
    )
    assert "<strong>bold</strong>" in html
    assert '<a href="https://example.org" rel="noopener noreferrer nofollow">link</a>' in html
    assert '<math xmlns="http://www.w3.org/1998/Math/MathML" display="inline">' in html
    assert "<ul>" in html and "<li>one</li>" in html
    assert "<code>\\(x\\)</code>" in str(render_markdown("`\\(x\\)`"))  # code stays code
    assert 'display="block"' in str(render_markdown("\\[\\frac{1}{2}\\]"))


def test_moodle_spelling_keeps_the_latex_for_mathjax():
    """math='tex' leaves \\( … \\) as text, escaped."""
    assert str(render_markdown("a \\(x < 1\\)", math="tex")) == "<p>a \\(x &lt; 1\\)</p>\n"


@pytest.mark.parametrize(
    "tex",
    [
        "\\(\\href{javascript:alert(1)}{x}\\)",
        "$$\\href{javascript:alert(1)}{x}$$",  # Moodle's filter typesets $$ … $$ too
        "\\(\\style{background:url(x)}{x} \\class{evil}{x} \\cssId{a}{x}\\)",
        "\\[\\require{HTML} \\bbox[border:1px solid]{x} \\url{javascript:x}\\]",
    ],
)
def test_moodle_tex_loses_mathjax_commands_that_reach_outside_maths(tex):
    """MathJax in Moodle would turn these into links, styles and ids; their arguments stay."""
    html = str(render_markdown(f"see {tex} here", math="tex"))
    for command in ("href", "style", "class", "cssId", "require", "bbox", "url"):
        assert f"\\{command}" not in html
    assert "{x}" in html and html.startswith("<p>see ")


def test_moodle_tex_keeps_ordinary_commands():
    html = str(render_markdown("\\(\\frac{1}{2} \\hat{y} \\styled \\urlx\\)", math="tex"))
    assert html == "<p>\\(\\frac{1}{2} \\hat{y} \\styled \\urlx\\)</p>\n"


def test_built_in_prompts_stay_prose():
    """A template question's prompt is not Markdown: its * and _ are literal."""
    question = item_question({"id": "t", "kind": "template", "type": "surprisal"}, 0)
    assert "<p>" not in str(render_question_text(question, "a *b* c"))


@pytest.mark.parametrize(
    "markup",
    ['<img src=x onerror="alert(1)">', '<a href="javascript:alert(1)">x</a>', '<p style="x">y</p>'],
)
def test_the_inertness_check_catches_live_markup(markup):
    """The check above would fail on markup that is not inert."""
    with pytest.raises(AssertionError):
        assert_inert(markup)
