"""Fault fixtures: Redis (cache and broker) pointed at a port nothing listens on; and, for the tests
marked `faults` (only with FAULT_TESTS=1), throwaway PostgreSQL/Redis servers and worker processes."""

import contextlib
import itertools
import os
import re
import subprocess
from types import SimpleNamespace

import pytest

from config.celery import app
from tests.cells.conftest import half_year  # noqa: F401  (the cells fixtures, shared here)
from tests.faults import procs
from tests.pledges.conftest import lan  # noqa: F401

DEAD_REDIS = "redis://127.0.0.1:1/0"
DEAD_CACHE = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": DEAD_REDIS}}


def _reset_pools():
    # The app keeps its broker connection pools; drop them so the next publish uses broker_url.
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def redis_down(settings):
    """The cache and the Celery broker both unreachable, tasks not eager (as with REDIS_URL set).

    Through pytest-django's `settings`, as the tests' own changes are: its overrides are undone in
    reverse order. A separate override_settings undone first would leave the test's later changes
    restoring the dead cache for every test after."""
    saved = {key: app.conf[key] for key in ("broker_url", "task_always_eager", "broker_connection_retry")}
    app.conf.broker_url = DEAD_REDIS
    app.conf.task_always_eager = False
    _reset_pools()
    settings.CACHES = DEAD_CACHE
    settings.CELERY_BROKER_URL = DEAD_REDIS
    settings.CELERY_TASK_ALWAYS_EAGER = False
    yield
    for key, value in saved.items():
        app.conf[key] = value
    _reset_pools()


# Real-process fault tests (marked `faults`): their own PostgreSQL, Redis and worker processes.
FAULT_TESTS = os.environ.get("FAULT_TESTS") == "1"
SKIP_REASON = (
    "FAULT_TESTS=1 is not set: these tests start, restart and kill their own PostgreSQL, Redis and "
    "Celery worker processes (.ci/run sets it)"
)
TEMPLATE_DB = "faults_template"


def pytest_collection_modifyitems(config, items):
    if FAULT_TESTS:
        return
    for item in items:
        if item.get_closest_marker("faults"):
            item.add_marker(pytest.mark.skip(reason=SKIP_REASON))


@pytest.fixture(scope="session")
def fault_servers(tmp_path_factory):
    """A throwaway PostgreSQL server with a migrated template database, and a Redis server."""
    missing = procs.missing_binaries()
    if missing:
        pytest.fail(f"FAULT_TESTS=1 but {', '.join(missing)} not installed (.ci/run installs them)")
    pg, redis_server = procs.PostgresServer(), procs.RedisServer()
    try:
        pg.start()
        redis_server.start()
        with pg.connect() as conn:
            conn.execute(f"CREATE DATABASE {TEMPLATE_DB}")
        env = procs.django_env(database_url=pg.url(TEMPLATE_DB), redis_url=redis_server.url(0))
        subprocess.run(
            [procs.PYTHON, "manage.py", "migrate", "--noinput", "-v0"],
            cwd=procs.REPO,
            env=env,
            check=True,
            capture_output=True,
            timeout=180,
        )
        yield SimpleNamespace(pg=pg, redis=redis_server, logs=tmp_path_factory.mktemp("fault-logs"))
    finally:
        redis_server.stop()
        pg.stop()


_redis_dbs = itertools.count(1)


@pytest.fixture
def fault_env(fault_servers, request):
    """A fresh database (a copy of the migrated template) and a Redis db of this test's own; the
    environment for the scenario steps and workers."""
    pg = fault_servers.pg
    db = "f_" + re.sub(r"\W", "_", request.node.name.lower())[:50]
    with pg.connect() as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {db} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {db} TEMPLATE {TEMPLATE_DB}")
    redis_db = next(_redis_dbs) % 16
    env = procs.django_env(database_url=pg.url(db), redis_url=fault_servers.redis.url(redis_db))
    workers = []

    def worker(name, queues):
        w = procs.Worker(env=env, queues=queues, name=name, log_dir=fault_servers.logs)
        workers.append(w)
        return w.start()

    yield SimpleNamespace(
        env=env, pg=pg, db=db, redis=fault_servers.redis, redis_db=redis_db, worker=worker, workers=workers
    )
    for w in workers:
        w.stop()
    with contextlib.suppress(Exception), pg.connect() as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {db} WITH (FORCE)")
