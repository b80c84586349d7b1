"""An item of a set as a form: the fields each kind has, and the way between form and item.

Single values are plain fields; lists and mappings (variables, mistakes, options, tests,
hints …) are small YAML boxes, read by the set format's own safe loader. Every problem,
whether the YAML cannot be read, the schema refuses a value or the item's meaning is
wrong, is placed on the field it belongs to, with its line inside a YAML box.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Optional

from quizapp.engine.questions import TOPICS, registry
from quizapp.sets import Problem, SetFileError
from quizapp.sets.fragments import dump_fragment, line_of, load_fragment
from quizapp.sets.schema import KINDS

HEAD = ["item_id", "title", "topic", "prompt"]
ANSWERED = ["answer", "tolerance_rel", "tolerance_abs", "unit", "mistakes"]
TAIL = ["hints", "explanation", "tests"]
#: Form fields of each kind, in the order the form shows them.
KIND_FIELDS: dict[str, list[str]] = {
    "template": ["item_id", "title", "type_id", "difficulty", "params", "draw", "tests"],
    "formula": [*HEAD, "variables", *ANSWERED, *TAIL],
    "numeric": [*HEAD, *ANSWERED, *TAIL],
    "vector": [*HEAD, *ANSWERED, *TAIL],
    "choice": [*HEAD, "options", "shuffle", *TAIL],
    "explain": [*HEAD, "key_points", "model_answer", *TAIL],
}
#: Item key of each form field (tolerance is two fields, one key).
ITEM_KEYS = {"item_id": "id", "type_id": "type"}
YAML_FIELDS = {"params", "draw", "variables", "mistakes", "options", "key_points", "hints", "tests"}

KIND_NAMES = {
    "template": "Template: a built-in question type",
    "formula": "Formula: your variables and answer formula",
    "numeric": "Numeric: one fixed number",
    "vector": "Vector: a fixed list of numbers",
    "choice": "Choice: options, one of them right",
    "explain": "Explain: key points and a model answer",
}


@dataclass(frozen=True)
class FieldHelp:
    """What a field wants, and an example to copy."""

    text: str
    example: str = ""


def _help(kind: str, field: str) -> FieldHelp | None:
    """The help shown with ``field`` on the form of ``kind``."""
    if field == "answer":
        return {
            "formula": FieldHelp(
                "An expression over the variables: ln, log2, exp, sqrt, softmax, entropy, "
                "cross_entropy, bce, sum, mean …",
                "-ln(q)",
            ),
            "numeric": FieldHelp("The number, e.g. 0.3567."),
            "vector": FieldHelp("The list of numbers.", "[0.1, -0.3, 0.2]"),
        }.get(kind)
    if field == "mistakes":
        value = "-log2(q)" if kind == "formula" else ("0.5146" if kind == "numeric" else "[0.1]")
        return FieldHelp(
            "A list: the wrong answer a mistake gives, a short code, and what to tell the learner.",
            f"- answer: {value}\n  code: log_base_2\n  message: You used log base 2 (bits).",
        )
    return HELP.get(field)


HELP: dict[str, FieldHelp] = {
    "item_id": FieldHelp("A short slug, unique in the set: lower-case letters, digits, - and _."),
    "title": FieldHelp("Shown to learners above the question (optional)."),
    "topic": FieldHelp("Where the item counts on a learner's progress page (optional)."),
    "type_id": FieldHelp("The built-in question type: its diagnosis and worked solution come too."),
    "difficulty": FieldHelp("The level the type draws its numbers at."),
    "params": FieldHelp(
        "Fixed params of the type (leave empty to let it draw its own).", "unit: nats"
    ),
    "draw": FieldHelp(
        "A range (with step) or a list per param, so each learner draws their own numbers.",
        "p:\n  range: [0.55, 0.95]\n  step: 0.05",
    ),
    "prompt": FieldHelp(
        "Markdown with maths in \\( … \\); {name} puts in a variable, {=expression} a "
        "computed value."
    ),
    "variables": FieldHelp(
        "A range with step, a list, or a formula of other variables, per name.",
        "q:\n  range: [0.05, 0.95]\n  step: 0.05\nother:\n  formula: 1 - q",
    ),
    "tolerance_rel": FieldHelp("Relative tolerance: 0.01 accepts answers within 1 % (default)."),
    "tolerance_abs": FieldHelp("Absolute floor of the tolerance (default 1e-8)."),
    "unit": FieldHelp("Shown after the answer box, e.g. nats (optional)."),
    "options": FieldHelp(
        "A list of options; exactly one has correct: true. Feedback is shown when a learner "
        "picks a wrong one.",
        "- id: a\n  text: Softmax and categorical cross-entropy\n  correct: true\n"
        "- id: b\n  text: Sigmoid and mean squared error\n  feedback: That is a regression loss.",
    ),
    "shuffle": FieldHelp("Show the options in a different order to each learner."),
    "key_points": FieldHelp(
        "The points a good answer makes, each with phrasings that count for it.",
        "- id: average\n  text: Entropy is the average surprisal.\n"
        "  phrasings: [average surprisal, expected surprisal]",
    ),
    "model_answer": FieldHelp("A full answer of two or more sentences; it must pass the checker."),
    "hints": FieldHelp(
        "A list of hints, shown one at a time on request.", "- Only the true class counts."
    ),
    "explanation": FieldHelp(
        "The worked solution (Markdown); {name} and {answer} show this instance's numbers."
    ),
    "tests": FieldHelp(
        "Sample answers and the outcome each must get: correct, wrong, unreadable or a "
        "mistake's code. {answer} and {name} are this draw's numbers; seed picks the draw.",
        '- answer: "{answer}"\n  expect: correct\n- answer: -log2({q})\n  expect: log_base_2',
    ),
}


class ItemForm(FlaskForm):
    """Every field an item can have; a kind's form shows the ones in ``KIND_FIELDS``."""

    item_id = StringField("Item id")
    title = StringField("Title")
    # Choices are checked with the item (the schema names the field), not by WTForms.
    topic = SelectField("Topic", validators=[Optional()], validate_choice=False)
    type_id = SelectField("Question type", validators=[Optional()], validate_choice=False)
    difficulty = SelectField(
        "Difficulty",
        # Empty is the default level (easy), so an item without one keeps none.
        choices=[
            SelectChoice("", "Easy (the default)"),
            SelectChoice("2", "Medium"),
            SelectChoice("3", "Hard"),
        ],
        default="",
        validators=[Optional()],
        validate_choice=False,
    )
    params = TextAreaField("Fixed params (YAML)")
    draw = TextAreaField("Drawn params (YAML)")
    prompt = TextAreaField("Prompt")
    variables = TextAreaField("Variables (YAML)")
    answer = StringField("Answer")
    tolerance_rel = StringField("Relative tolerance")
    tolerance_abs = StringField("Absolute tolerance")
    unit = StringField("Unit")
    mistakes = TextAreaField("Mistakes (YAML)")
    options = TextAreaField("Options (YAML)")
    shuffle = BooleanField("Shuffle the options")
    key_points = TextAreaField("Key points (YAML)")
    model_answer = TextAreaField("Model answer")
    hints = TextAreaField("Hints (YAML)")
    explanation = TextAreaField("Explanation")
    tests = TextAreaField("Question tests (YAML)")

    def prepare(self, kind: str) -> ItemForm:
        """Fill the choices and set each field's help for ``kind``."""
        self.topic.choices = [SelectChoice("", "No topic")] + [
            SelectChoice(key, title) for key, title in TOPICS.items()
        ]
        self.type_id.choices = [
            SelectChoice(type_id, f"{qtype.title} ({type_id})")
            for type_id, qtype in sorted(registry().items(), key=lambda kv: kv[1].title)
        ]
        for name in KIND_FIELDS[kind]:
            self[name].description = _help(kind, name) or ""
        return self


