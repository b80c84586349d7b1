"""What a schema cannot say about a set is checked too, each problem with its path."""

from __future__ import annotations

import pytest
from set_samples import CE_ITEM, make_set

from quizapp.sets.validate import item_problems, validate_set


def problems_of(*items: dict) -> list[tuple[str, str]]:
    return [(p.path, p.message) for p in validate_set(make_set(*items))]


def formula(**changes) -> dict:
    item = {
        "id": "f",
        "kind": "formula",
        "prompt": "q = {q}",
        "variables": {"q": {"range": [0.1, 0.9], "step": 0.1}},
        "answer": "-ln(q)",
    }
    item.update(changes)
    return item


def test_the_shared_item_and_an_empty_set_are_valid():
    """A set may be empty while it is being written."""
    assert validate_set(make_set(CE_ITEM)) == []
    assert validate_set(make_set()) == []


@pytest.mark.parametrize(
    ("changes", "path", "words"),
    [
        ({"prompt": "q = {qq}"}, "items[0].prompt", "{qq} is not a variable"),
        ({"hints": ["use {p}"]}, "items[0].hints[0]", "{p} is not a variable"),
        ({"explanation": "{=lg(q)}"}, "items[0].explanation", "unknown function 'lg'"),
        ({"explanation": "{=x + 1}"}, "items[0].explanation", "'x', which is not one"),
        ({"variables": {"ln": {"list": [1]}}, "answer": "1"}, "items[0].variables.ln", "function"),
        ({"variables": {"e": {"list": [1]}}, "answer": "1"}, "items[0].variables.e", "constant"),
        (
            {"variables": {"q": {"range": [0.9, 0.1], "step": 0.1}}},
            "items[0].variables.q.range",
            "high end is below the low",
        ),
        (
            {"variables": {"q": {"list": [0.5]}, "r": {"formula": "q +"}}},
            "items[0].variables.r.formula",
            "stops too early",
        ),
        ({"answer": "softmax(q)"}, "items[0].answer", "softmax needs a vector"),
        (
            {"mistakes": [{"answer": "[q, q]", "message": "m", "code": "pair"}]},
            "items[0].mistakes[0].answer",
            "gives a vector of 2 but the answer is a number",
        ),
        (
            {
                "mistakes": [
                    {"answer": "-log2(q)", "message": "a", "code": "bits"},
                    {"answer": "-log10(q)", "message": "b", "code": "bits"},
                ]
            },
            "items[0].mistakes[1].code",
            "used by another mistake",
        ),
        (
            {"mistakes": [{"answer": "q", "message": "m", "code": "correct"}]},
            "items[0].mistakes[0].code",
            "is a test outcome",
        ),
    ],
)
def test_formula_problems_name_their_field(changes, path, words):
    """Each mistake an author can make in a formula item is reported where it is."""
    found = problems_of(formula(**changes))
    assert any(p == path and words in m for p, m in found), found


def test_answer_is_a_placeholder_only_where_there_is_one():
    """{=answer / ln(2)} in a formula item; {answer} in a choice item has nothing to show."""
    assert problems_of(formula(explanation="In bits: {=answer / ln(2)}.")) == []
    choice = {
        "id": "c",
        "kind": "choice",
        "prompt": "Is it {answer}?",
        "options": [{"id": "a", "text": "A", "correct": True}, {"id": "b", "text": "B"}],
    }
    assert problems_of(choice) == [("items[0].prompt", "{answer} is not a variable of this item")]


def test_braces_inside_maths_may_be_tex():
    """``\\mathrm{nats}`` in maths is TeX, not a missing variable."""
    assert problems_of(formula(prompt="\\(q = {q}\\,\\mathrm{nats}\\)")) == []


def test_template_problems_name_their_field():
    """Unknown params, a param given twice, an empty range."""
    item = {
        "id": "t",
        "kind": "template",
        "type": "surprisal",
        "params": {"p": 0.5, "colour": "red"},
        "draw": {"p": {"range": [0.9, 0.1], "step": 0.1}},
    }
    found = problems_of(item)
    assert ("items[0].params.colour", "surprisal takes outcome, p, unit; not 'colour'") in found
    assert ("items[0].draw.p", "is also fixed in params: give it once") in found
    assert ("items[0].draw.p.range", "the high end is below the low") in found


