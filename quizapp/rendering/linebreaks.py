"""Cut a formula into pieces that wrap like words, so no phone has to scroll sideways.

Browsers do not break a ``<math>`` across lines, so a long chain such as
``H(p) = 0.2428 + 0.3365 + … = 1.477`` must arrive as several. The top row of the MathML
tree is cut three ways, from the cut that reads best to the one used only when needed:

1. between equations (``e^{2.2} = 9.025,\\; e^{1.9} = 6.686``): after a top-level comma or
   a wide space;
2. between the sides of a chain: before ``=``, ``≈`` and other relations;
3. inside a side: before a binary ``+`` / ``−``, and after a comma in a ``[…]`` vector.

Each level is a wrapping flex box (CSS ``.math-eq``, ``.math-rest``, ``.math-side``): one
that fits on the line stays whole, one that does not wraps at the next level down, and the
sides after the first (``.math-rest``) continue under the first "=". Plain ``(``…``)`` are
separate operators in latex2mathml's row, so a sum inside them can still be cut; a
``\\left( … \\right)`` group is one element, opened up only when nothing in it is taller
than a line of text (a fraction keeps its stretched brackets whole).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

NS = "http://www.w3.org/1998/Math/MathML"
RELATIONS = frozenset("=≈≠<>≤≥≡∝⟹⇒→↦⟺⇔")
_BINARY = frozenset("+−±∓")
_OPEN, _CLOSE = frozenset("([{"), frozenset(")]}")
_TALL = frozenset({"mfrac", "munderover", "munder", "mover", "msqrt", "mroot", "mtable"})
_WIDE_SPACE_EM = 0.9  # \quad is 1em: a gap between two equations, not within one

Piece = list[ET.Element]


def _tag(element: ET.Element) -> str:
    return element.tag.rpartition("}")[2]


def _op(element: ET.Element) -> str:
    """The text of an ``<mo>``, or "" for any other element."""
    return (element.text or "") if _tag(element) == "mo" else ""


def _wide_space(element: ET.Element) -> bool:
    if _tag(element) != "mspace":
        return False
    width = element.get("width", "0")
    return width.endswith("em") and float(width[:-2] or 0) >= _WIDE_SPACE_EM


def _fenced(element: ET.Element) -> bool:
    """A ``\\left( … \\right)`` group around nothing taller than a line: safe to open up."""
    return (
        _tag(element) == "mrow"
        and len(element) >= 2
        and element[0].get("fence") == "true"
        and element[-1].get("fence") == "true"
        and not any(_tag(e) in _TALL for e in element.iter())
    )


def _opened(children: list[ET.Element]) -> list[ET.Element]:
    """The row with its low fenced groups opened up, so a long sum inside them can be cut.

    Their fences become ordinary brackets, as TeX's \\left/\\right would draw them around
    numbers; a sign grouped with such a group stays in front of its bracket.
    """
    flat: list[ET.Element] = []
    for element in children:
        sign_group = (
            _tag(element) == "mrow" and len(element) == 2 and element[0].get("form") == "prefix"
        )
        if sign_group and _fenced(element[1]):
            flat.append(element[0])
            element = element[1]
        if _fenced(element):
            for fence in (element[0], element[-1]):
                fence.set("stretchy", "false")
            flat.extend(_opened(list(element)))
        else:
            flat.append(element)
    return flat


def split(children: list[ET.Element]) -> list[list[list[Piece]]]:
    """The row's children as equations → sides → pieces → elements."""
    equations: list[list[list[Piece]]] = [[[[]]]]
    brackets: list[str] = []  # open brackets; "call" for a function's, as in ln(1 − p)
    new_equation = False
    after_function = False
    for element in children:
        text, is_space = _op(element), _tag(element) == "mspace"
        if new_equation and not is_space:
            equations.append([[[]]])
            new_equation = False
        sides = equations[-1]
        if not brackets and text in RELATIONS and sides[-1] != [[]]:
            sides.append([[]])
        elif (
            text in _BINARY
            and element.get("form") != "prefix"
            and sides[-1][-1]
            and "call" not in brackets
        ):
            sides[-1].append([])
        sides[-1][-1].append(element)
        if text in _OPEN:
            brackets.append("call" if after_function else text)
        elif text in _CLOSE and brackets:
            brackets.pop()
        if text == "," and not brackets:
            new_equation = True
        elif text == "," and brackets[-1] == "[":
            sides[-1].append([])  # break after a vector's comma
        elif _wide_space(element) and not brackets:
            new_equation = True
        after_function = text == "\u2061"
    return [[[p for p in side if p] for side in eq] for eq in equations]


def serialise(element: ET.Element) -> str:
    """MathML text for an HTML page (the default namespace, no prefixes)."""
    return ET.tostring(element, encoding="unicode")


def _math(piece: Piece, display: bool) -> str:
    math = ET.Element(f"{{{NS}}}math", {"display": "inline"})
    if display:
        math.set("displaystyle", "true")  # fractions and sums at display size, as in TeX
    row = ET.SubElement(math, f"{{{NS}}}mrow")
    row.extend(piece)
    first = piece[0]
    if _op(first) in _BINARY and first.get("form") != "prefix":
        # First in its own <math>, a "+" would be read as a sign and lose its gaps.
        first.set("form", "infix")
    return serialise(math)


def breakable_html(root: ET.Element, *, display: bool) -> str:
    """``root`` (a ``<math>``) as pieces: nested inline-blocks for display, plain for prose."""
    row = root[0] if len(root) == 1 and _tag(root[0]) == "mrow" else root
    equations = split(_opened(list(row)))
    if not display:
        return "<wbr>".join(_math(p, False) for eq in equations for side in eq for p in side)
    html = []
    for eq in equations:
        sides = [
            '<span class="math-side">' + "<wbr>".join(_math(p, True) for p in side) + "</span>"
            for side in eq
        ]
        if len(sides) > 1:  # the rest of a chain wraps under its own start, after the first side
            sides[1:] = ['<span class="math-rest">' + "".join(sides[1:]) + "</span>"]
        html.append('<span class="math-eq">' + "".join(sides) + "</span>")
    # Flex items wrap by themselves; a <wbr> between them would be an item with its own gap.
    return '<span class="math-display">' + "".join(html) + "</span>"
