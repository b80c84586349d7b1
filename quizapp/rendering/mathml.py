"""LaTeX to MathML on the server, so maths shows with no script and no CDN."""

from __future__ import annotations

import re
from functools import lru_cache

import nh3
from latex2mathml.converter import convert
from markupsafe import Markup, escape

_INLINE = re.compile(r"\\\((.+?)\\\)", re.DOTALL)

#: MathML that latex2mathml writes and a page may show. Its output is not safe as it stands:
#: ``\text{<script>…}`` comes out as a raw <script> and ``\href{javascript:…}`` as an href,
#: and instructors write LaTeX, so every conversion is cleaned against these lists.
# fmt: off
MATHML_TAGS = frozenset((
    "math", "semantics", "annotation", "mrow", "mi", "mn", "mo", "ms", "mtext", "mspace",
    "msub", "msup", "msubsup", "mfrac", "msqrt", "mroot", "munder", "mover", "munderover",
    "mtable", "mtr", "mtd", "mstyle", "mpadded", "mphantom", "menclose", "merror",
    "mmultiscripts", "mprescripts", "none",
))
_MATH_COMMON = {"mathvariant", "displaystyle", "scriptlevel"}
MATHML_ATTRIBUTES: dict[str, set[str]] = {
    **{tag: set(_MATH_COMMON) for tag in MATHML_TAGS},
    "math": {"xmlns", "display", *_MATH_COMMON},
    "mo": {"stretchy", "fence", "form", "lspace", "rspace", "separator", "largeop",
           "movablelimits", "accent", "symmetric", "minsize", "maxsize", *_MATH_COMMON},
    "mfrac": {"linethickness", *_MATH_COMMON},
    "mover": {"accent", *_MATH_COMMON},
    "munder": {"accentunder", *_MATH_COMMON},
    "munderover": {"accent", "accentunder", *_MATH_COMMON},
    "mspace": {"width", "height", "depth", *_MATH_COMMON},
    "mpadded": {"width", "height", "depth", "lspace", "voffset", *_MATH_COMMON},
    "menclose": {"notation", *_MATH_COMMON},
    "mtable": {"columnalign", "rowalign", "columnspacing", "rowspacing", "columnlines",
               "rowlines", "frame", *_MATH_COMMON},
    "mtr": {"columnalign", "rowalign", *_MATH_COMMON},
    "mtd": {"columnalign", "rowalign", "columnspan", "rowspan", *_MATH_COMMON},
    "annotation": {"encoding"},
}
# fmt: on


def clean_mathml(markup: str) -> str:
    """``markup`` with every element and attribute outside the MathML allow-list removed."""
    return nh3.clean(markup, tags=set(MATHML_TAGS), attributes=MATHML_ATTRIBUTES, url_schemes=set())


@lru_cache(maxsize=4096)
def _convert(latex: str, display: bool) -> str:
    """latex2mathml costs 0.2–1 ms a formula and prompts repeat, so results are cached."""
    # Numbers are written with the typographic minus (U+2212) for text; latex2mathml
    # would read it as an identifier, so formulas get the ASCII minus it knows.
    converted = convert(latex.replace("\u2212", "-"), display="block" if display else "inline")
    return clean_mathml(converted)


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
