"""Items the tests put into question sets: one formula item and one template item, written
once; a test that needs a variant builds it from these (``{**FORMULA, "tests": [...]}``)."""

from __future__ import annotations

#: The formula item at its plainest: the true class's cross-entropy, drawn q.
FORMULA_CORE = {
    "id": "ce-true-class",
    "kind": "formula",
    "title": "Cross-entropy of the true class",
    "prompt": "The model gives the true class \\(q = {q}\\). What is the loss, in nats?",
    "variables": {"q": {"range": [0.05, 0.95], "step": 0.05}},
    "answer": "-ln(q)",
    "unit": "nats",
}
#: Its one listed mistake: log base 2.
LOG_BASE_2 = {"answer": "-log2(q)", "code": "log_base_2", "message": "You used log base 2 (bits)."}
#: The whole item: its mistake, a hint, an explanation and question tests.
FORMULA = {
    **FORMULA_CORE,
    "mistakes": [LOG_BASE_2],
    "hints": ["Only the true class counts."],
    "explanation": "The loss is \\(-\\ln {q} = {answer}\\).",
    "tests": [
        {"answer": "{answer}", "expect": "correct"},
        {"answer": "-log2({q})", "expect": "log_base_2"},
    ],
}
#: A built-in question type with fixed numbers.
TEMPLATE = {
    "id": "one-hot",
    "kind": "template",
    "title": "Only the true class",
    "type": "ce_one_hot",
    "params": {"pred": [0.7, 0.2, 0.1], "target": 0, "unit": "nats"},
}
