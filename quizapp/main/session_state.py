"""Small things a browser session carries from one page to the next.

- The message about an unreadable answer, across the redirect after the POST
  (post/redirect/get), so reloading the page shows it without sending the form again.
  The typed text itself is kept in the database (``ServedQuestion.draft_answer``): it can
  be longer than a cookie holds.
"""

from __future__ import annotations

from flask import session

PROBLEM_KEY = "answer_problem"
#: A parse error's message is short; this bounds what a crafted answer can put in the cookie.
MAX_PROBLEM_CHARS = 500


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
