"""Server-side rendering of maths (MathML), plots (SVG) and worked solutions."""

from quizapp.rendering.mathml import number_html, render_prose, tex_display, tex_to_mathml
from quizapp.rendering.plots import neglog_plot_svg
from quizapp.rendering.solutions import install_filters, render_solution

__all__ = [
    "install_filters",
    "neglog_plot_svg",
    "number_html",
    "render_prose",
    "render_solution",
    "tex_display",
    "tex_to_mathml",
]
