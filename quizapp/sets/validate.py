"""Checks of a set beyond its schema, each problem with its path.

Unique item ids; template items name a registered type and params it takes, and their fixed
and drawn params pass the type's own ``check_params`` at both ends of every range; formulas
parse, call known functions and read defined variables, with no circles among derived ones;
placeholders name variables; a test expects an outcome the item can have.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

from quizapp.engine.questions import ParamsError, QuestionType, question_type, registry
from quizapp.sets.draws import (
    CycleError,
    draw_values,
    evaluation_order,
    extremes,
    range_count,
    range_value,
)
from quizapp.sets.formulas import RESERVED, FormulaError, NotFiniteError, compile_formula
from quizapp.sets.items import item_question, option_code
from quizapp.sets.placeholders import used_placeholders
from quizapp.sets.problems import ItemError, Problem, items_with_problems, join_path
from quizapp.sets.schema import path_order, schema_problems
from quizapp.storable import unstorable

#: Numbers beyond this size are refused: no loss question needs them, and a range of such
#: numbers only makes work.
MAX_MAGNITUDE = 1e12
OUTCOMES = ("correct", "wrong", "unreadable")

Item = Mapping[str, Any]


def validate_set(data: object) -> list[Problem]:
    """Every problem with ``data`` (schema first, then meaning); empty when the set is valid."""
    problems = schema_problems(data) + _number_problems(data) + _text_problems(data)
    items = data.get("items") if isinstance(data, dict) else None
    if not isinstance(items, list):
        return problems
    malformed = items_with_problems(problems)  # the schema refused these: check no further
    first_with: dict[str, int] = {}
    for index, item in enumerate(items):
        path = f"items[{index}]"
        if not isinstance(item, dict):
            continue
        item_id = item.get("id")
        if isinstance(item_id, str):
            if item_id in first_with:
                where = f"items[{first_with[item_id]}]"
                problems.append(
                    Problem(f"{path}.id", f"the id {item_id!r} is also used by {where}")
                )
            first_with.setdefault(item_id, index)
        if index not in malformed:  # deeper checks would only repeat the schema's words
            problems.extend(item_problems(item, path))
    return sorted(problems, key=lambda p: path_order(p.path))


def item_problems(item: Item, path: str = "item") -> list[Problem]:
    """The problems of one item that has passed the schema (for a form saving one item)."""
    problems = _KIND_CHECKS[item["kind"]](item, path)
    problems += _test_problems(item, path)
    if not problems:
        try:
            item_question(item, 0)  # anything left (such as shapes) shows on the first draw
        except ItemError as error:
            if not error.not_finite:  # a bad draw is for the question tests to report
                problems.append(Problem(path, error.reason))
    return problems


def _number_problems(data: object) -> list[Problem]:
    """Numbers that are not finite or absurdly large, wherever they are."""
    problems, stack = [], [("", data)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, dict):
            stack.extend((join_path(path, str(k)), v) for k, v in value.items())
        elif isinstance(value, list):
            stack.extend((join_path(path, i), v) for i, v in enumerate(value))
        elif isinstance(value, float | int) and not isinstance(value, bool):
            if math.isfinite(value) and abs(value) <= MAX_MAGNITUDE:
                continue
            message = f"must be a finite number no larger than {MAX_MAGNITUDE:g}"
            problems.append(Problem(path, message))
    return problems


def _text_problems(data: object) -> list[Problem]:
    """Text that no database can store (a NUL, an unpaired surrogate), wherever it is: JSON's
    ``\\u0000`` and ``\\ud800`` escapes can carry them (YAML's reader refuses them itself)."""
    problems, stack = [], [("", data)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, dict):
            for key, inner in value.items():
                stack += [(join_path(path, str(key)), key), (join_path(path, str(key)), inner)]
        elif isinstance(value, list):
            stack.extend((join_path(path, i), v) for i, v in enumerate(value))
        elif isinstance(value, str) and (problem := unstorable(value)):
            problems.append(Problem(path, f"contains {problem}: remove it"))
    return problems


def _template_problems(item: Item, path: str) -> list[Problem]:
    try:
        qtype = question_type(item["type"])
    except ValueError:
        close = difflib.get_close_matches(item["type"], list(registry()), n=3)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        return [Problem(f"{path}.type", f"unknown question type {item['type']!r}{hint}")]
    params, draw = item.get("params", {}), item.get("draw", {})
    known = _param_names(qtype)
    problems = []
    for where, names in (("params", params), ("draw", draw)):
        for name in names:
            if known is not None and name not in known:
                takes = ", ".join(sorted(known)) or "no params"
                problems.append(
                    Problem(f"{path}.{where}.{name}", f"{qtype.id} takes {takes}; not {name!r}")
                )
    for name in set(params) & set(draw):
        problems.append(Problem(f"{path}.draw.{name}", "is also fixed in params: give it once"))
    for name, spec in draw.items():
        if "range" in spec and range_count(spec) == 0:
            problems.append(Problem(f"{path}.draw.{name}.range", "the high end is below the low"))
    if problems or not (params or draw):
        return problems
    base = _passing_base(qtype, params, draw)
    error = _params_error(qtype, base)
    if error:
        return [Problem(f"{path}.params" if params else f"{path}.draw", error)]
    for name, spec in draw.items():
        for value in extremes(spec):
            if error := _params_error(qtype, {**base, name: value}):
                problems.append(
                    Problem(f"{path}.draw.{name}", f"with {name} = {_said(value)}: {error}")
                )
                break
    return problems


def _params_error(qtype: QuestionType, params: dict[str, Any]) -> str | None:
    """What the type's own check_params says against ``params``, or None if it accepts them."""
    try:
        qtype.check_params(dict(params))
    except (ParamsError, ValueError, TypeError) as error:
        return str(error)
    return None


def _passing_base(
    qtype: QuestionType, params: Mapping[str, Any], draw: Mapping[str, Any]
) -> dict[str, Any]:
    """Fixed params with one value per drawn one that the type accepts, where there is one.

    Each range's ends are then checked against this base, so a bad end is reported on its
    own range rather than on the params.
    """
    base = {**params, **{name: _middle(spec) for name, spec in draw.items()}}
    if _params_error(qtype, base) is None:
        return base
    for name, spec in draw.items():
        for value in (_middle(spec), *extremes(spec)):
            if _params_error(qtype, {**base, name: value}) is None:
                base[name] = value
                break
    return base


def _said(value: Any) -> str:
    """A drawn value as a message shows it: 0 rather than 0.0, text quoted."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return f"{value:g}"
    return repr(value)


def _middle(spec: Mapping[str, Any]) -> Any:
    if "range" in spec:
        return range_value(spec, range_count(spec) // 2)
    return spec["list"][len(spec["list"]) // 2]


def _param_names(qtype: QuestionType) -> set[str] | None:
    """The params a type takes, read from what it draws (None if it only takes fixed ones)."""
    names: set[str] = set()
    for difficulty in (1, 2, 3):
        try:
            names |= set(qtype.draw_params(np.random.default_rng(0), difficulty))
        except NotImplementedError:
            return None
    return names


def _formula_problems(item: Item, path: str) -> list[Problem]:
    variables = item["variables"]
    problems = [
        Problem(f"{path}.variables.{name}", f"{name!r} already names a function or constant")
        for name in variables
        if name in RESERVED
    ]
    for name, spec in variables.items():
        if "formula" in spec:
            problems += _expression_problems(
                spec["formula"], variables, f"{path}.variables.{name}.formula"
            )
        elif "range" in spec and range_count(spec) == 0:
            problems.append(
                Problem(f"{path}.variables.{name}.range", "the high end is below the low")
            )
    if not problems:
        try:
            evaluation_order(variables)
        except CycleError as error:
            problems.append(Problem(f"{path}.variables.{error.names[0]}", str(error)))
    problems += _expression_problems(item["answer"], variables, f"{path}.answer")
    for index, mistake in enumerate(item.get("mistakes", [])):
        problems += _expression_problems(
            mistake["answer"], variables, f"{path}.mistakes[{index}].answer"
        )
    problems += _placeholder_problems(item, path, set(variables))
    problems += _code_problems(item, path)
    if not problems:
        problems += _sample_problems(item, path)
    return problems


def _expression_problems(text: str, variables: Mapping[str, Any], path: str) -> list[Problem]:
    try:
        formula = compile_formula(text)
    except FormulaError as error:
        return [Problem(path, error.message)]
    return [
        Problem(path, f"uses {name!r}, which is not one of the variables")
        for name in sorted(formula.names - set(variables))
    ]


def _placeholder_problems(item: Item, path: str, names: set[str]) -> list[Problem]:
    """``{=…}`` must compute; a ``{name}`` in prose must be a variable (in maths it may be TeX).

    Items with a numeric answer may also use ``answer``; choice and explain items have none.
    """
    if item["kind"] in ("formula", "numeric", "vector"):
        names = names | {"answer"}
    problems = []
    fields = [("prompt", item.get("prompt", "")), ("explanation", item.get("explanation", ""))]
    fields += [(f"hints[{i}]", hint) for i, hint in enumerate(item.get("hints", []))]
    for field, text in fields:
        for kind, content, maths in used_placeholders(text):
            if kind == "expr":
                problems += _expression_problems(content, dict.fromkeys(names), f"{path}.{field}")
            elif not maths and content not in names:
                problems.append(
                    Problem(f"{path}.{field}", f"{{{content}}} is not a variable of this item")
                )
    return problems


def _sample_problems(item: Item, path: str) -> list[Problem]:
    """Evaluate once (seed 0): wrong shapes and text in sums show here; bad draws are tests'."""
    try:
        values = draw_values(item["variables"], key=item["id"], seed=0)
    except NotFiniteError:
        return []
    except FormulaError as error:
        return [Problem(f"{path}.variables", error.message)]
    shapes: list[tuple[str, Any]] = []
    for where, text in [("answer", item["answer"])] + [
        (f"mistakes[{i}].answer", m["answer"]) for i, m in enumerate(item.get("mistakes", []))
    ]:
        try:
            shapes.append((where, compile_formula(text).evaluate(values)))
        except NotFiniteError:
            continue
        except FormulaError as error:
            return [Problem(f"{path}.{where}", error.message)]
    answer_shape = _shape(shapes[0][1]) if shapes and shapes[0][0] == "answer" else None
    return [
        Problem(f"{path}.{where}", f"gives {_shape(value)} but the answer is {answer_shape}")
        for where, value in shapes[1:]
        if answer_shape is not None and _shape(value) != answer_shape
    ]


def _shape(value: Any) -> str:
    return f"a vector of {len(value)}" if isinstance(value, list) else "a number"


def _fixed_problems(item: Item, path: str) -> list[Problem]:
    problems = _code_problems(item, path)
    if item["kind"] == "vector":
        length = len(item["answer"])
        problems += [
            Problem(
                f"{path}.mistakes[{i}].answer",
                f"has {len(m['answer'])} entries, the answer {length}",
            )
            for i, m in enumerate(item.get("mistakes", []))
            if len(m["answer"]) != length
        ]
    return problems + _placeholder_problems(item, path, set())


def _code_problems(item: Item, path: str) -> list[Problem]:
    problems, seen = [], set()
    for index, mistake in enumerate(item.get("mistakes", [])):
        code = mistake["code"]
        if code in OUTCOMES or code in seen:
            why = "is a test outcome" if code in OUTCOMES else "is used by another mistake"
            problems.append(Problem(f"{path}.mistakes[{index}].code", f"{code!r} {why}"))
        seen.add(code)
    return problems


def _choice_problems(item: Item, path: str) -> list[Problem]:
    options = item["options"]
    correct = sum(bool(o.get("correct")) for o in options)
    problems = []
    if correct != 1:
        problems.append(
            Problem(f"{path}.options", f"exactly one option must be correct, not {correct}")
        )
    problems += _duplicates([o["id"] for o in options], f"{path}.options", "id")
    codes = [option_code(o) for o in options if not o.get("correct") and o.get("feedback")]
    problems += _duplicates(codes, f"{path}.options", "code")
    return problems + _placeholder_problems(item, path, set())


def _explain_problems(item: Item, path: str) -> list[Problem]:
    ids = [p["id"] for p in item["key_points"]]
    return _duplicates(ids, f"{path}.key_points", "id") + _placeholder_problems(item, path, set())


def _duplicates(values: list[str], path: str, field: str) -> list[Problem]:
    seen: set[str] = set()
    problems = []
    for index, value in enumerate(values):
        if value in seen:
            problems.append(Problem(f"{path}[{index}].{field}", f"{value!r} is used twice"))
        seen.add(value)
    return problems


def _test_problems(item: Item, path: str) -> list[Problem]:
    """A test must expect an outcome this item can have (template types name their own)."""
    if item["kind"] == "template":
        return []
    known = set(OUTCOMES) | {m["code"] for m in item.get("mistakes", [])}
    if item["kind"] in ("numeric", "vector", "formula"):
        known.add("sign_dropped")  # the grader names a flipped sign by itself
    if item["kind"] == "choice":
        known |= {option_code(o) for o in item["options"] if o.get("feedback")}
    if item["kind"] == "explain":
        known.add("key_points_missed")
    return [
        Problem(
            f"{path}.tests[{i}].expect",
            f"expects {test['expect']!r}: use {', '.join(OUTCOMES)} or a mistake's code "
            f"({', '.join(sorted(known - set(OUTCOMES))) or 'none here'})",
        )
        for i, test in enumerate(item.get("tests", []))
        if test["expect"] not in known
    ]


_KIND_CHECKS: dict[str, Callable[[Item, str], list[Problem]]] = {
    "template": _template_problems,
    "formula": _formula_problems,
    "numeric": _fixed_problems,
    "vector": _fixed_problems,
    "choice": _choice_problems,
    "explain": _explain_problems,
}
