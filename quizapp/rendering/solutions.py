"""Worked solutions: one Jinja template per question family, filled with the question's numbers."""

from __future__ import annotations

from functools import lru_cache

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from quizapp.engine.numbers import format_input, format_number, format_vector
from quizapp.engine.questions.base import Question
from quizapp.paths import template_folder
from quizapp.rendering.authored import render_inline_markdown, render_markdown
from quizapp.rendering.mathml import number_html, render_prose, tex_display, tex_to_mathml
from quizapp.rendering.plots import neglog_plot_svg


def install_filters(env: Environment) -> None:
    """Give a Jinja environment (ours or Flask's) the maths and number filters."""
    env.filters["tex"] = tex_display
    env.filters["itex"] = lambda latex: tex_to_mathml(latex, display=False)
    env.filters["prose"] = render_prose
    env.filters["markdown"] = render_markdown  # instructors' text: sanitised Markdown + maths
    env.filters["inline_markdown"] = render_inline_markdown
    env.filters["num"] = lambda value: number_html(format_number(value))
    env.filters["shown"] = format_input
    env.filters["vec"] = lambda values: number_html(format_vector(values, format_number))
    env.globals["neglog_plot"] = neglog_plot_svg


@lru_cache(maxsize=1)
def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(template_folder())),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,  # a missing number must fail loudly in tests, not vanish
        trim_blocks=True,
        lstrip_blocks=True,
    )
    install_filters(env)
    return env


def render_solution(question: Question) -> Markup:
    """The worked solution of ``question`` as safe HTML with MathML and an SVG plot."""
    template = _environment().get_template(question.template)
    return Markup(template.render(q=question, x=question.explanation))
