"""Seed the quality-criteria versions and the two beat entries of the six-monthly rollup.

The schedule lives in django-celery-beat's tables so the office sees and changes it in the admin:
23:00 on 30 June and on 31 December, Asia/Ho_Chi_Minh (the period is over by its last day's date).
"""

import json

from django.db import migrations

SCHEDULES = [
    ("Kết quả sáu tháng đầu năm (cuối tháng 6)", "30", "6"),
    ("Kết quả sáu tháng cuối năm (cuối tháng 12)", "31", "12"),
]
TASK = "cells.tasks.rollup_scheduled"


def forwards(apps, schema_editor):
    from cells.criteria import seed

    seed(apps.get_model("cells", "QualityCriteria"))
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    for name, day, month in SCHEDULES:
        crontab, _ = CrontabSchedule.objects.get_or_create(
            minute="0",
            hour="23",
            day_of_month=day,
            month_of_year=month,
            day_of_week="*",
            timezone="Asia/Ho_Chi_Minh",
        )
        PeriodicTask.objects.get_or_create(
            name=name,
            defaults={"task": TASK, "crontab": crontab, "args": json.dumps([]), "kwargs": json.dumps({})},
        )


def backwards(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(task=TASK).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("cells", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