def test_fixed_params_are_checked_by_the_type():
    """The type's own check_params decides: surprisal refuses p = 1.5."""
    item = {"id": "t", "kind": "template", "type": "surprisal", "params": {"p": 1.5}}
    assert problems_of(item) == [("items[0].params", "p must be between 0 and 1; got 1.5")]


def test_every_list_entry_is_checked_by_the_type():
    """A list entry the type refuses is found before any learner draws it."""
    item = {
        "id": "t",
        "kind": "template",
        "type": "surprisal",
        "params": {"p": 0.25},
        "draw": {"unit": {"list": ["nats", "dits"]}},
    }
    found = problems_of(item)
    assert len(found) == 1 and found[0][0] == "items[0].draw.unit" and "'dits'" in found[0][1]


def test_a_param_neither_fixed_nor_drawn_is_reported():
    """Drawing only the unit leaves surprisal without its p."""
    item = {
        "id": "t",
        "kind": "template",
        "type": "surprisal",
        "draw": {"unit": {"list": ["bits"]}},
    }
    assert problems_of(item) == [("items[0].draw", "p must be a number; got None")]


def test_vector_choice_and_explain_problems():
    """Mistake lengths, option ids, option codes and key point ids."""
    vector = {
        "id": "v",
        "kind": "vector",
        "prompt": "?",
        "answer": [0.5, 0.5],
        "mistakes": [{"answer": [1], "message": "m", "code": "short"}],
    }
    choice = {
        "id": "c",
        "kind": "choice",
        "prompt": "?",
        "options": [
            {"id": "a", "text": "A", "correct": True},
            {"id": "a", "text": "B", "feedback": "no", "code": "x"},
            {"id": "b", "text": "C", "feedback": "no", "code": "x"},
        ],
    }
    explain = {
        "id": "e",
        "kind": "explain",
        "prompt": "?",
        "model_answer": "m",
        "key_points": [{"id": "k", "text": "a"}, {"id": "k", "text": "b"}],
    }
    found = problems_of(vector, choice, explain)
    assert ("items[0].mistakes[0].answer", "has 1 entries, the answer 2") in found
    assert ("items[1].options[1].id", "'a' is used twice") in found
    assert ("items[1].options[1].code", "'x' is used twice") in found
    assert ("items[2].key_points[1].id", "'k' is used twice") in found


def test_tests_may_expect_the_outcomes_an_item_has():
    """Outcomes, the item's codes, sign_dropped for numbers, chose_<id> for options."""
    numeric = {
        "id": "n",
        "kind": "numeric",
        "prompt": "?",
        "answer": 1,
        "tests": [
            {"answer": "-1", "expect": "sign_dropped"},
            {"answer": "x", "expect": "unreadable"},
        ],
    }
    choice = {
        "id": "c",
        "kind": "choice",
        "prompt": "?",
        "options": [
            {"id": "a", "text": "A", "correct": True},
            {"id": "b", "text": "B", "feedback": "f"},
        ],
        "tests": [{"answer": "b", "expect": "chose_b"}, {"answer": "b", "expect": "chose_c"}],
    }
    template = {
        "id": "t",
        "kind": "template",
        "type": "surprisal",
        "tests": [{"answer": "1", "expect": "any_code"}],
    }
    found = problems_of(numeric, choice, template)
    assert [p for p, _ in found] == ["items[1].tests[1].expect"]


def test_one_item_can_be_checked_alone_for_a_form():
    """The web form checks the item being saved, with paths under the name it gives."""
    found = item_problems(formula(answer="-ln(x)"), "item")
    assert [(p.path, p.message) for p in found] == [
        ("item.answer", "uses 'x', which is not one of the variables")
    ]


def test_not_a_set_at_all():
    """A list, or a set without items, is refused with a message, not a crash."""
    assert [p.message for p in validate_set([1, 2])] == ["expected a mapping of names to values"]
    assert {p.path for p in validate_set({"format": "quizapp-set/1", "title": "t"})} == {"items"}
