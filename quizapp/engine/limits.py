"""How long an answer may be, by kind of question: the numbers the web form, the JSON API
and the OpenAPI document all state (the parsers and the grader enforce the same ones)."""

from __future__ import annotations

from quizapp.engine.answers import MAX_NUMBER_CHARS, MAX_VECTOR_CHARS
from quizapp.engine.grading import MAX_EXPLANATION_CHARS

#: Characters an answer may have, by question kind (a choice is an id, letter or number).
ANSWER_LIMITS: dict[str, int] = {
    "numeric": MAX_NUMBER_CHARS,
    "vector": MAX_VECTOR_CHARS,
    "choice": MAX_NUMBER_CHARS,
    "explain": MAX_EXPLANATION_CHARS,
}
#: The longest answer of any kind.
MAX_ANSWER_CHARS = max(ANSWER_LIMITS.values())


def answer_limit(kind: str) -> int:
    """The most characters an answer to a question of ``kind`` may have."""
    return ANSWER_LIMITS.get(kind, MAX_ANSWER_CHARS)
