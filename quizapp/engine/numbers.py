"""How numbers are written in prompts, readings and worked solutions."""

from __future__ import annotations

import math

MINUS = "\u2212"


def format_number(value: float, sig: int = 4) -> str:
    """``value`` to ``sig`` significant figures, plain notation where it reads well.

    >>> format_number(0.35667494393873245), format_number(9.965784284662087), format_number(20000.0)
    ('0.3567', '9.966', '20000')
    """
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "∞" if value > 0 else f"{MINUS}∞"
    if value == 0:
        return "0"
    magnitude = math.floor(math.log10(abs(value)))
    if magnitude >= 6 or magnitude < -4:
        mantissa, exponent = f"{value:.{sig - 1}e}".split("e")
        return f"{mantissa.rstrip('0').rstrip('.')}e{int(exponent)}".replace("-", MINUS)
    decimals = max(sig - 1 - magnitude, 0)
    text = f"{value:.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace("-", MINUS)


def format_input(value: float) -> str:
    """An input number as the question shows it (already rounded when drawn): 0.7, 0.05."""
    text = repr(float(value))
    if text.endswith(".0"):
        text = text[:-2]
    return text.replace("-", MINUS)


def format_vector(values: list[float] | tuple[float, ...], formatter=format_input) -> str:
    """A vector as ``[0.7, 0.2, 0.1]``."""
    return "[" + ", ".join(formatter(v) for v in values) + "]"


# format_number/format_input write a Unicode minus and "1.2e−5", which read well in prose but
# become stray identifiers inside a formula; these give the LaTeX spelling of the same text.


def _latex(text: str) -> str:
    """Prose number text in LaTeX: an ASCII minus and ``m \\times 10^{k}`` for ``me−k``."""
    text = text.replace(MINUS, "-")
    if "e" in text and text not in ("inf", "-inf"):
        mantissa, exponent = text.split("e")
        return f"{mantissa} \\times 10^{{{int(exponent)}}}"
    return text


def tex_number(value: float) -> str:
    """A computed value as LaTeX, to the same 4 significant figures as ``format_number``."""
    return _latex(format_number(float(value)))


def tex_input(value: float) -> str:
    """An input number as LaTeX, written exactly as the question shows it."""
    return _latex(format_input(float(value)))


def tex_vector(values: list[float], formatter=tex_input) -> str:
    """A vector as LaTeX: ``[0.7, 0.2, 0.1]``."""
    return "[" + ", ".join(formatter(v) for v in values) + "]"
