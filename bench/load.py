"""Load test: quizapp under gunicorn against a one-route Flask "hello" served the same way.

In one run it migrates a database, starts the app and the hello app under gunicorn with
the deployment's settings (``docs/deploy/gunicorn.conf.py``: sync workers, ``--workers``
each, pinned to CPUs unless ``QUIZAPP_PIN_WORKERS=0``) on 127.0.0.1, signs up and in
``--learners`` learners through the real forms (CSRF tokens included) and gives each 500
attempts, then has them all work at once, one step at a time, in windows that alternate
with hello windows so drift on a shared machine cancels:

- question page, guest and signed in (GET /practice/question/<token>);
- answer flow: serve (GET /practice/q/…), question page, POST the answer with its CSRF token;
- feedback page; dashboard (500 attempts).

It prints requests/s and p50/p99 per step, the ratio of the step's requests/s to the
mean of the hello windows either side, the error count, and the CPU milliseconds per
request of the server's workers, of the client and of the rest of the machine (on
PostgreSQL mostly the database server, on the same cores); then checks that every answer
the server acknowledged (a 303 to its feedback page) is in the database.

Those windows keep the servers saturated: every learner sends its next request as soon
as the last one returns, which is what measures throughput, but then a step's latency is
mostly the queue (20 learners on 2 workers wait about 20 / rate). So each step, and
hello, then runs once more paced: the learners together start it at ``--pace`` (default
half) of the rate it reached (with ``--compare-path``, of the slower app's, so both meet
the same load), each learner on a fixed schedule, the whole step's latency counted from
when it was due. That table's p99 is what a learner waits when the servers have
headroom. ``--seconds`` covers both kinds of window, all of one length.

    .venv/bin/python bench/load.py [--database sqlite|postgresql [--database-url URL]]
                                   [--learners 20] [--seconds 115] [--pace 0.5] [--app-path DIR]
                                   [--py-spy DIR]

``--py-spy DIR`` records the app's workers with py-spy during each step's first window
(one raw stack file per worker and step in DIR) and prints where their time went
(``bench/stack_summary.py``); py-spy slows the workers, so those runs' figures are not
comparable with runs without it.

``--app-path`` serves the quizapp package found in DIR instead of the installed one (e.g.
an older commit unpacked with ``git archive``); ``--compare-path DIR`` serves that one as
well, on its own SQLite file (on PostgreSQL: the database ``--compare-database-url``
names), its windows interleaved with the app's, so a before/after comparison shares the
machine's drift too. ``--compare-env NAME=VALUE`` (repeatable) gives the compared app
those environment variables as well; without ``--compare-path`` it compares the same
code under other settings, e.g. ``--compare-env QUIZAPP_PIN_WORKERS=0``.
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))

from stack_summary import summarise  # noqa: E402

HERE = Path(__file__).resolve().parent
#: The production settings the README documents; hello is served with them too.
DEPLOY_CONFIG = HERE.parent / "docs" / "deploy" / "gunicorn.conf.py"
ATTEMPTS_PER_LEARNER = 500
QUESTION_LINK = "/practice/q/ce_one_hot?" + urlencode(
    {"params": '{"pred": [0.7, 0.2, 0.1], "target": 0, "unit": "nats"}'}
)
CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
PASSWORD = "many learners at once"  # passes the sign-up password check


class Unexpected(Exception):
    """A response the learner did not expect: counted as an error."""


class Browser:
    """One learner's connection to one server: cookies kept, redirects not followed."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body: dict | None = None, expect=(200,)):
        """(status, headers, text); a status outside ``expect`` raises ``Unexpected``."""
        headers = {"Host": f"127.0.0.1:{self.port}"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        data = None
        if body is not None:
            data = urlencode(body)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            connection.request(method, path, body=data, headers=headers)
            response = connection.getresponse()
            text = response.read().decode("utf-8", "replace")
        finally:
            connection.close()
        for value in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(value).items():
                self.cookies[name] = morsel.value
        if response.status not in expect:
            raise Unexpected(f"{method} {path}: {response.status} {text[:200]!r}")
        return response.status, response.headers, text

    def get(self, path: str, expect=(200,)):
        return self.request("GET", path, expect=expect)

    def post(self, path: str, body: dict, expect=(303,)):
        return self.request("POST", path, body, expect=expect)


def csrf_of(page: str) -> str:
    match = CSRF.search(page)
    if not match:
        raise Unexpected("no CSRF token on the page")
    return match.group(1)


def location(headers) -> str:
    return urlsplit(headers["Location"]).path


@dataclass
class Learner:
    """A browser plus the questions it has open (its own, never shared)."""

    browser: Browser
    open_token: str = ""
    answered_token: str = ""
    acknowledged: list[str] = field(default_factory=list)

    def serve(self) -> str:
        _status, headers, _ = self.browser.get(QUESTION_LINK, expect=(303,))
        return location(headers).rsplit("/", 1)[-1]

    def question_page(self) -> int:
        self.browser.get(f"/practice/question/{self.open_token}")
        return 1

    def answer_flow(self) -> int:
        token = self.serve()
        _s, _h, page = self.browser.get(f"/practice/question/{token}")
        _s, headers, _ = self.browser.post(
            f"/practice/question/{token}",
            {"csrf_token": csrf_of(page), "served_token": token, "answer": "0.357"},
        )
        if location(headers) != f"/practice/feedback/{token}":
            raise Unexpected(f"answer of {token} went to {location(headers)}")
        self.acknowledged.append(token)
        self.answered_token = token
        return 3

    def feedback_page(self) -> int:
        self.browser.get(f"/practice/feedback/{self.answered_token}")
        return 1

    def dashboard(self) -> int:
        self.browser.get("/progress/")
        return 1


def sign_up_and_in(port: int, email: str) -> Browser:
    """A signed-in browser for a new account, through the real forms."""
    browser = Browser(port)
    _s, _h, page = browser.get("/auth/sign-up")
    browser.post(
        "/auth/sign-up",
        {
            "csrf_token": csrf_of(page),
            "display_name": "Load",
            "email": email,
            "password": PASSWORD,
            "confirm": PASSWORD,
        },
    )
    _s, _h, page = browser.get("/auth/sign-in")
    browser.post(
        "/auth/sign-in", {"csrf_token": csrf_of(page), "email": email, "password": PASSWORD}
    )
    return browser


@dataclass
class Window:
    """What one window measured."""

    requests: int = 0
    steps: int = 0  # the step's runs (the answer flow makes three requests in each)
    errors: int = 0
    latencies: list[float] = field(default_factory=list)
    seconds: float = 0.0
    first_error: str = ""
    server_cpu: float = 0.0  # CPU seconds the server's workers used in the window
    client_cpu: float = 0.0  # CPU seconds this process (the simulated browsers) used
    rest_cpu: float = 0.0  # CPU seconds the rest of the machine used (PostgreSQL, others)

    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @property
    def rate(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def note(self, made: int, took: float, error: str, per_request: bool = True) -> None:
        """One run of the step: ``made`` requests in ``took`` seconds (from any thread),
        its latency per request, or for the whole step."""
        with self.lock:
            self.requests += made
            self.steps += 1
            self.latencies.append(took / made if per_request else took)
            if error:
                self.errors += 1
                self.first_error = self.first_error or error


def run_step(actor, step) -> tuple[int, str]:
    """(requests made, error or ""): a failed step counts as one request, in error."""
    try:
        return step(actor), ""
    except (Unexpected, OSError, http.client.HTTPException) as problem:
        return 1, str(problem)


def cpu_seconds(pids: list[int]) -> float:
    """User plus system CPU time the processes ``pids`` have used, from /proc."""
    total = 0
    for pid in pids:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])  # utime, stime (clock ticks)
    return total / os.sysconf("SC_CLK_TCK")


