"""Question tests, run on every save: the author's sample answers, then 100 draws checked.

For each item, ``check_item`` runs

- the author's ``tests``: each sample answer graded on its seed (default 0) and compared with
  the expected outcome: ``correct``, ``wrong``, ``unreadable`` or a mistake's code;
- for every draw (100 for a randomised item, one for a fixed one): the answer grades right,
  typed exactly and to 3 significant figures; every mistake the author (or the type) lists
  is told apart from the answer (``Tolerance.separates``) and graded as itself
  (``grade(...).diagnoses``); the draw has a finite answer at all.

A finding that a learner could be graded wrongly fails the item (the web layer refuses to
publish while ``SetReport.ok`` is False); the rest are warnings. Findings over draws say
how often, so an author can see which ranges to narrow: "with these ranges, in 14 % of
draws the mistake 'log_base_2' is within tolerance of the answer".
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from quizapp.engine import ParseError, grade
from quizapp.engine.questions import question_type
from quizapp.engine.questions.base import Misconception, Question, blurred_mistakes, rng_for
from quizapp.sets.formulas import compile_formula
from quizapp.sets.items import item_is_randomised, item_question
from quizapp.sets.placeholders import fill_typed
from quizapp.sets.problems import ItemError, Problem, items_with_problems
from quizapp.sets.schema import item_schema_problems
from quizapp.sets.validate import item_problems, validate_set

DRAWS = 100
#: Answers that must never pass: a shrug, a one-word reply, fluent text that says nothing.
_NON_ANSWERS = (
    "I don't know.",
    "Loss.",
    "Loss functions are used in machine learning. Models learn from their data.",
)


@dataclass(frozen=True)
class TestResult:
    """One of the author's sample answers: what was expected, what happened."""

    field: str  # "tests[0]"
    answer: str  # as graded, placeholders filled in
    expect: str
    seed: int
    passed: bool
    outcome: str  # "correct", "wrong", a mistake's code, "unreadable" or "error"
    message: str  # the grader's words (or the error)


@dataclass(frozen=True)
class Finding:
    """Something the automatic checks found, over ``draws`` of the draws checked."""

    check: str
    message: str
    field: str  # where in the item to show it: "answer", "mistakes[1]", "variables", …
    failing: bool
    draws: int
    share: float
    seeds: tuple[int, ...] = ()  # a few seeds that show it, to open in the preview


@dataclass
class ItemReport:
    """Everything the tests found for one item."""

    item_id: str
    kind: str
    randomised: bool
    draws: int
    problems: list[Problem] = field(default_factory=list)
    tests: list[TestResult] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        """No problem, every sample answer as expected, no failing finding."""
        failing = any(f.failing for f in self.findings)
        return not self.problems and all(t.passed for t in self.tests) and not failing


@dataclass
class SetReport:
    """The tests of a whole set; ``ok`` decides whether it may be published."""

    problems: list[Problem]
    items: list[ItemReport]
    seconds: float

    @property
    def ok(self) -> bool:
        """Valid, and every item passes."""
        return not self.problems and all(item.ok for item in self.items)


def check_set(data: Mapping[str, Any], *, draws: int = DRAWS) -> SetReport:
    """Validate ``data`` and test every item that is valid."""
    start = time.perf_counter()
    problems = validate_set(data)
    reports = []
    items = data.get("items") if isinstance(data, Mapping) else None
    invalid = items_with_problems(problems)
    for index, item in enumerate(items if isinstance(items, list) else []):
        if isinstance(item, Mapping) and index not in invalid:
            reports.append(_check_valid_item(item, draws))
    return SetReport(problems, reports, time.perf_counter() - start)


def check_item(item: Mapping[str, Any], *, draws: int = DRAWS) -> ItemReport:
    """Validate one item and, if it is valid, run its tests and the checks over its draws."""
    problems = item_schema_problems(item)
    if not problems:  # paths relative to the item, as a form showing one item needs them
        found = item_problems(item, "item")
        problems = [Problem(p.path.removeprefix("item").lstrip("."), p.message) for p in found]
    if problems:
        item_id = item.get("id") if isinstance(item, Mapping) else None
        kind = item.get("kind") if isinstance(item, Mapping) else None
        return ItemReport(str(item_id), str(kind), False, 0, problems=problems)
    return _check_valid_item(item, draws)


