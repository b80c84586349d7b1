"""Readable names for misconception codes, as learners meet them on the feedback page.

A built-in question type's mistake is named by ``rendering.question_pages.diagnosis_name``
(the "Likely mistake" line) and explained by the message the type attaches to it for the
question's numbers; an author's own mistake is named in the item (``mistakes[].message``
of a formula, numeric or vector item; the wrong option of a choice item).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from quizapp.rendering.question_pages import DIAGNOSIS_NAMES, diagnosis_name
from quizapp.sets import ItemError, item_question
from quizapp.sets.items import option_code

MAX_LABEL_CHARS = 120


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= MAX_LABEL_CHARS else text[: MAX_LABEL_CHARS - 1] + "…"


def _authored_option(item: dict[str, Any], code: str) -> dict[str, Any] | None:
    if item.get("kind") != "choice":
        return None
    return next((o for o in item.get("options", []) if option_code(o) == code), None)


def _authored_mistake(item: dict[str, Any], code: str) -> dict[str, Any] | None:
    return next((m for m in item.get("mistakes", []) if m.get("code") == code), None)


def item_label(item: dict[str, Any], code: str) -> str:
    """The name of ``code`` on ``item``: the author's message for their own mistake, the
    option a learner chose for a choice item, else the app's name for the code."""
    mistake = _authored_mistake(item, code)
    if mistake is not None and item.get("kind") != "template":
        return _short(mistake["message"])
    option = _authored_option(item, code)
    if option is not None and code not in DIAGNOSIS_NAMES:
        return _short(f"Chose “{option['text']}”")
    return diagnosis_name(code) or code


def item_description(item: dict[str, Any], code: str, seed: int) -> str | None:
    """What the question said to the learner about ``code``, for the instance of ``seed``:
    a template item's question type's message, a choice option's feedback (None if none)."""
    option = _authored_option(item, code)
    if option is not None:
        return option.get("feedback")
    if item.get("kind") != "template":
        return None
    try:
        question = item_question(item, seed)
    except (ItemError, ValueError):  # a type since retired, or params it no longer takes
        return None
    found = next((m for m in question.misconceptions if m.code == code), None)
    return found.message if found is not None else None


def code_label(code: str, items: Iterable[dict[str, Any]]) -> str:
    """A name for ``code`` across items: the app's own name when it has one, else that of
    the first authored item that defines it, else the code made readable."""
    if code not in DIAGNOSIS_NAMES:
        for item in items:
            if item.get("kind") != "template" and (
                _authored_mistake(item, code) or _authored_option(item, code)
            ):
                return item_label(item, code)
    return diagnosis_name(code) or code
