"""Celery tasks of the six-monthly rollup: thin wrappers over `cells.rollup` and `cells.services`.

Arguments are small (a period code and a run id). A task first claims its run
(`services.rollup_claim`, pending -> running): a redelivered or duplicated task finds nothing to
claim and stops. The run's state changes are `cells.services` functions, never written here.
"""

import logging
import traceback
from contextlib import suppress

from celery import chord, group, shared_task
from celery.utils.time import get_exponential_backoff_interval
from django.core.cache import cache
from django.db import InterfaceError, OperationalError, connection
from django.utils import timezone

from . import periods, rollup, services
from .models import RollupRun

log = logging.getLogger(__name__)

# A lost database connection (PostgreSQL restarted) is retried with exponential backoff; the run's
# rows are replaced on each attempt, and it is published in one transaction, so nothing half-written.
DB_ERRORS = (OperationalError, InterfaceError)
RETRY_POLICY = {
    "autoretry_for": DB_ERRORS,
    "max_retries": 4,
    "retry_backoff": 2,
    "retry_backoff_max": 60,
    "retry_jitter": True,
}


def _start_if_needed(period_code: str, run_id, *, fan_out=False):
    if run_id is not None:
        return run_id
    try:
        run = services.rollup_start(period=periods.ensure(period_code), fan_out=fan_out, enqueue=False)
    except services.RollupAlreadyRunning as exc:
        log.info("rollup of %s not started: run %s holds the lock", period_code, exc.run.pk)
        return None
    except services.PeriodPublished as exc:
        log.info("rollup of %s not started: %s", period_code, " ".join(exc.messages))
        return None
    return run.pk


def _retry_on_db_error(task, exc, *args):
    """Retry `task` with `args` (the run id filled in) after a lost connection; fail the run when
    the retries are used up."""
    connection.close()  # the next query opens a fresh connection
    run_id = args[-1]
    if task.request.retries >= task.max_retries:
        with suppress(*DB_ERRORS):
            services.rollup_fail(run_id, f"database unavailable after {task.max_retries} retries: {exc}")
        raise exc
    countdown = get_exponential_backoff_interval(
        factor=RETRY_POLICY["retry_backoff"],
        retries=task.request.retries,
        maximum=RETRY_POLICY["retry_backoff_max"],
        full_jitter=True,
    )
    log.warning("rollup run %s: database error, retry %s: %s", run_id, task.request.retries + 1, exc)
    raise task.retry(args=args, exc=exc, countdown=countdown)


@shared_task(bind=True, **RETRY_POLICY)
def rollup_period(self, period_code: str, run_id: int | None = None) -> dict:
    """Compute the results of `period_code` in this worker (idempotent: replaces the period)."""
    run_id = _start_if_needed(period_code, run_id)
    if run_id is None:
        return {"period": period_code, "status": "locked"}
    if not services.rollup_claim(run_id, retrying=self.request.retries > 0):
        return {"period": period_code, "run": run_id, "status": "skipped"}
    try:
        run = RollupRun.objects.select_related("period", "criteria").get(pk=run_id)
        rollup.compute(run)
    except services.PeriodPublished as exc:
        services.rollup_fail(run_id, " ".join(exc.messages))
        return {"period": period_code, "run": run_id, "status": "published"}
    except DB_ERRORS as exc:
        _retry_on_db_error(self, exc, period_code, run_id)
    except Exception:
        services.rollup_fail(run_id, traceback.format_exc())
        raise
    return {"period": period_code, "run": run_id, "status": "done"}


@shared_task(bind=True, **RETRY_POLICY)
def rollup_period_fanout(self, period_code: str, run_id: int | None = None) -> dict:
    """The same result, with the per-cell figures computed per district in parallel (a chord)."""
    run_id = _start_if_needed(period_code, run_id, fan_out=True)
    if run_id is None:
        return {"period": period_code, "status": "locked"}
    if not services.rollup_claim(run_id, retrying=self.request.retries > 0):
        return {"period": period_code, "run": run_id, "status": "skipped"}
    try:
        run = RollupRun.objects.select_related("period").get(pk=run_id)
        parts = rollup.prepare_fan_out(run)
    except DB_ERRORS as exc:
        _retry_on_db_error(self, exc, period_code, run_id)
    except Exception:
        services.rollup_fail(run_id, traceback.format_exc())
        raise
    body = rollup_finish.si(run_id).on_error(rollup_failed.si(run_id))
    chord(group(rollup_part.si(run_id, org_id) for org_id in parts))(body)
    return {"period": period_code, "run": run_id, "status": "fanned out", "parts": len(parts)}


@shared_task(**RETRY_POLICY)
def rollup_part(run_id: int, org_id: int) -> int:
    from units.models import PartyOrg

    run = RollupRun.objects.select_related("period", "criteria").get(pk=run_id)
    # Parts share the run's snapshot of the other apps' figures; a part that finds none (cache
    # flushed) asks the apps itself: same figures, only slower.
    count = rollup.stage_cells(run, PartyOrg.objects.get(pk=org_id), snapshot=rollup.cached_snapshot(run_id))
    rollup.mark_part_done(run_id)
    return count


@shared_task(bind=True, **RETRY_POLICY)
def rollup_finish(self, run_id: int) -> dict:
    try:
        run = RollupRun.objects.select_related("period", "criteria").get(pk=run_id)
        rollup.finish(run, progress=services.rollup_progress_of(run_id))
    except services.PeriodPublished as exc:
        services.rollup_fail(run_id, " ".join(exc.messages))
        return {"run": run_id, "status": "published"}
    except DB_ERRORS as exc:
        _retry_on_db_error(self, exc, run_id)
    except Exception:
        services.rollup_fail(run_id, traceback.format_exc())
        raise
    finally:
        cache.delete(rollup.snapshot_key(run_id))
    return {"run": run_id, "status": "done"}


@shared_task
def rollup_failed(run_id: int):
    services.rollup_fail(run_id, "a part of the fan-out failed")


@shared_task
def rollup_scheduled() -> dict:
    """Beat entry (end of June, end of December): compute the period containing today's local date."""
    code = periods.code_for(timezone.localdate())
    return rollup_period(code)
