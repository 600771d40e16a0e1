"""A task delivered twice (acks_late redelivery, a duplicated message) gives the same result once.
The real task functions are called directly, as a worker does on each delivery."""

import datetime

from django.conf import settings

from cells import periods, services, tasks
from cells.models import OrgResult, RollupRun
from tests.units.workbooks import new_units, xlsx
from units.models import RosterImport, Unit
from units.services import roster_import_preview
from units.tasks import roster_import_task

TODAY = datetime.date(2026, 11, 26)
FIELDS = (
    "org__code",
    "members",
    "meetings_held",
    "attendance_present",
    "attendance_absent",
    "score",
    "suggested_grade",
)


def stored_results():
    return list(OrgResult.objects.filter(period__code="2026-H1").order_by("org__code").values_list(*FIELDS))


def test_the_worker_settings_redeliver_unfinished_tasks_one_at_a_time():
    assert settings.CELERY_TASK_ACKS_LATE is True
    assert settings.CELERY_TASK_REJECT_ON_WORKER_LOST is True
    assert settings.CELERY_WORKER_PREFETCH_MULTIPLIER == 1


def test_a_rollup_delivered_twice_is_computed_once(half_year, orgs):
    run = services.rollup_start(period=periods.ensure("2026-H1"), enqueue=False, today=TODAY)
    assert tasks.rollup_period("2026-H1", run.pk)["status"] == "done"
    first = stored_results()
    assert first  # something was computed

    assert tasks.rollup_period("2026-H1", run.pk)["status"] == "skipped"

    assert stored_results() == first
    assert OrgResult.objects.filter(period__code="2026-H1").count() == len(first)
    assert RollupRun.objects.get(pk=run.pk).status == RollupRun.Status.DONE
    assert RollupRun.objects.count() == 1


def test_an_import_delivered_twice_writes_once(office, tree):
    record = roster_import_preview(
        data=xlsx({"Đơn vị": new_units()}), file_name="roster.xlsx", acting_user=office
    )
    RosterImport.objects.filter(pk=record.pk).update(status=RosterImport.Status.QUEUED, dry_run=False)
    units_before = Unit.objects.count()

    assert roster_import_task(record.pk) == RosterImport.Status.DONE
    after_first = sorted(Unit.objects.values_list("code", "name", "parent__code"))
    assert len(after_first) == units_before + 3

    assert roster_import_task(record.pk) is None  # the second delivery finds nothing to claim

    assert sorted(Unit.objects.values_list("code", "name", "parent__code")) == after_first
    record.refresh_from_db()
    assert record.status == RosterImport.Status.DONE
