"""Seed the grading rule versions (DOMAIN.md, directives.yaml `evaluation_rules`)."""

from decimal import Decimal

from django.db import migrations

RULES = [
    {
        "symbol": "132-QĐ/TW",
        "title": "Quy định về kiểm điểm và đánh giá, xếp loại chất lượng hằng năm đối với tập thể, cá nhân "
        "trong hệ thống chính trị",
        "effective_from": "2018-03-08",
        "uses_points": False,
        "notes": "Criteria-based grading; guided by HD 16-HD/BTCTW (2018) and HD 21-HD/BTCTW (2019).",
    },
    {
        "symbol": "124-QĐ/TW",
        "title": "Quy định về kiểm điểm và đánh giá, xếp loại chất lượng hằng năm đối với tập thể, cá nhân "
        "trong hệ thống chính trị",
        "effective_from": "2023-10-04",
        "uses_points": False,
        "notes": "Replaces QĐ 132; forms 02A/02B (HD 25-HD/BTCTW, 2023).",
    },
    {
        "symbol": "366-QĐ/TW",
        "title": "Quy định về kiểm điểm, đánh giá, xếp loại chất lượng đối với tập thể, cá nhân trong hệ "
        "thống chính trị",
        "effective_from": "2025-08-30",
        "uses_points": True,
        "excellent_requires_remedied": True,
        "excellent_min": Decimal("90"),
        "good_min": Decimal("70"),
        "completed_min": Decimal("50"),
        "notes": "100 points (30 general + 70 task results): ≥ 90 excellent, 70–< 90 good, 50–< 70 "
        "completed; excellent requires all earlier shortcomings remedied. Forms 01, 2A/2B/2C (HD 43, 2025).",
    },
]


def seed(apps, schema_editor):
    GradingRule = apps.get_model("pledges", "GradingRule")
    for rule in RULES:
        GradingRule.objects.update_or_create(
            symbol=rule["symbol"],
            defaults={**rule, "excellent_cap_percent": 20, "cap_source": "21-HD/BTCTW (2019)"},
        )


def unseed(apps, schema_editor):
    apps.get_model("pledges", "GradingRule").objects.filter(symbol__in=[r["symbol"] for r in RULES]).delete()


class Migration(migrations.Migration):
    dependencies = [("pledges", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
