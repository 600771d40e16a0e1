"""Existing evaluations keep the version they were graded under: `version` from their rule's symbol,
`ends_on` from their period (idempotent: only rows still empty)."""

from datetime import date

from django.db import migrations


def backfill(apps, schema_editor):
    Evaluation = apps.get_model("pledges", "Evaluation")
    RuleVersion = apps.get_model("grading", "RuleVersion")
    versions = dict(RuleVersion.objects.values_list("code", "pk"))
    for symbol in Evaluation.objects.filter(version__isnull=True).values_list("rule__symbol", flat=True).distinct():
        if symbol in versions:
            Evaluation.objects.filter(version__isnull=True, rule__symbol=symbol).update(version_id=versions[symbol])
    for year, period in (
        Evaluation.objects.filter(ends_on__isnull=True).values_list("year", "period").distinct()
    ):
        end = date(year, 6, 30) if period == "mid_year" else date(year, 12, 31)
        Evaluation.objects.filter(ends_on__isnull=True, year=year, period=period).update(ends_on=end)


class Migration(migrations.Migration):
    dependencies = [("pledges", "0007_grade_rule_versions"), ("grading", "0002_grade_seed_rules")]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
