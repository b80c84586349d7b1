"""An item and a seed make one engine Question, graded and explained by the existing code."""

from __future__ import annotations

import math

import pytest

from quizapp.engine import grade
from quizapp.engine.questions.base import KeyPoint
from quizapp.rendering import render_solution
from quizapp.sets.items import authored_key_point, item_is_randomised, item_question
from quizapp.sets.problems import ItemError

SEED_Q07 = 15  # the first seed that draws q = 0.7 for the shared item


def test_a_formula_item_becomes_a_numeric_question(ce_item):
    """Prompt filled, answer computed, mistake listed, family authored."""
    question = item_question(ce_item, SEED_Q07)
    assert question.params["values"]["q"] == 0.7  # pinned: the same draw on every machine
    assert question.kind == "numeric" and question.family == "authored"
    assert question.type_id == "authored" and question.params["item"] == "ce-true-class"
    assert question.prompt == (
        "The model gives the true class the probability \\(q = {0.7}\\). "
        "What is the cross-entropy loss, in nats?"
    )
    assert question.answer == pytest.approx(0.35667494393873245, rel=1e-15)
    assert question.unit == "nats"
    assert [(m.code, m.value) for m in question.misconceptions] == [
        ("log_base_2", pytest.approx(-math.log2(0.7)))
    ]
    assert question.explanation["text"] == (
        "The loss is \\(-\\ln {0.7} = {0.3567}\\); the rest, 0.3, is ignored."
    )


def test_the_existing_grader_grades_it(ce_item):
    """Right answers pass, the listed mistake is named, a plainly wrong number is wrong."""
    question = item_question(ce_item, SEED_Q07)
    assert grade(question, "0.357").correct
    assert grade(question, "-ln(0.7)").correct
    result = grade(question, "0.515")
    assert not result.correct and result.diagnosis == "log_base_2"
    assert "log base 2" in result.message
    assert grade(question, "-0.357").diagnosis == "sign_dropped"
    assert not grade(question, "0.39").correct


def test_same_item_and_seed_same_question(ce_item):
    """Deterministic: regenerating an attempt gives exactly what the learner saw."""
    first, again = item_question(ce_item, 41), item_question(ce_item, 41)
    assert (first.prompt, first.answer, first.params) == (again.prompt, again.answer, again.params)
    prompts = {item_question(ce_item, seed).prompt for seed in range(30)}
    assert len(prompts) > 5  # and seeds do draw different numbers


def test_numbers_are_written_as_a_learner_reads_them():
    """Drawn numbers exactly, computed ones to 4 figures; maths gets an ASCII minus."""
    item = {
        "id": "x",
        "kind": "formula",
        "prompt": "z = {z}, \\(z = {z}\\), m = {m}, big {=exp(20)}, \\(b = {=1/70000}\\)",
        "variables": {"z": {"list": [[-1.5, 0.25]]}, "m": {"formula": "mean(z)"}},
        "answer": "m",
    }
    question = item_question(item, 0)
    assert question.prompt == (
        "z = [−1.5, 0.25], \\(z = {[-1.5, 0.25]}\\), m = −0.625, big 4.852e8, "
        "\\(b = {1.429 \\times 10^{-5}}\\)"
    )


def test_latex_braces_that_are_not_variables_stay():
    """``\\frac{1}{q}`` becomes ``\\frac{1}{0.5}``: the placeholder's braces stay a TeX group."""
    item = {
        "id": "x",
        "kind": "formula",
        "prompt": "\\(\\frac{1}{q}\\,\\mathrm{nats}\\)",
        "variables": {"q": {"list": [0.5]}},
        "answer": "1/q",
    }
    assert item_question(item, 3).prompt == "\\(\\frac{1}{0.5}\\,\\mathrm{nats}\\)"


