"""A throw-away PostgreSQL server for tests and benchmarks.

:class:`ThrowawayPostgres` finds the server binaries of the installed
PostgreSQL (``pg_config --bindir``, then ``/usr/lib/postgresql/*/bin``),
creates a cluster in a fresh temporary directory, starts it on a free port of
127.0.0.1 only, creates a database and, on :meth:`stop`, stops the server and
deletes the directory. ``initdb`` refuses to run as root, so as root every
server command runs as the ``postgres`` system user (created by Debian's
package) through ``runuser``; the directory is handed to that user.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

#: Settings for a server whose data may be lost: no waiting for the disk.
FAST_UNSAFE_SETTINGS = {"fsync": "off", "synchronous_commit": "off", "full_page_writes": "off"}
SERVER_USER = "postgres"


class PostgresUnavailable(RuntimeError):
    """No PostgreSQL server could be started here; the message says why."""


def find_bindir() -> Path:
    """The directory with ``initdb``, ``pg_ctl`` and ``postgres``."""
    candidates: list[Path] = []
    pg_config = shutil.which("pg_config")
    if pg_config:
        found = subprocess.run([pg_config, "--bindir"], capture_output=True, text=True)
        if found.returncode == 0:
            candidates.append(Path(found.stdout.strip()))
    # Debian keeps the server binaries out of PATH, one directory per major version.
    candidates += [Path(p) for p in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)]
    for directory in candidates:
        if (directory / "initdb").is_file() and (directory / "pg_ctl").is_file():
            return directory
    raise PostgresUnavailable(
        "PostgreSQL server binaries (initdb, pg_ctl) not found; install the Debian package "
        "'postgresql' (scripts/install-system-deps.sh does)"
    )


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class ThrowawayPostgres:
    """A PostgreSQL cluster in a temporary directory, on 127.0.0.1 and a free port."""

    def __init__(self, database: str = "lagebild", settings: dict[str, str] | None = None) -> None:
        self.database = database
        self.settings = FAST_UNSAFE_SETTINGS if settings is None else settings
        self.bindir = find_bindir()
        self.port = 0
        self.directory: Path | None = None
        self._as_user: list[str] = []

    @property
    def url(self) -> str:
        """SQLAlchemy URL of the database (psycopg 3 driver)."""
        return f"postgresql+psycopg://{SERVER_USER}@127.0.0.1:{self.port}/{self.database}"

    def start(self) -> ThrowawayPostgres:
        self.directory = Path(tempfile.mkdtemp(prefix="lagebild-pg-"))
        try:
            self._hand_over(self.directory)
            data = self.directory / "data"
            self._run(
                "initdb", "-D", str(data), "-U", SERVER_USER, "-A", "trust", "-E", "UTF8",
                "--locale=C.UTF-8", "--no-sync",
            )  # fmt: skip
            self._start_server(data)
            self._run("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", SERVER_USER,
                      self.database)  # fmt: skip
        except BaseException:
            self.stop()
            raise
        return self

    def _hand_over(self, directory: Path) -> None:
        if os.geteuid() != 0:
            return
        try:
            user = pwd.getpwnam(SERVER_USER)
        except KeyError:
            raise PostgresUnavailable(
                f"running as root, and there is no {SERVER_USER!r} user to run the server as "
                "(the Debian package 'postgresql' creates it)"
            ) from None
        os.chown(directory, user.pw_uid, user.pw_gid)
        self._as_user = ["runuser", "-u", SERVER_USER, "--"]

    def _start_server(self, data: Path) -> None:
        assert self.directory is not None
        options = " ".join(
            [f"-c {key}={value}" for key, value in self.settings.items()]
            + ["-c listen_addresses=127.0.0.1", f"-k {self.directory}"]
        )
        last_error = ""
        for _attempt in range(3):  # another process may take the free port before we bind it
            self.port = free_port()
            try:
                self._run(
                    "pg_ctl", "-D", str(data), "-l", str(self.directory / "server.log"),
                    "-o", f"-p {self.port} {options}", "-w", "-t", "60", "start",
                )  # fmt: skip
                return
            except PostgresUnavailable as exc:
                last_error = str(exc)
        raise PostgresUnavailable(f"{last_error}\n{self.server_log()}")

    def server_log(self) -> str:
        log = self.directory / "server.log" if self.directory else None
        return log.read_text(errors="replace")[-2000:] if log and log.exists() else ""

    def _run(self, program: str, *args: str) -> None:
        command = [*self._as_user, str(self.bindir / program), *args]
        done = subprocess.run(command, capture_output=True, text=True, cwd=self.directory)
        if done.returncode != 0:
            output = (done.stderr or done.stdout).strip()
            raise PostgresUnavailable(f"{program} failed (exit {done.returncode}): {output}")

    def stop(self) -> None:
        """Stop the server (fast shutdown) and delete the cluster directory."""
        if self.directory is None:
            return
        data = self.directory / "data"
        if (data / "postmaster.pid").exists():
            command = [*self._as_user, str(self.bindir / "pg_ctl"), "-D", str(data)]
            subprocess.run([*command, "-m", "fast", "-w", "stop"], capture_output=True)
        shutil.rmtree(self.directory, ignore_errors=True)
        self.directory = None

    def __enter__(self) -> ThrowawayPostgres:
        return self.start()

    def __exit__(self, *_exc: object) -> None:
        self.stop()
