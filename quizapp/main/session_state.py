"""Small things a browser session carries from one page to the next.

- The difficulty last chosen, in practice or an interview: one rule for both start forms
  (Easy until the learner picks another level, then whatever they picked last).
- The message about an unreadable answer, across the redirect after the POST
  (post/redirect/get), so reloading the page shows it without sending the form again.
  The typed text itself is kept in the database (``ServedQuestion.draft_answer``): it can
  be longer than a cookie holds.
"""

from __future__ import annotations

from flask import session

DIFFICULTY_KEY = "difficulty"
PROBLEM_KEY = "answer_problem"
#: Used until the learner chooses a level; the start forms say so.
DEFAULT_DIFFICULTY = 1
#: A parse error's message is short; this bounds what a crafted answer can put in the cookie.
MAX_PROBLEM_CHARS = 500


def preferred_difficulty() -> int:
    """The level to preselect: the last one chosen in this session, else Easy."""
    value = session.get(DIFFICULTY_KEY)
    return value if value in (1, 2, 3) else DEFAULT_DIFFICULTY


def remember_difficulty(level: int) -> None:
    """Remember the level chosen on either start form."""
    if level in (1, 2, 3):
        session[DIFFICULTY_KEY] = level


def remember_problem(token: str, message: str) -> None:
    """Show ``message`` next to the answer box on the next GET of ``token``'s question."""
    session[PROBLEM_KEY] = {"token": token, "message": message[:MAX_PROBLEM_CHARS]}


def take_problem(token: str) -> str | None:
    """The remembered message for ``token``'s question, once (like a flashed message)."""
    problem = session.get(PROBLEM_KEY)
    if not isinstance(problem, dict) or problem.get("token") != token:
        return None
    session.pop(PROBLEM_KEY, None)
    message = problem.get("message")
    return message if isinstance(message, str) else None
