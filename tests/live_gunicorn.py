"""The app under real gunicorn processes on 127.0.0.1, and a learner driving it with requests.

Used by the tests that need several processes (two instances sharing one database) or
that kill them (the crash test). Each instance runs with the production settings of
docs/deploy/gunicorn.conf.py, in its own process group, so ``kill()`` reaches the
master and every worker at once, as ``kill -9`` of a crashed machine would.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

import requests
from pgserver import free_port
from support import FAST_HASH, ONE_HOT_PARAMS, csrf_token

ROOT = Path(__file__).resolve().parents[1]
GUNICORN = Path(sys.executable).with_name("gunicorn")
# Sessions are signed cookies: every instance must share the key (of production's length).
SECRET = "one-secret-for-every-instance-of-the-tests"


class Gunicorn:
    """One gunicorn master and its sync workers serving ``create_app()`` on ``database_url``."""

    def __init__(
        self, database_url: str, log: Path, *, workers: int = 2, env: dict[str, str] | None = None
    ) -> None:
        self.database_url = database_url
        self.log = log
        self.workers = workers
        self.extra_env = env or {}
        self.process: subprocess.Popen | None = None
        self.port = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> Gunicorn:
        """Start it and wait until ``/healthz`` answers 200 (a failure shows gunicorn's log)."""
        self.port = free_port()
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "DATABASE_URL": self.database_url,
            "SECRET_KEY": SECRET,
            "QUIZAPP_PASSWORD_HASH": FAST_HASH,
            # Production settings, but served on plain http: cookies marked Secure would
            # never come back from requests.
            "QUIZAPP_SECURE_COOKIES": "0",
            "BIND": f"127.0.0.1:{self.port}",
            "WEB_CONCURRENCY": str(self.workers),
            **self.extra_env,
        }
        with self.log.open("ab") as log, open(os.devnull, "rb") as nothing:
            self.process = subprocess.Popen(
                [str(GUNICORN), "--config", "docs/deploy/gunicorn.conf.py", "quizapp:create_app()"],
                cwd=ROOT,
                env=env,
                stdin=nothing,
                stdout=log,
                stderr=log,
                start_new_session=True,  # its own process group: master and workers
            )
        wait_for_answer(self.process, f"{self.url}/healthz", self.log)
        return self

    def kill(self) -> None:
        """``kill -9`` the master and every worker (the whole process group)."""
        assert self.process is not None
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)
        deadline = time.monotonic() + 30
        while _group_alive(self.process.pid):  # workers die a moment after the master
            if time.monotonic() > deadline:
                raise TimeoutError("gunicorn workers outlived kill -9")
            time.sleep(0.05)

    def stop(self) -> None:
        """Stop it gracefully (SIGTERM to the master), if it still runs."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.kill()


def wait_for_answer(process: subprocess.Popen, url: str, log: Path) -> requests.Response:
    """The first 200 from ``url`` that the gunicorn ``process`` serves (a gunicorn that
    exits, or has not answered within 60 s, fails with its log's tail)."""
    deadline = time.monotonic() + 60
    while True:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited:\n{log.read_text()[-3000:]}")
        try:
            answer = requests.get(url, timeout=5)
            if answer.status_code == 200:
                return answer
        except (requests.ConnectionError, requests.Timeout):
            # Not listening yet, or a first answer slower than the probe waits, as when
            # the workers boot on a busy machine: ask again until the deadline.
            pass
        if time.monotonic() > deadline:
            raise TimeoutError(f"gunicorn did not come up:\n{log.read_text()[-3000:]}")
        time.sleep(0.1)


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


class Learner:
    """A browser's worth of state (one cookie jar) talking to any instance by its base URL."""

    def __init__(self) -> None:
        self.http = requests.Session()

    def sign_up_and_in(self, base: str, email: str, password: str = "correct horse") -> None:
        """Create the account, then sign in with it, through the real forms and CSRF tokens."""
        page = self.http.get(f"{base}/auth/sign-up", timeout=30)
        made = self.http.post(
            f"{base}/auth/sign-up",
            data={
                "csrf_token": csrf_token(page.content),
                "display_name": "Ada",
                "email": email,
                "password": password,
                "confirm": password,
            },
            allow_redirects=False,
            timeout=30,
        )
        assert made.status_code == 303, made.status_code
        page = self.http.get(f"{base}/auth/sign-in", timeout=30)
        signed_in = self.http.post(
            f"{base}/auth/sign-in",
            data={"csrf_token": csrf_token(page.content), "email": email, "password": password},
            allow_redirects=False,
            timeout=30,
        )
        assert signed_in.status_code == 303, signed_in.status_code

    def answer_one(self, base: str, answer: str = "0.357") -> tuple[str, requests.Response]:
        """Open the article's question by its link, then POST an answer with the page's CSRF
        token: (served token, the answer's response, not followed)."""
        opened = self.http.get(
            f"{base}/practice/q/ce_one_hot",
            params={"params": ONE_HOT_PARAMS},
            allow_redirects=False,
            timeout=30,
        )
        assert opened.status_code == 303, opened.status_code
        path = urlsplit(opened.headers["Location"]).path
        token = path.rsplit("/", 1)[-1]
        page = self.http.get(f"{base}{path}", timeout=30)
        assert page.status_code == 200, page.status_code
        answered = self.http.post(
            f"{base}{path}",
            data={"csrf_token": csrf_token(page.content), "answer": answer},
            allow_redirects=False,
            timeout=30,
        )
        return token, answered


def acknowledged(response: requests.Response, token: str) -> bool:
    """Whether the server acknowledged the answer: a 303 to that question's feedback page."""
    location = urlsplit(response.headers.get("Location", "")).path
    return response.status_code == 303 and location == f"/practice/feedback/{token}"


def attempt_link(page: str) -> list[str]:
    """The ids of the answers the dashboard lists."""
    return re.findall(r'href="/progress/attempt/(\d+)"', page)
