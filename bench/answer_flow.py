"""The answer flow in-process as a learner runs it: serve, question page, answer POST, in turn.

``profile_pages.py`` runs each page many times in a row, so whatever the page runs stays
in the CPU's caches and a question stays in the question cache; here the three requests
alternate, as under load, and each costs more (numpy and the ORM most: generating the
question costs about four times its cost in a loop of its own). Prints the median thread
CPU time of one whole flow and of each step. On a PostgreSQL server of this machine it also
prints the CPU its backends spent on each (their mean, from ``/proc/PID/schedstat``): the
server shares the cores with the workers, and a round trip costs on both sides.
Under py-spy it is the loop to record:

    .venv/bin/python bench/answer_flow.py [--flows 1000]
    .venv/bin/py-spy record -r 500 -f raw -o flow.txt -- .venv/bin/python bench/answer_flow.py
    .venv/bin/python bench/stack_summary.py flow.txt --top 40
    PYTHONPATH=DIR .venv/bin/python bench/answer_flow.py   # the quizapp in DIR, e.g. main
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from profile_pages import CSRF, ONE_HOT, build_app, seed, signed_in  # noqa: E402
from sqlalchemy import text  # noqa: E402

from quizapp.extensions import db  # noqa: E402

WARM_UP = 200  # flows left out of the medians: the first ones fill caches and pools


def server_backends(app) -> list[Path]:
    """The schedstat files of this app's PostgreSQL backends, if the server runs here."""
    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            return []
        with db.engine.connect() as connection:
            pids = connection.execute(
                text("SELECT pid FROM pg_stat_activity WHERE datname = current_database()")
            ).scalars()
            files = [Path(f"/proc/{pid}/schedstat") for pid in pids]
    return [path for path in files if path.exists()]


_LAST_SEEN: dict[Path, int] = {}


def server_cpu(backends: list[Path]) -> float:
    """Seconds of CPU the backends ran for so far (a backend gone counts what it last had)."""
    for path in backends:
        with contextlib.suppress(FileNotFoundError):
            _LAST_SEEN[path] = int(path.read_text().split()[0])
    return sum(_LAST_SEEN.get(path, 0) for path in backends) / 1e9


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--flows", type=int, default=1000)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()
    app = build_app(args.database_url)
    learner = signed_in(app, seed(app)[0])
    steps: dict[str, list[float]] = {"serve": [], "question page": [], "answer POST": []}
    on_server: dict[str, list[float]] = {name: [] for name in steps}
    backends: list[Path] = []

    def step(name: str, status: int, call, *args, **kwargs):
        server_start = server_cpu(backends)
        start = time.thread_time()
        response = call(*args, **kwargs)
        steps[name].append(time.thread_time() - start)
        on_server[name].append(server_cpu(backends) - server_start)
        assert response.status_code == status, (name, response.status_code)
        return response

    for number in range(args.flows + WARM_UP):
        if number == WARM_UP:  # the pool holds its connections by now
            backends = server_backends(app)
        served = step("serve", 303, learner.get, f"/practice/q/ce_one_hot?params={ONE_HOT}")
        page = served.headers["Location"]
        shown = step("question page", 200, learner.get, page)
        answer = {"csrf_token": CSRF.search(shown.text).group(1), "answer": "0.357"}
        step("answer POST", 303, learner.post, page, data=answer)
    flows = [sum(times) for times in zip(*steps.values(), strict=True)][WARM_UP:]
    print(f"answer flow (of {args.flows})   {statistics.median(flows) * 1000:6.2f} ms CPU")
    for name, times in steps.items():
        print(f"  {name:<16} {statistics.median(times[WARM_UP:]) * 1000:6.2f} ms CPU")
    if backends:
        flows = [sum(times) for times in zip(*on_server.values(), strict=True)][WARM_UP:]
        print(f"server backends, mean {statistics.mean(flows) * 1000:6.2f} ms CPU per flow")
        for name, times in on_server.items():
            print(f"  {name:<16} {statistics.mean(times[WARM_UP:]) * 1000:6.2f} ms CPU")


if __name__ == "__main__":
    main()
