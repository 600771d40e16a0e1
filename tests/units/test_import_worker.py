"""A confirmed large import runs on a real Celery worker through Redis (skipped without REDIS_URL)."""

import time

import pytest

from tests.units.workbooks import new_units, xlsx
from units.models import RosterImport, Unit
from units.services import roster_import_confirm, roster_import_preview


@pytest.mark.celery_worker
def test_a_real_worker_runs_a_confirmed_import(celery_worker, tree, office, settings):
    settings.ROSTER_IMPORT_BACKGROUND_ROWS = 1
    record = roster_import_preview(data=xlsx({"Đơn vị": new_units()}), file_name="u.xlsx", acting_user=office)

    record = roster_import_confirm(roster_import=record, only_valid=False, acting_user=office)
    assert record.status in (
        RosterImport.Status.QUEUED,
        RosterImport.Status.RUNNING,
        RosterImport.Status.DONE,
    )
    deadline = time.monotonic() + 30
    while record.status != RosterImport.Status.DONE and time.monotonic() < deadline:
        time.sleep(0.2)
        record.refresh_from_db()

    assert record.status == RosterImport.Status.DONE
    assert Unit.objects.get(code="A1-2-1").path.startswith(tree["A1"].path)
