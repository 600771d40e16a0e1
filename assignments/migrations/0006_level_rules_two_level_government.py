"""Two-level local government from 01-07-2025 (Nghị quyết 202/2025/QH15): the district level ended.

The district-era rules (0002: standing committee → districts, district cadres → hamlets, commune
cadres → groups, …) are closed on 30-06-2025, and the product's defaults from 01-07-2025 are added:
provincial cadres (every provincial capacity) follow communes; commune cadres follow hamlets and
self-governing groups. Rules the office already dated are left as they are; the office edits them
in the admin afterwards. Reversing removes the new rules and reopens the closed ones.
"""

import datetime

from django.db import migrations

LAST_DAY = datetime.date(2025, 6, 30)
FIRST_DAY = datetime.date(2025, 7, 1)
PROVINCIAL = ("provincial_standing", "provincial_member", "department_head", "front_mass_org", "inspection_member")
RULES = [(kind, 3, "Cán bộ tỉnh theo dõi cấp xã (chính quyền hai cấp)") for kind in PROVINCIAL] + [
    ("commune", 4, "Cán bộ xã theo dõi ấp, khu phố (chính quyền hai cấp)"),
    ("commune", 5, "Cán bộ xã theo dõi tổ nhân dân tự quản (chính quyền hai cấp)"),
]


def forward(apps, schema_editor):
    LevelRule = apps.get_model("assignments", "LevelRule")
    LevelRule.objects.filter(valid_to__isnull=True).exclude(valid_from__gte=FIRST_DAY).update(valid_to=LAST_DAY)
    for kind, level, note in RULES:
        LevelRule.objects.get_or_create(cadre_kind=kind, unit_level=level, valid_from=FIRST_DAY, defaults={"note": note})


def backward(apps, schema_editor):
    LevelRule = apps.get_model("assignments", "LevelRule")
    LevelRule.objects.filter(valid_from=FIRST_DAY, note__endswith="(chính quyền hai cấp)").delete()
    LevelRule.objects.filter(valid_to=LAST_DAY).update(valid_to=None)


class Migration(migrations.Migration):
    dependencies = [("assignments", "0005_contact_cadre_order_index")]

    operations = [migrations.RunPython(forward, backward)]
