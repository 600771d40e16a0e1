"""Seed the rule versions (QĐ 132, 124, 366), QĐ 366's scoring sheets, the conditions and the caps.

Idempotent: rows are keyed on the version code, (version, subject) and the cap's start date.
"""

from django.db import migrations


def seed(apps, schema_editor):
    from grading.seed import seed as run

    run(apps)


class Migration(migrations.Migration):
    dependencies = [("grading", "0001_grade_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