def _check_valid_item(item: Mapping[str, Any], draws: int) -> ItemReport:
    start = time.perf_counter()
    randomised = item_is_randomised(item)
    seeds = list(range(draws)) if randomised else [0]
    report = ItemReport(item["id"], item["kind"], randomised, len(seeds))
    report.tests = [_run_test(item, i, test) for i, test in enumerate(item.get("tests", []))]
    tally = _Tally(item, len(seeds), randomised)
    for seed in seeds:
        try:
            question = item_question(item, seed)
        except ItemError as error:
            tally.add("not_finite", "variables", seed, error.describe())
            continue
        _check_instance(item, question, seed, tally)
    report.findings = tally.findings()
    report.seconds = time.perf_counter() - start
    return report


def _run_test(item: Mapping[str, Any], index: int, test: Mapping[str, Any]) -> TestResult:
    seed, expect = int(test.get("seed", 0)), test["expect"]
    typed = str(test["answer"])
    try:
        question = item_question(item, seed)
        typed = fill_typed(typed, _test_values(item, question))
    except (ItemError, ValueError) as error:
        return TestResult(f"tests[{index}]", typed, expect, seed, False, "error", str(error))
    try:
        result = grade(question, typed)
    except ParseError as error:
        return TestResult(f"tests[{index}]", typed, expect, seed, expect == "unreadable",
                          "unreadable", error.message)  # fmt: skip
    outcome = "correct" if result.correct else (result.diagnosis or "wrong")
    if expect == "correct":
        passed = result.correct
    elif expect == "wrong":
        passed = not result.correct
    else:
        passed = not result.correct and expect in result.diagnoses
    return TestResult(f"tests[{index}]", typed, expect, seed, passed, outcome, result.message)


def _test_values(item: Mapping[str, Any], question: Question) -> dict[str, Any]:
    """What ``{name}`` may stand for in a sample answer: the instance's numbers and answer."""
    values: dict[str, Any] = dict(question.params.get("values", {}))
    if item["kind"] == "template":
        values.update(question.params)
    if isinstance(question.answer, int | float | list):
        values["answer"] = question.answer
    return values


def typed(value: float | list[float] | tuple[float, ...], figures: int | None = None) -> str:
    """A value as a learner would type it: exactly (``repr``), or to ``figures`` figures."""
    if isinstance(value, list | tuple):
        return "[" + ", ".join(typed(v, figures) for v in value) + "]"
    return repr(float(value)) if figures is None else f"{float(value):.{figures}g}"


def _grades(question: Question, text: str) -> tuple[bool, list[str], str]:
    try:
        result = grade(question, text)
    except ParseError as error:
        return False, [], f"unreadable: {error.message}"
    return result.correct, result.diagnoses, result.message


def _check_instance(item: Mapping[str, Any], question: Question, seed: int, tally: _Tally) -> None:
    if question.kind == "explain":
        correct, _, message = _grades(question, question.model_answer)
        if not correct:
            tally.add("model_answer_wrong", "model_answer", seed, message)
        for text in _NON_ANSWERS:
            if _grades(question, text)[0]:
                tally.add("non_answer_correct", "key_points", seed, text)
        return
    if question.kind == "choice":
        if not _grades(question, str(question.answer))[0]:
            tally.add("answer_wrong", "options", seed, question.answer)
        for mistake in question.misconceptions:
            if mistake.code not in _grades(question, str(mistake.value))[1]:
                tally.add("mistake_not_diagnosed", mistake.code, seed, mistake.code)
        return
    correct, _, message = _grades(question, typed(question.answer))
    if not correct:
        tally.add("answer_wrong", "answer", seed, message)
    if not question.significant_figures or question.significant_figures <= 3:
        three = typed(question.answer, 3)
        correct, _, message = _grades(question, three)
        if not correct:
            tally.add("three_figures_wrong", "tolerance", seed, f"{three}: {message}")
    for mistake in question.misconceptions:
        _, diagnoses, _ = _grades(question, typed(mistake.value))
        if mistake.code not in diagnoses:
            tally.add("mistake_not_diagnosed", mistake.code, seed, mistake.code)
        for other in diagnoses:
            if other != mistake.code:
                pair = tuple(sorted((mistake.code, other)))
                tally.add("mistakes_overlap", pair[0], seed, pair)
    for mistake in _dropped(item, question) if question.indistinct else []:
        answer = np.asarray(question.answer, dtype=float)
        value = np.asarray(mistake.value, dtype=float)
        same = value.shape == answer.shape and np.allclose(value, answer, rtol=1e-9, atol=1e-15)
        check = "mistake_gives_answer" if same else "mistake_indistinct"
        tally.add(check, mistake.code, seed, mistake.code)
    if item["kind"] == "formula":
        listed = {m.code for m in question.misconceptions} | set(question.indistinct)
        for mistake in item.get("mistakes", []):
            if mistake["code"] not in listed:
                tally.add("mistake_not_finite", mistake["code"], seed, mistake["code"])


