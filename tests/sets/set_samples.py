"""Items and sets the tests of quizapp.sets share, written as an author would write them.

A module of its own, not conftest: another folder's conftest would shadow ``from conftest``.
"""

from __future__ import annotations

import copy

CE_ITEM = {
    "id": "ce-true-class",
    "kind": "formula",
    "title": "Cross-entropy of one prediction",
    "prompt": (
        "The model gives the true class the probability \\(q = {q}\\). "
        "What is the cross-entropy loss, in {unit_word}?"
    ),
    "variables": {
        "q": {"range": [0.05, 0.95], "step": 0.05},
        "unit_word": {"list": ["nats"]},
        "other": {"formula": "1 - q"},
    },
    "answer": "-ln(q)",
    "tolerance": {"rel": 0.01, "abs": 1e-8},
    "unit": "nats",
    "mistakes": [
        {"answer": "-log2(q)", "message": "You used log base 2 (bits).", "code": "log_base_2"},
    ],
    "hints": ["Only the true class counts: the loss is \\(-\\ln q\\)."],
    "explanation": "The loss is \\(-\\ln {q} = {answer}\\); the rest, {other}, is ignored.",
    "tests": [
        {"answer": "{answer}", "expect": "correct"},
        {"answer": "-log2({q})", "expect": "log_base_2"},
        {"answer": "0", "expect": "wrong"},
    ],
}


def make_set(*items: dict) -> dict:
    """A set holding copies of ``items``."""
    return {
        "format": "quizapp-set/1",
        "title": "Losses, by hand",
        "description": "Practice for the interview.",
        "items": [copy.deepcopy(item) for item in items],
    }
