r"""Instructors' text (Markdown with inline LaTeX) as HTML that can never run script.

Three walls, each enough alone for script: markdown-it-py with raw HTML turned off (``<b>``
shows as text); LaTeX in ``\( … \)`` and ``\[ … \]`` converted by ``tex_to_mathml``, whose
output is cleaned; and nh3 over the whole result with an allow-list of HTML and MathML
elements and attributes: no ``style``, no ``on…`` handlers, links only to http(s) and
mailto, no images (a remote image would load from someone else's server).

``math="tex"`` keeps the LaTeX as ``\( … \)`` text instead, for Moodle, where MathJax
typesets it in the browser after Moodle's HTML cleaning: MathJax's commands that reach
outside maths (``\href``, ``\style``, ``\class``, ``\require`` …) are taken out of that text,
so a set's TeX cannot make a javascript: link or load an extension in Moodle even where
MathJax runs without its "Safe" extension.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

import nh3
from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline
from markupsafe import Markup, escape

from quizapp.engine.questions.base import Question
from quizapp.rendering.mathml import MATHML_ATTRIBUTES, MATHML_TAGS, render_prose, tex_to_mathml

AUTHORED_FAMILY = "authored"

_HTML_TAGS = {
    "p", "br", "hr", "em", "strong", "code", "pre", "blockquote", "ul", "ol", "li", "a",
    "h1", "h2", "h3", "h4", "h5", "h6",
}  # fmt: skip
_ATTRIBUTES: dict[str, set[str]] = {
    **MATHML_ATTRIBUTES,
    "a": {"href", "title"},
    "ol": {"start"},
}
_URL_SCHEMES = {"http", "https", "mailto"}
_DELIMITERS = {"\\(": ("\\)", False), "\\[": ("\\]", True)}
#: MathJax commands that make links, styles, ids or load code; their arguments stay as text.
_MATHJAX_OUTSIDE_MATHS = re.compile(
    r"\\(?:href|url|class|cssId|style|require|html|data|bbox|unicode|mmlToken|mathtip|texttip|toggle)"
    r"(?![A-Za-z])"
)


def _math_rule(state: StateInline, silent: bool) -> bool:
    """Inline rule: ``\\( … \\)`` (and display ``\\[ … \\]``) as one maths token."""
    opener = state.src[state.pos : state.pos + 2]
    if opener not in _DELIMITERS:
        return False
    closer, display = _DELIMITERS[opener]
    end = state.src.find(closer, state.pos + 2)
    if end < 0 or end == state.pos + 2:
        return False
    if not silent:
        token = state.push("math_inline", "math", 0)
        token.content = state.src[state.pos + 2 : end]
        token.markup = opener
        token.meta = {"display": display}
    state.pos = end + 2
    return True


def _render_math(self: Any, tokens: list, idx: int, options: Any, env: dict) -> str:
    token = tokens[idx]
    if env.get("math") == "tex":
        closer = _DELIMITERS[token.markup][0]
        return str(escape(token.markup + token.content + closer))
    return str(tex_to_mathml(token.content, display=token.meta["display"]))


def _render_image(self: Any, tokens: list, idx: int, options: Any, env: dict) -> str:
    alt = self.renderInlineAsText(tokens[idx].children or [], options, env)
    return str(escape(f"[image: {alt}]" if alt else "[image]"))


@lru_cache(maxsize=1)
def _markdown() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.inline.ruler.before("escape", "math_inline", _math_rule)
    md.add_render_rule("math_inline", _render_math)
    md.add_render_rule("image", _render_image)
    return md


def _clean(html: str) -> Markup:
    return Markup(
        nh3.clean(
            html,
            tags=_HTML_TAGS | MATHML_TAGS,
            attributes=_ATTRIBUTES,
            url_schemes=_URL_SCHEMES,
            link_rel="noopener noreferrer nofollow",
            strip_comments=True,
        )
    )


@lru_cache(maxsize=2048)
def _render(text: str, math: str, inline: bool) -> Markup:
    md, env = _markdown(), {"math": math}
    html = md.renderInline(text, env) if inline else md.render(text, env)
    if math == "tex":  # anywhere, not only in \( … \): Moodle's filter also reads $$ … $$
        html = _MATHJAX_OUTSIDE_MATHS.sub("", html)
    return _clean(html)


def render_markdown(text: str, *, math: str = "mathml") -> Markup:
    r"""Authored Markdown with ``\( … \)`` maths as safe HTML (MathML, or TeX for Moodle)."""
    if math not in ("mathml", "tex"):
        raise ValueError(f"math must be 'mathml' or 'tex', not {math!r}")
    return _render(str(text), math, False)


def render_inline_markdown(text: str, *, math: str = "mathml") -> Markup:
    """Like ``render_markdown`` without the paragraph: for option texts, hints and titles."""
    if math not in ("mathml", "tex"):
        raise ValueError(f"math must be 'mathml' or 'tex', not {math!r}")
    return _render(str(text), math, True)


def render_question_text(question: Question, text: str) -> Markup:
    """A question's prompt, hint or option as its author meant it.

    Authored items are Markdown; built-in and template questions are prose with inline
    LaTeX, where ``*`` or ``_`` are meant literally.
    """
    if question.family == AUTHORED_FAMILY:
        return render_markdown(text)
    return render_prose(text)
