"""The rollup survives a lost database connection: the attempt fails mid-way, the task retries with
backoff, re-claims its own run and completes; nothing half-written is ever published.

The connection is lost for real on PostgreSQL (the backend of the worker's connection is terminated
from a second connection while the aggregation runs). SQLite has no server to lose: there the same
point raises Django's OperationalError, which is what the driver error becomes."""

import datetime
import logging

import psycopg
import pytest
from django.db import OperationalError, connection

from cells import periods, services, tasks
from cells.models import OrgResult, RollupRun
from config.celery import app

TODAY = datetime.date(2026, 11, 26)


def lose_connection_once(state):
    """A database execute wrapper: on the first aggregation query, the connection goes away."""

    def wrapper(execute, sql, params, many, context):
        if state["lost"] == 0 and "SUM(r." in sql:
            state["lost"] += 1
            if connection.vendor == "postgresql":
                pid = connection.connection.info.backend_pid
                with psycopg.connect(**connection.get_connection_params(), autocommit=True) as other:
                    other.execute("SELECT pg_terminate_backend(%s)", [pid])
            else:
                raise OperationalError("the database connection was lost")
        return execute(sql, params, many, context)

    return wrapper


@pytest.fixture
def task_log():
    """The task logger's records, captured on the logger itself: a real Celery worker started
    earlier in the session reconfigures logging, so the root-level caplog may see nothing."""

    class Capture(logging.Handler):
        def __init__(self):
            super().__init__(logging.DEBUG)
            self.lines = []

        def emit(self, record):
            self.lines.append(record.getMessage())

        @property
        def text(self):
            return "\n".join(self.lines)

    logger = logging.getLogger("cells.tasks")
    handler, disabled, level = Capture(), logger.disabled, logger.level
    logger.addHandler(handler)
    logger.disabled, logger.level = False, logging.DEBUG
    yield handler
    logger.removeHandler(handler)
    logger.disabled, logger.level = disabled, level


def test_the_rollup_tasks_retry_a_lost_connection_with_backoff():
    for task in (tasks.rollup_period, tasks.rollup_period_fanout, tasks.rollup_part, tasks.rollup_finish):
        assert OperationalError in task.autoretry_for and 3 <= task.max_retries <= 5
        assert task.retry_backoff


@pytest.mark.django_db(transaction=True)
def test_a_rollup_that_loses_its_database_retries_and_completes(half_year, orgs, task_log):
    period = periods.ensure("2026-H1")
    run = services.rollup_start(period=period, enqueue=False, today=TODAY)
    state = {"lost": 0}
    with connection.execute_wrapper(lose_connection_once(state)):
        result = tasks.rollup_period.apply(args=("2026-H1", run.pk), throw=False)
    assert state["lost"] == 1
    assert "database error, retry 1" in task_log.text  # the first attempt really failed mid-way
    assert "retry 2" not in task_log.text  # and the second completed
    assert result.get()["status"] == "done"

    run.refresh_from_db()
    period.refresh_from_db()
    assert run.status == RollupRun.Status.DONE and period.current_run_id == run.pk
    rows = OrgResult.objects.filter(run=run)
    # Each organisation once: the first attempt's staged rows were replaced, not doubled.
    assert rows.count() == rows.values("org").distinct().count() > 0
    assert rows.get(org=orgs["A1-1"]).members == 4


@pytest.mark.django_db(transaction=True)
def test_a_rollup_whose_database_stays_away_fails_and_keeps_the_previous_result(half_year, orgs):
    period = periods.ensure("2026-H1")
    first = services.rollup_start(period=period, enqueue=False, today=TODAY)
    tasks.rollup_period("2026-H1", first.pk)
    second = services.rollup_start(period=period, enqueue=False, today=TODAY)

    def always_lost(execute, sql, params, many, context):
        if "SUM(r." in sql:
            raise OperationalError("the database connection was lost")
        return execute(sql, params, many, context)

    propagates = app.conf.task_eager_propagates
    app.conf.task_eager_propagates = False  # eager retries re-apply with the app's setting
    try:
        with connection.execute_wrapper(always_lost):
            result = tasks.rollup_period.apply(args=("2026-H1", second.pk), throw=False)
    finally:
        app.conf.task_eager_propagates = propagates
    assert isinstance(result.result, OperationalError)
    second.refresh_from_db()
    period.refresh_from_db()
    assert second.status == RollupRun.Status.FAILED and "after 4 retries" in second.error
    assert period.current_run_id == first.pk  # the published result is untouched