def shown_fields(form: ItemForm, kind: str) -> list[Any]:
    """The bound fields of ``kind``'s form, in order."""
    return [form[name] for name in KIND_FIELDS[kind]]


def fill_form(form: ItemForm, item: dict[str, Any]) -> None:
    """Put a stored item into the form, lists and mappings written as YAML."""
    kind = item["kind"]
    for name in KIND_FIELDS[kind]:
        field = form[name]
        if name == "tolerance_rel":
            field.data = _scalar(item.get("tolerance", {}).get("rel"))
        elif name == "tolerance_abs":
            field.data = _scalar(item.get("tolerance", {}).get("abs"))
        elif name == "shuffle":
            field.data = bool(item.get("shuffle"))
        elif name == "difficulty":
            level = item.get("difficulty", "")
            field.data = "" if level in ("", 1) else str(level)
        else:
            value = item.get(ITEM_KEYS.get(name, name))
            if value is None:
                field.data = ""
            elif name in YAML_FIELDS or (name == "answer" and kind in ("numeric", "vector")):
                field.data = dump_fragment(value)
            else:
                field.data = str(value)


def _scalar(value: Any) -> str:
    return "" if value is None else dump_fragment(value)


@dataclass
class ReadItem:
    """What a submitted form says: the item, the fields that could not be read, YAML lines."""

    item: dict[str, Any]
    errors: dict[str, list[str]]
    lines: dict[str, dict[str, int]]


