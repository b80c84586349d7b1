r"""Authors' formulas: safe evaluation over drawn variables, with the loss engine's functions.

A formula is text such as ``-ln(q[c])`` or ``cross_entropy(p, softmax(z))``. It is parsed by
``_formula_syntax`` (no ``eval``) and computed here with numpy, float64 throughout. Values are
numbers or vectors (1-D); arithmetic is elementwise, a number combines with a vector, vectors
must have the same length. Indexing is 0-based: ``q[0]`` is the first entry.

Functions: ``ln``/``log`` (natural), ``log2``, ``log10``, ``exp``, ``sqrt``, ``abs``,
``sigmoid``, ``softmax``, ``entropy(p[, base])``, ``cross_entropy(p, q[, base])``,
``kl(p, q[, base])``, ``bce(q, y[, base])`` (elementwise binary cross-entropy of prediction
``q`` against target ``y``), ``sum``, ``mean``, ``max``, ``min``, ``len``; constants ``pi``, ``e``.

Every intermediate result must be finite: a division by zero, ``ln 0`` or an overflow raises
:class:`NotFiniteError` naming the operation, so a bad draw is reported rather than shown.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from quizapp.engine import losses
from quizapp.sets._formula_syntax import (
    Binary,
    Call,
    FormulaError,
    Index,
    Name,
    Node,
    Num,
    Unary,
    Vector,
    calls_in,
    names_in,
    parse_formula,
)

__all__ = [
    "CONSTANTS",
    "FUNCTIONS",
    "Formula",
    "FormulaError",
    "NotFiniteError",
    "Value",
    "compile_formula",
]

#: A variable's value: a number, a vector (list of numbers) or text (shown, never computed).
Value = float | int | list[float] | str

CONSTANTS = {"pi": math.pi, "e": math.e}
MAX_VECTOR_LENGTH = 1000

_Array = float | np.ndarray


class NotFiniteError(FormulaError):
    """A formula's value (or a step on the way) is not a finite number for these values."""


def _vector(x: _Array, name: str) -> np.ndarray:
    if np.ndim(x) != 1:
        raise FormulaError(f"{name} needs a vector, such as [0.7, 0.2, 0.1], not a number")
    return x  # type: ignore[return-value]


def _log(base: float, name: str) -> Callable[[_Array], _Array]:
    def apply(x: _Array) -> _Array:
        arr = np.asarray(x)
        if np.any(arr == 0):
            raise NotFiniteError(f"{name}(0) is −∞")
        if np.any(arr < 0):
            raise NotFiniteError(f"{name} of a negative number is not a real number")
        return np.log(x) / math.log(base) if base != math.e else np.log(x)

    return apply


def _sqrt(x: _Array) -> _Array:
    if np.any(np.asarray(x) < 0):
        raise NotFiniteError("sqrt of a negative number is not a real number")
    return np.sqrt(x)


def _engine(function: Callable[..., object], name: str, vectors: int) -> Callable[..., _Array]:
    """A loss-engine function; its argument errors become FormulaErrors naming the function."""

    def apply(*args: _Array) -> _Array:
        inputs = [_vector(a, name) for a in args[:vectors]]
        base = float(args[vectors]) if len(args) > vectors else math.e
        if len(args) > vectors and np.ndim(args[vectors]) != 0:
            raise FormulaError(f"the base of {name} must be a number")
        try:
            return np.asarray(function(*inputs, base=base), dtype=float)[()]
        except ValueError as error:
            raise FormulaError(f"{name}: {error}") from None

    return apply


def _bce(q: _Array, y: _Array, base: _Array = math.e) -> _Array:
    try:
        value = losses.binary_cross_entropy(q, y, reduction="none", base=float(base))
    except ValueError as error:
        raise FormulaError(f"bce: {error}") from None
    return np.asarray(value, dtype=float)[()]


