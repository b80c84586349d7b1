"""The pure engine: losses, answer parsing, questions and grading (no Flask, no SQL).

The three entry points of DESIGN §5 are re-exported here:
``from quizapp.engine import registry, generate, grade``.
"""

from quizapp.engine.answers import ParseError
from quizapp.engine.grading import Grade, grade
from quizapp.engine.questions import ParamsError, Question, generate, registry

__all__ = ["Grade", "ParamsError", "ParseError", "Question", "generate", "grade", "registry"]