def item_from_form(form: ItemForm, kind: str) -> ReadItem:
    """The item the form describes, the problems found reading it, and each box's lines.

    Values are read, not judged: ``"abc"`` as a number stays text for the schema to refuse
    at its place. Empty optional fields are left out.
    """
    item: dict[str, Any] = {"id": (form.item_id.data or "").strip(), "kind": kind}
    errors: dict[str, list[str]] = {}
    lines: dict[str, dict[str, int]] = {}
    tolerance: dict[str, Any] = {}
    for name in KIND_FIELDS[kind]:
        if name == "item_id":
            continue
        raw = form[name].data
        if name == "shuffle":
            if raw:
                item["shuffle"] = True
            continue
        text = (raw or "").strip() if name not in ("prompt", "explanation", "model_answer") else raw
        if not text or not str(text).strip():
            continue
        key = ITEM_KEYS.get(name, name)
        if name == "difficulty":
            item["difficulty"] = int(text) if text in ("1", "2", "3") else text
        elif (
            name in YAML_FIELDS
            or name.startswith("tolerance")
            or (name == "answer" and kind in ("numeric", "vector"))
        ):
            try:
                value, lines[name] = load_fragment(text)
            except SetFileError as error:
                errors.setdefault(name, []).extend(_placed(p, name) for p in error.problems)
                continue
            if name.startswith("tolerance"):
                tolerance[name.removeprefix("tolerance_")] = value
            else:
                item[key] = value
        else:
            item[key] = text
    if tolerance:
        item["tolerance"] = tolerance
    return ReadItem(_in_file_order(item), errors, lines)


def _placed(problem: Problem, _field: str) -> str:
    """A YAML box's reading problem, with its line in the box."""
    where = f"line {problem.line}: " if problem.line else ""
    return f"{where}{problem.message}"


FILE_ORDER = [
    "id", "kind", "title", "topic", "type", "difficulty", "params", "draw", "prompt",
    "variables", "answer", "tolerance", "unit", "mistakes", "options", "shuffle", "key_points",
    "model_answer", "hints", "explanation", "tests",
]  # fmt: skip


def _in_file_order(item: dict[str, Any]) -> dict[str, Any]:
    return {key: item[key] for key in FILE_ORDER if key in item}


def field_of(path: str, kind: str) -> str | None:
    """The form field a problem's item path belongs to (None: the item as a whole)."""
    head = path.split(".", 1)[0].split("[", 1)[0]
    if head == "tolerance":
        name = "tolerance_abs" if path.startswith("tolerance.abs") else "tolerance_rel"
    else:
        name = {"id": "item_id", "type": "type_id"}.get(head, head)
    return name if name in KIND_FIELDS[kind] else None


def place_problems(
    form: ItemForm, kind: str, problems: Iterable[Problem], lines: dict[str, dict[str, int]]
) -> list[str]:
    """Put each problem on its field's errors; returns those that belong to no one field."""
    general = []
    for problem in problems:
        name = field_of(problem.path, kind)
        if name is None:
            general.append(
                f"{problem.path}: {problem.message}" if problem.path else problem.message
            )
            continue
        form[name].errors = list(form[name].errors or []) + [_message(problem, name, lines)]
    return general


def _message(problem: Problem, name: str, lines: dict[str, dict[str, int]]) -> str:
    """``mistakes[0].answer, line 2: is required here`` for a YAML box; the bare message else."""
    if name not in YAML_FIELDS:
        return problem.message
    head = ITEM_KEYS.get(name, name)
    inner = problem.path[len(head) :].lstrip(".")
    line = line_of(inner, lines.get(name, {})) if inner else None
    where = problem.path + (f", line {line}" if line else "")
    return f"{where}: {problem.message}" if inner else problem.message


def new_item_defaults(kind: str, taken: set[str]) -> dict[str, Any]:
    """What a new item's form starts with: a free id, and a first type for templates."""
    number = 1
    while f"{kind}-{number}" in taken:
        number += 1
    item: dict[str, Any] = {"id": f"{kind}-{number}", "kind": kind}
    if kind == "template":
        item["type"] = "ce_one_hot" if "ce_one_hot" in registry() else next(iter(registry()))
    return item


def is_kind(kind: str) -> bool:
    """Whether ``kind`` names an item kind."""
    return kind in KINDS
