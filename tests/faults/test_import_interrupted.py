"""An import whose process died is shown as interrupted and can be run again (any database).

The real kill of a worker process is tests/faults/test_worker_killed.py (FAULT_TESTS=1); here the
state it leaves (an import RUNNING that no process runs) is made directly."""

from datetime import timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from tests.units.workbooks import new_units, xlsx
from units.models import RosterImport, Unit
from units.services import roster_import_preview

QUEUE_DOWN = "Hàng đợi xử lý nền hiện không hoạt động"


def left_running(office, *, started_ago):
    record = roster_import_preview(
        data=xlsx({"Đơn vị": new_units()}), file_name="roster.xlsx", acting_user=office
    )
    RosterImport.objects.filter(pk=record.pk).update(
        status=RosterImport.Status.RUNNING, dry_run=False, started_at=timezone.now() - started_ago
    )
    return record


def test_an_import_left_running_by_a_dead_process_is_interrupted_and_runs_again_once(client, office, tree):
    record = left_running(office, started_ago=timedelta(hours=2))  # longer than any task may run
    client.force_login(office)
    url = reverse("units:import_detail", args=[record.pk])

    assert client.get(reverse("units:import_progress", args=[record.pk])).status_code == 200
    page = client.get(url).content.decode()
    record.refresh_from_db()
    assert record.status == RosterImport.Status.STOPPED
    assert "Bị gián đoạn" in page and "chưa ghi gì" in page and "Chạy lại" in page
    assert "Bị gián đoạn" in client.get(reverse("units:import_page")).content.decode()
    assert not Unit.objects.filter(code__in=["A1-2", "A1-2-1", "A1-3"]).exists()

    response = client.post(url, {"action": "rerun"}, follow=True)
    record.refresh_from_db()
    assert record.status == RosterImport.Status.DONE
    assert "Chạy lại" not in response.content.decode()
    assert Unit.objects.filter(code__in=["A1-2", "A1-2-1", "A1-3"]).count() == 3

    client.post(url, {"action": "rerun"})  # a second press runs nothing
    assert Unit.objects.filter(code__in=["A1-2", "A1-2-1", "A1-3"]).count() == 3


def test_a_running_import_started_a_moment_ago(client, office, tree):
    record = left_running(office, started_ago=timedelta(seconds=5))
    client.force_login(office)
    client.get(reverse("units:import_detail", args=[record.pk]))
    record.refresh_from_db()
    if connection.vendor == "postgresql":
        # Nobody holds its row lock: no process runs it, whatever its age.
        assert record.status == RosterImport.Status.STOPPED
    else:
        # SQLite has no row locks to ask: only the task time limit tells a dead run.
        assert record.status == RosterImport.Status.RUNNING


@pytest.mark.django_db(transaction=True)  # the message is published on commit
def test_running_again_while_the_queue_is_down_keeps_the_import_interrupted(
    client, office, tree, settings, redis_down
):
    settings.ROSTER_IMPORT_BACKGROUND_ROWS = 2
    record = left_running(office, started_ago=timedelta(hours=2))
    client.force_login(office)
    url = reverse("units:import_detail", args=[record.pk])
    response = client.post(url, {"action": "rerun"}, follow=True)
    assert QUEUE_DOWN in response.content.decode()
    record.refresh_from_db()
    assert record.status == RosterImport.Status.STOPPED and record.file
    assert "Chạy lại" in response.content.decode()