def machine_cpu_seconds() -> float:
    """CPU time all of the machine's cores have been busy, from /proc/stat (its first line:
    user, nice, system, idle, iowait, irq, softirq, steal, ...; idle and iowait are not
    busy)."""
    fields = [int(value) for value in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    return (sum(fields[:8]) - fields[3] - fields[4]) / os.sysconf("SC_CLK_TCK")


def run_window(actors: list, step, seconds: float, server_pids: list[int]) -> Window:
    """Every actor repeats ``step`` (returning requests made) for ``seconds``, all at once.

    The window also notes the CPU time the server's workers and this client used, and what
    the rest of the machine used meanwhile (on PostgreSQL mostly the database server, which
    shares the cores), so a report can say per request what each side cost and which one
    was the limit.
    """
    window = Window()
    deadline = time.perf_counter() + seconds

    def work(actor) -> None:
        while time.perf_counter() < deadline:
            start = time.perf_counter()
            made, error = run_step(actor, step)
            window.note(made, time.perf_counter() - start, error)

    threads = [threading.Thread(target=work, args=(actor,)) for actor in actors]
    return measured(window, threads, seconds, server_pids)


def measured(window: Window, threads: list, seconds: float, server_pids: list[int]) -> Window:
    """Run ``threads`` to their end, noting in ``window`` the time taken and the CPU time
    the server's workers, this client and the rest of the machine used meanwhile."""
    server_before, client_before = cpu_seconds(server_pids), time.process_time()
    machine_before = machine_cpu_seconds()
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(seconds + 60)
    window.seconds = time.perf_counter() - start
    window.server_cpu = cpu_seconds(server_pids) - server_before
    window.client_cpu = time.process_time() - client_before
    machine = machine_cpu_seconds() - machine_before
    window.rest_cpu = max(0.0, machine - window.server_cpu - window.client_cpu)
    return window


def run_paced_window(
    actors: list, step, seconds: float, server_pids: list[int], steps_per_second: float
) -> Window:
    """The actors together start ``step`` ``steps_per_second`` times a second for
    ``seconds``: each on its own fixed schedule, the starts spread evenly between them.

    A latency is counted from when its step was due, not from when it started, so a slow
    response delays the next one's start and is charged for that too (no "coordinated
    omission"). A step due while the one before is still running starts as soon as it
    ends, without skipping, so a server slower than the pace falls behind and shows it.
    """
    window = Window()
    interval = len(actors) / steps_per_second
    start = time.perf_counter()
    deadline = start + seconds

    def work(actor, due: float) -> None:
        while due < deadline:
            pause = due - time.perf_counter()
            if pause > 0:
                time.sleep(pause)
            made, error = run_step(actor, step)
            # The whole step's wait: the answer flow's three requests, the lag included.
            window.note(made, time.perf_counter() - due, error, per_request=False)
            due += interval

    threads = [
        threading.Thread(target=work, args=(actor, start + interval * n / len(actors)))
        for n, actor in enumerate(actors)
    ]
    return measured(window, threads, seconds, server_pids)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(target: str, port: int, workers: int, env: dict, cwd: Path):
    """gunicorn with the deployment's settings (sync workers, each pinned to a CPU unless
    ``QUIZAPP_PIN_WORKERS=0``) on 127.0.0.1:port, waited for until it answers."""
    process = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "--config",
            str(DEPLOY_CONFIG),
            "--workers",
            str(workers),
            "--worker-class",
            "sync",
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            target,
        ],
        cwd=cwd,
        env=env,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"gunicorn {target} exited with {process.returncode}")
        try:
            Browser(port).get("/", expect=(200, 302, 303))
            return process
        except (OSError, http.client.HTTPException):
            time.sleep(0.2)
    stop(process)
    raise SystemExit(f"gunicorn {target} did not answer on port {port} within 60 s")


