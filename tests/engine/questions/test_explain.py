""" "Explain it in one minute" questions: key points found in real answers, not in off-topic ones.

Grading reads the answer sentence by sentence for what each says (see
``quizapp.engine.explaining``), so these tests use the model answers, answers in a
learner's own words and answers with odd case and punctuation; the labelled set in
``tests/engine/test_explaining.py`` measures it on many more.
"""

from __future__ import annotations

import json

import pytest

from quizapp.engine.answers import ParseError
from quizapp.engine.explaining import makes
from quizapp.engine.grading import grade
from quizapp.engine.questions import ParamsError, generate, registry
from quizapp.rendering import render_prose, render_solution

EXPLAIN_TYPES = [
    "explain_cross_entropy_loss",
    "explain_entropy_vs_cross_entropy",
    "explain_multilabel",
    "explain_why_log",
    "explain_binary_vs_categorical",
]
OFF_TOPIC = (
    "I enjoy cooking pasta and walking in the park on Sunday mornings with my friends. "
    "Afterwards we usually have coffee and talk about films."
)

#: Answers a learner might write, in wordings that differ from the model answers.
OWN_WORDS = {
    "explain_cross_entropy_loss": (
        "Cross entropy loss is THE loss for multiclass classification problems. It measures "
        "how far the predicted probability vector is from the one hot encoded label by "
        "taking the negative log of the probability of the correct class, so confidently "
        "wrong predictions are penalised heavily, going to infinity. It's usually used "
        "together with a Soft-Max layer, and the gradient is just softmax(z) - y."
    ),
    "explain_entropy_vs_cross_entropy": (
        "Entropy: the average surprise when events follow the true distribution p, i.e. "
        "uncertainty. Cross-entropy: same events, but surprise is computed from our "
        "predicted probabilities q. H(p,q) is never less than H(p); it's equal only if "
        "q = p. The difference is the KL divergence, which is why with one-hot targets "
        "the minimum loss is zero."
    ),
    "explain_multilabel": (
        "For multi-label problems every label is treated as an independent yes/no "
        "question with a sigmoid, we compute binary cross-entropy per label (labels that "
        "are absent contribute -log(1-q)) and add them up. More than one label can be "
        "true; in the multi-class case we'd use a softmax, where classes compete."
    ),
    "explain_why_log": (
        "With the log, a perfect prediction costs nothing (ln 1 = 0) and the loss is "
        "unbounded as p goes to 0, so confident mistakes cost far more than small ones. "
        "A plain absolute error would be bounded between 0 and 1. The gradient also ends "
        "up simple, and the log turns the likelihood, a product, into a sum."
    ),
    "explain_binary_vs_categorical": (
        "Binary CE is for two classes: the label is 0 or 1 and a sigmoid gives one "
        "probability; loss = -[y log q + (1-y) log(1-q)]. Categorical CE is for more than "
        "two classes with softmax and a one-hot target. BCE is the 2-class special case of "
        "categorical CE, and for multi-label tasks you apply BCE to each label."
    ),
}


def test_types_are_registered_as_explain_questions():
    types = registry()
    for type_id in EXPLAIN_TYPES:
        assert types[type_id].kind == "explain" and types[type_id].family == "explain"
    assert types["explain_entropy_vs_cross_entropy"].topic == "cross_entropy"
    assert types["explain_multilabel"].topic == "multilabel"
    assert types["explain_binary_vs_categorical"].topic == "binary"


@pytest.mark.parametrize("type_id", EXPLAIN_TYPES)
def test_model_answer_covers_every_point_at_every_level(type_id):
    """The model answer is 3–5 sentences and grades correct with no point missed."""
    for difficulty, count in ((1, 4), (2, 5), (3, 6)):
        question = generate(type_id, 0, difficulty=difficulty)
        assert question.answer is None and question.answer_format == "text"
        assert len(question.key_points) == count
        assert 3 <= question.model_answer.count(". ") + 1 <= 5
        result = grade(question, question.model_answer)
        assert result.correct and result.score == 1.0
        assert result.covered == [p.id for p in question.key_points] and not result.missed
        assert result.diagnosis is None and not result.self_assessed


@pytest.mark.parametrize("type_id", EXPLAIN_TYPES)
def test_an_answer_in_the_learners_own_words_is_correct(type_id):
    question = generate(type_id, 0, difficulty=3)
    result = grade(question, OWN_WORDS[type_id])
    assert result.correct, result.missed
    assert len(result.missed) <= 1


@pytest.mark.parametrize("type_id", EXPLAIN_TYPES)
def test_off_topic_answer_is_incorrect_and_misses_every_point(type_id):
    question = generate(type_id, 0, difficulty=3)
    result = grade(question, OFF_TOPIC)
    assert not result.correct and result.score == 0.0
    assert result.diagnosis == "key_points_missed"
    assert result.missed == [p.id for p in question.key_points] and not result.covered
    assert result.message.startswith("Points to add: ")


@pytest.mark.parametrize("type_id", EXPLAIN_TYPES)
def test_case_and_punctuation_do_not_matter(type_id):
    """Shouting, extra punctuation and line breaks still find every point."""
    question = generate(type_id, 0, difficulty=3)
    noisy = question.model_answer.upper().replace(", ", " ,, ").replace(". ", "!!\n\n")
    noisy = noisy.replace(" the ", " (the) ")
    result = grade(question, noisy)
    assert result.correct and not result.missed


@pytest.mark.parametrize("type_id", EXPLAIN_TYPES)
def test_every_point_is_made_by_its_own_wording_and_by_nothing_else(type_id):
    """Each key point's text, as a statement, makes that point and states no false claim."""
    question = generate(type_id, 0, difficulty=3)
    for point in question.key_points:
        assert makes(point.meanings, point.text), point.id
        result = grade(question, f"{point.text} That is what I would say first.")
        assert point.id in result.covered and result.diagnosis != "false_claim", point.id


