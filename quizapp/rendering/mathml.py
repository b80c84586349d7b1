"""LaTeX to MathML on the server, so maths shows with no script and no CDN.

latex2mathml gives correct trees but not TeX's spacing, and browsers follow the tree:
``\\ln 0.7`` came out as "ln0.7", a leading minus got the gaps of a binary operator and
``\\operatorname{softmax}`` the gaps of an operator. ``_typeset`` mends those in the tree
(checked in Chromium, see tests/rendering/test_mathml.py); ``linebreaks`` cuts a long
formula into pieces a narrow screen can wrap.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from functools import lru_cache

import nh3
from latex2mathml.converter import convert
from markupsafe import Markup, escape

from quizapp.rendering.linebreaks import breakable_html, serialise

NS = "http://www.w3.org/1998/Math/MathML"
ET.register_namespace("", NS)

_INLINE = re.compile(r"\\\((.+?)\\\)", re.DOTALL)
# 1.101e-5 written where a formula wanted 1.101 \times 10^{-5}: never the letter e.
_E_NOTATION = re.compile(r"(?<![\w.])(\d+(?:\.\d+)?)e([-+−]?\d+)(?![\w.])")
# format_number's own e-notation in prose: its exponent has the typographic minus, which a
# learner's typed "3.57e-1" never has, so only the app's numbers are set as powers of ten.
_PROSE_E_NOTATION = re.compile(r"(?<![\w.])(\d+(?:\.\d+)?)e(−\d+)(?![\w.])")

FUNCTIONS = frozenset(
    {"ln", "log", "lg", "exp", "sin", "cos", "tan", "min", "max", "sup", "inf", "lim", "det"}
    | {"arg", "argmin", "argmax", "softmax", "sigmoid"}
)
_THIN = "0.1667em"  # TeX's thin space, between a function name and its argument
_SIGNS = frozenset("+−±∓")
_CLOSERS = frozenset(")]}|‖⟩")
_OPENERS = frozenset("([{")
_ARROWS = frozenset("⟹⇒→⟶⟸⇐⟺⇔↦")


def _tag(element: ET.Element) -> str:
    return element.tag.rpartition("}")[2]


def _mo(text: str, **attributes: str) -> ET.Element:
    element = ET.Element(f"{{{NS}}}mo", attributes)
    element.text = text
    return element


def _function_head(element: ET.Element) -> bool:
    """``ln``, ``log_2``, ``min_q``, ``softmax``: names that apply to what follows them."""
    if _tag(element) in ("msub", "msup", "msubsup", "munder", "munderover") and len(element):
        element = element[0]
    return _tag(element) == "mi" and (element.text or "") in FUNCTIONS


def _opens(element: ET.Element) -> bool:
    """Whether ``element`` starts with an opening fence: ``(`` or a ``\\left(`` group."""
    if _tag(element) == "mrow" and len(element):
        element = element[0]
    return _tag(element) == "mo" and (element.text or "") in _OPENERS


def _takes_operand(element: ET.Element) -> bool:
    """Whether a sign after ``element`` is a sign, as TeX decides: after an operator, a
    relation, an opening bracket or a comma, or a big operator such as ``\\sum_n``."""
    if _tag(element) in ("msub", "msup", "msubsup", "munder", "mover", "munderover"):
        return len(element) > 0 and _tag(element[0]) == "mo"
    return _tag(element) == "mo" and (element.text or "") not in _CLOSERS


def _mend_names(element: ET.Element) -> None:
    """Upright words as one identifier, operator names as identifiers, arrows as operators."""
    tag, text = _tag(element), element.text or ""
    if tag == "mo" and len(text) > 1 and text.isalpha():
        # \operatorname{softmax} arrives as <mo>: an operator's gaps, "softmax (z)".
        element.tag, element.attrib = f"{{{NS}}}mi", {}
    elif tag == "mi" and text in _ARROWS:
        element.tag = f"{{{NS}}}mo"
    children = list(element)
    if (
        tag == "mrow"
        and len(children) > 1
        and all(_tag(c) == "mi" and c.get("mathvariant") == "normal" for c in children)
    ):
        # \mathrm{KL} arrives as one <mi> per letter; one word kerns and reads as a word.
        word = "".join(c.text or "" for c in children)
        for child in children:
            element.remove(child)
        mi = ET.SubElement(element, f"{{{NS}}}mi")
        mi.text = word


def _mend_row(row: ET.Element) -> None:
    """Function application and prefix signs among the children of one row."""
    children = list(row)
    for i, child in enumerate(children):
        if _function_head(child) and i > 0 and _tag(children[i - 1]) not in ("mo", "mspace"):
            # "0.02 ln 0.056": an implied product before a function gets TeX's thin space.
            row.insert(list(row).index(child), _mo("\u2062", lspace=_THIN, rspace="0"))
        if _function_head(child) and i + 1 < len(children):
            follower = children[i + 1]
            if _tag(follower) == "mo" and not _opens(follower):
                continue  # "\ln =": the name itself, not applied to anything
            apply = _mo("\u2061") if _opens(follower) else _mo("\u2061", rspace=_THIN)
            row.insert(list(row).index(child) + 1, apply)
    children = list(row)
    for i, child in enumerate(children):
        if _tag(child) != "mo" or (child.text or "") not in _SIGNS or child.get("form"):
            continue
        if child not in list(row):
            continue  # already grouped as the operand of the sign before it ("− −3")
        before = [c for c in children[:i] if _tag(c) != "mspace"]
        if before and not _takes_operand(before[-1]):
            continue  # "a − b": a binary minus keeps its gaps
        # A sign, not an operation: no gaps, and grouped with its operand as TeX does.
        child.set("form", "prefix")
        if i + 1 < len(children) and len(children) > 2:
            group = ET.Element(f"{{{NS}}}mrow")
            position = list(row).index(child)
            row.remove(child)
            row.remove(children[i + 1])
            group.extend([child, children[i + 1]])
            row.insert(position, group)


def _typeset(element: ET.Element) -> None:
    """Mend names first (they decide what is a function), then each row, innermost first."""
    for child in list(element):
        _typeset(child)
    _mend_names(element)
    if _tag(element) in ("mrow", "math", "mstyle", "msqrt", "mtd", "mpadded", "mphantom"):
        _mend_row(element)


def _latex(latex: str) -> str:
    r"""Prose minus signs as ASCII (latex2mathml reads U+2212 as an identifier), e-notation
    as a power of ten."""
    latex = str(latex).replace("\u2212", "-")
    return _E_NOTATION.sub(lambda m: f"{m[1]} \\times 10^{{{m[2]}}}", latex)


def _tree(latex: str, display: bool) -> ET.Element:
    """The mended MathML tree of ``latex``; raises whatever latex2mathml raises."""
    converted = convert(_latex(latex), display="block" if display else "inline")
    root = ET.fromstring(clean_mathml(converted))
    _typeset(root)
    return root


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
    cleaned = nh3.clean(
        markup, tags=set(MATHML_TAGS), attributes=MATHML_ATTRIBUTES, url_schemes=set()
    )
    # nh3 writes HTML's named entity for a no-break space; the XML reader after it wants a number.
    return cleaned.replace("&nbsp;", "&#160;")


@lru_cache(maxsize=4096)
def _convert(latex: str, display: bool) -> str:
    """latex2mathml costs 0.2–1 ms a formula and prompts repeat, so results are cached."""
    return serialise(_tree(latex, display))


@lru_cache(maxsize=4096)
def _convert_breakable(latex: str, display: bool) -> str:
    return breakable_html(_tree(latex, display=False), display=display)


def _fallback(latex: str) -> Markup:
    return Markup('<code class="tex">') + escape(latex) + Markup("</code>")


def tex_to_mathml(latex: str, display: bool = False) -> Markup:
    """One ``<math>`` for ``latex``; text that is not LaTeX is shown escaped, never dropped."""
    try:
        return Markup(_convert(str(latex), display))
    except Exception:  # latex2mathml raises many types; a formula must never break a page
        return _fallback(latex)


def tex_display(latex: str) -> Markup:
    """A displayed formula as pieces that wrap on a narrow screen (see ``linebreaks``)."""
    try:
        return Markup(_convert_breakable(str(latex), True))
    except Exception:  # as in tex_to_mathml: show the source rather than fail the page
        return _fallback(latex)


def number_html(text: str) -> Markup:
    """Escaped text with format_number's ``1.101e−5`` set as 1.101 × 10<sup>−5</sup>."""
    escaped = str(escape(text))
    return Markup(_PROSE_E_NOTATION.sub(r"\1 × 10<sup>\2</sup>", escaped))


_SUPERSCRIPTS = str.maketrans("0123456789−", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")


def number_text(text: str) -> str:
    """Plain text (an SVG label, a text alternative) with ``1.101e−5`` as 1.101 × 10⁻⁵."""
    return _PROSE_E_NOTATION.sub(lambda m: f"{m[1]} × 10{m[2].translate(_SUPERSCRIPTS)}", text)


def render_prose(text: str) -> Markup:
    r"""Escape ``text`` and typeset each inline ``\( … \)`` segment as MathML that can wrap."""
    parts: list[Markup] = []
    position = 0
    for match in _INLINE.finditer(text):
        parts.append(number_html(text[position : match.start()]))
        try:
            parts.append(Markup(_convert_breakable(match.group(1), False)))
        except Exception:  # as in tex_to_mathml
            parts.append(_fallback(match.group(1)))
        position = match.end()
    parts.append(number_html(text[position:]))
    return Markup("").join(parts)
