"""Profile the hot pages in-process: time, SQL queries and the costliest functions of each.

Builds a fresh SQLite file (or uses ``--database-url``), a learner with 500 attempts and
one with 5,000, then runs each page ``--repeat`` times through Flask's test client: an
empty route through the app's full middleware (the fixed cost of any request), the
question page (guest and learner), the answer POST, the feedback page, the dashboard (500
attempts), ``GET /api/v1/progress`` (5,000 attempts) and the data export (5,000). A page
repeated stays in the CPU's caches, so ``bench/answer_flow.py`` times the answer flow's
three requests in turn, as a learner sends them. CSRF protection is on, as in production:
the POST carries its token. Prints the median and the fastest wall time, the median CPU
time of this thread (what the request costs, whatever else the machine runs: the figure
to compare on a shared machine) and the query count per page. With ``--top N`` each page
also runs under cProfile (which slows it about twofold) and its N costliest functions are
printed.

    .venv/bin/python bench/profile_pages.py [--repeat 5] [--top 12] [--only 'question|dash']
    PYTHONPATH=DIR .venv/bin/python bench/profile_pages.py   # the quizapp in DIR, e.g. main
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

from flask_login import current_user
from flask_migrate import upgrade
from sqlalchemy import event

sys.path.insert(0, str(Path(__file__).resolve().parent))

from scale_data import insert_attempts, insert_users  # noqa: E402

from quizapp import create_app  # noqa: E402
from quizapp.extensions import db  # noqa: E402
from quizapp.models import User  # noqa: E402
from quizapp.services.api_tokens import ApiToken  # noqa: E402

ROOT = str(Path(__file__).resolve().parent.parent) + "/"
CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
ONE_HOT = '{"pred": [0.7, 0.2, 0.1], "target": 0, "unit": "nats"}'


def build_app(database_url: str | None):
    """An app on ``database_url`` or a fresh SQLite file, migrated (in-process)."""
    url = database_url or f"sqlite:///{tempfile.mkdtemp(prefix='qz-prof-')}/prof.sqlite"
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "bench",
            "SQLALCHEMY_DATABASE_URI": url,
            # The token's limit is still checked on every call, as in production, but a
            # long run must not meet it.
            "QUIZAPP_RATELIMIT_API_TOKEN": "1000000 per minute",
        }
    )
    with app.app_context():
        upgrade()

    @app.get("/bench/empty")
    def empty() -> str:
        """No work of its own: what every request costs (user, session, hooks, headers)."""
        return "signed in" if current_user.is_authenticated else "guest"

    return app


def seed(app) -> tuple[User, User, str]:
    """A learner with 500 attempts, one with 5,000, and an API token for the second."""
    with app.app_context():
        with db.engine.begin() as connection:
            small, large = insert_users(connection, 2, prefix=f"prof{time.time_ns()}-")
            insert_attempts(connection, {small: 500, large: 5_000}, tag=f"p{small}")
        token, secret = ApiToken.issue(large, "bench")
        db.session.add(token)
        db.session.commit()
        return db.session.get(User, small).get_id(), db.session.get(User, large).get_id(), secret


def signed_in(app, session_id: str):
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = session_id
        session["_fresh"] = True
    return client


class QueryCounter:
    """Counts statements the engine executes while active."""

    def __init__(self, engine):
        self.count = 0
        event.listen(engine, "before_cursor_execute", self._seen)

    def _seen(self, *_args) -> None:
        self.count += 1


#: Set from ``--only``: the pages whose names match are measured, the others skipped.
ONLY = re.compile("")


def measure(name, call, repeat, top, counter):
    """Run ``call`` ``repeat`` times; print wall and CPU ms and queries, and the profile's top."""
    if not ONLY.search(name):
        return
    times, cpu, queries = [], [], []
    profile = cProfile.Profile()
    for _ in range(repeat):
        before = counter.count
        start, start_cpu = time.perf_counter(), time.thread_time()
        if top:
            profile.enable()
        call()
        if top:
            profile.disable()
        times.append(time.perf_counter() - start)
        cpu.append(time.thread_time() - start_cpu)
        queries.append(counter.count - before)
    median, best = statistics.median(times) * 1000, min(times) * 1000
    print(
        f"{name:<34} {median:8.2f} ms {best:8.2f} ms {statistics.median(cpu) * 1000:8.2f} ms"
        f"  {max(queries):4d} queries"
    )
    if top:
        out = io.StringIO()
        # Our own functions only: Flask's and werkzeug's wrappers would fill the top.
        stats = pstats.Stats(profile, stream=out).sort_stats("cumulative")
        stats.print_stats(r"/quizapp/(?!.*bench)", top)
        lines = [line for line in out.getvalue().splitlines() if re.match(r"\s+\d", line)]
        print("\n".join("      " + line.replace(ROOT, "") for line in lines[:top]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--top", type=int, default=0, help="print the N costliest functions")
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--only", default="", help="measure only pages matching this regex")
    args = parser.parse_args()
    global ONLY
    ONLY = re.compile(args.only)
    app = build_app(args.database_url)
    small_id, large_id, secret = seed(app)
    with app.app_context():
        counter = QueryCounter(db.engine)
    learner = signed_in(app, small_id)
    heavy = signed_in(app, large_id)

    def open_question() -> str:
        response = learner.get(f"/practice/q/ce_one_hot?params={ONE_HOT}")
        assert response.status_code == 303, response.status_code
        return response.headers["Location"].rsplit("/", 1)[-1]

    tokens = [open_question() for _ in range(args.repeat * 3)]
    answered = iter(tokens[: args.repeat])
    feedback = tokens[: args.repeat]
    # Each shown once, as in the answer flow: a page seen again finds its question cached.
    fresh = iter(tokens[args.repeat * 2 :])
    csrf_token = CSRF.search(learner.get(f"/practice/question/{tokens[-1]}").text).group(1)
    guest = app.test_client()
    response = guest.get(f"/practice/q/ce_one_hot?params={ONE_HOT}")
    guest_token = response.headers["Location"].rsplit("/", 1)[-1]
    header = f"{'page':<34} {'median':>11} {'fastest':>11} {'CPU':>11}  queries"
    print(f"{header}  (of {args.repeat} runs)")

    def ok(response, status=200):
        assert response.status_code == status, (response.status_code, response.data[:300])
        response.get_data()  # a streamed body (the export) is produced only here

    measure(
        "empty route, signed in",
        lambda: ok(learner.get("/bench/empty")),
        args.repeat,
        args.top,
        counter,
    )
    measure(
        "question page (guest)",
        lambda: ok(guest.get(f"/practice/question/{guest_token}")),
        args.repeat,
        args.top,
        counter,
    )
    measure(
        "serve (GET /practice/q/...)",
        lambda: ok(learner.get(f"/practice/q/ce_one_hot?params={ONE_HOT}"), 303),
        args.repeat,
        args.top,
        counter,
    )
    measure(
        "question page (learner)",
        lambda: ok(learner.get(f"/practice/question/{next(fresh)}")),
        args.repeat,
        args.top,
        counter,
    )
    measure(
        "answer POST",
        lambda: ok(
            learner.post(
                f"/practice/question/{next(answered)}",
                data={"csrf_token": csrf_token, "answer": "0.357"},
            ),
            303,
        ),
        args.repeat,
        args.top,
        counter,
    )
    measure(
        "feedback page",
        lambda: ok(learner.get(f"/practice/feedback/{feedback[0]}")),
        args.repeat,
        args.top,
        counter,
    )

    measure(
        "dashboard, 500 attempts",
        lambda: ok(learner.get("/progress/")),
        args.repeat,
        args.top,
        counter,
    )
    headers = {"Authorization": f"Bearer {secret}"}
    measure(
        "API progress, 5,000 attempts",
        lambda: ok(heavy.get("/api/v1/progress", headers=headers)),
        args.repeat,
        args.top,
        counter,
    )
    measure(
        "dashboard, 5,000 attempts",
        lambda: ok(heavy.get("/progress/")),
        args.repeat,
        args.top,
        counter,
    )
    measure(
        "export, 5,000 attempts",
        lambda: ok(heavy.get("/auth/export")),
        args.repeat,
        args.top,
        counter,
    )


if __name__ == "__main__":
    main()
