"""Instructor-authored question sets: the file format, items as questions, question tests, Moodle.

Pure Python (no Flask, no SQLAlchemy): the web layer, the CLI and the database store sets as
the plain dict a set file holds and call these functions. The format is documented for
authors in ``docs/question-sets.md``; its JSON Schema is ``docs/question-set.schema.json``.

A set::

    {"format": "quizapp-set/1", "title": str, "description": Markdown str, "items": [item, ...]}

Every item has ``id`` (a slug, unique in the set), ``kind``, and optionally ``title``,
``topic`` (a key of ``quizapp.engine.questions.TOPICS``) and ``tests`` (the author's sample
answers: ``[{"answer": "0.357", "expect": "correct" | "wrong" | "unreadable" | <mistake code>,
"seed": 0}]``). By kind:

- ``template``: ``type`` (a registered question type), ``difficulty`` (1-3), ``params`` (fixed)
  and/or ``draw`` (``{name: {"range": [lo, hi], "step": s} | {"list": [...]}}``); with neither,
  the type draws its own numbers. Diagnosis and worked solution are the type's own.
- ``formula``: ``prompt`` (Markdown, ``\\( … \\)`` maths, ``{var}``, ``{answer}`` and
  ``{=expression}`` placeholders), ``variables`` (range / list / ``{"formula": "1 - p"}``),
  ``answer`` (an expression, see ``formulas``), ``tolerance`` ``{"rel": 0.01, "abs": 1e-8}``,
  ``unit``, ``mistakes`` ``[{"answer": expression, "message", "code"}]``, ``hints``,
  ``explanation`` (Markdown with placeholders).
- ``numeric`` / ``vector``: as formula, with a fixed ``answer`` (number / list of numbers)
  and mistakes with fixed values; no variables.
- ``choice``: ``prompt``, ``options`` ``[{"id", "text", "correct": bool, "feedback", "code"}]``
  (exactly one correct), ``shuffle``, ``hints``, ``explanation``.
- ``explain``: ``prompt``, ``key_points`` ``[{"id", "text", "phrasings": [...]}]``,
  ``model_answer``, ``hints``, ``explanation``; graded by the engine's explain grader.

The interface:

- ``files.load_set(text, fmt="yaml"|"json") -> dict``: parse safely and validate; raises
  ``SetFileError`` whose ``problems`` are ``Problem(path, message, line)``.
  ``files.dump_set(data, fmt) -> str`` writes text that loads back equal.
  ``files.format_for(filename) -> "yaml"|"json"``.
- ``validate.validate_set(data) -> list[Problem]`` (schema and meaning; empty when valid);
  ``validate.item_problems(item, path)`` for one schema-valid item.
- ``schema.SET_SCHEMA``, ``schema.schema_problems(data)``, ``schema.item_schema_problems(item)``.
- ``items.item_question(item, seed) -> Question``: the instance, deterministic; raises
  ``ItemError`` for a draw without a finite answer. ``items.item_is_randomised(item)``.
  Authored items have ``type_id="authored"``, ``family="authored"`` and
  ``params={"item": id, "values": {...}}``; template items are the engine's own question.
- ``checks.check_item(item) -> ItemReport`` and ``checks.check_set(data) -> SetReport``: the
  author's tests and the checks over 100 draws; ``.ok`` False means do not publish.
- ``moodle.to_moodle_xml(data, *, instances=5, seed=0) -> str``.
- ``quizapp.rendering.authored.render_markdown(text)`` / ``render_question_text(question,
  text)``: authored text as sanitised HTML with MathML.
"""

from quizapp.sets.checks import ItemReport, SetReport, check_item, check_set
from quizapp.sets.files import dump_set, format_for, load_set
from quizapp.sets.items import item_is_randomised, item_question
from quizapp.sets.moodle import to_moodle_xml
from quizapp.sets.problems import ItemError, Problem, SetFileError
from quizapp.sets.validate import validate_set

__all__ = [
    "ItemError",
    "ItemReport",
    "Problem",
    "SetFileError",
    "SetReport",
    "check_item",
    "check_set",
    "dump_set",
    "format_for",
    "item_is_randomised",
    "item_question",
    "load_set",
    "to_moodle_xml",
    "validate_set",
]
