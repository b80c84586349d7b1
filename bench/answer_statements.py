"""The statements one answer POST sends, in order, with the transaction's begin and commit.

On PostgreSQL each one is a round trip (psycopg sends the BEGIN before the first statement
of a transaction as one of its own), so this list is what the answer POST waits on:

    .venv/bin/python bench/answer_statements.py [--database-url URL] [--first-card]
    PYTHONPATH=DIR .venv/bin/python bench/answer_statements.py   # the quizapp in DIR
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sqlalchemy import event

sys.path.insert(0, str(Path(__file__).resolve().parent))

from profile_pages import CSRF, ONE_HOT, build_app, seed, signed_in  # noqa: E402

from quizapp.extensions import db  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=None)
    parser.add_argument(
        "--first-card", action="store_true", help="answer a type the learner has no card for"
    )
    args = parser.parse_args()
    app = build_app(args.database_url)
    learner = signed_in(app, seed(app)[0])

    def answer(listening: bool) -> None:
        served = learner.get(f"/practice/q/ce_one_hot?params={ONE_HOT}")
        page = served.headers["Location"]
        shown = learner.get(page)
        data = {"csrf_token": CSRF.search(shown.text).group(1), "answer": "0.357"}
        with app.app_context():
            engine = db.engine
        seen: list[str] = []
        listeners = {
            "begin": lambda _conn: seen.append("BEGIN (implicit)"),
            "commit": lambda _conn: seen.append("COMMIT"),
            "rollback": lambda _conn: seen.append("ROLLBACK"),
            "before_cursor_execute": lambda _c, _cur, sql, *_a: seen.append(" ".join(sql.split())),
        }
        if listening:
            for name, listener in listeners.items():
                event.listen(engine, name, listener)
        response = learner.post(page, data=data)
        if listening:
            for name, listener in listeners.items():
                event.remove(engine, name, listener)
        assert response.status_code == 303, response.status_code
        for number, line in enumerate(seen, 1):
            print(f"{number:2d}. {line[:300]}")

    if not args.first_card:
        answer(listening=False)  # the learner's card for the type exists from here on
    answer(listening=True)


if __name__ == "__main__":
    main()
