"""Conceptual choice questions: the articles' examples, params checks and 40 seeds per type.

Each distractor must be recognised as its misconception, the right option must be
stated in the worked solution, and a question must come back identical from its
(type, seed, difficulty) and from its params.
"""

from __future__ import annotations

import json
import math
from functools import cache

import pytest

from quizapp.engine import losses
from quizapp.engine.answers import ParseError
from quizapp.engine.grading import grade
from quizapp.engine.numbers import format_number
from quizapp.engine.questions import ParamsError, generate, registry
from quizapp.engine.questions.compare_models import ARTICLE_MODELS
from quizapp.rendering import render_prose, render_solution

CONCEPT_TYPES = [
    "which_loss",
    "loss_limits",
    "information_relations",
    "compare_models",
    "why_cross_entropy",
    "mock_interview",
    "log_units",
]
SCENARIO_TYPES = [t for t in CONCEPT_TYPES if t != "compare_models"]


@cache
def instances(type_id: str) -> tuple:
    """Every (seed, difficulty) instance of a type, generated once for all tests here.

    40 seeds per level: the registry-wide tests already run 200 seeds × 3 levels.
    """
    return tuple(
        generate(type_id, seed, difficulty=difficulty)
        for difficulty in (1, 2, 3)
        for seed in range(40)
    )


def option_text(question, choice_id: str) -> str:
    return next(c.text for c in question.choices if c.id == choice_id)


def letter_of(question, choice_id: str) -> str:
    return chr(ord("A") + [c.id for c in question.choices].index(choice_id))


# --------------------------------------------------------------------------- the articles


def test_mock_question_four_computes_the_article_loss_and_names_each_slip():
    """[0.7, 0.2, 0.1] against [1, 0, 0]: 0.3567 is right; log2, wrong class, 1 − p, sign."""
    question = generate("mock_interview", 0, difficulty=3, params={"scenario": "compute_example"})
    assert question.answer == "ln_true_class"
    assert format_number(losses.categorical_cross_entropy([0.7, 0.2, 0.1], 0)) == "0.3567"
    assert "0.3567" in option_text(question, "ln_true_class")
    assert grade(question, "ln_true_class").correct
    expected = {
        "log2": ("log_base_2", losses.surprisal(0.7, base=2)),
        "wrong_class": ("wrong_class", losses.surprisal(0.1)),
        "one_minus_p": ("one_minus_p", losses.surprisal(0.3)),
        "negative": ("sign_dropped", -losses.surprisal(0.7)),
    }
    for choice_id, (code, value) in expected.items():
        assert format_number(value) in option_text(question, choice_id)
        result = grade(question, choice_id)
        assert not result.correct and result.diagnosis == code
        assert result.message.endswith("The answer is \\(0.3567\\).")


@pytest.mark.parametrize(
    ("scenario", "answer", "wrong", "code"),
    [
        (
            "relationship",
            "expected_surprisal",
            "entropy_of_prediction",
            "entropy_not_cross_entropy",
        ),
        ("where_used", "classification", "regression", "regression_loss"),
        ("math_character", "log_curve", "bounded", "bounded_loss"),
        ("multi_label", "sum_of_binary", "softmax_multi_hot", "softmax_for_multilabel"),
        ("multi_label", "sum_of_binary", "present_only", "positive_term_only"),
    ],
)
def test_each_mock_interview_question_is_asked(scenario, answer, wrong, code):
    """The five mock questions of the first article are scenarios of one type."""
    question = generate("mock_interview", 0, difficulty=3, params={"scenario": scenario})
    assert question.answer == answer and question.kind == "choice"
    assert grade(question, letter_of(question, answer)).correct
    assert grade(question, wrong).diagnosis == code


@pytest.mark.parametrize(
    ("scenario", "answer", "mistakes"),
    [
        (
            "multi_class",
            "softmax_ce",
            {"sigmoid_each": "sigmoid_for_multiclass", "softmax_mse": "mse_on_probabilities"},
        ),
        (
            "binary",
            "sigmoid_bce",
            {"softmax_one": "softmax_single_output", "raw_bce": "no_sigmoid"},
        ),
        (
            "multi_label",
            "sigmoid_each",
            {
                "softmax_multi_hot": "softmax_for_multilabel",
                "sigmoid_bce": "single_output_for_multilabel",
            },
        ),
    ],
)
def test_which_loss_for_the_three_tasks_of_the_second_article(scenario, answer, mistakes):
    """Which animal → softmax + CE; panda or not → sigmoid + BCE; which animals → BCE per label."""
    question = generate("which_loss", 0, difficulty=3, params={"scenario": scenario})
    assert question.answer == answer
    for choice_id, code in mistakes.items():
        assert grade(question, choice_id).diagnosis == code