def stop(process) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(5)


def percentile(values: list[float], share: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def app_environment(args, app_path: Path | None, database_url: str | None) -> tuple[dict, str]:
    """The environment the app runs in, and its database URL (a new SQLite file by default)."""
    if args.database == "sqlite":
        url = database_url or f"sqlite:///{tempfile.mkdtemp(prefix='qz-load-')}/load.sqlite"
    else:
        if not database_url:
            raise SystemExit("--database postgresql needs --database-url postgresql+psycopg://…")
        url = database_url
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "SECRET_KEY": secrets.token_hex(16),
        "QUIZAPP_ENV": "production",
        # Sign-in is not what is measured; a cheap hash keeps set-up short.
        "QUIZAPP_PASSWORD_HASH": "pbkdf2:sha256:1000",
        # Every learner signs up from 127.0.0.1: that address's sign-up limit would refuse
        # all but the first few (each worker counts on its own here, in memory).
        "QUIZAPP_RATELIMIT_SIGN_UP_ADDRESS": "100000 per minute",
    }
    if app_path is not None:
        env["PYTHONPATH"] = f"{app_path}{os.pathsep}{env.get('PYTHONPATH', '')}"
    return env, url


def seed_attempts(url: str, emails: list[str], env: dict) -> None:
    """Give each learner ATTEMPTS_PER_LEARNER answers (bulk insert, in a child process so
    ``--app-path``'s quizapp is the one whose models are used)."""
    code = (
        f"import sys; sys.path.insert(0, {str(HERE)!r})\n"
        "from sqlalchemy import create_engine, select\n"
        "from scale_data import insert_attempts\n"
        "from quizapp.models import User\n"
        f"engine = create_engine({url!r})\n"
        "with engine.begin() as c:\n"
        f"    emails = {emails!r}\n"
        "    ids = [c.execute(select(User.id).filter_by(email=e)).scalar_one() for e in emails]\n"
        f"    insert_attempts(c, dict.fromkeys(ids, {ATTEMPTS_PER_LEARNER}), tag='load')\n"
    )
    subprocess.run([sys.executable, "-c", code], env=env, check=True)