def _reduce(function: Callable[[np.ndarray], object], name: str) -> Callable[..., _Array]:
    def apply(*args: _Array) -> _Array:
        if len(args) == 1:
            return float(function(_vector(args[0], name)))
        if any(np.ndim(a) for a in args):
            raise FormulaError(f"{name} of several arguments takes numbers, not vectors")
        return float(function(np.array(args, dtype=float)))

    return apply


#: name → (fewest arguments, most arguments or None, implementation)
FUNCTIONS: dict[str, tuple[int, int | None, Callable[..., _Array]]] = {
    "ln": (1, 1, _log(math.e, "ln")),
    "log": (1, 1, _log(math.e, "log")),
    "log2": (1, 1, _log(2.0, "log2")),
    "log10": (1, 1, _log(10.0, "log10")),
    "exp": (1, 1, np.exp),
    "sqrt": (1, 1, _sqrt),
    "abs": (1, 1, np.abs),
    "sigmoid": (1, 1, lambda x: np.asarray(losses.sigmoid(x), dtype=float)[()]),
    "softmax": (1, 1, lambda z: losses.softmax(_vector(z, "softmax"))),
    "entropy": (1, 2, _engine(losses.entropy, "entropy", 1)),
    "cross_entropy": (2, 3, _engine(losses.cross_entropy, "cross_entropy", 2)),
    "kl": (2, 3, _engine(losses.kl_divergence, "kl", 2)),
    "bce": (2, 3, _bce),
    "sum": (1, 1, lambda v: float(np.sum(_vector(v, "sum")))),
    "mean": (1, 1, lambda v: float(np.mean(_vector(v, "mean")))),
    "max": (1, None, _reduce(np.max, "max")),
    "min": (1, None, _reduce(np.min, "min")),
    "len": (1, 1, lambda v: float(len(_vector(v, "len")))),
}

#: Names a variable may not take: they already mean something in a formula or a template.
RESERVED = frozenset(FUNCTIONS) | frozenset(CONSTANTS) | {"answer"}


@dataclass(frozen=True)
class Formula:
    """A parsed formula: its text, tree and the variables it reads."""

    text: str
    tree: Node
    names: frozenset[str]

    def evaluate(self, values: Mapping[str, Value]) -> float | list[float]:
        """The formula's value for ``values``: a float, or a list of floats for a vector."""
        with np.errstate(all="ignore"):
            result = _evaluate(self.tree, values)
        if np.ndim(result) == 0:
            return float(result)
        return [float(v) for v in result]


@lru_cache(maxsize=2048)
def compile_formula(text: str) -> Formula:
    """Parse ``text`` and check its functions and constants; raises ``FormulaError``.

    Cached: the question tests evaluate the same formulas for a hundred draws.
    """
    tree = parse_formula(text)
    for call in calls_in(tree):
        if call.name not in FUNCTIONS:
            hint = "" if call.name in CONSTANTS else f"; known: {', '.join(sorted(FUNCTIONS))}"
            raise FormulaError(
                f"unknown function '{call.name}' at position {call.pos + 1}{hint}", call.pos
            )
        low, high, _ = FUNCTIONS[call.name]
        if len(call.args) < low or (high is not None and len(call.args) > high):
            wanted = str(low) if low == high else f"{low} to {high}" if high else f"{low} or more"
            raise FormulaError(
                f"{call.name} takes {wanted} argument{'s' if wanted != '1' else ''}, "
                f"got {len(call.args)} (at position {call.pos + 1})",
                call.pos,
            )
    names = names_in(tree)
    for name in sorted(names & set(FUNCTIONS)):
        raise FormulaError(f"{name} is a function: write {name}(…)")
    return Formula(text, tree, frozenset(names - set(CONSTANTS)))


def _finite(value: _Array, what: str, pos: int) -> _Array:
    if not np.all(np.isfinite(value)):
        raise NotFiniteError(f"{what} at position {pos + 1} is not a finite number", pos)
    return value


