"""The daily escalation of overdue petitions on Celery beat (django-celery-beat's database schedule,
so the office sees and can change it in the admin). 06:00 Asia/Ho_Chi_Minh, before the working day."""

import json

from django.db import migrations

NAME = "Kiến nghị quá hạn: chuyển lên cấp trên (hằng ngày)"
TASK = "assignments.escalate_overdue_petitions"


def forwards(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    crontab, _ = CrontabSchedule.objects.get_or_create(
        minute="0",
        hour="6",
        day_of_month="*",
        month_of_year="*",
        day_of_week="*",
        timezone="Asia/Ho_Chi_Minh",
    )
    PeriodicTask.objects.get_or_create(
        name=NAME, defaults={"task": TASK, "crontab": crontab, "args": json.dumps([]), "kwargs": json.dumps({})}
    )


def backwards(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(task=TASK).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("assignments", "0002_seed_rules"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
