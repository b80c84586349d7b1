"""Question tests: the author's sample answers, and 100 draws checked for what can go wrong."""

from __future__ import annotations

import math

import pytest
from set_samples import CE_ITEM, make_set

from quizapp.engine.questions.base import Tolerance
from quizapp.sets.checks import check_item, check_set
from quizapp.sets.draws import draw_values


def p_item(**changes) -> dict:
    """−ln p over p = 0.05 … 0.95."""
    item = {
        "id": "surprise",
        "kind": "formula",
        "prompt": "p = {p}. Surprisal in nats?",
        "variables": {"p": {"range": [0.05, 0.95], "step": 0.05}},
        "answer": "-ln(p)",
        "unit": "nats",
    }
    item.update(changes)
    return item


def drawn(item: dict, name: str) -> list:
    return [draw_values(item["variables"], key=item["id"], seed=s)[name] for s in range(100)]


def only(report, check: str):
    found = [f for f in report.findings if f.check == check]
    assert len(found) == 1, report.findings
    return found[0]


def test_a_good_item_passes_everything(ce_item):
    """Its sample answers behave as expected and 100 draws find nothing that fails."""
    report = check_item(ce_item)
    assert report.ok and report.randomised and report.draws == 100
    assert [(t.expect, t.outcome, t.passed) for t in report.tests] == [
        ("correct", "correct", True),
        ("log_base_2", "log_base_2", True),
        ("wrong", "wrong", True),
    ]
    assert not [f for f in report.findings if f.failing]


def test_sample_answers_fill_placeholders_for_their_seed(ce_item):
    """``-log2({q})`` is the mistake whatever q the test's seed draws."""
    ce_item["tests"] = [
        {"answer": "-log2({q})", "expect": "log_base_2", "seed": s} for s in range(5)
    ]
    report = check_item(ce_item)
    assert all(t.passed for t in report.tests)
    assert len({t.answer for t in report.tests}) > 1


def test_a_failing_sample_answer_says_what_happened(ce_item):
    """Expected correct, graded wrong: the test fails, with the grader's words."""
    ce_item["tests"] = [
        {"answer": "0.3", "expect": "correct", "seed": 15},
        {"answer": "0.357", "expect": "log_base_2", "seed": 15},
        {"answer": "zero", "expect": "unreadable"},
        {"answer": "0.357", "expect": "unreadable", "seed": 15},
    ]
    report = check_item(ce_item)
    assert [t.passed for t in report.tests] == [False, False, True, False]
    first = report.tests[0]
    assert (first.outcome, first.seed) == ("wrong", 15)
    assert first.message == "Not quite. The answer is 0.3567 nats."
    assert report.tests[1].outcome == "correct"
    assert not report.ok and not check_set(make_set(ce_item)).ok


def test_division_by_zero_at_some_draws_is_found_with_its_share():
    """1/(p − 0.5) has no value at p = 0.5: the tests say how often and for which seeds."""
    item = p_item(answer="1 / (p - 0.5)", unit=None)
    del item["unit"]
    report = check_item(item)
    finding = only(report, "not_finite")
    bad_seeds = [s for s, p in enumerate(drawn(item, "p")) if p == 0.5]
    assert bad_seeds and finding.failing and finding.field == "variables"
    assert finding.draws == len(bad_seeds) and finding.seeds == tuple(bad_seeds[:5])
    assert finding.share == len(bad_seeds) / 100
    assert f"in {len(bad_seeds)} % of draws the item has no finite answer" in finding.message
    assert "p = 0.5" in finding.message and "division by zero" in finding.message
    assert not report.ok


def test_a_mistake_too_near_the_answer_is_reported_as_a_share_of_draws():
    """With these ranges the mistake is within tolerance in some draws: how many, exactly."""
    item = p_item(mistakes=[{"answer": "-ln(p) + 0.005", "message": "Off a bit.", "code": "near"}])
    tolerance = Tolerance()
    near = [
        s
        for s, p in enumerate(drawn(item, "p"))
        if not tolerance.separates(-math.log(p) + 0.005, -math.log(p))
    ]
    assert 0 < len(near) < 100
    report = check_item(item)
    finding = only(report, "mistake_indistinct")
    assert finding.failing and finding.field == "mistakes[0]" and finding.draws == len(near)
    assert finding.message == (
        f"With these ranges, in {len(near)} % of draws the mistake 'near' is within "
        "tolerance of the answer"
    )
    assert not report.ok


def test_a_mistake_that_is_the_answer_for_some_numbers_is_a_warning():
    """−ln(1 − p) equals −ln p at p = 0.5: no mistake there, so it does not fail the item."""
    item = p_item(mistakes=[{"answer": "-ln(1 - p)", "message": "1 − p.", "code": "one_minus"}])
    report = check_item(item)
    finding = only(report, "mistake_gives_answer")
    assert not finding.failing
    assert finding.draws == sum(p == 0.5 for p in drawn(item, "p"))
    assert report.ok