def _dropped(item: Mapping[str, Any], question: Question) -> list[Misconception]:
    """The mistakes left out of ``question`` as indistinct, rebuilt with their values.

    A type may list several mistakes under one code (one per wrong class), so they are
    rebuilt as the engine built them rather than looked up by code.
    """
    if item["kind"] == "template":
        qtype = question_type(question.type_id)
        rng = rng_for(question.type_id, question.seed, question.difficulty)
        built = qtype.build(qtype.check_params(dict(question.params)), rng, question.difficulty)
        return blurred_mistakes(built)
    values = question.params.get("values", {})
    mistakes = [
        Misconception(m["code"], _value(item, m["answer"], values), m["message"])
        for m in item.get("mistakes", [])
        if m["code"] in question.indistinct
    ]
    return blurred_mistakes(replace(question, misconceptions=mistakes))


def _value(item: Mapping[str, Any], answer: Any, values: Mapping[str, Any]) -> Any:
    if item["kind"] == "formula":
        answer = compile_formula(answer).evaluate(values)
    return tuple(answer) if isinstance(answer, list) else answer


#: check → (failing, how the message reads: (subject, share phrase) → text)
_WORDS: dict[str, tuple[bool, str]] = {
    "not_finite": (True, "{share} the item has no finite answer (seed {seed}, {detail})"),
    "answer_wrong": (True, "{share} the answer itself grades wrong ({detail})"),
    "three_figures_wrong": (
        True,
        "{share} the answer typed to 3 significant figures grades wrong ({detail}); "
        "a relative tolerance of at least 0.5 % accepts it",
    ),
    "mistake_not_diagnosed": (True, "{share} the mistake '{detail}' is not named when typed"),
    "mistake_indistinct": (
        True,
        "{share} the mistake '{detail}' is within tolerance of the answer",
    ),
    "mistake_gives_answer": (
        False,
        "{share} the mistake '{detail}' gives the answer itself, so it cannot be told apart there",
    ),
    "mistakes_overlap": (
        False,
        "{share} the mistakes '{detail[0]}' and '{detail[1]}' are within tolerance of each "
        "other; the feedback names both",
    ),
    "mistake_not_finite": (False, "{share} the mistake '{detail}' has no finite value"),
    "model_answer_wrong": (True, "the model answer itself grades wrong: {detail}"),
    "non_answer_correct": (True, "the non-answer '{detail}' grades correct"),
}


class _Tally:
    """Counts what each check found across the draws, keeping the first detail and seeds."""

    def __init__(self, item: Mapping[str, Any], draws: int, randomised: bool) -> None:
        self.item, self.draws, self.randomised = item, draws, randomised
        self.seen: dict[tuple[str, str, Any], list[int]] = {}
        self.detail: dict[tuple[str, str, Any], Any] = {}

    def add(self, check: str, where: str, seed: int, detail: Any) -> None:
        key = (check, where, detail if check in ("mistakes_overlap",) else None)
        seeds = self.seen.setdefault(key, [])
        if not seeds or seeds[-1] != seed:
            seeds.append(seed)
        self.detail.setdefault(key, detail)

    def findings(self) -> list[Finding]:
        found = []
        for (check, where, _), seeds in self.seen.items():
            failing, words = _WORDS[check]
            share = len(seeds) / self.draws
            detail = self.detail[(check, where, _)]
            message = words.format(share=self._share(share), seed=seeds[0], detail=detail)
            found.append(
                Finding(
                    check,
                    message[0].upper() + message[1:],
                    self._field(where),
                    failing,
                    len(seeds),
                    share,
                    tuple(seeds[:5]),
                )  # fmt: skip
            )
        return sorted(found, key=lambda f: (not f.failing, f.field, f.check))

    def _share(self, share: float) -> str:
        if not self.randomised:
            return "for these numbers"
        percent = "<1" if 0 < share < 0.005 else f"{round(share * 100)}"
        return f"with these ranges, in {percent} % of draws"

    def _field(self, where: str) -> str:
        """A mistake's code → its place in the item, so the form can show it by the field."""
        if self.item["kind"] == "template" and where == "variables":
            return "draw" if "draw" in self.item else "type"
        for index, mistake in enumerate(self.item.get("mistakes", [])):
            if mistake["code"] == where:
                return f"mistakes[{index}]"
        for index, option in enumerate(self.item.get("options", [])):
            if where == (option.get("code") or f"chose_{option['id']}"):
                return f"options[{index}]"
        return where if where in self.item or where in ("variables", "answer") else ""