def missing_answers(url: str, tokens: list[str]) -> int:
    """How many acknowledged answers have no attempt row."""
    from sqlalchemy import bindparam, create_engine, text

    engine = create_engine(url)
    query = text("SELECT served_token FROM attempt WHERE served_token IN :tokens").bindparams(
        bindparam("tokens", expanding=True)
    )
    found: set[str] = set()
    with engine.connect() as connection:
        for first in range(0, len(tokens), 500):
            chunk = tokens[first : first + 500]
            found.update(connection.execute(query, {"tokens": chunk}).scalars())
    engine.dispose()
    return len(set(tokens) - found)


STEPS = (
    ("question page (guest)", "guests", Learner.question_page),
    ("question page (learner)", "learners", Learner.question_page),
    ("answer flow (serve+page+POST)", "learners", Learner.answer_flow),
    ("feedback page", "learners", Learner.feedback_page),
    ("dashboard, 500 attempts", "learners", Learner.dashboard),
)


@dataclass
class Target:
    """One quizapp server under test and its learners."""

    label: str
    env: dict
    url: str
    port: int
    process: Any = None
    learners: list = field(default_factory=list)
    guests: list = field(default_factory=list)
    results: dict = field(default_factory=dict)
    paced: dict = field(default_factory=dict)  # step: its Window at --pace of its rate
    profiles: dict = field(default_factory=dict)  # step: py-spy raw files (--py-spy)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--learners", type=int, default=20)
    # 27 windows of about 4.3 s, as long as the saturated ones were before the paced ones.
    parser.add_argument("--seconds", type=float, default=115.0, help="total time under load")
    parser.add_argument("--rounds", type=int, default=2, help="passes over the steps")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--pace",
        type=float,
        default=0.5,
        help="the paced windows' rate, as a share of each step's saturated rate",
    )
    parser.add_argument("--app-path", type=Path, default=None)
    parser.add_argument(
        "--py-spy",
        type=Path,
        default=None,
        metavar="DIR",
        help="record the app's workers with py-spy in each step's first window",
    )
    parser.add_argument(
        "--compare-path",
        type=Path,
        default=None,
        help="also serve the quizapp in DIR, its windows interleaved",
    )
    parser.add_argument(
        "--compare-database-url",
        default=None,
        help="with --database postgresql: the --compare-path app's own (empty) database",
    )
    parser.add_argument(
        "--compare-env",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="the compared app's extra environment (alone: the same app, other settings)",
    )
    args = parser.parse_args()
    if not 0 < args.pace <= 1:
        parser.error(
            f"--pace is a share of the saturated rate, above 0 and at most 1, not {args.pace}"
        )
    comparing = bool(args.compare_path or args.compare_env)
    if comparing and args.database != "sqlite" and not args.compare_database_url:
        parser.error("a comparison on PostgreSQL needs --compare-database-url (its own)")
    compare_env = {}
    for setting in args.compare_env:
        name, equals, value = setting.partition("=")
        if not equals or not name:
            parser.error(f"--compare-env takes NAME=VALUE, not {setting!r}")
        compare_env[name] = value
    paths = [("app", args.app_path, args.database_url, {})]
    if comparing:
        compare_url = args.compare_database_url if args.database != "sqlite" else None
        compare_path = args.compare_path or args.app_path
        paths.append(("compare", compare_path, compare_url, compare_env))
    targets = []
    for label, path, database_url, extra_env in paths:
        path = path.resolve() if path else None
        env, url = app_environment(args, path, database_url)
        env.update(extra_env)
        subprocess.run(
            [str(Path(sys.executable).with_name("flask")), "--app", "quizapp", "db", "upgrade"],
            env=env,
            check=True,
            capture_output=True,
        )
        targets.append((Target(label, env, url, free_port()), path))
    hello_port = free_port()
    hello = start_gunicorn("hello_app:app", hello_port, args.workers, dict(os.environ), HERE)
    try:
        for target, path in targets:
            target.process = start_gunicorn(
                "quizapp:create_app()", target.port, args.workers, target.env, path or HERE
            )
        report(args, hello, hello_port, [target for target, _ in targets])
    finally:
        for target, _ in targets:
            if target.process is not None:
                stop(target.process)
        stop(hello)


