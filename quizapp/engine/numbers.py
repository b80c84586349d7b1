"""How numbers are written in prompts, readings and worked solutions.

A computed number is shown to 4 significant figures, trailing zeros included (1.030, not
1.03: the zero is a digit the engine vouches for). A worked solution also does arithmetic
with the numbers it shows, so ``relation`` says whether "=" is still true of them or only ≈.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

MINUS = "\u2212"
SIGNIFICANT = 4
APPROX = r"\approx"


def format_number(value: float, sig: int = SIGNIFICANT) -> str:
    """``value`` to ``sig`` significant figures, plain notation where it reads well.

    >>> format_number(0.35667494393873245), format_number(1.0297), format_number(20000.0)
    ('0.3567', '1.030', '20000')
    >>> format_number(1.1005e-05), format_number(-0.5)
    ('1.101e−5', '−0.5000')
    """
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "∞" if value > 0 else f"{MINUS}∞"
    if value == 0:
        return "0"
    magnitude = _magnitude(value, sig)
    if magnitude >= 6 or magnitude < -4:
        mantissa, exponent = f"{value:.{sig - 1}e}".split("e")
        return f"{mantissa}e{int(exponent)}".replace("-", MINUS)
    return f"{value:.{max(sig - 1 - magnitude, 0)}f}".replace("-", MINUS)


def _magnitude(value: float, sig: int) -> int:
    """The power of ten of ``value`` after rounding to ``sig`` figures (9.9996 counts as 10)."""
    magnitude = math.floor(math.log10(abs(value)))
    rounded = float(f"{abs(value):.{sig - 1}e}")
    return magnitude + 1 if rounded >= 10.0 ** (magnitude + 1) else magnitude


def format_fixed(value: float, decimals: int) -> str:
    """``value`` to exactly ``decimals`` places, for numbers lined up in a subtraction."""
    return f"{value:.{decimals}f}".replace("-", MINUS)


def format_input(value: float) -> str:
    """An input number as the question shows it (already rounded when drawn): 0.7, 0.05."""
    text = repr(float(value))
    if text.endswith(".0"):
        text = text[:-2]
    return text.replace("-", MINUS)


def format_short(value: float) -> str:
    """A value that is exact in a few digits (a target 1, a weight 0.5, ε/C = 0.025) as it is;
    any other to 4 significant figures, so 1/3 does not print seventeen digits."""
    text = format_input(float(f"{value:.12g}"))  # (1 − 0.2) + 0.02 is 0.8200000000000001
    digits = text.lstrip(MINUS).replace(".", "").lstrip("0")
    return text if "e" not in text and len(digits) <= SIGNIFICANT else format_number(value)


def format_vector(values: Sequence[float], formatter: Callable[[float], str] = format_input) -> str:
    """A vector as ``[0.7, 0.2, 0.1]``."""
    return "[" + ", ".join(formatter(v) for v in values) + "]"


# ---------------------------------------------------------------------------- shown arithmetic


def shown_value(text: str) -> float:
    """The number a reader takes from the text ``format_number`` or ``format_input`` wrote."""
    return float(text.replace(MINUS, "-"))


def _half_ulp(text: str) -> float:
    """Half a unit in the last place ``text`` shows: every value within it rounds to ``text``."""
    mantissa, _, exponent = text.replace(MINUS, "-").partition("e")
    decimals = len(mantissa.split(".")[1]) if "." in mantissa else 0
    return 0.5 * 10.0 ** (int(exponent or 0) - decimals)


def shown(value: float, formatter: Callable[[float], str] = format_number) -> float:
    """``value`` as a worked solution shows it: what a reader will compute with."""
    return shown_value(formatter(value))


def agrees(reader: float, text: str) -> bool:
    """Whether ``text`` is ``reader`` rounded to the places ``text`` shows."""
    slack = 1e-9 * max(1.0, abs(reader))
    return abs(reader - shown_value(text)) <= _half_ulp(text) + slack


def relation(reader: float, result: float | str) -> str:
    """ "=" when the shown ``result`` is what the reader's arithmetic gives, else ``\\approx``.

    ``reader`` is the arithmetic done on the numbers as shown (``shown`` of each);
    ``result`` is the engine's value (formatted by ``format_number``) or its text.
    """
    text = result if isinstance(result, str) else format_number(result)
    return "=" if agrees(reader, text) else APPROX


def decimals_of(text: str) -> int:
    """How many places after the point ``text`` shows (0 for 20000 or e-notation)."""
    return len(text.split(".")[1]) if "." in text and "e" not in text else 0


# ---------------------------------------------------------------------------- LaTeX spellings
# format_number/format_input write a Unicode minus and "1.2e−5", which read well in prose but
# become stray identifiers inside a formula; these give the LaTeX spelling of the same text.


def latex_number(text: str) -> str:
    """Number text in LaTeX: an ASCII minus and ``m \\times 10^{k}`` for ``me−k``."""
    text = text.replace(MINUS, "-")
    if "e" in text and text not in ("inf", "-inf"):
        mantissa, exponent = text.split("e")
        return f"{mantissa} \\times 10^{{{int(exponent)}}}"
    return text.replace("∞", r"\infty")


def tex_number(value: float) -> str:
    """A computed value as LaTeX, to the same 4 significant figures as ``format_number``."""
    return latex_number(format_number(float(value)))


def tex_input(value: float) -> str:
    """An input number as LaTeX, written exactly as the question shows it."""
    return latex_number(format_input(float(value)))


def tex_short(value: float) -> str:
    """A value as LaTeX: exact when short, else to 4 significant figures (``format_short``)."""
    return latex_number(format_short(float(value)))


def tex_vector(values: Sequence[float], formatter: Callable[[float], str] = tex_input) -> str:
    """A vector as LaTeX: ``[0.7, 0.2, 0.1]``."""
    return "[" + ", ".join(formatter(v) for v in values) + "]"


def tex_difference(minuend: float, subtrahend: float, result: float) -> str:
    """``a - b = c`` with a and b to as many places as c, so the subtraction checks out.

    Cancellation loses leading digits: 1.807 − 1.576 is 0.231, not the 0.2302 the engine
    gets from the unrounded values, so both operands are shown to 0.2302's four places
    (1.8071 − 1.5769). If their rounding still moves the last digit (1.8066 − 1.5763 is
    0.2303), they get up to two more places (1.80658 − 1.57634); failing that the sign is ≈.
    """
    result_text = format_number(result)
    places = max(
        decimals_of(result_text),
        decimals_of(format_number(minuend)),
        decimals_of(format_number(subtrahend)),
    )
    for extra in (0, 1, 2, 0):  # the last try keeps the fewest places, with ≈
        a, b = format_fixed(minuend, places + extra), format_fixed(subtrahend, places + extra)
        sign = relation(shown_value(a) - shown_value(b), result_text)
        if sign == "=":
            break
    b_tex = latex_number(b)
    if b_tex.startswith("-"):
        b_tex = f"({b_tex})"
    return f"{latex_number(a)} - {b_tex} {sign} {latex_number(result_text)}"


def _terms_tex(texts: Sequence[str]) -> str:
    """Shown terms joined by + (or −, for a negative term after the first)."""
    parts = []
    for text in texts:
        tex = latex_number(text)
        if parts:
            tex = f"- {tex[1:]}" if tex.startswith("-") else f"+ {tex}"
        parts.append(tex)
    return " ".join(parts)


def tex_sum(terms: Sequence[float], result: float) -> str:
    """``t1 + t2 - t3 … = result``, with ≈ when the shown terms do not add up to the result."""
    texts = [format_number(t) for t in terms]
    sign = relation(math.fsum(shown_value(t) for t in texts), result)
    return f"{_terms_tex(texts)} {sign} {tex_number(result)}"


def tex_mean(terms: Sequence[float], result: float) -> str:
    """``\frac{1}{N}(t1 + … + tN) = result``, with ≈ when the shown terms do not give it."""
    texts = [format_number(t) for t in terms]
    sign = relation(math.fsum(shown_value(t) for t in texts) / len(texts), result)
    return (
        f"\\frac{{1}}{{{len(texts)}}}\\left({_terms_tex(texts)}\\right) {sign} {tex_number(result)}"
    )
