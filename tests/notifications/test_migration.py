"""The petition notices that lived in assignments.Notification are copied into notifications
(migration 0002, before assignments 0007 drops the old table): read or unread, once, never e-mailed."""

import datetime
import importlib

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from notifications.models import Notification

COPY = "0002_notif_copy_assignment_notifications"


@pytest.mark.django_db(transaction=True)
def test_old_petition_notices_are_copied_once(petition, cadre_a1, agency_user):
    loader = MigrationExecutor(connection).loader
    old_apps = loader.project_state(("notifications", COPY)).apps  # assignments up to 0006: both models
    Old = old_apps.get_model("assignments", "Notification")
    with connection.schema_editor() as editor:
        editor.create_model(Old)  # the table as assignments 0006 left it
    try:
        read_at = timezone.now() - datetime.timedelta(days=1)
        Old.objects.create(recipient_id=cadre_a1.pk, kind="answered", petition_id=petition.pk, message="Đã trả lời",
                           read_at=read_at)
        Old.objects.create(recipient_id=agency_user.pk, kind="escalation", petition_id=petition.pk, level=3,
                           message="Quá hạn")
        migration = importlib.import_module(f"notifications.migrations.{COPY}")
        migration.forwards(old_apps, None)
        migration.forwards(old_apps, None)  # run again: nothing doubled
    finally:
        with connection.schema_editor() as editor:
            editor.delete_model(Old)

    rows = {n.recipient.username: n for n in Notification.objects.select_related("recipient")}
    assert set(rows) == {"cadre_a1", "agency_user"} and Notification.objects.count() == 2
    assert rows["cadre_a1"].read_at == read_at and rows["cadre_a1"].url == f"/phan-cong/kien-nghi/{petition.pk}/"
    escalation = rows["agency_user"]
    assert escalation.event == f"petition:{petition.pk}:escalation:3" and escalation.level == 3
    assert escalation.read_at is None  # still unread in the bell
    assert {n.email for n in rows.values()} == {"skipped"} == {n.push for n in rows.values()}
