"""Beat where there is no beat: the periodic tasks run inside the web processes when tasks run eagerly.

Without REDIS_URL (`make run`, the embedded default) there is no broker, no worker and no `celery beat`,
so the daily escalation and the six-monthly rollup would never run. Each serving process then starts
one daemon thread (`start()`, called from config/wsgi.py, which runserver and gunicorn both load) that
every minute reads the same schedule beat reads — django-celery-beat's enabled crontab entries, which
the office edits in the admin — and runs each entry that is due here, in-process.

Why a thread and not catch-up on read: the work is done on time (06:00) whether or not anyone opens a
page, no reader's request pays for it, and page query counts stay what they are.

Several processes (gunicorn workers, two runservers on one database): an entry is claimed by a
conditional UPDATE of its `last_run_at` from the value that was read to now. Exactly one process's
UPDATE matches; the others see 0 rows and skip. The claim moves `last_run_at` past the time the
entry was due, so it is not due again until its next time: a daily entry runs at most once a day.
The tasks themselves are idempotent as well (the escalation claims each petition; notifications are
unique per person, petition and level). An entry that has never run counts as last run a day ago:
a fresh install escalates on its first minute, but does not start a rollup whose day passed months ago.
With REDIS_URL set, `celery beat` runs the schedule and this thread is not started.
"""

import datetime
import json
import logging
import threading
import zoneinfo

from django.conf import settings
from django.db import connections
from django.utils import timezone

log = logging.getLogger(__name__)
NEVER_RUN_LOOKBACK = datetime.timedelta(days=1)
_started: threading.Thread | None = None
_lock = threading.Lock()


def _crontab(entry, now):
    from celery.schedules import crontab

    c = entry.crontab
    tz = zoneinfo.ZoneInfo(str(c.timezone or settings.TIME_ZONE))
    schedule = crontab(
        minute=c.minute,
        hour=c.hour,
        day_of_week=c.day_of_week,
        day_of_month=c.day_of_month,
        month_of_year=c.month_of_year,
        nowfun=lambda: now.astimezone(tz),
    )
    return schedule, tz


def is_due(entry, now) -> bool:
    """Has the entry's crontab fired between its last run (or a day ago, if never) and `now`?"""
    schedule, tz = _crontab(entry, now)
    last = entry.last_run_at or (now - NEVER_RUN_LOOKBACK)
    return schedule.is_due(last.astimezone(tz)).is_due


def claim(entry, now) -> bool:
    """Take the entry's run for this process; False if another process took it first."""
    from django.db.models import F
    from django_celery_beat.models import PeriodicTask

    same = PeriodicTask.objects.filter(pk=entry.pk)
    same = same.filter(last_run_at=entry.last_run_at) if entry.last_run_at else same.filter(last_run_at=None)
    return bool(same.update(last_run_at=now, total_run_count=F("total_run_count") + 1))


def run_due(now=None) -> list[str]:
    """Run, in this process, every enabled crontab entry that is due and that this process claims.
    Returns the names of the entries run."""
    from django_celery_beat.models import PeriodicTask

    from config.celery import app

    now = now or timezone.now()
    app.loader.import_default_modules()  # every app's tasks module, as a worker imports them (once)
    ran = []
    for entry in PeriodicTask.objects.filter(enabled=True, crontab__isnull=False).select_related("crontab"):
        if entry.one_off and entry.total_run_count:
            continue
        if not is_due(entry, now) or not claim(entry, now):
            continue
        task = app.tasks.get(entry.task)
        if task is None:
            log.error("scheduled task %s (%s) is not registered", entry.name, entry.task)
            continue
        try:
            task.apply(args=json.loads(entry.args or "[]"), kwargs=json.loads(entry.kwargs or "{}")).get()
        except Exception:
            # Claimed and failed: logged; the next due time runs it again (the tasks are idempotent).
            log.exception("scheduled task %s (%s) failed", entry.name, entry.task)
            continue
        log.info("scheduled task %s (%s) ran in-process", entry.name, entry.task)
        ran.append(entry.name)
    return ran


def _loop(stop: threading.Event, interval: float):
    while True:
        try:
            run_due()
        except Exception:  # the database down for a moment: try again at the next tick
            log.exception("in-process scheduler tick failed")
        finally:
            # No connection is kept between ticks: under gunicorn's preload this thread runs in the
            # master, and a worker forked while it sleeps must inherit no database socket.
            connections.close_all()
        if stop.wait(interval):
            return


def start(*, interval: float = 60.0, stop: threading.Event | None = None) -> threading.Thread:
    """Start this process's scheduler thread (once per process). `stop` ends it (tests)."""
    global _started
    with _lock:
        if _started is not None and _started.is_alive() and stop is None:
            return _started
        thread = threading.Thread(
            target=_loop, args=(stop or threading.Event(), interval), name="in-process-beat", daemon=True
        )
        thread.start()
        if stop is None:
            _started = thread
        return thread


def start_if_enabled():
    """Called by config/wsgi.py: the thread runs only where no beat does (IN_PROCESS_SCHEDULER)."""
    if getattr(settings, "IN_PROCESS_SCHEDULER", False):
        start()
