"""Every registered question type, over 200 seeds and every difficulty.

These hold the promises the rest of the app relies on: a question is fixed by
(type, seed, difficulty, params); its stated answer grades right, also as typed
to three significant figures; each listed mistake is recognised by its code;
and its worked solution renders with the answer as the engine computed it.
"""

from __future__ import annotations

import json
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from support import typed

from quizapp.engine.answers import ParseError
from quizapp.engine.grading import Grade, grade
from quizapp.engine.numbers import format_number
from quizapp.engine.questions import TOPICS, generate, registry
from quizapp.engine.questions.base import KINDS
from quizapp.rendering import number_html, render_prose, render_solution

SEEDS = range(200)
TYPES = list(registry())


def instances(type_id: str):
    for difficulty in (1, 2, 3):
        for seed in SEEDS:
            yield generate(type_id, seed, difficulty=difficulty)


def test_registry_is_big_enough_and_covers_every_topic():
    """At least 18 types, every kind is known, every topic of the brief has a type."""
    types = registry()
    assert len(types) >= 18
    assert {t.kind for t in types.values()} <= set(KINDS)
    assert {t.topic for t in types.values()} == set(TOPICS)
    for type_id, qtype in types.items():
        assert type_id == qtype.id and type_id.isidentifier() and type_id.islower()
        assert qtype.title


@pytest.mark.parametrize("type_id", TYPES)
def test_generation_is_deterministic_and_params_reproduce_it(type_id):
    """Same inputs → equal question; its params are JSON and regenerate the same question."""
    for question in instances(type_id):
        again = generate(type_id, question.seed, difficulty=question.difficulty)
        assert again == question
        params = json.loads(json.dumps(question.params))
        assert params == question.params
        fixed = generate(type_id, question.seed, difficulty=question.difficulty, params=params)
        assert fixed.answer == question.answer
        assert fixed.prompt == question.prompt


@pytest.mark.parametrize("type_id", TYPES)
def test_stated_answer_and_each_mistake_grade_as_expected(type_id):
    """The answer (exact and to 3 s.f.) is right; each mistake's value gets its code."""
    for question in instances(type_id):
        if question.kind == "explain":
            result = grade(question, question.model_answer)
            assert result.correct, (question.seed, result.missed)
            continue
        if question.kind == "choice":
            assert grade(question, question.answer).correct
        else:
            assert grade(question, typed(question.answer)).correct, question.seed
            if not question.significant_figures or question.significant_figures <= 3:
                three = typed(question.answer, 3)
                assert grade(question, three).correct, (question.seed, three, question.answer)
        for mistake in question.misconceptions:
            text = mistake.value if isinstance(mistake.value, str) else typed(mistake.value)
            result = grade(question, text)
            assert not result.correct
            assert mistake.code in result.diagnoses, (question.seed, mistake, result)


@pytest.mark.parametrize("type_id", TYPES)
def test_worked_solution_renders_with_the_computed_answer(type_id):
    """The solution shows the engine's answer, formatted as the feedback formats it."""
    for question in instances(type_id):
        html = str(render_solution(question))
        assert '<section class="solution' in html
        if question.kind == "numeric":
            assert number_html(format_number(question.answer)) in html, question.seed
        elif question.kind == "vector":
            for component in question.answer:
                assert number_html(format_number(component)) in html, question.seed
        elif question.kind == "choice":
            right = next(c for c in question.choices if c.id == question.answer)
            assert str(render_prose(right.text)) in html
        else:
            assert str(render_prose(question.model_answer)) in html


@pytest.mark.parametrize("type_id", TYPES)
def test_prompts_and_numbers_are_sane(type_id):
    """Prompts are non-empty, maths is delimited, numeric answers are finite."""
    for question in instances(type_id):
        assert question.prompt.strip()
        assert question.prompt.count(r"\(") == question.prompt.count(r"\)")
        assert "$" not in question.prompt
        if question.kind == "numeric":
            assert math.isfinite(question.answer)
        if question.kind == "vector":
            assert len(question.answer) == (question.vector_length or len(question.answer))
        if question.kind == "choice":
            ids = [c.id for c in question.choices]
            assert question.answer in ids and len(set(ids)) == len(ids) >= 2


HOSTILE = st.one_of(
    st.text(max_size=300),
    st.sampled_from(
        [
            "9^9^9^9",
            "1e999999",
            "exp(exp(exp(100)))",
            "(" * 500,
            "[" * 500,
            "ln(0)",
            "1/0",
            "__import__('os')",
            "<script>alert(1)</script>",
            "\x00\x1b[2J",
            "0.357" * 100,
        ]
    ),
)


@settings(max_examples=300, deadline=None)
@given(type_index=st.integers(0, len(TYPES) - 1), seed=st.integers(0, 2**32 - 1), text=HOSTILE)
def test_any_text_grades_or_gets_a_parse_message(type_index, seed, text):
    """Hostile or random input yields a Grade or a ParseError with a message, nothing else."""
    question = generate(TYPES[type_index], seed)
    try:
        result = grade(question, text)
    except ParseError as error:
        assert str(error).strip()
    else:
        assert isinstance(result, Grade)
        assert 0.0 <= result.score <= 1.0
