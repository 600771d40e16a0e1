"""Time the six-monthly rollup against its floor: one plain GROUP BY over the same attendance rows.

    DATABASE_URL=postgres://... .venv/bin/python manage.py load_demo [--scale 20]
    DATABASE_URL=postgres://... .venv/bin/python benchmarks/rollup.py [--period 2026-H1] [--repeat 3]
    # the chord fan-out per district, on a real worker (another terminal):
    DATABASE_URL=... REDIS_URL=redis://127.0.0.1:6379/N .venv/bin/celery -A config worker -c 2
    DATABASE_URL=... REDIS_URL=redis://127.0.0.1:6379/N .venv/bin/python benchmarks/rollup.py --fanout

Prints the attendance row count, the floor, each rollup's wall time and the ratio.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402

from cells import periods, services, tasks  # noqa: E402
from cells.models import Attendance, Meeting, RollupRun  # noqa: E402


def floor(period) -> tuple[float, int]:
    """One plain GROUP BY cell over the period's attendance rows."""
    sql = f"""
        SELECT m.cell_id, COUNT(*), SUM(CASE WHEN a.status = 'present' THEN 1 ELSE 0 END)
        FROM {Attendance._meta.db_table} a JOIN {Meeting._meta.db_table} m ON m.id = a.meeting_id
        WHERE m.held_on >= %s AND m.held_on <= %s GROUP BY m.cell_id
    """
    with connection.cursor() as cursor:
        started = time.perf_counter()
        cursor.execute(sql, [period.starts_on, period.ends_on])
        cells = len(cursor.fetchall())
        return time.perf_counter() - started, cells


def rollup_once(period) -> float:
    run = services.rollup_start(period=period, enqueue=False)
    started = time.perf_counter()
    tasks.rollup_period(period.code, run.pk)
    elapsed = time.perf_counter() - started
    run.refresh_from_db()
    assert run.status == RollupRun.Status.DONE, run.error
    return elapsed


def fanout_once(period, timeout: float) -> tuple[float, int]:
    """Enqueue the chord and wait for a worker to finish it (needs REDIS_URL and a running worker)."""
    run = services.rollup_start(period=period, fan_out=True)
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        run.refresh_from_db()
        if not run.is_active:
            break
        time.sleep(0.1)
    elapsed = time.perf_counter() - started
    assert run.status == RollupRun.Status.DONE, f"{run.status} {run.error}"
    return elapsed, run.parts_total


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--period", default="2026-H1")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--fanout", action="store_true", help="also time the chord fan-out on a real worker")
    parser.add_argument("--timeout", type=float, default=600)
    parser.add_argument("--no-single", action="store_true", help="skip the runs in this process")
    args = parser.parse_args()

    period = periods.ensure(args.period)
    rows = Attendance.objects.filter(
        meeting__held_on__gte=period.starts_on, meeting__held_on__lte=period.ends_on
    ).count()
    print(f"database: {connection.vendor}; period {period.code}; attendance rows: {rows:,}")
    floors = [floor(period) for _ in range(args.repeat)]
    base = min(t for t, _ in floors)
    print(f"floor  one GROUP BY cell over the attendance rows: {base:.3f} s ({floors[0][1]:,} cells)")
    if not args.no_single:
        times = [rollup_once(period) for _ in range(args.repeat)]
        best = min(times)
        print(
            f"rollup in one process: best {best:.2f} s, median {statistics.median(times):.2f} s "
            f"over {args.repeat} runs; ratio to the floor {best / base:.1f}x"
        )
    if args.fanout:
        elapsed, parts = fanout_once(period, args.timeout)
        print(
            f"rollup fanned out with a chord ({parts} parts) on the worker(s): {elapsed:.2f} s; ratio {elapsed / base:.1f}x"
        )


if __name__ == "__main__":
    main()
