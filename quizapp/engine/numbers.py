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
