"""A throwaway PostgreSQL server for the tests: ``initdb`` and ``pg_ctl`` in a folder, on loopback.

``scripts/test`` runs this file to start the server every database test shares and to stop
it afterwards; the crash test imports it to run a server of its own that it can ``kill -9``.

    python tests/pgserver.py start DIR   # prints the server's SQLAlchemy URL
    python tests/pgserver.py stop DIR

PostgreSQL refuses to run as root, so as root the server runs as the unprivileged system
user ``quizapp-pg`` (created when missing), which then owns DIR. It listens on 127.0.0.1
only, on a free port, with a random password (scram-sha-256), and its Unix socket lives
in DIR, so nothing is left in /var/run and no other local user can sign in.
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

SERVER_USER = "quizapp-pg"
SUPERUSER = "quizapp"


class PostgresNotFound(RuntimeError):
    """No PostgreSQL server binaries on this machine (the message says how to install them)."""


def bin_dir() -> Path:
    """The newest Debian PostgreSQL's binaries, else the folder of an ``initdb`` on PATH."""
    found = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"),
        key=lambda path: int(Path(path).parts[-3]) if Path(path).parts[-3].isdigit() else 0,
    )
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    if initdb:
        return Path(initdb).resolve().parent
    raise PostgresNotFound(
        "PostgreSQL's initdb was not found; install Debian's postgresql "
        "(apt-get install postgresql), or point the tests at a server with "
        "QUIZAPP_TEST_POSTGRES_URL."
    )


def server_user() -> str | None:
    """Who runs the server: ``quizapp-pg`` when we are root (created if missing), else us."""
    if os.geteuid() != 0:
        return None
    try:
        pwd.getpwnam(SERVER_USER)
    except KeyError:
        subprocess.run(
            ["useradd", "--system", "--no-create-home", "--home-dir", "/nonexistent"]
            + ["--shell", "/usr/sbin/nologin", SERVER_USER],
            check=True,
        )
    return SERVER_USER


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class ServerCommandFailed(RuntimeError):
    """initdb or pg_ctl failed; the message holds its output and the server log's tail."""


