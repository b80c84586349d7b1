"""The questions this process generated lately, so a served question is generated once.

A served row stores only (type, seed, difficulty, params); every page of it (the question,
the answer POST, grading, the feedback page) regenerates the same ``Question`` from them.
Generation is deterministic, so the result of the first is kept here and handed to the
others, across requests: a learner's question page, answer and feedback are usually
served by one worker within seconds. Bounded (least recently used goes first), so memory
stays flat however many questions are served.

The cached ``Question`` is shared: callers read it and never change it (``generate`` is
the only writer, before it is stored here). Items of instructors' sets are not cached:
they are built from a stored set version, and ``sets.items`` sets their title.

What a page derives from a cached question alone (its worked solution, typeset with
MathML and a plot: up to ~10 kB, so at most a few MB per process) is kept with it too
(``derived``), and goes when it goes.
"""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any, TypeVar

from quizapp.engine.questions import Question

T = TypeVar("T")

#: Questions kept per process; a few hundred learners' open questions.
KEPT = 512

_questions: OrderedDict[tuple, Question] = OrderedDict()
_derived: dict[tuple, dict[str, Any]] = {}  # cache key → name → value made from its question
_keys: dict[int, tuple] = {}  # id() of a cached question → its key (checked by identity)
_lock = threading.Lock()  # gunicorn's gthread worker would share this between threads


def key_of(type_id: str, seed: int, difficulty: int, params: Any) -> tuple | None:
    """(type, seed, difficulty, params as canonical JSON); None if params are not JSON."""
    try:
        fixed = None if params is None else json.dumps(params, sort_keys=True)
    except (TypeError, ValueError):
        return None
    return (type_id, int(seed), int(difficulty), fixed)


def cached(key: tuple | None, make: Callable[[], Question]) -> Question:
    """The question stored under ``key``, else ``make()`` (kept under ``key``)."""
    if key is None:
        return make()
    with _lock:
        question = _questions.get(key)
        if question is not None:
            _questions.move_to_end(key)
            return question
    question = make()  # outside the lock: a slow generation blocks no other thread
    remember(key, question)
    return question


def remember(key: tuple | None, question: Question) -> None:
    """Keep ``question`` under ``key``, dropping the least recently used beyond KEPT."""
    if key is None:
        return
    with _lock:
        replaced = _questions.get(key)
        if replaced is not question:
            if replaced is not None:
                _drop(key, replaced)
            _keys[id(question)] = key
        _questions[key] = question
        _questions.move_to_end(key)
        while len(_questions) > KEPT:
            _drop(*_questions.popitem(last=False))


def _drop(key: tuple, question: Question) -> None:
    """Forget what was kept with ``question`` (the caller holds the lock)."""
    _questions.pop(key, None)
    _derived.pop(key, None)
    if _keys.get(id(question)) == key:
        del _keys[id(question)]


def derived(question: Question, name: str, make: Callable[[], T]) -> T:
    """``make()``, kept with ``question`` under ``name`` while the question is cached.

    ``make`` must depend on the question alone. A question not in the cache (an item of
    a set, or one pushed out since) gets ``make()`` afresh.
    """
    with _lock:
        key = _keys.get(id(question))
        if key is None or _questions.get(key) is not question:
            key = None
        elif name in _derived.get(key, {}):
            return _derived[key][name]
    value = make()  # outside the lock, as in ``cached``
    if key is not None:
        with _lock:
            if _questions.get(key) is question:
                _derived.setdefault(key, {})[name] = value
    return value


def forget_all() -> None:
    """Empty the cache (for a test that changes what a type generates)."""
    with _lock:
        _questions.clear()
        _derived.clear()
        _keys.clear()