def test_two_mistakes_that_give_the_same_number_are_named_together():
    """bits and bits × 1.001 cannot be told apart: a warning naming both, in every draw."""
    item = p_item(
        mistakes=[
            {"answer": "-log2(p)", "message": "Bits.", "code": "bits"},
            {"answer": "-log2(p) * 1.001", "message": "Bits, rounded.", "code": "bits_rounded"},
        ]
    )
    report = check_item(item)
    finding = only(report, "mistakes_overlap")
    assert not finding.failing and finding.share == 1.0
    assert "'bits' and 'bits_rounded' are within tolerance of each other" in finding.message
    assert report.ok


def test_a_tolerance_too_tight_for_three_figures_fails():
    """At 0.01 % relative, 0.357 for 0.35667 is wrong: authors learn before learners do."""
    report = check_item(p_item(tolerance={"rel": 0.0001}))
    finding = only(report, "three_figures_wrong")
    assert finding.failing and finding.field == "tolerance" and finding.share > 0.5


def test_a_fixed_item_is_checked_once():
    """A numeric item with a fixed value has one instance; its findings say so."""
    item = {
        "id": "n",
        "kind": "numeric",
        "prompt": "−ln 0.7?",
        "answer": 0.3567,
        "mistakes": [{"answer": 0.3570, "message": "Close.", "code": "close"}],
    }
    report = check_item(item)
    assert report.draws == 1 and not report.randomised
    assert only(report, "mistake_indistinct").message == (
        "For these numbers the mistake 'close' is within tolerance of the answer"
    )


def test_choice_and_explain_items_are_checked_for_what_they_can_get_wrong():
    """Options diagnose as themselves; the model answer must pass, a non-answer must not."""
    choice = {
        "id": "c",
        "kind": "choice",
        "prompt": "?",
        "options": [
            {"id": "a", "text": "A", "correct": True},
            {"id": "b", "text": "B", "feedback": "Not B."},
        ],
    }
    assert check_item(choice).ok
    explain = {
        "id": "e",
        "kind": "explain",
        "prompt": "Explain cross-entropy loss.",
        "key_points": [
            {"id": "log", "text": "It takes the log", "phrasings": ["log"]},
            {"id": "hot", "text": "The target is one-hot", "phrasings": ["one-hot"]},
        ],
        "model_answer": "It measures the surprise of the true class. That is all it does.",
    }
    report = check_item(explain)
    assert {f.check for f in report.findings} == {"model_answer_wrong"}
    for point in explain["key_points"]:  # phrasings so broad that a non-answer has them
        point["phrasings"].append("learn")
    explain["model_answer"] = (
        "It takes the log of the predicted probability. The target is one-hot."
    )
    report = check_item(explain)
    assert {f.check for f in report.findings} == {"non_answer_correct"} and not report.ok


@pytest.mark.parametrize("type_id", ["surprisal", "ce_one_hot", "softmax_vector", "which_loss"])
def test_built_in_types_pass_as_template_items(type_id):
    """A template item of any kind of built-in type can be published as it is."""
    report = check_item({"id": "t", "kind": "template", "type": type_id, "difficulty": 2})
    assert report.ok, [f.message for f in report.findings if f.failing]


def test_a_template_range_the_type_cannot_separate_is_reported():
    """Around p = 0.5 surprisal's own one_minus_p gives the answer: counted as for authors'."""
    item = {
        "id": "t",
        "kind": "template",
        "type": "surprisal",
        "params": {"unit": "nats"},
        "draw": {"p": {"range": [0.4, 0.6], "step": 0.01}},
    }
    report = check_item(item)
    finding = only(report, "mistake_gives_answer")  # one_minus_p at p = 0.5
    assert finding.field == "" and not finding.failing
    assert finding.draws == sum(
        p == 0.5 for p in drawn({"id": "t", "variables": item["draw"]}, "p")
    )


def test_an_invalid_item_reports_its_problems_relative_to_the_item():
    """A form saving one item gets field paths it can show next to the field."""
    report = check_item({**CE_ITEM, "answer": "-ln(x)"})
    assert not report.ok and report.draws == 0
    assert [(p.path, p.message) for p in report.problems] == [
        ("answer", "uses 'x', which is not one of the variables")
    ]
    assert [p.path for p in check_item({**CE_ITEM, "unit": 3}).problems] == ["unit"]


def test_a_set_report_checks_valid_items_and_lists_the_problems_of_the_rest(ce_item):
    """An invalid item blocks publishing; the valid ones are still tested."""
    data = make_set(ce_item, {"id": "bad", "kind": "numeric", "prompt": "?", "answer": "x"})
    report = check_set(data)
    assert [p.path for p in report.problems] == ["items[1].answer"]
    assert [r.item_id for r in report.items] == ["ce-true-class"] and report.items[0].ok
    assert not report.ok and report.seconds > 0
    assert check_set(make_set(ce_item)).ok
