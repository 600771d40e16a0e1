"""The daily sweep on Celery beat (django-celery-beat's database schedule, so the office sees and
changes it in the admin): 06:30 Asia/Ho_Chi_Minh, after the petitions' escalation at 06:00."""

import json

from django.db import migrations

NAME = "Thông báo: họp ngày mai, hạn trong 2 ngày, bản tin hằng ngày"
TASK = "notifications.daily_sweep"


def forwards(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    crontab, _ = CrontabSchedule.objects.get_or_create(
        minute="30", hour="6", day_of_month="*", month_of_year="*", day_of_week="*", timezone="Asia/Ho_Chi_Minh"
    )
    PeriodicTask.objects.get_or_create(
        name=NAME, defaults={"task": TASK, "crontab": crontab, "args": json.dumps([]), "kwargs": json.dumps({})}
    )


def backwards(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(task=TASK).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0002_notif_copy_assignment_notifications"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
