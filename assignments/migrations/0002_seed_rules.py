"""The mission's defaults, which the provincial office may then edit in the admin.

"Tỉnh nắm tới xã; huyện nắm tới ấp; xã nắm tới hộ": the provincial standing committee follows
districts; provincial committee members, heads of departments, the Front and mass organisations and
inspection committee members follow communes; district cadres follow hamlets; commune cadres follow
self-governing groups (and their households). Answer deadlines per level and petition categories are
starting values too.
"""

from django.db import migrations

RULES = [
    ("provincial_standing", 2, "Ban Thường vụ Tỉnh ủy theo dõi cấp huyện"),
    ("provincial_member", 3, "Tỉnh ủy viên theo dõi cấp xã"),
    ("department_head", 3, "Thủ trưởng sở, ngành theo dõi cấp xã"),
    ("front_mass_org", 3, "Mặt trận, đoàn thể tỉnh theo dõi cấp xã"),
    ("inspection_member", 3, "Ủy viên UBKT Tỉnh ủy theo dõi cấp xã"),
    ("district", 4, "Cán bộ huyện theo dõi ấp, khu phố"),
    ("commune", 5, "Cán bộ xã theo dõi tổ nhân dân tự quản và hộ"),
]
# Days an answer may take at each level (5 tổ, 4 ấp, 3 xã, 2 huyện, 1 tỉnh).
DEADLINES = {5: 7, 4: 10, 3: 15, 2: 30, 1: 45}
CATEGORIES = [
    ("dat-dai", "Đất đai, nhà ở"),
    ("moi-truong", "Môi trường"),
    ("ha-tang", "Giao thông, hạ tầng"),
    ("chinh-sach", "Chính sách xã hội"),
    ("an-ninh", "An ninh, trật tự"),
    ("hanh-chinh", "Thủ tục hành chính"),
    ("y-te-giao-duc", "Y tế, giáo dục"),
    ("khac", "Khác"),
]


def seed(apps, schema_editor):
    LevelRule = apps.get_model("assignments", "LevelRule")
    AnswerDeadline = apps.get_model("assignments", "AnswerDeadline")
    PetitionCategory = apps.get_model("assignments", "PetitionCategory")
    for kind, level, note in RULES:
        LevelRule.objects.get_or_create(cadre_kind=kind, unit_level=level, valid_from=None, defaults={"note": note})
    for level, days in DEADLINES.items():
        AnswerDeadline.objects.get_or_create(category=None, unit_level=level, defaults={"days": days})
    for order, (code, name) in enumerate(CATEGORIES):
        PetitionCategory.objects.get_or_create(
            code=code, defaults={"name": name, "order": order}
        )


class Migration(migrations.Migration):
    dependencies = [("assignments", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