def test_a_vector_formula_becomes_a_vector_question():
    """softmax(z) − y is graded component by component, its mistakes whole vectors."""
    item = {
        "id": "grad",
        "kind": "formula",
        "prompt": "Gradient for logits {z} and target {y}?",
        "variables": {"z": {"list": [[2.0, 1.0, 0.1]]}, "y": {"list": [[1, 0, 0]]}},
        "answer": "softmax(z) - y",
        "mistakes": [{"answer": "softmax(z)", "message": "Subtract the target.", "code": "no_y"}],
    }
    question = item_question(item, 0)
    assert question.kind == "vector" and question.vector_length == 3
    answer = question.answer
    assert grade(question, "[" + ", ".join(f"{v:.4f}" for v in answer) + "]").correct
    typed = "[" + ", ".join(f"{v:.4f}" for v in question.misconceptions[0].value) + "]"
    assert grade(question, typed).diagnosis == "no_y"


def test_a_draw_without_a_finite_answer_is_an_item_error_naming_the_draw():
    """1/(q − 0.5) at q = 0.5 is refused with the seed and the numbers, never shown."""
    item = {
        "id": "bad",
        "kind": "formula",
        "prompt": "q = {q}",
        "variables": {"q": {"list": [0.5]}},
        "answer": "1 / (q - 0.5)",
    }
    with pytest.raises(ItemError, match=r"item 'bad', seed 4 \(q = 0.5\): .*division by zero"):
        item_question(item, 4)


def test_a_mistake_without_a_value_for_this_draw_is_left_out():
    """−ln(1 − q) at q = 1 cannot be typed by anyone, so it is not listed for that draw."""
    item = {
        "id": "m",
        "kind": "formula",
        "prompt": "q = {q}",
        "variables": {"q": {"list": [1]}},
        "answer": "-ln(q) + 1",
        "mistakes": [{"answer": "-ln(1 - q)", "message": "1 − q", "code": "one_minus_q"}],
    }
    assert item_question(item, 0).misconceptions == []


def test_a_mistake_too_near_the_answer_is_not_a_diagnosis():
    """As the engine does for fixed params: a blurred mistake goes to ``indistinct``."""
    item = {
        "id": "n",
        "kind": "numeric",
        "prompt": "?",
        "answer": 1.0,
        "mistakes": [
            {"answer": 1.004, "message": "near", "code": "near"},
            {"answer": 2.0, "message": "double", "code": "double"},
        ],
    }
    question = item_question(item, 0)
    assert question.indistinct == ["near"]
    assert [m.code for m in question.misconceptions] == ["double"]


def test_a_template_item_is_the_engines_own_question():
    """Built-in diagnosis and worked solution, with the author's fixed and drawn params."""
    item = {
        "id": "panda",
        "kind": "template",
        "type": "surprisal",
        "title": "Meeting a panda",
        "params": {"unit": "bits", "outcome": "panda"},
        "draw": {"p": {"list": [0.001, 0.01]}},
    }
    question = item_question(item, 0)
    assert question.type_id == "surprisal" and question.family != "authored"
    assert question.title == "Meeting a panda"
    assert question.params["unit"] == "bits" and question.params["p"] in (0.001, 0.01)
    assert "panda" in question.prompt
    nats = f"{-math.log(question.params['p']):.4f}"
    assert grade(question, nats).diagnosis == "natural_log"  # the type knows this mistake
    assert "Worked solution" in str(render_solution(question))


def test_a_template_item_without_params_lets_the_type_draw():
    """No params and no draw: the type's own randomisation, as in free practice."""
    item = {"id": "t", "kind": "template", "type": "ce_one_hot", "difficulty": 2}
    assert item_is_randomised(item)
    assert item_question(item, 5).params == item_question(item, 5).params
    assert item_question(item, 5).difficulty == 2


def test_an_explain_type_is_one_instance():
    """Explain types draw nothing, so the question tests check them once."""
    assert not item_is_randomised({"id": "e", "kind": "template", "type": "explain_why_log"})


