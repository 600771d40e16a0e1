"""Throwaway servers and worker processes for the fault tests (tests marked `faults`).

Each helper starts a real process on a free port (or in a temporary directory) and is stopped by
`stop()`, which the fixtures call on teardown even when a test fails; `stop_all()` runs at exit as
well, so an interrupted session leaves no process or directory behind. Every wait has a timeout.

- `PostgresServer`: Debian's initdb/pg_ctl as the `postgres` user (the binaries refuse root), data
  and unix socket in a temporary directory, fsync off. Never the machine's cluster on 5432.
- `RedisServer`: `redis-server` on a free port, nothing saved to disk.
- `Worker`: `celery -A config worker -P solo` in its own process group (SIGKILL kills it all).
- `script()`: one step of `tests/faults/scenario.py` in a fresh Django process, JSON back.
"""

import atexit
import contextlib
import glob
import json
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
_RUNNING: list = []  # everything started and not yet stopped, for stop_all()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until(predicate, *, timeout: float, interval: float = 0.1, what: str = "condition"):
    """Poll `predicate` until it returns something truthy; AssertionError after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}")
        time.sleep(interval)


def missing_binaries() -> list[str]:
    missing = [] if postgres_bin_dir() else ["postgresql (initdb, pg_ctl)"]
    if not shutil.which("redis-server"):
        missing.append("redis-server")
    return missing


def postgres_bin_dir() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), key=lambda p: int(p.split("/")[4]))
    return Path(found[-1]).parent if found else None


class _Process:
    def stop(self):  # pragma: no cover - overridden
        raise NotImplementedError

    def _register(self):
        _RUNNING.append(self)

    def _unregister(self):
        with contextlib.suppress(ValueError):
            _RUNNING.remove(self)


class PostgresServer(_Process):
    """A PostgreSQL cluster of its own: `start()`, `restart(mode)`, `stop()`."""

    def __init__(self):
        self.bin = postgres_bin_dir()
        self.port = free_port()
        self.tmp = Path(tempfile.mkdtemp(prefix="pt-faults-pg-"))
        self.data = self.tmp / "data"
        self.log = self.tmp / "server.log"
        self.user = None
        if os.geteuid() == 0:  # initdb and postgres refuse to run as root
            self.user = "postgres"
            pw = pwd.getpwnam(self.user)
            os.chown(self.tmp, pw.pw_uid, pw.pw_gid)
        self._register()

    def _run(self, *args, timeout=60):
        cmd = [str(self.bin / args[0]), *args[1:]]
        if self.user:
            cmd = ["runuser", "-u", self.user, "--", *cmd]
        return subprocess.run(cmd, check=True, capture_output=True, text=True, timeout=timeout)

    @property
    def options(self) -> str:
        return (
            f"-p {self.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={self.tmp} "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=40"
        )

    def start(self):
        if not self.data.exists():
            self._run("initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres", "-N", "-E", "UTF8")
        self._run(
            "pg_ctl", "-D", str(self.data), "-l", str(self.log), "-o", self.options, "-w", "-t", "30", "start"
        )
        return self

    def restart(self, mode: str = "fast"):
        """A real restart: every connection is cut (`fast` rolls back, `immediate` crashes and recovers)."""
        self._run(
            "pg_ctl",
            "-D",
            str(self.data),
            "-l",
            str(self.log),
            "-o",
            self.options,
            "-m",
            mode,
            "-w",
            "-t",
            "30",
            "restart",
        )

    def url(self, db: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{db}"

    def connect(self, db: str = "postgres", *, autocommit: bool = True):
        import psycopg
        from psycopg.rows import dict_row

        return psycopg.connect(
            host="127.0.0.1",
            port=self.port,
            user="postgres",
            dbname=db,
            autocommit=autocommit,
            connect_timeout=5,
            row_factory=dict_row,
        )

    def stop(self):
        if self.data.exists():
            with contextlib.suppress(subprocess.SubprocessError, OSError):
                self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "-t", "30", "stop")
        shutil.rmtree(self.tmp, ignore_errors=True)
        self._unregister()


class RedisServer(_Process):
    """`redis-server` on a free port: `start()`, `shutdown()` (a real stop), `stop()`."""

    def __init__(self, *, appendonly: bool = False):
        """`appendonly`: keep queued messages across a restart (in a temporary directory), as a
        production broker should; otherwise nothing is written to disk."""
        self.port = free_port()
        self.proc = None
        self.dir = Path(tempfile.mkdtemp(prefix="pt-faults-redis-")) if appendonly else None
        self._register()

    def url(self, db: int = 0) -> str:
        return f"redis://127.0.0.1:{self.port}/{db}"

    def ping(self) -> bool:
        import redis

        try:
            return redis.Redis(port=self.port, socket_timeout=1, socket_connect_timeout=1).ping()
        except redis.RedisError:
            return False

    def start(self):
        self.proc = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                *(["--appendonly", "yes", "--dir", str(self.dir)] if self.dir else ["--appendonly", "no"]),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        wait_until(self.ping, timeout=15, what=f"redis-server on port {self.port}")
        return self

    def shutdown(self):
        """Stop the server for real (SIGTERM, as `redis-cli shutdown` would) and wait for the exit."""
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=15)
        assert not self.ping()

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=15)
        if self.dir:
            shutil.rmtree(self.dir, ignore_errors=True)
        self._unregister()


class Worker(_Process):
    """A real Celery worker (`-P solo`) in its own process group, its log in a file."""

    def __init__(self, *, env: dict, queues: str, name: str, log_dir: Path):
        self.env, self.queues, self.name = env, queues, name
        self.log_path = Path(log_dir) / f"{name}.log"
        self.proc = None
        self._register()

    def start(self, *, timeout: float = 60):
        self._log = open(self.log_path, "ab")  # noqa: SIM115 - closed in stop()
        self.proc = subprocess.Popen(
            [
                PYTHON,
                "-m",
                "celery",
                "-A",
                "config",
                "worker",
                "-P",
                "solo",
                "-Q",
                self.queues,
                "-n",
                f"{self.name}@%h",
                "-l",
                "info",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
            ],
            cwd=REPO,
            env=self.env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        wait_until(
            lambda: self.proc.poll() is not None or " ready." in self.log_text(),
            timeout=timeout,
            what=f"worker {self.name} to be ready",
        )
        assert self.proc.poll() is None, f"worker {self.name} exited:\n{self.log_text()}"
        return self

    def log_text(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")
        except FileNotFoundError:
            return ""

    def kill(self):
        """SIGKILL the whole process group: no warm shutdown, no acknowledgement, no cleanup."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=15)

    def stop(self):
        if self.proc and self.proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()
        if getattr(self, "_log", None):
            self._log.close()
        self._unregister()


def django_env(*, database_url: str, redis_url: str, **extra) -> dict:
    """The environment of a worker or scenario process: the throwaway servers, test settings."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "REDIS_", "PYTEST_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.test",
        DATABASE_URL=database_url,
        REDIS_URL=redis_url,
        PYTHONPATH=str(REPO),
        PYTHONUNBUFFERED="1",
        **{k: str(v) for k, v in extra.items()},
    )
    return env


def script(step: str, *args, env: dict, timeout: float = 120) -> dict:
    """Run one step of tests/faults/scenario.py in a fresh process; its last stdout line is JSON."""
    done = subprocess.run(
        [PYTHON, "-m", "tests.faults.scenario", step, *map(str, args)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if done.returncode != 0:
        raise AssertionError(
            f"scenario step {step} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}"
        )
    return json.loads(done.stdout.strip().splitlines()[-1])


def stop_all():
    for proc in reversed(list(_RUNNING)):
        with contextlib.suppress(Exception):
            proc.stop()


atexit.register(stop_all)
