"""A Celery worker process killed (SIGKILL, the whole process group) while it writes a roster import.

All or nothing: the import's rows are written in one transaction, which PostgreSQL rolls back when
the worker's connection dies, so none of the workbook's rows is stored. The message is not lost but
not redelivered soon either (acks_late: Redis gives an unacknowledged message back only after the
visibility timeout, 2 h), so the office must not see "Importing" for hours: the page notices that no
process holds the import any more (its row lock died with the worker), says it was interrupted and
offers "Run again" from the kept file; a new worker then imports every row exactly once."""

import psycopg
import pytest
import redis
from django.conf import settings

from tests.faults import procs
from units.services import progress_key

pytestmark = pytest.mark.faults

HAMLETS = 5000  # 10,000 rows: hamlets, then their groups (two generations, each a write chunk)


def row_locked(pg, db, pk) -> bool:
    """Whether a live process holds the import's row (the runner's lock, see units.services)."""
    with pg.connect(db, autocommit=False) as conn:
        try:
            conn.execute("SELECT id FROM units_rosterimport WHERE id = %s FOR UPDATE NOWAIT", [pk])
        except psycopg.errors.LockNotAvailable:
            return True
        finally:
            conn.rollback()
    return False


def test_a_worker_killed_during_an_import_writes_nothing_and_the_office_runs_it_again(fault_env):
    env, pg, db = fault_env.env, fault_env.pg, fault_env.db
    procs.script("seed", env=env)
    worker = fault_env.worker("imports-1", "imports")
    started = procs.script("import_upload", HAMLETS, env=env, timeout=180)
    pk = started["import"]
    assert started["rows"] == 2 * HAMLETS and started["status"] in ("queued", "running")

    cache = redis.Redis(port=fault_env.redis.port, db=fault_env.redis_db)
    with pg.connect(db) as conn:

        def status():
            return conn.execute("SELECT status FROM units_rosterimport WHERE id = %s", [pk]).fetchone()[
                "status"
            ]

        def writing():  # running, and the first generation's rows written inside its transaction
            done = cache.get(f"{settings.CACHE_KEY_PREFIX}:1:{progress_key(pk)}")  # as the worker keys it
            return status() == "running" and done is not None and int(done) > 0

        procs.wait_until(writing, timeout=120, interval=0.02, what="the import to be writing")
        assert row_locked(pg, db, pk)  # the live worker holds its import: the page says "Importing"
        worker.kill()
        assert status() == "running", "the import finished before the worker was killed"

        # The worker's session ends with its process; its transaction is rolled back.
        procs.wait_until(
            lambda: (
                not conn.execute(
                    "SELECT 1 FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()", [db]
                ).fetchone()
            ),
            timeout=30,
            what="the killed worker's session to end",
        )
        stored = conn.execute("SELECT count(*) AS n FROM units_unit WHERE code LIKE 'A1-F%%'").fetchone()["n"]
        assert stored == 0  # all or nothing
        assert status() == "running"  # what the dead worker left
        assert not row_locked(pg, db, pk)  # and nobody holds it any more

    # The office's page tells the truth at once: interrupted, nothing written, run it again.
    seen = procs.script("import_page", pk, env=env)
    assert seen["progress_code"] == seen["page_code"] == seen["list_code"] == 200
    assert seen["status"] == "stopped" and not seen["still_polling"]
    assert "Bị gián đoạn" in seen["page"] and "chưa ghi gì" in seen["message"]
    assert "Chạy lại" in seen["page"]

    # A new worker; the office presses "Run again": every row once.
    fault_env.worker("imports-2", "imports")
    assert procs.script("import_rerun", pk, env=env)["status"] in ("queued", "running", "done")
    with pg.connect(db) as conn:
        procs.wait_until(
            lambda: (
                conn.execute("SELECT status FROM units_rosterimport WHERE id = %s", [pk]).fetchone()["status"]
                == "done"
            ),
            timeout=120,
            interval=0.2,
            what="the re-run to finish",
        )
        counts = conn.execute(
            "SELECT count(*) AS n, count(DISTINCT code) AS codes FROM units_unit WHERE code LIKE 'A1-F%%'"
        ).fetchone()
        paths = conn.execute(
            "SELECT count(*) AS n FROM units_unit WHERE code LIKE 'A1-F%%' AND (path IS NULL OR path = '')"
        ).fetchone()["n"]
    assert counts == {"n": 2 * HAMLETS, "codes": 2 * HAMLETS}
    assert paths == 0
    assert "succeeded" in fault_env.workers[-1].log_text()
