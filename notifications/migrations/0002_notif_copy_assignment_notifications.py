"""The in-app notifications move from assignments (petition notices) to this app: the rows are
copied before assignments 0007 drops its table. Idempotent (unique per recipient and event; an
escalation keeps its petition and level in its event id). Copied rows are marked as already
delivered: nobody gets an e-mail or a push for an old notice."""

from django.db import migrations

URL = "/phan-cong/kien-nghi/{}/"


def forwards(apps, schema_editor):
    Old = apps.get_model("assignments", "Notification")
    New = apps.get_model("notifications", "Notification")
    rows = []
    for old in Old.objects.order_by("pk").iterator(chunk_size=2000):
        if old.kind == "escalation":
            event = f"petition:{old.petition_id}:escalation:{old.level}"
        else:
            event = f"petition:{old.petition_id}:{old.kind}:old{old.pk}"
        rows.append(
            New(
                recipient_id=old.recipient_id,
                kind=old.kind,
                event=event,
                message=old.message,
                url=URL.format(old.petition_id),
                level=old.level,
                created_at=old.created_at,
                read_at=old.read_at,
                email="skipped",
                push="skipped",
            )
        )
        if len(rows) >= 2000:
            New.objects.bulk_create(rows, ignore_conflicts=True)
            rows = []
    New.objects.bulk_create(rows, ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0001_notif_initial"),
        ("assignments", "0006_level_rules_two_level_government"),
    ]
    # Before assignments drops its Notification table (assignments does not know this app).
    run_before = [("assignments", "0008_notif_move_notifications")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