def prepare(target: Target, learners: int) -> None:
    """Sign the learners up and in, give them their 500 attempts, warm the server up."""
    run = secrets.token_hex(3)
    emails = [f"load-{run}-{n}@example.com" for n in range(learners)]
    target.learners = [Learner(sign_up_and_in(target.port, email)) for email in emails]
    seed_attempts(target.url, emails, target.env)
    target.guests = [Learner(Browser(target.port)) for _ in range(learners)]
    for learner in target.learners + target.guests:
        learner.open_token = learner.serve()
    for learner in target.learners:  # warm up: templates compiled, caches filled
        for step in (Learner.answer_flow, Learner.feedback_page, Learner.dashboard):
            step(learner)
    target.results = {name: [] for name, _, _ in STEPS}


def worker_pids(master: int) -> list[int]:
    """The gunicorn master's children (its workers), from /proc."""
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    return [int(pid) for pid in children]


@contextmanager
def spying(folder: Path | None, target: Target, step: str, seconds: float):
    """py-spy records each of ``target``'s workers while the block runs (when ``folder``)."""
    if folder is None:
        yield
        return
    folder.mkdir(parents=True, exist_ok=True)
    slug = re.sub(r"[^a-z0-9]+", "-", f"{target.label} {step}".lower()).strip("-")
    files, spies = [], []
    for pid in worker_pids(target.process.pid):
        files.append(folder / f"{slug}-{pid}.txt")
        spies.append(
            subprocess.Popen(
                [
                    str(Path(sys.executable).with_name("py-spy")),
                    "record",
                    "--pid",
                    str(pid),
                    "--duration",
                    str(max(1, int(seconds))),
                    "--rate",
                    "200",
                    "--idle",
                    "--nonblocking",
                    "--format",
                    "raw",
                    "--output",
                    str(files[-1]),
                ],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        )
    try:
        yield
    finally:
        for spy in spies:
            spy.wait(seconds + 30)
        target.profiles[step] = files


def report(args, hello, hello_port: int, targets: list[Target]) -> None:
    for target in targets:
        prepare(target, args.learners)
    windows = args.rounds * len(STEPS) * len(targets) * 2 + 1 + len(STEPS) * len(targets) + 1
    seconds = args.seconds / windows
    hellos = [Browser(hello_port) for _ in range(args.learners)]

    def hello_step(browser: Browser) -> int:
        browser.get("/")
        return 1

    hello_pids = worker_pids(hello.pid)
    hello_windows = [run_window(hellos, hello_step, seconds, hello_pids)]
    for _round in range(args.rounds):
        for name, group, step in STEPS:
            for target in targets:
                actors = target.learners if group == "learners" else target.guests
                with spying(args.py_spy if _round == 0 else None, target, name, seconds):
                    window = run_window(actors, step, seconds, worker_pids(target.process.pid))
                hello_windows.append(run_window(hellos, hello_step, seconds, hello_pids))
                baseline = (hello_windows[-2].rate + hello_windows[-1].rate) / 2
                target.results[name].append((window, baseline))
    # Then each step again at a share of the rate it reached: the latency a learner sees
    # when the servers have headroom, which the saturated windows cannot show (there 20
    # learners queue for 2 workers, so a step's p50 is about 20 / its rate).
    hello_paced = run_paced_window(
        hellos, hello_step, seconds, hello_pids, args.pace * steps_per_second(hello_windows)
    )
    for name, group, step in STEPS:
        # One rate for every target (the slowest one's share), so their p99s compare.
        rate = min(steps_per_second([w for w, _ in target.results[name]]) for target in targets)
        if rate <= 0:
            continue  # no run of the step finished: nothing to pace
        for target in targets:
            actors = target.learners if group == "learners" else target.guests
            target.paced[name] = run_paced_window(
                actors, step, seconds, worker_pids(target.process.pid), args.pace * rate
            )
    print(
        f"{args.learners} learners, {args.workers} sync workers each, {args.database}, "
        f"{windows} windows of {seconds:.1f} s"
    )
    hello_all = [x for w in hello_windows for x in w.latencies]
    hello_rate = statistics.mean(w.rate for w in hello_windows)
    print(
        f"{'step':<32} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'× hello':>8} {'errors':>7}"
        f" {'server':>7} {'client':>7} {'rest':>7}  (CPU ms per request)"
    )
    print(
        f"{'hello':<32} {hello_rate:8.0f} {percentile(hello_all, 0.5) * 1000:8.1f} "
        f"{percentile(hello_all, 0.99) * 1000:8.1f} {1:8.2f} "
        f"{sum(w.errors for w in hello_windows):7d} {cpu_per_request(hello_windows)}"
    )
    failed = False
    for target in targets:
        failed |= print_target(target, len(targets) > 1, args.pace, hello_paced)
    if failed:
        sys.exit(1)


def steps_per_second(windows: list[Window]) -> float:
    """The mean rate at which ``windows`` ran their step (not their requests)."""
    return statistics.mean(w.steps / w.seconds for w in windows)


def cpu_per_request(windows: list[Window]) -> str:
    """The server's, the client's and the rest's CPU milliseconds per request over
    ``windows``."""
    requests = sum(w.requests for w in windows) or 1
    server = sum(w.server_cpu for w in windows) * 1000 / requests
    client = sum(w.client_cpu for w in windows) * 1000 / requests
    rest = sum(w.rest_cpu for w in windows) * 1000 / requests
    return f"{server:7.2f} {client:7.2f} {rest:7.2f}"


def print_target(target: Target, labelled: bool, pace: float, hello_paced: Window) -> bool:
    """The target's tables and answer check; True when it had errors or lost answers."""
    if labelled:
        print(f"-- {target.label}")
    errors = 0
    first_error = ""
    for name, pairs in target.results.items():
        latencies = [x for w, _ in pairs for x in w.latencies]
        rate = statistics.mean(w.rate for w, _ in pairs)
        ratio = statistics.mean(w.rate / base for w, base in pairs)
        step_errors = sum(w.errors for w, _ in pairs)
        errors += step_errors
        first_error = first_error or next((w.first_error for w, _ in pairs if w.first_error), "")
        print(
            f"{name:<32} {rate:8.0f} {percentile(latencies, 0.5) * 1000:8.1f} "
            f"{percentile(latencies, 0.99) * 1000:8.1f} {ratio:8.2f} {step_errors:7d}"
            f" {cpu_per_request([w for w, _ in pairs])}"
        )
    print(
        f"paced at {pace:.0%} of each step's rate above; p50/p99 of a whole step (the answer"
        " flow's three requests) from when it was due, and the steps measured:"
    )
    for name, window in [("hello", hello_paced), *target.paced.items()]:
        if name != "hello":
            errors += window.errors
            first_error = first_error or window.first_error
        print(
            f"{name:<32} {window.rate:8.0f} {percentile(window.latencies, 0.5) * 1000:8.1f} "
            f"{percentile(window.latencies, 0.99) * 1000:8.1f} {window.steps:8d} "
            f"{window.errors:7d} {cpu_per_request([window])}"
        )
    flows = target.results["answer flow (serve+page+POST)"]
    answers = sum(w.requests for w, _ in flows) / 3 / sum(w.seconds for w, _ in flows)
    acknowledged = [token for learner in target.learners for token in learner.acknowledged]
    missing = missing_answers(target.url, acknowledged)
    print(f"answers/s in the answer flow: {answers:.0f}")
    print(f"errors: {errors}{f' (first: {first_error})' if first_error else ''}")
    print(f"acknowledged answers: {len(acknowledged)}, missing from the database: {missing}")
    for step, files in target.profiles.items():
        present = [path for path in files if path.exists()]
        print("\n".join(summarise(present, f"py-spy, {step}", top=12)))
    return bool(errors or missing)


if __name__ == "__main__":
    main()
