"""Read a learner's typed answer (a number, a percentage, an expression or a vector) without eval.

The text is tokenised (``_answer_tokens``), parsed by a small recursive-descent parser
(``_answer_syntax``) and evaluated here with every domain and range problem turned into a
:class:`ParseError` whose message says what was not understood and where. Unreadable input is
never a wrong answer: the grader shows the message and records nothing.

Accepted:

- numbers ``0.357``, ``.357``, ``-0.5``, ``+2``, ``3.57e-1``, fractions ``1/3``;
- ``35.7 %`` only when the question asks for a percentage (``allow_percent=True``);
- expressions with ``+ - * / ^ ** ( )`` (also ``− × ÷ ·`` and superscripts ``²``, ``⁻¹``), the
  functions ``ln log log2 log10 exp sqrt`` and the constants ``pi`` (``π``) and ``e``.
  ``log`` is the NATURAL logarithm, and the reading shows it as ``ln``. Unary minus binds
  looser than ``^`` (``-2^2`` is −4); ``^`` is right-associative. A function may omit its
  brackets (``ln 0.7``, ``ln 0.7^2`` is ln(0.49)), and multiplication may be implicit
  (``2 pi``, ``2ln(3)``, ``2(1 + 1)``) at the same precedence as ``×``, so ``1/2pi`` is π/2;
  the reading shows every implicit ``×``. Two numbers side by side (``2 3``) are an error.
- vectors ``[a, b, c]``, ``(a, b, c)``, ``a, b, c``, with ``;`` also a separator and each
  component an expression (``[-ln(0.7), 0]``). Numbers separated only by spaces, as numpy
  prints them (``[0.5 -0.2 0.7]``), are a vector only when every component is a plain number
  whose sign, if any, touches its digits: ``0.5 - 0.2`` and ``0.5-0.2`` are subtractions.

Work is bounded: :data:`MAX_NUMBER_CHARS` / :data:`MAX_VECTOR_CHARS` characters, nesting depth
``MAX_DEPTH``, ``MAX_TOKENS`` symbols per number, and every intermediate result must be finite
(``9^9^9`` is refused by comparing logarithms before any power is computed).
"""

from __future__ import annotations

import math
import sys
from dataclasses import dataclass

from quizapp.engine._answer_syntax import Binary, Const, Func, Node, Num, Unary
from quizapp.engine._answer_syntax import parse_list as _parse_list
from quizapp.engine._answer_syntax import parse_scalar as _parse_scalar
from quizapp.engine._answer_tokens import ParseError, Token, snippet, tokenize

__all__ = [
    "MAX_NUMBER_CHARS",
    "MAX_VECTOR_CHARS",
    "ParseError",
    "ParsedAnswer",
    "describe_syntax",
    "parse_answer",
    "parse_number",
    "parse_vector",
]

MAX_NUMBER_CHARS = 200
MAX_VECTOR_CHARS = 1000

_LOG_MAX = math.log(sys.float_info.max)  # ≈ 709.78: the largest ln of a finite float
_TOO_LARGE = "is too large to work with (beyond about 1.8×10³⁰⁸)"
_LOGS = {"ln": math.log, "log": math.log, "log2": math.log2, "log10": math.log10}
_ATOM, _POW, _NEG, _MUL, _ADD = 5, 4, 3, 2, 1  # precedences, for brackets in readings
_SUPERSCRIPTS = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")


@dataclass(frozen=True)
class ParsedAnswer:
    """What the learner typed, its value, and how it was read (shown back so they can check)."""

    text: str
    value: float | tuple[float, ...]
    reading: str
    is_expression: bool
    significant_figures: int | None


def parse_number(text: str, *, allow_percent: bool = False) -> ParsedAnswer:
    """Read one number or expression, so the grader can compare it with the expected value.

    Parameters
    ----------
    text : str
        The answer as typed.
    allow_percent : bool, keyword-only
        Accept a trailing ``%`` and divide by 100; otherwise ``%`` is a :class:`ParseError`
        saying a percentage was not asked for.

    Examples
    --------
    >>> parse_number("-ln(0.7)").reading
    '−ln(0.7) = 0.3567'
    >>> parse_number("35.7 %", allow_percent=True).value
    0.357
    """
    tokens = _tokenize(text, MAX_NUMBER_CHARS, "0.357")
    node, percent = _parse_scalar(tokens, text, allow_percent=allow_percent)
    value = _evaluate(node)
    if percent:
        value = _percent_of(node, value)
    literal = _is_literal(node)
    shown = _render(node)[0]
    if percent:
        shown = (shown if literal else _wrap(node, _ATOM)) + " %"
    if not (literal and not percent and "×10" not in shown):
        shown = _equals(shown, _format(value))
    return ParsedAnswer(
        text=text,
        value=value,
        reading=shown,
        is_expression=not literal,
        significant_figures=_significant_figures(node) if literal else None,
    )


