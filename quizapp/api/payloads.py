"""The JSON shapes the API returns, built from engine values and rows (plain data only)."""

from __future__ import annotations

import math
from typing import Any

from quizapp.engine.grading import Grade, describe_expected
from quizapp.engine.questions import TOPICS, Question, registry
from quizapp.engine.questions.base import DIFFICULTIES
from quizapp.models import ServedQuestion
from quizapp.progress.mastery import MASTERY_RULE_TEXT
from quizapp.services.progress_report import ProgressReport
from quizapp.timezones import iso_utc


def plain(value: Any) -> Any:
    """``value`` as strict JSON: numpy scalars to Python, non-finite numbers to null."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if hasattr(value, "item") and not isinstance(value, list | dict):
        value = value.item()  # a numpy scalar
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    return str(value)


def question_types() -> dict[str, Any]:
    """Every question type and every topic that has types."""
    types = registry()
    used = {qtype.topic for qtype in types.values()}
    return {
        "types": [
            {
                "id": type_id,
                "title": qtype.title,
                "topic": qtype.topic,
                "kind": qtype.kind,
                "difficulties": list(DIFFICULTIES),
            }
            for type_id, qtype in types.items()
        ],
        "topics": [{"id": tid, "title": title} for tid, title in TOPICS.items() if tid in used],
    }


def question_type(type_id: str) -> dict[str, Any]:
    """One question type with the JSON Schema of the params it accepts (KeyError if unknown)."""
    qtype = registry()[type_id]
    return {
        "id": type_id,
        "title": qtype.title,
        "topic": qtype.topic,
        "kind": qtype.kind,
        "difficulties": list(DIFFICULTIES),
        "params_schema": qtype.params_schema(),
    }


def served_question(served: ServedQuestion, question: Question) -> dict[str, Any]:
    """What a caller needs to show and answer a question, without its answer."""
    body: dict[str, Any] = {
        "token": served.token,
        "type": question.type_id,
        "title": question.title,
        "topic": question.topic,
        "seed": question.seed,
        "difficulty": question.difficulty,
        "kind": question.kind,
        "prompt": question.prompt,
        "params": plain(question.params),
        "unit": question.unit,
        "answer_format": question.answer_format,
        "vector_length": question.vector_length,
        "hints_count": len(question.hints),
    }
    if question.kind in ("numeric", "vector"):
        body["tolerance"] = {"rel": question.tolerance.rel, "abs": question.tolerance.abs}
    if question.kind == "choice":
        body["choices"] = [{"id": c.id, "text": c.text} for c in question.choices]
    return body


def graded(question: Question, result: Grade, *, recorded: bool) -> dict[str, Any]:
    """The outcome of an answer, with the right answer and how the text was read."""
    expected_text = (
        question.model_answer if question.kind == "explain" else describe_expected(question)
    )
    return {
        "correct": bool(result.correct),
        "score": plain(result.score),
        "diagnosis": result.diagnosis,
        "also": list(result.also),
        "message": result.message,
        "expected": plain(result.expected),
        "expected_text": expected_text,
        "reading": result.reading,
        "hints_used": result.hints_used,
        "recorded": recorded,
    }


def progress(report: ProgressReport) -> dict[str, Any]:
    """Totals, accuracy, mastery per topic, frequent misconceptions and a page of attempts."""
    totals = report.totals
    pages = max(1, math.ceil(totals.total / report.per_page))
    return {
        "totals": {
            "attempts": totals.total,
            "correct": totals.correct,
            "accuracy": plain(totals.accuracy),
            "mean_score": plain(totals.mean_score),
        },
        "mastery_rule": MASTERY_RULE_TEXT,
        "topics": [
            {
                "topic": row.topic,
                "title": row.title,
                "level": row.level.value,
                "score": plain(row.score),
                "attempts": row.attempts,
                "recent_correct": row.recent_correct,
                "types_practised": list(row.types_practised),
            }
            for row in report.topics
        ],
        "misconceptions": [
            {"code": row.code, "count": row.count, "type": row.type_id}
            for row in report.misconceptions
        ],
        "recent": [_attempt(row) for row in report.attempts],
        "pagination": {
            "page": report.page,
            "per_page": report.per_page,
            "total": totals.total,
            "pages": pages,
            "next_page": report.page + 1 if report.page < pages else None,
        },
    }


def _attempt(row: Any) -> dict[str, Any]:
    return {
        "type": row.type_id,
        "seed": row.seed,
        "difficulty": row.difficulty,
        "params": plain(row.params),
        "correct": bool(row.correct),
        "score": plain(row.score),
        "diagnosis": row.diagnosis,
        "hints_used": row.hints_used,
        "created_at": iso_utc(row.created_at),
    }
