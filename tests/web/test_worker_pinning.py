"""gunicorn's workers pinned to CPUs (docs/deploy/gunicorn.conf.py), checked in /proc.

Pinning keeps each worker's caches on its own core; it must spread the workers evenly,
give a respawned worker the CPU its predecessor left, and stay off when the operator
says so.
"""

from __future__ import annotations

import os
import signal
import time
from collections import Counter
from pathlib import Path

import pytest
from live_gunicorn import Gunicorn

CPUS = sorted(os.sched_getaffinity(0))

pytestmark = [
    pytest.mark.backends("sqlite"),
    pytest.mark.skipif(len(CPUS) < 2, reason="pinning needs at least two CPUs"),
]


def workers_of(master: int, count: int) -> dict[int, set[int]]:
    """The master's ``count`` workers and the CPUs each may run on, once all are up."""
    deadline = time.monotonic() + 60
    while True:
        children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
        if len(children) == count:
            try:
                return {int(pid): os.sched_getaffinity(int(pid)) for pid in children}
            except ProcessLookupError:
                pass  # one exited between the listing and the read: look again
        if time.monotonic() > deadline:
            raise TimeoutError(f"{len(children)} workers, not {count}")
        time.sleep(0.05)


def test_workers_are_spread_over_the_cpus_one_each(database_url, tmp_path):
    count = len(CPUS) + 1  # one more than the CPUs: exactly one CPU gets two
    server = Gunicorn(database_url, tmp_path / "gunicorn.log", workers=count).start()
    try:
        workers = workers_of(server.process.pid, count)
        assert all(len(cpus) == 1 for cpus in workers.values()), workers
        per_cpu = Counter(next(iter(cpus)) for cpus in workers.values())
        assert set(per_cpu) == set(CPUS)
        assert sorted(per_cpu.values()) == [1] * (len(CPUS) - 1) + [2]
    finally:
        server.stop()


def test_a_respawned_worker_takes_the_cpu_its_predecessor_left(database_url, tmp_path):
    server = Gunicorn(database_url, tmp_path / "gunicorn.log", workers=len(CPUS)).start()
    try:
        before = workers_of(server.process.pid, len(CPUS))
        victim, victim_cpus = next(iter(before.items()))
        os.kill(victim, signal.SIGKILL)
        deadline = time.monotonic() + 60
        while victim in (after := workers_of(server.process.pid, len(CPUS))):
            assert time.monotonic() < deadline, "the killed worker was not replaced"
            time.sleep(0.05)
        (newcomer,) = set(after) - set(before)
        # Read right after the fork, the newcomer may not have pinned itself yet (post_fork
        # runs in it): until then it has the master's CPUs.
        while len(after[newcomer]) > 1 and time.monotonic() < deadline:
            time.sleep(0.05)
            after = workers_of(server.process.pid, len(CPUS))
        assert after[newcomer] == victim_cpus
        assert sorted(next(iter(cpus)) for cpus in after.values()) == CPUS
    finally:
        server.stop()


def test_pinning_is_off_when_the_operator_says_so(database_url, tmp_path):
    server = Gunicorn(
        database_url, tmp_path / "gunicorn.log", workers=2, env={"QUIZAPP_PIN_WORKERS": "0"}
    ).start()
    try:
        workers = workers_of(server.process.pid, 2)
        assert all(cpus == set(CPUS) for cpus in workers.values()), workers
    finally:
        server.stop()
