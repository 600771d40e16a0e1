"""A real PostgreSQL restart while a rollup aggregates, on a real worker process.

Our own PostgreSQL server (never the machine's), a Celery worker subprocess taking the task from
Redis. To restart the server exactly while the aggregation runs, the test holds that query: it
inserts, without committing, the row the aggregation is about to insert (same run and organisation),
so the worker's INSERT … SELECT waits on the unique index; the test sees it waiting in
pg_stat_activity and restarts the server (`pg_ctl restart -m fast`: every session is cut). The
task must retry, re-claim its run and complete with the result of an undisturbed rollup, while the
period keeps showing its previous complete result until then."""

import threading
import time

import pytest

from tests.faults import procs

pytestmark = pytest.mark.faults

PERIOD = "2026-H1"
IGNORED = {"id", "run_id"}


def published(conn) -> tuple[int | None, list[dict]]:
    """The period's published run and its rows (by organisation code), as a reader sees them: in one
    snapshot, as the dashboards read (dashboards.selectors.read_transaction)."""
    with conn.transaction():
        conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        period = conn.execute("SELECT current_run_id FROM cells_period WHERE code = %s", [PERIOD]).fetchone()
        run = period["current_run_id"] if period else None
        rows = conn.execute(
            """SELECT o.code AS org_code, r.* FROM cells_orgresult r JOIN units_partyorg o ON o.id = r.org_id
               WHERE r.run_id = %s ORDER BY o.code""",
            [run],
        ).fetchall()
    return run, [{k: v for k, v in row.items() if k not in IGNORED} for row in rows]


class Watcher(threading.Thread):
    """Reads the published result every 50 ms from its own connections, through the restart."""

    def __init__(self, pg, db):
        super().__init__(daemon=True)
        self.pg, self.db = pg, db
        self.seen, self.down = [], 0
        self.halt = threading.Event()

    def run(self):
        while not self.halt.is_set():
            try:
                with self.pg.connect(self.db) as conn:
                    while not self.halt.is_set():
                        self.seen.append(published(conn))
                        time.sleep(0.05)
            except Exception:  # the server is restarting
                self.down += 1
                time.sleep(0.05)

    def stop(self):
        self.halt.set()
        self.join(timeout=10)


def test_a_rollup_survives_a_postgresql_restart_during_its_aggregation(fault_env):
    env, pg, db = fault_env.env, fault_env.pg, fault_env.db
    procs.script("seed", env=env)
    reference = procs.script("rollup_inline", env=env)  # undisturbed, published
    assert reference["status"] == "done"
    with pg.connect(db) as conn:
        ref_run, ref_rows = published(conn)
    assert ref_run == reference["run"] and len(ref_rows) >= 5

    run = procs.script("rollup_start", env=env)["run"]  # pending, its message waits in Redis

    holder = pg.connect(db, autocommit=False)
    columns = [
        r["column_name"]
        for r in holder.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = 'cells_orgresult' "
            "AND column_name NOT IN ('id', 'run_id') ORDER BY ordinal_position"
        ).fetchall()
    ]
    cols = ", ".join(columns)
    holder.execute(
        f"""INSERT INTO cells_orgresult (run_id, {cols}) SELECT %s, {cols} FROM cells_orgresult
            WHERE run_id = %s AND is_cell = false ORDER BY path LIMIT 1""",
        [run, ref_run],
    )  # not committed: the worker's aggregation will wait on it

    watcher = Watcher(pg, db)
    watcher.start()
    try:
        worker = fault_env.worker("rollups", "rollups")
        with pg.connect(db) as conn:
            procs.wait_until(
                lambda: conn.execute(
                    """SELECT 1 FROM pg_stat_activity WHERE datname = %s AND wait_event_type = 'Lock'
                       AND query LIKE %s""",
                    # pg_stat_activity keeps the first 1 kB of a query: the aggregation's INSERT follows
                    # its CTE of the period's organisations, its SUMs lie beyond that.
                    [db, "%WITH o AS%INSERT INTO cells_orgresult%"],
                ).fetchone(),
                timeout=60,
                what="the worker's aggregation query",
            )
            staged = conn.execute(
                "SELECT count(*) AS n FROM cells_orgresult WHERE run_id = %s AND is_cell", [run]
            ).fetchone()["n"]
        assert staged > 0  # the cell rows of the new run are written, the aggregation is not

        pg.restart("fast")  # a real restart: the worker's session (and the holder's) are cut
        holder.close()

        def finished():
            with pg.connect(db) as conn:
                row = conn.execute(
                    "SELECT status, error FROM cells_rolluprun WHERE id = %s", [run]
                ).fetchone()
            return row if row["status"] in ("done", "failed") else None

        final = procs.wait_until(finished, timeout=90, interval=0.2, what=f"rollup run {run} to finish")
    finally:
        watcher.stop()

    log = worker.log_text()
    assert final["status"] == "done", f"{final}\n{log}"
    assert f"rollup run {run}: database error, retry 1" in log  # the attempt really failed mid-way
    # The error the attempt met is the restart's (its session cut, or reconnecting while it shut down).
    assert any(
        f"retry 1: {cause}" in log
        for cause in ("terminating connection due to administrator command", "connection failed")
    )
    assert log.count("cells.tasks.rollup_period[") and "succeeded" in log

    with pg.connect(db) as conn:
        now_run, now_rows = published(conn)
        leftovers = conn.execute(
            "SELECT count(*) AS n FROM cells_orgresult WHERE run_id <> %s", [run]
        ).fetchone()["n"]
    assert now_run == run
    assert now_rows == ref_rows  # the same result as the undisturbed rollup, each organisation once
    assert leftovers == 0

    # Readers only ever saw a complete result: the previous one until the new one was published.
    assert watcher.seen and watcher.down >= 1
    for seen_run, seen_rows in watcher.seen:
        assert seen_run in (ref_run, run)
        assert seen_rows == ref_rows
    assert watcher.seen[0][0] == ref_run  # and `now_run == run` above: the switch was one commit