def test_article_models_b_has_the_lower_loss_and_the_table_holds_engine_numbers():
    """The dog/cat/panda comparison: B wins although A's wrong-class probabilities are smaller."""
    question = generate("compare_models", 0, params=ARTICLE_MODELS)
    mean_a = losses.categorical_cross_entropy(ARTICLE_MODELS["pred_a"], ARTICLE_MODELS["labels"])
    mean_b = losses.categorical_cross_entropy(ARTICLE_MODELS["pred_b"], ARTICLE_MODELS["labels"])
    assert mean_b < mean_a
    assert question.answer == "model_b"
    assert [c.id for c in question.choices] == ["model_a", "model_b", "equal"]
    assert grade(question, "B").correct
    assert grade(question, "A").diagnosis == "wrong_class_probabilities"
    assert grade(question, "equal").diagnosis == "same_accuracy"
    table = question.explanation["table"]
    assert table["a_mean"] == mean_a and table["b_mean"] == mean_b
    per_image = losses.categorical_cross_entropy(
        ARTICLE_MODELS["pred_b"], ARTICLE_MODELS["labels"], reduction="none"
    )
    assert [row["b_loss"] for row in table["rows"]] == per_image.tolist()
    html = str(render_solution(question))
    for value in (mean_a, mean_b, per_image[0]):
        assert format_number(value) in html


def test_compare_models_says_equal_when_the_losses_tie():
    """Moving probability between wrong classes leaves the loss unchanged: "equal" is right."""
    params = {
        "labels": [0, 1],
        "pred_a": [[0.7, 0.2, 0.1], [0.1, 0.6, 0.3]],
        "pred_b": [[0.7, 0.1, 0.2], [0.35, 0.6, 0.05]],
    }
    question = generate("compare_models", 0, params=params)
    assert question.answer == "equal"
    assert question.params["classes"] == ["dog", "cat", "panda"]
    assert grade(question, "C").correct
    assert grade(question, "model_a").diagnosis == "wrong_class_probabilities"
    assert grade(question, "model_b").diagnosis == "equal_losses_missed"


def test_compare_models_names_the_accuracy_trap():
    """A model that is right more often by argmax can still have the higher loss."""
    params = {
        "classes": ["dog", "cat", "panda"],
        "labels": [0, 1],
        "pred_a": [[0.9, 0.05, 0.05], [0.45, 0.4, 0.15]],
        "pred_b": [[0.4, 0.35, 0.25], [0.3, 0.36, 0.34]],
    }
    question = generate("compare_models", 0, params=params)
    assert question.answer == "model_a"
    result = grade(question, "model_b")
    assert result.diagnosis == "accuracy_not_loss"


@pytest.mark.parametrize(
    ("type_id", "scenario", "answer", "numbers"),
    [
        ("information_relations", "loaded_coin", "large_gap", ["6.578", "0.08079"]),
        ("information_relations", "soft_target_minimum", "entropy", []),
        ("log_units", "panda_units", "bits_then_nats", ["9.966", "6.908"]),
        ("loss_limits", "steeper", "far_step", []),
        ("loss_limits", "at_one", "zero", []),
        ("why_cross_entropy", "gradient_rule", "q_minus_y", []),
    ],
)
def test_article_facts_are_the_right_options(type_id, scenario, answer, numbers):
    """The loaded coin, the panda surprisal, −log p's limits and the gradient softmax − y."""
    question = generate(type_id, 0, difficulty=3, params={"scenario": scenario})
    assert question.answer == answer
    text = option_text(question, answer)
    for number in numbers:
        assert number in text


def test_soft_target_minimum_is_the_engine_entropy_of_the_target():
    """With label smoothing the smallest loss is H(target) > 0, as computed by the engine."""
    question = generate(
        "information_relations", 0, difficulty=3, params={"scenario": "soft_target_minimum"}
    )
    assert format_number(losses.entropy([0.9, 0.05, 0.05])) in option_text(question, "entropy")
    assert grade(question, "zero").diagnosis == "ignored_smoothing"


# --------------------------------------------------------------------------- params


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({}, "scenario must be one of"),
        ({"scenario": "regression"}, "scenario must be one of .*got 'regression'"),
        ({"scenario": "binary", "unit": "bits"}, "unknown params unit"),
    ],
)
def test_scenario_params_are_checked(params, message):
    with pytest.raises(ParamsError, match=message):
        generate("which_loss", 0, params=params)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"labels": "dog"}, "labels must be a list of 1 to 8 class indices"),
        ({"labels": [0, 1, 2, 0]}, "pred_a must be a list of 4 probability rows"),
        ({"labels": [0, 1, 5]}, r"labels\[2\] must be a class index from 0 to 2"),
        ({"labels": [0, True, 2]}, "labels must be a list of 1 to 8 class indices"),
        ({"pred_a": [[0.5, 0.5, 0.5]] * 3}, r"pred_a\[0\] must sum to 1"),
        ({"pred_b": [[0.5, 0.5]] * 3}, r"pred_b\[0\] must have 3 entries"),
        (
            {"pred_b": [[0.0, 0.5, 0.5], [0.2, 0.6, 0.2], [0.2, 0.2, 0.6]]},
            r"pred_b\[0\] gives the true class probability 0",
        ),
        ({"classes": ["dog", "dog", "cat"]}, "classes must be 3 distinct class names"),
        ({"weights": [1, 2, 3]}, "unknown params weights"),
    ],
)
def test_compare_models_params_are_checked(change, message):
    with pytest.raises(ParamsError, match=message):
        generate("compare_models", 0, params={**ARTICLE_MODELS, **change})