def parse_vector(text: str, *, length: int | None = None) -> ParsedAnswer:
    """Read a vector such as ``[0.1, 0.2, 0.7]``, checking it has ``length`` components if given.

    A bare single number is accepted only when ``length == 1``; ``[0.5]`` always is.

    Examples
    --------
    >>> parse_vector("[-ln(0.7), 0]").reading
    '[−ln(0.7), 0] = [0.3567, 0]'
    """
    tokens = _tokenize(text, MAX_VECTOR_CHARS, "[0.1, 0.2, 0.7]")
    nodes, bracketed = _parse_list(tokens, text)
    if length is not None and len(nodes) != length:
        raise ParseError(f"I expected {_count(length)}, got {len(nodes)}.")
    if len(nodes) == 1 and not bracketed and length != 1:
        raise ParseError("I expected a list of numbers like [0.1, 0.2, 0.7], not a single number.")
    values = tuple(_evaluate(node) for node in nodes)
    literal = all(_is_literal(node) for node in nodes)
    shown = "[" + ", ".join(_render(node)[0] for node in nodes) + "]"
    if not literal or "×10" in shown:
        shown = _equals(shown, "[" + ", ".join(_format(value) for value in values) + "]")
    return ParsedAnswer(
        text=text, value=values, reading=shown, is_expression=not literal, significant_figures=None
    )


def parse_answer(
    text: str, *, expect: str = "number", allow_percent: bool = False, length: int | None = None
) -> ParsedAnswer:
    """Read an answer of the kind a question expects; options that do not apply are ignored."""
    if expect == "number":
        return parse_number(text, allow_percent=allow_percent)
    if expect == "vector":
        return parse_vector(text, length=length)
    raise ValueError(f"expect must be 'number' or 'vector', not {expect!r}")


def describe_syntax(expect: str = "number") -> str:
    """One line for the answer box saying which formats are understood."""
    functions = "ln, log (natural log), log2, log10, exp, sqrt, pi, e"
    if expect == "vector":
        return (
            "Type numbers in brackets separated by commas, e.g. [0.1, 0.2, 0.7]; each may be "
            f"an expression such as -ln(0.7), using + − × / ^ ( ) and {functions}."
        )
    if expect == "number":
        return (
            "Type a number (0.357, 3.57e-1, 1/3) or an expression such as -ln(0.7), using "
            f"+ − × / ^ ( ) and {functions}."
        )
    raise ValueError(f"expect must be 'number' or 'vector', not {expect!r}")


def _tokenize(text: str, limit: int, example: str) -> list[Token]:
    """Refuse empty or over-long text before any parsing work is done."""
    if not isinstance(text, str):
        raise TypeError(f"the answer must be a str, not {type(text).__name__}")
    stripped = text.strip()
    if not stripped:
        raise ParseError(f"Type an answer first, e.g. {example}.")
    if len(stripped) > limit:
        raise ParseError(
            f"That answer is too long ({len(stripped)} characters); keep it under {limit}."
        )
    return tokenize(text)


def _count(n: int) -> str:
    """'1 number', '3 numbers'."""
    return f"{n} number" if n == 1 else f"{n} numbers"


def _evaluate(node: Node) -> float:
    """Compute a tree's value, turning every domain or range problem into a ParseError."""
    if isinstance(node, Num):
        value = float(node.text)
        if math.isinf(value):
            raise ParseError(
                f"The number '{snippet(node.text)}' at position {node.pos + 1} {_TOO_LARGE}.",
                node.pos,
            )
        return value
    if isinstance(node, Const):
        return math.pi if node.name == "pi" else math.e
    if isinstance(node, Unary):
        value = _evaluate(node.operand)
        return -value if node.op == "-" else value
    if isinstance(node, Func):
        return _apply(node.name, _evaluate(node.arg), node.pos)
    return _combine(node.op, _evaluate(node.left), _evaluate(node.right), node.pos)


def _apply(name: str, x: float, pos: int) -> float:
    """Apply a function, explaining arguments outside its domain (ln 0 would be −∞)."""
    where = f"at position {pos + 1}"
    if name in _LOGS:
        if x == 0:
            raise ParseError(f"{name}(0) is −∞; a loss here would be infinite ({where}).", pos)
        if x < 0:
            raise ParseError(
                f"I cannot take {name} of a negative number ({_format(x)}) {where}.", pos
            )
        return _LOGS[name](x)
    if name == "sqrt":
        if x < 0:
            raise ParseError(
                f"I cannot take the square root of a negative number ({_format(x)}) {where}.", pos
            )
        return math.sqrt(x)
    try:
        return math.exp(x)
    except OverflowError:
        raise ParseError(f"exp({_format(x)}) {where} {_TOO_LARGE}.", pos) from None


def _combine(op: str, a: float, b: float, pos: int) -> float:
    """Apply a binary operator; every result must stay finite."""
    where = f"at position {pos + 1}"
    if op == "+":
        result = a + b
    elif op == "-":
        result = a - b
    elif op == "*":
        result = a * b
    elif op == "/":
        if b == 0:
            raise ParseError(f"Division by zero {where}.", pos)
        result = a / b
    else:
        result = _power(a, b, pos)
    if not math.isfinite(result):
        raise ParseError(f"The result {where} {_TOO_LARGE}.", pos)
    return result


