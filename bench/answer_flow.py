"""The answer flow in-process as a learner runs it: serve, question page, answer POST, in turn.

``profile_pages.py`` runs each page many times in a row, so whatever the page runs stays
in the CPU's caches and a question stays in the question cache; here the three requests
alternate, as under load, and each costs more (numpy and the ORM most: generating the
question costs about four times its cost in a loop of its own). Prints the median thread
CPU time of one whole flow and of each step. Under py-spy it is the loop to record:

    .venv/bin/python bench/answer_flow.py [--flows 1000]
    .venv/bin/py-spy record -r 500 -f raw -o flow.txt -- .venv/bin/python bench/answer_flow.py
    .venv/bin/python bench/stack_summary.py flow.txt --top 40
    PYTHONPATH=DIR .venv/bin/python bench/answer_flow.py   # the quizapp in DIR, e.g. main
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from profile_pages import CSRF, ONE_HOT, build_app, seed, signed_in  # noqa: E402

WARM_UP = 200  # flows left out of the medians: the first ones fill caches and pools


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--flows", type=int, default=1000)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()
    app = build_app(args.database_url)
    learner = signed_in(app, seed(app)[0])
    steps: dict[str, list[float]] = {"serve": [], "question page": [], "answer POST": []}

    def step(name: str, status: int, call, *args, **kwargs):
        start = time.thread_time()
        response = call(*args, **kwargs)
        steps[name].append(time.thread_time() - start)
        assert response.status_code == status, (name, response.status_code)
        return response

    for _ in range(args.flows + WARM_UP):
        served = step("serve", 303, learner.get, f"/practice/q/ce_one_hot?params={ONE_HOT}")
        page = served.headers["Location"]
        shown = step("question page", 200, learner.get, page)
        answer = {"csrf_token": CSRF.search(shown.text).group(1), "answer": "0.357"}
        step("answer POST", 303, learner.post, page, data=answer)
    flows = [sum(times) for times in zip(*steps.values(), strict=True)][WARM_UP:]
    print(f"answer flow (of {args.flows})   {statistics.median(flows) * 1000:6.2f} ms CPU")
    for name, times in steps.items():
        print(f"  {name:<16} {statistics.median(times[WARM_UP:]) * 1000:6.2f} ms CPU")


if __name__ == "__main__":
    main()