# --------------------------------------------------------------------------- every instance


def test_types_are_registered_with_their_topics():
    types = registry()
    topics = {t: types[t].topic for t in CONCEPT_TYPES}
    assert topics == {
        "which_loss": "concepts",
        "loss_limits": "categorical",
        "information_relations": "cross_entropy",
        "compare_models": "categorical",
        "why_cross_entropy": "concepts",
        "mock_interview": "concepts",
        "log_units": "surprisal",
    }
    assert all(types[t].kind == "choice" and types[t].family == "concepts" for t in CONCEPT_TYPES)


@pytest.mark.parametrize("type_id", CONCEPT_TYPES)
def test_generation_is_deterministic_and_fixed_params_reproduce_it(type_id):
    """Same inputs → equal question; JSON params regenerate it exactly, option order included."""
    for question in instances(type_id):
        assert generate(type_id, question.seed, difficulty=question.difficulty) == question
        params = json.loads(json.dumps(question.params))
        assert params == question.params
        fixed = generate(type_id, question.seed, difficulty=question.difficulty, params=params)
        assert fixed == question


@pytest.mark.parametrize("type_id", CONCEPT_TYPES)
def test_answer_and_every_distractor_grade_as_expected(type_id):
    """The right id (or its letter) is correct; every other option is a named misconception."""
    for question in instances(type_id):
        ids = [c.id for c in question.choices]
        assert 3 <= len(ids) <= 5 and len(set(ids)) == len(ids)
        assert question.answer in ids
        assert grade(question, question.answer).correct
        assert grade(question, letter_of(question, question.answer)).correct
        values = [m.value for m in question.misconceptions]
        assert sorted(values) == sorted(i for i in ids if i != question.answer)
        for mistake in question.misconceptions:
            result = grade(question, mistake.value)
            assert not result.correct and result.score == 0
            assert result.diagnosis == mistake.code and mistake.code.isidentifier()
            assert mistake.message in result.message


@pytest.mark.parametrize("type_id", CONCEPT_TYPES)
def test_solution_shows_the_right_option_and_why_each_other_is_wrong(type_id):
    for question in instances(type_id):
        html = str(render_solution(question))
        assert 'class="solution"' in html
        assert str(render_prose(option_text(question, question.answer))) in html
        for mistake in question.misconceptions:
            assert str(render_prose(mistake.message)) in html
            assert str(render_prose(option_text(question, mistake.value))) in html


def test_unreadable_choice_is_a_parse_error():
    question = generate("which_loss", 0)
    with pytest.raises(ParseError, match="Pick one of the options A to C"):
        grade(question, "F")


@pytest.mark.parametrize("type_id", SCENARIO_TYPES)
def test_difficulty_changes_the_options_and_the_scenarios(type_id):
    """Harder levels show more distractors; option order and scenario vary with the seed."""
    counts = {
        d: {len(q.choices) for q in instances(type_id) if q.difficulty == d} for d in (1, 2, 3)
    }
    assert counts[1] == {3}
    assert max(counts[3]) > 3
    scenarios = {
        d: {q.params["scenario"] for q in instances(type_id) if q.difficulty == d}
        for d in (1, 2, 3)
    }
    assert all(len(s) >= 2 for s in scenarios.values())
    if type_id != "mock_interview":  # the five mock questions are asked at every level
        assert scenarios[1] != scenarios[3]
    orders = {tuple(c.id for c in q.choices) for q in instances(type_id) if q.difficulty == 1}
    assert len(orders) > 3


def test_compare_models_difficulty_sets_classes_images_and_trap():
    """1: 3 classes, 2 images, both right everywhere; 2: 4 × 3, same accuracy; 3: 5 × 4, a trap."""
    for question in instances("compare_models"):
        params, level = question.params, question.difficulty
        size, images = {1: (3, 2), 2: (4, 3), 3: (5, 4)}[level]
        assert len(params["classes"]) == size and len(params["labels"]) == images
        table = question.explanation["table"]
        mean_a = losses.categorical_cross_entropy(params["pred_a"], params["labels"])
        mean_b = losses.categorical_cross_entropy(params["pred_b"], params["labels"])
        assert (table["a_mean"], table["b_mean"]) == (mean_a, mean_b)
        assert question.answer == ("model_a" if mean_a < mean_b else "model_b")
        assert abs(mean_a - mean_b) >= 0.05 and math.isfinite(mean_a + mean_b)
        if level == 1:
            assert table["a_correct"] == table["b_correct"] == images
        elif level == 2:
            assert table["a_correct"] == table["b_correct"]
        else:
            loser = "model_b" if question.answer == "model_a" else "model_a"
            code = next(m.code for m in question.misconceptions if m.value == loser)
            assert code in ("accuracy_not_loss", "mean_probability")
