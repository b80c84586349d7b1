"""LaTeX to MathML on the server, so maths shows with no script and no CDN."""

from __future__ import annotations

import re
from functools import lru_cache

from latex2mathml.converter import convert
from markupsafe import Markup, escape

_INLINE = re.compile(r"\\\((.+?)\\\)", re.DOTALL)


@lru_cache(maxsize=4096)
def _convert(latex: str, display: bool) -> str:
    """latex2mathml costs 0.2–1 ms a formula and prompts repeat, so results are cached."""
    # Numbers are written with the typographic minus (U+2212) for text; latex2mathml
    # would read it as an identifier, so formulas get the ASCII minus it knows.
    return convert(latex.replace("\u2212", "-"), display="block" if display else "inline")


def tex_to_mathml(latex: str, display: bool = False) -> Markup:
    """MathML for ``latex``; text that is not valid LaTeX is shown escaped, never dropped."""
    try:
        return Markup(_convert(str(latex), display))
    except Exception:  # latex2mathml raises many types; a formula must never break a page
        return Markup('<code class="tex">') + escape(latex) + Markup("</code>")


def render_prose(text: str) -> Markup:
    r"""Escape ``text`` and typeset each inline ``\( … \)`` segment as MathML."""
    parts: list[Markup] = []
    position = 0
    for match in _INLINE.finditer(text):
        parts.append(escape(text[position : match.start()]))
        parts.append(tex_to_mathml(match.group(1)))
        position = match.end()
    parts.append(escape(text[position:]))
    return Markup("").join(parts)
