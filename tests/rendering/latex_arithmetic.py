r"""Recompute the arithmetic a worked solution shows, from the numbers as they are shown.

A step such as ``H(p, q) - H(p) = 1.807 - 1.576 = 0.2302`` claims that the shown 1.807 − 1.576
gives the shown 0.2302 to its four decimals; it does not (0.231), so the step should show more
digits or say ≈. This module reads the LaTeX of a step, splits it into equations and the sides of
each chain, evaluates every side that holds only numbers and functions (ln, log₂, e^x, fractions,
vectors), and reports each "=" that does not hold to the precision of what is shown.

It is written for the tests, independently of how the engine formats numbers: a number is
taken at face value, and a number on the right of "=" stands for everything that rounds to it.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

_SCI = r"\d+(?:\.\d+)?\s*\\times\s*10\^\{-?\d+\}"
_TOKEN = re.compile(
    rf"(?P<sci>{_SCI})|(?P<num>\d+(?:\.\d+)?)|(?P<cmd>\\[A-Za-z]+|\\[,;:! %{{}}|])|"
    r"(?P<op>[-+*/^_=()\[\]{},<>%])|(?P<space>\s+)|(?P<char>.)"
)
_IGNORED = {
    r"\,",
    r"\;",
    r"\:",
    r"\!",
    "\\ ",
    r"\left",
    r"\right",
    r"\big",
    r"\Big",
    r"\displaystyle",
}
_SEPARATORS = {r"\quad", r"\qquad", r"\Longrightarrow", r"\Rightarrow", r"\implies"}
_RELATIONS = {"=": "=", r"\approx": "≈", "<": "<", ">": ">", r"\le": "≤", r"\ge": "≥"}
_RELATIONS.update({r"\leq": "≤", r"\geq": "≥", r"\ne": "≠", r"\neq": "≠"})
_UNITS = {r"\text{nats}", r"\text{bits}", r"\mathrm{nats}", r"\mathrm{bits}"}


_FACTOR_STARTS = {
    "(",
    "{",
    r"\frac",
    r"\tfrac",
    r"\dfrac",
    r"\ln",
    r"\log",
    r"\exp",
    r"\sigma",
    "e",
}


class NotArithmetic(Exception):
    """A side holds a symbol (H, p_i, \\sum …), so it cannot be recomputed from numbers."""


@dataclass(frozen=True)
class Interval:
    """A shown number: every value that rounds to it (``lo == hi`` for an exact one)."""

    lo: float
    hi: float

    def __add__(self, other: Interval) -> Interval:
        return Interval(self.lo + other.lo, self.hi + other.hi)

    def __sub__(self, other: Interval) -> Interval:
        return Interval(self.lo - other.hi, self.hi - other.lo)

    def __mul__(self, other: Interval) -> Interval:
        ends = [a * b for a in (self.lo, self.hi) for b in (other.lo, other.hi)]
        return Interval(min(ends), max(ends))

    def __truediv__(self, other: Interval) -> Interval:
        if other.lo <= 0 <= other.hi:
            raise NotArithmetic("division by an interval around 0")
        return self * Interval(1 / other.hi, 1 / other.lo)

    def __neg__(self) -> Interval:
        return Interval(-self.hi, -self.lo)

    def map(self, increasing) -> Interval:
        """A monotonically increasing function of the interval."""
        return Interval(increasing(self.lo), increasing(self.hi))

    def power(self, exponent: Interval) -> Interval:
        if self.lo <= 0:
            raise NotArithmetic("power of a non-positive base")
        ends = [a**b for a in (self.lo, self.hi) for b in (exponent.lo, exponent.hi)]
        return Interval(min(ends), max(ends))

    @property
    def mid(self) -> float:
        return (self.lo + self.hi) / 2


@dataclass(frozen=True)
class Token:
    kind: str
    text: str
    value: float = 0.0
    half_ulp: float = 0.0


def _number(text: str) -> tuple[float, float]:
    """Value and half a unit in the last shown place of ``1.101`` or ``1.101 \\times 10^{-5}``."""
    if r"\times" in text:
        mantissa, exponent = re.match(r"([\d.]+)\s*\\times\s*10\^\{(-?\d+)\}", text).groups()
        value, half = _number(mantissa)
        return value * 10.0 ** int(exponent), half * 10.0 ** int(exponent)
    decimals = len(text.split(".")[1]) if "." in text else 0
    return float(text), 0.5 * 10.0**-decimals


def tokens(latex: str) -> list[Token]:
    """The LaTeX as tokens; spacing commands and \\left / \\right are dropped."""
    latex = latex.replace("\u2212", "-").replace(r"\%", "%")
    for unit in _UNITS:
        latex = latex.replace(unit, " ")
    out: list[Token] = []
    for match in _TOKEN.finditer(latex):
        kind = match.lastgroup
        text = match.group()
        if kind == "space" or text in _IGNORED:
            continue
        if kind in ("sci", "num"):
            value, half = _number(text)
            out.append(Token("num", text, value, half))
        elif kind == "char":
            out.append(Token("sym", text))
        else:
            out.append(Token("op" if kind == "op" else "cmd", text))
    return out


def _depth_split(items: list[Token], is_cut) -> list[list[Token]]:
    """Split a token list at top-level tokens where ``is_cut`` holds; each cut is its own part."""
    parts: list[list[Token]] = [[]]
    depth = 0
    for token in items:
        if token.text in ("(", "[", "{"):
            depth += 1
        elif token.text in (")", "]", "}"):
            depth -= 1
        if depth == 0 and is_cut(token):
            parts.append([token])
            parts.append([])
        else:
            parts[-1].append(token)
    return parts


def equations(latex: str) -> list[list[object]]:
    """Each equation as [side, relation, side, relation, …]; sides are token lists."""
    result = []
    cut = _depth_split(tokens(latex), lambda t: t.text == "," or t.text in _SEPARATORS)
    for group in cut[::2]:
        chain: list[object] = []
        pieces = _depth_split(group, lambda t: t.text in _RELATIONS)
        for i, piece in enumerate(pieces):
            if i % 2:
                chain.append(_RELATIONS[piece[0].text])
            else:
                chain.append(piece)
        if len(chain) >= 3:
            result.append(chain)
    return result


class _Parser:
    """Recursive descent over one side: sums, products, fractions, powers, ln/log, vectors."""

    def __init__(self, items: list[Token], exact: bool) -> None:
        self.items = items
        self.at = 0
        self.exact = exact

    def peek(self) -> Token | None:
        return self.items[self.at] if self.at < len(self.items) else None

    def take(self, text: str | None = None) -> Token:
        token = self.peek()
        if token is None or (text is not None and token.text != text):
            raise NotArithmetic(f"expected {text!r}, found {token}")
        self.at += 1
        return token

    def side(self) -> list[Interval]:
        if self.peek() and self.peek().text == "[":
            self.take("[")
            values = [self.expr()]
            while self.peek() and self.peek().text == ",":
                self.take(",")
                values.append(self.expr())
            self.take("]")
        else:
            values = [self.expr()]
        if self.peek() is not None:
            raise NotArithmetic(f"left over: {self.items[self.at :]}")
        return values

    def expr(self) -> Interval:
        token = self.peek()
        if token is not None and token.text in "+-":
            self.take()
            value = self.term()
            value = -value if token.text == "-" else value
        else:
            value = self.term()
        while self.peek() is not None and self.peek().text in ("+", "-"):
            sign = self.take().text
            right = self.term()
            value = value + right if sign == "+" else value - right
        return value

    def _starts_factor(self, token: Token | None) -> bool:
        if token is None:
            return False
        if token.kind == "num":
            return True
        return token.text in _FACTOR_STARTS

    def term(self) -> Interval:
        value = self.power()
        while True:
            token = self.peek()
            if token is not None and token.text in (r"\cdot", r"\times", "*"):
                self.take()
                value = value * self.power()
            elif token is not None and token.text == "/":
                self.take()
                value = value / self.power()
            elif self._starts_factor(token):
                value = value * self.power()
            else:
                return value

    def power(self) -> Interval:
        base = self.primary()
        if self.peek() is not None and self.peek().text == "^":
            self.take("^")
            base = base.power(self.group())
        if self.peek() is not None and self.peek().text == "%":
            self.take("%")
            base = base * Interval(0.01, 0.01)
        return base

    def group(self) -> Interval:
        """A braced group, or a single digit as in ``\\tfrac18``."""
        token = self.peek()
        if token is not None and token.text == "{":
            self.take("{")
            value = self.expr()
            self.take("}")
            return value
        if token is not None and token.kind == "num":
            self.take()
            return self._literal(token)
        raise NotArithmetic(f"expected a group, found {token}")

    def _literal(self, token: Token) -> Interval:
        exact = self.exact or ("." not in token.text and r"\times" not in token.text)
        half = 0.0 if exact else token.half_ulp
        return Interval(token.value - half, token.value + half)

    def primary(self) -> Interval:
        token = self.peek()
        if token is None:
            raise NotArithmetic("empty side")
        if token.kind == "num":
            self.take()
            return self._literal(token)
        if token.text in ("(", "["):
            closing = ")" if self.take().text == "(" else "]"
            value = self.expr()
            self.take(closing)
            return value
        if token.text == "{":
            return self.group()
        if token.text in (r"\frac", r"\tfrac", r"\dfrac"):
            self.take()
            top = self.group()
            return top / self.group()
        if token.text == "e":
            self.take()
            return Interval(math.e, math.e)
        if token.text == r"\ln":
            self.take()
            return self.argument().map(math.log)
        if token.text == r"\exp":
            self.take()
            return self.power().map(math.exp)
        if token.text == r"\sigma":
            self.take()
            return self.power().map(lambda v: 1 / (1 + math.exp(-v)))
        if token.text == r"\log":
            self.take()
            self.take("_")
            base = self.group().mid
            return self.argument().map(lambda v: math.log(v) / math.log(base))
        raise NotArithmetic(f"symbol {token.text!r}")

    def argument(self) -> Interval:
        """What a function applies to: the next power (``\\ln 0.7``, ``\\ln(…)``, a fraction)."""
        value = self.power()
        if value.lo <= 0:
            raise NotArithmetic("log of a non-positive number")
        return value


def evaluate(side: list[Token], *, exact: bool) -> list[Interval]:
    """The value(s) of a side; ``exact`` takes every number at face value."""
    if not side:
        raise NotArithmetic("empty side")
    return _Parser(side, exact).side()


def is_literal(side: list[Token]) -> bool:
    """Whether a side is one signed number or a vector of them, the form a result takes."""
    kinds = "".join("n" if t.kind == "num" else t.text for t in side)
    return re.fullmatch(r"-?n|\[-?n(,-?n)*\]", kinds) is not None


@dataclass(frozen=True)
class Mismatch:
    """One relation that the shown numbers do not bear out."""

    latex: str
    left: str
    relation: str
    right: str
    reader_value: float

    def __str__(self) -> str:
        return (
            f"{self.left} {self.relation} {self.right}: the shown numbers give "
            f"{self.reader_value:.6g}  (in {self.latex!r})"
        )


def _as_shown(side: list[Token]) -> list[Interval]:
    """A result such as ``0.2302`` or ``[-0.658, 0.28]``: all that rounds to each number."""
    values, sign = [], 1.0
    for token in side:
        if token.text == "-":
            sign = -1.0
        elif token.kind == "num":
            centre = sign * token.value
            values.append(Interval(centre - token.half_ulp, centre + token.half_ulp))
            sign = 1.0
    return values


def _text(side: list[Token]) -> str:
    return " ".join(t.text for t in side)


def _holds(reader: float, shown: Interval, relation: str) -> bool:
    slack = 1e-9 * max(1.0, abs(reader)) + 1e-15
    if relation == "=":
        return shown.lo - slack <= reader <= shown.hi + slack
    # "≈" promises closeness only: within 1 % or a few units in the last shown place.
    width = max(0.01 * abs(shown.mid), 4 * (shown.hi - shown.lo))
    return abs(reader - shown.mid) <= width + slack


def check(latex: str) -> list[Mismatch]:
    """Every "=" or "≈" in ``latex`` whose sides are numbers and disagree as shown.

    The left side is worked out from its shown numbers taken as exact (what a reader
    would do); the right side stands for everything that rounds to what it shows.
    """
    problems = []
    for chain in equations(latex):
        for i in range(2, len(chain), 2):
            left, relation, right = chain[i - 2], chain[i - 1], chain[i]
            if relation not in ("=", "≈"):
                continue
            try:
                reader = evaluate(left, exact=True)
                shown = _as_shown(right) if is_literal(right) else evaluate(right, exact=False)
            except (NotArithmetic, OverflowError, ZeroDivisionError):
                continue
            if len(reader) != len(shown):
                problems.append(Mismatch(latex, _text(left), relation, _text(right), math.nan))
                continue
            for value, target in zip(reader, shown, strict=True):
                if not _holds(value.mid, target, relation):
                    problems.append(Mismatch(latex, _text(left), relation, _text(right), value.mid))
                    break
    return problems