def _power(a: float, b: float, pos: int) -> float:
    """a^b for real numbers, refusing overflow before computing it (so 9^9^9 costs nothing)."""
    where = f"at position {pos + 1}"
    if a == 0 and b < 0:
        raise ParseError(f"0 to a negative power {where} is a division by zero.", pos)
    if a < 0 and not b.is_integer():
        raise ParseError(
            f"A negative number to a fractional power (({_format(a)})^{_format(b)}) {where} "
            "is not a real number.",
            pos,
        )
    if a != 0 and b * math.log(abs(a)) > _LOG_MAX:
        raise ParseError(f"The power {where} {_TOO_LARGE}.", pos)
    try:
        return math.pow(a, b)
    except (OverflowError, ValueError):
        raise ParseError(f"The power {where} {_TOO_LARGE}.", pos) from None


def _percent_of(node: Node, value: float) -> float:
    """35.7 % → 0.357, rescaling a typed literal in decimal so the result is exactly 0.357."""
    num = node.operand if isinstance(node, Unary) else node
    if isinstance(num, Num) and "e" not in num.text.lower():
        scaled = float(num.text + "e-2")
        return -scaled if isinstance(node, Unary) and node.op == "-" else scaled
    return value / 100


def _is_literal(node: Node) -> bool:
    """A number as typed, perhaps signed: not an expression, so its precision means something."""
    return isinstance(node, Num) or (isinstance(node, Unary) and isinstance(node.operand, Num))


def _significant_figures(node: Node) -> int:
    """Significant figures of a literal: 0.357 → 3, 0.3570 → 4, 1e-3 → 1, 100 → 1, 100. → 3."""
    literal = node.operand if isinstance(node, Unary) else node
    assert isinstance(literal, Num)
    mantissa = literal.text.lower().partition("e")[0]
    digits = mantissa.replace(".", "").lstrip("0")
    if "." not in mantissa:
        digits = digits.rstrip("0")  # trailing zeros of a whole number are ambiguous
    return max(len(digits), 1)


def _equals(shown: str, value: str) -> str:
    """Append the computed value, unless the reading already shows exactly that."""
    return shown if shown == value else f"{shown} = {value}"


def _format(value: float) -> str:
    """A value to 4 significant figures with a proper minus: 0.3567, −2, 1.235×10⁶."""
    if value == 0:
        return "0"
    sign, magnitude = ("−" if value < 0 else ""), abs(value)
    exponent = math.floor(math.log10(magnitude))
    if -4 <= exponent < 6:
        digits = f"{magnitude:.{max(0, 3 - exponent)}f}"
        return sign + (digits.rstrip("0").rstrip(".") if "." in digits else digits)
    mantissa, _, power = f"{magnitude:.3e}".partition("e")
    return f"{sign}{mantissa.rstrip('0').rstrip('.')}×10{_superscript(power)}"


def _superscript(exponent: str) -> str:
    """'-05' → '⁻⁵', without int() so a 190-digit exponent costs nothing."""
    sign = "-" if exponent.startswith("-") else ""
    return (sign + (exponent.lstrip("+-").lstrip("0") or "0")).translate(_SUPERSCRIPTS)


def _render(node: Node) -> tuple[str, int]:
    """Show how a tree was read, bracketing only where precedence needs it; returns (text, prec)."""
    if isinstance(node, Num):
        mantissa, _, exponent = node.text.lower().partition("e")
        mantissa = ("0" + mantissa if mantissa.startswith(".") else mantissa).rstrip(".")
        if exponent:
            return f"{mantissa}×10{_superscript(exponent)}", _MUL
        return mantissa, _ATOM
    if isinstance(node, Const):
        return ("π" if node.name == "pi" else "e"), _ATOM
    if isinstance(node, Func):
        name = "ln" if node.name == "log" else node.name  # log is the natural log: say so
        return f"{name}({_render(node.arg)[0]})", _ATOM
    if isinstance(node, Unary):
        if node.op == "+":
            return _render(node.operand)
        return "−" + _wrap(node.operand, _POW), _NEG
    if node.op == "^":
        return f"{_wrap(node.left, _ATOM)}^{_wrap(node.right, _NEG)}", _POW
    prec = _ADD if node.op in "+-" else _MUL
    negated = isinstance(node.right, Unary) and node.right.op == "-"
    right = _wrap(node.right, _POW if negated else prec + 1)
    symbol = {"+": " + ", "-": " − ", "*": "×", "/": "/"}[node.op]
    # (1/2)×π rather than 1/2×π: a learner who meant 1/(2π) sees at once how it was read.
    divided = prec == _MUL and isinstance(node.left, Binary) and node.left.op == "/"
    return f"{_wrap(node.left, _ATOM if divided else prec)}{symbol}{right}", prec


def _wrap(node: Node, min_prec: int) -> str:
    """Render a subtree, in brackets when it binds looser than its place needs."""
    text, prec = _render(node)
    return text if prec >= min_prec else f"({text})"