def _evaluate(node: Node, values: Mapping[str, Value]) -> _Array:
    if isinstance(node, Num):
        return _finite(node.value, "the number", node.pos)
    if isinstance(node, Name):
        return _variable(node, values)
    if isinstance(node, Unary):
        operand = _evaluate(node.operand, values)
        return -operand if node.op == "-" else operand
    if isinstance(node, Vector):
        items = [_evaluate(item, values) for item in node.items]
        if not items or any(np.ndim(item) for item in items):
            raise FormulaError(
                f"the vector at position {node.pos + 1} must list numbers, e.g. [0.7, 0.2, 0.1]",
                node.pos,
            )
        return np.array(items, dtype=float)
    if isinstance(node, Index):
        return _index(node, _evaluate(node.target, values), _evaluate(node.index, values))
    if isinstance(node, Call):
        args = [_evaluate(arg, values) for arg in node.args]
        try:
            result = FUNCTIONS[node.name][2](*args)
        except NotFiniteError as error:
            raise NotFiniteError(
                f"{error.message} (at position {node.pos + 1})", node.pos
            ) from None
        return _finite(result, f"{node.name}(…)", node.pos)
    return _binary(node, _evaluate(node.left, values), _evaluate(node.right, values))


def _variable(node: Name, values: Mapping[str, Value]) -> _Array:
    if node.name in CONSTANTS:
        return CONSTANTS[node.name]
    if node.name not in values:
        raise FormulaError(f"undefined variable '{node.name}' at position {node.pos + 1}", node.pos)
    value = values[node.name]
    if isinstance(value, str):
        raise FormulaError(f"'{node.name}' is text, not a number; it can only be shown", node.pos)
    if isinstance(value, list | tuple | np.ndarray):
        array = np.asarray(value, dtype=float)
        if array.ndim != 1 or not 0 < len(array) <= MAX_VECTOR_LENGTH:
            raise FormulaError(f"'{node.name}' must be a number or a flat list of numbers")
        return array
    return float(value)


def _index(node: Index, target: _Array, index: _Array) -> _Array:
    if np.ndim(target) != 1:
        raise FormulaError(f"only a vector can be indexed (position {node.pos + 1})", node.pos)
    if np.ndim(index) != 0 or not float(index).is_integer():
        raise FormulaError(f"an index must be a whole number (position {node.pos + 1})", node.pos)
    i = int(index)
    if not 0 <= i < len(target):  # type: ignore[arg-type]
        raise FormulaError(
            f"index {i} is outside the vector of {len(target)} entries (indexing starts at 0; "  # type: ignore[arg-type]
            f"position {node.pos + 1})",
            node.pos,
        )
    return float(target[i])  # type: ignore[index]


_OPERATORS: dict[str, Callable[[_Array, _Array], _Array]] = {
    "+": np.add,
    "-": np.subtract,
    "*": np.multiply,
    "/": np.divide,
    "^": np.power,
}


def _binary(node: Binary, left: _Array, right: _Array) -> _Array:
    if np.ndim(left) and np.ndim(right) and len(left) != len(right):  # type: ignore[arg-type]
        raise FormulaError(
            f"'{node.op}' at position {node.pos + 1} combines vectors of "
            f"{len(left)} and {len(right)} entries",  # type: ignore[arg-type]
            node.pos,
        )
    if node.op == "/" and np.any(np.asarray(right) == 0):
        raise NotFiniteError(f"division by zero at position {node.pos + 1}", node.pos)
    if node.op == "^" and np.any((np.asarray(left) < 0) & (np.asarray(right) % 1 != 0)):
        raise NotFiniteError(
            f"a negative number to a fractional power at position {node.pos + 1}", node.pos
        )
    result = _OPERATORS[node.op](left, right)
    what = {"^": "the power", "/": "the quotient"}.get(node.op, "the result")
    return _finite(result[()] if isinstance(result, np.ndarray) else result, what, node.pos)
