"""The rollup on a real Celery worker with Redis (skipped without REDIS_URL).

The worker runs in a thread of this process (celery.contrib.testing), against the committed data
of a transactional test database, taking tasks from Redis like production.
"""

import datetime
import time

import pytest
from django.conf import settings

from cells import periods, services
from cells.models import OrgResult, RollupRun

pytestmark = [
    pytest.mark.celery_worker,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not settings.REDIS_URL, reason="REDIS_URL is not set: no real Celery worker to run"),
]


@pytest.fixture
def worker():
    from celery.contrib.testing.worker import start_worker

    from config.celery import app

    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=30) as w:
        yield w


def wait_for(run, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        run.refresh_from_db()
        if not run.is_active:
            return run
        time.sleep(0.2)
    raise AssertionError(f"run {run.pk} still {run.status} after {seconds} s ({run.progress}%)")


@pytest.mark.parametrize("fan_out", [False, True], ids=["single", "chord"])
def test_it_computes_a_period_on_a_real_worker(worker, half_year, orgs, fan_out):
    period = periods.ensure("2026-H1")
    run = services.rollup_start(period=period, fan_out=fan_out, today=datetime.date(2026, 11, 26))
    run = wait_for(run)
    assert run.status == RollupRun.Status.DONE, run.error
    period.refresh_from_db()
    assert period.current_run_id == run.pk
    rows = {r.org.code: r for r in OrgResult.objects.filter(run=run).select_related("org")}
    assert rows["DBP"].members == 6 and rows["DBP"].attendance_present == 17
    assert rows["CBA1-1"].meetings_held == 5
    assert run.parts_total == (2 if fan_out else 0)


def test_the_chord_on_a_real_worker_computes_a_period_before_the_reform_on_that_periods_tree(
    worker, world, tree, orgs, office
):
    from tests.cells.test_reform import TODAY, apply_reform, compute, figures

    compute("2024-H2")
    single = figures("2024-H2")
    apply_reform(tree, office)
    run = wait_for(services.rollup_start(period=periods.ensure("2024-H2"), fan_out=True, today=TODAY))
    assert run.status == RollupRun.Status.DONE, run.error
    assert run.parts_total == 2  # the two districts of 2024, closed since
    assert figures("2024-H2") == single
