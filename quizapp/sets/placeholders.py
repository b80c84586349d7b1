r"""Filling ``{var}``, ``{answer}`` and ``{=expression}`` placeholders in authored text.

``{name}`` is replaced only when ``name`` is a variable (or ``answer``), so LaTeX braces such as
``\frac{1}{2}`` or ``\mathrm{nats}`` stay as they are; inside maths a filled value keeps its
braces as a TeX group. Numbers are written as a learner reads
them: drawn numbers exactly as drawn (0.35), computed ones to 4 significant figures (0.3567);
inside ``\( … \)`` in LaTeX spelling (an ASCII minus, ``\times 10^{-5}``), outside with a
typographic minus. ``{=expr}`` computes a formula over the variables, as in Moodle.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterator, Mapping

from quizapp.engine.numbers import (
    format_input,
    format_short,
    format_vector,
    tex_input,
    tex_short,
    tex_vector,
)
from quizapp.sets.formulas import Value, compile_formula

PLACEHOLDER = re.compile(r"\{(?:=(?P<expr>[^{}]+)|(?P<name>[A-Za-z_][A-Za-z0-9_]*))\}")
_MATH = re.compile(r"\\\((.+?)\\\)|\\\[(.+?)\\\]", re.DOTALL)

_Formatter = Callable[[float], str]


def segments(text: str) -> Iterator[tuple[str, bool]]:
    """``text`` split into (piece, is_maths) so each piece is filled in its own spelling."""
    position = 0
    for match in _MATH.finditer(text):
        yield text[position : match.start()], False
        yield match.group(0), True
        position = match.end()
    yield text[position:], False


def fill(text: str, values: Mapping[str, Value], computed: Collection[str] = ()) -> str:
    """``text`` with every placeholder replaced; ``computed`` names values to round to 4 figures.

    Raises ``FormulaError`` when a ``{=…}`` expression cannot be computed.
    """
    return "".join(_fill(piece, values, computed, maths) for piece, maths in segments(text))


def _fill(piece: str, values: Mapping[str, Value], computed: Collection[str], maths: bool) -> str:
    # Computed values to 4 figures, but an exact short one (1 − 0.7) as it is, not 0.3000.
    exact, rounded = (tex_input, tex_short) if maths else (format_input, format_short)

    def replace(match: re.Match[str]) -> str:
        if match["expr"] is not None:
            return _shown(compile_formula(match["expr"].strip()).evaluate(values), rounded, maths)
        name = match["name"]
        if name not in values:
            return match.group(0)
        return _shown(values[name], rounded if name in computed else exact, maths)

    return PLACEHOLDER.sub(replace, piece)


def _shown(value: Value, formatter: _Formatter, maths: bool) -> str:
    if isinstance(value, str):
        text = value
    elif isinstance(value, list | tuple):
        numbers = [float(v) for v in value]
        text = tex_vector(numbers, formatter) if maths else format_vector(numbers, formatter)
    else:
        text = formatter(float(value))
    # In maths the braces stay as a TeX group: \frac{1}{q} must become \frac{1}{0.5}, not
    # \frac{1}0.5 (which TeX reads as ½ followed by 0.5).
    return "{" + text + "}" if maths else text


def fill_typed(text: str, values: Mapping[str, Value]) -> str:
    """``text`` with placeholders as a learner could type them: ASCII, full precision.

    Used for the author's sample answers, so ``-log2({q})`` is a test for every draw.
    """

    def typed(value: Value) -> str:
        if isinstance(value, str):
            return value
        if isinstance(value, list | tuple):
            return "[" + ", ".join(typed(v) for v in value) + "]"
        return repr(float(value))

    def replace(match: re.Match[str]) -> str:
        if match["expr"] is not None:
            return typed(compile_formula(match["expr"].strip()).evaluate(values))
        name = match["name"]
        return typed(values[name]) if name in values else match.group(0)

    return PLACEHOLDER.sub(replace, text)


def used_placeholders(text: str) -> Iterator[tuple[str, str, bool]]:
    """Each placeholder as (``"name"`` or ``"expr"``, its content, whether inside maths)."""
    for piece, maths in segments(text):
        for match in PLACEHOLDER.finditer(piece):
            if match["expr"] is not None:
                yield "expr", match["expr"].strip(), maths
            else:
                yield "name", match["name"], maths
