"""LaTeX becomes MathML that cannot run script, whoever wrote the LaTeX."""

from __future__ import annotations

import pytest

from quizapp.rendering import render_prose, tex_to_mathml


@pytest.mark.parametrize(
    "latex",
    [
        r"\text{<script>alert(1)</script>}",
        r"\text{<img src=x onerror=alert(1)>}",
        r"\href{javascript:alert(1)}{x}",
        r"\text{<a href='javascript:alert(1)'>x</a>}",
        r"\text{<p style='color:red'>x</p>}",
    ],
)
def test_latex_payloads_come_out_inert(latex):
    """latex2mathml passes raw HTML and hrefs through; the converted MathML is cleaned."""
    html = str(tex_to_mathml(latex)).lower()
    for needle in ("<script", "onerror", "javascript:", "href", "style=", "<img", "<p"):
        assert needle not in html


def test_ordinary_maths_keeps_its_markup_after_cleaning():
    """Cleaning keeps the MathML elements and attributes a formula needs."""
    html = str(tex_to_mathml(r"\frac{1}{q_i} = -\ln 0.7", display=True))
    assert html.startswith('<math xmlns="http://www.w3.org/1998/Math/MathML" display="block">')
    for tag in ("<mfrac>", "<msub>", "<mi>ln</mi>", "<mn>0.7</mn>"):
        assert tag in html


def test_prose_around_maths_is_escaped():
    """Text outside \\( … \\) is escaped, the maths inside typeset."""
    html = str(render_prose(r"<b>x</b> is \(\text{<script>1</script>}\)"))
    assert "&lt;b&gt;" in html and "<script" not in html and "<math" in html