class LocalPostgres:
    """One PostgreSQL cluster in ``folder`` (``data/``, ``server.log``, the socket, ``url``)."""

    def __init__(self, folder: Path | str, *, user: str | None = None) -> None:
        self.folder = Path(folder)
        self.data = self.folder / "data"
        self.log = self.folder / "server.log"
        self.user = user
        self._bin = bin_dir()

    # -- life cycle ------------------------------------------------------------------

    def init(self, *, durable: bool = False) -> None:
        """``initdb`` a new cluster. ``durable=False`` turns fsync off: a test server need
        not survive the machine losing power, only a process being killed, and that WAL
        written (without fsync) still covers."""
        self.folder.mkdir(parents=True, exist_ok=True)
        password = secrets.token_urlsafe(24)
        pwfile = self.folder / "pwfile"
        pwfile.write_text(password + "\n")
        self._give_to_user(self.folder, pwfile)
        try:
            self._run(
                "initdb",
                "--pgdata",
                str(self.data),
                "--username",
                SUPERUSER,
                "--pwfile",
                str(pwfile),
                "--auth",
                "scram-sha-256",
                "--encoding",
                "UTF8",
                "--locale",
                "C",
                "--no-instructions",
            )
        finally:
            pwfile.unlink()
        settings = {
            "listen_addresses": "'127.0.0.1'",
            "unix_socket_directories": f"'{self.folder}'",
            "fsync": "on" if durable else "off",
            "full_page_writes": "on" if durable else "off",
            "synchronous_commit": "on",  # an acknowledged commit is in the WAL: crash tests
            "max_connections": "200",  # two gunicorn instances and the suite at once
            "timezone": "'UTC'",
            "logging_collector": "off",
        }
        with (self.data / "postgresql.conf").open("a") as conf:
            conf.write("\n# quizapp test server\n")
            conf.writelines(f"{key} = {value}\n" for key, value in settings.items())
        (self.folder / "password").write_text(password)

    def start(self, port: int | None = None) -> str:
        """Start the server (on a free port unless one is given); its SQLAlchemy URL."""
        for attempt in range(5):
            chosen = port or free_port()
            try:
                self._run(
                    "pg_ctl",
                    "--pgdata",
                    str(self.data),
                    "--log",
                    str(self.log),
                    "--wait",
                    "--timeout",
                    "60",
                    "-o",
                    f"-p {chosen}",
                    "start",
                )
            except ServerCommandFailed:
                if port is not None or attempt == 4:
                    raise
                continue  # another process took the free port first: try another
            (self.folder / "port").write_text(str(chosen))
            return self.url
        raise AssertionError("unreachable")

    def stop(self) -> None:
        """Stop the server (fast: disconnect clients, then shut down cleanly)."""
        if (self.data / "postmaster.pid").exists():
            self._run("pg_ctl", "--pgdata", str(self.data), "--mode", "fast", "--wait", "stop")

    def kill(self) -> None:
        """``kill -9`` the postmaster and every backend it started: a crash, not a stop."""
        postmaster = self.postmaster_pid()
        victims = [postmaster, *children_of(postmaster)]
        for pid in victims:
            with contextlib.suppress(ProcessLookupError):  # it is gone already
                os.kill(pid, signal.SIGKILL)
        deadline = time.monotonic() + 30
        while any(_alive(pid) for pid in victims):
            if time.monotonic() > deadline:
                raise TimeoutError(f"PostgreSQL processes {victims} outlived kill -9")
            time.sleep(0.05)

    def check(self, database: str) -> None:
        """``pg_amcheck`` the heap and every B-tree index of ``database`` (raises if corrupt)."""
        self._run(
            "pg_amcheck",
            "--install-missing",
            "--heapallindexed",
            "--host",
            "127.0.0.1",
            "--port",
            str(self.port),
            "--username",
            SUPERUSER,
            "--database",
            database,
            env={"PGPASSWORD": (self.folder / "password").read_text()},
        )

    def url_of(self, database: str) -> str:
        """The superuser's SQLAlchemy URL for ``database`` on this server."""
        return self.url.rsplit("/", 1)[0] + "/" + database

    # -- facts -------------------------------------------------------------------------

    @property
    def port(self) -> int:
        return int((self.folder / "port").read_text())

    @property
    def url(self) -> str:
        """The superuser's SQLAlchemy URL for the ``postgres`` maintenance database."""
        password = (self.folder / "password").read_text()
        return f"postgresql+psycopg://{SUPERUSER}:{password}@127.0.0.1:{self.port}/postgres"

    def postmaster_pid(self) -> int:
        """The running postmaster's process id (the first line of ``postmaster.pid``)."""
        return int((self.data / "postmaster.pid").read_text().split()[0])

    # -- helpers -----------------------------------------------------------------------

    def _run(self, program: str, *args: str, env: dict[str, str] | None = None) -> None:
        # Output goes to a file, not a pipe: the server pg_ctl starts must not hold our pipe.
        output = self.folder / "commands.log"
        with open(os.devnull, "rb") as nothing, output.open("ab") as log:
            done = subprocess.run(
                [str(self._bin / program), *args],
                user=self.user,
                stdin=nothing,
                stdout=log,
                stderr=log,
                cwd=self.folder,
                env=None if env is None else {**os.environ, **env},
            )
        if done.returncode != 0:
            tail = output.read_text(errors="replace")[-2000:]
            server_log = self.log.read_text(errors="replace")[-2000:] if self.log.exists() else ""
            raise ServerCommandFailed(
                f"{program} {' '.join(args)} exited with {done.returncode}:\n{tail}\n{server_log}"
            )

    def _give_to_user(self, *paths: Path) -> None:
        if self.user is None:
            return
        entry = pwd.getpwnam(self.user)
        for path in paths:
            os.chown(path, entry.pw_uid, entry.pw_gid)
        os.chmod(self.folder, 0o700)


def children_of(pid: int) -> list[int]:
    """The process ids whose parent is ``pid`` (read from /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # The command name is in parentheses and may hold spaces; the parent id follows it.
        fields = stat.rsplit(")", 1)[1].split()
        if int(fields[1]) == pid:
            found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"  # a zombie is dead, only not yet reaped


def main(argv: list[str]) -> int:
    if len(argv) != 3 or argv[1] not in ("start", "stop"):
        print("usage: python tests/pgserver.py start|stop DIR", file=sys.stderr)
        return 2
    command, folder = argv[1], Path(argv[2])
    if command == "start":
        server = LocalPostgres(folder, user=server_user())
        server.init()
        print(server.start())
    else:
        user = folder.stat().st_uid if folder.exists() else None
        name = pwd.getpwuid(user).pw_name if user not in (None, os.geteuid()) else None
        LocalPostgres(folder, user=name).stop()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