@pytest.mark.parametrize(
    ("type_id", "sentence", "point"),
    [
        ("explain_cross_entropy_loss", "It is the loss for {} problems.", "classification"),
        ("explain_cross_entropy_loss", "The target is a {} vector.", "one_hot"),
        ("explain_cross_entropy_loss", "It is used after a {} layer.", "softmax"),
        ("explain_binary_vs_categorical", "It is also used for {} tasks.", "multilabel"),
        ("explain_multilabel", "Absent labels cost minus the log of {}.", "absent_labels"),
        ("explain_why_log", "The {} is the prediction minus the target.", "gradient"),
        ("explain_cross_entropy_loss", "It takes {}, which explodes near 0.", "log_penalty"),
    ],
)
@pytest.mark.parametrize("spelling", range(4))
def test_usual_spellings_all_count(type_id, sentence, point, spelling):
    spellings = {
        "classification": ["multi-class", "Multi class", "MULTICLASS", "classification"],
        "one_hot": ["one-hot", "one hot", "One-Hot", "onehot"],
        "softmax": ["softmax", "soft-max", "Soft max", "SoftMax"],
        "multilabel": ["multi-label", "multi label", "multilabel", "Multi-Label"],
        "absent_labels": ["(1 - q)", "(1-q)", "(1 − q)", "one minus q"],
        "gradient": ["gradient", "Gradient", "derivative", "grad"],
        "log_penalty": ["-log p", "−log(p)", "the negative LOG", "ln p"],
    }[point]
    question = generate(type_id, 0, difficulty=3)
    text = sentence.format(spellings[spelling])
    assert point in grade(question, text).covered, text


def test_whole_words_only():
    """A term inside a longer word does not count: "logistics" is not "log"."""
    question = generate("explain_cross_entropy_loss", 0, difficulty=3)
    result = grade(question, "Our logistics team blogs about catalogs, and they grow fast.")
    assert "log_penalty" not in result.covered


def test_self_assessed_points_count_and_are_flagged():
    """Points the learner says they made are added to those found, and the grade says so."""
    question = generate("explain_multilabel", 0, difficulty=3)
    partial = (
        "Each label is its own binary question with its own sigmoid. "
        "We sum the binary cross-entropies of all the labels."
    )
    result = grade(question, partial)
    assert set(result.covered) == {"binary_per_label", "sigmoid", "sum"}
    assert not result.correct and not result.self_assessed
    assert set(result.evidence) == {"binary_per_label", "sigmoid", "sum"}
    claimed = {"many_labels", "vs_softmax", "sigmoid"}
    result = grade(question, partial, self_assessed=claimed)
    assert set(result.covered) == {
        "binary_per_label",
        "sigmoid",
        "sum",
        "many_labels",
        "vs_softmax",
    }
    assert result.missed == ["absent_labels"]
    assert result.correct and result.self_assessed
    assert result.score == pytest.approx(5 / 6)
    assert "many_labels" not in result.evidence  # the checker found no sentence for it


def test_self_assessment_does_not_lift_a_false_claim():
    """Claiming the missed points cannot pass an answer that states something false."""
    question = generate("explain_cross_entropy_loss", 0)
    wrong = (
        "Cross-entropy loss is the standard loss for classification. "
        "It is symmetric in its two arguments."
    )
    result = grade(question, wrong, self_assessed={p.id for p in question.key_points})
    assert not result.correct and result.diagnosis == "false_claim"


def test_empty_or_huge_answers_are_parse_errors():
    question = generate("explain_why_log", 0)
    with pytest.raises(ParseError, match="Write your explanation first"):
        grade(question, "   ")
    with pytest.raises(ParseError, match="under 5000 characters"):
        grade(question, "log " * 2000)


def test_easy_prompt_names_the_aspects_but_not_the_points():
    """The easy prompt says what to cover without saying it: pasting it back makes no point."""
    for type_id in EXPLAIN_TYPES:
        easy = generate(type_id, 0, difficulty=1)
        hard = generate(type_id, 0, difficulty=3)
        assert "in about one minute" in easy.prompt and "Cover " in easy.prompt
        for point in easy.key_points:
            assert point.aspect in easy.prompt
            assert point.text.rstrip(".").lower() not in easy.prompt.lower()
        assert grade(easy, easy.prompt).covered == []
        assert grade(hard, easy.prompt).covered == []
        assert "Cover " not in hard.prompt


@pytest.mark.parametrize("params", [{"scenario": "x"}, {"points": 6}])
def test_params_are_refused(params):
    with pytest.raises(ParamsError, match="takes no params"):
        generate("explain_multilabel", 0, params=params)


@pytest.mark.parametrize("type_id", EXPLAIN_TYPES)
def test_every_seed_and_level_is_stable_renders_and_grades(type_id):
    """Deterministic, reproducible from params, model answer correct and shown in the solution."""
    for difficulty in (1, 2, 3):
        for seed in range(40):  # the seed draws nothing; 200 run registry-wide
            question = generate(type_id, seed, difficulty=difficulty)
            assert generate(type_id, seed, difficulty=difficulty) == question
            params = json.loads(json.dumps(question.params))
            assert generate(type_id, seed, difficulty=difficulty, params=params) == question
            assert grade(question, question.model_answer).correct
            if seed < 3:
                html = str(render_solution(question))
                assert 'class="solution"' in html
                assert str(render_prose(question.model_answer)) in html
                for point in question.key_points:
                    assert str(render_prose(point.text)) in html