def test_invalid_template_params_are_an_item_error():
    """The type's check_params refuses p = 0, and the error says so."""
    item = {"id": "t", "kind": "template", "type": "surprisal", "params": {"p": 0}}
    with pytest.raises(ItemError, match="p must be above 0"):
        item_question(item, 0)


def test_a_choice_item_grades_by_option_id_with_feedback_as_diagnosis():
    """The right option is correct; a wrong option with feedback is its own diagnosis."""
    item = {
        "id": "which",
        "kind": "choice",
        "prompt": "Which activation goes with **multi-label** outputs?",
        "options": [
            {"id": "softmax", "text": "Softmax", "feedback": "Softmax makes labels compete."},
            {"id": "sigmoid", "text": "Sigmoid, one per label", "correct": True},
            {"id": "relu", "text": "ReLU"},
        ],
    }
    question = item_question(item, 0)
    assert question.kind == "choice" and [c.id for c in question.choices][0] == "softmax"
    assert grade(question, "sigmoid").correct
    assert grade(question, "softmax").diagnosis == "chose_softmax"
    assert grade(question, "relu").diagnosis is None and not grade(question, "relu").correct


def test_shuffled_options_are_shuffled_the_same_way_for_a_seed():
    """Shuffling depends on the seed only; each order holds every option."""
    item = {
        "id": "s",
        "kind": "choice",
        "shuffle": True,
        "prompt": "?",
        "options": [{"id": f"o{i}", "text": str(i), "correct": i == 0} for i in range(5)],
    }
    orders = {tuple(c.id for c in item_question(item, seed).choices) for seed in range(20)}
    assert len(orders) > 1 and all(sorted(order) == [f"o{i}" for i in range(5)] for order in orders)
    assert item_question(item, 3).choices == item_question(item, 3).choices


def test_an_explain_item_is_graded_by_the_explain_grader():
    """Key points with phrasings; the model answer covers them, a non-answer does not."""
    item = {
        "id": "why-log",
        "kind": "explain",
        "prompt": "Why does the loss use a logarithm?",
        "key_points": [
            {
                "id": "infinite",
                "text": "−log p grows without bound as p → 0",
                "phrasings": ["infinity", "without bound", "unbounded"],
            },
            {"id": "zero", "text": "It is 0 when p = 1", "phrasings": ["zero when", "0 when"]},
        ],  # fmt: skip
        "model_answer": "It is zero when the prediction is right. As the prediction gets "
        "worse, the loss grows without bound.",
    }
    question = item_question(item, 0)
    assert question.kind == "explain"
    assert grade(question, item["model_answer"]).correct
    assert not grade(question, "Because it is traditional.").correct


def test_authored_key_points_fit_the_engines_key_point():
    """One adapter builds KeyPoint; phrasings default to the point's own text."""
    point = authored_key_point({"id": "a", "text": "one-hot target"})
    assert isinstance(point, KeyPoint) and point.id == "a"
    assert getattr(point, "phrasings", ("one-hot target",)) == ("one-hot target",)


def test_every_authored_kind_has_a_worked_solution(ce_item):
    """explanations/authored.html renders each kind with the instance's numbers."""
    html = str(render_solution(item_question(ce_item, SEED_Q07)))
    assert "0.3567" in html and "<math" in html and "Answer" in html
    choice = {
        "id": "c",
        "kind": "choice",
        "prompt": "?",
        "options": [
            {"id": "a", "text": "*Yes*", "correct": True, "feedback": "Because."},
            {"id": "b", "text": "No"},
        ],
    }
    html = str(render_solution(item_question(choice, 0)))
    assert "<em>Yes</em>" in html and "Because." in html
    explain = {
        "id": "e",
        "kind": "explain",
        "prompt": "?",
        "key_points": [{"id": "k", "text": "The **key** point"}],
        "model_answer": "The key point.",
    }
    html = str(render_solution(item_question(explain, 0)))
    assert "<strong>key</strong>" in html and "model answer" in html.lower()
